"""The communication log: one click on a line opens the entry, 25 lines at a time, search and the
company filter still narrow the list."""

from datetime import UTC, datetime, timedelta

import pytest
from app_helpers import open_app, texts

from lib import i18n, ui
from lib.follow_up.communications import Entry, add_entry

HOSTILE = "<b>ミナト</b> **データ** :red[x]"
FIRST = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo


@pytest.fixture
def log(seed) -> dict:
    """30 entries with ミナト a day apart (the newest last), and one with さくら."""
    with seed() as make:
        conn = make.conn
        minato = make.company(HOSTILE)
        sakura = make.company("さくら")
        ids = [add_entry(conn, Entry(minato, FIRST + timedelta(days=i), "in", "email", f"佐藤 {i:02d}",
                                     f"連絡 {i:02d}", f"本文 {i:02d} <i>そのまま</i>")) for i in range(30)]
        other = add_entry(conn, Entry(sakura, FIRST - timedelta(days=1), "out", "phone", "", "日程調整の電話", ""))
    return {"minato": minato, "sakura": sakura, "ids": ids, "other": other}


def lines(at) -> list[str]:
    return [b.key for b in at.button if (b.key or "").startswith("log_row_")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_one_click_opens_an_entry_and_close_closes_it(log, lang):
    at = open_app("log", lang=lang)
    newest = log["ids"][-1]
    assert "entry_close" not in [b.key for b in at.button]
    row = at.button(key=f"log_row_{newest}")
    separator = i18n.t("common.row_separator", lang)
    assert row.label == ui.md(separator.join([
        i18n.format_datetime(datetime(2026, 11, 30, 10, 0), lang), HOSTILE,
        i18n.t("log.row_how", lang, channel=i18n.t("export.channel.email", lang),
               direction=i18n.t("export.direction.in", lang)), "佐藤 29", "連絡 29"]))
    assert row.proto.type == "tertiary"

    row.click().run()
    assert at.query_params["entry"] == str(newest)
    assert at.button(key=f"log_row_{newest}").proto.type == "secondary"  # the open one stands out
    assert f"**{ui.md('連絡 29')}**" in [m.value for m in at.markdown]
    assert "本文 29 <i>そのまま</i>" in [t.value for t in at.text]  # the text, literally
    (caption,) = [c.value for c in at.caption if "佐藤 29" in c.value]
    assert ui.md(HOSTILE) in caption and "·" not in caption and "連絡 29" not in caption
    if lang == "ja":
        assert "｜" in caption

    at.button(key="entry_close").click().run()
    assert "entry" not in at.query_params
    assert "本文 29 <i>そのまま</i>" not in [t.value for t in at.text]


def test_25_lines_at_a_time_and_an_entry_of_the_second_page_opens(log):
    at = open_app("log", lang="en")
    newest_first = [f"log_row_{i}" for i in [*reversed(log["ids"]), log["other"]]]
    assert lines(at) == newest_first[:25]
    assert i18n.t("common.rows_shown", "en", shown=25, total=31) in texts(at)
    at.button(key="log_table_more").click().run()
    assert lines(at) == newest_first
    at.button(key=f"log_row_{log['ids'][0]}").click().run()
    assert "本文 00 <i>そのまま</i>" in [t.value for t in at.text]
    assert lines(at) == newest_first  # the list stays as long as it was


def test_search_and_the_company_filter_narrow_the_lines(log):
    at = open_app("log", lang="ja")
    at.text_input(key="log_search").set_value("日程").run()
    assert lines(at) == [f"log_row_{log['other']}"]
    at.text_input(key="log_search").set_value("").run()
    at.selectbox(key="log_company").set_value(log["sakura"]).run()
    assert lines(at) == [f"log_row_{log['other']}"]
    at.selectbox(key="log_company").set_value(log["minato"]).run()
    assert len(lines(at)) == 25 and f"log_row_{log['other']}" not in lines(at)
    at.text_input(key="log_search").set_value("連絡 07").run()
    assert lines(at) == [f"log_row_{log['ids'][7]}"]
    at.text_input(key="log_search").set_value("存在しない言葉").run()
    assert lines(at) == [] and i18n.t("log.no_match", "ja") in texts(at)


def test_an_entry_opens_from_the_address_and_a_missing_one_says_so(log):
    at = open_app("log", lang="en", query={"entry": log["other"]})
    assert "日程調整の電話" in "\n".join(m.value for m in at.markdown)
    gone = open_app("log", lang="en", query={"entry": 999})
    assert i18n.t("error.not_found", "en") in [w.value for w in gone.warning]
    assert len(lines(gone)) == 25
