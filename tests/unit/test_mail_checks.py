"""The checks panel: each check with mails that pass and mails that fail."""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lib import i18n
from lib.config import LANGUAGES
from lib.generate import mail_checks
from lib.generate.mail_checks import MailContext, run_checks, surname
from lib.generate.thank_you_mail import InterviewQuestion, mail_layout
from lib.models import Profile

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 27, 14, 0, tzinfo=TOKYO)
PROFILE = Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com")

SUBJECT = {
    "ja": "二次面接のお礼（2026年11月27日）／山田 太郎",
    "en": "Thank you – 2nd interview on 27 November 2026 – Taro Yamada",
}
BODY = {
    "ja": """株式会社ミナトデータ
プロダクト部 中村様

本日14時から二次面接でお世話になりました、山田太郎です。
お忙しい中、誠にありがとうございました。

面接で伺ったデータ品質の自動監視についてのお話が、特に印象に残っております。

貴社で働きたいという思いがいっそう強くなりました。

改めまして、誠にありがとうございました。

――――――――
山田 太郎（やまだ たろう）
電話：090-1234-5678
メール：taro@example.com
――――――――""",
    "en": """Dear Mr Nakamura,

Thank you for meeting me today for my 2nd interview at Minato Data Inc.

I especially enjoyed our conversation about the data-quality monitor.

Our conversation made me even keener to join your team.

Thank you again for your time. I look forward to hearing from you.

Kind regards,
Taro Yamada
Phone: 090-1234-5678
E-mail: taro@example.com""",
}
COMPANY = {"ja": "株式会社ミナトデータ", "en": "Minato Data Inc."}
INTERVIEWER = {"ja": "中村 一郎", "en": "Mr Ichiro Nakamura"}
POINT = {"ja": "データ品質の自動監視", "en": "the data-quality monitor"}


def context(lang: str, **changes) -> MailContext:
    ctx = MailContext(lang=lang, company=COMPANY[lang], interviewer_names=[INTERVIEWER[lang]],
                      interview_start=START, now=START + timedelta(hours=1), profile=PROFILE,
                      concrete_points=[POINT[lang], "Why now?"])
    return replace(ctx, **changes)


def check(key: str, lang: str, *, subject: str | None = None, body: str | None = None, **changes):
    found = [c for c in run_checks(SUBJECT[lang] if subject is None else subject,
                                   BODY[lang] if body is None else body, context(lang, **changes)) if c.key == key]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reference_mails_pass_every_check(lang):
    assert [(c.key, c.message_key) for c in run_checks(SUBJECT[lang], BODY[lang], context(lang)) if not c.ok] == []


def test_checks_come_in_a_fixed_order_and_kisha_only_for_japanese():
    ja = [c.key for c in run_checks(SUBJECT["ja"], BODY["ja"], context("ja"))]
    en = [c.key for c in run_checks(SUBJECT["en"], BODY["en"], context("en"))]
    assert ja == ["send_window", "subject", "thanks_start", "thanks_end", "concrete_point", "paragraphs",
                  "placeholders", "kisha", "company_name", "interviewer_names", "profile", "quoted_note",
                  "cited_question", "overused_words", "repeated_words", "doubled_punctuation", "mixed_digits",
                  "note_fragment", "bracket_width", "spaced_japanese", "double_closing"]
    assert en == [key for key in ja if key not in ("kisha", "spaced_japanese")]


# ------------------------------------------------------------------ send window

@pytest.mark.parametrize(("now", "ok", "variant"), [
    (START - timedelta(minutes=1), False, "before"),
    (START + timedelta(minutes=90), True, "ok"),
    (datetime(2026, 11, 27, 23, 59, tzinfo=TOKYO), True, "ok"),
    (datetime(2026, 11, 28, 0, 0, tzinfo=TOKYO), True, "due_today"),
    (datetime(2026, 11, 28, 23, 59, 59, tzinfo=TOKYO), True, "due_today"),
    (datetime(2026, 11, 29, 0, 0, tzinfo=TOKYO), False, "late"),
    (datetime(2026, 12, 5, 9, 0, tzinfo=TOKYO), False, "late"),
    # `now` in another zone is compared in the interview's zone: 15:30 UTC is 00:30 the next day in Tokyo.
    (datetime(2026, 11, 27, 15, 30, tzinfo=UTC), True, "due_today"),
    (datetime(2026, 11, 28, 14, 59, tzinfo=UTC), True, "due_today"),
    (datetime(2026, 11, 28, 15, 0, tzinfo=UTC), False, "late"),
])
def test_send_window(now, ok, variant):
    result = check("send_window", "ja", now=now)
    assert (result.ok, result.message_key) == (ok, f"mail.check.send_window.{variant}")


@pytest.mark.parametrize(("lang", "deadline"), [("ja", "2026年11月28日（土）23:59"), ("en", "Sat 28 Nov 2026, 23:59")])
def test_send_window_shows_the_deadline_as_the_end_of_the_next_day(lang, deadline):
    result = check("send_window", lang)
    assert result.params == {"deadline": deadline}
    assert deadline in i18n.t(result.message_key, lang, **result.params)


def test_send_window_uses_the_interview_zone_not_utc():
    early = datetime(2026, 11, 27, 8, 0, tzinfo=TOKYO)  # 26 November 23:00 UTC
    result = check("send_window", "en", interview_start=early, now=datetime(2026, 11, 28, 23, 0, tzinfo=TOKYO))
    assert result.ok and result.params["deadline"] == "Sat 28 Nov 2026, 23:59"


# ------------------------------------------------------------------ thanks

@pytest.mark.parametrize("lang", LANGUAGES)
def test_thanks_at_the_start_fails_when_the_first_paragraph_has_none(lang):
    first = mail_layout(BODY[lang]).paragraphs[0]
    without_thanks = "本日14時から二次面接でお世話になりました。" if lang == "ja" else "I met you today."
    body = BODY[lang].replace(first, without_thanks)
    result = check("thanks_start", lang, body=body)
    assert not result.ok and result.message_key == "mail.check.thanks_start.fail"
    assert check("thanks_end", lang, body=body).ok


@pytest.mark.parametrize("lang", LANGUAGES)
def test_thanks_at_the_end_fails_when_the_last_paragraph_has_none(lang):
    last = mail_layout(BODY[lang]).paragraphs[-1]
    without_thanks = "今後ともよろしくお願いいたします。" if lang == "ja" else "I look forward to hearing from you."
    body = BODY[lang].replace(last, without_thanks)
    assert not check("thanks_end", lang, body=body).ok
    assert check("thanks_start", lang, body=body).ok


@pytest.mark.parametrize("phrase", ["ありがとうございました", "御礼申し上げます", "お礼申し上げます",
                                    "感謝しております", "Thank you", "THANKS again", "I am grateful", "I appreciate it"])
def test_thanks_phrases_are_recognised(phrase):
    body = f"Dear Ms Sato,\n\n{phrase}.\n\nMiddle.\n\n{phrase}.\n\nKind regards,\nTaro"
    assert check("thanks_start", "en", body=body).ok and check("thanks_end", "en", body=body).ok


def test_thanks_fail_on_a_mail_without_paragraphs():
    assert not check("thanks_start", "en", body="").ok
    assert not check("thanks_end", "en", body="Dear Ms Sato,").ok


# ------------------------------------------------------------------ concrete point

@pytest.mark.parametrize("lang", LANGUAGES)
def test_concrete_point_passes_when_a_recorded_topic_appears(lang):
    result = check("concrete_point", lang)
    assert result.ok and result.params == {"point": POINT[lang]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_concrete_point_fails_when_the_point_was_edited_away(lang):
    body = BODY[lang].replace(POINT[lang], "貴社の事業" if lang == "ja" else "your business")
    result = check("concrete_point", lang, body=body)
    assert not result.ok and result.message_key == "mail.check.concrete_point.fail"
    assert result.params == {"point": POINT[lang]}


def test_concrete_point_ignores_width_case_blanks_and_the_question_mark():
    body = BODY["en"].replace("the data-quality monitor", "your question on why NOW")
    assert check("concrete_point", "en", body=body, concrete_points=["Why   now？"]).ok
    body = BODY["ja"].replace("データ品質の自動監視", "ＡＩ 活用の方針")
    assert check("concrete_point", "ja", body=body, concrete_points=["AI活用の方針"]).ok


def test_concrete_point_in_the_signature_does_not_count():
    body = BODY["en"].replace("the data-quality monitor", "your plans") + "\nthe data-quality monitor"
    assert not check("concrete_point", "en", body=body).ok


@pytest.mark.parametrize(("lang", "stand_in"), [("ja", "【具体的な話題】"), ("en", "[a topic from the interview]")])
def test_concrete_point_with_nothing_recorded(lang, stand_in):
    body = BODY[lang].replace(POINT[lang], stand_in)
    result = check("concrete_point", lang, body=body, concrete_points=[])
    assert (result.ok, result.message_key) == (False, "mail.check.concrete_point.none_recorded")
    result = check("concrete_point", lang, concrete_points=["", "  "])
    assert (result.ok, result.message_key) == (True, "mail.check.concrete_point.unverified")


def test_a_very_long_point_is_shortened_in_the_message():
    result = check("concrete_point", "ja", concrete_points=["長" * 500])
    assert not result.ok and len(result.params["point"]) == 40 and result.params["point"].endswith("…")


# ------------------------------------------------------------------ paragraphs

def paragraphs_body(count: int) -> str:
    middle = "\n\n".join(f"Paragraph {n}." for n in range(count - 2))
    return "\n\n".join(filter(None, ["Dear Ms Sato,", "Thank you.", middle, "Thank you again.",
                                     "Kind regards,\nTaro\n\nPhone: 090"]))


@pytest.mark.parametrize(("count", "ok"), [(1, False), (2, False), (3, True), (4, True), (5, True), (6, False),
                                           (9, False)])
def test_paragraphs(count, ok):
    result = check("paragraphs", "en", body=paragraphs_body(count) if count > 1 else "Dear Ms Sato,\n\nThank you.")
    assert result.ok == ok and result.params == {"count": count, "min": 3, "max": 5}


def test_paragraphs_are_split_by_lines_holding_only_blanks():
    body = "株式会社A\n中村様\n\n一。\n　\n二。\n \t \n三。\n\n――\n山田"
    assert check("paragraphs", "ja", body=body).params["count"] == 3


# ------------------------------------------------------------------ placeholders

@pytest.mark.parametrize("text", ["〇〇株式会社", "○○様", "◯◯", "XX", "xx の件", "ＸＸ", "xxx@example.com", "[会社名]",
                                  "[]", "[ ]", "{name}", "{}", "【氏名】", "［会社名］", "[Your name]"])
def test_placeholders_fail(text):
    body = BODY["ja"].replace("お忙しい中、", f"{text} お忙しい中、")
    result = check("placeholders", "ja", body=body)
    assert not result.ok and result.message_key == "mail.check.placeholders.fail"
    assert result.params["found"]


@pytest.mark.parametrize("text", ["二〇〇〇年", "〇", "XXL", "Max", "Xx2", "(株)", "【お礼】", "【御礼】"])
def test_placeholders_pass(text):
    assert check("placeholders", "ja", subject=f"{text}{SUBJECT['ja']}").ok


def test_placeholders_in_the_subject_are_found_and_listed():
    result = check("placeholders", "ja", subject="二次面接のお礼／【氏名】")
    assert result.params == {"found": "【氏名】"}


def test_placeholders_list_at_most_five_findings_once_each():
    body = BODY["en"] + "\n[a] [b] [c] [a] [d] [e] [f]"
    assert check("placeholders", "en", body=body).params == {"found": "[a], [b], [c], [d], [e]"}


# ------------------------------------------------------------------ 貴社 / 御社

def test_kisha_fails_on_onsha_and_counts_it():
    body = BODY["ja"].replace("貴社", "御社") + "\n御社"
    result = check("kisha", "ja", body=body, subject="御社の面接")
    assert not result.ok and result.params == {"count": 3}
    assert check("kisha", "ja").ok


# ------------------------------------------------------------------ names

@pytest.mark.parametrize("lang", LANGUAGES)
def test_company_name_must_appear_in_the_body(lang):
    assert check("company_name", lang).ok
    body = BODY[lang].replace(COMPANY[lang], "株式会社ミナトテック" if lang == "ja" else "Minato Tech Inc.")
    result = check("company_name", lang, body=body)
    assert not result.ok and result.params == {"company": COMPANY[lang]}


def test_company_name_ignores_blanks_and_width():
    assert check("company_name", "ja", company="株式会社 ミナトデータ").ok
    assert check("company_name", "en", company="MINATO  DATA INC.").ok


@pytest.mark.parametrize("lang", LANGUAGES)
def test_interviewer_surnames_must_appear(lang):
    assert check("interviewer_names", lang).params == {"names": "中村" if lang == "ja" else "Nakamura"}
    body = BODY[lang].replace("中村", "仲村").replace("Nakamura", "Nakamoto")
    result = check("interviewer_names", lang, body=body)
    assert not result.ok and result.params == {"missing": "中村" if lang == "ja" else "Nakamura"}


def test_every_recorded_interviewer_is_looked_for():
    result = check("interviewer_names", "ja", interviewer_names=["中村 一郎", "高橋 花子", "佐藤", "  "])
    assert not result.ok and result.params == {"missing": "高橋、佐藤"}


def test_no_recorded_interviewer_passes():
    result = check("interviewer_names", "ja", interviewer_names=["", " "])
    assert (result.ok, result.message_key) == (True, "mail.check.interviewer_names.none")


@pytest.mark.parametrize(("name", "expected"), [
    ("中村 一郎", "中村"), ("中村　一郎", "中村"), ("中村一郎", "中村一郎"), ("中村様", "中村"), ("中村さん", "中村"),
    ("Mr Ichiro Nakamura", "Nakamura"), ("Ms. Sato", "Sato"), ("Dr Mori", "Mori"), ("Sato", "Sato"),
    ("Taro Yamada", "Yamada"), ("", ""), ("  ", ""),
])
def test_surname(name, expected):
    assert surname(name) == expected


# ------------------------------------------------------------------ repeated words, punctuation, digits

@pytest.mark.parametrize(("text", "found"), [
    ("I enjoyed the the talk.", "the the"),
    ("The the talk.", "The the"),
    ("ありがとうございますありがとうございます。", "ありがとうございますありがとうございます"),
    ("貴社の事業貴社の事業に", "貴社の事業貴社の事業"),
])
def test_repeated_words_fail(text, found):
    result = check("repeated_words", "ja", body=BODY["ja"] + "\n" + text)
    assert not result.ok and result.params == {"found": found}


@pytest.mark.parametrize("text", ["ますます", "いろいろ", "ひとりひとり", "ひとつひとつ", "――――――", "ーーーーーー",
                                  "その、その", "the then", "that, that"])
def test_repeated_words_pass(text):
    assert check("repeated_words", "ja", body=BODY["ja"] + "\n" + text).ok


@pytest.mark.parametrize("text", ["ありがとうございました。。", "本日は、、", "以上。、", "Thanks!!", "Really??",
                                  "Inc..", "one,, two", "！！", "？？", "，，", "．．"])
def test_doubled_punctuation_fails(text):
    result = check("doubled_punctuation", "ja", body=BODY["ja"] + "\n" + text)
    assert not result.ok and result.params["found"]


@pytest.mark.parametrize("text", ["Well...", "そして……", "Inc. The", "https://example.com/a.b", "!?", "Wait....",
                                  "1,000"])
def test_doubled_punctuation_passes(text):
    assert check("doubled_punctuation", "ja", body=BODY["ja"] + "\n" + text).ok


def test_mixed_digits():
    body = BODY["ja"].replace("090-1234-5678", "０９０-１２３４-５６７８")
    result = check("mixed_digits", "ja", body=body)
    assert not result.ok and result.params == {"found": "０９０、１２３４、５６７８"}
    assert check("mixed_digits", "ja").ok
    full_only = "株式会社A\n中村様\n\n本日１４時から。"
    assert check("mixed_digits", "ja", subject="お礼", body=full_only).ok
    assert not check("mixed_digits", "ja", subject="お礼 11月", body=full_only).ok


# ------------------------------------------------------------------ subject

@pytest.mark.parametrize(("lang", "subject", "ok", "variant", "params"), [
    ("ja", "", False, "empty", {}),
    ("ja", " \u3000 ", False, "empty", {}),
    ("ja", "あ" * 35, True, "ok", {"length": 35, "limit": 35}),
    ("ja", "あ" * 36, False, "too_long", {"length": 36, "limit": 35}),
    ("ja", "a" * 70, True, "ok", {"length": 35, "limit": 35}),
    ("ja", "a" * 71, False, "too_long", {"length": 36, "limit": 35}),
    ("en", "x" * 70, True, "ok", {"length": 70, "limit": 70}),
    ("en", "x" * 71, False, "too_long", {"length": 71, "limit": 70}),
])
def test_subject(lang, subject, ok, variant, params):
    result = check("subject", lang, subject=subject)
    assert (result.ok, result.message_key, result.params) == (ok, f"mail.check.subject.{variant}", params)


# ------------------------------------------------------------------ profile

def test_profile_lists_the_missing_fields_in_the_language_of_the_mail():
    ja = check("profile", "ja", profile=Profile(full_name="山田 太郎", email=" "))
    assert not ja.ok and ja.params == {"found": "氏名（ふりがな）、電話番号、メールアドレス"}
    en = check("profile", "en", profile=Profile(full_name="Taro Yamada", email="taro@example.com"))
    assert not en.ok and en.params == {"found": "Phone number"}


def test_the_kana_reading_is_required_for_japanese_mails_only():
    profile = replace(PROFILE, full_name_kana="")
    assert not check("profile", "ja", profile=profile).ok
    assert check("profile", "en", profile=profile).ok


# ------------------------------------------------------------------ messages

def every_result(lang: str):
    """Each check passing and failing at least once."""
    bad_body = ("株式会社X\n\n〇〇 the the。。０１ 御社 (a)（b） 山田 太郎\n\n「データ品質の自動監視」のお話\n"
                "「なぜ今?」という質問。貴社貴社 貴社 貴社\nよろしくお願いいたします。\nよろしくお願いいたします。\n\n"
                if lang == "ja" else "Hi\n\nXX the the.. ０１ (a)（b）\n\nabout “the data-quality monitor” and "
                "“Why now?” data data data data\nI look forward to it. I look forward to it.\n\n")
    contexts = [context(lang), context(lang, now=START - timedelta(hours=1), profile=Profile(), concrete_points=[]),
                context(lang, now=START + timedelta(days=1)), context(lang, now=START + timedelta(days=3)),
                context(lang, interviewer_names=[]),
                context(lang, notes=[POINT[lang]], questions=[InterviewQuestion("なぜ今?", 1), InterviewQuestion("Why now?", 2)])]
    for subject, body in ((SUBJECT[lang], BODY[lang]), ("", bad_body), ("x" * 200, BODY[lang] + bad_body)):
        for ctx in contexts:
            yield from run_checks(subject, body, ctx)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_exists_and_formats_with_its_params(lang):
    seen = set()
    for result in every_result(lang):
        text = i18n.t(result.message_key, lang, **result.params)
        assert text.strip() and "{" not in text
        strings = i18n.catalog(lang)
        # A message about a count may come in plural forms (key.one / key.other).
        forms = [strings[key] for key in (result.message_key, f"{result.message_key}.one",
                                          f"{result.message_key}.other") if key in strings]
        needed = {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}
        assert needed <= set(result.params)
        seen.add(result.message_key)
        assert i18n.t(f"mail.check.{result.key}.title", lang)
    assert {k.rsplit(".", 1)[0] for k in seen} == {f"mail.check.{key}" for key in
                                                   {c.key for c in run_checks("", "", context(lang))}}


def test_every_check_message_key_in_the_code_is_in_the_locale_file():
    source = Path(mail_checks.__file__).read_text()
    variants = set(re.findall(r'_check\("(\w+)", [^,]+, "(\w+)"', source))
    keys = {f"mail.check.{key}.{variant}" for key, variant in variants}
    keys |= {f"mail.check.{key}.{v}" for key in re.findall(r'_check\("(\w+)"', source) for v in ("ok",)}
    for lang in LANGUAGES:
        assert keys - set(i18n.catalog(lang)) == set()


# ------------------------------------------------------------------ what a reader catches

def with_paragraph(lang: str, text: str) -> str:
    """The reference mail with one more body paragraph before the closing one."""
    layout = mail_layout(BODY[lang])
    return BODY[lang].replace(layout.paragraphs[-1], f"{text}\n\n{layout.paragraphs[-1]}")


@pytest.mark.parametrize(("lang", "text", "ok"), [
    ("ja", "「データ品質の自動監視」が印象に残りました。", False),
    ("ja", "『データ品質の自動監視』の件です。", False),
    ("ja", "「データ品質の自動監視という話」を伺いました。", False),  # the note inside a longer quote
    ("ja", "データ品質の自動監視が印象に残りました。", True),
    ("ja", "「顧客第一」という考え方に共感しました。", True),  # a quote, but not a note
    ("en", "I enjoyed hearing about “the data-quality monitor”.", False),
    ("en", 'I enjoyed "the data-quality monitor".', False),
    ("en", "I enjoyed hearing about the data-quality monitor.", True),
])
def test_quoted_note(lang, text, ok):
    result = check("quoted_note", lang, body=with_paragraph(lang, text), notes=[POINT[lang]])
    assert result.ok == ok
    assert result.params == ({} if ok else {"found": POINT[lang]})


def test_a_name_typed_with_quotes_is_not_a_quoted_note():
    """Found by hypothesis: a company named “0” and an untold point "0" are not a pasted note."""
    assert check("quoted_note", "en", body=with_paragraph("en", "I enjoyed meeting the team at “0”."),
                 company="“0”", notes=["0"]).ok


@pytest.mark.parametrize(("lang", "text", "ok"), [
    ("ja", "面接の中で伺った「海外展開という話」のお話が、印象に残っております。", False),
    ("ja", "補足させてください。「顧客インタビューを30件行った経験」についてです。", False),
    ("ja", "「海外展開」の話を伺いました。", False),
    ("ja", "「海外展開」についてのお話を伺いました。", False),
    ("ja", "海外展開についてのお話を伺いました。", True),
    ("ja", "「顧客第一」という考え方に共感しました。", True),
    ("en", "I enjoyed our conversation about “Their move to a cloud-first setup”.", False),
    ("en", "one point I could not get across: “Cut p99 latency by 40%”.", False),
    ("en", 'Your question on "why now" made me think.', False),
    ("en", "I enjoyed hearing about your move to a cloud-first setup.", True),
    ("en", "As my manager put it, “ship small”, and we did.", True),
])
def test_note_fragment(lang, text, ok):
    result = check("note_fragment", lang, body=with_paragraph(lang, text))
    assert result.ok == ok
    assert bool(result.params.get("found")) == (not ok)


BAD_QUESTIONS = [InterviewQuestion("ご家族のお仕事を教えてください", 4, "positive"),  # improper
                 InterviewQuestion("転職理由を教えてください", 2, "negative"),  # rated low
                 InterviewQuestion("Why are you changing jobs now?", 1),
                 InterviewQuestion("強みを教えてください", 5, "positive")]  # went well


@pytest.mark.parametrize(("lang", "text", "found"), [
    ("ja", "「ご家族のお仕事を教えてください」というご質問をいただき、良い機会となりました。", "ご家族のお仕事を教えてください"),
    ("ja", "転職理由についてご質問をいただき、良い機会となりました。", "転職理由を教えてください"),
    ("ja", "強みについてご質問をいただき、良い機会となりました。", None),
    ("en", "Your question about why I am changing jobs now stayed with me.", "Why are you changing jobs now?"),
    ("en", "Your question “Why are you changing jobs now?” stayed with me.", "Why are you changing jobs now?"),
    ("en", "Your question about my strengths stayed with me.", None),
])
def test_cited_question(lang, text, found):
    result = check("cited_question", lang, body=with_paragraph(lang, text), questions=BAD_QUESTIONS)
    assert result.ok == (found is None)
    assert result.params == ({"found": found} if found else {})


@pytest.mark.parametrize(("lang", "text", "found"), [
    ("ja", "これまでの経験を活かし、経験を積み、経験を広げます。", "経験"),
    ("ja", "貴社の事業と、貴社の文化と、貴社の人に惹かれました。", "貴社"),
    ("ja", "この力を活かし、あの力を活かし、その力も活かします。", "活か"),
    ("ja", "株式会社ミナトデータの製品と株式会社ミナトデータの人。", "株式会社ミナトデータ"),  # 3 with the greeting? no: body only
    ("ja", "経験を活かし、経験を積みます。", None),
    ("en", "My experience, your experience, and more experience.", "experience"),
    ("en", "Minato Data Inc. and Minato Data Inc. again.", "Minato Data Inc."),
    ("en", "The proposals and the proposal went well.", None),  # interviews: plural folded
    ("en", "Our roadmap was a good roadmap.", None),
    ("en", "The interviews went well; the interview was fun.", "interview"),  # with the mail's own: three
])
def test_overused_words(lang, text, found):
    body = with_paragraph(lang, text)
    if found == "株式会社ミナトデータ":
        body = with_paragraph(lang, text + "株式会社ミナトデータに入りたい。")
    result = check("overused_words", lang, body=body)
    assert result.ok == (found is None), result.params
    if found:
        assert found in result.params["found"].split(i18n.t("mail.list_separator", lang))


@pytest.mark.parametrize(("lang", "subject", "text", "ok"), [
    ("ja", SUBJECT["ja"], "日時：2026年11月24日(火) 14:00（転職理由）", False),  # the agent report's mix
    ("ja", "二次面接のお礼(2026年11月27日)", "お話（海外展開）を伺いました。", False),
    ("ja", SUBJECT["ja"], "日時：2026年11月24日（火）14:00（転職理由）", True),
    ("en", SUBJECT["en"], "My role (product) and （plans）.", False),
    ("en", SUBJECT["en"], "My role (product) and (plans).", True),
])
def test_bracket_width(lang, subject, text, ok):
    result = check("bracket_width", lang, subject=subject, body=with_paragraph(lang, text))
    assert result.ok == ok
    assert set(result.params) == (set() if ok else {"half", "full"})


@pytest.mark.parametrize(("text", "found"), [
    ("二次面接でお世話になりました、山田 太郎です。", "「田 太」"),
    ("本日 14時からの面接", "「日 1」"),
    ("新人 2 名を育成しました。", "「人 2」、「2 名」"),
    ("面接　ありがとうございました。", None),  # a full-width space is Japanese typography
    ("新人 PM の育成を担当しました。", None),  # a space next to a Latin word is allowed
    ("山田太郎です。", None),
])
def test_spaced_japanese(text, found):
    result = check("spaced_japanese", "ja", body=with_paragraph("ja", text))
    assert result.ok == (found is None)
    assert result.params == ({"found": found} if found else {})


def test_spaced_japanese_ignores_the_address_block_and_the_signature():
    assert "部長 中村" not in BODY["ja"]
    body = BODY["ja"].replace("プロダクト部 中村様", "プロダクト部 部長 中村 一郎様")
    assert check("spaced_japanese", "ja", body=body).ok  # the signature has 山田 太郎 too


@pytest.mark.parametrize(("lang", "text", "ok"), [
    ("ja", "ご確認のほどよろしくお願いいたします。\n引き続きどうぞよろしくお願いいたします。", False),
    ("ja", "よろしくお願い致します。今後ともよろしくお願い申し上げます。", False),
    ("ja", "ご発展をお祈り申し上げます。\nよろしくお願いいたします。", False),
    ("ja", "誠にありがとうございました。\n今後ともどうぞよろしくお願いいたします。", True),
    ("ja", "よろしくお願いいたします。\n改めて御礼申し上げます。\nよろしくお願いいたします。", True),
    ("en", "I look forward to hearing from you. I look forward to meeting you again.", False),
    ("en", "Thank you again. I look forward to hearing from you.", True),
])
def test_double_closing(lang, text, ok):
    result = check("double_closing", lang, body=with_paragraph(lang, text))
    assert result.ok == ok
    assert bool(result.params) == (not ok)


# ------------------------------------------------------------------ the drafts the issue quotes

# Drafted by the composer before the fix, from ordinary reflections (see issue 13).
DRAFT_JA_SHORT = """株式会社ミナトデータ
部長 中村 一郎様

本日14時から二次面接でお世話になりました、山田 太郎です。
お忙しい中、貴重なお時間をいただき、誠にありがとうございました。

面接の中で伺った「データ基盤をクラウドに移すという話」のお話が、特に印象に残っております。

面接では十分にお伝えしきれなかった点について、補足させてください。「顧客インタビューを30件行って優先順位を決めた経験」についてです。
具体的には、「解約率の改善」において、「週次の仕様レビューを導入した」という取り組みにより、「解約率を4ポイント下げた」という成果につなげることができました。
今回の面接を通じて、貴社で働きたいという思いがいっそう強くなりました。

改めまして、このたびは面接の機会をいただき、誠にありがとうございました。
今後ともどうぞよろしくお願いいたします。

――――――――――――――――――――――――
山田 太郎（やまだ たろう）
電話：090-1234-5678
メール：taro@example.com
――――――――――――――――――――――――"""
DRAFT_JA_IMPROPER = """株式会社ミナトデータ
部長 中村 一郎様

本日14時から二次面接でお世話になりました、山田 太郎です。
お忙しい中、貴重なお時間をいただき、誠にありがとうございました。

面接でいただいた「ご家族は何をされていますか?」というご質問は、自分の経験を改めて振り返る良い機会となりました。

今回の面接を通じて、貴社で働きたいという思いがいっそう強くなりました。
これまでの経験を活かし、貴社の事業に貢献できるよう努めてまいります。

改めまして、このたびは面接の機会をいただき、誠にありがとうございました。
今後ともどうぞよろしくお願いいたします。

――――――――――――――――――――――――
山田 太郎（やまだ たろう）
電話：090-1234-5678
メール：taro@example.com
――――――――――――――――――――――――"""
DRAFT_JA_REPEATED = """株式会社ミナトデータ
部長 中村 一郎様

本日14時から二次面接でお世話になりました、山田 太郎です。
お忙しい中、貴重なお時間をいただき、誠にありがとうございました。

面接の中で伺った「データ基盤をクラウドに移すという話」のお話が、特に印象に残っております。
貴社の事業への理解が深まるとともに、これまでの経験を活かせる場面を具体的に思い描くことができました。
また、「前職で苦労したことを教えてください」というご質問をいただき、自分の経験を改めて振り返る良い機会となりました。

面接では十分にお伝えしきれなかった点について、補足させてください。「新人 PM 2 名の育成経験」についてです。
具体的には、「新人育成」において、「育成計画を作った」という取り組みにより、「2 名とも独り立ちした」という成果につなげることができました。
この経験は、貴社でも必ず活かせると考えております。

今回の面接を通じて、貴社で働きたいという思いがいっそう強くなりました。
これまでの経験を活かし、貴社の事業に貢献できるよう努めてまいります。

改めまして、このたびは面接の機会をいただき、誠にありがとうございました。
今後ともどうぞよろしくお願いいたします。

――――――――――――――――――――――――
山田 太郎（やまだ たろう）
電話：090-1234-5678
メール：taro@example.com
――――――――――――――――――――――――"""
DRAFT_EN = """Dear Ms Sato,

Thank you very much for taking the time to meet me today for my 2nd interview at Minato Data Inc. I enjoyed our conversation and learning more about the role.

I especially enjoyed our conversation about “Their move to a cloud-first setup”. It gave me a much clearer picture of the work and of where my experience could help. Your question “Why are you leaving your current job?” also gave me a welcome chance to reflect on my own experience.

I would also like to add a point I could not fully get across in the interview: “Cut p99 latency by 40% in six months”. I am confident this experience would help me contribute at Minato Data Inc.

Our conversation has made me even more enthusiastic about joining Minato Data Inc. I would be glad to bring my experience to your team and contribute to its work.

Thank you again for your time and consideration. I look forward to hearing from you.

Kind regards,
Taro Yamada
Phone: 090-1234-5678
E-mail: taro@example.com"""
DRAFT_AGENT_REPORT = """キャリアブリッジ
佐藤様

いつもお世話になっております。山田 太郎です。
本日の株式会社ミナトデータの二次面接について、ご報告いたします。

【面接概要】
・企業：株式会社ミナトデータ
・日時：2026年11月24日(火) 14:00
・選考段階：二次面接

【質問と回答】
1. 転職理由を教えてください（転職理由）
　回答：裁量を持って働きたい
　自己評価：3/5　／　面接官の反応：普通

【懸念点】
特にありません。

お忙しいところ恐れ入りますが、ご確認のほどよろしくお願いいたします。
引き続きどうぞよろしくお願いいたします。

山田 太郎"""
ISSUE_NOTES = {"ja": ["データ基盤をクラウドに移すという話", "顧客インタビューを30件行って優先順位を決めた経験",
                      "新人 PM 2 名の育成経験"],
               "en": ["Their move to a cloud-first setup", "Cut p99 latency by 40% in six months"]}
ISSUE_QUESTIONS = [InterviewQuestion("ご家族は何をされていますか?", 3), InterviewQuestion("前職で苦労したことを教えてください", 2, "negative"),
                   InterviewQuestion("Why are you leaving your current job?", 2, "negative")]


@pytest.mark.parametrize(("lang", "draft", "expected"), [
    ("ja", DRAFT_JA_SHORT, {"quoted_note", "note_fragment", "spaced_japanese"}),
    ("ja", DRAFT_JA_IMPROPER, {"cited_question", "spaced_japanese"}),
    ("ja", DRAFT_JA_REPEATED, {"quoted_note", "note_fragment", "cited_question", "overused_words",
                               "spaced_japanese"}),
    ("en", DRAFT_EN, {"quoted_note", "note_fragment", "cited_question", "overused_words"}),
])
def test_every_draft_the_issue_quotes_fails_what_a_reader_would_catch(lang, draft, expected):
    ctx = context(lang, company="株式会社ミナトデータ" if lang == "ja" else "Minato Data Inc.",
                  interviewer_names=[], notes=ISSUE_NOTES[lang], questions=ISSUE_QUESTIONS)
    failed = {c.key for c in run_checks(SUBJECT[lang], draft, ctx) if not c.ok}
    assert expected <= failed, failed


def test_the_repeated_words_of_the_issue_are_named():
    ja = check("overused_words", "ja", body=DRAFT_JA_REPEATED, company="株式会社ミナトデータ")
    assert {"経験", "活か", "貴社"} <= set(ja.params["found"].split("、"))
    en = check("overused_words", "en", body=DRAFT_EN, company="Minato Data Inc.")
    assert {"Minato Data Inc.", "experience", "conversation"} <= set(en.params["found"].split(", "))


def test_the_agent_report_the_issue_quotes_fails_the_document_checks():
    failed = {c.key for c in mail_checks.document_checks("【面接報告】", DRAFT_AGENT_REPORT, "ja") if not c.ok}
    assert failed == {"bracket_width", "double_closing", "spaced_japanese"}
