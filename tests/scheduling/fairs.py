"""Tiny problems written in the exchange format's own words, for the scheduler's tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from events.scheduling import Meeting, Participant, Problem, Request, Schedule, Slot, Table

ZONE = timezone(timedelta(hours=8))


def slots(*sessions: int, minutes: int = 20) -> tuple[Slot, ...]:
    """Sessions of consecutive slots (``slots(3, 2)``: s1-s3 in the morning, s4-s5 after lunch)."""
    out: list[Slot] = []
    for index, count in enumerate(sessions):
        start = datetime(2026, 12, 3, 9 + 5 * index, 0, tzinfo=ZONE)
        for k in range(count):
            begin = start + timedelta(minutes=minutes * k)
            out.append(Slot(f"s{len(out) + 1}", begin, begin + timedelta(minutes=minutes)))
    return tuple(out)


def problem(
    *,
    sessions: tuple[int, ...] = (2,),
    tables: tuple[Table, ...] = (Table("T1"), Table("T2")),
    participants: tuple[Participant, ...] = (),
    requests: tuple[Request, ...] = (),
    locked: tuple[Meeting, ...] = (),
    previous: tuple[Meeting, ...] = (),
) -> Problem:
    """A problem whose participants default to everyone the requests name (always available, no limit)."""
    named = {p.id for p in participants}
    extra = tuple(
        Participant(pid)
        for pid in dict.fromkeys(pid for request in requests for pid in request.participants)
        if pid not in named
    )
    return Problem(
        slots=slots(*sessions),
        tables=tables,
        participants=participants + extra,
        requests=requests,
        locked=locked,
        previous=previous,
    )


def one_table_crowded(tables: int = 1) -> Problem:
    """a meets b, c and d; e meets f and g but not in the first or the last slot; five slots, ``tables`` tables.

    With one table a's three meetings and e's two fill the five slots; e meets in two of s2-s4, so a's three are
    never a run: at best 2 idle slots and 1 break (a in s1, s4 and s5, or s1, s2 and s5).
    """
    return problem(
        requests=(
            Request("ab", ("a", "b")),
            Request("ac", ("a", "c")),
            Request("ad", ("a", "d")),
            Request("ef", ("e", "f")),
            Request("eg", ("e", "g")),
        ),
        participants=(Participant("e", unavailable=("s1", "s5")),),
        sessions=(5,),
        tables=tuple(Table(f"T{k + 1}") for k in range(tables)),
    )


def meets(schedule: Schedule) -> dict[str, tuple[str, str]]:
    """``request -> (slot, table)`` of a schedule."""
    return {m.request: (m.slot, m.table) for m in schedule.meetings}


def reasons(schedule: Schedule) -> dict[str, str]:
    return {item.request: item.reason for item in schedule.unscheduled}


def document(**overrides: Any) -> dict[str, Any]:
    """The spec's example problem as a JSON document, with top-level overrides."""
    base: dict[str, Any] = {
        "format": "transferfair.schedule-problem/1",
        "slots": [
            {"id": "d1-0900", "start": "2026-12-03T09:00:00+08:00", "end": "2026-12-03T09:20:00+08:00"},
            {"id": "d1-0920", "start": "2026-12-03T09:20:00+08:00", "end": "2026-12-03T09:40:00+08:00"},
            {"id": "d1-0940", "start": "2026-12-03T09:40:00+08:00", "end": "2026-12-03T10:00:00+08:00"},
        ],
        "tables": [{"id": "T01", "capacity": 1}, {"id": "T03"}, {"id": "T17"}],
        "participants": [
            {"id": "ent-001", "unavailable": ["d1-0900"], "max_meetings": 6},
            {"id": "team-017", "table": "T17"},
            {"id": "team-020"},
        ],
        "requests": [
            {"id": "r1", "participants": ["ent-001", "team-017"], "weight": 3, "required": False},
            {"id": "r2", "participants": ["ent-001", "team-020"], "slots": ["d1-0920", "d1-0940"]},
            {"id": "r9", "participants": ["team-017", "team-020"]},
        ],
        "locked": [{"request": "r9", "slot": "d1-0940", "table": "T17"}],
        "previous": [{"request": "r1", "slot": "d1-0920", "table": "T17"}],
    }
    base.update(overrides)
    return base
