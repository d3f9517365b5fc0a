"""The communication log's list lines: when in the display zone, company, channel and direction,
counterpart and summary, user text as typed."""

from datetime import UTC, datetime

import pytest

from lib.follow_up.communications import Entry, add_entry, list_entries, search
from lib.follow_up.log_list import entry_caption, get_entry, row_labels
from lib.models import Company
from lib.pipeline.companies import save_company


def sample_company(conn, name: str) -> int:
    """A company as the sample data stores it (marked as sample)."""
    company_id = save_company(conn, Company(name=name))
    conn.execute("UPDATE companies SET is_sample = 1 WHERE id = ?", [company_id])
    return company_id


@pytest.fixture
def entries(conn):
    mine = save_company(conn, Company(name="<b>ミナト</b> **x**"))
    sample = sample_company(conn, "さくら")
    call = add_entry(conn, Entry(mine, datetime(2026, 11, 20, 1, 30, tzinfo=UTC), "in", "phone", "佐藤 <i>様</i>",
                                 "二次面接の日程調整", "12月3日 14時で確定"))
    note = add_entry(conn, Entry(sample, datetime(2026, 11, 21, 23, 5, tzinfo=UTC), "out", "meeting", "",
                                 "", "本文だけの記録"))
    return {"call": call, "note": note}


@pytest.mark.parametrize(("lang", "zone", "expected"), [
    ("ja", "Asia/Tokyo", [
        "2026年11月22日（日）08:05｜さくら [サンプル]｜面談・打ち合わせ（こちらから）",
        "2026年11月20日（金）10:30｜<b>ミナト</b> **x**｜電話（先方から）｜佐藤 <i>様</i>｜二次面接の日程調整"]),
    ("en", "Europe/London", [
        "Sat 21 Nov 2026, 23:05 | さくら [Sample] | Meeting (From me)",
        "Fri 20 Nov 2026, 01:30 | <b>ミナト</b> **x** | Phone (From them) | 佐藤 <i>様</i> | 二次面接の日程調整"]),
])
def test_one_line_per_entry_newest_first_in_the_display_zone(conn, entries, lang, zone, expected):
    lines = row_labels(list_entries(conn), lang, zone)
    assert [entry_id for entry_id, _ in lines] == [entries["note"], entries["call"]]
    assert [line for _, line in lines] == expected


def test_no_middle_dot_in_japanese_lines(conn, entries):
    for _, line in row_labels(list_entries(conn), "ja", "Asia/Tokyo"):
        assert "·" not in line and " | " not in line


def test_search_results_give_the_same_lines(conn, entries):
    (found,) = row_labels(search(conn, "日程"), "ja", "Asia/Tokyo")
    assert found == row_labels(list_entries(conn), "ja", "Asia/Tokyo")[1]


def test_an_opened_entry_and_its_caption(conn, entries):
    call = get_entry(conn, entries["call"])
    assert call["body"] == "12月3日 14時で確定" and call["company"] == "<b>ミナト</b> **x**"
    assert entry_caption(call, "ja", "Asia/Tokyo") == "2026年11月20日（金）10:30｜<b>ミナト</b> **x**｜電話（先方から）｜佐藤 <i>様</i>"
    # Without a summary (it is the title), nothing is dropped from the caption.
    note = get_entry(conn, entries["note"])
    assert entry_caption(note, "ja", "Asia/Tokyo") == "2026年11月22日（日）08:05｜さくら [サンプル]｜面談・打ち合わせ（こちらから）"
    assert get_entry(conn, 999) is None
