"""The pipeline follows interviews: adding, finishing or resulting an interview moves the
company forward, never backwards, never out of a closed selection, and the move can be undone."""

from datetime import date, time, timedelta

import pytest

from lib.models import RESULTS, ROUNDS, STATUSES, Company, Interview, ValidationError
from lib.pipeline.companies import save_company, save_interview, save_interview_moving
from lib.pipeline.stages import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    STAGES,
    follow_interview,
    set_stage,
    stage_for_interview,
    undo_move,
)

NEXT_WEEK = date.today() + timedelta(days=7)
YESTERDAY = date.today() - timedelta(days=1)


@pytest.mark.parametrize(("current", "round", "status", "result", "expected"), [
    # A new or held interview moves to its round's stage.
    ("applied", "first", "scheduled", "pending", "first"),
    ("applied", "casual", "scheduled", "pending", "casual"),
    ("screening", "second", "scheduled", "pending", "second"),
    ("first", "third", "done", "pending", "second"),
    ("applied", "final", "done", None, "final"),
    # Passing moves to the next round's stage; passing the final round means an offer.
    ("first", "first", "done", "passed", "second"),
    ("casual", "casual", "done", "passed", "first"),
    ("second", "third", "done", "passed", "final"),
    ("final", "final", "done", "passed", "offer"),
    ("second", "second", "done", "offer", "offer"),
    # お見送り and a withdrawal close the selection.
    ("first", "first", "done", "rejected", "rejected"),
    ("final", "final", "done", "rejected", "rejected"),
    ("applied", "other", "done", "rejected", "rejected"),
    ("second", "second", "done", "withdrawn", "declined"),
    # Never backwards, never over a later stage set by hand.
    ("second", "first", "scheduled", "pending", None),
    ("final", "first", "done", "passed", None),
    ("offer", "final", "done", "passed", None),
    ("final", "first", "done", "rejected", None),
    ("offer", "final", "done", "rejected", None),
    ("first", "first", "scheduled", "pending", None),
    # A closed selection never reopens by itself; a cancelled interview moves nothing.
    ("rejected", "second", "scheduled", "pending", None),
    ("accepted", "final", "done", "offer", None),
    ("declined", "first", "done", "rejected", None),
    ("applied", "first", "cancelled", "pending", None),
    # "Other" rounds say nothing about the stage.
    ("applied", "other", "done", "passed", None),
    ("applied", "other", "scheduled", "pending", None),
])
def test_stage_for_interview(current, round, status, result, expected):
    assert stage_for_interview(current, round, status, result) == expected


@pytest.mark.parametrize("current", STAGES)
def test_a_move_only_goes_forward_or_closes(current):
    for round_ in ROUNDS:
        for status in STATUSES:
            for result in RESULTS:
                target = stage_for_interview(current, round_, status, result)
                if target is None:
                    continue
                assert current in ACTIVE_STAGES
                assert target in CLOSED_STAGES or ACTIVE_STAGES.index(target) > ACTIVE_STAGES.index(current)


def stages_of(conn, company_id):
    return ([r[0] for r in conn.execute("SELECT stage FROM stage_changes WHERE company_id = ? ORDER BY id",
                                        [company_id])],
            conn.execute("SELECT stage FROM companies WHERE id = ?", [company_id]).fetchone()[0])


def test_adding_finishing_and_resulting_interviews_move_the_company(conn):
    company = save_company(conn, Company(name="ミナト商事"))
    first, move = save_interview_moving(conn, Interview(company, "first", YESTERDAY, time(10)))
    assert (move.company, move.before, move.after) == ("ミナト商事", "applied", "first")
    _, move = save_interview_moving(conn, Interview(company, "first", YESTERDAY, time(10), status="done"), first)
    assert move is None  # done, still the first round
    _, move = save_interview_moving(conn, Interview(company, "first", YESTERDAY, time(10), status="done",
                                                    result="passed"), first)
    assert (move.before, move.after) == ("first", "second")
    final, move = save_interview_moving(conn, Interview(company, "final", NEXT_WEEK, time(10)))
    assert move.after == "final"
    _, move = save_interview_moving(conn, Interview(company, "final", NEXT_WEEK, time(10), status="done",
                                                    result="offer"), final)
    assert move.after == "offer"
    assert stages_of(conn, company) == (["applied", "first", "second", "final", "offer"], "offer")


def test_an_edit_that_leaves_round_status_and_result_alone_keeps_a_stage_set_by_hand(conn):
    company = save_company(conn, Company(name="A"))
    interview = save_interview(conn, Interview(company, "second", NEXT_WEEK, time(10)))
    set_stage(conn, company, "first")  # the user moved it back by hand
    save_interview(conn, Interview(company, "second", NEXT_WEEK, time(10), notes="持ち物: 職務経歴書"), interview)
    assert stages_of(conn, company)[1] == "first"


def test_a_later_stage_set_by_hand_is_not_overridden(conn):
    company = save_company(conn, Company(name="A"))
    set_stage(conn, company, "final")
    _, move = save_interview_moving(conn, Interview(company, "first", YESTERDAY, time(10), status="done",
                                                    result="rejected"))
    assert move is None and stages_of(conn, company)[1] == "final"


def test_rejection_closes_the_selection_and_nothing_reopens_it(conn):
    company = save_company(conn, Company(name="A"))
    first, _ = save_interview_moving(conn, Interview(company, "first", YESTERDAY, time(10)))
    _, move = save_interview_moving(conn, Interview(company, "first", YESTERDAY, time(10), status="done",
                                                    result="rejected"), first)
    assert move.after == "rejected"
    _, move = save_interview_moving(conn, Interview(company, "second", NEXT_WEEK, time(10)))
    assert move is None and stages_of(conn, company)[1] == "rejected"


def test_move_stage_false_leaves_the_stage_alone(conn):
    company = save_company(conn, Company(name="A"))
    save_interview(conn, Interview(company, "final", YESTERDAY, time(10), status="done", result="offer"),
                   move_stage=False)
    assert stages_of(conn, company) == (["applied"], "applied")


def test_undo_takes_the_move_back_and_out_of_the_history(conn):
    company = save_company(conn, Company(name="A"))
    _, move = save_interview_moving(conn, Interview(company, "first", NEXT_WEEK, time(10)))
    assert undo_move(conn, move)
    assert stages_of(conn, company) == (["applied"], "applied")
    assert not undo_move(conn, move)  # twice changes nothing


def test_undo_refuses_when_the_company_moved_since(conn):
    company = save_company(conn, Company(name="A"))
    _, move = save_interview_moving(conn, Interview(company, "first", NEXT_WEEK, time(10)))
    set_stage(conn, company, "second")
    assert not undo_move(conn, move)
    assert stages_of(conn, company)[1] == "second"


def test_a_failed_save_moves_nothing(conn):
    company = save_company(conn, Company(name="A"))
    save_interview(conn, Interview(company, "first", NEXT_WEEK, time(10)))
    set_stage(conn, company, "applied")
    with pytest.raises(ValidationError):  # the same interview twice is refused
        save_interview(conn, Interview(company, "first", NEXT_WEEK, time(10)))
    assert stages_of(conn, company)[1] == "applied"


def test_follow_interview_for_a_missing_company_does_nothing(conn):
    assert follow_interview(conn, 999, "first", "scheduled", "pending") is None
