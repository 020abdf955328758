"""The matchmaking instance and its schedule, as immutable values.

These are the words of the exchange format (``shared/spec/schedule-format.md``): slots, tables, participants,
requests, meetings. :func:`check_problem` enforces every rule of the format that does not depend on JSON
(unique ids, known ids, ordered slots, two distinct participants per request, positive weights...), so a
:class:`Problem` built directly (by the database export) is checked exactly like a parsed document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from events.scheduling.errors import SchedulingError

PROBLEM_FORMAT = "transferfair.schedule-problem/1"
SCHEDULE_FORMAT = "transferfair.schedule/1"


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    unavailable: tuple[str, ...] = ()
    max_meetings: int | None = None
    table: str | None = None


@dataclass(frozen=True, slots=True)
class Request:
    id: str
    participants: tuple[str, ...]
    weight: int = 1
    required: bool = False
    slots: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A request placed in a slot at a table (also the shape of ``locked`` and ``previous`` entries)."""

    request: str
    slot: str
    table: str


@dataclass(frozen=True, slots=True)
class Problem:
    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    locked: tuple[Meeting, ...] = ()
    previous: tuple[Meeting, ...] = ()


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """A request left out, with a reason a person understands.

    ``code`` (see :class:`events.scheduling.reasons.ReasonCode`) lets a user interface translate the reason; it
    is not part of the exchange format, so it is not compared and a schedule read back from JSON has ``""``.
    """

    request: str
    reason: str
    code: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Stats:
    requested: int
    scheduled: int
    weight: int
    upper_bound: int
    solve_seconds: float


@dataclass(frozen=True, slots=True)
class Schedule:
    status: Status
    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...]
    stats: Stats


def check_problem(problem: Problem) -> None:
    """Raise :class:`SchedulingError` naming the first item that breaks the format's rules."""
    slot_ids = _unique_ids("slot", (slot.id for slot in problem.slots))
    table_ids = _unique_ids("table", (table.id for table in problem.tables))
    participant_ids = _unique_ids("participant", (participant.id for participant in problem.participants))
    request_ids = _unique_ids("request", (request.id for request in problem.requests))
    _check_slots(problem.slots)
    _check_tables(problem.tables)
    _check_participants(problem.participants, slot_ids=slot_ids, table_ids=table_ids)
    _check_requests(problem.requests, slot_ids=slot_ids, participant_ids=participant_ids)
    for kind, placements in (("locked", problem.locked), ("previous", problem.previous)):
        _check_placements(kind, placements, request_ids=request_ids, slot_ids=slot_ids, table_ids=table_ids)


def _unique_ids(kind: str, ids: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    for item_id in ids:
        if not isinstance(item_id, str) or not item_id:
            raise SchedulingError("bad_id", f"a {kind} has an empty or non-text id {item_id!r}")
        if item_id in seen:
            raise SchedulingError("duplicate_id", f"{kind} id '{item_id}' appears more than once")
        seen.add(item_id)
    return seen


def _check_slots(slots: tuple[Slot, ...]) -> None:
    previous: Slot | None = None
    for slot in slots:
        if slot.start.tzinfo is None or slot.end.tzinfo is None:
            raise SchedulingError("bad_time", f"slot '{slot.id}' has a time without a UTC offset")
        if slot.start >= slot.end:
            raise SchedulingError("slot_ends_before_start", f"slot '{slot.id}' does not end after it starts")
        if previous is not None:
            if slot.start < previous.start:
                raise SchedulingError(
                    "slots_unordered", f"slot '{slot.id}' starts before the slot '{previous.id}' listed before it"
                )
            if slot.start < previous.end:
                raise SchedulingError("slots_overlap", f"slot '{slot.id}' overlaps slot '{previous.id}'")
        previous = slot


def _check_tables(tables: tuple[Table, ...]) -> None:
    for table in tables:
        if not _is_int(table.capacity) or table.capacity < 1:
            raise SchedulingError(
                "bad_capacity", f"table '{table.id}' has capacity {table.capacity!r}; it must be a positive integer"
            )


def _check_participants(participants: tuple[Participant, ...], *, slot_ids: set[str], table_ids: set[str]) -> None:
    for participant in participants:
        _check_slot_list(participant.unavailable, owner=f"participant '{participant.id}'", slot_ids=slot_ids)
        maximum = participant.max_meetings
        if maximum is not None and (not _is_int(maximum) or maximum < 0):
            raise SchedulingError(
                "bad_max_meetings",
                f"participant '{participant.id}' has max_meetings {maximum!r}; it must be a whole number >= 0",
            )
        if participant.table is not None and participant.table not in table_ids:
            raise SchedulingError(
                "unknown_table", f"participant '{participant.id}' names unknown table '{participant.table}'"
            )


def _check_requests(requests: tuple[Request, ...], *, slot_ids: set[str], participant_ids: set[str]) -> None:
    for request in requests:
        seen: set[str] = set()
        for participant_id in request.participants:
            if participant_id not in participant_ids:
                raise SchedulingError(
                    "unknown_participant",
                    f"request '{request.id}' names unknown participant '{participant_id}'",
                )
            if participant_id in seen:
                raise SchedulingError(
                    "duplicate_participant", f"request '{request.id}' names participant '{participant_id}' twice"
                )
            seen.add(participant_id)
        if len(seen) < 2:
            raise SchedulingError(
                "too_few_participants", f"request '{request.id}' needs at least two distinct participants"
            )
        if not _is_int(request.weight) or request.weight < 1:
            raise SchedulingError(
                "bad_weight", f"request '{request.id}' has weight {request.weight!r}; it must be a positive integer"
            )
        if not isinstance(request.required, bool):
            raise SchedulingError("bad_required", f"request '{request.id}' has a non-boolean 'required'")
        if request.slots is not None:
            _check_slot_list(request.slots, owner=f"request '{request.id}'", slot_ids=slot_ids)


def _check_slot_list(slots: tuple[str, ...], *, owner: str, slot_ids: set[str]) -> None:
    seen: set[str] = set()
    for slot_id in slots:
        if slot_id not in slot_ids:
            raise SchedulingError("unknown_slot", f"{owner} names unknown slot '{slot_id}'")
        if slot_id in seen:
            raise SchedulingError("duplicate_entry", f"{owner} lists slot '{slot_id}' twice")
        seen.add(slot_id)


def _check_placements(
    kind: str,
    placements: tuple[Meeting, ...],
    *,
    request_ids: set[str],
    slot_ids: set[str],
    table_ids: set[str],
) -> None:
    seen: set[str] = set()
    for placement in placements:
        if placement.request not in request_ids:
            raise SchedulingError("unknown_request", f"{kind} meeting names unknown request '{placement.request}'")
        if placement.request in seen:
            raise SchedulingError("duplicate_entry", f"request '{placement.request}' appears twice in {kind}")
        seen.add(placement.request)
        if placement.slot not in slot_ids:
            raise SchedulingError(
                "unknown_slot", f"{kind} meeting of request '{placement.request}' names unknown slot '{placement.slot}'"
            )
        if placement.table not in table_ids:
            raise SchedulingError(
                "unknown_table",
                f"{kind} meeting of request '{placement.request}' names unknown table '{placement.table}'",
            )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
