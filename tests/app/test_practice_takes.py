"""Practise out loud under AppTest: record a take on the practice card, see its figures, review,
compare, delete; a bad file is refused and nothing is stored; Settings shows the space used."""

import pytest
from app_helpers import open_app, open_tab, texts
from speech_wavs import answer, wav_bytes

from lib import db, i18n
from lib.practice import takes

QUESTION = "self_introduction-001"


def on_card(lang="ja", question=QUESTION):
    at = open_app("practice", lang=lang)
    at.session_state["practice_queue"] = [question]
    at.segmented_control(key="practice_mode").set_value("practise").run()
    assert not at.exception
    return at


def record(at, data: bytes):
    recorder = next(w for w in at.audio_input if str(w.key).startswith("take_input_"))
    assert recorder.sample_rate == 16000
    recorder.set_value(("take.wav", data, "audio/wav")).run()
    assert not at.exception, at.exception


def stored(db_path, question=QUESTION):
    with db.opened(db_path) as conn:
        return takes.takes_of(conn, question)


SPOKEN = wav_bytes(answer([("s", 0.5), ("v", 20), ("s", 2.5), ("v", 15), ("s", 1)], 16000), 16000)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_recorded_take_shows_its_figures_against_the_target(db_path, lang):
    at = on_card(lang)
    assert i18n.t("practice.takes.microphone", lang) in texts(at)  # said before any recording
    record(at, SPOKEN)
    (take,) = stored(db_path)
    assert take["target_seconds"] == 60 and take["long_pauses"] == 1
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    assert metrics[i18n.t("practice.takes.length", lang)] == ("0:39", i18n.t("practice.takes.target", lang, time="1:00"))
    assert metrics[i18n.t("practice.takes.speaking", lang)][0] == "0:35"
    assert metrics[i18n.t("practice.takes.long_pauses", lang)][0] == i18n.t("practice.takes.long_pauses_value", lang,
                                                                              count=1)
    assert metrics[i18n.t("practice.takes.longest", lang)][0] == "2.5s"
    assert i18n.t("practice.takes.first_take", lang) in texts(at)
    assert at.get("audio")  # played back


def test_the_three_minute_introduction_and_another_question_s_target(db_path):
    at = on_card()
    at.segmented_control(key="take_target").set_value(180).run()
    record(at, SPOKEN)
    assert stored(db_path)[0]["target_seconds"] == 180
    at = on_card(question="career_story-001")
    record(at, SPOKEN)
    assert stored(db_path, "career_story-001")[0]["target_seconds"] == 180  # the bank's timing for its type


def test_a_second_take_is_compared_reviewed_listed_and_deleted(db_path):
    at = on_card()
    record(at, SPOKEN)
    shorter = wav_bytes(answer([("v", 20), ("s", 0.5)], 16000), 16000)
    record(at, shorter)
    newest, older = stored(db_path)
    length = round((older["duration_ms"] - newest["duration_ms"]) / 1000)  # 39 s then 20.5 s
    assert length in (18, 19)
    assert i18n.t("practice.takes.compared", "ja", length=f"−0:{length}", speaking="−0:15", pauses="−1") in texts(at)

    at.checkbox(key=f"review_{newest['id']}_conclusion_first").check()
    at.checkbox(key=f"review_{newest['id']}_pace").check()
    at.button(key=f"FormSubmitter:review_form_{newest['id']}-{i18n.t('practice.takes.review_save', 'ja')}").click()
    at.run()
    reviewed = stored(db_path)[0]
    assert (reviewed["conclusion_first"], reviewed["numbers"], reviewed["pace"]) == (1, 0, 1)
    assert "セルフチェック2/4" in texts(at)

    # The older take is played only when asked for: its audio is not sent with every rerun.
    assert len(at.get("audio")) == 1
    at.button(key=f"take_listen_{older['id']}").click().run()
    assert len(at.get("audio")) == 2 and f"take_listen_{older['id']}" not in [b.key for b in at.button]

    at.button(key=f"take_delete_{older['id']}").click().run()
    assert [t["id"] for t in stored(db_path)] == [newest["id"]]
    at.button(key="takes_delete_all").click().run()
    assert stored(db_path) == []
    assert i18n.t("practice.takes.length", "ja") not in [m.label for m in at.metric]  # no figures left to show


def test_only_the_kept_number_of_takes_stays(db_path):
    at = on_card()
    for _ in range(4):
        record(at, SPOKEN)
    assert len(stored(db_path)) == takes.DEFAULT_KEEP


@pytest.mark.parametrize(("data", "reason"), [(b"ID3 not a wav", "not_wav"), (b"", "empty")])
def test_a_file_that_is_not_a_recording_is_refused_and_nothing_is_stored(db_path, data, reason):
    at = on_card()
    record(at, data)
    assert stored(db_path) == []
    assert i18n.t(f"practice.takes.error.{reason}", "ja") in [e.value for e in at.error]
    assert at.button(key="grade_good")  # the rest of practice still works
    at.button(key="grade_good").click().run()
    assert not at.exception


def test_settings_shows_the_space_used_changes_the_kept_number_and_deletes_all(db_path):
    at = on_card()
    record(at, SPOKEN)
    at.switch_page("pages/settings.py").run()
    open_tab(at, "settings_tabs", "recordings")
    assert not at.exception
    shown = texts(at)
    assert "保存している録音：1件・" in shown
    at.number_input(key="takes_keep").set_value(5).run()
    with db.opened(db_path) as conn:
        assert takes.keep(conn) == 5
    at.button(key="takes_delete_everything").click().run()
    assert stored(db_path) == []
    assert i18n.t("practice.takes.settings.none", "ja") in texts(at)


def plan_links(db_path, action_ids, lang="ja"):
    """The links to the practice page that the action plan shows, with a plan of these library actions."""
    from datetime import date

    from lib.practice.action_plan import _from_library, load_library
    from lib.practice.plans import save_plan

    library = load_library().by_id()
    with db.opened(db_path) as conn:
        db.migrations.apply(conn)
        save_plan(conn, [_from_library(library[i], date(2030, 1, 10), lang) for i in action_ids])
    at = open_app("plan", lang=lang)
    assert not at.exception, at.exception
    assert {c.key for c in at.checkbox} >= {f"done_{i}" for i in action_ids}  # every action is shown
    return [(link.label, link.proto.page) for link in at.get("page_link")
            if link.label == i18n.t("practice.takes.plan_link", lang)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_plan_items_that_ask_to_record_yourself_link_to_the_practice_page(db_path, lang):
    links = plan_links(db_path, ["self_intro_record", "self_intro_timed", "career_two_minutes",
                                 "motivation_three_reasons"], lang)
    assert len(links) == len(takes.RECORD_ACTIONS) == 2
    assert {page for _, page in links} == {"practice"}  # the practice page's address


def test_plan_items_that_do_not_ask_for_a_recording_have_no_link(db_path):
    assert plan_links(db_path, ["self_intro_timed", "motivation_three_reasons"]) == []
