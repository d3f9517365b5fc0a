"""The thank-you mail (お礼メール) drafted from one interview's reflection.

Plain data in, text out; the texts live in data/templates/thank_you_mail.toml.

Layout of a mail body, shared with the checks (see `mail_layout`):

    greeting block   the first block, when its last line ends in 様, 殿, 御中, 各位, "," or ":"
                     (the addressee block in Japanese, "Dear ...," in English)
    paragraphs       the other blocks; blocks are separated by blank lines (lines that are
                     empty or only spaces); 3 to 5 are wanted
    signature        from the first line after the first block that is a rule (――――, ----,
                     ====, two or more rule characters) or an English sign-off on its own line
                     ("Kind regards,", "Yours sincerely,", "Best wishes"...) to the end

The user's text is inserted verbatim (never escaped or interpreted); single-line inserts
are stripped and their line breaks collapsed into one space so they cannot split a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from lib.config import LANGUAGES
from lib.generate.text import fill_template, one_line, quote, template, without_honorific
from lib.i18n import t
from lib.models import ROUNDS, Interviewer, clean_text

FORMALITIES = ("standard", "very_formal")
LENGTHS = ("short", "standard")
PROFILE_FIELDS = ("full_name", "full_name_kana", "phone", "email")

__all__ = [
    "FORMALITIES", "LENGTHS", "Interviewer", "MailInput", "MailLayout", "Profile", "Story",
    "ThankYouMail", "compose", "mail_layout", "placeholders", "required_profile_fields",
]


@dataclass
class Profile:
    """The sender, as kept in the settings; used by every generated document."""

    full_name: str = ""
    full_name_kana: str = ""
    phone: str = ""
    email: str = ""
    signature: str = ""  # extra signature lines (address, URL...), optional


@dataclass
class Story:
    """One story from the story bank (STAR)."""

    title: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


@dataclass
class MailInput:
    """Everything the composer needs. `interview_start` must be aware and in the
    interview's own zone (its date and hour are written into the mail)."""

    lang: str
    company: str
    department: str
    interviewers: list[Interviewer]
    interview_start: datetime
    round: str
    interesting_topics: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    untold_points: list[str] = field(default_factory=list)
    story: Story | None = None
    profile: Profile = field(default_factory=Profile)
    formality: str = "standard"
    length: str = "standard"


@dataclass
class ThankYouMail:
    subject: str
    body: str


@dataclass
class MailLayout:
    greeting: str
    paragraphs: list[str]
    signature: str


def placeholders(lang: str) -> dict[str, str]:
    """The visible stand-ins used for missing data in `lang` (e.g. 【氏名】, [Your name])."""
    return dict(template("thank_you_mail")[lang]["placeholder"])


def required_profile_fields(lang: str) -> tuple[str, ...]:
    """Profile fields a mail in `lang` needs; the kana reading is written in Japanese only."""
    return PROFILE_FIELDS if lang == "ja" else tuple(f for f in PROFILE_FIELDS if f != "full_name_kana")


# ------------------------------------------------------------------ layout

# A line made only of rule characters starts the signature (Japanese mails frame it so).
_RULE = re.compile(r"^\s*[-‐‑‒–—―─━=＝_＿~～*＊#]{2,}\s*$")
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:kind|best|warm|warmest|with kind|with best)\s+regards|regards|"
    r"(?:yours\s+)?(?:sincerely|faithfully|truly)|best wishes|with thanks|many thanks|"
    r"thanks|best|respectfully)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
# A first block whose last line ends so is the addressee block / greeting, not a paragraph.
_GREETING_END = ("様", "殿", "御中", "各位", ",", "，", ":", "：")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def mail_layout(body: str) -> MailLayout:
    """Split a mail body into greeting, body paragraphs and signature (see module doc)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    # The signature never starts inside the first block (a company called "----" stays a name).
    cut, seen_text, past_first_block = len(lines), False, False
    for i, line in enumerate(lines):
        blank = not line.strip(" \t\u3000")
        if past_first_block and (_RULE.match(line) or _SIGN_OFF.match(line)):
            cut = i
            break
        past_first_block = past_first_block or (blank and seen_text)
        seen_text = seen_text or not blank
    signature = "\n".join(lines[cut:]).strip()
    blocks = [b.strip() for b in _BLANK_LINE.split("\n".join(lines[:cut])) if b.strip()]
    greeting = ""
    if blocks and blocks[0].splitlines()[-1].rstrip().endswith(_GREETING_END):
        greeting = blocks.pop(0)
    return MailLayout(greeting, blocks, signature)


# ------------------------------------------------------------------ composing



def _first(items: list[str]) -> str:
    return next((line for line in map(one_line, items) if line), "")


def _date(day: date, lang: str, *, with_year: bool = True) -> str:
    tpl = template("thank_you_mail")[lang]
    month_name = tpl["months"].split(",")[day.month - 1] if "months" in tpl else ""
    key = "date" if with_year else "date_no_year"
    return tpl[key].format(year=day.year, month=day.month, day=day.day, month_name=month_name)


def _round_label(code: str, lang: str) -> str:
    if code not in ROUNDS or code == "other":
        return template("thank_you_mail")[lang]["round_other"]
    label = t(f"round.{code}", lang)
    # English labels are title-cased for menus ("Final interview"); mid-sentence they are not.
    if lang == "en" and label[:1].isupper() and not label[1:2].isupper():
        label = label[0].lower() + label[1:]
    return label


def _greeting(mail: MailInput, company: str) -> str:
    tpl = template("thank_you_mail")[mail.lang]
    people = [(one_line(p.name), one_line(p.role)) for p in mail.interviewers]
    named = [(name, role) for name, role in people if name]
    if mail.lang == "ja":
        block = [company]
        if department := one_line(mail.department):
            block.append(department)
        if named:
            block += [" ".join(filter(None, (role, without_honorific(name) + tpl["honorific"])))
                      for name, role in named]
        else:
            block.append(tpl["no_interviewer"])
        return "\n".join(block)
    if not named:
        return tpl["no_interviewer"]
    names = [name for name, _ in named]
    joined = names[0] if len(names) == 1 else tpl["names_join"].join(names[:-1]) + tpl["names_last_join"] + names[-1]
    return fill_template(tpl["greeting"], names=joined)


def _signature(profile: dict[str, str], extra: str, lang: str, phrases: dict) -> str:
    tpl = template("thank_you_mail")[lang]
    lines = [tpl["signature"]["name"].format(**profile),
             tpl["signature"]["phone"].format(**profile),
             tpl["signature"]["email"].format(**profile)]
    # Extra lines keep their own line breaks, minus blank lines (they would end the block).
    lines += [line.strip() for line in clean_text(extra).splitlines() if line.strip()]
    if lang == "ja":
        return "\n".join([tpl["rule"], *lines, tpl["rule"]])
    return "\n".join([phrases["sign_off"], *lines])


def _story_sentence(story: Story | None, lang: str, phrases: dict) -> str:
    if story is None:
        return ""
    action, result, title = one_line(story.action), one_line(story.result), one_line(story.title)
    if not (action or result):
        return ""
    where = fill_template(phrases["story_where"], title=quote(title, lang)) if title else ""
    key = "story_both" if action and result else "story_action" if action else "story_result"
    return phrases[key].format(where=where, action=quote(action, lang) if action else "",
                               result=quote(result, lang) if result else "")


def _day_reference(interview_day: date, today: date | None, lang: str) -> tuple[str, bool]:
    """How the mail names the interview day, and whether the mail is late (two days or more)."""
    days = template("thank_you_mail")[lang]["day"]
    after = (today - interview_day).days if today else 0
    if after <= 0:
        return days["same"], False
    if after == 1:
        return days["next"], False
    return days["later"].format(date=_date(interview_day, lang, with_year=False)), True


def compose(mail: MailInput, today: date | None = None) -> ThankYouMail:
    """Draft the thank-you mail. `today` (in the interview's zone) picks 本日/昨日/先日
    wording; None means the mail is written on the interview day."""
    if mail.lang not in LANGUAGES:
        raise ValueError(f"unknown language: {mail.lang!r}")
    if mail.formality not in FORMALITIES:
        raise ValueError(f"unknown formality: {mail.formality!r}")
    if mail.length not in LENGTHS:
        raise ValueError(f"unknown length: {mail.length!r}")
    start = mail.interview_start
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("interview_start must be an aware datetime in the interview's zone")

    lang, short = mail.lang, mail.length == "short"
    tpl, ph = template("thank_you_mail")[lang], placeholders(lang)
    phrases = tpl[mail.formality]
    join = tpl["sentence_join"]
    profile = {name: one_line(getattr(mail.profile, name)) or ph[name] for name in PROFILE_FIELDS}
    company = one_line(mail.company) or ph["company"]
    round_label = _round_label(mail.round, lang)
    day_ref, late = _day_reference(start.date(), today, lang)
    clock = ""
    if "time" in tpl:  # only Japanese names the hour ("本日14時から")
        clock = tpl["time_with_minutes" if start.minute else "time"].format(hour=start.hour, minute=start.minute)
    fill = {"company": company, "round": round_label, "day": day_ref, "time": clock, **profile}

    subject = fill_template(phrases["subject"], date=_date(start.date(), lang), **fill)

    intro = [fill_template(phrases["intro"], **fill), phrases["thanks"]]
    if late:
        intro.append(phrases["late_apology"])

    topic, question = _first(mail.interesting_topics), _first(mail.questions)
    if topic or not question:
        points = [fill_template(phrases["topic"], topic=quote(topic, lang) if topic else ph["topic"])]
        if not short:
            points.append(phrases["topic_more"])
            if topic and question:
                points.append(fill_template(phrases["question_after_topic"], question=quote(question, lang)))
    else:
        points = [fill_template(phrases["question_only"], question=quote(question, lang))]

    untold = _first(mail.untold_points)
    appeal: list[str] = []
    if untold:
        appeal = [fill_template(phrases["untold"], untold=quote(untold, lang))]
        if story := _story_sentence(mail.story, lang, phrases):
            appeal.append(story)
        if not short:
            appeal.append(fill_template(phrases["untold_close"], **fill))
    if short:
        appeal.append(fill_template(phrases["motivation_short"], **fill))

    paragraphs = [intro, points]
    if appeal:
        paragraphs.append(appeal)
    if not short:
        paragraphs.append([fill_template(phrases["motivation"], **fill)])
    paragraphs.append([fill_template(phrases["closing"], **fill)])

    body = "\n\n".join([
        _greeting(mail, company),
        *(join.join(sentences) for sentences in paragraphs),
        _signature(profile, mail.profile.signature, lang, phrases),
    ])
    return ThankYouMail(subject=one_line(subject), body=body)
