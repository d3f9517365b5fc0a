"""The thank-you mail composer: every language × formality × length × persona."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.config import LANGUAGES
from lib.generate import mail_checks
from lib.generate.text import template
from lib.generate.thank_you_mail import (
    FORMALITIES,
    LENGTHS,
    Interviewer,
    MailInput,
    Profile,
    Story,
    compose,
    mail_layout,
    placeholders,
)

TOKYO = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 11, 27, 14, 0, tzinfo=TOKYO)
DATE_TEXT = {"ja": "2026年11月27日", "en": "27 November 2026"}
THANKS = re.compile(r"ありがとう|御礼|お礼|感謝|thank", re.IGNORECASE)
LONG = "長い説明" * 600  # 2,400 characters
SLOT = re.compile(r"\{(?:company|round|day|time|date|full_name|full_name_kana|phone|email|topic|question|"
                  r"untold|where|title|action|result|names|text)\}")


def complete(lang: str) -> MailInput:
    ja = lang == "ja"
    return MailInput(
        lang=lang,
        company="株式会社ミナトデータ" if ja else "Minato Data Inc.",
        department="プロダクト部" if ja else "Product",
        interviewers=[Interviewer("中村 一郎" if ja else "Mr Ichiro Nakamura", "部長" if ja else "Head of Product"),
                      Interviewer("高橋" if ja else "Ms Takahashi", "人事部 採用担当" if ja else "HR")],
        interview_start=START,
        round="second",
        interesting_topics=["データ品質を自動で監視する新機能の構想" if ja else "the plan for a data-quality monitor",
                            "PM が営業同行で顧客の声を聞く文化" if ja else "PMs joining sales visits"],
        questions=["なぜ今、転職を考えているのですか?" if ja else "Why are you changing jobs now?"],
        untold_points=["顧客インタビューを 30 件行って機能の優先順位を決めた経験" if ja
                       else "running 30 customer interviews to set feature priorities"],
        story=Story(title="解約率の改善" if ja else "Cutting churn",
                    situation="解約率が高かった" if ja else "Churn was high",
                    task="原因の特定" if ja else "Find the cause",
                    action="週次の仕様レビューを導入した" if ja else "introducing a weekly spec review",
                    result="解約率を1年で4ポイント下げた" if ja else "churn fell by 4 points in a year"),
        profile=Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com",
                        "東京都港区芝浦1-2-3\nhttps://example.com/taro"),
    )


def no_interviewer_name(lang: str) -> MailInput:
    return replace(complete(lang), department="", interviewers=[Interviewer("", "人事部" if lang == "ja" else "HR")])


def missing_profile(lang: str) -> MailInput:
    return replace(complete(lang), profile=Profile())


def nothing_recorded(lang: str) -> MailInput:
    return replace(complete(lang), interesting_topics=[], questions=[], untold_points=[], story=None)


def questions_only(lang: str) -> MailInput:
    question = "自己紹介をお願いします" if lang == "ja" else "Tell me about yourself"
    return replace(nothing_recorded(lang), questions=["", "  ", question])


def long_and_markup(lang: str) -> MailInput:
    return replace(
        complete(lang),
        company="<b>ACME</b> & Co. **Holdings**",
        department="開発本部\n\n第二部" if lang == "ja" else "R&D\n\nTeam 2",
        interviewers=[Interviewer("<i>Sato</i>", "<script>alert(1)</script>")],
        interesting_topics=[f"<script>alert('x')</script> {LONG}\n\n[link](https://example.com) {{user}}"],
        untold_points=["<img src=x onerror=alert(1)>\r\n" + LONG],
        story=Story(title="# Heading", action="**" + LONG + "**", result="`code` & <u>result</u>"),
        profile=replace(complete(lang).profile, signature="<a href='x'>site</a>\n\n\n| table |"),
    )


def emoji(lang: str) -> MailInput:
    return replace(
        complete(lang),
        company="🍣スシテック株式会社" if lang == "ja" else "Sushi 🍣 Tech Ltd",
        interesting_topics=["チームの雰囲気 😊👩‍💻"],
        profile=replace(complete(lang).profile, full_name="山田 太郎 🌸"),
    )


PERSONAS = {f.__name__: f for f in (complete, no_interviewer_name, missing_profile, nothing_recorded,
                                      questions_only, long_and_markup, emoji)}


def one_line(text: str) -> str:
    return " ".join(text.split())


def mail_for(persona: str, lang: str, formality: str, length: str) -> MailInput:
    return replace(PERSONAS[persona](lang), formality=formality, length=length)


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gives_a_well_formed_mail(persona, lang, formality, length):
    mail = mail_for(persona, lang, formality, length)
    draft = compose(mail)
    layout = mail_layout(draft.body)

    name = mail.profile.full_name or placeholders(lang)["full_name"]
    assert DATE_TEXT[lang] in draft.subject and name in draft.subject
    assert "\n" not in draft.subject
    assert 3 <= len(layout.paragraphs) <= 5
    assert all(p.strip() for p in layout.paragraphs)
    assert THANKS.search(layout.paragraphs[0]) and THANKS.search(layout.paragraphs[-1])
    assert one_line(mail.company) in draft.body
    assert "御社" not in draft.subject + draft.body
    assert not SLOT.search(draft.subject + draft.body), "a template slot was left unfilled"
    assert "None" not in draft.body
    assert layout.greeting and layout.signature
    assert name in layout.signature
    if lang == "ja":
        assert "貴社" in draft.body
        assert layout.signature.startswith("――") and layout.signature.endswith("――")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_user_text_is_kept_verbatim_never_escaped(lang):
    mail = long_and_markup(lang)
    body = compose(mail).body
    for typed in ("<b>ACME</b> & Co. **Holdings**", "<script>alert('x')</script>", "[link](https://example.com)",
                  "{user}", "<img src=x onerror=alert(1)>", "`code` & <u>result</u>", "<a href='x'>site</a>",
                  "| table |", LONG):
        assert typed in body
    assert "&amp;" not in body and "&lt;" not in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_line_breaks_in_single_line_fields_cannot_split_a_paragraph(lang):
    body = compose(long_and_markup(lang)).body
    assert one_line(long_and_markup(lang).untold_points[0]) in body
    layout = mail_layout(body)
    assert len(layout.paragraphs) == 5
    if lang == "ja":
        assert "開発本部 第二部" in layout.greeting
    # The blank lines typed in the signature lines do not leak out of the signature block.
    assert "<a href='x'>site</a>\n| table |" in layout.signature


@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_complete_persona_passes_every_check(lang, formality):
    for length in LENGTHS:
        mail = replace(complete(lang), formality=formality, length=length)
        draft = compose(mail)
        now = START + timedelta(hours=2)
        checks = mail_checks.run_checks(draft.subject, draft.body, mail_checks.context_for(mail, now))
        assert [c.key for c in checks if not c.ok] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_complete_persona_sent_late_fails_only_the_send_window(lang):
    mail = complete(lang)
    draft = compose(mail, today=date(2026, 11, 30))
    now = datetime(2026, 11, 30, 9, 0, tzinfo=TOKYO)
    checks = mail_checks.run_checks(draft.subject, draft.body, mail_checks.context_for(mail, now))
    assert [(c.key, c.message_key) for c in checks if not c.ok] == [("send_window", "mail.check.send_window.late")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_interviewer_name_addresses_the_hiring_team(lang):
    body = compose(no_interviewer_name(lang)).body
    greeting = mail_layout(body).greeting
    assert greeting == ("株式会社ミナトデータ\n採用ご担当者様" if lang == "ja" else "Dear Hiring Team,")


def test_japanese_addressee_block_has_company_department_role_and_name_with_sama():
    greeting = mail_layout(compose(complete("ja")).body).greeting
    assert greeting == "株式会社ミナトデータ\nプロダクト部\n部長 中村 一郎様\n人事部 採用担当 高橋様"


@pytest.mark.parametrize("typed", ["中村様", "中村 さん", "中村さま"])
def test_an_honorific_typed_by_the_user_is_not_doubled(typed):
    mail = replace(complete("ja"), interviewers=[Interviewer(typed)], department="")
    assert mail_layout(compose(mail).body).greeting == "株式会社ミナトデータ\n中村様"


def test_english_greeting_names_every_interviewer_as_recorded():
    assert compose(complete("en")).body.startswith("Dear Mr Ichiro Nakamura and Ms Takahashi,\n\n")
    people = [Interviewer("Ms Sato"), Interviewer("Mr Ito"), Interviewer("Dr Mori")]
    three = replace(complete("en"), interviewers=people)
    assert compose(three).body.startswith("Dear Ms Sato, Mr Ito and Dr Mori,\n\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_profile_shows_visible_placeholders(lang):
    draft = compose(missing_profile(lang))
    ph = placeholders(lang)
    assert ph["full_name"] in draft.subject
    for name in ("full_name", "phone", "email"):
        assert ph[name] in mail_layout(draft.body).signature
    assert (ph["full_name_kana"] in draft.body) == (lang == "ja")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_recorded_leaves_a_visible_topic_placeholder_and_no_appeal(lang):
    mail = nothing_recorded(lang)
    for length in LENGTHS:
        layout = mail_layout(compose(replace(mail, length=length)).body)
        assert placeholders(lang)["topic"] in layout.paragraphs[1]
        assert len(layout.paragraphs) == 4
        assert not any(word in "\n".join(layout.paragraphs) for word in ("補足", "could not", "unable"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_first_recorded_question_is_used_when_no_topic_is_recorded(lang):
    body = compose(questions_only(lang)).body
    assert ("「自己紹介をお願いします」" if lang == "ja" else "“Tell me about yourself”") in body
    assert placeholders(lang)["topic"] not in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_standard_length_uses_first_topic_and_first_question_short_only_the_topic(lang):
    mail = complete(lang)
    standard = mail_layout(compose(mail).body).paragraphs[1]
    short = mail_layout(compose(replace(mail, length="short")).body).paragraphs[1]
    topic, second_topic, question = *mail.interesting_topics, mail.questions[0]
    assert topic in standard and question in standard and second_topic not in standard
    assert topic in short and question not in short
    assert len(compose(replace(mail, length="short")).body) < len(compose(mail).body)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_untold_point_is_strengthened_with_the_story(lang):
    mail = complete(lang)
    appeal = mail_layout(compose(mail).body).paragraphs[2]
    for typed in (mail.untold_points[0], mail.story.title, mail.story.action, mail.story.result):
        assert typed in appeal
    assert mail.story.situation not in appeal
    without_story = mail_layout(compose(replace(mail, story=None)).body).paragraphs[2]
    assert mail.untold_points[0] in without_story and mail.story.action not in without_story
    only_result = replace(mail, story=Story(result="売上が倍増"))
    assert "「売上が倍増」" in compose(only_result).body or "“売上が倍増”" in compose(only_result).body


@pytest.mark.parametrize(("today", "ja", "en"), [
    (None, "本日14時から二次面接で", "meet me today for"),
    (date(2026, 11, 27), "本日14時から", "today"),
    (date(2026, 11, 28), "昨日14時から", "yesterday"),
    (date(2026, 11, 30), "11月27日14時から", "on 27 November"),
])
def test_the_interview_day_is_named_from_the_day_of_writing(today, ja, en):
    ja_body = compose(complete("ja"), today=today).body
    en_body = compose(complete("en"), today=today).body
    assert ja in ja_body and en in en_body
    late = today == date(2026, 11, 30)
    assert ("申し訳ございません" in ja_body) == late
    assert ("sorry" in en_body) == late


def test_minutes_are_named_when_the_interview_does_not_start_on_the_hour():
    mail = replace(complete("ja"), interview_start=START.replace(minute=30))
    assert "本日14時30分から" in compose(mail).body


def test_very_formal_japanese_uses_more_formal_set_phrases():
    standard = compose(complete("ja"))
    formal = compose(replace(complete("ja"), formality="very_formal"))
    assert standard.subject.startswith("二次面接のお礼（2026年11月27日）／山田 太郎")
    assert formal.subject.startswith("二次面接の御礼（2026年11月27日）／山田 太郎")
    assert "と申します" in formal.body and "申し上げます" in formal.body
    assert "心より御礼申し上げます" not in standard.body


def test_english_round_label_is_lower_case_mid_sentence_and_other_reads_interview():
    final = compose(replace(complete("en"), round="final"))
    assert "my final interview at" in final.body and "final interview on 27 November 2026" in final.subject
    other_ja = compose(replace(complete("ja"), round="other"))
    assert other_ja.subject.startswith("面接のお礼")
    other_en = compose(replace(complete("en"), round="other"))
    assert "my interview at" in other_en.body


def test_a_company_name_ending_in_a_full_stop_gives_no_double_full_stop():
    body = compose(complete("en")).body
    assert "Minato Data Inc." in body and "Inc.." not in body


@pytest.mark.parametrize(("field", "value"), [("lang", "fr"), ("formality", "casual"), ("length", "long"),
                                              ("interview_start", datetime(2026, 11, 27, 14))])
def test_bad_options_are_refused(field, value):
    with pytest.raises(ValueError):
        compose(replace(complete("ja"), **{field: value}))


def test_both_languages_and_formalities_have_the_same_template_keys():
    templates = template("thank_you_mail")
    for formality in FORMALITIES:
        # English alone closes with a sign-off line ("Kind regards,"); Japanese frames the signature.
        assert set(templates["ja"][formality]) == set(templates["en"][formality]) - {"sign_off"}
    assert set(templates["ja"]["placeholder"]) == set(templates["en"]["placeholder"])
    assert not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", str(templates["en"]))


@pytest.mark.parametrize(("body", "greeting", "count", "signature_start"), [
    ("株式会社A\n中村様\n\n一。\n\n二。\n\n三。\n\n――――\n山田", "株式会社A\n中村様", 3, "――――"),
    ("Dear Ms Sato,\n\nOne.\n\nTwo.\n \nThree.\n\nKind regards,\nTaro", "Dear Ms Sato,", 3, "Kind regards,"),
    ("One.\n\nTwo.\n\n\n\nThree.\nstill three.\n\nFour.", "", 4, ""),
    ("Dear Ms Sato,\r\n\r\nOne.\r\n\r\nBest wishes\r\nTaro", "Dear Ms Sato,", 1, "Best wishes"),
    ("----\n中村様\n\n本文。\n\n=====\n署名", "----\n中村様", 1, "====="),
    ("", "", 0, ""),
])
def test_mail_layout_counts_body_paragraphs_only(body, greeting, count, signature_start):
    layout = mail_layout(body)
    assert layout.greeting == greeting
    assert len(layout.paragraphs) == count
    assert layout.signature.startswith(signature_start)


user_text = st.text(max_size=300)


@settings(max_examples=150, deadline=None)
@given(company=user_text, topic=user_text, untold=user_text, name=user_text, interviewer=user_text,
       lang=st.sampled_from(LANGUAGES), formality=st.sampled_from(FORMALITIES), length=st.sampled_from(LENGTHS))
def test_any_typed_text_gives_three_to_five_paragraphs(company, topic, untold, name, interviewer, lang,
                                                         formality, length):
    mail = replace(complete(lang), company=company, interesting_topics=[topic], untold_points=[untold],
                   interviewers=[Interviewer(interviewer)], formality=formality, length=length,
                   profile=replace(complete(lang).profile, full_name=name))
    draft = compose(mail)
    assert 3 <= len(mail_layout(draft.body).paragraphs) <= 5
    assert "\n" not in draft.subject
