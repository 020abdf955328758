"""The solver on tiny fairs whose best schedule is known by hand: one test per hard rule and per objective level."""

from __future__ import annotations

import pytest

from events.scheduling import (
    Meeting,
    Participant,
    Progress,
    Request,
    SchedulingError,
    Status,
    Table,
    solve,
    validate_schedule,
)
from tests.scheduling.fairs import meets, problem, reasons

LIMIT = 5.0


def test_an_empty_fair_is_optimal_with_nothing_to_do() -> None:
    schedule = solve(problem(), time_limit=LIMIT)
    assert schedule.status == Status.OPTIMAL
    assert schedule.meetings == ()
    assert (schedule.stats.requested, schedule.stats.scheduled, schedule.stats.weight) == (0, 0, 0)
    assert schedule.stats.upper_bound == 0


def test_rule_2_a_participant_meets_once_per_slot_and_the_heavier_request_wins() -> None:
    fair = problem(sessions=(1,), requests=(Request("r1", ("a", "b"), 1), Request("r2", ("a", "c"), 2)))
    schedule = solve(fair, time_limit=LIMIT)
    assert meets(schedule) == {"r2": ("s1", "T1")}
    assert schedule.status == Status.OPTIMAL
    assert (schedule.stats.weight, schedule.stats.upper_bound) == (2, 2)
    assert reasons(schedule) == {"r1": "a is fully booked with higher-priority meetings in every slot b is free"}


def test_rule_3_unavailable_slots_and_the_requests_own_slots_are_respected() -> None:
    fair = problem(
        sessions=(3,),
        participants=(Participant("a", unavailable=("s1",)),),
        requests=(Request("r1", ("a", "b"), slots=("s1", "s2")), Request("r2", ("c", "d"), slots=("s3",))),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert {r: slot for r, (slot, _table) in meets(schedule).items()} == {"r1": "s2", "r2": "s3"}


def test_rule_4_max_meetings_caps_a_participant() -> None:
    fair = problem(
        participants=(Participant("a", max_meetings=1),),
        requests=(Request("r1", ("a", "b"), 1), Request("r2", ("a", "c"), 3)),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert set(meets(schedule)) == {"r2"}
    assert reasons(schedule) == {"r1": "a already has its maximum of 1 meeting, all of higher priority"}


def test_rule_5_a_meeting_with_a_host_is_at_the_hosts_table() -> None:
    fair = problem(
        sessions=(1,),
        tables=(Table("T1"), Table("T2"), Table("T3")),
        participants=(Participant("team", table="T3"),),
        requests=(Request("r1", ("ent", "team")), Request("r2", ("x", "y"))),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert meets(schedule) == {"r1": ("s1", "T3"), "r2": ("s1", "T1")}


def test_rule_6_a_table_holds_its_capacity() -> None:
    fair = problem(
        sessions=(1,),
        tables=(Table("big", capacity=2),),
        requests=(Request("r1", ("a", "b"), 2), Request("r2", ("c", "d")), Request("r3", ("e", "f"), 3)),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert meets(schedule) == {"r1": ("s1", "big"), "r3": ("s1", "big")}
    assert reasons(schedule) == {"r2": "no table is left in the slots c and d are free (s1)"}


def test_rule_7_locked_meetings_stay_and_required_ones_beat_heavier_ones() -> None:
    fair = problem(
        sessions=(2,),
        requests=(
            Request("r1", ("a", "b"), 1, required=True, slots=("s1",)),
            Request("r2", ("a", "c"), 9, slots=("s1",)),
            Request("r3", ("d", "e")),
        ),
        locked=(Meeting("r3", "s2", "T2"),),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert meets(schedule) == {"r1": ("s1", "T1"), "r3": ("s2", "T2")}
    assert schedule.status == Status.OPTIMAL
    assert validate_schedule(fair, schedule) == []


def test_level_1_weight_takes_the_heavier_combination_not_the_first_come() -> None:
    # First come would give a the first slot with b and leave the heavy pair a-c and d-c without room.
    fair = problem(
        sessions=(2,),
        requests=(
            Request("r1", ("a", "b"), 1),
            Request("r2", ("a", "c"), 3),
            Request("r3", ("a", "d"), 3),
        ),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert set(meets(schedule)) == {"r2", "r3"}
    assert (schedule.stats.weight, schedule.stats.upper_bound, schedule.status) == (6, 6, Status.OPTIMAL)


def test_level_2_a_previous_meeting_stays_where_it_was_published() -> None:
    # s1 would be as good (and earlier), but r1 was published in s2 at T2.
    fair = problem(
        sessions=(2,),
        requests=(Request("r1", ("a", "b")), Request("r2", ("c", "d"))),
        previous=(Meeting("r1", "s2", "T2"), Meeting("r2", "s1", "T2")),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert meets(schedule) == {"r1": ("s2", "T2"), "r2": ("s1", "T2")}


def test_level_2_a_previous_meeting_moves_only_to_gain_weight() -> None:
    # r2 (new, weight 2) needs a in s1 because c comes in s1 only; r1 moves to s2 to make room.
    fair = problem(
        sessions=(2,),
        participants=(Participant("c", unavailable=("s2",)),),
        requests=(Request("r1", ("a", "b")), Request("r2", ("a", "c"), 2), Request("r3", ("d", "e"))),
        previous=(Meeting("r1", "s1", "T1"), Meeting("r3", "s1", "T2")),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert meets(schedule) == {"r1": ("s2", "T1"), "r2": ("s1", "T1"), "r3": ("s1", "T2")}
    assert schedule.stats.weight == 4


def test_level_3_fairness_gives_everyone_a_meeting_at_equal_weight() -> None:
    # x meets once: with a (who also meets y) or with b (who has nothing else). Same weight; b must not be left out.
    fair = problem(
        sessions=(2,),
        participants=(Participant("x", max_meetings=1),),
        requests=(Request("r1", ("a", "x")), Request("r2", ("b", "x")), Request("r3", ("a", "y"))),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert set(meets(schedule)) == {"r2", "r3"}
    assert reasons(schedule) == {"r1": "x already has its maximum of 1 meeting, of the same or higher priority"}


def test_level_4_compactness_leaves_no_idle_slot_inside_a_session() -> None:
    # c can only come in s1; a's two meetings must be back to back, so a-b goes to s2, not s3.
    fair = problem(
        sessions=(3,),
        participants=(Participant("c", unavailable=("s2", "s3")), Participant("b", unavailable=("s1",))),
        requests=(Request("r1", ("a", "c")), Request("r2", ("a", "b"))),
        previous=(),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert {r: slot for r, (slot, _t) in meets(schedule).items()} == {"r1": "s1", "r2": "s2"}


def test_level_4_a_lunch_break_is_not_idle() -> None:
    # Sessions s1-s2 and s3-s4: a's meetings in s2 and s3 touch no idle slot although s2 and s3 are apart.
    fair = problem(
        sessions=(2, 2),
        participants=(
            Participant("b", unavailable=("s1", "s3", "s4")),
            Participant("c", unavailable=("s1", "s2", "s4")),
        ),
        requests=(Request("r1", ("a", "b")), Request("r2", ("a", "c"))),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert {r: slot for r, (slot, _t) in meets(schedule).items()} == {"r1": "s2", "r2": "s3"}
    assert schedule.status == Status.OPTIMAL


def test_infeasible_when_locked_meetings_share_a_participant_and_slot() -> None:
    fair = problem(
        requests=(Request("r1", ("a", "b")), Request("r2", ("a", "c")), Request("r3", ("d", "e"))),
        locked=(Meeting("r1", "s1", "T1"), Meeting("r2", "s1", "T2")),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert schedule.meetings == ()
    assert reasons(schedule) == {
        "r1": "locked meeting cannot be held together with locked 'r2': "
        "a has 2 locked or required meetings that can take only 1 slot between them",
        "r2": "locked meeting cannot be held together with locked 'r1': "
        "a has 2 locked or required meetings that can take only 1 slot between them",
    }
    assert {item.code for item in schedule.unscheduled} == {"conflict"}
    assert validate_schedule(fair, schedule) == []


def test_infeasible_when_a_locked_meeting_is_where_a_participant_is_away() -> None:
    fair = problem(
        participants=(Participant("a", unavailable=("s2",)),),
        requests=(Request("r1", ("a", "b")),),
        locked=(Meeting("r1", "s2", "T1"),),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert reasons(schedule) == {"r1": "locked meeting: locked in slot 's2', where a is unavailable"}


def test_infeasible_when_required_meetings_need_the_same_only_slot() -> None:
    fair = problem(
        requests=(
            Request("r1", ("a", "b"), required=True, slots=("s1",)),
            Request("r2", ("a", "c"), required=True, slots=("s1",)),
            Request("r3", ("d", "e"), required=True),
        ),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert reasons(schedule) == {
        "r1": "required meeting cannot be held together with required 'r2': "
        "a has 2 locked or required meetings that can take only 1 slot between them",
        "r2": "required meeting cannot be held together with required 'r1': "
        "a has 2 locked or required meetings that can take only 1 slot between them",
    }


def test_infeasible_when_a_participant_has_more_required_meetings_than_slots_names_them_all() -> None:
    # Ten required meetings of "a" in nine slots: a pigeonhole, which CP-SAT proves slowly and counting at once.
    fair = problem(
        sessions=(9,),
        tables=tuple(Table(f"T{k}") for k in range(10)),
        requests=tuple(Request(f"r{k}", ("a", f"b{k}"), required=True) for k in range(10)),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert schedule.meetings == ()
    why = reasons(schedule)
    assert sorted(why) == [f"r{k}" for k in range(10)]
    assert why["r0"] == (
        "required meeting cannot be held together with required 'r1', required 'r2', required 'r3', "
        "required 'r4', required 'r5' and 4 more: a has 10 locked or required meetings that can take only "
        "9 different slots between them"
    )
    assert {item.code for item in schedule.unscheduled} == {"conflict"}


def test_infeasible_when_a_participant_has_more_required_meetings_than_max_meetings() -> None:
    fair = problem(
        participants=(Participant("a", max_meetings=1),),
        requests=(Request("r1", ("a", "b"), required=True), Request("r2", ("a", "c"), required=True)),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert reasons(schedule) == {
        "r1": "required meeting cannot be held together with required 'r2': "
        "a has 2 locked or required meetings but max_meetings 1",
        "r2": "required meeting cannot be held together with required 'r1': "
        "a has 2 locked or required meetings but max_meetings 1",
    }


def test_infeasible_when_a_required_meeting_has_no_common_slot() -> None:
    fair = problem(
        participants=(Participant("a", unavailable=("s1",)), Participant("b", unavailable=("s2",))),
        requests=(Request("r1", ("a", "b"), required=True),),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert reasons(schedule) == {"r1": "required meeting: a and b are never free at the same time"}


def test_a_meeting_of_three_takes_one_slot_for_all_three() -> None:
    fair = problem(
        sessions=(2,),
        participants=(Participant("c", unavailable=("s1",)),),
        requests=(Request("r1", ("a", "b", "c")), Request("r2", ("a", "d"))),
    )
    schedule = solve(fair, time_limit=LIMIT)
    assert {r: slot for r, (slot, _t) in meets(schedule).items()} == {"r1": "s2", "r2": "s1"}


def test_progress_is_reported_in_phase_order_ending_with_done() -> None:
    seen: list[Progress] = []
    fair = problem(sessions=(2,), requests=(Request("r1", ("a", "b"), 2), Request("r2", ("a", "c"))))
    solve(fair, time_limit=LIMIT, on_progress=seen.append)
    order = ["start", "bound", "greedy", "weight", "stability", "fairness", "compactness", "published", "done"]
    phases = [p.phase for p in seen]
    assert phases[0] == "start"
    assert phases[-1] == "done"
    assert [order.index(phase) for phase in phases] == sorted(order.index(phase) for phase in phases)
    assert (seen[-1].weight, seen[-1].bound) == (3, 3)
    assert all(p.elapsed >= 0 for p in seen)


def test_a_re_run_ends_by_keeping_published_meetings_in_place() -> None:
    seen: list[Progress] = []
    fair = problem(
        sessions=(3,),
        requests=(Request("r1", ("a", "b")), Request("r2", ("a", "c")), Request("r3", ("d", "e"))),
        previous=(Meeting("r1", "s2", "T1"), Meeting("r3", "s1", "T2")),
    )
    schedule = solve(fair, time_limit=LIMIT, on_progress=seen.append)
    assert [p.phase for p in seen][-2:] == ["published", "done"]
    placed = meets(schedule)
    assert (placed["r1"], placed["r3"]) == (("s2", "T1"), ("s1", "T2"))
    assert placed["r2"][0] in {"s1", "s3"}


@pytest.mark.parametrize(("time_limit", "workers", "code"), [(0.0, 2, "bad_time_limit"), (1.0, 0, "bad_workers")])
def test_a_bad_time_limit_or_worker_count_is_refused(time_limit: float, workers: int, code: str) -> None:
    with pytest.raises(SchedulingError) as caught:
        solve(problem(), time_limit=time_limit, workers=workers)
    assert caught.value.code == code


def test_an_invalid_problem_is_refused_before_solving() -> None:
    with pytest.raises(SchedulingError) as caught:
        solve(problem(requests=(Request("r1", ("a", "a")),)), time_limit=LIMIT)
    assert caught.value.code == "duplicate_participant"
