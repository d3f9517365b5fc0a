"""Notes turned into phrases, and the word rules a reader applies: input → expected, both languages."""

from __future__ import annotations

import pytest

from lib.generate import phrasing, wording
from lib.generate.phrasing import Phrase


@pytest.mark.parametrize(("text", "expected"), [
    ("山田 太郎です", "山田太郎です"),
    ("新人 PM 2 名", "新人 PM 2名"),
    ("１２月１日（月）", "12月1日（月）"),
    ("12月1日(月) 13時以降", "12月1日（月）13時以降"),
    ("なぜですか?", "なぜですか？"),
    ("(see https://example.com)", "(see https://example.com)"),  # brackets around no Japanese stay
    ("Kubernetes の移行", "Kubernetes の移行"),  # a space next to a Latin word stays
])
def test_japanese_running_text(text, expected):
    assert phrasing.ja_running(text) == expected


@pytest.mark.parametrize(("note", "text", "form"), [
    ("海外展開の計画という話", "海外展開の計画", "noun"),
    ("海外展開の話題", "海外展開", "noun"),
    ("評価制度について", "評価制度", "noun"),
    ("AIに関する話", "AI", "noun"),
    ("面接で聞いた海外展開の話が面白かった", "海外展開", "noun"),
    ("入社後の研修の話を聞いた", "入社後の研修", "noun"),
    ("・チームの開発体制", "チームの開発体制", "noun"),
    ("「顧客第一」という考え方", "「顧客第一」という考え方", "noun"),
    ("「顧客第一」", "顧客第一", "noun"),
    ("人事の仕事", "人事の仕事", "noun"),  # 事 inside a word is not trimmed
    ("来年から東南アジアに進出するそうです。", "来年から東南アジアに進出する", "clause"),
    ("AIで審査を自動化しています。", "AIで審査を自動化している", "clause"),
    ("課題が山積みです", "課題が山積みだ", "clause"),
    ("新しい", "新しい", "clause"),
    ("違い", "違い", "noun"),
    ("顧客インタビューを 30 件行った経験", "顧客インタビューを30件行った", "clause"),
    ("新人 PM 2 名の育成経験", "新人 PM 2名の育成", "noun"),
    ("半分にした（品質改善）", "半分にした（品質改善）", "clause"),
    ("顧客の声を", "", "unusable"),  # ends in a particle
    ("顧客の声を聞いて", "", "unusable"),
    ("書きます", "", "unusable"),  # a polite verb whose plain form is not certain
    ("なぜ今なのか?", "", "unusable"),
    ("一つ目です。二つ目です。", "", "unusable"),
    ("<b>太字</b>", "", "unusable"),
    ("**重要**", "", "unusable"),
    ("[資料](https://example.com)", "", "unusable"),
    ("長" * 51, "", "unusable"),
    ("Their move to the cloud", "", "unusable"),  # an English sentence in a Japanese mail
])
def test_japanese_notes(note, text, form):
    assert phrasing.ja_phrase(note) == Phrase(note, text, form)


@pytest.mark.parametrize(("note", "written"), [
    ("当社の新規事業", "貴社の新規事業"),
    ("御社の強み", "貴社の強み"),
    ("あなたの強み", "私の強み"),
])
def test_a_topic_is_written_from_the_candidates_side(note, written):
    assert phrasing.topic_phrase(note, "ja").text == written


@pytest.mark.parametrize(("phrase", "koto", "experience"), [
    (Phrase("", "育成", "noun"), "育成", "育成の経験"),
    (Phrase("", "導入を主導した", "clause"), "導入を主導したこと", "導入を主導した経験"),
    (Phrase("", "得意だ", "clause"), "得意であること", "得意であること"),
    (Phrase("", "顧客分析力", "noun"), "顧客分析力", "顧客分析力"),
    (Phrase("", "半分にした（品質改善）", "clause"), "半分にしたこと（品質改善）", "半分にした経験（品質改善）"),
])
def test_a_japanese_phrase_as_a_noun(phrase, koto, experience):
    assert phrasing.ja_with_koto(phrase) == koto
    assert phrasing.ja_as_experience(phrase) == experience


@pytest.mark.parametrize("verb", [
    "絞り込んだ", "読んだ", "選んだ", "学んだ", "取り組んだ", "住んだ", "飛んだ", "楽しんだ", "膨らんだ",
    "泳いだ", "急いだ", "引き継いだ", "揺らいだ", "進めた",
])
def test_a_japanese_past_verb_stays_a_past_verb(verb):
    """-んだ and -いだ are past tenses here, not the copula だ: no である is added."""
    phrase = phrasing.ja_phrase(f"候補を{verb}経験")
    assert phrase == Phrase(phrase.note, f"候補を{verb}", "clause")
    assert phrasing.ja_with_koto(phrase) == f"候補を{verb}こと"
    assert phrasing.ja_as_experience(phrase) == f"候補を{verb}経験"


@pytest.mark.parametrize(("text", "koto", "experience"), [
    ("課題が山積みだ", "課題が山積みであること", "課題が山積みであること"),  # the copula だ stays one
    ("違いが明確だ", "違いが明確であること", "違いが明確であること"),
    ("大きな違いだ", "大きな違いであること", "大きな違いであること"),  # a noun in い, not a verb in いだ
    ("主役はデザインだ", "主役はデザインであること", "主役はデザインであること"),
    ("リモートが中心なんだ", "リモートが中心であること", "リモートが中心であること"),  # explanatory んだ
    ("来年から海外に進出するんだ", "来年から海外に進出すること", "来年から海外に進出する経験"),
    ("半年で立ち上げたのだ", "半年で立ち上げたこと", "半年で立ち上げた経験"),
])
def test_a_japanese_copula_or_explanation_as_a_noun(text, koto, experience):
    phrase = Phrase("", text, "clause")
    assert phrasing.ja_with_koto(phrase) == koto
    assert phrasing.ja_as_experience(phrase) == experience


@pytest.mark.parametrize(("note", "text", "form"), [
    ("Their move to a cloud-first setup", "your move to a cloud-first setup", "noun"),
    ("They are moving to Singapore next year.", "you are moving to Singapore next year", "clause"),
    ("The team is remote-first", "the team is remote-first", "clause"),
    ("Talk about their hiring plans", "your hiring plans", "noun"),
    ("Kubernetes migration", "Kubernetes migration", "noun"),
    ("- The new office", "the new office", "noun"),
    ("Why now?", "", "unusable"),
    ("Their plan. Their team.", "", "unusable"),
    ("a move to", "", "unusable"),
    ("海外展開", "", "unusable"),
    ("<b>bold</b>", "", "unusable"),
    ("word " * 20, "", "unusable"),
])
def test_english_topics_speak_to_the_company(note, text, form):
    assert phrasing.en_topic(note) == Phrase(note, text, form)


@pytest.mark.parametrize(("note", "text", "form"), [
    ("Cut p99 latency by 40%", "I cut p99 latency by 40%", "first_person"),
    ("Led a team of five", "I led a team of five", "first_person"),
    ("Reduce churn by 4 points", "I reduced churn by 4 points", "first_person"),
    ("Profiled the payment calls", "I profiled the payment calls", "first_person"),
    ("I mentored two junior PMs", "I mentored two junior PMs", "first_person"),
    ("running 30 customer interviews", "running 30 customer interviews", "gerund"),
    ("my experience of running interviews", "running interviews", "gerund"),
    ("the data migration project", "the data migration project", "noun"),
    ("Advanced analytics", "Advanced analytics", "noun"),  # an -ed word without an object is no verb
    ("Automated testing experience", "I automated testing", "first_person"),  # a known verb reads as one
])
def test_english_achievements_are_in_the_first_person(note, text, form):
    assert phrasing.en_achievement(note) == Phrase(note, text, form)


@pytest.mark.parametrize(("note", "form"), [
    ("churn fell by 4 points in a year", "clause"),
    ("a 4-point drop in churn", "noun"),
    ("I doubled the conversion rate", "clause"),
])
def test_english_results(note, form):
    assert phrasing.en_result(note).form == form


@pytest.mark.parametrize(("question", "lang", "text"), [
    ("志望動機を教えてください", "ja", "志望動機"),
    ("これまでで最も困難だったことを教えてください。", "ja", "これまでで最も困難だったこと"),
    ("あなたの強みは何ですか？", "ja", "私の強み"),
    ("当社を志望した理由を教えてください", "ja", "貴社を志望した理由"),
    ("弱みはありますか", "ja", "弱み"),
    ("自己紹介をお願いします", "ja", ""),  # a request, not a question about a topic
    ("なぜ今、転職を考えているのですか?", "ja", ""),
    ("Why are you changing jobs now?", "en", "why I am changing jobs now"),
    ("Tell me about a time you disagreed with your manager.", "en", "a time I disagreed with my manager"),
    ("What is your greatest strength?", "en", "my greatest strength"),
    ("Walk me through a system you designed", "en", "a system I designed"),
    ("Tell me about yourself", "en", ""),
    ("What attracts you to us?", "en", ""),
])
def test_what_a_question_was_about(question, lang, text):
    phrase = phrasing.question_phrase(question, lang)
    assert (phrase.text, phrase.form) == (text, "noun" if text else "unusable")


# ------------------------------------------------------------------ word rules

@pytest.mark.parametrize(("text", "lang", "company", "overused"), [
    ("経験を活かし、経験を積み、経験を広げる。", "ja", "", ["経験"]),
    ("二次面接と面接と面接。", "ja", "", ["面接"]),
    ("二次面接と二次面接と二次面接。", "ja", "", ["二次面接"]),  # named once, not also as 面接
    ("貴社と貴社。", "ja", "", []),
    ("株式会社A、株式会社A、株式会社A。", "ja", "株式会社A", ["株式会社A"]),
    ("Interviews, an interview, the interview.", "en", "", ["interview"]),
    ("Their work and their work and their work.", "en", "", ["work"]),  # "their" is a stop word
    ("Acme Inc. and Acme Inc. and Acme Inc.", "en", "Acme Inc.", ["Acme Inc."]),
    ("Acme Inc. and Acme Inc.", "en", "Acme Inc.", []),
])
def test_overused_words(text, lang, company, overused):
    assert wording.overused_words(text, lang, company) == overused


@pytest.mark.parametrize(("text", "pairs"), [
    ("ご確認ください。よろしくお願いいたします。\n引き続きよろしくお願いいたします。", 1),
    ("よろしくお願いします。ありがとうございました。よろしくお願いします。", 0),
    ("I look forward to it. I look forward to hearing from you.", 1),
    ("Thank you. I look forward to hearing from you.", 0),
])
def test_double_closings(text, pairs):
    assert len(wording.double_closings(text)) == pairs


@pytest.mark.parametrize(("text", "mixed"), [
    ("（火）と(株)", ("(株)", "（火）")),
    ("（火）と（株）", None),
    ("(a) and (b)", None),
])
def test_mixed_brackets(text, mixed):
    assert wording.mixed_brackets(text) == mixed


@pytest.mark.parametrize(("text", "found"), [
    ("山田 太郎です", ["田 太"]),
    ("本日 14時", ["日 1"]),
    ("2 名", ["2 名"]),
    ("新人 PM の育成", []),
    ("面接　ありがとう", []),
])
def test_spaces_in_japanese(text, found):
    assert wording.spaces_in_japanese(text) == found


@pytest.mark.parametrize(("text", "found"), [
    ("「海外展開という話」のお話", ["「海外展開という話」のお話"]),
    ("「育成の経験」についてです。", ["「育成の経験」についてです"]),
    ("about “Their move”", ["about “Their move”"]),
    ("I said: \"ship it\"", [": \"ship it\""]),
    ("「顧客第一」という考え方", []),
])
def test_note_fragments(text, found):
    assert wording.note_fragments(text) == found
