"""Profile, story bank, communication log, thank-you reminders, mail drafts, agents, stages."""

from datetime import UTC, datetime, time, timedelta, timezone

import pandas as pd
import pytest

from lib.follow_up.communications import (
    Entry,
    add_entry,
    dismiss_thank_you,
    get_draft,
    list_entries,
    save_draft,
    search,
    thank_you_deadline,
    thank_you_reminders,
)
from lib.follow_up.profile import get_profile, save_profile
from lib.follow_up.stories import list_stories, matching_story, save_story
from lib.models import Company, Interview, Profile, Story, ValidationError
from lib.pipeline import board, stages
from lib.pipeline.agents import Agent, agent_for_company, delete_agent, link_company, list_agents, save_agent
from lib.pipeline.companies import get_interview, save_company, save_feedback, save_interview

TOKYO = timezone(timedelta(hours=9))


def test_profile_round_trip_and_refusals(conn):
    assert get_profile(conn) == Profile()
    profile = Profile("山田 太郎", "やまだ たろう", "090-1234-5678", "taro@example.com", "LinkedIn: taro")
    save_profile(conn, profile)
    assert get_profile(conn) == profile
    with pytest.raises(ValidationError) as problem:
        save_profile(conn, Profile("山田", email="not-an-address"))
    assert problem.value.errors["email"][0] == "error.email"
    assert get_profile(conn) == profile  # all or nothing


def test_story_bank_and_matching(conn):
    save_story(conn, Story("監査対応", action="個人情報を扱うシステムの監査対応を主導", result="指摘ゼロ",
                           competencies=["achievements"]))
    mentoring = Story("新人育成", action="新人 PM 2 名の育成計画を作り週次で面談", result="2 名とも独り立ち",
                      competencies=["strengths"])
    save_story(conn, mentoring)
    stories = [story for _, story in list_stories(conn)]
    assert matching_story(stories, ["新人 PM の育成経験"]) == mentoring
    assert matching_story(stories, ["海外赴任の話"]) is None
    with pytest.raises(ValidationError):
        save_story(conn, Story(" ", competencies=["charisma"]))


def company_with_interview(make, when: datetime, name="ミナトデータ"):
    company_id = make.company(name)
    return company_id, make.interview(company_id, at=when, status="done")


def test_log_search_full_text_and_short_words(conn, make):
    company_id, interview_id = company_with_interview(make, datetime(2026, 11, 20, 10, tzinfo=TOKYO))
    other_id = save_company(conn, Company(name="北斗"))
    add_entry(conn, Entry(company_id, datetime(2026, 11, 20, 18, tzinfo=TOKYO), summary="お礼メール",
                          body="本日は面接のお時間をいただきありがとうございました", kind="thank_you",
                          interview_id=interview_id))
    add_entry(conn, Entry(other_id, datetime(2026, 11, 21, 9, tzinfo=TOKYO), "in", "phone", "加藤様",
                          summary="二次面接の日程調整 100% OK"))
    assert [e["summary"] for e in search(conn, "お時間をいただき")] == ["お礼メール"]
    assert [e["summary"] for e in search(conn, "お礼")] == ["お礼メール"]  # two characters: substring match
    assert [e["company"] for e in search(conn, "加藤")] == ["北斗"]
    assert [e["company"] for e in search(conn, "%")] == ["北斗"]  # wildcards are literal
    assert search(conn, "_") == []
    assert search(conn, '"') == [] and search(conn, "   ") == []
    assert [e["summary"] for e in list_entries(conn, company_id)] == ["お礼メール"]
    with pytest.raises(ValidationError):
        add_entry(conn, Entry(company_id, datetime(2026, 11, 20), summary=""))


def test_thank_you_reminders(conn, make):
    now = datetime(2026, 11, 21, 12, tzinfo=TOKYO)
    _, today = company_with_interview(make, datetime(2026, 11, 21, 10, tzinfo=TOKYO), "A")
    _, yesterday_late = company_with_interview(make, datetime(2026, 11, 19, 10, tzinfo=TOKYO), "B")
    _, dismissed = company_with_interview(make, datetime(2026, 11, 20, 10, tzinfo=TOKYO), "C")
    _, sent = company_with_interview(make, datetime(2026, 11, 20, 11, tzinfo=TOKYO), "D")
    dismiss_thank_you(conn, dismissed)
    add_entry(conn, Entry(get_interview(conn, sent)["company_id"], now, summary="thanks", kind="thank_you",
                          interview_id=sent))
    reminders = {row["id"]: row for row in thank_you_reminders(conn, now)}
    assert set(reminders) == {today, yesterday_late}
    assert reminders[today]["deadline"] == datetime(2026, 11, 22, 23, 59, tzinfo=TOKYO)
    assert not reminders[today]["overdue"] and reminders[yesterday_late]["overdue"]


def test_deadline_is_the_end_of_the_next_day_in_the_interviews_zone():
    # 23:30 on 20 November in Tokyo: the mail is due by the end of the 21st there.
    assert thank_you_deadline("2026-11-20T14:30:00+00:00", "Asia/Tokyo") == datetime(2026, 11, 21, 23, 59, tzinfo=TOKYO)


def test_mail_drafts_survive(conn, make):
    _, interview_id = company_with_interview(make, datetime(2026, 11, 20, 10, tzinfo=TOKYO))
    save_draft(conn, interview_id, "thank_you", "件名", "本文", {"formality": "very_formal"})
    save_draft(conn, interview_id, "thank_you", "件名2", "本文2", {"formality": "standard"})
    draft = get_draft(conn, interview_id, "thank_you")
    assert (draft["subject"], draft["body"], draft["options"]) == ("件名2", "本文2", {"formality": "standard"})
    assert get_draft(conn, interview_id, "agent_report") is None


def test_agents_linked_to_companies(conn):
    agent_id = save_agent(conn, Agent("佐藤", "キャリアブリッジ", "sato@example.com"))
    company_id = save_company(conn, Company(name="A"))
    link_company(conn, company_id, agent_id)
    assert agent_for_company(conn, company_id)["name"] == "佐藤"
    assert list_agents(conn)[0]["companies"] == 1
    delete_agent(conn, agent_id)
    assert agent_for_company(conn, company_id) is None
    assert conn["companies"].count == 1
    with pytest.raises(ValidationError):
        save_agent(conn, Agent("", email="nope"))


def test_feedback_on_an_interview(conn, make):
    _, interview_id = company_with_interview(make, datetime(2026, 11, 20, 10, tzinfo=TOKYO))
    save_feedback(conn, interview_id, "agent", "論理的で好印象とのこと", 4)
    row = get_interview(conn, interview_id)
    assert (row["feedback_source"], row["feedback"], row["feedback_rating"]) == ("agent", "論理的で好印象とのこと", 4)
    with pytest.raises(ValidationError):
        save_feedback(conn, interview_id, "horoscope", "", 9)


def test_stage_moves_are_recorded_and_the_funnel_counts_them(conn):
    a = save_company(conn, Company(name="A"))
    b = save_company(conn, Company(name="B"))
    start = datetime(2026, 10, 1, tzinfo=UTC)
    conn.execute("UPDATE stage_changes SET changed_at = ?", [start.isoformat()])
    stages.set_stage(conn, a, "first", when=start + timedelta(days=10))
    stages.set_stage(conn, a, "second", when=start + timedelta(days=20))
    stages.set_stage(conn, b, "first", when=start + timedelta(days=4))
    stages.set_stage(conn, b, "rejected", when=start + timedelta(days=8))
    stages.set_stage(conn, b, "rejected")  # no change, no new history row
    assert conn["stage_changes"].count == 6
    funnel = stages.funnel(pd.DataFrame(stages.stage_history(conn))).set_index("stage")
    assert funnel.loc["first", "reached"] == 2 and funnel.loc["first", "passed"] == 1
    assert funnel.loc["first", "pass_rate"] == 0.5
    assert funnel.loc["applied", "median_days"] == 7.0  # 10 and 4 days to the first interview
    with pytest.raises(ValueError):
        stages.set_stage(conn, a, "hired-by-aliens")


def test_board_shows_the_next_interview(conn, make):
    now = datetime(2026, 11, 20, tzinfo=UTC)
    company_id, _ = company_with_interview(make, datetime(2026, 11, 10, 10, tzinfo=TOKYO))
    local = (now + timedelta(days=3)).astimezone(TOKYO)
    save_interview(conn, Interview(company_id, "second", local.date(), time(10)))
    card = board.cards(board.board_rows(conn, now), now)[0]
    # The pipeline follows interviews: adding the second interview moved the company to that stage.
    assert card.next_interview.date().isoformat() == "2026-11-23" and card.stage == "second"


# ------------------------------------------------------------------ through the agent

def test_agent_route_is_the_linked_agent_else_the_typed_name_and_none_for_direct(conn):
    from lib.follow_up.agent_route import AgentContact, agent_route

    direct = save_company(conn, Company(name="北斗ロジスティクス"))
    typed = save_company(conn, Company(name="ミナトデータ", applied_via="agent", agent_name="佐藤(キャリアブリッジ)"))
    linked = save_company(conn, Company(name="さくらヘルスケア", applied_via="agent"))
    link_company(conn, linked, save_agent(conn, Agent("佐藤 花子", "キャリアブリッジ", "sato@bridge.example")))
    assert agent_route(conn, direct) is None
    assert agent_route(conn, typed) == AgentContact("佐藤(キャリアブリッジ)")
    assert agent_route(conn, linked) == AgentContact("佐藤 花子", "キャリアブリッジ", "sato@bridge.example")


def test_other_applications_come_from_the_pipeline_furthest_first_without_notes(conn):
    from lib.follow_up.agent_route import other_applications
    from lib.generate.agent_report import OtherApplication

    now = datetime(2026, 12, 2, 10, 0, tzinfo=TOKYO)
    this = save_company(conn, Company(name="ミナトデータ", applied_via="agent"))
    final = save_company(conn, Company(name="北斗ロジスティクス", notes="年収が低め。内緒のメモ"))
    offer = save_company(conn, Company(name="さくらヘルスケア"))
    save_company(conn, Company(name="あおばシステムズ"))
    closed = save_company(conn, Company(name="お見送りの会社"))
    sample = save_company(conn, Company(name="サンプル商事"), is_sample=True)
    for company, stage in ((final, "final"), (offer, "offer"), (closed, "rejected"), (sample, "first")):
        stages.set_stage(conn, company, stage)
    save_interview(conn, Interview(final, "final", datetime(2026, 12, 4).date(), time(14, 0), status="scheduled"))
    save_interview(conn, Interview(final, "other", datetime(2026, 12, 9).date(), time(14, 0), status="scheduled"))
    assert other_applications(conn, this, now) == [
        OtherApplication("さくらヘルスケア", "offer"),
        OtherApplication("北斗ロジスティクス", "final", datetime(2026, 12, 4).date()),
        OtherApplication("あおばシステムズ", "applied"),
    ]
    assert [o.company for o in other_applications(conn, sample, now)] == []  # sample data stays among itself
