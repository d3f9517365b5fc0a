"""The agent is entered once: a company links an agent record (picked, or made from a typed name
in the same save), and the agents typed as text before (m006) became linked records."""

import sqlite3

import pytest
from sqlite_utils import Database

from lib import db
from lib.models import Company, ValidationError
from lib.pipeline.agents import Agent, save_agent
from lib.pipeline.companies import get_company, list_companies, save_company


def agents(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute("SELECT id, name FROM agents ORDER BY id")]


def test_a_typed_new_agent_is_made_and_linked_in_the_same_save(conn):
    company_id = save_company(conn, Company(name="ミナト商事"), agent="佐藤 花子")
    assert agents(conn) == [(1, "佐藤 花子")]
    row = get_company(conn, company_id)
    assert (row["agent_id"], row["agent_name"], row["applied_via"]) == (1, "佐藤 花子", "agent")


def test_an_agent_of_that_name_is_reused_and_an_id_links_it(conn):
    sato = save_agent(conn, Agent("佐藤", agency="キャリアブリッジ"))
    first = save_company(conn, Company(name="A", applied_via="agent"), agent=" 佐藤 ")
    second = save_company(conn, Company(name="B", applied_via="scout"), agent=sato)
    assert agents(conn) == [(sato, "佐藤")]
    assert [get_company(conn, c)["agent_id"] for c in (first, second)] == [sato, sato]
    assert get_company(conn, second)["applied_via"] == "scout"  # only "direct" becomes "agent"


def test_none_unlinks_and_leaving_agent_out_keeps_the_link(conn):
    company_id = save_company(conn, Company(name="A"), agent="佐藤")
    save_company(conn, Company(name="A", applied_via="agent", notes="メモ"), company_id)
    assert get_company(conn, company_id)["agent_name"] == "佐藤"
    save_company(conn, Company(name="A", applied_via="agent"), company_id, agent=None)
    assert get_company(conn, company_id)["agent_id"] is None and agents(conn) == [(1, "佐藤")]


def test_a_wrong_agent_name_saves_nothing(conn):
    with pytest.raises(ValidationError) as problem:
        save_company(conn, Company(name="A"), agent="x" * 201)
    assert set(problem.value.errors) == {"agent"}
    assert conn["companies"].count == 0 and conn["agents"].count == 0
    with pytest.raises(ValidationError):
        save_company(conn, Company(name="A"), agent=999)
    assert conn["companies"].count == 0


def test_an_agent_typed_as_text_becomes_a_record(conn):
    """An import or the sample data still hand over Company.agent_name."""
    company_id = save_company(conn, Company(name="A", applied_via="agent", agent_name="山本"))
    assert agents(conn) == [(1, "山本")]
    row = get_company(conn, company_id)
    assert row["agent_name"] == "山本"
    assert conn.execute("SELECT agent_name FROM companies").fetchone()[0] == ""  # one place only


def test_the_companies_list_reads_the_agents_name_from_its_record(conn):
    agent_id = save_agent(conn, Agent("佐藤"))
    save_company(conn, Company(name="A"), agent=agent_id)
    save_company(conn, Company(name="B"))
    save_agent(conn, Agent("佐藤 花子"), agent_id)
    assert [(c["name"], c["agent_name"]) for c in list_companies(conn)] == [("A", "佐藤 花子"), ("B", "")]


def test_m006_makes_a_record_of_each_typed_agent_and_links_it(tmp_path):
    path = tmp_path / "old.db"
    old = Database(sqlite3.connect(path))
    db.migrations.apply(old, stop_before="m006_agent_records")
    old["agents"].insert({"id": 1, "name": "田中", "agency": "", "email": "", "phone": "", "notes": ""})
    stamp = "2026-10-01T01:00:00+00:00"
    for company_id, text, linked in ((1, "佐藤 花子", None), (2, "さとう 花子", None), (3, "佐藤 花子", None),
                                     (4, "田中", None), (5, "鈴木", 1), (6, "  ", None), (7, None, None)):
        old["companies"].insert({"id": company_id, "name": f"C{company_id}", "applied_via": "agent",
                                 "agent_name": text, "agent_id": linked, "created_at": stamp, "updated_at": stamp})
    old.conn.commit()
    old.close()
    db.migrate(path)
    with db.opened(path) as conn:
        assert agents(conn) == [(1, "田中"), (2, "佐藤 花子"), (3, "さとう 花子")]
        links = dict(conn.execute("SELECT id, agent_id FROM companies").fetchall())
        assert links == {1: 2, 2: 3, 3: 2, 4: 1, 5: 1, 6: None, 7: None}  # a linked company keeps its record
        assert conn.execute("SELECT created_at FROM agents WHERE id = 2").fetchone()[0] == stamp
        assert [c["agent_name"] for c in list_companies(conn)] == ["佐藤 花子", "さとう 花子", "佐藤 花子", "田中",
                                                                   "田中", "", ""]
