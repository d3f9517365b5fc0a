"""Which story backs up what the user could not get across: shared content words, never shared kana."""

from __future__ import annotations

import tomllib

import pytest

from lib.config import DATA_DIR
from lib.follow_up.stories import matching_story
from lib.models import Story

FIELDS = ("title", "situation", "task", "action", "result", "skills")


def sample_stories(lang: str) -> dict[str, Story]:
    """The sample data's stories (the churn one and the vendor one), by their English title."""
    with open(DATA_DIR / "sample_data.toml", "rb") as file:
        rows = tomllib.load(file)["stories"]
    return {row["title"]["en"]: Story(*(row[field][lang] for field in FIELDS[:5]), row["competencies"],
                                      row["skills"][lang]) for row in rows}


TRAINING = {
    "ja": Story("新人メンバーの育成", action="新人PM2名に育成計画を作り、週次の面談で振り返った",
                result="2名とも半年で独り立ちした", competencies=["strengths"], skills="育成、コーチング"),
    "en": Story("Training new members", action="Wrote a training plan for two junior PMs and met them weekly",
                result="Both ran projects on their own within six months", competencies=["strengths"],
                skills="Coaching, mentoring"),
}
GROWTH_NOTE = {"ja": "新人PM2名を育成した経験", "en": "Coaching two junior PMs"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_growth_of_juniors_note_meets_the_training_story_and_not_the_churn_story(lang):
    stories = sample_stories(lang)
    churn = stories["Cut churn by 4 points in a year"]
    assert matching_story([churn, *stories.values(), TRAINING[lang]], [GROWTH_NOTE[lang]]) == TRAINING[lang]
    # Without a story on training, no story backs it up: sharing した or ている is no match.
    assert matching_story(list(stories.values()), [GROWTH_NOTE[lang]]) is None


@pytest.mark.parametrize(("lang", "note"), [
    ("ja", "海外で暮らしていた経験"),  # only した / てい / いた in common with the stories
    ("ja", "社内の勉強会を主催した"),
    ("ja", "話を聞いていた"),  # 話 and 聞 alone are no content words
    ("en", "The time I lived in Spain and the things that it taught me"),
])
def test_a_note_with_no_real_overlap_matches_nothing(lang, note):
    stories = [*sample_stories(lang).values(), TRAINING[lang]]
    assert matching_story(stories, [note]) is None


@pytest.mark.parametrize(("lang", "note", "title"), [
    ("ja", "顧客30社への聞き取りから解約の原因を突き止めた経験", "Cut churn by 4 points in a year"),
    ("ja", "ベンダー間の仕様の食い違いを調整した", "Brought five vendors through a core-system migration"),
    ("ja", "ＰＭとしての新人育成", "Training new members"),  # full-width Latin reads as half-width
    ("en", "Finding the causes of churn by interviewing 30 customers", "Cut churn by 4 points in a year"),
])
def test_a_note_meets_the_story_it_shares_content_words_with(lang, note, title):
    stories = {**sample_stories(lang), "Training new members": TRAINING[lang]}
    assert matching_story(list(stories.values()), [note]) == stories[title]
