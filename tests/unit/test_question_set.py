"""Mock question sets: seeded, explainable, leaning towards the weak areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import i18n
from lib.competencies import COMPETENCIES
from lib.config import LANGUAGES
from lib.practice import question_set
from lib.practice.question_bank import load_bank
from lib.practice.question_set import generate_question_set, reason_text
from lib.reflect import trends
from lib.reflect.analytics import scores_frame

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ASKABLE = [c for c in COMPETENCIES if c != "reverse_questions"]


# ---------------------------------------------------------------------------- fixtures

@dataclass(frozen=True)
class Question:
    """The question-bank contract (lib.practice.question_bank.BankQuestion), duck-typed."""

    id: str
    category: str
    round: str = "any"
    kind: str = "general"
    difficulty: int = 2
    text: dict = field(default_factory=dict)
    probes: tuple = ()
    looking_for: dict = field(default_factory=dict)


def question(n: int, category: str, round_: str = "any", kind: str = "general") -> Question:
    return Question(f"q{n:05d}", category, round_, kind, 2,
                    {"ja": f"質問{n}({category})", "en": f"Question {n} ({category})"},
                    ({"ja": f"深掘り{n}", "en": f"Probe {n}"},), {"ja": f"見るところ{n}", "en": f"Looks for {n}"})


def bank_of(categories: list[str], reverse: int = 3, rounds: list[str] | None = None) -> tuple[Question, ...]:
    """One question per entry of `categories`, then `reverse` 逆質問 prompts."""
    rounds = rounds or ["any"] * len(categories)
    questions = [question(n, c, r) for n, (c, r) in enumerate(zip(categories, rounds))]
    questions += [question(len(categories) + n, "reverse_questions", "any", "reverse") for n in range(reverse)]
    return tuple(questions)


def even_bank(per_category: int = 6, reverse: int = 4) -> tuple[Question, ...]:
    return bank_of([c for c in ASKABLE for _ in range(per_category)], reverse)


def summary_of(means: dict[str, float], slopes: dict[str, float] | None = None) -> pd.DataFrame:
    """A frame shaped like trends.competency_summary()."""
    slopes = slopes or {}
    summary = pd.DataFrame(index=pd.Index(COMPETENCIES, name="competency"))
    summary["mean"] = [float(means.get(c, np.nan)) for c in COMPETENCIES]
    summary["count"] = [3 if c in means else 0 for c in COMPETENCIES]
    summary["interviews"] = summary["count"]
    summary["points"] = summary["count"]
    summary["slope"] = [float(slopes.get(c, np.nan)) for c in COMPETENCIES]
    summary["trend"] = [trends.trend_of(s) for s in summary["slope"]]
    return summary


def make(bank, summary=None, **options) -> question_set.QuestionSet:
    return generate_question_set(bank, summary, now=NOW, **options)


# ---------------------------------------------------------------------------- properties

bank_rows = st.lists(st.tuples(st.sampled_from(ASKABLE), st.sampled_from(["early", "final", "any"])), max_size=60)
means = st.dictionaries(st.sampled_from(COMPETENCIES), st.floats(1, 5), max_size=len(COMPETENCIES))


@settings(max_examples=150, deadline=None)
@given(rows=bank_rows, reverse=st.integers(0, 4), means=means, size=st.integers(3, 30),
       seed=st.integers(0, 2**32 - 1), lang=st.sampled_from(LANGUAGES),
       upcoming=st.sampled_from([None, "first", "final", "other"]))
def test_sets_have_no_duplicates_respect_the_size_and_hold_one_or_two_reverse_questions(
        rows, reverse, means, size, seed, lang, upcoming):
    bank = bank_of([c for c, _ in rows], reverse, [r for _, r in rows])
    picked = make(bank, summary_of(means), size=size, seed=seed, lang=lang, upcoming_round=upcoming)
    ids = picked.ids
    assert len(ids) == len(set(ids))
    assert len({item.text for item in picked.items}) == len(ids)
    reverse_picked = sum(item.kind == "reverse" for item in picked.items)
    assert reverse_picked in ((1, 2) if reverse else (0,))
    expected = reverse_picked + min(size - reverse_picked, len(rows))
    assert len(ids) == expected <= size
    assert all(item.reasons for item in picked.items)


@settings(max_examples=60, deadline=None)
@given(rows=bank_rows, means=means, size=st.integers(3, 30), seed=st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_set(rows, means, size, seed):
    categories = [c for c, _ in rows]
    first = make(bank_of(categories), summary_of(means), size=size, seed=seed)
    again = make(bank_of(categories), summary_of(means), size=size, seed=seed)  # a new bank object: no cache
    assert first == again


def test_different_seeds_usually_give_different_sets():
    bank = even_bank()
    sets = {tuple(make(bank, size=10, seed=seed).ids) for seed in range(20)}
    assert len(sets) >= 15


@st.composite
def weak_world(draw):
    """A bank and a summary in which 1-3 categories are clearly weaker than at least two others."""
    rated = draw(st.lists(st.sampled_from(ASKABLE), min_size=3, max_size=len(ASKABLE), unique=True))
    n_weak = draw(st.integers(1, min(3, len(rated) - 2)))
    weak, strong = rated[:n_weak], rated[n_weak:]
    means = {c: draw(st.floats(1, 2)) for c in weak} | {c: draw(st.floats(4, 5)) for c in strong}
    counts = {c: draw(st.integers(1, 8)) for c in ASKABLE}
    categories = [c for c in ASKABLE for _ in range(counts[c])]
    size = draw(st.integers(5, 12))
    return weak, summary_of(means), categories, size


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True)
@given(world=weak_world())
def test_the_weakest_categories_are_over_represented_compared_with_the_bank(world):
    weak, summary, categories, size = world
    if len(categories) < 2 * size:
        categories = categories * 2  # the bank must be larger than the set, or all of it is picked
    bank = bank_of(categories, reverse=2)
    bank_share = sum(c in weak for c in categories) / len(categories)
    picked = [item.category for seed in range(40)
              for item in make(bank, summary, size=size, seed=seed).items if item.kind != "reverse"]
    set_share = sum(c in weak for c in picked) / len(picked)
    assert set_share > bank_share


# ---------------------------------------------------------------------------- the signals

def pick_rate(bank, summary=None, wanted=lambda item: True, seeds=range(60), **options) -> float:
    items = [item for seed in seeds for item in make(bank, summary, seed=seed, **options).items]
    return sum(map(wanted, items)) / len(seeds)


def test_a_declining_competency_is_picked_more_often_than_the_same_one_steady():
    bank = even_bank()
    means = dict.fromkeys(ASKABLE, 3.5)
    def is_composure(item) -> bool:
        return item.category == "composure"

    steady = pick_rate(bank, summary_of(means, {"composure": 0.0}), is_composure)
    declining = pick_rate(bank, summary_of(means, {"composure": -0.5}), is_composure)
    assert declining > steady


def test_reasons_name_the_weakest_area_with_its_mean():
    summary = summary_of({"motivation": 2.3, "strengths": 4.5, "self_introduction": 4.0, "communication": 3.0})
    picked = make(even_bank(), summary, size=10, seed=1)
    motivation = [item for item in picked.items if item.category == "motivation"]
    assert motivation
    assert all(("practice_set.reason.weakest", {"competency": "motivation", "mean": 2.3}) in item.reasons
               for item in motivation)
    assert reason_text(motivation[0].reasons[0], "en") == \
        "Motivation for this company is your weakest area: 2.3 average"
    assert reason_text(motivation[0].reasons[0], "ja") == i18n.t("practice_set.reason.weakest", "ja",
                                                                  competency="志望動機", mean="2.3")


def test_questions_rated_low_are_offered_again_and_say_where_they_were_asked():
    own = [{"question_id": 7, "question": "前職で一番苦労したことは?", "category": "achievements", "rating": 1,
            "company_id": 3, "company": "株式会社アオバ", "round": "third"}]
    rate = pick_rate(even_bank(), own_questions=own, wanted=lambda item: item.id == "own-7", size=10)
    assert rate > 0.5
    item = next(i for seed in range(60) for i in make(even_bank(), own_questions=own, seed=seed).items
                if i.id == "own-7")
    assert item.source == "own" and item.text == "前職で一番苦労したことは?"
    assert item.reasons[0] == ("practice_set.reason.rated_low", {"rating": 1, "company": "株式会社アオバ"})
    # Asked in a third round: it counts as a final-stage question.
    final = next(i for i in make(even_bank(), own_questions=own, upcoming_round="final").items if i.id == "own-7")
    assert ("practice_set.reason.round", {"round": "final"}) in final.reasons


def test_own_questions_are_merged_by_text_with_each_other_and_with_the_bank():
    bank = even_bank()
    own = [
        {"question_id": 9, "question": "自己紹介を お願いします。", "category": "self_introduction", "rating": 4},
        {"question_id": 4, "question": "自己紹介をお願いします", "category": "self_introduction", "rating": 2,
         "company": "B社"},
        {"question_id": 5, "question": bank[0].text["ja"], "category": bank[0].category, "rating": 1},
    ]
    for seed in range(30):
        picked = make(bank, own_questions=own, seed=seed, size=15)
        assert "own-9" not in picked.ids and "own-5" not in picked.ids
        assert len(picked.ids) == len(set(picked.ids))
    merged = [i for seed in range(30) for i in make(bank, own_questions=own, seed=seed).items if i.id == "own-4"]
    assert merged and merged[0].reasons[0] == ("practice_set.reason.rated_low", {"rating": 2, "company": "B社"})
    on_bank = [i for seed in range(30) for i in make(bank, own_questions=own, seed=seed).items if i.id == bank[0].id]
    assert on_bank and on_bank[0].source == "bank"
    assert on_bank[0].reasons[0] == ("practice_set.reason.rated_low_anywhere", {"rating": 1})


def test_questions_this_company_asked_before_come_first():
    own = [{"question_id": n, "question": f"御社独自の質問{n}", "category": "culture_fit", "rating": 3,
            "company_id": 5 if n < 3 else 6, "company": "アオバ" if n < 3 else "ミドリ"} for n in range(6)]
    for_aoba = pick_rate(even_bank(), own_questions=own, company_id=5,
                         wanted=lambda item: item.id in ("own-0", "own-1", "own-2"))
    for_midori = pick_rate(even_bank(), own_questions=own, company_id=6,
                           wanted=lambda item: item.id in ("own-0", "own-1", "own-2"))
    assert for_aoba > for_midori
    picked = [i for seed in range(40) for i in make(even_bank(), own_questions=own, company_id=5, seed=seed).items]
    assert ("practice_set.reason.this_company", {"company": "アオバ"}) in next(
        i.reasons for i in picked if i.id == "own-0")
    assert ("practice_set.reason.company_category", {"company": "アオバ", "competency": "culture_fit"}) in next(
        i.reasons for i in picked if i.source == "bank" and i.category == "culture_fit")


def test_the_round_of_the_upcoming_interview_is_preferred():
    categories = [c for c in ASKABLE for _ in range(6)]
    rounds = ["final" if n % 2 else "early" for n in range(len(categories))]
    bank = bank_of(categories, rounds=rounds)
    final_ids = {q.id for q in bank if q.round == "final"}
    def is_final(item) -> bool:
        return item.id in final_ids

    assert pick_rate(bank, upcoming_round="final", wanted=is_final) > pick_rate(bank, upcoming_round="first",
                                                                                wanted=is_final)
    item = next(i for i in make(bank, upcoming_round="final", seed=2).items if i.id in final_ids)
    assert ("practice_set.reason.round", {"round": "final"}) in item.reasons
    assert reason_text(("practice_set.reason.round", {"round": "final"}), "ja") == "次の最終面接に向けた質問です"


def test_questions_due_for_practice_are_preferred_and_recently_practised_ones_rest():
    bank = even_bank()
    due_now = {q.id: NOW - timedelta(days=1) for q in bank[:10]}
    not_yet = {q.id: NOW + timedelta(days=5) for q in bank[:10]}
    def in_first(item) -> bool:
        return item.id in due_now

    plain = pick_rate(bank, wanted=in_first)
    assert pick_rate(bank, due=due_now, wanted=in_first) > plain > pick_rate(bank, due=not_yet, wanted=in_first)
    item = next(i for seed in range(20) for i in make(bank, due=due_now, seed=seed).items if i.id in due_now)
    assert item.reasons[0] == ("practice_set.reason.due", {"date": NOW - timedelta(days=1)})


def test_chosen_focus_categories_replace_the_automatic_weights():
    summary = summary_of({"motivation": 1.0, "strengths": 5.0, "composure": 4.0})
    picked = make(even_bank(), summary, focus=["strengths", "composure"], size=10, seed=3)
    asked = [item for item in picked.items if item.kind != "reverse"]
    assert {item.category for item in asked} == {"strengths", "composure"}
    assert all(item.reasons == [("practice_set.reason.focus", {"competency": item.category})] for item in asked)
    assert picked.focus == ("strengths", "composure")
    # Questions due or rated low outside the focus do not push in.
    bank = even_bank()
    due = {q.id: NOW - timedelta(days=1) for q in bank if q.category == "motivation"}
    own = [{"question_id": 1, "question": "なぜ当社なのですか", "category": "motivation", "rating": 1}]
    pushed = make(bank, summary, own_questions=own, focus=["strengths", "composure"], due=due, size=10, seed=3)
    assert {item.category for item in pushed.items if item.kind != "reverse"} == {"strengths", "composure"}
    # A focus too small for the set is topped up from the other categories.
    small = make(even_bank(per_category=2), focus=["strengths"], size=10, seed=3)
    assert len(small.items) == 10
    assert sum(i.category == "strengths" for i in small.items) == 2


def test_the_set_follows_an_interview_order_with_the_reverse_questions_last():
    picked = make(even_bank(), size=12, seed=5)
    kinds = [item.kind == "reverse" for item in picked.items]
    assert kinds == sorted(kinds) and sum(kinds) == 2
    positions = [COMPETENCIES.index(item.category) for item in picked.items if item.kind != "reverse"]
    assert positions == sorted(positions)


def test_a_set_without_any_data_still_explains_each_question():
    picked = make(even_bank(), pd.DataFrame(), size=8, seed=0)
    assert len(picked.items) == 8
    for item in picked.items:
        assert item.reasons
        for lang in LANGUAGES:
            assert reason_text(item.reasons[0], lang)


def test_every_reason_renders_in_both_languages():
    summary = summary_of({"motivation": 2.0, "strengths": 4.5, "composure": 3.0, "weaknesses": 4.0},
                         {"composure": -0.4})
    own = [{"question_id": n, "question": f"Own {n}", "category": "composure", "rating": 1 + n % 2,
            "company_id": 1, "company": "Acme" if n % 3 else ""} for n in range(5)]
    categories = [c for c in ASKABLE for _ in range(6)]
    bank = bank_of(categories, rounds=["early", "final", "any"] * (len(categories) // 3))
    keys = set()
    for seed in range(30):
        picked = make(bank, summary, own_questions=own, company_id=1, upcoming_round="first", seed=seed,
                      due={"q00003": NOW - timedelta(hours=1)})
        for item in picked.items:
            for reason in item.reasons:
                keys.add(reason[0])
                for lang in LANGUAGES:
                    assert "{" not in reason_text(reason, lang)
    assert {"practice_set.reason." + k for k in ("reverse", "rated_low", "weakest", "declining", "round")} <= keys


def test_the_summary_from_trends_is_understood():
    rows = []
    for n, (motivation, strengths) in enumerate([(2, 4), (2, 5), (3, 4)]):
        context = {"reflection_id": n, "interview_id": n, "starts_at": f"2026-01-0{n + 1}T10:00:00+09:00",
                   "timezone": "Asia/Tokyo", "company_id": 1, "company": "C", "is_sample": 0, "round": "first",
                   "result": "pending"}
        rows += [context | {"competency": "motivation", "rating": motivation},
                 context | {"competency": "strengths", "rating": strengths}]
    summary = trends.competency_summary(scores_frame(rows))
    picked = make(even_bank(), summary, size=10, seed=0)
    assert picked.category_weights["motivation"] > picked.category_weights["strengths"] == 1.0
    assert any(r[0] == "practice_set.reason.weakest" for item in picked.items for r in item.reasons)


def test_size_out_of_range_is_refused_and_an_empty_bank_gives_an_empty_set():
    with pytest.raises(ValueError):
        make(even_bank(), size=2)
    with pytest.raises(ValueError):
        make(even_bank(), size=31)
    assert make((), size=10).items == []


def test_a_ten_thousand_question_bank_gives_sound_sets():
    """The bank can grow: sets from 10,000 questions are still the right size, distinct and
    explained. (How fast they come is `make bench`'s job, not a test's on a busy machine.)"""
    rng = np.random.default_rng(0)
    categories = rng.choice(COMPETENCIES, 10_000)
    rounds = rng.choice(["early", "final", "any"], 10_000)
    bank = tuple(question(n, c, r, "reverse" if c == "reverse_questions" else "general")
                 for n, (c, r) in enumerate(zip(categories, rounds)))
    summary = summary_of({"motivation": 2.1, "strengths": 4.2, "composure": 3.0}, {"composure": -0.3})
    own = [{"question_id": n, "question": f"Own question {n}", "category": COMPETENCIES[n % 13], "rating": n % 5 + 1,
            "company_id": n % 4, "company": f"C{n % 4}"} for n in range(200)]
    due = {f"q{n:05d}": NOW + timedelta(days=n % 7 - 3) for n in range(0, 10_000, 20)}
    options = {"own_questions": own, "company_id": 1, "upcoming_round": "final", "due": due, "size": 10}

    for seed in range(5):
        picked = make(bank, summary, seed=seed, **options)
        assert len(picked.items) == 10 and len(set(picked.ids)) == 10
        assert all(item.text and item.reasons for item in picked.items)


def test_the_real_question_bank():
    bank = load_bank()
    summary = summary_of({"motivation": 2.3, "strengths": 4.4, "self_introduction": 3.5})
    for lang in LANGUAGES:
        for seed in range(5):
            picked = make(bank, summary, size=10, seed=seed, lang=lang, upcoming_round="final")
            assert len(picked.items) == 10 and len(set(picked.ids)) == 10
            assert sum(item.kind == "reverse" for item in picked.items) in (1, 2)
            for item in picked.items:
                assert item.text and item.reasons
                assert all(reason_text(reason, lang) for reason in item.reasons)


# ---------------------------------------------------------------------------- interviewer roles and job families

REAL_BANK = load_bank()
BY_ID = {q.id: q for q in REAL_BANK}


def share_of(role: str, sets) -> float:
    picked = [BY_ID[item.id].interviewer for qset in sets for item in qset.items if item.id in BY_ID]
    return sum(r == role for r in picked) / len(picked)


def sets_for(size: int = 10, **options):
    return [make(REAL_BANK, seed=seed, size=size, **options) for seed in range(40)]


def test_the_next_rounds_interviewers_lead_the_set():
    first, final, neutral = sets_for(upcoming_round="first"), sets_for(upcoming_round="final"), sets_for()
    # A final round (役員) brings more of the executive's questions than a first round (人事・現場) …
    assert share_of("executive", final) > 2 * share_of("executive", first)
    assert share_of("executive", final) > share_of("executive", neutral)
    # … and a first round more of HR's and the hiring team's.
    assert share_of("hr", first) + share_of("hiring", first) > share_of("hr", final) + share_of("hiring", final)
    print(f"\nexecutive share: first {share_of('executive', first):.0%}, final {share_of('executive', final):.0%}, "
          f"no round {share_of('executive', neutral):.0%}")


def test_the_roles_recorded_for_the_interview_override_the_rounds_usual_ones():
    hr_final = sets_for(upcoming_round="final", interviewers=("hr",))
    assert share_of("hr", hr_final) > share_of("hr", sets_for(upcoming_round="final"))
    assert share_of("executive", hr_final) < share_of("executive", sets_for(upcoming_round="final"))


def test_a_picked_question_says_when_the_next_interviewer_typically_asks_it():
    qset = make(REAL_BANK, upcoming_round="final", seed=3, size=12)
    for item in qset.items:
        said = [params for key, params in item.reasons if key == question_set.REASON + "interviewer"]
        assert said == ([{"role": "executive"}] if item.interviewer == "executive" else [])
    executive = next(item for s in sets_for(upcoming_round="final") for item in s.items
                     if item.interviewer == "executive")
    reason = next(r for r in executive.reasons if r[0] == question_set.REASON + "interviewer")
    assert reason_text(reason, "ja") == "次の面接官（役員）がよく聞く質問です"
    assert reason_text(reason, "en") == "Typical of your next interviewer: executive"


def test_job_family_packs_appear_only_for_their_family():
    family_ids = {q.id: q.job_family for q in REAL_BANK if q.job_family}
    none = {item.id for s in sets_for(size=30) for item in s.items}
    assert not none & set(family_ids)
    engineering = [make(REAL_BANK, seed=seed, size=10, job_family="engineering") for seed in range(20)]
    picked = [family_ids[item.id] for s in engineering for item in s.items if item.id in family_ids]
    assert picked and set(picked) == {"engineering"}
    item = next(item for s in engineering for item in s.items if item.id in family_ids)
    assert (question_set.REASON + "job_family", {"family": "engineering"}) in item.reasons
    assert reason_text((question_set.REASON + "job_family", {"family": "engineering"}), "ja") == \
        "エンジニアの職種別の質問です"


def test_a_picked_question_carries_its_tip_and_where_to_ask_it():
    picked = [item for s in sets_for(focus=("motivation", "reverse_questions"), size=30) for item in s.items]
    tipped = [item for item in picked if BY_ID[item.id].tip]
    assert tipped and all(item.tip == BY_ID[item.id].tip_in("ja") for item in tipped)
    assert all(item.tip == "" for item in picked if not BY_ID[item.id].tip)
    where = [item for item in picked if BY_ID[item.id].ask_at]
    assert where and all(item.ask_at == BY_ID[item.id].ask_at for item in where)


def test_a_chosen_job_family_brings_its_pack_into_every_set():
    for seed in range(10):
        qset = make(REAL_BANK, seed=seed, size=10, job_family="sales")
        assert sum(BY_ID[item.id].job_family == "sales" for item in qset.items) >= 2
