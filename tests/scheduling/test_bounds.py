"""The upper bound is proved by a linear relaxation, rounded down to the weights' whole numbers."""

from __future__ import annotations

from events.scheduling import Request, Status, Table, solve
from tests.scheduling.fairs import problem


def test_a_triangle_in_one_slot_is_bounded_by_one_meeting_not_one_and_a_half() -> None:
    # Linear optimum 1.5 (each pair at one half); any schedule holds one of the three meetings.
    fair = problem(
        sessions=(1,),
        tables=(Table("T1"), Table("T2")),
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("bc", ("b", "c"))),
    )
    schedule = solve(fair, time_limit=5.0)
    assert (schedule.stats.weight, schedule.stats.upper_bound, schedule.status) == (1, 1, Status.OPTIMAL)


def test_table_seats_bound_the_weight() -> None:
    fair = problem(
        sessions=(2,),
        tables=(Table("T1"),),
        requests=tuple(Request(f"r{i}", (f"a{i}", f"b{i}"), weight=i) for i in range(1, 5)),
    )
    schedule = solve(fair, time_limit=5.0)
    assert (schedule.stats.weight, schedule.stats.upper_bound) == (7, 7)
    assert {m.request for m in schedule.meetings} == {"r3", "r4"}
