"""A fair in the scheduler's exchange format, and a schedule back into the fair's meetings.

The solver (the rest of :mod:`events.scheduling`) knows nothing of the database; this module is the one bridge.

**Export** (:func:`fair_problem`) reads a fair as the format's problem:

- ``slots``: the fair's slots in order, id = the slot code (``d1-0900``), times in the fair's time zone;
- ``tables``: every table of the fair by code, with its capacity;
- ``participants``: the approved enterprises, teams and investors (ids ``ent-12``, ``team-7``, ``inv-3`` from the
  registration id), with the slots they marked unavailable, their meeting limit (their own, else the fair's)
  and, for a team that hosts its meetings at its own table, that table;
- ``requests``: the accepted meeting requests between two of them (id ``r41``), weight = priority,
  ``required`` when the organizer forced it, ``slots`` from the request's allowed slots;
- ``locked``: the meetings that must not move: those the organizer fixed, those already held or marked no-show,
  and those whose slot has started;
- ``previous``: every other meeting that stands, i.e. the published schedule as it is now (the last published run
  with the moves made since, and the bookings of participants), which a re-run keeps in place where it can.

Once the fair has started, the requests that are not locked may only take slots that have not started. A
standing meeting always takes part in the problem with its request and both participants, even if the request or
a registration changed state since, and a participant's unavailable slots and limit give way to the meetings the
organizer forced on them, so the locked meetings are always a valid start.

**Publication** (:func:`plan_publication`, :func:`apply_plan`) replaces the standing meetings that are not locked
by a schedule's meetings: a meeting whose slot and table stay the same keeps its row (and its calendar UID and
SEQUENCE); a meeting that moves keeps its row with a new slot, table and a bumped SEQUENCE; a meeting the schedule
drops is cancelled (SEQUENCE bumped, seats freed, its request stays accepted); the others are inserted. Both
participants of every change are told through the outbox. The caller runs it inside one write transaction (see
:mod:`events.scheduling.runs`): the unique indexes on seats and attendees are the last word, and any refusal
rolls the whole publication back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from events import notifications
from events.booking import announce, both_told
from events.bulk import among, insert_rows, update_rows
from events.clock import utc_now
from events.errors import DomainError, ErrorKind
from events.fairs import zone
from events.parties import HOST_ROLE, SEEKER_ROLES, get_event, load_parties
from events.requests import About, about_titles_of
from events.scheduling.jsonformat import problem_to_dict
from events.scheduling.problem import Meeting as Placement
from events.scheduling.problem import Participant, Problem, Request, Schedule, Table, check_problem
from events.scheduling.problem import Slot as ProblemSlot
from events.scheduling.validate import Violation, validate_schedule
from events.tables import (
    Event,
    Meeting,
    MeetingAttendee,
    MeetingRequest,
    MeetingTable,
    NotificationKind,
    Registration,
    Slot,
)
from events.vocabulary import MeetingStatus, RegistrationStatus, RequestStatus

MEETING_ROLES = (*sorted(SEEKER_ROLES), HOST_ROLE)
ID_PREFIX = {"enterprise": "ent", "team": "team", "investor": "inv"}
CANCELLED = MeetingStatus.CANCELLED.value
SCHEDULED = MeetingStatus.SCHEDULED.value
PAST = frozenset({MeetingStatus.HELD.value, MeetingStatus.NO_SHOW.value})


class ScheduleError(DomainError):
    """Refusals about exporting, importing, running and publishing a fair's schedule."""


def participant_id(role: str, registration_id: int) -> str:
    return f"{ID_PREFIX.get(role, role)}-{registration_id}"


def request_id(meeting_request_id: int) -> str:
    return f"r{meeting_request_id}"


@dataclass(frozen=True, slots=True)
class Standing:
    """A meeting that stands (not cancelled), in the format's words, with what publication needs of its row."""

    meeting_id: int
    request: str
    slot: str
    table: str
    seat: int
    sequence: int
    locked: bool


@dataclass(frozen=True, slots=True)
class FairProblem:
    """A fair's problem and the way back from the format's ids to the rows."""

    event: Event
    problem: Problem
    registration_of: dict[str, int]  # participant id -> Registration.id
    request_of: dict[str, int]  # request id -> MeetingRequest.id
    parties_of: dict[str, tuple[int, int]]  # request id -> (requester, recipient) registration ids
    slot_of: dict[str, int]  # slot code -> Slot.id
    table_of: dict[str, int]  # table code -> MeetingTable.id
    capacity_of: dict[str, int]  # table code -> capacity
    standing: dict[str, Standing]  # request id -> its standing meeting

    def document(self) -> dict[str, Any]:
        """The problem as the exchange format writes it."""
        return problem_to_dict(self.problem)


@dataclass(frozen=True, slots=True)
class _Grid:
    """The fair's slots (in time order) and tables (by code), and which slots have started."""

    slots: list[dict[str, Any]]
    tables: list[dict[str, Any]]
    started: frozenset[str]

    @property
    def slot_code(self) -> dict[int, str]:
        return {r["id"]: r["code"] for r in self.slots}

    @property
    def table_code(self) -> dict[int, str]:
        return {r["id"]: r["code"] for r in self.tables}

    @property
    def position(self) -> dict[str, int]:
        return {r["code"]: n for n, r in enumerate(self.slots)}

    def codes(self, slot_ids: list[int] | None) -> list[str]:
        """Slot ids of this fair as codes, in time order (ids of other fairs are left out)."""
        known, position = self.slot_code, self.position
        return sorted({known[s] for s in slot_ids or () if s in known}, key=position.__getitem__)


async def _grid(event_id: int, now: datetime) -> _Grid:
    slots = await Slot.select(Slot.id, Slot.code, Slot.starts_at, Slot.ends_at).where(Slot.event == event_id)
    slots.sort(key=lambda r: (r["starts_at"], r["code"]))
    tables = await MeetingTable.select(MeetingTable.id, MeetingTable.code, MeetingTable.capacity).where(
        MeetingTable.event == event_id
    )
    tables.sort(key=lambda r: r["code"])
    return _Grid(slots=slots, tables=tables, started=frozenset(r["code"] for r in slots if r["starts_at"] <= now))


async def _rows(event_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(standing meetings, requests, registrations) that take part in the problem."""
    meetings = await Meeting.select(
        Meeting.id,
        Meeting.request,
        Meeting.slot,
        Meeting.table,
        Meeting.seat,
        Meeting.status,
        Meeting.locked,
        Meeting.sequence,
    ).where((Meeting.event == event_id) & (Meeting.status != CANCELLED))
    standing = {r["request"] for r in meetings}
    requests = await MeetingRequest.select(
        MeetingRequest.id,
        MeetingRequest.requester,
        MeetingRequest.recipient,
        MeetingRequest.priority,
        MeetingRequest.required,
        MeetingRequest.allowed_slots,
    ).where(
        (MeetingRequest.event == event_id)
        & ((MeetingRequest.status == RequestStatus.ACCEPTED.value) | MeetingRequest.id.is_in(sorted(standing) or [-1]))
    )
    needed = {r[k] for r in requests if r["id"] in standing for k in ("requester", "recipient")}
    registrations = await Registration.select(
        Registration.id,
        Registration.role,
        Registration.host_table,
        Registration.unavailable_slots,
        Registration.max_meetings,
    ).where(
        (Registration.event == event_id)
        & (
            ((Registration.status == RegistrationStatus.APPROVED.value) & Registration.role.is_in(list(MEETING_ROLES)))
            | Registration.id.is_in(sorted(needed) or [-1])
        )
    )
    registrations.sort(key=lambda r: r["id"])
    ids = {r["id"] for r in registrations}
    requests = sorted((r for r in requests if r["requester"] in ids and r["recipient"] in ids), key=lambda r: r["id"])
    return meetings, requests, registrations


def _standing(meetings: list[dict[str, Any]], rid: dict[int, str], grid: _Grid) -> dict[str, Standing]:
    slot_code, table_code = grid.slot_code, grid.table_code
    standing: dict[str, Standing] = {}
    for row in meetings:
        if row["request"] not in rid or row["slot"] not in slot_code or row["table"] not in table_code:
            continue  # a meeting outside this fair's grid cannot be expressed; the unique indexes still guard it
        slot = slot_code[row["slot"]]
        standing[rid[row["request"]]] = Standing(
            meeting_id=row["id"],
            request=rid[row["request"]],
            slot=slot,
            table=table_code[row["table"]],
            seat=row["seat"],
            sequence=row["sequence"],
            locked=bool(row["locked"]) or row["status"] in PAST or slot in grid.started,
        )
    return standing


def _participants(
    registrations: list[dict[str, Any]], *, event: Event, grid: _Grid, locked_slots: dict[int, set[str]]
) -> list[Participant]:
    table_code = grid.table_code
    participants = []
    for row in registrations:
        fixed = locked_slots.get(row["id"], set())
        limit = row["max_meetings"] if row["max_meetings"] is not None else event.max_meetings_per_participant
        host = row["host_table"] if row["role"] == HOST_ROLE else None
        participants.append(
            Participant(
                id=participant_id(row["role"], row["id"]),
                unavailable=tuple(c for c in grid.codes(row["unavailable_slots"]) if c not in fixed),
                max_meetings=None if limit is None else max(limit, len(fixed)),
                table=table_code.get(host) if host is not None else None,
            )
        )
    return participants


def _requests(
    rows: list[dict[str, Any]], *, pid: dict[int, str], grid: _Grid, standing: dict[str, Standing]
) -> list[Request]:
    open_codes = [r["code"] for r in grid.slots if r["code"] not in grid.started]
    requests = []
    for row in rows:
        meeting = standing.get(request_id(row["id"]))
        slots: list[str] | None = grid.codes(row["allowed_slots"]) if row["allowed_slots"] else None
        if meeting is not None and meeting.locked:
            slots = None  # where it is fixed is all that counts
        elif grid.started:
            slots = [c for c in (open_codes if slots is None else slots) if c not in grid.started]
        requests.append(
            Request(
                id=request_id(row["id"]),
                participants=(pid[row["requester"]], pid[row["recipient"]]),
                weight=max(1, int(row["priority"] or 1)),
                required=bool(row["required"]),
                slots=None if slots is None else tuple(slots),
            )
        )
    return requests


async def fair_problem(*, event_id: int, now: datetime | None = None) -> FairProblem:
    """The fair's problem as it stands at ``now`` (default: the current time)."""
    event = await get_event(event_id)
    tz = zone(event.time_zone)
    grid = await _grid(event_id, now or utc_now())
    meeting_rows, request_rows, registration_rows = await _rows(event_id)
    pid = {r["id"]: participant_id(r["role"], r["id"]) for r in registration_rows}
    rid = {r["id"]: request_id(r["id"]) for r in request_rows}
    standing = _standing(meeting_rows, rid, grid)
    parties_of = {rid[r["id"]]: (r["requester"], r["recipient"]) for r in request_rows}
    locked_slots: dict[int, set[str]] = defaultdict(set)  # registration -> slots of its locked meetings
    for meeting in standing.values():
        if meeting.locked:
            for registration in parties_of[meeting.request]:
                locked_slots[registration].add(meeting.slot)
    position = grid.position
    ordered = sorted(standing.values(), key=lambda m: (position[m.slot], m.table, m.request))
    problem = Problem(
        slots=tuple(
            ProblemSlot(id=r["code"], start=r["starts_at"].astimezone(tz), end=r["ends_at"].astimezone(tz))
            for r in grid.slots
        ),
        tables=tuple(Table(id=r["code"], capacity=r["capacity"]) for r in grid.tables),
        participants=tuple(_participants(registration_rows, event=event, grid=grid, locked_slots=locked_slots)),
        requests=tuple(_requests(request_rows, pid=pid, grid=grid, standing=standing)),
        locked=tuple(Placement(m.request, m.slot, m.table) for m in ordered if m.locked),
        previous=tuple(Placement(m.request, m.slot, m.table) for m in ordered if not m.locked),
    )
    check_problem(problem)
    return FairProblem(
        event=event,
        problem=problem,
        registration_of={v: k for k, v in pid.items()},
        request_of={v: k for k, v in rid.items()},
        parties_of=parties_of,
        slot_of={r["code"]: r["id"] for r in grid.slots},
        table_of={r["code"]: r["id"] for r in grid.tables},
        capacity_of={r["code"]: r["capacity"] for r in grid.tables},
        standing=standing,
    )


# --- checking a schedule against the fair ------------------------------------------------------------------


def violations_of(fair: FairProblem, schedule: Schedule, *, whole_document: bool) -> list[Violation]:
    """The rules ``schedule`` breaks for the fair as it is; ``whole_document`` also checks that every request is
    met or explained and the stats add up (rule 0), which a run made before new requests arrived cannot meet."""
    found = validate_schedule(fair.problem, schedule)
    return found if whole_document else [v for v in found if v.rule != 0]


def refuse_violations(violations: list[Violation], *, code: str, what: str) -> None:
    if not violations:
        return
    shown = "; ".join(v.message for v in violations[:5])
    more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
    raise ScheduleError(
        code,
        f"{what} breaks the fair's rules: {shown}{more}",
        kind=ErrorKind.CONFLICT if code == "run_outdated" else ErrorKind.INVALID,
        details={"violations": [{"rule": v.rule, "code": v.code, "message": v.message} for v in violations]},
    )


# --- publication --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    meeting: Standing
    slot: str
    table: str
    seat: int


@dataclass(frozen=True, slots=True)
class Addition:
    request: str
    slot: str
    table: str
    seat: int


@dataclass(slots=True)
class Plan:
    """What publishing a schedule changes: meetings kept as they are, moved, cancelled and added."""

    kept: list[Standing] = field(default_factory=list)
    moved: list[Move] = field(default_factory=list)
    cancelled: list[Standing] = field(default_factory=list)
    added: list[Addition] = field(default_factory=list)


def plan_publication(fair: FairProblem, schedule: Schedule) -> Plan:
    """How the fair's standing meetings become the schedule's (locked meetings are left alone).

    Seats: meetings that stay keep theirs; a moved or new meeting takes the lowest free seat of its table and slot.
    """
    plan = Plan()
    target = {m.request: m for m in schedule.meetings}
    used: dict[tuple[str, str], set[int]] = defaultdict(set)
    for standing in fair.standing.values():
        wanted = target.get(standing.request)
        if standing.locked or (wanted is not None and (wanted.slot, wanted.table) == (standing.slot, standing.table)):
            used[standing.table, standing.slot].add(standing.seat)
            if not standing.locked:
                plan.kept.append(standing)
        elif wanted is None:
            plan.cancelled.append(standing)

    def seat(table: str, slot: str) -> int:
        taken = used[table, slot]
        free = next((s for s in range(fair.capacity_of[table]) if s not in taken), None)
        if free is None:
            raise ScheduleError(
                "table_full", f"table '{table}' has no free seat in slot '{slot}'", kind=ErrorKind.CONFLICT
            )
        taken.add(free)
        return free

    for meeting in sorted(schedule.meetings, key=lambda m: (m.slot, m.table, m.request)):
        current = fair.standing.get(meeting.request)
        if current is None:
            plan.added.append(Addition(meeting.request, meeting.slot, meeting.table, seat(meeting.table, meeting.slot)))
        elif not current.locked and (current.slot, current.table) != (meeting.slot, meeting.table):
            plan.moved.append(Move(current, meeting.slot, meeting.table, seat(meeting.table, meeting.slot)))
    return plan


@dataclass(frozen=True, slots=True)
class Applied:
    kept: int
    moved: int
    cancelled: int
    added: int
    messages: int  # outbox messages recorded


async def apply_plan(*, fair: FairProblem, plan: Plan, run_id: int) -> Applied:
    """Write ``plan`` (call inside a write transaction; a unique index refusing a row aborts it all).

    Set-based: a fixed number of statements whatever the number of meetings (see :mod:`events.bulk`).
    """
    now = utc_now()
    cancelled_ids = [m.meeting_id for m in plan.cancelled]
    moved_ids = [m.meeting.meeting_id for m in plan.moved]
    if cancelled_ids:
        await Meeting.update(
            {
                Meeting.status: CANCELLED,
                Meeting.cancelled_at: now,
                Meeting.updated_at: now,
                Meeting.sequence: Meeting.sequence + 1,
            }
        ).where(among(Meeting.id, cancelled_ids))
    if cancelled_ids or moved_ids:
        await MeetingAttendee.delete().where(among(MeetingAttendee.meeting, cancelled_ids + moved_ids))
    await _move(fair=fair, moves=plan.moved, run_id=run_id, now=now)
    kept_ids = [m.meeting_id for m in plan.kept]
    if kept_ids:
        await Meeting.update({Meeting.schedule_run: run_id}).where(among(Meeting.id, kept_ids))
    added_ids = await _insert_meetings(fair=fair, additions=plan.added, run_id=run_id, now=now)
    seated = [(m.meeting.meeting_id, m.meeting.request, m.slot) for m in plan.moved]
    seated += [(meeting_id, a.request, a.slot) for meeting_id, a in zip(added_ids, plan.added, strict=True)]
    await _seat(fair=fair, meetings=seated)
    messages = await announce(event_id=fair.event.id, meeting_ids=added_ids)
    messages += await _tell(fair, plan.moved, plan.cancelled)
    return Applied(
        kept=len(plan.kept),
        moved=len(plan.moved),
        cancelled=len(plan.cancelled),
        added=len(added_ids),
        messages=messages,
    )


async def _move(*, fair: FairProblem, moves: list[Move], run_id: int, now: datetime) -> None:
    """Move meetings in two statements: first vacate every seat that moves (so that moves may swap places)."""
    await update_rows(
        Meeting,
        key=Meeting.id,
        columns=[Meeting.seat],
        rows=[(m.meeting.meeting_id, -m.meeting.meeting_id) for m in moves],
    )
    await update_rows(
        Meeting,
        key=Meeting.id,
        columns=[Meeting.slot, Meeting.table, Meeting.seat],
        rows=[(m.meeting.meeting_id, fair.slot_of[m.slot], fair.table_of[m.table], m.seat) for m in moves],
        fixed={Meeting.updated_at: now, Meeting.schedule_run: run_id},
        bump=[Meeting.sequence],
    )


MEETING_COLUMNS: tuple[Any, ...] = (
    Meeting.event,
    Meeting.request,
    Meeting.slot,
    Meeting.table,
    Meeting.seat,
    Meeting.status,
    Meeting.locked,
    Meeting.schedule_run,
    Meeting.sequence,
    Meeting.created_at,
    Meeting.updated_at,
)


async def _insert_meetings(*, fair: FairProblem, additions: list[Addition], run_id: int, now: datetime) -> list[int]:
    """Insert the new meetings in one statement; their ids, in the order of ``additions``."""
    rows = [
        (
            fair.event.id,
            fair.request_of[a.request],
            fair.slot_of[a.slot],
            fair.table_of[a.table],
            a.seat,
            SCHEDULED,
            False,
            run_id,
            0,
            now,
            now,
        )
        for a in additions
    ]
    returned = await insert_rows(Meeting, MEETING_COLUMNS, rows, returning=(Meeting.id, Meeting.request))
    id_of = {int(r["request"]): int(r["id"]) for r in returned}  # one standing meeting per request
    return [id_of[fair.request_of[a.request]] for a in additions]


async def _seat(*, fair: FairProblem, meetings: list[tuple[int, str, str]]) -> None:
    """Both participants' seats of each (meeting id, request, slot), in one statement."""
    seats = [
        (meeting_id, registration, fair.slot_of[slot])
        for meeting_id, request, slot in meetings
        for registration in sorted(set(fair.parties_of[request]))
    ]
    await insert_rows(
        MeetingAttendee, (MeetingAttendee.meeting, MeetingAttendee.registration, MeetingAttendee.slot), seats
    )


async def _tell(fair: FairProblem, moves: list[Move], cancelled: list[Standing]) -> int:
    """Both participants of each moved, then each cancelled meeting get a message, as a booking change sends."""
    changes: list[tuple[NotificationKind, Standing, str | None, str | None]] = [
        (NotificationKind.MEETING_MOVED, m.meeting, m.slot, m.table) for m in moves
    ]
    changes += [(NotificationKind.MEETING_CANCELLED, m, None, None) for m in cancelled]
    if not changes:
        return 0
    slots = {
        r["code"]: r
        for r in await Slot.select(Slot.code, Slot.starts_at, Slot.ends_at).where(Slot.event == fair.event.id)
    }
    tables = {
        r["code"]: r["name"] or r["code"]
        for r in await MeetingTable.select(MeetingTable.code, MeetingTable.name).where(
            MeetingTable.event == fair.event.id
        )
    }
    abouts = {
        r["id"]: About(r["achievement"], r["demand"])
        for r in await MeetingRequest.select(
            MeetingRequest.id, MeetingRequest.achievement, MeetingRequest.demand
        ).where(among(MeetingRequest.id, [fair.request_of[m.request] for _k, m, _s, _t in changes]))
    }
    titles = await about_titles_of([*abouts.values(), About()])
    parties = await load_parties([p for _k, m, _s, _t in changes for p in fair.parties_of[m.request]])
    messages: list[notifications.Message] = []
    for kind, meeting, new_slot, new_table in changes:
        old = slots[meeting.slot]
        if new_slot is None:
            data = {**notifications.slot_data(old), "table": tables[meeting.table]}
        else:
            data = {
                **notifications.slot_data(slots[new_slot]),
                **notifications.slot_data(old, prefix="previous_"),
                "table": tables[new_table or meeting.table],
            }
        request_row_id = fair.request_of[meeting.request]
        data["about"] = titles[abouts.get(request_row_id, About())]
        first, second = (parties[p] for p in fair.parties_of[meeting.request])
        messages += both_told(
            kind=kind, first=first, second=second, meeting_id=meeting.meeting_id, request_id=request_row_id, data=data
        )
    return await notifications.record_many(event=fair.event, messages=messages)
