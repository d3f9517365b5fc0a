"""The checks panel beside the mail editor: each check passes or says what to fix.

Pure and fast (regular expressions only), so the page can re-run every check on each edit.
A check returns a locale key under ``mail.check.<key>`` and the parameters to format it
with; the page shows ``t(check.message_key, lang, **check.params)``.

Rules, kept deliberately simple:
- send_window: the interview day or the next day, in the interview's zone. The deadline is
  the end of the next day; later is still allowed but flagged.
- thanks_start / thanks_end: the first and the last body paragraph (see
  thank_you_mail.mail_layout) contain ありがとう, 有難う, 御礼, お礼, 感謝, thank, grateful,
  gratitude or appreciat...
- concrete_point: a recorded interesting topic or question appears in the body (compared
  after NFKC, case-folding and removing blanks; trailing ?。 etc. of the record ignored).
  With nothing recorded it passes once the topic placeholder is gone.
- paragraphs: 3 to 5 body paragraphs, counted by mail_layout (greeting and signature excluded).
- placeholders: 〇〇/○○ (two or more; 〇 next to a kanji numeral such as 二〇〇〇 is a number),
  XX/xx as a word, [...], {...}, ［...］, 【...】 (except 【お礼】-style subject tags that
  contain 礼), and the profile placeholders.
- kisha (Japanese only): 御社 is the spoken form; write 貴社.
- company_name / interviewer_names: the recorded company name and each recorded
  interviewer's surname appear in the body (same normalisation as above).
- repeated_words: English, the same word twice in a row ("the the"); Japanese, the same
  run of 3 to 20 kana/kanji twice in a row with at least two different characters in it
  (ありがとうございますありがとうございます), so ますます or ーーーー lines pass.
- doubled_punctuation: 。。 、、 。、 ,, !! ?? ！！ ？？ ，， ．． and exactly two full stops
  (three or more dots are an ellipsis).
- mixed_digits: full-width (０-９) and half-width (0-9) digits in the same mail.
- subject: not empty and at most SUBJECT_MAX_WIDTH columns, where full-width characters
  count two: 70 characters in English, 35 full-width characters in Japanese.
- profile: the profile fields the mail writes (name, kana in Japanese, phone, e-mail) are filled.

What a reader catches (lib/generate/wording.py), in the body paragraphs unless said otherwise:
- quoted_note: a recorded topic or untold point pasted inside quotes (「…」, 『…』, “…”, "…").
- note_fragment: a quoted text used as a phrase: 「…」のお話, 「…」についてです, about “…”, : “…”.
- cited_question: a question flagged as improper (fair selection) or self-rated 2 or less is
  mentioned (its wording, or the phrase the composer would make of it).
- overused_words: a content word more than twice, or the company's name more than twice.
- bracket_width: half-width ( ) and full-width （ ） brackets in the subject and body paragraphs
  (the addressee block and the signature hold names and addresses as registered).
- spaced_japanese (Japanese only): a half-width space between two Japanese characters or
  between one and a digit (山田 太郎です, 本日 14時).
- double_closing: two closing sentences in a row (…よろしくお願いいたします。…よろしくお願いいたします。).

`document_checks` runs the checks that need nothing but the text, for any drafted
document (the agent report too).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from lib.generate import phrasing, wording
from lib.generate.text import one_line
from lib.generate.thank_you_mail import (
    InterviewQuestion,
    MailInput,
    MailLayout,
    Profile,
    mail_layout,
    placeholders,
    required_profile_fields,
)
from lib.i18n import format_datetime, t

PARAGRAPHS_MIN, PARAGRAPHS_MAX = 3, 5
SUBJECT_MAX_WIDTH = 70
_SHOWN = 5  # at most this many findings are quoted in a message


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    message_key: str
    params: dict = field(default_factory=dict)


@dataclass
class MailContext:
    """What the checks compare the edited mail with. `interview_start` is aware and in the
    interview's own zone; `now` is any aware datetime."""

    lang: str
    company: str
    interviewer_names: list[str]
    interview_start: datetime
    now: datetime
    profile: Profile
    concrete_points: list[str] = field(default_factory=list)  # interesting topics + questions
    notes: list[str] = field(default_factory=list)  # the user's topic and untold-point notes
    questions: list[InterviewQuestion] = field(default_factory=list)  # with rating and reaction


def context_for(mail: MailInput, now: datetime) -> MailContext:
    """The checks' context for a mail composed from `mail`."""
    asked = mail.asked()
    typed_topic = [mail.topic_phrase] if mail.topic_phrase.strip() else []
    return MailContext(
        lang=mail.lang, company=mail.company,
        interviewer_names=[p.name for p in mail.interviewers if p.name.strip()],
        interview_start=mail.interview_start, now=now, profile=mail.profile,
        concrete_points=[*typed_topic, *mail.interesting_topics, *(q.text for q in asked)],
        notes=[*mail.interesting_topics, *mail.untold_points], questions=asked,
    )


def _check(key: str, ok: bool, variant: str | None = None, **params: object) -> Check:
    return Check(key, ok, f"mail.check.{key}.{variant or ('ok' if ok else 'fail')}", params)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _listed(items: list[str], lang: str) -> str:
    unique = list(dict.fromkeys(items))[:_SHOWN]
    return t("mail.list_separator", lang).join(unique)


def _shortened(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ the checks

def send_window(ctx: MailContext) -> Check:
    start = ctx.interview_start
    tz = start.tzinfo
    deadline = datetime.combine(start.date() + timedelta(days=2), time(0), tzinfo=tz)  # exclusive
    shown = format_datetime(deadline - timedelta(minutes=1), ctx.lang)
    now = ctx.now.astimezone(tz)
    if now < start:
        return _check("send_window", False, "before", start=format_datetime(start, ctx.lang), deadline=shown)
    if now.date() == start.date():
        return _check("send_window", True, "ok", deadline=shown)
    if now < deadline:
        return _check("send_window", True, "due_today", deadline=shown)
    return _check("send_window", False, "late", deadline=shown)


_THANKS = re.compile(r"ありがとう|有難う|有り難う|御礼|お礼|感謝|thank|grateful|gratitude|appreciat", re.IGNORECASE)


def thanks_start(layout: MailLayout) -> Check:
    return _check("thanks_start", bool(layout.paragraphs) and bool(_THANKS.search(layout.paragraphs[0])))


def thanks_end(layout: MailLayout) -> Check:
    return _check("thanks_end", bool(layout.paragraphs) and bool(_THANKS.search(layout.paragraphs[-1])))


def concrete_point(layout: MailLayout, ctx: MailContext) -> Check:
    text = _norm("\n".join(layout.paragraphs))
    points = [" ".join(p.split()) for p in ctx.concrete_points if p.strip()]
    if not points:
        stand_ins = {placeholders(lang)["topic"] for lang in ("ja", "en")}
        if any(_norm(s) in text for s in stand_ins):
            return _check("concrete_point", False, "none_recorded")
        return _check("concrete_point", True, "unverified")
    for point in points:
        if any(form in text for form in _forms(point, ctx.lang)):
            return _check("concrete_point", True, point=_shortened(point))
    return _check("concrete_point", False, point=_shortened(points[0]))


def _core(text: str) -> str:
    return _norm(text).strip("「」『』“”\"'").rstrip("?？。.!！")


def _forms(note: str, lang: str) -> list[str]:
    """The ways a mail may write a note: as typed, or as the composer phrases it."""
    phrases = (phrasing.topic_phrase(note, lang), phrasing.achievement_phrase(note, lang),
               phrasing.question_phrase(note, lang))
    forms = [_core(note), *(_norm(p.text) for p in phrases if p.usable)]
    return [form for form in dict.fromkeys(forms) if len(form) >= 2]


def paragraphs(layout: MailLayout) -> Check:
    count = len(layout.paragraphs)
    return _check("paragraphs", PARAGRAPHS_MIN <= count <= PARAGRAPHS_MAX,
                  count=count, min=PARAGRAPHS_MIN, max=PARAGRAPHS_MAX)


_KANJI_NUMERAL = "一二三四五六七八九十百千万〇"
_PLACEHOLDER = re.compile(
    rf"(?<![{_KANJI_NUMERAL}])〇{{2,}}(?![{_KANJI_NUMERAL}])"
    r"|[○◯]{2,}"
    r"|(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])[XxＸｘ]{2,}(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])"
    r"|\[[^\[\]\n]{0,40}\]|\{[^{}\n]{0,40}\}|［[^［］\n]{0,40}］"
    r"|【(?![^【】\n]*礼)[^【】\n]{0,40}】"
)


def placeholders_left(subject: str, body: str, ctx: MailContext) -> Check:
    text = f"{subject}\n{body}"
    found = [m.group(0) for m in _PLACEHOLDER.finditer(text)]
    found += [p for p in placeholders(ctx.lang).values() if p in text and p not in found]
    if found:
        return _check("placeholders", False, found=_listed(found, ctx.lang))
    return _check("placeholders", True)


def kisha(subject: str, body: str) -> Check:
    count = f"{subject}\n{body}".count("御社")
    return _check("kisha", count == 0, count=count)


def company_name(body: str, ctx: MailContext) -> Check:
    name = " ".join(ctx.company.split())
    ok = not name or _norm(name) in _norm(body)
    return _check("company_name", ok, company=name)


_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+", re.IGNORECASE)
_HONORIFIC = re.compile(r"(?:様|さま|さん|殿)$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def surname(name: str) -> str:
    """The part of a recorded name a mail must contain: the first word of a Japanese name
    (中村 太郎 → 中村; 中村太郎 stays whole), the last word of a Latin one (Mr Taro Nakamura → Nakamura)."""
    name = _HONORIFIC.sub("", _TITLE.sub("", " ".join(name.split()))).strip()
    words = name.split()
    if not words:
        return ""
    return words[0] if _CJK.search(name) else words[-1]


def interviewer_names(body: str, ctx: MailContext) -> Check:
    surnames = [s for s in map(surname, ctx.interviewer_names) if s]
    if not surnames:
        return _check("interviewer_names", True, "none")
    text = _norm(body)
    missing = [s for s in surnames if _norm(s) not in text]
    if missing:
        return _check("interviewer_names", False, missing=_listed(missing, ctx.lang))
    return _check("interviewer_names", True, names=_listed(surnames, ctx.lang))


_REPEATED_WORD = re.compile(r"\b([A-Za-z]+(?:'[A-Za-z]+)?)\s+\1\b", re.IGNORECASE)
_JA = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆"
_REPEATED_PHRASE = re.compile(rf"(?=([{_JA}]{{3,20}}?)\1)")
# Reduplications that are correct Japanese.
ALLOWED_REPEATS = frozenset({"ひとり", "ひとつ", "ひとこと"})


def repeated_words(subject: str, body: str, lang: str) -> Check:
    text = f"{subject}\n{body}"
    found = [m.group(0) for m in _REPEATED_WORD.finditer(text)]
    pos = 0
    while m := _REPEATED_PHRASE.search(text, pos):
        unit = m.group(1)
        if len(set(unit)) > 1 and unit not in ALLOWED_REPEATS:
            found.append(unit * 2)
            pos = m.start() + 2 * len(unit)  # report a run once, not at every shifted start
        else:
            pos = m.start() + 1
    if found:
        return _check("repeated_words", False, found=_listed(found, lang))
    return _check("repeated_words", True)


_DOUBLED = re.compile(r"[。、][。、]|([，,！!？?．])\1+|(?<!\.)\.\.(?!\.)")


def doubled_punctuation(subject: str, body: str, lang: str) -> Check:
    found = [m.group(0) for m in _DOUBLED.finditer(f"{subject}\n{body}")]
    if found:
        return _check("doubled_punctuation", False, found=_listed(found, lang))
    return _check("doubled_punctuation", True)


def mixed_digits(subject: str, body: str, lang: str) -> Check:
    text = f"{subject}\n{body}"
    full = re.findall(r"[０-９]+", text)
    if full and re.search(r"[0-9]", text):
        return _check("mixed_digits", False, found=_listed(full, lang))
    return _check("mixed_digits", True)


# ------------------------------------------------------------------ what a reader catches

def _body(layout: MailLayout) -> str:
    return "\n".join(layout.paragraphs)


def quoted_note(layout: MailLayout, ctx: MailContext) -> Check:
    body = _body(layout)
    # Names are written as the user typed them, quotes included: they are not pasted notes.
    for name in filter(None, (ctx.company, ctx.profile.full_name, *ctx.interviewer_names)):
        body = body.replace(one_line(name), "")
    spans = [_norm(span) for span in wording.quoted_spans(body)]
    found = []
    for note in filter(None, map(one_line, ctx.notes)):
        core = _core(note)
        if core and any(span == core or (len(core) >= 6 and core in span) or (len(span) >= 6 and span in core)
                        for span in spans):
            found.append(_shortened(note))
    if found:
        return _check("quoted_note", False, found=_listed(found, ctx.lang))
    return _check("quoted_note", True)


def note_fragment(layout: MailLayout, lang: str) -> Check:
    found = [_shortened(fragment) for fragment in wording.note_fragments(_body(layout))]
    if found:
        return _check("note_fragment", False, found=_listed(found, lang))
    return _check("note_fragment", True)


def cited_question(layout: MailLayout, ctx: MailContext) -> Check:
    text = _norm(_body(layout))
    found = []
    for question in ctx.questions:
        if not (question.improper or question.rated_low):
            continue
        phrase = phrasing.question_phrase(question.text, ctx.lang)
        forms = [_core(question.text), _norm(phrase.text)]
        if any(len(form) >= 4 and form in text for form in forms):
            found.append(_shortened(question.text))
    if found:
        return _check("cited_question", False, found=_listed(found, ctx.lang))
    return _check("cited_question", True)


def overused_words(layout: MailLayout, ctx: MailContext) -> Check:
    found = wording.overused_words(_body(layout), ctx.lang, ctx.company)
    if found:
        return _check("overused_words", False, found=_listed(found, ctx.lang), limit=wording.OVERUSE_LIMIT)
    return _check("overused_words", True, limit=wording.OVERUSE_LIMIT)


def bracket_width(subject: str, layout: MailLayout) -> Check:
    mixed = wording.mixed_brackets(f"{subject}\n{_body(layout)}")
    if mixed:
        return _check("bracket_width", False, half=_shortened(mixed[0], 20), full=_shortened(mixed[1], 20))
    return _check("bracket_width", True)


def spaced_japanese(layout: MailLayout, lang: str) -> Check:
    found = [f"「{text}」" if lang == "ja" else f"“{text}”" for text in wording.spaces_in_japanese(_body(layout))]
    if found:
        return _check("spaced_japanese", False, found=_listed(found, lang))
    return _check("spaced_japanese", True)


def double_closing(layout: MailLayout, lang: str) -> Check:
    found = [_shortened(pair, 60) for pair in wording.double_closings(_body(layout))]
    if found:
        return _check("double_closing", False, found=_listed(found, lang))
    return _check("double_closing", True)


def display_width(text: str) -> int:
    """Columns `text` takes: full-width (East Asian wide) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def subject_line(subject: str, lang: str) -> Check:
    text = " ".join(subject.split())
    if not text:
        return _check("subject", False, "empty")
    # Japanese counts in full-width characters, English in characters.
    per = 2 if lang == "ja" else 1
    length, limit = math.ceil(display_width(text) / per), SUBJECT_MAX_WIDTH // per
    return _check("subject", length <= limit, None if length <= limit else "too_long", length=length, limit=limit)


def profile_complete(ctx: MailContext) -> Check:
    missing = [name for name in required_profile_fields(ctx.lang) if not " ".join(getattr(ctx.profile, name).split())]
    if missing:
        return _check("profile", False, found=_listed([t(f"mail.profile_field.{m}", ctx.lang) for m in missing],
                                                        ctx.lang))
    return _check("profile", True)


def document_checks(subject: str, body: str, lang: str) -> list[Check]:
    """The checks that need nothing but the text, for any drafted document (the agent
    report too): doubled words and punctuation, digit and bracket widths, quoted fragments,
    spaces inside Japanese and two closings in a row (the last three in the body paragraphs)."""
    layout = mail_layout(body)
    checks = [
        repeated_words(subject, body, lang),
        doubled_punctuation(subject, body, lang),
        mixed_digits(subject, body, lang),
        note_fragment(layout, lang),
        bracket_width(subject, layout),
    ]
    if lang == "ja":
        checks.append(spaced_japanese(layout, lang))
    checks.append(double_closing(layout, lang))
    return checks


def run_checks(subject: str, body: str, context: MailContext) -> list[Check]:
    """Every check on the mail as it is now, in the order the panel shows them."""
    layout = mail_layout(body)
    lang = context.lang
    checks = [
        send_window(context),
        subject_line(subject, lang),
        thanks_start(layout),
        thanks_end(layout),
        concrete_point(layout, context),
        paragraphs(layout),
        placeholders_left(subject, body, context),
    ]
    if lang == "ja":
        checks.append(kisha(subject, body))
    checks += [
        company_name(body, context),
        interviewer_names(body, context),
        profile_complete(context),
        quoted_note(layout, context),
        cited_question(layout, context),
        overused_words(layout, context),
        *document_checks(subject, body, lang),
    ]
    return checks
