"""The Agents page's list lines: name, agency, email, phone and the companies introduced, as typed."""

import pytest

from lib.models import Company
from lib.pipeline.agent_list import row_labels
from lib.pipeline.agents import Agent, link_company, list_agents, save_agent
from lib.pipeline.companies import list_companies, save_company


def sample_company(conn, name: str) -> int:
    """A company as the sample data stores it (marked as sample)."""
    company_id = save_company(conn, Company(name=name))
    conn.execute("UPDATE companies SET is_sample = 1 WHERE id = ?", [company_id])
    return company_id


@pytest.fixture
def agents(conn):
    sato = save_agent(conn, Agent("佐藤 <b>美咲</b>", "キャリアブリッジ", "sato@bridge.example", "03-1234-5678"))
    bare = save_agent(conn, Agent("Aoki"))
    link_company(conn, save_company(conn, Company(name="ミナト **データ**")), sato)
    link_company(conn, sample_company(conn, "さくら"), sato)
    save_company(conn, Company(name="Alone"))
    return {"sato": sato, "bare": bare}


@pytest.mark.parametrize(("lang", "sato"), [
    ("ja", "佐藤 <b>美咲</b>｜キャリアブリッジ｜sato@bridge.example｜03-1234-5678｜紹介された企業：さくら [サンプル]、ミナト **データ**"),
    ("en", "佐藤 <b>美咲</b> | キャリアブリッジ | sato@bridge.example | 03-1234-5678 | Introduced: さくら [Sample], ミナト **データ**"),
])
def test_one_line_per_agent_by_name_with_only_what_is_known(conn, agents, lang, sato):
    lines = row_labels(list_agents(conn), list_companies(conn, include_archived=True), lang)
    assert lines == [(agents["bare"], "Aoki"), (agents["sato"], sato)]
