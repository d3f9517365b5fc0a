"""A corpus of reflections (tests/fixtures/reflection_corpus.toml) through every document:
the thank-you mail in both formalities and lengths, the agent report and the practice sheet,
each run through the checks a reader would apply."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from lib.follow_up.mail_input import FORMALITIES, LENGTHS, mail_input
from lib.generate import agent_report, fonts, wording
from lib.generate.mail_checks import context_for, document_checks, run_checks
from lib.generate.phrasing import has_japanese, ja_running
from lib.generate.practice_sheet import sheet_content, sheet_html
from lib.generate.practice_sheet_pdf import sheet_pdf
from lib.generate.thank_you_mail import compose, mail_layout
from lib.models import Interviewer, Profile, Story, lines, zone
from lib.practice.question_bank import fair_selection_issue, select_questions
from lib.practice.question_set import PickedQuestion, QuestionSet
from lib.practice.view import practice_sheet

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "reflection_corpus.toml"
CASES = {"ja", "en", "no_interviewer_name", "only_bad_answers", "only_improper_question", "long_notes",
         "sentence_notes", "noun_phrase_notes", "bullet_notes", "markup_notes", "spaces_and_widths", "position"}
# The checks that depend on nothing the user typed: every generated mail passes them.
OWN_CHECKS = {"thanks_start", "thanks_end", "paragraphs", "kisha", "repeated_words", "doubled_punctuation",
              "mixed_digits", "quoted_note", "note_fragment", "cited_question", "overused_words", "bracket_width",
              "spaced_japanese", "double_closing"}
MARKUP = re.compile(r"<[a-z/]|\*\*|`|\]\(|^#", re.MULTILINE)


@cache
def corpus() -> dict[str, dict]:
    with open(CORPUS, "rb") as f:
        return {entry["id"]: entry for entry in tomllib.load(f)["entry"]}


ENTRIES = sorted(corpus())


def start(entry: dict) -> datetime:
    return datetime.fromisoformat(entry["interview"]["starts_at"])


def interview_row(entry: dict) -> dict:
    """The entry's interview as lib.pipeline.companies.get_interview() returns it."""
    interview = entry["interview"]
    return {"id": 1, "company_id": 1, "company": entry["company"]["name"], "round": interview["round"],
            "starts_at": start(entry).astimezone(zone("UTC")).isoformat(), "timezone": interview["timezone"],
            "interviewers": [dict(p) for p in interview["interviewers"]]}


def reflection_row(entry: dict) -> dict:
    """The entry's reflection as lib.reflect.reflections.get_reflection() returns it."""
    row = interview_row(entry)
    return {**entry["reflection"], "questions": [dict(q) for q in entry["reflection"].get("questions", [])],
            "starts_at": row["starts_at"], "timezone": row["timezone"], "round": row["round"],
            "company": row["company"], "interview_id": 1, "company_id": 1}


def stories(entry: dict) -> list[Story]:
    return [Story(s["title"], s.get("situation", ""), s.get("task", ""), s.get("action", ""), s.get("result", ""),
                  list(s.get("competencies", []))) for s in entry.get("stories", [])]


def profile(entry: dict) -> Profile:
    return Profile(**entry["profile"])


def typed_notes(entry: dict) -> list[str]:
    reflection = entry["reflection"]
    return lines(reflection.get("interesting_topics")) + lines(reflection.get("untold_points"))


def bad_questions(entry: dict) -> list[str]:
    """Questions a mail must never cite: improper, rated 2 or less, or met with a negative reaction."""
    return [q["question"] for q in entry["reflection"].get("questions", [])
            if fair_selection_issue(q["question"]) or (q.get("rating") or 5) <= 2 or q.get("reaction") == "negative"]


def test_the_corpus_covers_every_case_in_both_languages():
    entries = corpus().values()
    assert len(entries) >= 12
    assert CASES <= {case for entry in entries for case in entry["covers"]}
    assert {entry["lang"] for entry in entries} == {"ja", "en"}
    for entry in entries:
        assert entry["lang"] in entry["covers"] and set(entry["covers"]) <= CASES


# ------------------------------------------------------------------ the thank-you mail

def mail_for(entry: dict, formality: str, length: str):
    wanted = mail_input(interview_row(entry), reflection_row(entry), stories(entry), profile(entry), entry["lang"],
                        formality=formality, length=length, position=entry["company"]["position"])
    return wanted, compose(wanted)


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("entry_id", ENTRIES)
def test_every_mail_passes_the_checks_that_do_not_depend_on_what_was_typed(entry_id, formality, length):
    entry = corpus()[entry_id]
    wanted, mail = mail_for(entry, formality, length)
    checks = run_checks(mail.subject, mail.body, context_for(wanted, start(entry) + timedelta(hours=2)))
    assert [(c.key, c.params) for c in checks if not c.ok and c.key in OWN_CHECKS] == []
    assert {c.key for c in checks if not c.ok} <= OWN_CHECKS | {"concrete_point", "placeholders"}


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("entry_id", ENTRIES)
def test_every_mail_cites_only_what_went_well_and_says_it_in_its_own_words(entry_id, formality, length):
    entry = corpus()[entry_id]
    _, mail = mail_for(entry, formality, length)
    body = "\n".join(mail_layout(mail.body).paragraphs)
    assert 3 <= len(mail_layout(mail.body).paragraphs) <= 5
    for question in bad_questions(entry):
        assert question not in body
    for note in typed_notes(entry):
        assert f"「{note}」" not in body and f"“{note}”" not in body
        if MARKUP.search(note) or len(note) > 60:
            assert note not in body
    for citation in mail.citations:
        assert citation.written in body if citation.written else citation.form == "unusable"
    if position := entry["company"]["position"]:
        assert body.count(position) == 1
    assert wording.company_count(body, entry["company"]["name"]) <= 2
    if entry["lang"] == "ja":
        assert wording.spaces_in_japanese(body) == []


def test_the_mail_of_an_interview_with_only_bad_answers_cites_the_topic_alone():
    _, mail = mail_for(corpus()["ja_only_bad_answers"], "standard", "standard")
    assert [(c.kind, c.written) for c in mail.citations] == [("topic", "倉庫の自動化")]


# ------------------------------------------------------------------ the agent report

def report_for(entry: dict):
    company = entry["company"]
    wanted = agent_report.input_from_reflection(
        reflection_row(entry), entry["lang"],
        interviewers=[Interviewer(p["name"], p["role"]) for p in entry["interview"]["interviewers"]],
        interest_before=company["interest"], agent_name=company["agent_name"], agency=company["agency"],
        profile=profile(entry))
    return agent_report.compose(wanted)


def typed_half_brackets(entry: dict) -> bool:
    """The user typed half-width brackets around something that is not Japanese (a link...)."""
    text = "\n".join(str(value) for value in entry["reflection"].values())
    return any(not has_japanese(inside) for inside in re.findall(r"\(([^()]*)\)", text))


@pytest.mark.parametrize("entry_id", ENTRIES)
def test_every_agent_report_passes_the_document_checks(entry_id):
    entry = corpus()[entry_id]
    report = report_for(entry)
    failed = {c.key for c in document_checks(report.subject, report.body, entry["lang"]) if not c.ok}
    assert failed <= ({"bracket_width"} if entry["lang"] == "ja" and typed_half_brackets(entry) else set())


@pytest.mark.parametrize("entry_id", ENTRIES)
def test_every_agent_report_reads_as_the_agent_needs_it(entry_id):
    entry = corpus()[entry_id]
    lang, body = entry["lang"], report_for(entry).body
    blocks = {block.split("\n")[0]: block for block in body.split("\n\n")}
    heads = agent_report.headings(lang)
    for line in lines(entry["reflection"]["availability"]):
        assert (ja_running(line) if lang == "ja" else line) in blocks[heads["availability"]]
    for question in entry["reflection"].get("questions", []):
        if fair_selection_issue(question["question"]):
            written = ja_running(question["question"]) if lang == "ja" else question["question"]
            assert written in blocks[heads["concerns"]]
            assert written not in blocks.get(heads["questions"], "")
    paragraphs = "\n".join(mail_layout(body).paragraphs)
    assert sum(wording.is_closing(s) for s in wording.sentences(paragraphs)) == 1
    assert entry["profile"]["phone"] in body and entry["profile"]["email"] in body
    if lang == "ja":
        assert "変わりません" not in body
        assert "(" not in body.replace("(https", "") or typed_half_brackets(entry)
    else:
        assert "consultant" not in body and body.split("\n\n")[0].startswith(("Dear ", "Hello,"))


# ------------------------------------------------------------------ the practice sheet

def every_answer() -> list[dict]:
    """Every recorded question of the corpus, as lib.practice_cards.asked_questions() gives them."""
    return [{"id": f"asked-{n}", "question": q["question"], "category": q["category"], "rating": q.get("rating"),
             "answer_summary": q.get("answer_summary", "")}
            for n, q in enumerate(q for entry in corpus().values() for q in entry["reflection"].get("questions", []))]


def sheet_for(entry: dict):
    lang = entry["lang"]
    asked = [PickedQuestion(f"asked-{n}", q["question"], q["category"], (), [], "own")
             for n, q in enumerate(entry["reflection"].get("questions", []))]
    reverse = next(q for q in select_questions(kinds=("reverse",)))
    items = [*asked, PickedQuestion(reverse.id, reverse.text_in(lang), reverse.category,
                                    tuple(reverse.probes_in(lang)), [], "bank", reverse.kind)]
    return practice_sheet(QuestionSet(items, seed=1, lang=lang), stories(entry), every_answer(), lang,
                          company=entry["company"]["name"], round_code=entry["interview"]["round"],
                          day=date(2026, 12, 1), candidate_name=entry["profile"]["full_name"])


@pytest.mark.parametrize("entry_id", ENTRIES)
def test_every_sheet_takes_key_points_from_good_answers_once_and_gives_reverse_questions_their_own_section(entry_id):
    entry = corpus()[entry_id]
    sheet = sheet_for(entry)
    points = [point for q in sheet.questions for point in q.key_points]
    assert len(points) == len(set(points))
    weak = {a["answer_summary"] for a in every_answer() if (a["rating"] or 0) < 4}
    assert not weak & set(points)
    content = sheet_content(sheet)
    assert len(content.reverse) == 1 and len(content.questions) == len(entry["reflection"].get("questions", []))
    assert "reverse_questions" not in sheet.rubric_competencies
    document = sheet_html(sheet)
    assert '<section class="reverse">' in document and "<script" not in document


@pytest.mark.skipif(fonts.japanese_font_path() is None, reason="no Japanese font")
@pytest.mark.parametrize("entry_id", ["ja_ordinary", "ja_markup_notes", "en_ordinary", "en_markup_and_long_notes"])
def test_sheets_of_the_corpus_render_as_pdf(entry_id):
    data = sheet_pdf(sheet_for(corpus()[entry_id]))
    assert data.startswith(b"%PDF-") and len(data) < 150_000


# ------------------------------------------------------------------ the report in the agent's words

@pytest.mark.parametrize("entry_id", ENTRIES)
def test_every_agent_report_keeps_doubts_apart_and_speaks_in_document_words(entry_id):
    """Self-critique under its own heading, nothing about the company there; reactions in a
    document's words, never the app's labels; no question-type labels of the app."""
    from lib.i18n import t

    entry = corpus()[entry_id]
    lang, body = entry["lang"], report_for(entry).body
    blocks = {block.split("\n")[0]: block for block in body.split("\n\n")}
    heads = agent_report.headings(lang)
    doubts, company = blocks.get(heads["self_review"], ""), blocks.get(heads["concerns"], "")
    for line in lines(entry["reflection"].get("to_improve") or ""):
        written = ja_running(line) if lang == "ja" else line
        assert written in doubts and written not in company
    for line in lines(entry["reflection"].get("ask_agent") or ""):
        written = ja_running(line) if lang == "ja" else line
        assert written in company and written not in doubts
    document_words = {"ja": ("好感触", "普通", "やや懸念あり"), "en": ("positive", "neutral", "some concern")}[lang]
    for question in entry["reflection"].get("questions", []):
        reaction = question.get("reaction")
        if reaction and not fair_selection_issue(question["question"]):
            word = document_words[("positive", "neutral", "negative").index(reaction)]
            assert word in blocks[heads["questions"]]
        if question.get("category"):
            label = t(f"competency.{question['category']}", lang)
            assert f"（{label}）" not in body and f"({label})" not in body
    if lang == "ja":
        assert "いまひとつ" not in body and "好反応" not in body
