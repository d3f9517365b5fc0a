"""Thank-you mail composer, story bank, communication log, profile and reminders under AppTest."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from app_helpers import errors, open_app, open_fold, texts

from lib import db, i18n
from lib.clock import now
from lib.follow_up.communications import Entry, get_draft, list_entries, record_sent, save_draft
from lib.follow_up.profile import get_profile, save_profile
from lib.follow_up.stories import list_stories, save_story
from lib.models import Interviewer, Profile, Story
from lib.reflect.reflections import save_reflection_field


@pytest.fixture
def interview_id(seed) -> int:
    """An interview this morning with a reflection that names a topic and an untold point."""
    with seed() as make:
        conn = make.conn
        iid = make.interview(make.company("ミナトデータ"), "second", at=now() - timedelta(hours=3),
                             interviewers=[Interviewer("山本 健", "CPO")], status="done")
        make.reflection(iid, interesting_topics="海外展開の計画", untold_points="新人 PM 2 名の育成経験")
        save_story(conn, Story("新人育成", action="新人 PM 2 名の育成計画を作った", result="2 名とも独り立ち"))
        save_profile(conn, Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com"))
    return iid


def composer(iid, lang="ja"):
    return open_app("follow_up", lang=lang, query={"interview": iid})


def checks(at) -> dict[str, str]:
    """Check title -> "success" (listed as passing) or "warning" (to fix)."""
    passing = {m.value.split("**")[1]: "success" for m in at.expander(key="mail_passing").markdown}
    return passing | {w.value.split("**")[1]: "warning" for w in at.warning if w.value.startswith("**")}


def test_draft_checks_edit_and_mark_as_sent(db_path, interview_id):
    at = composer(interview_id)
    at.button(key="mail_generate").click().run()
    subject = at.text_input(key=f"mail{interview_id}_subject").value
    body = at.text_area(key=f"mail{interview_id}_body").value
    assert "山田 太郎" in subject and "ミナトデータ" in body and "山本 健様" in body and "海外展開の計画" in body
    assert "育成" in body  # the untold point, backed by the matching story
    assert "御社" not in body
    results = checks(at)
    assert all(kind == "success" for kind in results.values()), results

    at.text_area(key=f"mail{interview_id}_body").set_value(body.replace("貴社", "御社") + "\n\nXX").run()
    results = checks(at)
    assert results[i18n.t("mail.check.kisha.title", "ja")] == "warning"
    assert results[i18n.t("mail.check.placeholders.title", "ja")] == "warning"
    with db.opened(db_path) as conn:  # the edit is kept: a reload finds it
        assert get_draft(conn, interview_id, "thank_you")["body"].endswith("XX")

    at.text_input(key=f"mail{interview_id}_to").set_value("hr@minato.example").run()
    assert any(b.label == i18n.t("follow_up.download_eml", "ja") for b in at.get("download_button"))
    at.button(key="mail_sent").click().run()
    assert i18n.t("follow_up.logged", "ja") in texts(at)
    with db.opened(db_path) as conn:
        entry = list_entries(conn)[0]
    assert (entry["kind"], entry["interview_id"], entry["counterpart"]) == ("thank_you", interview_id,
                                                                          "hr@minato.example")
    assert entry["body"].endswith("XX")


def test_a_reload_keeps_the_edited_draft(db_path, interview_id):
    at = composer(interview_id, "en")
    at.button(key="mail_generate").click().run()
    at.text_input(key=f"mail{interview_id}_subject").set_value("Thank you — my own subject").run()
    again = composer(interview_id, "en")
    assert again.text_input(key=f"mail{interview_id}_subject").value == "Thank you — my own subject"


def test_english_mail_and_missing_profile(db_path, interview_id):
    with db.opened(db_path) as conn:
        save_profile(conn, Profile())
    at = composer(interview_id, "en")
    at.button(key="mail_generate").click().run()
    body = at.text_area(key=f"mail{interview_id}_body").value
    assert "[Your name]" in body and "Minato" not in body and "ミナトデータ" in body
    assert checks(at)[i18n.t("mail.check.profile.title", "en")] == "warning"


def test_picker_and_unknown_interview(db_path, interview_id):
    at = open_app("follow_up", lang="en")
    at.selectbox(key="follow_up_pick").set_value(interview_id).run()
    assert at.button(key="mail_generate")
    assert i18n.t("wizard.not_found", "en") in texts(open_app("follow_up", lang="en", query={"interview": 99}))


def test_home_reminds_and_dismisses(db_path, interview_id):
    at = open_app("home", lang="en")
    assert i18n.t("home.thank_you", "en") in texts(at)
    at.button(key=f"dismiss_{interview_id}").click().run()
    assert i18n.t("home.thank_you", "en") not in texts(at)


def test_story_bank_add_refuse_and_edit(db_path):
    at = open_app("stories", lang="en")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:new_story_form")).click().run()
    assert i18n.t("error.required", "en") in errors(at)
    at.text_input(key="new_story_title").set_value("<b>Churn</b> −4 pts 📉")
    at.text_area(key="new_story_result").set_value("Churn down 4 points")
    at.multiselect(key="new_story_competencies").set_value(["achievements"])
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:new_story_form")).click().run()
    with db.opened(db_path) as conn:
        (_, story), = list_stories(conn)
    assert story.title == "<b>Churn</b> −4 pts 📉" and story.competencies == ["achievements"]
    assert any("\\<b\\>Churn\\</b\\>" in e.label for e in at.expander)


def test_log_add_and_search(db_path, interview_id):
    at = open_app("log", lang="ja")
    # The add form is folded away once there is a company; folded, it is not drawn at all.
    assert not [w for w in at.text_input if w.key == "new_entry_summary"]
    open_fold(at, "new_entry__open")
    at.text_input(key="new_entry_summary").set_value("二次面接の日程調整")
    at.text_area(key="new_entry_body").set_value("12月3日 14時で確定")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:new_entry_form")).click().run()
    assert i18n.t("log.added", "ja") in texts(at)
    at.text_input(key="log_search").set_value("日程").run()
    lines = [b.label for b in at.button if (b.key or "").startswith("log_row_")]
    assert len(lines) == 1 and lines[0].endswith("｜二次面接の日程調整")
    at.text_input(key="log_search").set_value("存在しない言葉").run()
    assert i18n.t("log.no_match", "ja") in texts(at)


def test_profile_form(db_path):
    at = open_app("settings", lang="en")
    at.text_input(key="profile_full_name").set_value("Taro Yamada")
    at.text_input(key="profile_email").set_value("not an address")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:profile_form")).click().run()
    assert i18n.t("error.email", "en") in errors(at)
    with db.opened(db_path) as conn:
        assert get_profile(conn) == Profile()
    at.text_input(key="profile_email").set_value("taro@example.com")
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:profile_form")).click().run()
    with db.opened(db_path) as conn:
        assert get_profile(conn).email == "taro@example.com"


def test_the_mail_shows_what_it_made_of_each_note_and_takes_a_typed_phrase(db_path, interview_id):
    at = composer(interview_id)
    at.button(key="mail_generate").click().run()
    lines = "\n".join(m.value for m in at.expander(key="mail_citations").markdown)
    assert "海外展開の計画" in lines and "→" in lines  # the note, and the sentence it became
    at.text_input(key=f"mail{interview_id}_topic_phrase").set_value("東南アジアでの事業展開").run()
    at.button(key="mail_generate").click().run()
    body = at.text_area(key=f"mail{interview_id}_body").value
    assert "東南アジアでの事業展開" in body and "「" not in body.split("\n\n")[2]  # used as typed, not quoted
    with db.opened(db_path) as conn:
        assert get_draft(conn, interview_id, "thank_you")["options"]["topic_phrase"] == "東南アジアでの事業展開"


def _done_interview(make, company_id: int, start, round_: str = "first", *, reflected: bool = True) -> int:
    iid = make.interview(company_id, round_, at=start, status="done")
    if reflected:
        make.reflection(iid, complete=True, overall=4)
    return iid


def test_the_picker_lists_every_done_interview_newest_first_with_its_mail_state(db_path, seed):
    """A done, reflected interview today whose recorded start is not yet past (the form's default
    time), and one older than a month, used to be missing: only started ones of the last 30 days were listed."""
    moment = now().astimezone(ZoneInfo("Asia/Tokyo")).replace(second=0, microsecond=0)
    with seed() as make:
        conn = make.conn
        company_id = make.company("ミナトデータ")
        today = _done_interview(make, company_id, moment + timedelta(minutes=30), "second")
        earlier = _done_interview(make, company_id, moment - timedelta(hours=2), "first")
        old = _done_interview(make, company_id, moment - timedelta(days=45), "casual")
        make.interview(company_id, "final", at=moment + timedelta(days=5), status="scheduled")
        save_draft(conn, earlier, "thank_you", "件名", "本文", {})
        save_draft(conn, old, "thank_you", "件名", "本文", {})
        record_sent(conn, Entry(company_id, moment - timedelta(days=44), kind="thank_you", summary="お礼",
                                interview_id=old))
    at = open_app("follow_up", lang="ja")
    picker = at.selectbox(key="follow_up_pick")
    assert picker.options[:3] == [picker.format_func(iid) for iid in (today, earlier, old)]
    assert len(picker.options) == 3  # the scheduled one to come is not offered
    states = [i18n.t(f"follow_up.mail_state.{state}", "ja") for state in ("none", "draft", "sent")]
    for option, state in zip(picker.options, states, strict=True):
        assert state in option
    picker.set_value(today).run()
    assert at.query_params["interview"] == [str(today)] or at.query_params["interview"] == str(today)
    assert at.button(key="mail_generate")


@pytest.fixture
def agent_interview(seed) -> int:
    """An interview this morning with a company that came through an agent (a linked record)."""
    from lib.pipeline.agents import Agent, link_company, save_agent

    start = now().astimezone(ZoneInfo("Asia/Tokyo")).replace(second=0, microsecond=0) - timedelta(hours=2)
    with seed() as make:
        conn = make.conn
        company_id = make.company("ミナトデータ", applied_via="agent")
        link_company(conn, company_id, save_agent(conn, Agent("佐藤 花子", "キャリアブリッジ", "sato@bridge.example")))
        iid = _done_interview(make, company_id, start, "second")
        with conn.atomic():
            conn.execute("INSERT INTO interviewers (interview_id, position, name, role) VALUES (?, 0, '山本 健', 'CPO')",
                         [iid])
        rid = conn.execute("SELECT id FROM reflections WHERE interview_id = ?", [iid]).fetchone()[0]
        save_reflection_field(conn, rid, "interesting_topics", "海外展開の計画")
        save_profile(conn, Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com"))
    return iid


def test_through_an_agent_the_thanks_go_through_the_agent(db_path, agent_interview):
    iid = agent_interview
    at = composer(iid)
    shown = texts(at)
    assert i18n.t("follow_up.via_agent_title", "ja") in shown and "当日か翌日" in shown
    assert at.radio(key=f"mail{iid}_route").value == "agent"
    assert f"mail{iid}_formality" not in [r.key for r in at.radio]  # a short plain note: no formality to pick
    assert i18n.t("follow_up.open_agent_report", "ja") in [link.label for link in at.get("page_link")]
    at.button(key="mail_generate").click().run()
    body = at.text_area(key=f"mail{iid}_body").value
    assert body.startswith("キャリアブリッジ\n佐藤 花子様\n") and "山本健様に" in body and "海外展開の計画" in body
    assert "貴社" not in body
    assert at.text_input(key=f"mail{iid}_to").value == "sato@bridge.example"
    assert not [w.value for w in at.warning]  # no check of a mail to the company fires on a note to the agent
    at.button(key="mail_sent").click().run()
    with db.opened(db_path) as conn:
        entry = list_entries(conn)[0]
    assert (entry["kind"], entry["counterpart"]) == ("thank_you", "sato@bridge.example")
    assert i18n.t("home.thank_you", "ja") not in texts(open_app("home", lang="ja"))


def test_through_an_agent_a_direct_mail_is_still_possible(db_path, agent_interview):
    iid = agent_interview
    at = composer(iid, "en")
    assert "On the day of the interview or the next" in texts(at)
    at.radio(key=f"mail{iid}_route").set_value("direct").run()
    at.button(key="mail_generate").click().run()
    body = at.text_area(key=f"mail{iid}_body").value
    assert body.startswith("Dear 山本 健,") and "pass on my thanks" not in body
    with db.opened(db_path) as conn:
        assert get_draft(conn, iid, "thank_you")["options"]["route"] == "direct"


def test_home_says_thanks_go_through_the_agent(db_path, agent_interview):
    shown = texts(open_app("home", lang="ja"))
    assert "エージェントを通してお礼を伝えましょう" in shown and "当日か翌日" in shown
