"""The scan: check a person in at the gate or at their meeting's table, exactly once, idempotently.

Correctness comes from the database, not from the process, so any number of workers may scan at once:

- one check-in per (event, registration): a unique index; the insert is ``ON CONFLICT DO NOTHING`` and a
  loser of the race reads the winner's row and answers ``already_checked_in``;
- one answer per nonce: every scan, accepted or refused, is a ``scan`` row with a unique nonce, written in the
  same transaction as the check-in; a retried request whose nonce is already stored rolls its transaction
  back and replays the stored answer (same status, same body), so a retry never creates anything;
- a meeting becomes *held* when its last attendee is checked in at the table: the meeting row is locked
  (``FOR UPDATE`` on PostgreSQL; SQLite's write transaction locks the file) so two attendees scanned at the
  same moment cannot both miss each other.

The gate path costs one read (ticket, holder, next meeting with its counterpart, and whether the scanning user
is staff of the fair, in one statement) and, for a first check-in on PostgreSQL, one atomic statement that
inserts the check-in and its scan row; both run on one pooled connection. A repeated scan, and every scan on
SQLite, take one transaction of a conditional insert, a read of the first check-in and the scan row. Nothing is
rendered. Figures: ``docs/performance-checkin.md``.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from events.checkin.errors import CheckinError, refusal
from events.checkin.people import (
    AgendaItem,
    Attendee,
    attendee_columns,
    attendee_json,
    attendee_of,
    next_meeting,
    upcoming_of,
)
from events.checkin.tickets import Arrival
from events.checkin.tokens import TokenError, extract_token
from events.clock import utc_now
from events.database import current_engine, is_postgres, write_transaction
from events.errors import AuthError, ErrorKind
from events.tables import CheckIn, EventStaff, Meeting, MeetingAttendee, Registration, Scan, Ticket
from events.vocabulary import MeetingStatus, RegistrationStatus

GATE = "gate"
TABLE = "table"
CHECKED_IN = "checked_in"
ALREADY_CHECKED_IN = "already_checked_in"
MEETING_CHECKED_IN = "meeting_checked_in"
ALREADY_AT_MEETING = "already_at_meeting"
SUCCESSES = frozenset({CHECKED_IN, ALREADY_CHECKED_IN, MEETING_CHECKED_IN, ALREADY_AT_MEETING})
# How far before its slot starts and after it ends a table scan still finds a meeting.
TABLE_GRACE = timedelta(minutes=10)
# Where a table scan (and the check-in it may make) happened, as stored in the ``gate`` column: "table T17".
TABLE_PLACE_PREFIX = "table "


def table_place(table: str) -> str:
    return f"{TABLE_PLACE_PREFIX}{table}"


def table_of_place(gate: str) -> str | None:
    """The table code of a place written by :func:`table_place`, or None for a gate."""
    return gate.removeprefix(TABLE_PLACE_PREFIX) if gate.startswith(TABLE_PLACE_PREFIX) else None


# The status recorded in the audit trail: the numbers the API answers with (see events.api.errors).
AUDIT_STATUS: dict[ErrorKind, int] = {
    ErrorKind.INVALID: 400,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.GONE: 410,
}


@dataclass(frozen=True, slots=True)
class ScanAnswer:
    """A successful scan: ``created`` (something was checked in now) and the JSON-ready answer."""

    created: bool
    body: dict[str, Any]
    replayed: bool = False


class _Replay(Exception):  # noqa: N818 - control flow, never leaves this module
    """The nonce is already stored: undo this attempt and answer as the first time."""


@dataclass(frozen=True, slots=True)
class _Scan:
    event_id: int
    nonce: str
    kind: str
    gate: str
    scanned_by: int | None
    now: datetime


# --- the hot path's statements: plain SQL, valid on SQLite and PostgreSQL, built once --------------------

_TICKET_LOOKUP = """
SELECT t.id AS t_id, t.event AS t_event, t.revoked_at AS t_revoked_at,
       r.id AS r_id, r.event AS r_event, r.role AS r_role, r.status AS r_status, r.team_name AS r_team,
       p.name AS r_person, p.phone AS r_phone, o.name AS r_org,
       m.id AS meeting_id, m.status AS status, s.code AS slot_code, s.starts_at AS starts_at,
       s.ends_at AS ends_at, mt.code AS table_code, mt.name AS table_name, a.checked_in_at AS checked_in_at,
       o2.name AS other_org, r2.team_name AS other_team, p2.name AS other_person,
       (SELECT COUNT(*) FROM event_staff es WHERE es."user" = {} AND es.event = t.event) AS staff_rows
FROM ticket t
JOIN registration r ON r.id = t.registration
LEFT JOIN person p ON p.id = r.person
LEFT JOIN organization o ON o.id = r.organization
LEFT JOIN meeting_attendee a ON a.id = (
    SELECT a1.id FROM meeting_attendee a1
    JOIN meeting m1 ON m1.id = a1.meeting
    JOIN slot s1 ON s1.id = m1.slot
    WHERE a1.registration = r.id AND m1.status = 'scheduled' AND s1.ends_at > {}
    ORDER BY s1.starts_at
    LIMIT 1
)
LEFT JOIN meeting m ON m.id = a.meeting
LEFT JOIN slot s ON s.id = m.slot
LEFT JOIN meeting_table mt ON mt.id = m."table"
LEFT JOIN meeting_attendee a2 ON a2.meeting = m.id AND a2.registration <> r.id
LEFT JOIN registration r2 ON r2.id = a2.registration
LEFT JOIN organization o2 ON o2.id = r2.organization
LEFT JOIN person p2 ON p2.id = r2.person
WHERE t.secret = {}
ORDER BY a2.id
LIMIT 1
"""
_INSERT_CHECK_IN = """
INSERT INTO check_in (event, registration, ticket, gate, scanned_by, created_at)
VALUES ({}, {}, {}, {}, {}, {})
ON CONFLICT DO NOTHING
RETURNING id
"""
_ARRIVAL = """
SELECT c.created_at AS created_at, c.gate AS gate, u.display_name AS by_name, u.username AS by_user
FROM check_in c LEFT JOIN app_user u ON u.id = c.scanned_by
WHERE c.event = {} AND c.registration = {}
"""
_INSERT_SCAN = """
INSERT INTO scan (event, nonce, kind, gate, registration, scanned_by, outcome, status_code, response, created_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})
ON CONFLICT DO NOTHING
RETURNING id
"""
# PostgreSQL only: a first check-in and its scan row in one atomic statement (no BEGIN/COMMIT round trips).
# No row back: the person was already checked in (take the general path). A stored nonce makes the scan insert
# fail, which undoes the check-in insert with it (the whole statement is one transaction): replay then.
_FIRST_CHECK_IN_PG = """
WITH c AS (
    INSERT INTO check_in (event, registration, ticket, gate, scanned_by, created_at)
    VALUES ({}::integer, {}::integer, {}::integer, {}::varchar, {}::integer, {}::timestamptz)
    ON CONFLICT DO NOTHING
    RETURNING event, registration, gate, scanned_by, created_at
)
INSERT INTO scan (event, nonce, kind, gate, registration, scanned_by, outcome, status_code, response, created_at)
SELECT c.event, {}::varchar, 'gate', c.gate, c.registration, c.scanned_by, 'checked_in', 201, {}::json, c.created_at
FROM c
RETURNING id
"""


def _dollars(sql: str) -> str:
    """The statement with asyncpg's numbered placeholders, for running it on a pooled connection directly."""
    numbers = itertools.count(1)
    return re.sub(r"\{\}", lambda _: f"${next(numbers)}", sql)


_TICKET_LOOKUP_PG = _dollars(_TICKET_LOOKUP)
_FIRST_CHECK_IN_PG_NUMBERED = _dollars(_FIRST_CHECK_IN_PG)


# --- answers -----------------------------------------------------------------------------------------


def _iso(value: datetime) -> str:
    return value.isoformat()


def _meeting_json(item: AgendaItem | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "meeting_id": item.meeting_id,
        "slot": item.slot_code,
        "starts_at": _iso(item.starts_at),
        "ends_at": _iso(item.ends_at),
        "table": item.table_code,
        "table_name": item.table_name,
        "with": item.counterpart,
    }


def _arrival_json(seen: Arrival) -> dict[str, Any]:
    return {"at": _iso(seen.at), "gate": seen.gate, "by": seen.by}


# --- the audit trail and replays -----------------------------------------------------------------------


async def _store_scan(
    scan: _Scan, *, registration_id: int | None, outcome: str, status: int, response: dict[str, Any]
) -> bool:
    """Record the scan; False when its nonce is already stored (a retry)."""
    rows = await Scan.raw(
        _INSERT_SCAN,
        scan.event_id,
        scan.nonce,
        scan.kind,
        scan.gate,
        registration_id,
        scan.scanned_by,
        outcome,
        status,
        json.dumps(response, ensure_ascii=False),
        scan.now,
    )
    return bool(rows)


async def _replay(scan: _Scan) -> ScanAnswer:
    """The stored answer of the scan with this nonce (refusals are raised again, identically)."""
    row = (
        await Scan.select(Scan.event, Scan.kind, Scan.gate, Scan.status_code, Scan.response)
        .where(Scan.nonce == scan.nonce)
        .output(load_json=True)
        .first()
    )
    if row is None or (row["event"], row["kind"], row["gate"]) != (scan.event_id, scan.kind, scan.gate):
        raise CheckinError(
            "nonce_reused",
            f"nonce {scan.nonce!r} was already used for another scan; send a new nonce for a new scan",
            kind=ErrorKind.CONFLICT,
        )
    response: dict[str, Any] = row["response"]
    if row["status_code"] >= 400:
        raise CheckinError(
            response["code"], response["message"], kind=ErrorKind(response["kind"]), details=response.get("details")
        )
    return ScanAnswer(created=row["status_code"] == 201, body=response, replayed=True)


async def _refuse(scan: _Scan, error: CheckinError, *, registration_id: int | None = None) -> ScanAnswer:
    """Record a refused scan and raise it; a retried nonce replays the first answer instead."""
    response = {"kind": error.kind.value, **error.as_dict()}
    stored = await _store_scan(
        scan,
        registration_id=registration_id,
        outcome=error.code,
        status=AUDIT_STATUS.get(error.kind, 400),
        response=response,
    )
    if not stored:
        return await _replay(scan)
    raise error


# --- who is it -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Holder:
    attendee: Attendee
    ticket_id: int | None
    upcoming: AgendaItem | None = None


class _Refused(Exception):  # noqa: N818 - control flow, never leaves this module
    def __init__(self, error: CheckinError, registration_id: int | None = None) -> None:
        super().__init__(error.code)
        self.error = error
        self.registration_id = registration_id


async def _require_staff(event_id: int, staff_user_id: int | None) -> None:
    if staff_user_id is not None and not await EventStaff.raw(_IS_STAFF, staff_user_id, event_id):
        raise AuthError("not_staff_of_event", "you are not staff of this fair", kind=ErrorKind.FORBIDDEN)


_IS_STAFF = 'SELECT 1 AS yes FROM event_staff WHERE "user" = {} AND event = {}'


async def _by_registration(scan: _Scan, registration_id: int, staff_user_id: int | None) -> _Holder:
    await _require_staff(scan.event_id, staff_user_id)
    row = (
        await Registration.select(*attendee_columns(Registration))
        .where((Registration.id == registration_id) & (Registration.event == scan.event_id))
        .first()
    )
    if row is None:
        raise _Refused(refusal("unknown_registration", f"fair {scan.event_id} has no registration {registration_id}"))
    upcoming = await next_meeting(registration_id=registration_id, now=scan.now)
    return _Holder(attendee=attendee_of(row), ticket_id=None, upcoming=upcoming)


async def _by_ticket(scan: _Scan, scanned: str, staff_user_id: int | None, connection: Any = None) -> _Holder:
    """The ticket's holder and next meeting, and whether ``staff_user_id`` may scan here: one statement."""
    try:
        token = extract_token(scanned)
    except TokenError as problem:
        await _require_staff(scan.event_id, staff_user_id)
        if problem.problem == "tampered":
            raise _Refused(
                refusal("ticket_tampered", "this ticket code was altered or mistyped (its check code fails)")
            ) from None
        raise _Refused(refusal("ticket_malformed", "this is not a Transfer Fair ticket")) from None
    if connection is not None:
        rows = [dict(r) for r in await connection.fetch(_TICKET_LOOKUP_PG, staff_user_id, scan.now, token)]
    else:
        rows = await Ticket.raw(_TICKET_LOOKUP, staff_user_id, scan.now, token)
    if not rows:
        await _require_staff(scan.event_id, staff_user_id)
        raise _Refused(refusal("ticket_unknown", "no ticket with this code was ever issued here"))
    row = rows[0]
    if staff_user_id is not None and not (row["t_event"] == scan.event_id and row["staff_rows"]):
        await _require_staff(scan.event_id, staff_user_id)  # staff of this fair, scanning another fair's ticket
    person = attendee_of(row)
    if row["t_event"] != scan.event_id:
        raise _Refused(
            refusal(
                "ticket_other_fair",
                f"this is a ticket of another fair (#{row['t_event']}), not of this one",
                event_id=row["t_event"],
            )
        )
    if row["t_revoked_at"] is not None:
        raise _Refused(
            refusal(
                "ticket_revoked",
                f"this ticket of {person.name} was replaced by a newer one: ask for the latest ticket",
                revoked_at=_iso(row["t_revoked_at"]),
                name=person.name,
            ),
            person.registration_id,
        )
    return _Holder(attendee=person, ticket_id=row["t_id"], upcoming=upcoming_of(row))


async def _resolve(
    scan: _Scan,
    *,
    scanned: str | None,
    registration_id: int | None,
    staff_user_id: int | None = None,
    connection: Any = None,
) -> _Holder | ScanAnswer:
    """Whose ticket was scanned (or who was picked by search); refusals are recorded and raised.

    With ``staff_user_id`` the scan is refused (and not recorded) unless that user is staff of the fair.
    """
    try:
        if registration_id is not None:
            holder = await _by_registration(scan, registration_id, staff_user_id)
        else:
            holder = await _by_ticket(scan, scanned or "", staff_user_id, connection)
        person = holder.attendee
        if person.status != RegistrationStatus.APPROVED.value:
            raise _Refused(
                refusal(
                    "registration_not_approved",
                    f"the registration of {person.name} is {person.status}, not approved",
                    status=person.status,
                    name=person.name,
                ),
                person.registration_id,
            )
    except _Refused as refused:
        return await _refuse(scan, refused.error, registration_id=refused.registration_id)
    return holder


async def _insert_check_in(scan: _Scan, holder: _Holder) -> bool:
    """Check the person in at the fair unless they already are; True if this call did it."""
    rows = await CheckIn.raw(
        _INSERT_CHECK_IN,
        scan.event_id,
        holder.attendee.registration_id,
        holder.ticket_id,
        scan.gate,
        scan.scanned_by,
        scan.now,
    )
    return bool(rows)


# --- at the gate ---------------------------------------------------------------------------------------


def _gate_body(
    outcome: str, person: Attendee, seen: Arrival, upcoming: AgendaItem | None, scan: _Scan
) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "attendee": attendee_json(person),
        "check_in": _arrival_json(seen),
        "next_meeting": _meeting_json(upcoming),
        "scan": {"nonce": scan.nonce, "gate": scan.gate, "at": _iso(scan.now)},
    }


async def _first_check_in_postgres(
    scan: _Scan, holder: _Holder, body: dict[str, Any], connection: Any = None
) -> ScanAnswer | None:
    """The common case in one statement; None when the person was already checked in."""
    import asyncpg  # type: ignore[import-untyped]

    args = (
        scan.event_id,
        holder.attendee.registration_id,
        holder.ticket_id,
        scan.gate,
        scan.scanned_by,
        scan.now,
        scan.nonce,
        json.dumps(body, ensure_ascii=False),
    )
    try:
        if connection is not None:
            rows = await connection.fetch(_FIRST_CHECK_IN_PG_NUMBERED, *args)
        else:
            rows = await CheckIn.raw(_FIRST_CHECK_IN_PG, *args)
    except asyncpg.exceptions.UniqueViolationError:
        return await _replay(scan)  # the nonce is stored: nothing of this attempt remains
    return ScanAnswer(created=True, body=body) if rows else None


async def _gate_first_try(
    scan: _Scan,
    *,
    scanned: str | None,
    registration_id: int | None,
    staff_user_id: int | None,
    scanned_by_name: str,
    connection: Any = None,
) -> ScanAnswer | tuple[_Holder, dict[str, Any]]:
    """Resolve the scan and, on PostgreSQL, try the one-statement first check-in.

    Returns the answer, or the holder and the first-scan answer for the general path.
    """
    holder = await _resolve(
        scan, scanned=scanned, registration_id=registration_id, staff_user_id=staff_user_id, connection=connection
    )
    if isinstance(holder, ScanAnswer):
        return holder
    arrived = Arrival(at=scan.now, gate=scan.gate, by=scanned_by_name)
    first = _gate_body(CHECKED_IN, holder.attendee, arrived, holder.upcoming, scan)
    if is_postgres(current_engine()):
        fast = await _first_check_in_postgres(scan, holder, first, connection)
        if fast is not None:
            return fast
    return holder, first


async def check_in(
    *,
    event_id: int,
    nonce: str,
    gate: str,
    scanned: str | None = None,
    registration_id: int | None = None,
    scanned_by: int | None = None,
    scanned_by_name: str = "",
    staff_user_id: int | None = None,
    now: datetime | None = None,
) -> ScanAnswer:
    """Check in the holder of the scanned ticket (or the registration picked by search) at a gate.

    The first scan answers ``checked_in`` (``created``), later ones ``already_checked_in`` with when, where
    and by whom; the same ``nonce`` always gets the first answer back. Refusals raise :class:`CheckinError`
    with ``ticket_malformed``, ``ticket_tampered``, ``ticket_unknown``, ``ticket_revoked``,
    ``ticket_other_fair``, ``registration_not_approved`` or ``unknown_registration``, each recorded as a scan.
    With ``staff_user_id``, a user who is not staff of the fair is refused (``AuthError``) and nothing is
    recorded; the check rides on the ticket lookup.
    """
    scan = _Scan(event_id=event_id, nonce=nonce, kind=GATE, gate=gate, scanned_by=scanned_by, now=now or utc_now())
    engine = current_engine()
    pool = getattr(engine, "pool", None) if is_postgres(engine) else None
    attempt = functools.partial(
        _gate_first_try,
        scan,
        scanned=scanned,
        registration_id=registration_id,
        staff_user_id=staff_user_id,
        scanned_by_name=scanned_by_name,
    )
    if pool is not None and registration_id is None:
        # the busiest path: lookup and insert on one pooled connection, asyncpg directly (no query building)
        async with pool.acquire() as connection:
            tried = await attempt(connection=connection)
    else:
        tried = await attempt()
    if isinstance(tried, ScanAnswer):
        return tried
    holder, first = tried
    person = holder.attendee
    try:
        async with write_transaction():
            created = await _insert_check_in(scan, holder)
            body = (
                first
                if created
                else _gate_body(ALREADY_CHECKED_IN, person, await _arrival(scan, person), holder.upcoming, scan)
            )
            stored = await _store_scan(
                scan,
                registration_id=person.registration_id,
                outcome=CHECKED_IN if created else ALREADY_CHECKED_IN,
                status=201 if created else 200,
                response=body,
            )
            if not stored:
                raise _Replay
    except _Replay:
        return await _replay(scan)
    return ScanAnswer(created=created, body=body)


async def _arrival(scan: _Scan, person: Attendee) -> Arrival:
    rows = await CheckIn.raw(_ARRIVAL, scan.event_id, person.registration_id)
    row = rows[0]
    return Arrival(at=row["created_at"], gate=row["gate"], by=row["by_name"] or row["by_user"] or "")


# --- at the meeting table --------------------------------------------------------------------------------


async def _meeting_at_table(
    *, event_id: int, registration_id: int, table: str, slot: str | None, now: datetime
) -> dict[str, Any] | None:
    meeting: Any = MeetingAttendee.meeting
    query = (
        MeetingAttendee.select(
            MeetingAttendee.id,
            meeting.id.as_alias("meeting_id"),
            meeting.slot.code.as_alias("slot_code"),
            meeting.slot.starts_at.as_alias("starts_at"),
            meeting.slot.ends_at.as_alias("ends_at"),
        )
        .where(MeetingAttendee.registration == registration_id)
        .where(meeting.event == event_id)
        .where(meeting.table.code == table)
        .where(meeting.status != MeetingStatus.CANCELLED.value)
        .order_by(meeting.slot.starts_at)
    )
    if slot is not None:
        query = query.where(meeting.slot.code == slot)
    else:
        query = query.where((meeting.slot.starts_at <= now + TABLE_GRACE) & (meeting.slot.ends_at > now - TABLE_GRACE))
    row: dict[str, Any] | None = await query.first()
    return row


async def _lock_meeting(meeting_id: int) -> str:
    query = Meeting.select(Meeting.status).where(Meeting.id == meeting_id)
    if is_postgres(current_engine()):
        query = query.lock_rows("UPDATE")
    row = await query.first()
    assert row is not None
    return str(row["status"])


async def _meeting_attendees(meeting_id: int) -> list[dict[str, Any]]:
    registration: Any = MeetingAttendee.registration
    rows = (
        await MeetingAttendee.select(
            MeetingAttendee.registration,
            MeetingAttendee.checked_in_at,
            registration.person.name.as_alias("person"),
            registration.organization.name.as_alias("org"),
        )
        .where(MeetingAttendee.meeting == meeting_id)
        .order_by(MeetingAttendee.id)
    )
    return [
        {
            "registration_id": row["registration"],
            "name": row["person"] or row["org"] or f"#{row['registration']}",
            "organization": row["org"] or "",
            "checked_in_at": _iso(row["checked_in_at"]) if row["checked_in_at"] else None,
        }
        for row in rows
    ]


async def check_in_at_table(
    *,
    event_id: int,
    table: str,
    nonce: str,
    scanned: str | None = None,
    registration_id: int | None = None,
    slot: str | None = None,
    scanned_by: int | None = None,
    now: datetime | None = None,
) -> ScanAnswer:
    """Check a participant in at their meeting at ``table`` (the meeting of ``slot``, or of the current slot).

    Being at a table also counts as arriving at the fair. The meeting is marked held when every attendee is
    checked in at it. Refusals are those of :func:`check_in` plus ``no_meeting_here``.
    """
    scan = _Scan(
        event_id=event_id,
        nonce=nonce,
        kind=TABLE,
        gate=table_place(table),
        scanned_by=scanned_by,
        now=now or utc_now(),
    )
    holder = await _resolve(scan, scanned=scanned, registration_id=registration_id)
    if isinstance(holder, ScanAnswer):
        return holder
    person = holder.attendee
    found = await _meeting_at_table(
        event_id=event_id, registration_id=person.registration_id, table=table, slot=slot, now=scan.now
    )
    if found is None:
        upcoming = await next_meeting(registration_id=person.registration_id, now=scan.now)
        where = f"slot {slot}" if slot else "now"
        return await _refuse(
            scan,
            refusal(
                "no_meeting_here",
                f"{person.name} has no meeting at table {table} {where}",
                name=person.name,
                next_meeting=_meeting_json(upcoming),
            ),
            registration_id=person.registration_id,
        )
    meeting_id = int(found["meeting_id"])
    try:
        async with write_transaction():
            status = await _lock_meeting(meeting_id)
            await _insert_check_in(scan, holder)
            first_time = await (
                MeetingAttendee.update({MeetingAttendee.checked_in_at: scan.now})
                .where((MeetingAttendee.id == found["id"]) & MeetingAttendee.checked_in_at.is_null())
                .returning(MeetingAttendee.id)
            )
            attendees = await _meeting_attendees(meeting_id)
            everyone = all(a["checked_in_at"] is not None for a in attendees)
            if everyone and status in (MeetingStatus.SCHEDULED.value, MeetingStatus.NO_SHOW.value):
                await Meeting.update(
                    {Meeting.status: MeetingStatus.HELD.value, Meeting.held_at: scan.now, Meeting.updated_at: scan.now}
                ).where(Meeting.id == meeting_id)
                status = MeetingStatus.HELD.value
            outcome = MEETING_CHECKED_IN if first_time else ALREADY_AT_MEETING
            body = {
                "outcome": outcome,
                "attendee": attendee_json(person),
                "meeting": {
                    "meeting_id": meeting_id,
                    "slot": found["slot_code"],
                    "starts_at": _iso(found["starts_at"]),
                    "ends_at": _iso(found["ends_at"]),
                    "table": table,
                    "status": status,
                    "held": status == MeetingStatus.HELD.value,
                    "attendees": attendees,
                },
                "scan": {"nonce": nonce, "gate": scan.gate, "at": _iso(scan.now)},
            }
            stored = await _store_scan(
                scan,
                registration_id=person.registration_id,
                outcome=outcome,
                status=201 if first_time else 200,
                response=body,
            )
            if not stored:
                raise _Replay
    except _Replay:
        return await _replay(scan)
    return ScanAnswer(created=bool(first_time), body=body)
