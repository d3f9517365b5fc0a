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

What the mail cites is chosen (see `compose`): the first interesting topic that can be
phrased, then a question that went well (self-rating 4 or more, or a positive reaction),
never a question flagged as improper (lib.practice.question_bank.fair_selection_issue) nor one rated
2 or less or that met a negative reaction. Notes are never pasted as quoted fragments:
lib.generate.phrasing turns each into a noun phrase or a clause and the template's frame
fits it; a note that cannot be phrased is not quoted, and `ThankYouMail.citations` says
what was written from which note so the page can show it and ask for a better phrase.

Names, the company, the role and the profile are inserted verbatim (never escaped or
interpreted); single-line inserts are stripped and their line breaks collapsed into one
space so they cannot split a paragraph. In Japanese running text the sender's name and
the phrases lose half-width spaces between Japanese characters (山田 太郎 → 山田太郎).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from lib.config import LANGUAGES
from lib.generate import phrasing, wording
from lib.generate.phrasing import Phrase
from lib.generate.text import fill_template, one_line, template, without_honorific
from lib.i18n import format_date, t
from lib.models import ROUNDS, Interviewer, Profile, Story, clean_text
from lib.practice.question_bank import fair_selection_issue

FORMALITIES = ("standard", "very_formal")
LENGTHS = ("short", "standard")
PROFILE_FIELDS = ("full_name", "full_name_kana", "phone", "email")
GOOD_RATING = 4  # a question rated this or more went well and may be cited
LOW_RATING = 2   # a question rated this or less is never cited

__all__ = [
    "FORMALITIES", "LENGTHS", "Citation", "InterviewQuestion", "Interviewer", "MailInput", "MailLayout",
    "ThankYouMail", "compose", "compose_for_agent", "mail_layout", "placeholders", "required_profile_fields",
]


@dataclass(frozen=True)
class InterviewQuestion:
    """A question asked in the interview with how it went; the mail cites only good ones."""

    text: str
    rating: int | None = None
    reaction: str | None = None  # one of lib.models.REACTIONS
    category: str = ""

    @property
    def improper(self) -> bool:
        """Flagged as a question an interviewer should not ask (fair selection)."""
        return fair_selection_issue(self.text) is not None

    @property
    def rated_low(self) -> bool:
        return _rating(self.rating) is not None and _rating(self.rating) <= LOW_RATING

    @property
    def went_well(self) -> bool:
        """Rated 4 or more, or a positive reaction; never improper, low-rated or met badly."""
        if not one_line(self.text) or self.improper or self.rated_low or self.reaction == "negative":
            return False
        return (_rating(self.rating) or 0) >= GOOD_RATING or self.reaction == "positive"


def _rating(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class MailInput:
    """Everything the composer needs. `interview_start` must be aware and in the
    interview's own zone (its date and hour are written into the mail). `topic_phrase`
    and `untold_phrase`, when the user typed them, replace what the notes would give."""

    lang: str
    company: str
    department: str
    interviewers: list[Interviewer]
    interview_start: datetime
    round: str
    interesting_topics: list[str] = field(default_factory=list)
    questions: list[InterviewQuestion] = field(default_factory=list)
    untold_points: list[str] = field(default_factory=list)
    story: Story | None = None
    profile: Profile = field(default_factory=Profile)
    formality: str = "standard"
    length: str = "standard"
    position: str = ""  # the role applied for, named once
    topic_phrase: str = ""
    untold_phrase: str = ""

    def asked(self) -> list[InterviewQuestion]:
        """The questions as InterviewQuestion (a plain string is an unrated question)."""
        return [q if isinstance(q, InterviewQuestion) else InterviewQuestion(str(q)) for q in self.questions]


@dataclass(frozen=True)
class Citation:
    """What the mail says from one of the user's notes: `written` is "" when the note could
    not be phrased (the mail then leaves it out or shows the topic placeholder)."""

    kind: str  # topic, question, untold, story_action, story_result
    note: str
    written: str
    form: str  # see lib.generate.phrasing.FORMS


@dataclass
class ThankYouMail:
    subject: str
    body: str
    citations: list[Citation] = field(default_factory=list)


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

# Optional sentences, dropped in this order while a content word is used more than twice.
_OPTIONAL = ("topic_more", "untold_close", "question", "story")


@dataclass
class _Sentence:
    text: str
    optional: str = ""  # one of _OPTIONAL, or "" when the mail needs the sentence
    cites: tuple[Citation, ...] = ()


def _date(day: date, lang: str, *, with_year: bool = True) -> str:
    return format_date(template("thank_you_mail")[lang]["date" if with_year else "date_no_year"], day, lang)


def _round_label(code: str, lang: str) -> str:
    if code not in ROUNDS or code == "other":
        return template("thank_you_mail")[lang]["round_other"]
    label = t(f"round.{code}", lang)
    # English labels are title-cased for menus ("Final interview"); mid-sentence they are not.
    if lang == "en" and label[:1].isupper() and not label[1:2].isupper():
        label = label[0].lower() + label[1:]
    return label


def _role(position: str, lang: str) -> str:
    """The role applied for, as the intro names it (once), or ""."""
    position = one_line(position)
    if not position:
        return ""
    tpl = template("thank_you_mail")[lang]
    named = lang == "en" and position.lower().endswith(("role", "position", "job"))
    return tpl["role_named" if named else "role"].format(position=position)


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


def _day_reference(interview_day: date, today: date | None, lang: str) -> tuple[str, bool]:
    """How the mail names the interview day, and whether the mail is late (two days or more)."""
    days = template("thank_you_mail")[lang]["day"]
    after = (today - interview_day).days if today else 0
    if after <= 0:
        return days["same"], False
    if after == 1:
        return days["next"], False
    return days["later"].format(date=_date(interview_day, lang, with_year=False)), True


# ------------------------------------------------------------------ what the mail cites

def _typed_phrase(typed: str, lang: str, phrase_of) -> Phrase:
    """A phrase the user typed for the mail: phrased like a note, else trusted as a noun phrase."""
    phrase = phrase_of(typed, lang)
    if phrase.usable:
        return phrase
    return Phrase(typed, phrasing.ja_running(typed) if lang == "ja" else typed, "noun")


def _first_usable(notes: list[str], lang: str, phrase_of) -> Phrase | None:
    """The first note that can be phrased; else the first note, unusable; None without notes."""
    notes = [note for note in map(one_line, notes) if note]
    for note in notes:
        if (phrase := phrase_of(note, lang)).usable:
            return phrase
    return Phrase(notes[0], "", "unusable") if notes else None


def chosen_topic(mail: MailInput) -> Phrase | None:
    """The interesting topic the mail cites (see the module doc)."""
    if typed := one_line(mail.topic_phrase):
        return _typed_phrase(typed, mail.lang, phrasing.topic_phrase)
    return _first_usable(mail.interesting_topics, mail.lang, phrasing.topic_phrase)


def chosen_question(mail: MailInput) -> Phrase | None:
    """The question that went best and can be named; None when no question went well."""
    good = sorted((q for q in mail.asked() if q.went_well),
                  key=lambda q: (-(_rating(q.rating) or 0), q.reaction != "positive"))
    for question in good:
        if (phrase := phrasing.question_phrase(question.text, mail.lang)).usable:
            return phrase
    return Phrase(one_line(good[0].text), "", "unusable") if good else None


def chosen_untold(mail: MailInput) -> Phrase | None:
    """What the candidate could not get across, as the mail says it."""
    if typed := one_line(mail.untold_phrase):
        return _typed_phrase(typed, mail.lang, phrasing.achievement_phrase)
    return _first_usable(mail.untold_points, mail.lang, phrasing.achievement_phrase)


def _cite(kind: str, phrase: Phrase, written: str | None = None) -> Citation:
    return Citation(kind, phrase.note, phrase.text if written is None else written, phrase.form)


def _points(topic: Phrase | None, question: Phrase | None, short: bool, phrases: dict,
            placeholder: str) -> list[_Sentence]:
    if topic is not None and topic.usable:
        points = [_Sentence(fill_template(phrases[f"topic_{'clause' if topic.form == 'clause' else 'noun'}"],
                                          topic=topic.text), cites=(_cite("topic", topic),))]
        if not short:
            points.append(_Sentence(phrases["topic_more"], "topic_more"))
            if question is not None and question.usable:
                points.append(_Sentence(fill_template(phrases["question_after_topic"], question=question.text),
                                        "question", (_cite("question", question),)))
        return points
    if question is not None and question.usable:
        return [_Sentence(fill_template(phrases["question_only"], question=question.text),
                          cites=(_cite("question", question),))]
    return [_Sentence(fill_template(phrases["topic_noun"], topic=placeholder))]


def _untold_sentence(untold: Phrase, lang: str, phrases: dict) -> _Sentence:
    if lang == "ja":
        written = phrasing.ja_as_experience(untold)
        return _Sentence(fill_template(phrases["untold"], untold=written), cites=(_cite("untold", untold, written),))
    key = {"first_person": "untold_first_person", "gerund": "untold_gerund"}.get(untold.form, "untold_noun")
    return _Sentence(fill_template(phrases[key], untold=untold.text), cites=(_cite("untold", untold),))


def _story_sentence(story: Story | None, lang: str, phrases: dict, said: str = "") -> _Sentence | None:
    """One sentence of what the candidate did and what came of it, phrased from the story;
    the result is left out when the sentence before (`said`) already states it."""
    if story is None:
        return None
    action = phrasing.achievement_phrase(story.action, lang) if one_line(story.action) else None
    result = phrasing.result_phrase(story.result, lang) if one_line(story.result) else None
    action = action if action is not None and action.usable else None
    result = result if result is not None and result.usable else None
    if result is not None and said and _restates(result.text, said, lang):
        result = None
    if action is None and result is None:
        return None
    cites = tuple(_cite(kind, p) for kind, p in (("story_action", action), ("story_result", result)) if p)
    if lang == "ja":
        title = phrasing.ja_phrase(story.title)
        where = fill_template(phrases["story_where"], title=title.text) if title.form == "noun" else ""
        if action and result:
            by = phrases["story_action_by_clause" if action.form == "clause" else "story_action_by_noun"]
            text = fill_template(phrases["story_both"], where=where, action=by.format(action=action.text),
                                 result=result.text)
        elif action:
            text = fill_template(phrases[f"story_action_{'clause' if action.form == 'clause' else 'noun'}"],
                                 where=where, action=action.text)
        else:
            text = fill_template(phrases["story_result"], where=where, result=result.text)
        return _Sentence(text, "story", cites)
    did = action.text if action and action.form == "first_person" else \
        fill_template(phrases["story_focus"], action=action.text) if action else ""
    came = result.text if result and result.form == "clause" else \
        fill_template(phrases["story_result_noun"], result=result.text) if result else ""
    if did and came:
        text = fill_template(phrases["story_both"], action=did, result=came)
    else:
        text = fill_template(phrases["story_action" if did else "story_result"], action=did, result=came)
    return _Sentence(text, "story", cites)


def _restates(text: str, said: str, lang: str) -> bool:
    """Whether `text` mostly repeats `said` (half or more of its content words are in it)."""
    words, earlier = wording.content_words(text, lang), wording.content_words(said, lang)
    return bool(words) and sum(1 for word in words if word in earlier) * 2 >= len(words)


def _appeal(mail: MailInput, untold: Phrase | None, fill: dict, phrases: dict) -> list[_Sentence]:
    short = mail.length == "short"
    appeal: list[_Sentence] = []
    if untold is not None:
        story = _story_sentence(mail.story, mail.lang, phrases, untold.text if untold.usable else "")
        if untold.usable:
            appeal = [_untold_sentence(untold, mail.lang, phrases)]
            appeal += [story] if story else []
        elif story:
            # The note could not be phrased: the story carries the point, so it is not optional.
            appeal = [_Sentence(phrases["untold_unphrased"]), replace(story, optional="")]
        if appeal and not short and phrases["untold_close"]:
            appeal.append(_Sentence(fill_template(phrases["untold_close"], **fill), "untold_close"))
    if short:
        appeal.append(_Sentence(fill_template(phrases["motivation_short"], **fill)))
    return appeal


def _trimmed(paragraphs: list[list[_Sentence]], lang: str, company: str) -> list[list[_Sentence]]:
    """Drop optional sentences (in _OPTIONAL order) that hold a word used more than twice."""
    for kind in _OPTIONAL:
        text = "\n".join(s.text for p in paragraphs for s in p)
        overused = wording.overused_words(text, lang, company)
        if not overused:
            break
        parts = [w for w in overused if w != " ".join(company.split())]
        too_often = wording.company_count(text, company) > wording.OVERUSE_LIMIT
        paragraphs = [[s for s in p if not (s.optional == kind and (
            any(w.casefold() in s.text.casefold() for w in parts)
            or (too_often and wording.company_count(s.text, company))))] for p in paragraphs]
    return paragraphs


def _validated(mail: MailInput) -> None:
    if mail.lang not in LANGUAGES:
        raise ValueError(f"unknown language: {mail.lang!r}")
    if mail.formality not in FORMALITIES:
        raise ValueError(f"unknown formality: {mail.formality!r}")
    if mail.length not in LENGTHS:
        raise ValueError(f"unknown length: {mail.length!r}")
    start = mail.interview_start
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("interview_start must be an aware datetime in the interview's zone")


def compose(mail: MailInput, today: date | None = None) -> ThankYouMail:
    """Draft the thank-you mail. `today` (in the interview's zone) picks 本日/昨日/先日
    wording; None means the mail is written on the interview day."""
    _validated(mail)
    start = mail.interview_start
    lang, short = mail.lang, mail.length == "short"
    tpl, ph = template("thank_you_mail")[lang], placeholders(lang)
    phrases = tpl[mail.formality]
    profile = {name: one_line(getattr(mail.profile, name)) or ph[name] for name in PROFILE_FIELDS}
    company = one_line(mail.company) or ph["company"]
    day_ref, late = _day_reference(start.date(), today, lang)
    clock = ""
    if "time" in tpl:  # only Japanese names the hour ("本日14時から")
        clock = tpl["time_with_minutes" if start.minute else "time"].format(hour=start.hour, minute=start.minute)
    name = phrasing.ja_running(profile["full_name"]) if lang == "ja" else profile["full_name"]
    fill = {"company": company, "round": _round_label(mail.round, lang), "day": day_ref, "time": clock,
            "role": _role(mail.position, lang), "name": name, **profile}

    subject = fill_template(phrases["subject"], date=_date(start.date(), lang), **fill)
    intro = [_Sentence(fill_template(phrases["intro"], **fill)), _Sentence(phrases["thanks"])]
    if late:
        intro.append(_Sentence(phrases["late_apology"]))
    topic, question, untold = chosen_topic(mail), chosen_question(mail), chosen_untold(mail)
    paragraphs = [intro, _points(topic, question, short, phrases, ph["topic"])]
    if appeal := _appeal(mail, untold, fill, phrases):
        paragraphs.append(appeal)
    if not short:
        paragraphs.append([_Sentence(fill_template(phrases["motivation"], **fill))])
    paragraphs.append([_Sentence(fill_template(phrases["closing"], **fill))])
    paragraphs = _trimmed(paragraphs, lang, one_line(mail.company))

    body = "\n\n".join([
        _greeting(mail, company),
        *(tpl["sentence_join"].join(s.text for s in sentences) for sentences in paragraphs),
        _signature(profile, mail.profile.signature, lang, phrases),
    ])
    cited = [c for p in paragraphs for s in p for c in s.cites]
    unused = [_cite(kind, p) for kind, p in (("topic", topic), ("question", question), ("untold", untold))
              if p is not None and not p.usable]
    return ThankYouMail(subject=one_line(subject), body=body, citations=cited + unused)


# ------------------------------------------------------------------ through the agent

_THIRD_PERSON = {"you're": "they're", "you've": "they've", "you'll": "they'll", "you'd": "they'd",
                 "yourselves": "themselves", "yours": "theirs", "your": "their", "you": "they"}
_SECOND_PERSON_WORD = re.compile(r"\b(" + "|".join(map(re.escape, _THIRD_PERSON)) + r")\b", re.IGNORECASE)


def _about_them(text: str) -> str:
    """An English topic phrased for the company ("your move") as said to someone else ("their move")."""
    def swap(match: re.Match) -> str:
        word = _THIRD_PERSON[match[1].lower()]
        return word.capitalize() if match[1][0].isupper() else word
    return _SECOND_PERSON_WORD.sub(swap, text)


def _agent_greeting(agent_name: str, agency: str, lang: str) -> str:
    from lib.generate.agent_report import split_agent  # the report writes the agent's name the same way

    tpl = template("thank_you_mail")[lang]["via_agent"]
    name, agency = split_agent(agent_name, agency)
    if lang == "ja":
        person = tpl["agent"].format(name=without_honorific(name)) if without_honorific(name) else tpl["no_agent"]
        return "\n".join(filter(None, (agency, person)))
    if name:
        return fill_template(tpl["agent"], name=name)
    return fill_template(tpl["agency"], agency=agency) if agency else tpl["no_agent"]


def compose_for_agent(mail: MailInput, agent_name: str = "", agency: str = "",
                      today: date | None = None) -> ThankYouMail:
    """A short mail to the agent who arranged the interview: thanks for arranging it, what
    stayed with the candidate, and a request to pass the thanks on to the interviewers.
    `today` (in the interview's zone) picks 本日/昨日/date wording."""
    _validated(mail)
    start, lang = mail.interview_start, mail.lang
    tpl, ph = template("thank_you_mail")[lang], placeholders(lang)
    words = tpl["via_agent"]
    profile = {name: one_line(getattr(mail.profile, name)) or ph[name] for name in PROFILE_FIELDS}
    company = one_line(mail.company) or ph["company"]
    if lang == "ja":
        company = phrasing.ja_running(company)
    name = phrasing.ja_running(profile["full_name"]) if lang == "ja" else profile["full_name"]
    day_ref, _ = _day_reference(start.date(), today, lang)
    fill = {"company": company, "round": _round_label(mail.round, lang), "day": day_ref, "name": name,
            "date": _date(start.date(), lang), **profile}

    topic = chosen_topic(mail)
    citations = []
    if topic is not None and topic.usable:
        text = _about_them(topic.text) if lang == "en" else topic.text
        about = fill_template(words[f"topic_{'clause' if topic.form == 'clause' else 'noun'}"], topic=text,
                              company=company)
        citations.append(_cite("topic", topic))
    else:
        about = fill_template(words["no_topic"], company=company)
    people = [one_line(p.name) for p in mail.interviewers if one_line(p.name)]
    if lang == "ja":
        people = [without_honorific(phrasing.ja_running(person)) for person in people]
    if people:
        names = tpl["names_join"].join(words["person"].format(name=person) for person in people)
        thanks = fill_template(words["thanks_named"], names=names)
    else:
        thanks = words["thanks_anyone"]
    opening = [fill_template(words["opening"], **fill)] if "opening" in words else []
    if lang == "ja":
        paragraphs = [[*opening, fill_template(words["interview"], **fill)], [about], [thanks, words["report"]],
                      [words["closing"]]]
    else:
        paragraphs = [[*opening, about], [thanks, words["report"]], [words["closing"]]]
    body = "\n\n".join([
        _agent_greeting(agent_name, agency, lang),
        *(tpl["sentence_join"].join(sentences) for sentences in paragraphs),
        _signature(profile, mail.profile.signature, lang, tpl["standard"]),
    ])
    return ThankYouMail(subject=one_line(fill_template(words["subject"], **fill)), body=body, citations=citations)
