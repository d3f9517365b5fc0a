"""Action plans: from the weakest competencies and recurring notes, keeping the user's own work."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.config import LANGUAGES
from lib.practice import action_plan
from lib.practice.action_plan import GENERAL, PlanAction, generate_plan
from lib.reflect import trends

TODAY = date(2026, 3, 2)


def summary_of(means: dict[str, float]) -> pd.DataFrame:
    """A frame shaped like trends.competency_summary()."""
    summary = pd.DataFrame(index=pd.Index(COMPETENCIES, name="competency"))
    summary["mean"] = [float(means.get(c, np.nan)) for c in COMPETENCIES]
    summary["count"] = [3 if c in means else 0 for c in COMPETENCIES]
    summary["interviews"] = summary["points"] = summary["count"]
    summary["slope"] = np.nan
    summary["trend"] = "not_enough_data"
    return summary


WEAK = summary_of({"motivation": 2.1, "self_introduction": 2.4, "industry_knowledge": 2.8, "strengths": 4.5,
                   "communication": 4.0, "culture_fit": 3.9, "composure": 4.2})


# ---------------------------------------------------------------------------- the library

def test_the_library_has_three_actions_per_competency_in_both_languages_with_unique_ids():
    library = action_plan.load_library()
    ids = [action.id for action in library.actions]
    assert len(ids) == len(set(ids))
    for competency in COMPETENCIES:
        assert len(library.of(competency)) >= 3, competency
    assert len(library.of(GENERAL)) >= 2
    assert "mock_interview_friend" in ids
    for action in library.actions:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", action.id)
        for lang in LANGUAGES:
            assert action.text[lang].strip() and action.target[lang].strip()
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", action.text["ja"])
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", action.text["en"] + action.target["en"])
        # Measurable: a number in the text (digits or a Japanese/English number word).
        assert re.search(r"\d|一|二|三|五|one|two|three|five", action.text["ja"] + action.text["en"])
        assert action.target_count >= 1 and 1 <= action.effort_days <= 14


def test_the_library_keywords_cover_every_competency():
    library = action_plan.load_library()
    assert set(library.keywords) == set(COMPETENCIES)


def test_a_broken_library_is_refused(tmp_path):
    path = tmp_path / "library.toml"
    path.write_text('[[actions]]\nid = "x"\ncompetency = "charm"\ntext = { ja = "a", en = "b" }\n'
                    'target = { ja = "a", en = "b" }\ntarget_count = 1\neffort_days = 1\n')
    with pytest.raises(ValueError, match="competency"):
        action_plan.load_library(path)


@pytest.mark.parametrize(("note", "competency"), [
    ("結論から話す", "communication"),
    ("緊張して早口になった", "composure"),
    ("志望動機が浅いと言われた", "motivation"),
    ("Answer with numbers for each achievement", "achievements"),
    ("Too long, get to the conclusion first", "communication"),
    ("笑顔を増やす", None),
])
def test_notes_are_mapped_to_competencies_by_keyword(note, competency):
    assert action_plan.competency_of_note(note) == competency


# ---------------------------------------------------------------------------- the plan

@settings(max_examples=80, deadline=None)
@given(days=st.integers(1, 60), means=st.dictionaries(st.sampled_from(COMPETENCIES), st.floats(1, 5)),
       lang=st.sampled_from(LANGUAGES), notes=st.lists(st.sampled_from(
           ["結論から話す", "緊張した", "笑顔を増やす", "Speak more slowly", "逆質問が少なかった"]), max_size=4))
def test_a_plan_has_three_to_seven_unique_actions_due_before_the_interview(days, means, lang, notes):
    interview = TODAY + timedelta(days=days)
    plan = generate_plan(summary_of(means), notes, interview, TODAY, lang=lang)
    assert 3 <= len(plan) <= 7
    assert len({a.id for a in plan}) == len(plan)
    assert all(TODAY <= a.due < interview for a in plan)
    assert [a.due for a in plan] == sorted(a.due for a in plan)
    assert all(a.text and a.target and not a.done and not a.user_edited for a in plan)


def test_the_plan_works_on_the_two_or_three_weakest_competencies():
    plan = generate_plan(WEAK, [], TODAY + timedelta(days=14), TODAY, lang="ja")
    weakest = trends.weakest(WEAK, 3)
    assert weakest == ["motivation", "self_introduction", "industry_knowledge"]
    competencies = [a.competency for a in plan]
    assert set(competencies) <= {*weakest, GENERAL}
    assert all(c in competencies for c in weakest)
    assert "mock_interview_friend" in {a.id for a in plan}
    library = action_plan.load_library().by_id()
    assert all(a.text == library[a.id].text["ja"] and a.target == library[a.id].target["ja"] for a in plan)


def test_notes_to_improve_add_their_competency_or_an_action_of_their_own():
    plan = generate_plan(WEAK, ["結論から話す", "笑顔を増やす"], TODAY + timedelta(days=14), TODAY, lang="en")
    assert "communication" in {a.competency for a in plan}
    own = [a for a in plan if a.source == "note"]
    assert len(own) == 1 and own[0].id.startswith("note-")
    assert own[0].text == i18n.t("plan.note_action", "en", note="笑顔を増やす")


def test_without_any_data_the_plan_covers_the_classic_questions():
    plan = generate_plan(pd.DataFrame(), [], None, TODAY)
    assert {"self_introduction", "motivation", "reason_for_change"} <= {a.competency for a in plan}


def test_without_an_interview_the_plan_covers_fourteen_days():
    plan = generate_plan(WEAK, [], None, TODAY)
    assert all(TODAY <= a.due < TODAY + timedelta(days=14) for a in plan)
    assert len(plan) == 7
    assert len({a.due for a in plan}) >= 4  # spread, not all on one day
    # An interview date in the past counts as none.
    assert generate_plan(WEAK, [], TODAY - timedelta(days=1), TODAY) == plan


def test_a_close_interview_gets_fewer_actions_that_fit_the_time():
    tomorrow = generate_plan(WEAK, [], TODAY + timedelta(days=1), TODAY)
    assert len(tomorrow) == 3 and all(a.due == TODAY for a in tomorrow)
    far = generate_plan(WEAK, [], TODAY + timedelta(days=30), TODAY)
    assert len(far) == 7
    library = action_plan.load_library().by_id()
    for action in far:  # each finished at least its lead before the interview
        assert action.due <= TODAY + timedelta(days=30 - library[action.id].effort_days)
    today = generate_plan(WEAK, [], TODAY, TODAY)
    assert all(a.due == TODAY for a in today)


def test_regenerating_keeps_the_users_edits_ticks_and_own_actions_and_never_duplicates():
    interview = TODAY + timedelta(days=14)
    plan = generate_plan(WEAK, [], interview, TODAY, lang="ja")
    first, second, third = plan[0].id, plan[1].id, plan[2].id
    plan = action_plan.edit_action(plan, first, text="自分の言葉で書き直した", due=TODAY + timedelta(days=9))
    plan = action_plan.set_done(plan, second)
    plan = action_plan.add_action(plan, "エージェントに模擬面接を頼む", TODAY + timedelta(days=5), target="1回")
    plan = action_plan.delete_action(plan, third)

    again = generate_plan(WEAK, [], interview, TODAY + timedelta(days=2), existing=plan, lang="en",
                          dismissed=[third])
    by_id = {a.id: a for a in again}
    assert len(by_id) == len(again)
    assert by_id[first].text == "自分の言葉で書き直した" and by_id[first].due == TODAY + timedelta(days=9)
    assert by_id[first].user_edited
    assert by_id[second].done
    assert by_id[second].text == action_plan.load_library().by_id()[second].text["en"]  # follows the language
    assert by_id["own-1"].text == "エージェントに模擬面接を頼む" and by_id["own-1"].source == "user"
    assert third not in by_id
    open_actions = [a for a in again if not a.done]
    assert 3 <= len(open_actions) <= 7


def test_regenerating_with_many_kept_actions_adds_nothing_more():
    plan = []
    for n in range(8):
        plan = action_plan.add_action(plan, f"自分の行動{n}", TODAY + timedelta(days=n))
    again = generate_plan(WEAK, [], TODAY + timedelta(days=14), TODAY, existing=plan)
    assert again == plan
    assert action_plan.add_action(again, "もう一つ", TODAY)[-1].id == "own-9"


def test_untouched_suggestions_are_replaced_on_regeneration():
    interview = TODAY + timedelta(days=14)
    plan = generate_plan(WEAK, [], interview, TODAY)
    better = summary_of({"motivation": 4.8, "self_introduction": 4.6, "industry_knowledge": 4.5, "strengths": 1.5,
                         "communication": 2.0, "culture_fit": 2.2, "composure": 4.2})
    again = generate_plan(better, [], interview, TODAY, existing=plan)
    assert {a.competency for a in again} <= {"strengths", "communication", "culture_fit", GENERAL}


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_regeneration_never_duplicates_and_keeps_every_kept_action(data):
    interview = TODAY + timedelta(days=data.draw(st.integers(1, 40)))
    plan = generate_plan(WEAK, [], interview, TODAY)
    for action in list(plan):
        change = data.draw(st.sampled_from(["keep", "edit", "tick", "delete"]))
        if change == "edit":
            plan = action_plan.edit_action(plan, action.id, text=action.text + "!")
        elif change == "tick":
            plan = action_plan.set_done(plan, action.id)
        elif change == "delete":
            plan = action_plan.delete_action(plan, action.id)
    kept = [a for a in plan if a.kept]
    again = generate_plan(WEAK, data.draw(st.lists(st.sampled_from(["結論から話す", "笑顔"]), max_size=2)),
                          interview, TODAY, existing=plan)
    assert len({a.id for a in again}) == len(again)
    assert all(a in again for a in kept)


def test_plan_actions_round_trip_through_the_database_columns():
    plan = generate_plan(WEAK, ["笑顔を増やす"], TODAY + timedelta(days=10), TODAY)
    plan = action_plan.set_done(plan, plan[0].id)
    assert [PlanAction.from_record(a.to_record()) for a in plan] == plan
    assert plan[0].to_record()["done"] == 1 and isinstance(plan[0].to_record()["due"], str)


# ---------------------------------------------------------------------------- texts and targets agree

JA_NUMBER = r"(\d+|[一二三四五六七八九十])"
JA_KANJI = dict(zip("一二三四五六七八九十", range(1, 11)))
# Counters whose numbers say how much of something, not how many: lengths, durations, set sizes.
MEASURES = ("か月", "年目", "分", "秒", "字", "行", "問")
COUNTERS = ("項目", "セット", "回", "つ", "件", "人", "本", "点", "社", "冊", "個", "枚", "か所") + MEASURES
JA_MENTION = re.compile(rf"(それぞれ|各|計|合わせて)?{JA_NUMBER}({'|'.join(COUNTERS)})(ずつ)?")
EN_WORDS = {"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
EN_NUMBER = r"(\d+|" + "|".join(EN_WORDS) + r")"
NOUN = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fff]{2,}")


def en_value(word: str) -> int:
    return int(word) if word.isdigit() else EN_WORDS[word.lower()]


def ja_clauses(text: str) -> list[str]:
    """The text cut at 、 and 。 outside brackets and quotes."""
    clauses, depth, current = [], 0, ""
    for char in text:
        depth += char in "（「"
        depth -= char in "）」"
        if char in "、。" and depth == 0:
            clauses.append(current)
            current = ""
        else:
            current += char
    return [*clauses, current]


def ja_mentions(text: str) -> list[tuple[int, str, str]]:
    """(value, counter, how) of every counted number: how is plain, each (それぞれ, ずつ) or total (計)."""
    found = []
    for before, number, counter, after in JA_MENTION.findall(text):
        value = int(number) if number.isdigit() else JA_KANJI[number]
        how = "total" if before in ("計", "合わせて") else "each" if before in ("それぞれ", "各") or after else "plain"
        found.append((value, counter, how))
    return found


def target_problems(action) -> list[str]:
    """Where an action's text and target disagree (empty when they agree)."""
    problems = []
    count = action.target_count
    # The target itself: one number, the count, in both languages.
    target_numbers = ja_mentions(action.target["ja"])
    if [value for value, _, _ in target_numbers] != [count]:
        problems.append(f"ja target {action.target['ja']!r} vs target_count {count}")
    en_target = re.findall(rf"\b{EN_NUMBER}\b", action.target["en"], re.IGNORECASE)
    if [en_value(word) for word in en_target] != [count]:
        problems.append(f"en target {action.target['en']!r} vs target_count {count}")
    if problems:
        return problems
    _, counter, _ = target_numbers[0]
    nouns = NOUN.findall(JA_MENTION.sub(" ", action.target["ja"]))
    pieces = {noun[i:i + 2] for noun in nouns for i in range(len(noun) - 1)}
    # The text's numbers of the target's counter, in clauses that name the target's noun.
    said = [mention for clause in ja_clauses(action.text["ja"])
            if not pieces or any(piece in clause for piece in pieces)
            for mention in ja_mentions(clause) if mention[1] == counter]
    totals = [value for value, _, how in said if how == "total"]
    if totals:
        if totals != [count]:
            problems.append(f"ja text says {totals} in all, target {count}")
    elif any(how == "each" for _, _, how in said):
        problems.append(f"ja text asks for a number of each item without a total: {said}")
    elif not any(value == count for value, _, _ in said):
        problems.append(f"ja text never asks for {count}{counter}: {said}")
    if re.search(r"(える|れる|きる|なる)まで[^、。]*\d+回", action.text["ja"]):
        problems.append("ja text asks for an open-ended goal and a fixed count at once")
    # English: the count appears; a number "each" needs a total "in all".
    en_text = action.text["en"]
    numbers = [en_value(word) for word in re.findall(rf"\b{EN_NUMBER}\b", en_text, re.IGNORECASE)]
    if count not in numbers:
        problems.append(f"en text never says {count}: {en_text!r}")
    per_item = re.search(rf"\beach (?:\w+ )?{EN_NUMBER} times\b|\b{EN_NUMBER} times each\b", en_text, re.IGNORECASE)
    if per_item and not re.search(rf"\b{EN_NUMBER}\b[\w ]*\bin (?:all|total)\b", en_text, re.IGNORECASE):
        problems.append("en text asks for a number of each item without a total")
    if re.search(rf"\buntil\b[^.]*\b(twice|{EN_NUMBER} times)\b", en_text, re.IGNORECASE):
        problems.append("en text asks for an open-ended goal and a fixed count at once")
    return problems


@pytest.mark.parametrize("action", action_plan.load_library().actions, ids=lambda a: a.id)
def test_every_number_in_an_actions_text_agrees_with_its_target(action):
    assert target_problems(action) == []


@pytest.mark.parametrize(("text", "target", "count", "problem"), [
    # Each of two versions recorded three times is six recordings, not three.
    ("1分版と3分版の自己紹介を書き、それぞれ3回録音して聞き直す", "録音3回", 3, "without a total"),
    ("1分版と3分版の自己紹介を書き、それぞれ3回ずつ、計6回録音して聞き直す", "録音3回", 3, "in all"),
    ("「入社後にやりたいこと」を書き、1分以内で言えるまで2回声に出して練習する", "声に出して2回", 2, "open-ended"),
    ("逆質問を5つ用意する", "逆質問3つ", 3, "never asks for 3"),
    ("逆質問を3つ用意する", "逆質問3つと予備2つ", 3, "ja target"),
])
def test_the_number_check_finds_a_disagreement(text, target, count, problem):
    action = action_plan.LibraryAction("x", "motivation", {"ja": text, "en": f"{count} times"},
                                       {"ja": target, "en": f"{count} times"}, count, 1)
    assert any(problem in found for found in target_problems(action))


def ui_names(lang: str) -> set[str]:
    """Every string of the app's interface in one language."""
    return {value for value in i18n.catalog(lang).values() if isinstance(value, str)}


def nav_names(lang: str) -> set[str]:
    """The pages' names, as the sidebar shows them."""
    return {value for key, value in i18n.catalog(lang).items()
            if key.startswith("nav.") and not key.startswith("nav.section_")}


@pytest.mark.parametrize("action", action_plan.load_library().actions, ids=lambda a: a.id)
def test_actions_name_only_pages_and_parts_the_app_has(action):
    ja, en = action.text["ja"], action.text["en"]
    assert {name for name in re.findall(r"「([^」]+)」ページ", ja)} <= nav_names("ja")
    parts = re.findall(r"[\u30a0-\u30ff\u4e00-\u9fff]+(?:モード|シート|画面|タブ)", ja)
    assert set(parts) <= ui_names("ja"), parts
    assert {name for name in re.findall(r"\bthe ([A-Z][\w-]*(?: [A-Z][\w-]*)*) page\b", en)} <= nav_names("en")
    assert not re.search(r"\bpractice (mode|sheet)\b", en, re.IGNORECASE)
    parts_en = re.findall(r"\bthe ([a-z][\w-]*(?: [\w-]+)? (?:sheet|mode|screen|tab))\b", en)
    assert {part.lower() for part in parts_en} <= {name.lower() for name in ui_names("en")}, parts_en


def test_the_old_contradictions_and_wrong_names_are_gone():
    texts = [action.text[lang] for action in action_plan.load_library().actions for lang in LANGUAGES]
    for wrong in ("練習モード", "練習シート", "想定外の質問を5つ書き出", "言えるまで2回", "practice mode",
                  "practice sheet"):
        assert not any(wrong in text for text in texts), wrong


def test_the_library_has_actions_for_salary_and_start_date_the_agent_and_the_cv():
    library = action_plan.load_library().by_id()
    salary = library["salary_and_start_date"]
    assert salary.competency == "motivation" and "希望年収" in salary.text["ja"] and "入社可能日" in salary.text["ja"]
    assert "expected salary" in salary.text["en"] and "start date" in salary.text["en"]
    agent = [a for a in library.values() if "エージェント" in a.text["ja"]]
    assert {"agent_feedback", "agent_mock_interview"} <= {a.id for a in agent}
    assert any("模擬面接" in a.text["ja"] for a in agent) and any("面接報告" in a.text["ja"] for a in agent)
    assert all("agent" in a.text["en"] for a in agent)
    cv = library["career_reread_cv"]
    assert "職務経歴書" in cv.text["ja"] and "CV" in cv.text["en"]


@pytest.mark.parametrize(("note", "competency"), [
    ("キャリアプランをうまく話せなかった", "motivation"),
    ("I could not explain my career plan", "motivation"),
    ("専門用語を使いすぎた", "communication"),
    ("Used too much jargon", "communication"),
    ("希望年収をはっきり言えなかった", "motivation"),
    ("Fumbled my expected salary", "motivation"),
    ("空白期間の説明があいまいだった", "reason_for_change"),
    ("The gap in my CV came up and I had no answer", "reason_for_change"),
    ("入社可能時期を聞かれて迷った", "motivation"),
    ("Could not give a start date", "motivation"),
    ("他社の選考状況をうまく伝えられなかった", "motivation"),
    ("Unsure how much to say about other applications", "motivation"),
    ("マネジメント経験を具体的に話せなかった", "career_story"),
    ("Management experience sounded thin", "career_story"),
    ("職務経歴の説明が長い", "career_story"),        # unchanged: 経歴 is still career_story
    ("技術的な質問に答えられなかった", "role_skills"),  # unchanged: 技術 alone is role_skills
])
def test_notes_map_to_the_competency_an_advisor_would_choose(note, competency):
    assert action_plan.competency_of_note(note) == competency


def test_a_note_about_salary_brings_the_salary_action_into_the_plan():
    plan = generate_plan(None, ["希望年収をうまく言えなかった"], TODAY + timedelta(days=14), TODAY)
    assert "salary_and_start_date" in {a.id for a in plan} or "motivation" in {a.competency for a in plan}
