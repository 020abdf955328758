"""The independent checker finds each broken rule in a hand-made schedule."""

from __future__ import annotations

from events.scheduling import (
    Meeting,
    Participant,
    Problem,
    Request,
    Schedule,
    Stats,
    Status,
    Table,
    Unscheduled,
    validate_schedule,
)
from tests.scheduling.fairs import problem

FAIR = problem(
    sessions=(2,),
    tables=(Table("T1"), Table("T2"), Table("H")),
    participants=(
        Participant("a", unavailable=("s2",), max_meetings=1),
        Participant("host", table="H"),
    ),
    requests=(
        Request("r1", ("a", "b"), 2),
        Request("r2", ("a", "c")),
        Request("r3", ("d", "host")),
        Request("r4", ("e", "f"), slots=("s1",)),
        Request("r5", ("g", "h"), required=True),
        Request("r6", ("i", "j")),
    ),
    locked=(Meeting("r6", "s2", "T2"),),
)


def _schedule(fair: Problem, meetings: list[Meeting], *, status: Status = Status.FEASIBLE) -> Schedule:
    weight = {request.id: request.weight for request in fair.requests}
    met = {m.request for m in meetings}
    return Schedule(
        status=status,
        meetings=tuple(meetings),
        unscheduled=tuple(Unscheduled(r, "left out") for r in weight if r not in met),
        stats=Stats(
            requested=len(weight),
            scheduled=len(meetings),
            weight=sum(weight[r] for r in met if r in weight),
            upper_bound=100,
            solve_seconds=0.1,
        ),
    )


VALID = [
    Meeting("r1", "s1", "T1"),
    Meeting("r3", "s1", "H"),
    Meeting("r5", "s2", "T1"),
    Meeting("r6", "s2", "T2"),
]


def _codes(meetings: list[Meeting]) -> list[tuple[int, str]]:
    return [(v.rule, v.code) for v in validate_schedule(FAIR, _schedule(FAIR, meetings))]


def test_a_valid_schedule_has_no_violation() -> None:
    assert _codes(VALID) == []


def test_rule_1_unknown_and_repeated_requests() -> None:
    assert _codes([*VALID, Meeting("r404", "s1", "T2")]) == [(1, "unknown_request")]
    assert (1, "met_twice") in _codes([*VALID, Meeting("r1", "s2", "T2")])
    assert _codes([*VALID, Meeting("r4", "s9", "T2")])[0] == (1, "unknown_slot")


def test_rule_2_a_participant_in_two_meetings_at_once() -> None:
    violations = validate_schedule(FAIR, _schedule(FAIR, [*VALID[1:], Meeting("r2", "s1", "T1"), VALID[0]]))
    assert [(v.rule, v.code) for v in violations if v.rule == 2] == [(2, "double_booked")]
    assert "a is in 2 meetings in slot 's1'" in violations[0].message


def test_rule_3_unavailable_participant_and_a_slot_the_request_does_not_allow() -> None:
    moved = [Meeting("r1", "s2", "T2"), *VALID[1:3], Meeting("r6", "s2", "T2")]
    assert (3, "unavailable") in _codes(moved)
    assert (3, "slot_not_allowed") in _codes([*VALID, Meeting("r4", "s2", "H")])


def test_rule_4_max_meetings() -> None:
    violations = validate_schedule(FAIR, _schedule(FAIR, [*VALID, Meeting("r2", "s1", "T2")]))
    assert [(v.rule, v.code, v.message) for v in violations if v.rule == 4] == [
        (4, "too_many_meetings", "a has 2 meetings, more than max_meetings 1")
    ]


def test_rule_5_a_hosted_meeting_away_from_the_host_table() -> None:
    assert _codes([VALID[0], Meeting("r3", "s1", "T2"), *VALID[2:]]) == [(5, "not_at_host_table")]


def test_rule_6_table_over_capacity() -> None:
    assert _codes([*VALID, Meeting("r4", "s1", "T1")]) == [(6, "table_over_capacity")]


def test_rule_7_locked_moved_and_required_missing() -> None:
    assert _codes([*VALID[:3], Meeting("r6", "s1", "T2")]) == [(7, "locked_moved")]
    assert _codes([VALID[0], VALID[1], VALID[3]]) == [(7, "required_missing")]


def test_stats_and_explanations_must_add_up() -> None:
    good = _schedule(FAIR, VALID)
    wrong = Schedule(good.status, good.meetings, good.unscheduled[1:], good.stats)
    assert [(v.rule, v.code) for v in validate_schedule(FAIR, wrong)] == [(0, "unexplained")]
    inflated = Schedule(good.status, good.meetings, good.unscheduled, Stats(6, 4, 9, 100, 0.1))
    assert [(v.code, v.message) for v in validate_schedule(FAIR, inflated)] == [
        ("bad_stats", "stats 'weight' is 9, expected 5")
    ]
    optimal = Schedule(Status.OPTIMAL, good.meetings, good.unscheduled, good.stats)
    assert [v.code for v in validate_schedule(FAIR, optimal)] == ["bad_status"]


def test_an_infeasible_schedule_lists_no_meeting_and_names_a_request() -> None:
    stats = Stats(requested=6, scheduled=0, weight=0, upper_bound=0, solve_seconds=0.1)
    good = Schedule(Status.INFEASIBLE, (), (Unscheduled("r5", "conflict"),), stats)
    assert validate_schedule(FAIR, good) == []
    bad = Schedule(Status.INFEASIBLE, (VALID[0],), (), stats)
    assert [v.code for v in validate_schedule(FAIR, bad)] == ["infeasible_with_meetings", "infeasible_unexplained"]
