"""The upper bound is proved by a linear relaxation, rounded down to the weights' whole numbers."""

from __future__ import annotations

from events.scheduling import Meeting, Request, Status, Table, solve
from events.scheduling.instance import build_instance
from events.scheduling.progress import Reporter
from events.scheduling.solver import _Search
from events.scheduling.timing import Deadline
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


def test_a_large_re_run_keeping_everything_has_the_weight_and_kept_bounds_of_the_best_schedule() -> None:
    # 1,000 published meetings a_i-b_i in the one slot, and 1,000 new requests a_i-c_i of the same weight: the
    # best keeps all of them, weight 1,000. The relaxation's weight-and-kept objective is about a million, so its
    # rounding slack (a millionth) is 1: counted once per weight unit, the 1,000 kept meetings plus that slack
    # made a weight bound of 1,001 (and a kept bound of 0).
    n = 1000
    fair = problem(
        sessions=(1,),
        tables=tuple(Table(f"T{i}") for i in range(n)),
        requests=tuple(Request(f"ab{i}", (f"a{i}", f"b{i}")) for i in range(n))
        + tuple(Request(f"ac{i}", (f"a{i}", f"c{i}")) for i in range(n)),
        previous=tuple(Meeting(f"ab{i}", "s1", f"T{i}") for i in range(n)),
    )
    deadline = Deadline(10.0)
    search = _Search(
        build_instance(fair), deadline=deadline, workers=2, report=Reporter(None, started=deadline.started)
    )
    assert (search.bound, search.kept_bound) == (n, n)
