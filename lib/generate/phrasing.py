"""The user's short notes turned into phrases a document can say (pure, regular expressions only).

A note from a reflection ("海外展開の計画という話", "Their move to Singapore", "Cut p99 latency
by 40%") is never pasted into a sentence frame as a quoted fragment. It is trimmed first
(trailing という話 / の話 / について / こと / 経験, a leading "talk about", the final full stop,
bullets), then classified by how it ends, so that the composer can pick a frame that fits:

    noun          a noun phrase                     海外展開の計画 / your move to Singapore
    clause        a plain-form clause               PMが商談に同行する / you are moving to Singapore
    first_person  (English) a sentence about me     I cut p99 latency by 40%
    gerund        (English) an -ing phrase          running 30 customer interviews
    unusable      markup, a URL, several sentences, a question, a dangling particle, too
                  long, or written in the other language

In English a topic speaks of the company in the second person (their → your) and an
achievement in the first person (a verb-first note gets "I"). The rules are conservative:
in doubt a note is `unusable`, and the composer uses a frame that does not quote it and
says so in its result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.generate.text import one_line

FORMS = ("noun", "clause", "first_person", "gerund", "unusable")

# Kana and kanji, and the wide punctuation that runs with them.
JA_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
JA_WIDE = JA_LETTERS + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_JAPANESE = re.compile(f"[{JA_LETTERS}]")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A half-width space between two Japanese characters, or between one and a digit.
_JA_SPACE = re.compile(f"(?<=[{JA_WIDE}])[ \t]+(?=[{JA_WIDE}0-9])|(?<=[0-9])[ \t]+(?=[{JA_WIDE}])")
_HALF_PARENS_AROUND_JA = re.compile(f"\\(([^()\n]*[{JA_LETTERS}][^()\n]*)\\)")

# A half-width question or exclamation mark right after Japanese: なぜですか? → なぜですか？
_HALF_MARK_AFTER_JA = re.compile(f"(?<=[{JA_LETTERS}])[?!]")
_FULL_MARKS = {"?": "？", "!": "！"}

MAX_JA_CHARS = 50
MAX_EN_WORDS = 16
MAX_EN_CHARS = 110

# Markup, links and template braces: such a note is not a phrase the mail can say.
_MARKUP = re.compile(r"<[A-Za-z/!]|\*\*|__|`|\[[^\]\n]*\]\(|^\s*#|https?://|www\.|[{}|]|&[a-z]+;|^\s*>")
_BULLET = re.compile(r"^\s*(?:[・\-*•●○◦‣]|\d+[.)．）]|[（(]?\d+[)）])\s*")
_QUOTES = "「」『』“”\"'‘’"


@dataclass(frozen=True)
class Phrase:
    """A note as the mail can say it: `text` is "" when the note is unusable."""

    note: str
    text: str
    form: str

    @property
    def usable(self) -> bool:
        return self.form != "unusable"


def has_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


def ja_running(text: str) -> str:
    """Text as written inside Japanese running text: half-width digits, no half-width space
    between two Japanese characters or between one and a digit (山田 太郎 → 山田太郎,
    2 名 → 2名), half-width brackets around Japanese and ? ! after it made full-width."""
    text = _HALF_PARENS_AROUND_JA.sub(r"（\1）", text.translate(_FULL_DIGITS))
    text = _HALF_MARK_AFTER_JA.sub(lambda m: _FULL_MARKS[m.group(0)], text)
    return _JA_SPACE.sub("", text)


_PAIRS = {"「": "」", "『": "』", "“": "”", '"': '"', "'": "'", "‘": "’"}


def _cleaned(note: str) -> str:
    """One line without a leading bullet, and without quotes around the whole of it."""
    text = _BULLET.sub("", one_line(note)).strip()
    closing = _PAIRS.get(text[:1])
    if closing and text.endswith(closing) and len(text) > 2 and text[0] not in text[1:-1]:
        text = text[1:-1].strip()
    return text


def _unusable(note: str) -> Phrase:
    return Phrase(note, "", "unusable")


# ------------------------------------------------------------------ Japanese

_JA_END_PUNCT = "。．.！!、，,　 ・"
_JA_LEADING = re.compile(r"^(?:今回の|当日の)?(?:面接|お話|会話)(?:の中)?(?:で|では|中に|の中で)、?"
                         r"(?:聞いた|伺った|出た|話した|話題になった|教わった|知った|説明された|説明のあった)?")
_JA_VERDICT = re.compile(r"(?:が|は)(?:とても|すごく|特に|非常に)?(?:印象的だった|印象的でした|印象に残った|印象に残りました|"
                         r"面白かった|おもしろかった|興味深かった|楽しかった|良かった|よかった|勉強になった)$")
_JA_HEARD = re.compile(r"(?:の|という)?(?:お)?話(?:題)?(?:を|が)(?:聞いた|伺った|聞けた|伺えた|出た)$")
_JA_HEARSAY = re.compile(r"(?:そうです|そうだ|とのことです|とのことでした|とのこと|らしいです|らしい|ようです|ようだ)$")
_JA_TRIMS = [
    re.compile(r"(?:(?:という|といった|との|って|の)(?:お)?話(?:題)?|お話)$"),
    re.compile(r"(?:に|へ)(?:ついて|関して|関する)(?:の)?(?:(?:お)?話|こと)?$"),
    re.compile(r"(?:という|の)(?:こと|事|件)$|(?<=[るたいだ])こと$"),
    re.compile(r"(?:という|の)点$"),
    re.compile(r"(?:という|の)?経験(?:談)?$"),
]
# Polite endings and their plain forms, only where the plain form is certain.
_POLITE = [
    ("ていました", "ていた"), ("でいました", "でいた"), ("ています", "ている"), ("でいます", "でいる"),
    ("しました", "した"), ("します", "する"), ("ありました", "あった"), ("あります", "ある"),
    ("ありません", "ない"), ("いました", "いた"), ("います", "いる"), ("できました", "できた"),
    ("できます", "できる"), ("できません", "できない"), ("なりました", "なった"), ("なります", "なる"),
    ("でした", "だった"), ("です", "だ"),
]
_JA_DANGLING = re.compile(r"(?:の|を|に|が|は|で|と|へ|も|や|から|より|まで|って|て|けど|けれど|ので|のに|、)$")
_JA_CLAUSE_END = set("たるうくぐすつぬぶむだ")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
# How the interviewer and the company speak of themselves, as the candidate writes it.
_JA_VIEWPOINT = [(re.compile(r"^(?:あなた|ご自身|君|貴方)(?=[のがはをに])"), "私"),
                 (re.compile(r"(?:当社|弊社|御社|我が社|うち)(?=[のがはをにで])"), "貴社")]


def _ja_trimmed(text: str) -> str:
    text = _JA_LEADING.sub("", text)
    while True:
        before = text
        text = text.rstrip(_JA_END_PUNCT)
        text = _JA_VERDICT.sub("", text)
        text = _JA_HEARD.sub("", text) or text
        text = _JA_HEARSAY.sub("", text)
        for pattern in _JA_TRIMS:
            trimmed = pattern.sub("", text)
            if trimmed:
                text = trimmed
        if text == before:
            return text


def _ja_plain(text: str) -> str | None:
    """A polite sentence ending in its plain form; None when it cannot be done with certainty."""
    for polite, plain in _POLITE:
        if text.endswith(polite):
            return text[: -len(polite)] + plain
    return None if text.endswith(("ます", "ました", "ません")) else text


_JA_ASIDE = re.compile(r"（[^（）]*）$")


def _ja_aside(text: str) -> tuple[str, str]:
    """A phrase and the bracketed aside that ends it: 半分にした（品質改善） → 半分にした, （品質改善）."""
    match = _JA_ASIDE.search(text)
    return (text[: match.start()], match.group(0)) if match and match.start() else (text, "")


def ja_form(text: str) -> str:
    """noun, clause or unusable for a trimmed Japanese phrase (an aside in brackets at the end
    does not count: 半分にした（品質改善） is a clause)."""
    text = _ja_aside(text)[0]
    if not text or _JA_DANGLING.search(text):
        return "unusable"
    last, before = text[-1], text[-2:-1]
    if last in _JA_CLAUSE_END or (last == "い" and _HIRAGANA.match(before or "x")):
        return "clause"
    return "noun"


def ja_phrase(note: str, *, viewpoint: bool = False) -> Phrase:
    """A Japanese note as a noun phrase or a plain clause (see the module doc)."""
    text = _cleaned(note)
    if not text or _MARKUP.search(text):
        return _unusable(note)
    text = _ja_trimmed(ja_running(text))
    if re.search(r"[。？?！!]", text) or len(text) > MAX_JA_CHARS:
        return _unusable(note)
    if not has_japanese(text) and len(text.split()) > 3:
        return _unusable(note)  # an English sentence in a Japanese mail
    plain = _ja_plain(text)
    if plain is None:
        return _unusable(note)
    if viewpoint:
        for pattern, word in _JA_VIEWPOINT:
            plain = pattern.sub(word, plain)
    form = ja_form(plain)
    return Phrase(note, plain if form != "unusable" else "", form)


# A final だ that is a past tense, not the copula: 読んだ, 取り組んだ, 楽しんだ (-む/-ぶ/-ぬ verbs)
# and 泳いだ, 引き継いだ (-ぐ verbs). Before ん, a kanji or a kana that no plain form ends in
# (the explanatory んだ follows 行く, 高い, 行った, 好きな). Before いだ, only the stem of a
# known -ぐ verb, since a noun in い takes the copula too (違いだ, 嫌いだ).
_JA_PAST_NDA = re.compile(r"[^うくぐすつぬぶむるたいなん\s]んだ$")
_JA_PAST_IDA = re.compile(
    r"(?:[泳急稼繋防注紡仰担凌嗅剥剝脱研継嗣漕削騒塞次接寛嫁喘凪薙傾]|揺ら|和ら|安ら|薄ら|華や|"
    r"およ|いそ|かせ|つな|ふせ|ふさ|さわ)いだ$")
# The explanatory のだ / んだ after a plain form (行くんだ, 立ち上げたのだ) adds nothing to a
# noun clause; after な it stands for the copula (中心なんだ → 中心だ).
_JA_EXPLANATORY = re.compile(r"(?:(?<=[うくぐすつぬぶむるたい])[のん]だ|な[のん]だ)$")


def _ja_base(text: str) -> tuple[str, bool]:
    """A plain clause without an explanatory のだ / んだ, and whether it ends in the copula だ
    (得意だ, 中心なんだ) rather than a verb (絞り込んだ, 泳いだ, 進めた)."""
    if _JA_PAST_NDA.search(text) or _JA_PAST_IDA.search(text):
        return text, False
    if match := _JA_EXPLANATORY.search(text):
        text = text[: match.start()] + ("だ" if match.group(0).startswith("な") else "")
    return text, text.endswith("だ")


def ja_with_koto(phrase: Phrase) -> str:
    """The phrase as a noun: a clause gets こと (the copula だ becomes である; a past tense in
    -んだ or -いだ stays: 絞り込んだこと; an explanatory のだ / んだ is dropped)."""
    if phrase.form != "clause":
        return phrase.text
    text, aside = _ja_aside(phrase.text)
    text, copula = _ja_base(text)
    return (text[:-1] + "である" if copula else text) + "こと" + aside


# ------------------------------------------------------------------ English

_EN_LEADING = re.compile(
    r"^(?:(?:the|a|our|my)\s+)?(?:talk|conversation|discussion|chat|story|part|bit|point|question)s?\s+"
    r"(?:about|on|of|regarding)\s+|^(?:about|regarding)\s+", re.IGNORECASE)
_EN_EXPERIENCE = re.compile(r"^(?:(?:my|the)\s+)?experience\s+(?:of|with|in)\s+|\s+experience$", re.IGNORECASE)
_EN_SUBJECTS = {"you", "we", "i", "he", "she", "it", "there", "they"}
_EN_FINITE = re.compile(r"(?<!\bthe )(?<!\ba )\b(?:is|are|was|were|will|has|have|had|can)\b", re.IGNORECASE)
_EN_DANGLING = {"to", "of", "and", "or", "for", "with", "the", "a", "an", "in", "on", "at", "by", "but", "that"}
def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that start a phrase in lower case mid-sentence; anything else keeps its capital
# (it may be a name: Kubernetes, Singapore).
_EN_COMMON = _word_set("""
a an the their your our my his her its this that these those some any every each how why what when where
you we it there
which who plan plans move moves expansion team teams culture product products roadmap approach work
vision strategy project projects use way ways focus growth launch migration new next upcoming future recent
cloud data customer customers sales engineering hiring onboarding remote office offices global international
overseas market markets business service services platform system systems process processes pms
""")
_SECOND_PERSON = {"their": "your", "they": "you", "them": "you", "theirs": "yours", "themselves": "yourselves",
                  "they're": "you're", "they've": "you've", "they'll": "you'll", "they'd": "you'd"}
_FIRST_PERSON = {"your": "my", "you": "I", "yours": "mine", "yourself": "myself", "you're": "I'm",
                 "you've": "I've", "you'd": "I'd", "you'll": "I'll", "us": "you", "our": "your", "ours": "yours"}
_IRREGULAR_PAST = {
    "build": "built", "rebuild": "rebuilt", "lead": "led", "cut": "cut", "run": "ran", "grow": "grew",
    "make": "made", "win": "won", "drive": "drove", "take": "took", "undertake": "undertook", "write": "wrote",
    "rewrite": "rewrote", "teach": "taught", "bring": "brought", "begin": "began", "set": "set", "put": "put",
    "keep": "kept", "hold": "held", "find": "found", "sell": "sold", "spend": "spent", "get": "got",
    "give": "gave", "oversee": "oversaw", "plan": "planned", "ship": "shipped", "drop": "dropped",
}
_REGULAR_VERBS = _word_set("""
reduce increase improve launch migrate automate design develop deliver create introduce implement manage
establish negotiate redesign streamline double halve triple save raise scale coordinate organise organize
train coach mentor hire recruit restructure optimise optimize lower boost expand start co-found own resolve
fix support analyse analyze lift convince persuade handle turn open close secure stabilise stabilize
""")


def _regular_past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


# After a verb-first note's first word, these start its object: "Profiled the payment calls".
_EN_OBJECT_START = _word_set("the a an our my their its this that these those all every each two three four five")
_PAST = {**_IRREGULAR_PAST, **{verb: _regular_past(verb) for verb in _REGULAR_VERBS}}
_PAST_FORMS = set(_PAST.values())


def _swap(text: str, table: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        word = match.group(0)
        swapped = table[word.lower()]
        if word[0].isupper() and swapped != "I":
            swapped = swapped[0].upper() + swapped[1:]
        return swapped

    words = sorted(table, key=len, reverse=True)
    return re.sub(r"(?<![\w'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])", replace, text,
                  flags=re.IGNORECASE)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.lower() in _EN_COMMON and not (len(first) > 1 and first[1:2].isupper()):
        return text[0].lower() + text[1:]
    return text


def _en_base(note: str) -> str | None:
    """The trimmed note, or None when it cannot be a phrase."""
    text = _cleaned(note)
    if not text or _MARKUP.search(text) or has_japanese(text):
        return None
    text = text.rstrip(" .!;,:")
    if not text or text.endswith("?") or re.search(r"[.!?]\s+\S", text):
        return None
    if len(text.split()) > MAX_EN_WORDS or len(text) > MAX_EN_CHARS:
        return None
    if text.split()[-1].lower() in _EN_DANGLING:
        return None
    return text


def en_topic(note: str) -> Phrase:
    """An English topic note about the company, in the second person: a noun phrase
    ("your move to Singapore") or a clause ("you are moving to Singapore")."""
    text = _en_base(note)
    if text is None:
        return _unusable(note)
    text = _EN_LEADING.sub("", text)
    if not text:
        return _unusable(note)
    text = _lower_first(_swap(text, _SECOND_PERSON))
    first = text.split()[0].lower()
    form = "clause" if first in _EN_SUBJECTS or _EN_FINITE.search(text) else "noun"
    return Phrase(note, text, form)


def en_achievement(note: str) -> Phrase:
    """An English note about what I did, in the first person: "I cut p99 latency by 40%"
    (a verb-first note gets "I", a base verb its past), an -ing phrase, or a noun phrase."""
    text = _en_base(note)
    if text is None:
        return _unusable(note)
    text = _EN_EXPERIENCE.sub("", _EN_LEADING.sub("", text)).strip()
    if not text:
        return _unusable(note)
    first, _, rest = text.partition(" ")
    lowered = first.lower()
    if first == "I":
        return Phrase(note, text, "first_person")
    if lowered in _PAST_FORMS:
        return Phrase(note, f"I {lowered} {rest}".strip(), "first_person")
    if lowered in _PAST:
        return Phrase(note, f"I {_PAST[lowered]} {rest}".strip(), "first_person")
    if lowered.endswith("ed") and len(lowered) > 4 and rest.split(" ", 1)[0].lower() in _EN_OBJECT_START:
        return Phrase(note, f"I {lowered} {rest}", "first_person")  # "Profiled the payment calls"
    if lowered.endswith("ing") and len(lowered) > 4:
        return Phrase(note, lowered + (" " + rest if rest else ""), "gerund")
    return Phrase(note, _lower_first(text), "noun")


_EN_RESULT_VERB = re.compile(
    r"\b(?:is|are|was|were|fell|rose|grew|went|dropped|doubled|halved|tripled|increased|decreased|improved|"
    r"reached|saved|became|came|shrank|climbed|passed|won|got)\b", re.IGNORECASE)


def en_result(note: str) -> Phrase:
    """An English result note: a clause ("churn fell by 4 points") or a noun phrase
    ("a 4-point drop in churn")."""
    text = _en_base(note)
    if text is None:
        return _unusable(note)
    if text.split()[0] == "I":
        return Phrase(note, text, "clause")
    text = _lower_first(text)
    return Phrase(note, text, "clause" if _EN_RESULT_VERB.search(text) else "noun")


# ------------------------------------------------------------------ questions

_JA_QUESTION = [
    re.compile(r"^(?P<x>.+?)(?:を|について)(?:簡単に|具体的に|詳しく|一言で|手短に)?(?:教えて|お聞かせ|聞かせて|お話し|話して|ご説明|説明して)"
               r"(?:ください|下さい|いただけますか|いただけますでしょうか|頂けますか|くれますか|もらえますか)$"),
    re.compile(r"^(?P<x>.+?)(?:は|とは)(?:何|なん|どこ|どちら)(?:ですか|でしょうか|だと思いますか)$"),
    re.compile(r"^(?P<x>.+?)は(?:ありますか|ございますか|おありですか)$"),
]
_EN_QUESTION = [
    (re.compile(r"^(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:tell|talk)\s+(?:me|us)\s+(?:a (?:little|bit)\s+)?"
                r"(?:more\s+)?about\s+(?P<x>.+)$", re.IGNORECASE), "{x}"),
    (re.compile(r"^(?:please\s+)?(?:walk|take)\s+(?:me|us)\s+through\s+(?P<x>.+)$", re.IGNORECASE), "{x}"),
    (re.compile(r"^(?:please\s+)?(?:describe|explain)\s+(?P<x>.+)$", re.IGNORECASE), "{x}"),
    (re.compile(r"^what\s+(?:is|are|was|were)\s+(?P<x>your\s+.+)$", re.IGNORECASE), "{x}"),
    (re.compile(r"^why\s+are\s+you\s+(?P<x>.+)$", re.IGNORECASE), "why I am {x}"),
    (re.compile(r"^why\s+do\s+you\s+(?P<x>.+)$", re.IGNORECASE), "why I {x}"),
    (re.compile(r"^why\s+would\s+you\s+(?P<x>.+)$", re.IGNORECASE), "why I would {x}"),
]


def question_phrase(question: str, lang: str) -> Phrase:
    """What a question was about, as a phrase the candidate can write ("志望動機",
    "why I am changing jobs now"); unusable when the question does not fit a known pattern."""
    text = _cleaned(question)
    if not text or _MARKUP.search(text):
        return _unusable(question)
    if lang == "ja":
        text = ja_running(text).rstrip("?？。．. 　")
        for pattern in _JA_QUESTION:
            if match := pattern.match(text):
                found = ja_phrase(match["x"], viewpoint=True)
                return Phrase(question, ja_with_koto(found), "noun") if found.usable else _unusable(question)
        return _unusable(question)
    if has_japanese(text):
        return _unusable(question)
    text = text.rstrip("?.! ")
    for pattern, frame in _EN_QUESTION:
        if match := pattern.match(text):
            inner = _swap(match["x"], _FIRST_PERSON)
            # "Tell me about yourself" is a request to introduce oneself, not a question about a topic.
            if inner.lower() == "myself" or inner.split()[-1].lower() in _EN_DANGLING \
                    or len(inner.split()) > MAX_EN_WORDS:
                return _unusable(question)
            return Phrase(question, _lower_first(frame.format(x=inner)), "noun")
    return _unusable(question)


def topic_phrase(note: str, lang: str) -> Phrase:
    """A note on something the interviewer talked about, as the mail can say it."""
    return ja_phrase(note, viewpoint=True) if lang == "ja" else en_topic(note)


def result_phrase(note: str, lang: str) -> Phrase:
    """A story's result as the mail can say it."""
    return ja_phrase(note) if lang == "ja" else en_result(note)


def achievement_phrase(note: str, lang: str) -> Phrase:
    """A note on something the candidate did or could not tell, as the mail can say it."""
    if lang != "ja":
        return en_achievement(note)
    phrase = ja_phrase(note)
    if phrase.form == "clause":  # 前職では…担当していた → 前職で…担当していた, to run on in a sentence
        phrase = Phrase(note, re.sub(r"^(.{1,10}?)では(?=\S)", r"\1で", phrase.text, count=1), "clause")
    return phrase


# A noun naming an ability, not something done: 分析力 is no 経験.
_JA_ABILITY = ("力", "性", "スキル", "知識", "資格", "強み", "能力", "経験")


def ja_as_experience(phrase: Phrase) -> str:
    """A Japanese achievement as something the candidate has: 育成 → 育成の経験, 導入を主導した →
    導入を主導した経験, 絞り込んだ → 絞り込んだ経験, 得意だ → 得意であること, 分析力 → 分析力."""
    text, aside = _ja_aside(phrase.text)
    if phrase.form == "clause":
        text, copula = _ja_base(text)
        return ja_with_koto(phrase) if copula else text + "経験" + aside
    return phrase.text if text.endswith(_JA_ABILITY) else text + "の経験" + aside
