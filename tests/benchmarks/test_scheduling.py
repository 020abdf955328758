"""The scheduling benchmark's own checks of a re-run: moved previous meetings that could simply go back, and how
many every schedule of the best weight moves."""

from __future__ import annotations

from benchmarks.scheduling import could_go_back, fewest_moved
from events.scheduling import Meeting, Request, Schedule, Stats, Status, Table
from tests.scheduling.fairs import problem


def _schedule(*meetings: Meeting) -> Schedule:
    return Schedule(Status.OPTIMAL, meetings, (), Stats(len(meetings), len(meetings), len(meetings), 0, 0.0))


FAIR = problem(
    sessions=(3,),
    tables=(Table("T1"),),
    requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("de", ("d", "e"))),
    previous=(Meeting("ab", "s1", "T1"), Meeting("de", "s3", "T1")),
)


def test_a_moved_meeting_whose_place_is_still_open_could_go_back() -> None:
    # ab left s1, and nothing took s1: it could go back on its own. de stayed.
    moved = _schedule(Meeting("ab", "s2", "T1"), Meeting("de", "s3", "T1"))
    assert could_go_back(FAIR, moved) == 1


def test_a_moved_meeting_whose_participant_is_busy_there_could_not() -> None:
    # a meets c in s1 now: ab cannot go back without moving ac.
    moved = _schedule(Meeting("ac", "s1", "T1"), Meeting("ab", "s2", "T1"), Meeting("de", "s3", "T1"))
    assert could_go_back(FAIR, moved) == 0


def test_a_moved_meeting_whose_table_is_full_there_could_not() -> None:
    # de took T1 in s1 (the only table): ab cannot go back; de's own move could (s3 is free).
    moved = _schedule(Meeting("de", "s1", "T1"), Meeting("ab", "s2", "T1"))
    assert could_go_back(FAIR, moved) == 1


def test_meetings_that_stayed_or_were_dropped_are_not_counted() -> None:
    assert could_go_back(FAIR, _schedule(Meeting("ab", "s1", "T1"))) == 0


def test_when_everything_fits_no_previous_meeting_has_to_move() -> None:
    # One table, three slots, three meetings: ab and de where they were, ac in s2.
    assert fewest_moved(FAIR, weight=3) == 0


def test_a_heavier_new_request_forces_one_previous_meeting_out() -> None:
    # One table and two slots: ac (3) takes one of them, so ab or de gives up its slot.
    fair = problem(
        sessions=(2,),
        tables=(Table("T1"),),
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c"), weight=3), Request("de", ("d", "e"))),
        previous=(Meeting("ab", "s1", "T1"), Meeting("de", "s2", "T1")),
    )
    assert fewest_moved(fair, weight=4) == 1


def test_below_the_best_weight_the_relaxation_proves_nothing() -> None:
    assert fewest_moved(FAIR, weight=2) is None
