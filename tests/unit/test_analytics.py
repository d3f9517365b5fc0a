from datetime import date

import pandas as pd

from lib.reflect.analytics import filter_reflections, reflections_frame


def row(rid, company_id, round_, starts_at, tz="Asia/Tokyo"):
    return {"id": rid, "status": "complete", "overall": 3, "feeling": "", "updated_at": "", "interview_id": rid,
            "round": round_, "starts_at": starts_at, "timezone": tz, "result": "pending",
            "company_id": company_id, "company": f"C{company_id}", "is_sample": 0}


ROWS = [
    row(1, 1, "first", "2026-11-26T14:30:00+00:00"),  # 23:30 on 26 Nov in Tokyo
    row(2, 1, "second", "2026-11-26T15:30:00+00:00"),  # 00:30 on 27 Nov in Tokyo
    row(3, 2, "first", "2026-11-27T02:00:00+00:00", tz="America/New_York"),  # 21:00 on 26 Nov in New York
]


def test_local_dates_follow_each_interviews_zone():
    frame = reflections_frame(ROWS)
    assert list(frame["local_date"]) == [date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 26)]
    assert frame.loc[0, "local_start"] == pd.Timestamp("2026-11-26 23:30")


def test_no_filter_keeps_everything():
    assert list(filter_reflections(reflections_frame(ROWS))["id"]) == [1, 2, 3]


def test_filters_combine():
    frame = reflections_frame(ROWS)
    assert list(filter_reflections(frame, companies=[1])["id"]) == [1, 2]
    assert list(filter_reflections(frame, rounds=["first"])["id"]) == [1, 3]
    assert list(filter_reflections(frame, companies=[1], rounds=["first"])["id"]) == [1]
    assert list(filter_reflections(frame, dates=(date(2026, 11, 27),))["id"]) == [2]
    assert list(filter_reflections(frame, dates=(date(2026, 11, 26), date(2026, 11, 26)))["id"]) == [1, 3]
    assert filter_reflections(frame, companies=[2], rounds=["second"]).empty


def test_empty_input_gives_an_empty_frame_with_the_columns():
    frame = reflections_frame([])
    assert frame.empty and {"local_start", "local_date", "company"} <= set(frame.columns)
    assert filter_reflections(frame, rounds=["first"]).empty
