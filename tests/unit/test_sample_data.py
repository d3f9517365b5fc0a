import re
from datetime import date

import pytest

from lib.models import Company
from lib.pipeline.companies import save_company
from lib.storage import sample_data

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
TEXT_COLUMNS = {
    "companies": ("name", "position", "industry", "agent_name", "notes"),
    "interviews": ("location",),
    "interviewers": ("name", "role"),
    "reflections": ("feeling", "went_well", "to_improve", "untold_points", "interesting_topics", "next_steps",
                    "ask_agent"),
    "asked_questions": ("question", "answer_summary"),
}


def texts(conn) -> list[str]:
    return [row[column] for table, columns in TEXT_COLUMNS.items() for row in conn[table].rows
            for column in columns if row[column]]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sample_has_3_companies_8_interviews_8_reflections_in_the_chosen_language(conn, lang):
    counts = sample_data.load_sample(conn, lang, date(2026, 11, 27))
    assert counts == {"companies": 3, "interviews": 8, "reflections": 8}
    assert conn["competency_scores"].count > 80 and conn["asked_questions"].count >= 8
    found = texts(conn)
    japanese = [text for text in found if JAPANESE.search(text)]
    if lang == "en":
        assert japanese == []
    else:
        assert len(japanese) > len(found) * 0.9
    assert all(row["is_sample"] == 1 for row in conn["companies"].rows)


def test_sample_interviews_lie_in_the_past(conn):
    sample_data.load_sample(conn, "ja", date(2026, 11, 27))
    assert all(row["starts_at"] < "2026-11-27" for row in conn["interviews"].rows)


def test_removing_the_sample_keeps_the_users_own_records(conn):
    own = save_company(conn, Company(name="自分の応募先"))
    sample_data.load_sample(conn, "en", date(2026, 11, 27))
    assert sample_data.has_sample(conn)
    assert sample_data.remove_sample(conn) == 3
    assert not sample_data.has_sample(conn)
    assert [row["id"] for row in conn["companies"].rows] == [own]
    assert conn["interviews"].count == conn["reflections"].count == conn["asked_questions"].count == 0
