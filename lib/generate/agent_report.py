"""The interview report to the recruiting agent (面接報告), drafted from one reflection.

Plain data in, text out; the texts live in data/templates/agent_report.toml. The report is a
plain-text business mail: addressee, opening, then one block per section that has something
to say (a heading line followed by its lines, no blank line inside a block), closing, name.

The user's text is inserted verbatim (never escaped or interpreted); single-line inserts are
stripped and their line breaks collapsed into one space; multi-line fields are split with
lib.models.lines() and written one item per line. In a Japanese report, typed items are
written as Japanese running text (lib.generate.phrasing.ja_running: half-width brackets
around Japanese become full-width, no half-width space between Japanese characters).

The candidate's own doubts (what to improve, answers met with some concern) and what to check
about the company (the questions for the agent to raise, improper questions) are two sections:
the agent acts on the second, coaches on the first. A question flagged as improper
(lib.practice.question_bank.fair_selection_issue) is not reported as an ordinary question: it
is listed under the company section with a calm request that the agent raise it.

Reactions are written in the report's own words (好感触 / 普通 / やや懸念あり), not the app's
labels, and the app's question categories stay out of the report. Other applications come
from the pipeline (company and stage only, never the user's notes). Through an agent, the
candidate usually has no interviewer's address: the report asks the agent to pass the
thanks on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from lib.config import DEFAULT_TIMEZONE, LANGUAGES

# Shared with the thank-you mail so that both documents treat typed text the same way.
from lib.generate.phrasing import ja_running
from lib.generate.text import fill_template, one_line, quote, template, without_honorific
from lib.i18n import format_date, format_datetime, t
from lib.models import RATINGS, REACTIONS, ROUNDS, Interviewer, Profile, clean_text, lines, zone
from lib.practice.question_bank import fair_selection_issue

# "concerns" is what to check about the company (its questions to raise, improper questions);
# "self_review" the candidate's own doubts about their answers.
SECTIONS = ("summary", "questions", "impression", "self_review", "concerns", "interest", "other_companies",
            "next_steps", "availability")
OTHER_STAGES = ("applied", "screening", "casual", "first", "second", "final", "offer")

__all__ = [
    "OTHER_STAGES", "SECTIONS", "AgentReport", "AgentReportInput", "Interviewer", "OtherApplication",
    "ReportedQuestion", "compose", "headings", "input_from_reflection", "plain_text", "split_agent",
]


class ReportedQuestion(NamedTuple):
    """One question asked in the interview, as the report needs it."""

    question: str
    answer_summary: str = ""
    rating: int | None = None
    reaction: str | None = None  # one of lib.models.REACTIONS
    category: str = ""  # a competency key


class OtherApplication(NamedTuple):
    """Another company in the pipeline, as the agent may hear of it: its name and stage only."""

    company: str
    stage: str  # one of OTHER_STAGES
    next_interview: date | None = None


@dataclass
class AgentReportInput:
    """Everything the report needs. `interview_start` must be aware and in the interview's
    own zone. Multi-line fields hold one item per line."""

    lang: str
    company: str
    interview_start: datetime
    round: str
    agent_name: str = ""
    agency: str = ""
    interviewers: list[Interviewer] = field(default_factory=list)
    questions: list[ReportedQuestion] = field(default_factory=list)
    overall: int | None = None
    feeling: str = ""
    went_well: str = ""
    to_improve: str = ""
    interest_before: int | None = None  # the company's interest level before this interview
    interest_after: int | None = None
    interest_reason: str = ""  # optional; else taken from feeling / went_well / to_improve
    ask_agent: str = ""
    next_steps: str = ""
    availability: str = ""  # dates and times for the next round, free text
    profile_name: str = ""
    profile: Profile | None = None  # the signature's contact details; its name wins over profile_name
    other_companies: list[OtherApplication] = field(default_factory=list)
    pass_on_thanks: bool = True  # ask the agent to thank the interviewers (no direct mail through an agent)


@dataclass
class AgentReport:
    subject: str
    body: str


def headings(lang: str) -> dict[str, str]:
    """Section key -> heading line as written in a report in `lang`."""
    return dict(template("agent_report")[lang]["heading"])


def plain_text(report: AgentReport, lang: str) -> str:
    """The report as one text file (subject line, blank line, body), for download or copy."""
    subject = template("agent_report")[lang]["plain_text_subject"].format(subject=report.subject)
    return f"{subject}\n\n{report.body}\n"


# ------------------------------------------------------------------ helpers

def _date(day: date, lang: str, *, with_year: bool = True) -> str:
    return format_date(template("agent_report")[lang]["date" if with_year else "date_no_year"], day, lang)


def _round_label(code: str, lang: str) -> str:
    """The round as named mid-sentence and in the subject."""
    if code not in ROUNDS or code == "other":
        return template("agent_report")[lang]["round_other"]
    label = t(f"round.{code}", lang)
    if lang == "en" and label[:1].isupper() and not label[1:2].isupper():
        label = label[0].lower() + label[1:]
    return label


def _rating(value: int | None, lang: str) -> str:
    return t("common.rating_of_5", lang, rating=value) if value in RATINGS and not isinstance(value, bool) else ""


def _reaction(code: str | None, lang: str) -> str:
    """The interviewer's reaction in a document's words (好感触 / 普通 / やや懸念あり)."""
    return template("agent_report")[lang]["reaction"][code] if code in REACTIONS else ""


def _day_reference(interview_day: date, today: date | None, lang: str) -> str:
    days = template("agent_report")[lang]["day"]
    after = (today - interview_day).days if today else 0
    if after <= 0:
        return days["same"]
    if after == 1:
        return days["next"]
    return days["later"].format(date=_date(interview_day, lang, with_year=False))


# "佐藤(キャリアブリッジ)" / "Ms Sato (Career Bridge)": the company form keeps both in one field.
_NAME_WITH_AGENCY = re.compile(r"^(?P<name>.*?)\s*[(（](?P<agency>[^()（）]+)[)）]$")


def split_agent(agent_name: str, agency: str) -> tuple[str, str]:
    """The agent's name and agency, from one field typed as "佐藤(キャリアブリッジ)" when no agency is given."""
    name, agency = one_line(agent_name), one_line(agency)
    if not agency and (match := _NAME_WITH_AGENCY.match(name)) and match["name"].strip():
        name, agency = match["name"].strip(), match["agency"].strip()
    return name, agency


def _addressee(report: AgentReportInput, lang: str) -> str:
    tpl = template("agent_report")[lang]
    name, agency = split_agent(report.agent_name, report.agency)
    if lang == "ja":
        person = without_honorific(name) + tpl["honorific"] if without_honorific(name) else tpl["no_agent"]
        return "\n".join(filter(None, (agency, person)))
    if name:
        return fill_template(tpl["greeting"], name=name)
    return fill_template(tpl["greeting_agency"], agency=agency) if agency else tpl["no_agent"]


def _interviewers(people: list[Interviewer], lang: str) -> str:
    tpl = template("agent_report")[lang]["summary"]
    written = []
    for person in people:
        name, role = _typed(one_line(person.name), lang), _typed(one_line(person.role), lang)
        if lang == "ja":
            name = without_honorific(name)
        if name and role:
            written.append(tpl["interviewer_full"].format(name=name, role=role))
        elif name or role:
            written.append(tpl["interviewer_name" if name else "interviewer_role"].format(name=name, role=role))
    return template("agent_report")[lang]["list_join"].join(written)


def _when(start: datetime, lang: str) -> str:
    text = format_datetime(start, lang)
    # The agent reads times as Japan time unless told otherwise.
    key = getattr(start.tzinfo, "key", None)
    text = f"{text} ({key})" if key and key != DEFAULT_TIMEZONE else text
    return re.sub(r" ?\(([^()]+)\) ?", r"（\1）", text) if lang == "ja" else text


def _typed(text: str, lang: str) -> str:
    """A typed item as the report writes it (Japanese running text in a Japanese report)."""
    return ja_running(text) if lang == "ja" else text


def _typed_lines(text: str, lang: str) -> list[str]:
    return [_typed(line, lang) for line in lines(clean_text(text))]


def improper_topic(question: str, lang: str) -> str:
    """The fair-selection topic a question touches, named in `lang`, or ""."""
    topic = fair_selection_issue(question)
    name = topic.name_in(lang) if topic else ""
    # English names are written for a heading ("Your family"); mid-sentence they are lower case.
    return name[0].lower() + name[1:] if lang == "en" and name[1:2].islower() else name


def _bullets(items: list[str], lang: str) -> list[str]:
    return [template("agent_report")[lang]["bullet"].format(text=item) for item in items]


# ------------------------------------------------------------------ sections

def _summary(report: AgentReportInput, company: str, lang: str) -> list[str]:
    tpl = template("agent_report")[lang]["summary"]
    items = [tpl["company"].format(value=company),
             tpl["when"].format(value=_when(report.interview_start, lang)),
             tpl["round"].format(value=t(f"round.{report.round}", lang) if report.round in ROUNDS
                                 else _round_label(report.round, lang))]
    if people := _interviewers(report.interviewers, lang):
        items.append(tpl["interviewers"].format(value=people))
    return _bullets(items, lang)


def _recorded(questions: list[ReportedQuestion]) -> list[tuple[str, ReportedQuestion]]:
    """Questions with text that an interviewer may ask, each with its one-line wording."""
    return [(text, q) for q in questions if (text := one_line(q.question)) and not fair_selection_issue(text)]


def _improper(questions: list[ReportedQuestion]) -> list[str]:
    """The wording of each question flagged as one an interviewer should not ask."""
    return [text for q in questions if (text := one_line(q.question)) and fair_selection_issue(text)]


def _questions(report: AgentReportInput, lang: str) -> list[str]:
    tpl, indent = template("agent_report")[lang]["questions"], template("agent_report")[lang]["indent"]
    written = []
    for n, (text, q) in enumerate(_recorded(report.questions), start=1):
        # The app's question categories are its own labels: the agent reads the question itself.
        written.append(tpl["question"].format(n=n, question=_typed(text, lang)))
        # An answer keeps its own line breaks, minus blank lines (they would end the section).
        answer = [_typed(line.strip(), lang) for line in clean_text(q.answer_summary).splitlines() if line.strip()]
        if answer:
            written.append(indent + tpl["answer"].format(answer=answer[0]))
            written += [indent * 2 + line for line in answer[1:]]
        details = []
        if rating := _rating(q.rating, lang):
            details.append(tpl["rating"].format(rating=rating))
        if reaction := _reaction(q.reaction, lang):
            details.append(tpl["reaction"].format(reaction=reaction))
        if details:
            written.append(indent + tpl["detail_join"].join(details))
    return written


def _impression(report: AgentReportInput, lang: str) -> list[str]:
    tpl = template("agent_report")[lang]["impression"]
    written = []
    if overall := _rating(report.overall, lang):
        written.append(tpl["overall"].format(rating=overall))
    if feeling := one_line(report.feeling):
        written.append(tpl["feeling"].format(feeling=_typed(feeling, lang)))
    if went_well := _typed_lines(report.went_well, lang):
        written += [tpl["went_well"], *_bullets(went_well, lang)]
    positive = [quote(_typed(text, lang), lang) for text, q in _recorded(report.questions)
                if q.reaction == "positive"]
    if positive:
        written += [tpl["positive"], *_bullets(positive, lang)]
    return written


def _self_review(report: AgentReportInput, lang: str) -> list[str]:
    """The candidate's own doubts: what to improve, then the answers met with some concern."""
    tpl = template("agent_report")[lang]["self_review"]
    items = _typed_lines(report.to_improve, lang)
    items += [tpl["negative"].format(question=quote(_typed(text, lang), lang), reaction=_reaction(q.reaction, lang))
              for text, q in _recorded(report.questions) if q.reaction == "negative"]
    return _bullets(items, lang)


def _concerns(report: AgentReportInput, lang: str) -> list[str]:
    """What to check about the company: improper questions first (the agent should raise
    them), then the user's questions for it; says "none" when there is nothing."""
    tpl = template("agent_report")[lang]["concerns"]
    asked = _typed_lines(report.ask_agent, lang)
    improper = [tpl["improper"].format(question=quote(_typed(text, lang), lang), topic=improper_topic(text, lang))
                for text in _improper(report.questions)]
    if not asked and not improper:
        return [tpl["none"]]
    return _bullets(improper, lang) + ([tpl["intro"], *_bullets(asked, lang)] if asked else [])


def _other_companies(report: AgentReportInput, lang: str) -> list[str]:
    tpl = template("agent_report")[lang]["other_companies"]
    items = []
    for other in report.other_companies:
        name = _typed(one_line(other.company), lang)
        if not name or other.stage not in OTHER_STAGES:
            continue
        line = tpl["line"].format(company=name, stage=tpl["stage"][other.stage])
        if other.next_interview:
            line += tpl["next"].format(date=_date(other.next_interview, lang, with_year=False))
        items.append(line)
    return _bullets(items, lang)


def _thanks(report: AgentReportInput, lang: str) -> str:
    """The request to pass the candidate's thanks on to the interviewers."""
    if not report.pass_on_thanks:
        return ""
    tpl = template("agent_report")[lang]["thanks"]
    names = [name for person in report.interviewers
             if (name := without_honorific(_typed(one_line(person.name), lang)) if lang == "ja"
                 else _typed(one_line(person.name), lang))]
    if not names:
        return tpl["anyone"]
    written = template("agent_report")[lang]["list_join"].join(tpl["person"].format(name=name) for name in names)
    return tpl["named"].format(names=written)


def _interest(report: AgentReportInput, lang: str) -> list[str]:
    tpl = template("agent_report")[lang]["interest"]
    after, before = _rating(report.interest_after, lang), _rating(report.interest_before, lang)
    if not after:
        return []  # no level after the interview: nothing changed that we know of
    if before:
        direction = ("rose" if report.interest_after > report.interest_before
                     else "fell" if report.interest_after < report.interest_before else "same")
        written = [tpl[direction].format(before=before, after=after)]
    else:
        direction = "same"
        written = [tpl["after_only"].format(after=after)]
    # The reason the user gave; else the one-line impression; else the first point that
    # explains the direction (what went well for a rise, what to improve for a fall).
    supporting = {"rose": report.went_well, "fell": report.to_improve}.get(direction, "")
    reason = (one_line(report.interest_reason) or one_line(report.feeling)
              or next(iter(lines(clean_text(supporting))), ""))
    if reason:
        written.append(tpl["reason"].format(reason=_typed(reason, lang)))
    return written


def _list_section(text: str, intro_key: str | None, lang: str) -> list[str]:
    items = _typed_lines(text, lang)
    if not items:
        return []
    intro = [template("agent_report")[lang][intro_key]["intro"]] if intro_key else []
    return intro + _bullets(items, lang)


def _signature(report: AgentReportInput, name: str, lang: str) -> str:
    """Name, phone, e-mail and the profile's extra lines; framed by rules in Japanese and
    after the sign-off in English."""
    tpl = template("agent_report")[lang]
    profile = report.profile or Profile()
    block = [name or tpl["name_placeholder"]]
    for field_name in ("phone", "email"):
        if value := one_line(getattr(profile, field_name)):
            block.append(tpl["signature"][field_name].format(**{field_name: value}))
    block += [line.strip() for line in clean_text(profile.signature).splitlines() if line.strip()]
    if tpl["rule"]:
        block = [tpl["rule"], *block, tpl["rule"]]
    return "\n".join(filter(None, [tpl["sign_off"], *block]))


# ------------------------------------------------------------------ composing

def compose(report: AgentReportInput, today: date | None = None) -> AgentReport:
    """Draft the report. `today` (in the interview's zone) picks 本日/昨日/date wording;
    None means it is written on the interview day."""
    if report.lang not in LANGUAGES:
        raise ValueError(f"unknown language: {report.lang!r}")
    start = report.interview_start
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("interview_start must be an aware datetime in the interview's zone")

    lang = report.lang
    tpl = template("agent_report")[lang]
    company = _typed(one_line(report.company), lang) or tpl["company_placeholder"]
    name = one_line(report.profile.full_name if report.profile and report.profile.full_name.strip()
                    else report.profile_name)
    round_label = _round_label(report.round, lang)
    fill = {"company": company, "round": round_label, "date": _date(start.date(), lang), "name": name}

    subject = fill_template(tpl["subject" if name else "subject_no_name"], **fill)
    opening = [fill_template(tpl["opening" if name else "opening_no_name"], name=_typed(name, lang)),
               fill_template(tpl["intro"], day=_day_reference(start.date(), today, lang), **fill)]

    sections = {
        "summary": _summary(report, company, lang),
        "questions": _questions(report, lang),
        "impression": _impression(report, lang),
        "self_review": _self_review(report, lang),
        "concerns": _concerns(report, lang),
        "interest": _interest(report, lang),
        "other_companies": _other_companies(report, lang),
        "next_steps": _list_section(report.next_steps, None, lang),
        "availability": _list_section(report.availability, "availability", lang),
    }
    heads = headings(lang)
    blocks = [
        _addressee(report, lang),
        "\n".join(opening),
        *("\n".join([heads[key], *content]) for key, content in sections.items() if content),
        _thanks(report, lang),
        tpl["closing"],
        _signature(report, name, lang),
    ]
    return AgentReport(subject=one_line(subject), body="\n\n".join(filter(None, blocks)))


def input_from_reflection(reflection: dict, lang: str, *, interviewers: list[Interviewer] | None = None,
                          interest_before: int | None = None, agent_name: str = "", agency: str = "",
                          availability: str | None = None, profile_name: str = "",
                          profile: Profile | None = None,
                          other_companies: list[OtherApplication] | None = None) -> AgentReportInput:
    """The report's input from lib.reflect.reflections.get_reflection()'s dict plus what the
    reflection does not hold (interviewers, the company's interest, agent, profile). The
    availability for the next round is the reflection's own unless `availability` is given."""
    start = datetime.fromisoformat(reflection["starts_at"]).astimezone(zone(reflection["timezone"]))
    return AgentReportInput(
        lang=lang, company=reflection.get("company") or "", interview_start=start, round=reflection["round"],
        agent_name=agent_name, agency=agency, interviewers=list(interviewers or []),
        questions=[ReportedQuestion(q.get("question") or "", q.get("answer_summary") or "", q.get("rating"),
                                    q.get("reaction"), q.get("category") or "")
                   for q in reflection.get("questions", [])],
        overall=reflection.get("overall"), feeling=reflection.get("feeling") or "",
        went_well=reflection.get("went_well") or "", to_improve=reflection.get("to_improve") or "",
        interest_before=interest_before, interest_after=reflection.get("interest_after"),
        ask_agent=reflection.get("ask_agent") or "", next_steps=reflection.get("next_steps") or "",
        availability=reflection.get("availability") or "" if availability is None else availability,
        profile_name=profile_name, profile=profile, other_companies=list(other_companies or []),
    )
