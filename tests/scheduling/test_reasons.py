"""Every request left out gets a reason a person understands, and a code a user interface can translate."""

from __future__ import annotations

from events.scheduling import Participant, Problem, ReasonCode, Request, Status, Table, solve
from tests.scheduling.fairs import problem

LIMIT = 5.0


def _explained(fair_requests: tuple[Request, ...], **kwargs: object) -> dict[str, tuple[str, str]]:
    schedule = solve(problem(requests=fair_requests, **kwargs), time_limit=LIMIT)  # type: ignore[arg-type]
    return {item.request: (item.code, item.reason) for item in schedule.unscheduled}


def test_never_free_together() -> None:
    explained = _explained(
        (Request("r1", ("a", "b")),),
        participants=(Participant("a", unavailable=("s1",)), Participant("b", unavailable=("s2",))),
    )
    assert explained == {"r1": (ReasonCode.NO_COMMON_SLOT, "a and b are never free at the same time")}


def test_unavailable_in_every_slot_the_request_allows() -> None:
    explained = _explained(
        (Request("r1", ("a", "b"), slots=("s1",)),),
        participants=(Participant("a", unavailable=("s1",)),),
    )
    assert explained == {"r1": (ReasonCode.NO_COMMON_SLOT, "a is unavailable in every slot the request allows")}


def test_a_request_that_allows_no_slot() -> None:
    explained = _explained((Request("r1", ("a", "b"), slots=()),))
    assert explained == {"r1": (ReasonCode.NO_COMMON_SLOT, "the request allows no slot")}


def test_one_of_them_is_busy_whenever_both_are_free() -> None:
    # s1: a meets c (only c's slot); s2: b meets d (only d's slot). a-b finds one of them busy in each.
    explained = _explained(
        (Request("r1", ("a", "c"), 3), Request("r2", ("b", "d"), 3), Request("r3", ("a", "b"))),
        participants=(Participant("c", unavailable=("s2",)), Participant("d", unavailable=("s1",))),
    )
    assert explained == {
        "r3": (
            ReasonCode.PARTICIPANTS_BOOKED,
            "in every slot where a and b are both free, one of them already has a meeting",
        )
    }


def test_the_host_table_is_taken() -> None:
    # Two hosts share table H; their meetings take it in s1 and s2; the third one finds it taken.
    explained = _explained(
        (Request("r1", ("e1", "h1"), 2), Request("r2", ("e2", "h2"), 2), Request("r3", ("e3", "h1"))),
        tables=(Table("H"), Table("T")),
        participants=(Participant("h1", table="H"), Participant("h2", table="H")),
    )
    assert explained == {
        "r3": (ReasonCode.TABLE_FULL, "the host table 'H' is taken in every slot e3 and h1 are free"),
    }


def test_reason_codes_are_the_ones_the_pages_translate() -> None:
    assert [code.value for code in ReasonCode] == [
        "no_common_slot",
        "max_meetings",
        "participant_booked",
        "participants_booked",
        "table_full",
        "conflict",
        "not_found",
    ]


def test_a_fair_without_slots_or_tables_says_so() -> None:
    fair = problem(requests=(Request("r1", ("a", "b")),))
    no_slots = Problem((), fair.tables, fair.participants, fair.requests)
    schedule = solve(no_slots, time_limit=LIMIT)
    assert [(u.code, u.reason) for u in schedule.unscheduled] == [(ReasonCode.NO_COMMON_SLOT, "the fair has no slot")]
    required = problem(tables=(), requests=(Request("r1", ("a", "b"), required=True),))
    schedule = solve(required, time_limit=LIMIT)
    assert schedule.status == Status.INFEASIBLE
    assert [u.reason for u in schedule.unscheduled] == ["required meeting: the fair has no table"]
    optional = problem(tables=(), requests=(Request("r1", ("a", "b")),))
    assert [u.reason for u in solve(optional, time_limit=LIMIT).unscheduled] == ["the fair has no table"]
