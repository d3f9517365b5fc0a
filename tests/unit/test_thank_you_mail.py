"""The thank-you mail composer: every language × formality × length × persona, what it cites and how."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.config import LANGUAGES
from lib.generate import mail_checks, wording
from lib.generate.text import template
from lib.generate.thank_you_mail import (
    FORMALITIES,
    LENGTHS,
    Interviewer,
    InterviewQuestion,
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
                  r"untold|where|title|action|result|names|text|role|name|position)\}")
QUOTED = re.compile(r"[「『“\"]")
# Questions of the complete persona: one improper, one answered badly, one that went well.
IMPROPER = {"ja": "ご両親のお仕事を教えてください", "en": "Tell me about your parents' jobs"}
BADLY = {"ja": "なぜ今、転職を考えているのですか?", "en": "Why are you changing jobs now?"}
WELL = {"ja": "当社を志望した理由を教えてください", "en": "What is your motivation for applying?"}
WELL_WRITTEN = {"ja": "貴社を志望した理由", "en": "my motivation for applying"}


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
        position="プロダクトマネージャー" if ja else "Product Manager",
        interesting_topics=["データ品質を自動で監視する新機能の構想という話" if ja
                            else "Their plan for a data-quality monitor",
                            "PM が営業同行で顧客の声を聞く文化" if ja else "PMs joining sales visits"],
        questions=[InterviewQuestion(IMPROPER[lang], 4, "positive"),
                   InterviewQuestion(BADLY[lang], 2, "negative"),
                   InterviewQuestion(WELL[lang], 4, "positive")],
        untold_points=["顧客インタビューを 30 件行って機能の優先順位を決めた経験" if ja
                       else "Ran 30 customer interviews to set feature priorities"],
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
    return replace(complete(lang), interesting_topics=[], questions=[], untold_points=[], story=None, position="")


def questions_only(lang: str) -> MailInput:
    question = "強みを教えてください" if lang == "ja" else "What is your greatest strength?"
    return replace(nothing_recorded(lang), questions=["", "  ", InterviewQuestion(question, 5)])


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
# Checks that depend on nothing the user typed: every generated mail passes them.
OWN_CHECKS = {"thanks_start", "thanks_end", "paragraphs", "kisha", "repeated_words", "doubled_punctuation",
              "mixed_digits", "quoted_note", "note_fragment", "cited_question", "overused_words", "bracket_width",
              "spaced_japanese", "double_closing"}


def one_line(text: str) -> str:
    return " ".join(text.split())


def mail_for(persona: str, lang: str, formality: str, length: str) -> MailInput:
    return replace(PERSONAS[persona](lang), formality=formality, length=length)


def paragraphs(mail: MailInput) -> list[str]:
    return mail_layout(compose(mail).body).paragraphs


def failing(mail: MailInput, keys: set[str] = OWN_CHECKS) -> list[tuple[str, dict]]:
    draft = compose(mail)
    checks = mail_checks.run_checks(draft.subject, draft.body, mail_checks.context_for(mail, START + timedelta(hours=2)))
    return [(c.key, c.params) for c in checks if not c.ok and c.key in keys]


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


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_passes_the_checks_that_do_not_depend_on_what_was_typed(persona, lang, formality, length):
    assert failing(mail_for(persona, lang, formality, length)) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_names_company_and_profile_are_kept_verbatim_and_notes_with_markup_are_not_pasted(lang):
    mail = long_and_markup(lang)
    draft = compose(mail)
    for typed in ("<b>ACME</b> & Co. **Holdings**", "<i>Sato</i>", "<a href='x'>site</a>", "| table |"):
        assert typed in draft.body
    for note in ("<script>alert('x')</script>", "[link](https://example.com)", "<img src=x", "`code`", LONG[:40]):
        assert note not in draft.body
    assert "&amp;" not in draft.body and "&lt;" not in draft.body
    # The topic could not be phrased: the question that went well is cited instead, and the
    # result says which notes were left out; without that question, the placeholder shows.
    assert WELL_WRITTEN[lang] in draft.body and placeholders(lang)["topic"] not in draft.body
    assert {(c.kind, c.written) for c in draft.citations if c.kind in ("topic", "untold")} == {("topic", ""),
                                                                                           ("untold", "")}
    assert placeholders(lang)["topic"] in compose(replace(mail, questions=[])).body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_line_breaks_in_single_line_fields_cannot_split_a_paragraph(lang):
    layout = mail_layout(compose(long_and_markup(lang)).body)
    assert 3 <= len(layout.paragraphs) <= 5
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
        checks = mail_checks.run_checks(draft.subject, draft.body, mail_checks.context_for(mail, START + timedelta(hours=2)))
        assert [c.key for c in checks if not c.ok] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_complete_persona_sent_late_fails_only_the_send_window(lang):
    mail = complete(lang)
    draft = compose(mail, today=date(2026, 11, 30))
    now = datetime(2026, 11, 30, 9, 0, tzinfo=TOKYO)
    checks = mail_checks.run_checks(draft.subject, draft.body, mail_checks.context_for(mail, now))
    assert [(c.key, c.message_key) for c in checks if not c.ok] == [("send_window", "mail.check.send_window.late")]


# ------------------------------------------------------------------ what the mail cites

@pytest.mark.parametrize(("questions", "cited"), [
    # (text, rating, reaction) → the question the mail names, or None
    ([("志望動機を教えてください", 4, None)], "志望動機"),
    ([("志望動機を教えてください", None, "positive")], "志望動機"),
    ([("志望動機を教えてください", 3, "neutral")], None),
    ([("志望動機を教えてください", 2, "positive")], None),  # a low self-rating wins over the reaction
    ([("志望動機を教えてください", 5, "negative")], None),
    ([("ご家族の職業を教えてください", 5, "positive")], None),  # improper: never cited
    ([("結婚のご予定はありますか", 5, "positive"), ("強みを教えてください", 4, None)], "強み"),
    ([("自己紹介をお願いします", 4, None), ("強みを教えてください", 5, None)], "強み"),  # the best first
    ([("なぜ当社なのですか", 5, "positive"), ("強みを教えてください", 4, None)], "強み"),  # cannot be named
    ([("なぜ当社なのですか", 5, "positive")], None),
])
def test_the_mail_cites_a_question_that_went_well_and_never_a_bad_or_improper_one(questions, cited):
    asked = [InterviewQuestion(text, rating, reaction) for text, rating, reaction in questions]
    mail = replace(complete("ja"), questions=asked)
    draft = compose(mail)
    question = [c.written for c in draft.citations if c.kind == "question" and c.written]
    assert question == ([cited] if cited else [])
    points = mail_layout(draft.body).paragraphs[1]
    for text, _, _ in questions:
        assert text not in draft.body
    if cited:
        assert f"{cited}についてご質問" in points
    assert failing(mail) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_topic_comes_first_and_the_question_second_short_has_the_topic_only(lang):
    mail = complete(lang)
    standard, short = (mail_layout(compose(replace(mail, length=length)).body).paragraphs[1]
                       for length in ("standard", "short"))
    topic = "データ品質を自動で監視する新機能の構想" if lang == "ja" else "your plan for a data-quality monitor"
    assert topic in standard and WELL_WRITTEN[lang] in standard
    assert standard.index(topic) < standard.index(WELL_WRITTEN[lang])
    assert topic in short and WELL_WRITTEN[lang] not in short
    second_topic = "営業同行" if lang == "ja" else "sales visits"
    assert second_topic not in standard
    for question in (IMPROPER[lang], BADLY[lang]):
        assert question not in compose(mail).body
    assert len(compose(replace(mail, length="short")).body) < len(compose(mail).body)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_question_that_went_well_is_used_when_no_topic_can_be_cited(lang):
    body = compose(questions_only(lang)).body
    assert ("強みについてのご質問" if lang == "ja" else "Your question about my greatest strength") in body
    assert placeholders(lang)["topic"] not in body
    # A request to introduce oneself is no question about a topic: the mail does not thank for it.
    request = "自己紹介をお願いします" if lang == "ja" else "Tell me about yourself"
    assert [c.kind for c in compose(replace(questions_only(lang), questions=[InterviewQuestion(request, 5)])).citations
            if c.written] == []


@pytest.mark.parametrize(("note", "sentence"), [
    ("データ基盤をクラウドに移すという話", "中でも、データ基盤をクラウドに移すというお話が特に印象に残っております。"),
    ("海外展開の計画の話", "中でも、海外展開の計画についてのお話が特に印象に残っております。"),
    ("評価制度について", "中でも、評価制度についてのお話が特に印象に残っております。"),
    ("面接で聞いた海外展開の話が面白かった", "中でも、海外展開についてのお話が特に印象に残っております。"),
    ("来年から東南アジアに進出するそうです。", "中でも、来年から東南アジアに進出するというお話が特に印象に残っております。"),
    ("AIで審査を自動化しています。", "中でも、AIで審査を自動化しているというお話が特に印象に残っております。"),
    ("・チームの開発体制", "中でも、チームの開発体制についてのお話が特に印象に残っております。"),
    ("「顧客第一」という考え方", "中でも、「顧客第一」という考え方についてのお話が特に印象に残っております。"),
    ("Their move to a cloud-first setup", "I particularly enjoyed hearing about your move to a cloud-first setup."),
    ("They are moving to Singapore next year.", "I particularly enjoyed hearing that you are moving to Singapore next year."),
    ("Talk about their hiring plans", "I particularly enjoyed hearing about your hiring plans."),
    ("Kubernetes migration", "I particularly enjoyed hearing about Kubernetes migration."),
])
def test_a_topic_note_becomes_a_natural_sentence(note, sentence):
    lang = "en" if note.isascii() else "ja"
    mail = replace(complete(lang), interesting_topics=[note], length="short")
    assert mail_layout(compose(mail).body).paragraphs[1] == sentence
    assert failing(mail) == []


@pytest.mark.parametrize(("note", "written"), [
    ("新人 PM 2 名の育成経験", "十分にお伝えしきれませんでしたが、新人 PM 2名の育成の経験も、入社後に活かせるものと"),
    ("顧客インタビューを30件行った経験", "お伝えしきれませんでしたが、顧客インタビューを30件行った経験も、入社後に"),
    ("前職では営業も担当していました。", "お伝えしきれませんでしたが、前職で営業も担当していた経験も、入社後に"),
    ("チームの雰囲気づくりが得意だ", "お伝えしきれませんでしたが、チームの雰囲気づくりが得意であることも、入社後に"),
    ("顧客分析力", "お伝えしきれませんでしたが、顧客分析力も、入社後に"),
    ("不良率を半分にした（品質改善）", "お伝えしきれませんでしたが、不良率を半分にした経験（品質改善）も、入社後に"),
    ("Cut p99 latency by 40%", "one point I could not fully cover when we met: I cut p99 latency by 40%."),
    ("Led a team of five", "when we met: I led a team of five."),
    ("Profiled the payment calls", "when we met: I profiled the payment calls."),
    ("my experience of running 30 customer interviews",
     "One thing I could not fully cover when we met is my work running 30 customer interviews, which I believe"),
    ("the data migration project", "is my work on the data migration project, which I believe would be useful"),
])
def test_an_untold_point_becomes_a_natural_sentence_in_the_first_person(note, written):
    lang = "en" if note.isascii() else "ja"
    mail = replace(complete(lang), untold_points=[note], story=None)
    assert written in mail_layout(compose(mail).body).paragraphs[2]
    assert failing(mail) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_note_that_cannot_be_phrased_is_never_quoted(lang):
    unusable = ["なぜ当社なのか?", "<b>太字</b>", "**重要**", "一つ目です。二つ目です。", "長" * 80, "顧客の声を"] if lang == "ja" \
        else ["Why now?", "<b>bold</b>", "Their plan. Their team.", "word " * 30, "a move to"]
    for note in unusable:
        mail = replace(complete(lang), interesting_topics=[note], questions=[], untold_points=[note])
        draft = compose(mail)
        assert one_line(note) not in draft.body
        assert placeholders(lang)["topic"] in draft.body
        assert ("当日お伝えしきれなかった点" if lang == "ja" else "one point I could not fully cover") in draft.body
        assert [(c.kind, c.written, c.form) for c in draft.citations if c.kind in ("topic", "untold")] == [
            ("topic", "", "unusable"), ("untold", "", "unusable")]
        assert failing(mail) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unphrased_untold_point_without_a_story_leaves_no_empty_promise(lang):
    mail = replace(complete(lang), untold_points=["<i>x</i>"], story=None)
    body = "\n".join(paragraphs(mail))
    assert "補足" not in body and "could not fully cover" not in body
    assert len(paragraphs(mail)) == 4


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_phrase_typed_for_the_mail_replaces_the_notes(lang):
    typed = "海外展開の計画" if lang == "ja" else "your plans for Southeast Asia"
    mail = replace(complete(lang), interesting_topics=["<b>x</b>"], topic_phrase=typed, untold_phrase=typed)
    draft = compose(mail)
    assert typed in mail_layout(draft.body).paragraphs[1] and typed in mail_layout(draft.body).paragraphs[2]
    assert ("topic", typed) in [(c.kind, c.written) for c in draft.citations]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_untold_point_is_strengthened_with_the_story(lang):
    mail = complete(lang)
    appeal = mail_layout(compose(mail).body).paragraphs[2]
    for typed in (mail.story.action, mail.story.result):
        assert typed in appeal
    assert mail.story.situation not in appeal and not QUOTED.search(appeal)
    without_story = mail_layout(compose(replace(mail, story=None)).body).paragraphs[2]
    assert mail.story.action not in without_story
    only_result = replace(mail, story=Story(result="売上が倍増した" if lang == "ja" else "sales doubled"))
    assert ("売上が倍増したという成果" if lang == "ja" else "For example, sales doubled.") in compose(only_result).body


@pytest.mark.parametrize(("action", "result", "sentence"), [
    ("仕様レビューの導入", "解約率4ポイント改善", "仕様レビューの導入により、解約率4ポイント改善という成果につなげました。"),
    ("週次の仕様レビューを導入した", "", "週次の仕様レビューを導入したことがあります。"),
    ("仕様レビューの導入", "", "仕様レビューの導入に取り組みました。"),
    ("introducing a weekly spec review", "a 4-point drop in churn",
     "For example, I focused on introducing a weekly spec review, and the result was a 4-point drop in churn."),
    ("Introduced a weekly spec review", "churn fell by 4 points",
     "For example, I introduced a weekly spec review, and churn fell by 4 points."),
])
def test_the_story_is_phrased_from_what_was_done_and_what_came_of_it(action, result, sentence):
    lang = "en" if action.isascii() else "ja"
    mail = replace(complete(lang), story=Story(title="", action=action, result=result), length="short")
    assert sentence in mail_layout(compose(mail).body).paragraphs[2]


# ------------------------------------------------------------------ wording

@pytest.mark.parametrize(("lang", "position", "written"), [
    ("ja", "プロダクトマネージャー", "本日14時からプロダクトマネージャーの二次面接でお世話になりました、山田太郎です。"),
    ("ja", "", "本日14時から二次面接でお世話になりました、山田太郎です。"),
    ("en", "Product Manager", "for my 2nd interview for the Product Manager role at Minato Data Inc."),
    ("en", "Data Engineer position", "for my 2nd interview for the Data Engineer position at Minato Data Inc."),
    ("en", "", "for my 2nd interview at Minato Data Inc."),
])
def test_the_role_is_named_once_and_the_name_has_no_space_in_japanese_running_text(lang, position, written):
    draft = compose(replace(complete(lang), position=position))
    layout = mail_layout(draft.body)
    assert written in layout.paragraphs[0]
    if position:
        assert "\n".join(layout.paragraphs).count(position) == 1
    if lang == "ja":
        assert "山田 太郎（やまだ たろう）" in layout.signature  # the signature keeps the name as registered


@pytest.mark.parametrize("formality", FORMALITIES)
@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_content_word_more_than_twice_and_the_company_at_most_twice(lang, length, formality):
    mail = replace(complete(lang), length=length, formality=formality)
    body = "\n".join(paragraphs(mail))
    counts = wording.content_words(body, lang, mail.company)
    assert max(counts.values()) <= 2, counts.most_common(3)
    assert wording.company_count(body, mail.company) <= 2
    for word in ("経験", "活か", "貴社") if lang == "ja" else ("experience", "conversation"):
        assert counts[word] <= 2


def test_an_optional_sentence_gives_way_when_the_users_words_repeat_one_of_its_words():
    mail = replace(complete("ja"), interesting_topics=["新規事業と既存事業の連携"])
    body = "\n".join(paragraphs(mail))
    assert "新規事業と既存事業の連携" in body
    assert template("thank_you_mail")["ja"]["standard"]["topic_more"] not in body
    assert body.count("事業") == 2


@pytest.mark.parametrize(("today", "ja", "en"), [
    (None, "本日14時からプロダクトマネージャーの二次面接で", "meeting me today for"),
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_interviewer_name_addresses_the_hiring_team(lang):
    greeting = mail_layout(compose(no_interviewer_name(lang)).body).greeting
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
    assert compose(replace(complete("en"), interviewers=people)).body.startswith("Dear Ms Sato, Mr Ito and Dr Mori,\n\n")


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


def test_english_round_label_is_lower_case_mid_sentence_and_other_reads_interview():
    final = compose(replace(complete("en"), round="final"))
    assert "my final interview for the" in final.body and "final interview on 27 November 2026" in final.subject
    assert compose(replace(complete("ja"), round="other")).subject.startswith("面接のお礼")
    assert "my interview for the" in compose(replace(complete("en"), round="other")).body


def test_a_company_name_ending_in_a_full_stop_gives_no_double_full_stop():
    body = compose(complete("en")).body
    assert "Minato Data Inc." in body and "Inc.." not in body


def test_plain_strings_are_read_as_unrated_questions_and_not_cited():
    mail = replace(complete("ja"), interesting_topics=[], questions=["志望動機を教えてください"])
    assert "志望動機" not in compose(mail).body


@pytest.mark.parametrize(("field", "value"), [("lang", "fr"), ("formality", "casual"), ("length", "long"),
                                              ("interview_start", datetime(2026, 11, 27, 14))])
def test_bad_options_are_refused(field, value):
    with pytest.raises(ValueError):
        compose(replace(complete("ja"), **{field: value}))


def test_both_languages_and_formalities_have_the_same_template_keys():
    templates = template("thank_you_mail")
    # Japanese frames a story by its title and by the form of the action; English by "I focused on"
    # and "the result was"; English alone has a sign-off line and first-person / -ing frames.
    ja_only = {"story_where", "story_action_by_clause", "story_action_by_noun", "story_action_noun",
               "story_action_clause"}
    en_only = {"sign_off", "story_focus", "story_result_noun", "story_action", "untold_first_person",
               "untold_noun", "untold_gerund"}
    for formality in FORMALITIES:
        assert set(templates["ja"][formality]) - ja_only | {"untold"} == set(templates["en"][formality]) - en_only | {
            "untold"}
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
def test_any_typed_text_gives_three_to_five_paragraphs_and_no_quoted_note(company, topic, untold, name, interviewer,
                                                                          lang, formality, length):
    mail = replace(complete(lang), company=company, interesting_topics=[topic], untold_points=[untold],
                   interviewers=[Interviewer(interviewer)], formality=formality, length=length,
                   profile=replace(complete(lang).profile, full_name=name))
    draft = compose(mail)
    assert 3 <= len(mail_layout(draft.body).paragraphs) <= 5
    assert "\n" not in draft.subject
    assert failing(mail, {"quoted_note", "note_fragment", "cited_question"}) == []


# ------------------------------------------------------------------ through the agent

AGENT_PARAGRAPH_CHECKS = {"repeated_words", "doubled_punctuation", "mixed_digits", "quoted_note", "note_fragment",
                          "bracket_width", "spaced_japanese", "double_closing"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_mail_to_the_agent_thanks_them_and_asks_to_pass_the_thanks_on(persona, lang):
    from lib.generate.thank_you_mail import compose_for_agent

    mail = PERSONAS[persona](lang)
    draft = compose_for_agent(mail, "佐藤(キャリアブリッジ)" if lang == "ja" else "Ms Sato", "", today=START.date())
    body = draft.body
    assert not SLOT.search(body + draft.subject) and "\n" not in draft.subject
    assert DATE_TEXT[lang] in draft.subject
    layout = mail_layout(body)
    assert layout.greeting == ("キャリアブリッジ\n佐藤様" if lang == "ja" else "Dear Ms Sato,")
    text = "\n".join(layout.paragraphs)
    assert "貴社" not in text and "御社" not in text  # the reader is the agent
    assert ("お礼をお伝えいただけますでしょうか" if lang == "ja" else "pass on my thanks to") in text
    assert ("日程の調整をいただき" if lang == "ja" else "Thank you for arranging") in text
    assert 3 <= len(layout.paragraphs) <= 5
    failed = [c.key for c in mail_checks.document_checks(draft.subject, body, lang) if not c.ok
              and c.key in AGENT_PARAGRAPH_CHECKS]
    assert failed == [], failed
    named = [one_line(p.name) for p in mail.interviewers if one_line(p.name)]
    if named and lang == "en":
        assert named[0] in text


def test_the_mail_to_the_agent_speaks_of_the_company_in_the_third_person():
    from lib.generate.thank_you_mail import compose_for_agent

    body = compose_for_agent(complete("en"), "Ms Sato").body
    assert "hearing about their plan for a data-quality monitor" in body and "your plan" not in body
    ja = compose_for_agent(complete("ja"), "", "キャリアブリッジ株式会社", today=START.date() + timedelta(days=1)).body
    assert ja.startswith("キャリアブリッジ株式会社\nご担当者様\n\nいつもお世話になっております。山田太郎です。\n昨日、株式会社ミナトデータの二次面接")
    assert "中村一郎様、高橋様に" in ja
