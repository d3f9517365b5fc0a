"""The interview report to the recruiting agent: every persona × language, and its .eml."""

from __future__ import annotations

import email
import re
from dataclasses import replace
from datetime import date, datetime
from email import policy
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import db
from lib.config import LANGUAGES, MAX_TEXT
from lib.generate.agent_report import (
    AgentReportInput,
    Interviewer,
    ReportedQuestion,
    compose,
    headings,
    input_from_reflection,
    plain_text,
)
from lib.generate.eml import build_eml
from lib.generate.mail_checks import document_checks
from lib.generate.phrasing import ja_running
from lib.generate.text import template
from lib.generate.thank_you_mail import mail_layout
from lib.generate.wording import is_closing, sentences
from lib.i18n import t
from lib.models import Profile, lines
from lib.reflect.reflections import get_reflection, list_reflections

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 27, 14, 0, tzinfo=TOKYO)
DATE_TEXT = {"ja": "2026年11月27日", "en": "27 November 2026"}
SENT = datetime(2026, 11, 27, 19, 0, tzinfo=TOKYO)
LONG_ANSWER = ("長い回答 long answer " * 1200)[:MAX_TEXT]
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
SLOT = re.compile(r"\{[a-z_]+\}")


def complete(lang: str) -> AgentReportInput:
    ja = lang == "ja"
    return AgentReportInput(
        lang=lang,
        company="株式会社ミナトデータ" if ja else "Minato Data Inc.",
        interview_start=START,
        round="second",
        agent_name="佐藤" if ja else "Ms Sato",
        agency="キャリアブリッジ株式会社" if ja else "Career Bridge",
        interviewers=[Interviewer("中村" if ja else "Mr Nakamura", "プロダクト部 部長" if ja else "Head of Product"),
                      Interviewer("", "人事部 採用担当" if ja else "HR, recruiting")],
        questions=[
            ReportedQuestion("なぜ今、転職を考えているのですか?" if ja else "Why are you changing jobs now?",
                             "裁量を持ってプロダクトを作りたい" if ja else "I want more ownership of a product",
                             3, "neutral", "reason_for_change"),
            ReportedQuestion("当社のどこに魅力を感じましたか?" if ja else "What attracts you to us?",
                             "データ品質の取り組み" if ja else "Your work on data quality", 4, "positive", "motivation"),
        ],
        overall=4,
        feeling="技術の話はうまく伝えられた" if ja else "The technical part went well",
        went_well="数字を使って実績を説明できた\n結論から話せた" if ja else "Used numbers for results\nAnswered first",
        to_improve="逆質問が一つしか出なかった" if ja else "I had only one question for them",
        interest_before=4,
        interest_after=5,
        ask_agent="二次面接の評価ポイント\n年収の目安" if ja else "What they thought of me\nThe salary range",
        next_steps="競合 3 社を調べる" if ja else "Research three competitors",
        availability="12月1日(月) 13時以降\n12月3日(水) 終日" if ja else "Mon 1 Dec, from 13:00\nWed 3 Dec, all day",
        profile_name="山田 太郎" if ja else "Taro Yamada",
    )


def bare(lang: str) -> AgentReportInput:
    """No interviewers, no questions, and little else: an agent and the interview only."""
    return AgentReportInput(lang=lang, company=complete(lang).company, interview_start=START, round="first")


def interest_dropped(lang: str) -> AgentReportInput:
    ja = lang == "ja"
    return replace(
        complete(lang),
        round="final",
        questions=[ReportedQuestion("残業はどのくらいできますか?" if ja else "How much overtime can you do?",
                                    "月 20 時間までと答えた" if ja else "Up to 20 hours a month", 2, "negative",
                                    "culture_fit"),
                   ReportedQuestion("弱みは?" if ja else "Your weakness?", "", None, "negative", "weaknesses")],
        overall=2,
        feeling="社風が合わないと感じた" if ja else "The culture did not feel right",
        went_well="",
        to_improve="残業の多さが気になる\n回答が長くなった" if ja else "The long hours worry me\nMy answers ran long",
        interest_before=5,
        interest_after=2,
    )


def hostile(lang: str) -> AgentReportInput:
    return replace(
        complete(lang),
        company="<b>ACME</b> & Co. **Holdings**\n\n🍣 {company}",
        agent_name="<i>Sato</i> 😊",
        agency="# Agency\r\nLtd",
        interviewers=[Interviewer("<script>alert(1)</script>", "[HR](https://example.com)")],
        questions=[ReportedQuestion("<img src=x onerror=alert(1)>\nTell me `more`", LONG_ANSWER, 5, "positive",
                                    "achievements"),
                   ReportedQuestion("| table | {0} |", "line one\n\n\nline two 👩‍💻", 1, "negative", "composure"),
                   ReportedQuestion("   ", "an answer to nothing", None, None, "")],
        feeling="**bold** &amp; <u>under</u>\nsecond line",
        went_well="<li>one</li>\n\n\n> quoted",
        to_improve="`rm -rf /` 😱",
        ask_agent="<a href='x'>salary?</a>\n{user}",
        next_steps="[ ] todo",
        availability="🗓 anytime <br>",
        profile_name="<b>Taro</b>\nYamada",
    )


PERSONAS = {f.__name__: f for f in (complete, bare, interest_dropped, hostile)}


def one_line(text: str) -> str:
    return " ".join(text.split())


def written(text: str, lang: str) -> str:
    """Typed text as a report in `lang` writes it (Japanese running text in Japanese)."""
    return ja_running(text) if lang == "ja" else text


def recorded_questions(report: AgentReportInput) -> list[str]:
    return [written(one_line(q.question), report.lang) for q in report.questions if one_line(q.question)]


def user_texts(report: AgentReportInput) -> list[str]:
    """Every piece of the user's text as it can appear in the report, longest first."""
    single = [report.company, report.agent_name, report.agency, report.feeling, report.interest_reason,
              report.profile_name, *(p.name for p in report.interviewers), *(p.role for p in report.interviewers),
              *(q.question for q in report.questions)]
    multi = [report.went_well, report.to_improve, report.ask_agent, report.next_steps, report.availability]
    pieces = [one_line(text) for text in single]
    pieces += [line for text in multi for line in lines(text)]
    pieces += [line.strip() for q in report.questions for line in q.answer_summary.splitlines()]
    pieces += [written(piece, report.lang) for piece in pieces]
    return sorted({p for p in pieces if p}, key=len, reverse=True)


def template_text(body: str, report: AgentReportInput) -> str:
    for piece in user_texts(report):
        body = body.replace(piece, "")
    return body


def blocks(body: str) -> list[list[str]]:
    return [block.split("\n") for block in body.split("\n\n")]


def section(body: str, key: str, lang: str) -> list[str]:
    """The lines under one heading, or [] when the section is not in the report."""
    return next((block[1:] for block in blocks(body) if block[0] == headings(lang)[key]), [])


def parsed(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gives_a_well_formed_report(persona, lang):
    report = PERSONAS[persona](lang)
    draft = compose(report)
    body = draft.body

    round_label = t(f"round.{report.round}", lang)
    assert one_line(report.company) in draft.subject
    assert round_label.lower() in draft.subject.lower() and DATE_TEXT[lang] in draft.subject
    assert "\n" not in draft.subject
    assert not SLOT.search(template_text(draft.subject + body, report)), "a template slot was left unfilled"
    assert "None" not in body and "\n\n\n" not in body

    for question in recorded_questions(report):
        assert question in "\n".join(section(body, "questions", lang))
    for line in lines(report.ask_agent):
        assert written(line, lang) in "\n".join(section(body, "concerns", lang))
    for line in lines(report.availability):
        assert written(line, lang) in "\n".join(section(body, "availability", lang))

    # A heading always starts a block and always has content under it.
    heading_lines = set(headings(lang).values())
    for block in blocks(body):
        assert not heading_lines & set(block[1:])
        if block[0] in heading_lines:
            assert len(block) > 1 and all(line.strip() for line in block[1:])
    assert section(body, "summary", lang) and section(body, "concerns", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_template_words_are_in_the_report_language_only(persona, lang):
    report = PERSONAS[persona](lang)
    draft = compose(report)
    rest = template_text(draft.subject + "\n" + draft.body, report)
    if lang == "en":
        assert not JAPANESE.search(rest), JAPANESE.findall(rest)
    else:
        assert not LATIN.search(rest), LATIN.findall(rest)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_eml_reads_back_equal(persona, lang):
    draft = compose(PERSONAS[persona](lang))
    message = parsed(build_eml("sato@career-bridge.example", "taro@example.com", draft.subject, draft.body, SENT))
    assert message["Subject"] == draft.subject
    assert message.get_content().replace("\r\n", "\n") == draft.body + "\n"
    assert not message.defects


@pytest.mark.parametrize(("persona", "before", "after", "ja", "en"), [
    ("complete", 4, 5, "上がりました", "(up)"),
    ("interest_dropped", 5, 2, "下がりました", "(down)"),
])
def test_interest_change_names_both_levels_and_the_direction(persona, before, after, ja, en):
    for lang, word in (("ja", ja), ("en", en)):
        interest = section(compose(PERSONAS[persona](lang)).body, "interest", lang)
        assert f"{before}/5" in interest[0] and f"{after}/5" in interest[0] and word in interest[0]
        assert interest[0].index(f"{before}/5") < interest[0].index(f"{after}/5")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_interest_reason_comes_from_the_user_else_the_feeling_else_the_notes(lang):
    report = complete(lang)
    interest = section(compose(report).body, "interest", lang)
    assert report.feeling in interest[1]
    given_reason = replace(report, interest_reason="チームの雰囲気" if lang == "ja" else "The team")
    assert given_reason.interest_reason in section(compose(given_reason).body, "interest", lang)[1]
    no_feeling = replace(report, feeling="")
    assert lines(report.went_well)[0] in section(compose(no_feeling).body, "interest", lang)[1]
    dropped = replace(interest_dropped(lang), feeling="")
    assert lines(dropped.to_improve)[0] in section(compose(dropped).body, "interest", lang)[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unchanged_unknown_and_missing_interest(lang):
    same = section(compose(replace(complete(lang), interest_before=3, interest_after=3)).body, "interest", lang)
    assert ("（変化なし）" if lang == "ja" else "(unchanged)") in same[0] and same[0].count("3/5") == 2
    after_only = section(compose(replace(complete(lang), interest_before=None)).body, "interest", lang)
    assert "5/5" in after_only[0] and "→" not in after_only[0]
    assert section(compose(replace(complete(lang), interest_after=None)).body, "interest", lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_own_doubts_are_kept_apart_from_what_to_check_about_the_company(lang):
    """The report used to mix the candidate's self-critique and questions about the company under one 懸念点."""
    report = interest_dropped(lang)
    body = compose(report).body
    doubts, company = "\n".join(section(body, "self_review", lang)), "\n".join(section(body, "concerns", lang))
    assert headings(lang)["self_review"] == ("【ご自身の回答で気になった点】" if lang == "ja"
                                             else "Answers I was not happy with")
    assert headings(lang)["concerns"] == ("【企業について確認したい点】" if lang == "ja"
                                          else "What I would like to check about the company")
    for line in lines(report.to_improve):
        assert written(line, lang) in doubts and written(line, lang) not in company
    for question in recorded_questions(report):
        assert question in doubts
    assert ("やや懸念あり" if lang == "ja" else "some concern") in doubts
    for line in lines(report.ask_agent):
        assert written(line, lang) in company and written(line, lang) not in doubts
    nothing = section(compose(bare(lang)).body, "concerns", lang)
    assert nothing == (["特にありません。"] if lang == "ja" else ["Nothing in particular."])
    assert section(compose(bare(lang)).body, "self_review", lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questions_carry_answer_rating_and_reaction_in_document_words_without_app_labels(lang):
    """Reactions used the app's labels (いまひとつ) and each question its category label (（職種固有のスキル）)."""
    questions = "\n".join(section(compose(complete(lang)).body, "questions", lang))
    words = {"ja": ("普通", "好感触"), "en": ("neutral", "positive")}[lang]
    for label in (*words, "3/5", "4/5"):
        assert label in questions
    for code in ("reason_for_change", "motivation"):
        assert t(f"competency.{code}", lang) not in questions
    dropped = compose(replace(interest_dropped(lang), questions=[
        ReportedQuestion("職務経歴を教えてください" if lang == "ja" else "Walk me through your CV", "", 2, "negative",
                         "role_skills")])).body
    assert t("competency.role_skills", lang) not in dropped
    assert ("やや懸念あり" if lang == "ja" else "some concern") in dropped
    if lang == "ja":
        assert t("reaction.negative", lang) not in dropped
    for q in complete(lang).questions:
        assert q.answer_summary in questions
    first, second = ("（1）", "\n（2）") if lang == "ja" else ("1. ", "\n2. ")
    assert questions.startswith(first) and second in questions


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bare_report_has_only_summary_and_concerns(lang):
    body = compose(bare(lang)).body
    present = [key for key, heading in headings(lang).items() if heading in body.split("\n")]
    assert present == ["summary", "concerns"]
    assert len(section(body, "summary", lang)) == 3  # company, date and time, round: no interviewers line


def test_japanese_addressee_and_opening():
    body = compose(complete("ja")).body
    assert body.startswith("キャリアブリッジ株式会社\n佐藤様\n\nいつもお世話になっております。山田太郎です。\n"
                           "本日の株式会社ミナトデータの二次面接について、ご報告いたします。\n\n【面接概要】\n")
    assert "・日時：2026年11月27日（金）14:00\n" in body
    assert "・面接官：プロダクト部部長　中村様、人事部採用担当の方" in body
    assert body.endswith("\n\n――――――――――――――――――――――――\n山田 太郎\n――――――――――――――――――――――――")


@pytest.mark.parametrize(("agent_name", "agency", "ja", "en"), [
    ("", "", "ご担当者様", "Hello,"),
    ("", "キャリアブリッジ", "キャリアブリッジ\nご担当者様", "Dear キャリアブリッジ team,"),
    ("佐藤様", "", "佐藤様", "Dear 佐藤様,"),
    ("佐藤 さん", "", "佐藤様", "Dear 佐藤 さん,"),
    ("佐藤(キャリアブリッジ)", "", "キャリアブリッジ\n佐藤様", "Dear 佐藤,"),
    ("Ms Sato (Career Bridge)", "", "Career Bridge\nMs Sato様", "Dear Ms Sato,"),
    ("(キャリアブリッジ)", "", "(キャリアブリッジ)様", "Dear (キャリアブリッジ),"),
])
def test_addressee_falls_back_to_the_agency_or_the_person_in_charge(agent_name, agency, ja, en):
    for lang, expected in (("ja", ja), ("en", en)):
        report = replace(complete(lang), agent_name=agent_name, agency=agency)
        assert compose(report).body.split("\n\n")[0] == expected


def test_english_opening_and_signature():
    body = compose(complete("en")).body
    assert body.startswith("Dear Ms Sato,\n\nThank you as always for your support.\n"
                           "Here is my report on my 2nd interview with Minato Data Inc. today.\n\n")
    assert "Inc.." not in body
    assert body.endswith("\n\nKind regards,\nTaro Yamada")
    assert "- Interviewers: Mr Nakamura (Head of Product); HR, recruiting" in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_profile_name_leaves_a_visible_placeholder_in_the_signature_only(lang):
    draft = compose(bare(lang))
    placeholder = "【氏名】" if lang == "ja" else "[Your name]"
    assert placeholder in draft.body.split("\n\n")[-1] and placeholder not in draft.subject
    assert draft.body.count(placeholder) == 1
    assert draft.subject == ("【面接報告】株式会社ミナトデータ　一次面接（2026年11月27日）" if lang == "ja"
                             else "Interview report – Minato Data Inc., 1st interview, 27 November 2026")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_user_text_is_kept_verbatim_never_escaped(lang):
    report = hostile(lang)
    draft = compose(report)
    for typed in ("<b>ACME</b> & Co. **Holdings** 🍣 {company}", "<script>alert(1)</script>",
                  "[HR](https://example.com)", "<img src=x onerror=alert(1)> Tell me `more`", LONG_ANSWER,
                  "| table | {0} |", "line two 👩‍💻", "**bold** &amp; <u>under</u> second line", "<li>one</li>",
                  "> quoted", "`rm -rf /` 😱", "<a href='x'>salary?</a>", "{user}", "🗓 anytime <br>",
                  "<b>Taro</b> Yamada"):
        assert typed in draft.body
    assert "&lt;" not in draft.body and "&amp;amp;" not in draft.body
    assert "<b>ACME</b> & Co. **Holdings** 🍣 {company}" in draft.subject
    # A question left blank is not listed, and its answer goes with it.
    assert "an answer to nothing" not in draft.body
    assert "\n3. " not in draft.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answer_line_breaks_stay_inside_the_question(lang):
    questions = section(compose(hostile(lang)).body, "questions", lang)
    two = questions.index(next(line for line in questions if line.startswith(("2. ", "（2）"))))
    assert questions[two + 1].endswith("line one") and questions[two + 2].strip() == "line two 👩‍💻"
    assert questions[two + 2].startswith(("　　", "      "))


@pytest.mark.parametrize(("today", "ja", "en"), [
    (None, "本日の", "today."),
    (date(2026, 11, 28), "昨日の", "yesterday."),
    (date(2026, 12, 2), "11月27日の", "on 27 November."),
])
def test_the_interview_day_is_named_from_the_day_of_writing(today, ja, en):
    assert ja in compose(complete("ja"), today=today).body.split("\n\n")[1]
    assert en in compose(complete("en"), today=today).body.split("\n\n")[1]


def test_a_zone_other_than_japan_is_named_with_the_time():
    report = replace(complete("en"), interview_start=datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("Europe/London")))
    assert "- Date and time: Fri 27 Nov 2026, 09:30 (Europe/London)" in compose(report).body
    assert "(Asia/Tokyo)" not in compose(complete("en")).body


@pytest.mark.parametrize("round_code", ["casual", "final", "other"])
def test_round_names_in_subject_and_summary(round_code):
    ja, en = (compose(replace(complete(lang), round=round_code)) for lang in LANGUAGES)
    assert ja.subject.startswith("【面接報告】株式会社ミナトデータ　" + ("面接" if round_code == "other"
                                                                else t(f"round.{round_code}", "ja")))
    assert f"・選考段階：{t(f'round.{round_code}', 'ja')}" in ja.body
    assert f"- Stage: {t(f'round.{round_code}', 'en')}" in en.body
    if round_code == "other":
        assert "my interview with" in en.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plain_text_file_has_the_subject_then_the_body(lang):
    draft = compose(complete(lang))
    text = plain_text(draft, lang)
    assert text == ("件名：" if lang == "ja" else "Subject: ") + draft.subject + "\n\n" + draft.body + "\n"


@pytest.mark.parametrize(("field", "value"), [("lang", "fr"), ("interview_start", datetime(2026, 11, 27, 14))])
def test_bad_input_is_refused(field, value):
    with pytest.raises(ValueError):
        compose(replace(complete("ja"), **{field: value}))


def test_both_languages_have_the_same_template_keys():
    templates = template("agent_report")

    def keys(table: dict, prefix: str = "") -> set[str]:
        return {k for key, value in table.items()
                for k in (keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key})}

    # Japanese alone adds 様; English alone names months and opens with "Dear ...,".
    assert keys(templates["ja"]) - {"honorific"} == keys(templates["en"]) - {"months", "greeting", "greeting_agency"}
    assert not JAPANESE.search(str(templates["en"]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sample_data_reflections_give_reports(sample_db, lang):
    with db.opened(sample_db) as conn:
        rows = list_reflections(conn)
        reflections = [get_reflection(conn, row["id"]) for row in rows]
    assert reflections
    for reflection in reflections:
        report = input_from_reflection(reflection, lang, interviewers=[Interviewer("中村", "部長")],
                                       interest_before=4, agent_name="佐藤(キャリアブリッジ)")
        draft = compose(report)
        assert reflection["company"] in draft.subject
        for question in recorded_questions(report):
            assert question in draft.body
        if reflection["interest_after"] is not None:
            assert f"{reflection['interest_after']}/5" in "\n".join(section(draft.body, "interest", lang))


user_text = st.text(max_size=200)


@settings(max_examples=150, deadline=None)
@given(company=user_text, question=user_text, answer=user_text, went_well=user_text, to_improve=user_text,
       ask=user_text, availability=user_text, agent=user_text, lang=st.sampled_from(LANGUAGES))
def test_any_typed_text_keeps_the_report_shape(company, question, answer, went_well, to_improve, ask,
                                               availability, agent, lang):
    report = replace(complete(lang), company=company, agent_name=agent, went_well=went_well,
                     to_improve=to_improve, ask_agent=ask, availability=availability,
                     questions=[ReportedQuestion(question, answer, 3, "negative", "composure")])
    draft = compose(report)
    assert "\n" not in draft.subject and "\r" not in draft.subject
    heading_lines = set(headings(lang).values())
    for block in blocks(draft.body):
        if block[0] in heading_lines:
            assert len(block) > 1


# ------------------------------------------------------------------ what an agent reads

PROFILE = Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com", "https://example.com/taro")
IMPROPER = {"ja": "ご両親のお仕事は何ですか?", "en": "What do your parents do for a living?"}


def with_improper_question(lang: str) -> AgentReportInput:
    report = complete(lang)
    answer = "父は会社員です" if lang == "ja" else "My father is an office worker"
    questions = [report.questions[0], ReportedQuestion(IMPROPER[lang], answer, 3, "neutral", "self_introduction"),
                 report.questions[1]]
    return replace(report, questions=questions)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_improper_question_is_a_concern_with_a_calm_request_not_an_ordinary_question(lang):
    body = compose(with_improper_question(lang)).body
    questions, concerns = "\n".join(section(body, "questions", lang)), section(body, "concerns", lang)
    assert IMPROPER[lang] not in questions and written(IMPROPER[lang], lang) not in questions
    assert questions.count("\n（" if lang == "ja" else "\n2. ") == 1  # numbered without a gap: 1, 2
    first = concerns[0]
    assert written(IMPROPER[lang], lang) in first and ("家族に関すること" if lang == "ja" else "your family") in first
    assert first.startswith("・「ご両親のお仕事は何ですか？」" if lang == "ja" else "- One question touched on")
    assert ("企業様にそれとなくお伝えいただけますと幸いです" if lang == "ja" else "could you kindly raise it with them") in first
    # The questions for the company follow it; the candidate's own doubts have their own section.
    assert written(lines(complete(lang).ask_agent)[0], lang) in "\n".join(concerns[1:])
    assert lines(complete(lang).to_improve)[0] in "\n".join(section(body, "self_review", lang))


@pytest.mark.parametrize(("reflection_value", "given", "expected"), [
    ("12月1日(月) 13時以降\n12月3日(水) 終日", None, ["・12月1日（月）13時以降", "・12月3日（水）終日"]),
    ("平日の夕方ならいつでも", None, ["・平日の夕方ならいつでも"]),
    ("", "来週はいつでも", ["・来週はいつでも"]),
    ("12月1日", "12月2日", ["・12月2日"]),  # given by the caller: wins over the reflection's
    ("", None, []),
])
def test_availability_comes_from_the_reflection(reflection_value, given, expected):
    reflection = {"starts_at": "2026-11-27T05:00:00+00:00", "timezone": "Asia/Tokyo", "round": "second",
                  "company": "株式会社ミナトデータ", "questions": [], "availability": reflection_value}
    report = input_from_reflection(reflection, "ja", availability=given)
    availability = section(compose(report).body, "availability", "ja")
    assert availability[1:] == expected
    if expected:
        assert availability[0] == template("agent_report")["ja"]["availability"]["intro"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_one_closing_line_and_the_document_checks_pass(persona, lang):
    draft = compose(replace(PERSONAS[persona](lang), profile=PROFILE))
    closings = [s for s in sentences("\n".join(mail_layout(draft.body).paragraphs)) if is_closing(s)]
    assert len(closings) == 1
    failed = {c.key for c in document_checks(draft.subject, draft.body, lang) if not c.ok}
    # The hostile persona types "{0} |" and half-width brackets of its own; nothing else may fail.
    assert failed <= ({"bracket_width", "spaced_japanese", "doubled_punctuation"} if persona == "hostile" else set())


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "hostile"])
def test_japanese_punctuation_and_brackets_are_full_width(persona):
    body = compose(PERSONAS[persona]("ja")).body
    assert "(" not in body and ")" not in body and ": " not in body
    assert "（金）" in body


@pytest.mark.parametrize(("before", "after", "ja", "en"), [
    (3, 3, "面接前：3/5　→　面接後：3/5（変化なし）", "Before 3/5 → after 3/5 (unchanged)"),
    (2, 4, "面接前：2/5　→　面接後：4/5（上がりました）", "Before 2/5 → after 4/5 (up)"),
])
def test_interest_line(before, after, ja, en):
    for lang, expected in (("ja", ja), ("en", en)):
        report = replace(complete(lang), interest_before=before, interest_after=after)
        assert section(compose(report).body, "interest", lang)[0] == expected


@pytest.mark.parametrize(("lang", "signature"), [
    ("ja", ("――――――――――――――――――――――――\n山田 太郎\n電話：090-1234-5678\nメール：taro@example.com\n"
            "https://example.com/taro\n――――――――――――――――――――――――")),
    ("en", "Kind regards,\n山田 太郎\nPhone: 090-1234-5678\nE-mail: taro@example.com\nhttps://example.com/taro"),
])
def test_the_signature_carries_the_profiles_contact_details(lang, signature):
    body = compose(replace(complete(lang), profile=PROFILE)).body
    assert body.endswith("\n\n" + signature)
    assert "山田太郎です" in body if lang == "ja" else "Dear Ms Sato," in body
    partial = compose(replace(complete(lang), profile=Profile("山田 太郎", email="taro@example.com"))).body
    assert "090" not in partial and "taro@example.com" in partial


@pytest.mark.parametrize(("agent_name", "agency", "greeting"), [
    ("Ms Sato", "Career Bridge", "Dear Ms Sato,"),
    ("", "Career Bridge", "Dear Career Bridge team,"),
    ("", "", "Hello,"),
])
def test_english_opens_with_the_agents_name_never_a_title(agent_name, agency, greeting):
    body = compose(replace(complete("en"), agent_name=agent_name, agency=agency)).body
    assert body.split("\n\n")[0] == greeting
    assert "consultant" not in body


def test_the_report_signs_with_the_saved_profile():
    report = input_from_reflection(
        {"starts_at": "2026-11-27T05:00:00+00:00", "timezone": "Asia/Tokyo", "round": "first", "company": "A社",
         "questions": []}, "ja", profile=PROFILE, profile_name="古い名前")
    body = compose(report).body
    assert "山田太郎です" in body and "電話：090-1234-5678" in body and "古い名前" not in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_other_applications_come_from_the_pipeline_with_stage_and_next_interview(lang):
    """Agents always ask where else the candidate stands; the report had no such section."""
    from lib.generate.agent_report import OtherApplication

    others = [OtherApplication("北斗ロジスティクス株式会社", "final", date(2026, 12, 4)),
              OtherApplication("さくらヘルスケア株式会社", "offer"),
              OtherApplication("Closed Inc.", "rejected"), OtherApplication("  ", "first")]
    body = compose(replace(complete(lang), other_companies=others)).body
    listed = section(body, "other_companies", lang)
    assert headings(lang)["other_companies"] == ("【他社の選考状況】" if lang == "ja" else "Other applications")
    expected = {"ja": ["・北斗ロジスティクス株式会社：最終面接の段階（次回は12月4日）",
                       "・さくらヘルスケア株式会社：内定をいただいています"],
                "en": ["- 北斗ロジスティクス株式会社: final-interview stage (next interview on 4 December)",
                       "- さくらヘルスケア株式会社: offer received"]}[lang]
    assert listed == expected
    assert section(compose(complete(lang)).body, "other_companies", lang) == []  # nothing known: no section


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_asks_the_agent_to_pass_the_thanks_on(lang):
    body = compose(complete(lang)).body
    paragraphs = body.split("\n\n")
    thanks = paragraphs[-3]  # just before the closing line and the signature
    assert thanks == ("面接をご担当いただいた中村様に、お時間をいただいたお礼をお伝えいただけますと幸いです。"
                      if lang == "ja" else
                      "Could you also pass on my thanks to Mr Nakamura for taking the time to meet me?")
    nobody = compose(bare(lang)).body
    assert ("皆様に" if lang == "ja" else "the interviewers") in nobody
    assert "お礼をお伝え" not in compose(replace(complete(lang), pass_on_thanks=False)).body
