from datetime import date, time

import pytest

from lib.models import (
    AskedQuestion,
    Company,
    CompetencyScore,
    Interview,
    Interviewer,
    ValidationError,
    clean_text,
    lines,
    local_to_utc,
    parse_date,
    validate_reflection_field,
)


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.validated()
    return {name: key for name, (key, _) in caught.value.errors.items()}


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01", "\n\t"])
def test_company_name_is_required(name):
    assert errors_of(Company(name=name)) == {"name": "error.required"}


def test_company_keeps_japanese_emoji_and_markup_as_typed():
    typed = "株式会社テスト 👩‍💻 <script>alert(1)</script> **太字** $$x$$"
    assert Company(name=typed).validated().name == typed


def test_company_drops_invisible_control_characters():
    assert Company(name="ミナト\x00データ\x07").validated().name == "ミナトデータ"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "あ" * 201, "error.too_long"),
        ("notes", "x" * 20_001, "error.too_long"),
        ("url", "javascript:alert(1)", "error.url"),
        ("url", "example.com", "error.url"),
        ("interest", 6, "error.rating"),
        ("interest", 0, "error.rating"),
        ("applied_via", "carrier pigeon", "error.choice"),
    ],
)
def test_company_refuses_bad_values(field, value, error):
    company = Company(name="ミナトデータ")
    setattr(company, field, value)
    assert errors_of(company) == {field: error}


def test_company_accepts_20000_character_notes_and_https_url():
    company = Company(name="A", notes="長" * 20_000, url="https://example.com/jobs?id=1").validated()
    assert len(company.notes) == 20_000


def test_agent_name_kept_only_when_applying_through_an_agent():
    assert Company(name="A", applied_via="agent", agent_name="佐藤").validated().agent_name == "佐藤"
    assert Company(name="A", applied_via="direct", agent_name="佐藤").validated().agent_name == ""


def interview(**changes) -> Interview:
    base = Interview(company_id=1, round="first", day=date(2026, 11, 27), start=time(10, 0), end=time(11, 0))
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_interview_in_tokyo_is_stored_in_utc():
    assert interview().validated().starts_at().isoformat() == "2026-11-27T01:00:00+00:00"


@pytest.mark.parametrize("end", [time(10, 0), time(9, 0)])
def test_end_must_be_after_start(end):
    assert errors_of(interview(end=end)) == {"end": "error.end_before_start"}


def test_time_skipped_by_daylight_saving_is_refused():
    skipped = interview(timezone="America/New_York", day=date(2026, 3, 8), start=time(2, 30), end=None)
    assert errors_of(skipped) == {"start": "error.nonexistent_time"}


def test_unknown_timezone_is_refused():
    assert errors_of(interview(timezone="Mars/Olympus")) == {"timezone": "error.timezone"}


@pytest.mark.parametrize(("field", "value"), [("round", "fifth"), ("status", "maybe"), ("result", "won")])
def test_interview_choices_are_checked(field, value):
    assert errors_of(interview(**{field: value})) == {field: "error.choice"}


def test_blank_interviewer_rows_are_dropped():
    people = [Interviewer("山田", "部長"), Interviewer(" ", ""), Interviewer("", "人事")]
    assert interview(interviewers=people).validated().interviewers == [Interviewer("山田", "部長"),
                                                                        Interviewer("", "人事")]


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2025/02/29", "0000-01-01", "yesterday", ""])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_leap_day_is_a_real_date():
    assert parse_date("2028/02/29") == date(2028, 2, 29)


def test_local_to_utc_across_zones():
    assert local_to_utc(date(2026, 7, 1), time(9, 0), "Europe/London").hour == 8


def test_asked_question_needs_text_and_a_known_category():
    assert errors_of(AskedQuestion(question=" ", category="astrology")) == {
        "question": "error.required", "category": "error.choice"}


def test_asked_question_reaction_is_optional_but_checked():
    assert AskedQuestion("志望動機は?", "motivation").validated().reaction is None
    assert errors_of(AskedQuestion("Q", "motivation", reaction="ecstatic")) == {"reaction": "error.choice"}


def test_competency_score_rating_range():
    assert errors_of(CompetencyScore("motivation", 7)) == {"rating": "error.rating"}
    assert errors_of(CompetencyScore("charisma", 3)) == {"competency": "error.choice"}
    assert CompetencyScore("motivation", None, " メモ ").validated().note == "メモ"


def test_reflection_fields():
    assert validate_reflection_field("went_well", " 数字で説明 \x00") == "数字で説明"
    with pytest.raises(ValidationError):
        validate_reflection_field("overall", 9)
    with pytest.raises(ValidationError):
        validate_reflection_field("feeling", "x" * 201)
    with pytest.raises(KeyError):
        validate_reflection_field("status", "complete")


def test_lines_split_items_and_drop_bullets():
    assert lines("・結論から話す\n\n- 数字を使う\n  * 逆質問 ") == ["結論から話す", "数字を使う", "逆質問"]
    assert lines(None) == []


def test_clean_text_keeps_newlines_and_tabs():
    assert clean_text(" a\n\tb ") == "a\n\tb"


@pytest.mark.parametrize(("typed", "stored"), [
    ("ミナト\r\n商事", "ミナト 商事"), ("A\rB\nC", "A B C"), ("  A \n\n  B  ", "A B"), ("A\u2028B", "A B"),
    ("A\tB", "A\tB"), ("一行", "一行"),
])
def test_single_line_fields_never_hold_a_line_break(typed, stored):
    assert Company(name=typed, position=typed).validated().name == stored
    assert Company(name="x", position=typed).validated().position == stored
    assert AskedQuestion(typed).validated().question == stored
    assert Company(name="x", notes=typed).validated().notes == clean_text(typed)  # notes keep their lines
