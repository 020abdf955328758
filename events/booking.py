"""Meetings in the schedule: self-service booking, moving and cancelling, and the organizer's own placements.

Works on ``Meeting`` rows however they were made (the scheduler's published run, a booking, the organizer).
Two people racing for the same slot get one success and one ``slot_taken`` (409), never a double booking:

1. every change locks the registration rows of both participants first, in ascending id order
   (:func:`events.parties.lock_parties`: ``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serializes
   all writers), then the candidate table rows (PostgreSQL), so two changes touching the same person or table
   run one after the other and see each other's result;
2. under those locks, the slot is checked against both agendas, their unavailable slots, their limits and
   the table's free seats;
3. the unique indexes stay the last word on both databases: one standing meeting per (table, slot, seat),
   one per request, one seat per participant per slot (``meeting_attendee``); a violation is reported as
   ``slot_taken`` too.

Moving or cancelling bumps ``Meeting.sequence`` and ``updated_at`` (the calendar's SEQUENCE and LAST-MODIFIED).
Every change records a notification for both participants in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events import notifications
from events.bulk import among
from events.clock import utc_now
from events.database import current_engine, is_postgres, write_transaction
from events.errors import DomainError, ErrorKind, NotFoundError
from events.parties import (
    Party,
    booking_open,
    check_pair,
    get_event,
    is_unique_violation,
    load_parties,
    lock_parties,
    meeting_limit,
)
from events.requests import (
    DEFAULT_PRIORITY,
    LIVE,
    About,
    about_titles,
    about_titles_of,
    check_about,
    check_text,
    live_request_between,
)
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
from events.vocabulary import EventStatus, MeetingStatus, RequestStatus

CANCELLED = MeetingStatus.CANCELLED.value
SCHEDULED = MeetingStatus.SCHEDULED.value


class BookingError(DomainError):
    """Refusals about booking, moving and cancelling meetings."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who changes a meeting: a participant (their registration) or an organizer (their user id)."""

    registration_id: int | None = None
    user_id: int | None = None

    @property
    def is_participant(self) -> bool:
        return self.registration_id is not None


def slot_taken(message: str, **details: Any) -> BookingError:
    return BookingError("slot_taken", message, kind=ErrorKind.CONFLICT, details=details or None)


async def get_slot(*, event_id: int, slot_id: int) -> Slot:
    slot = await Slot.objects().where((Slot.id == slot_id) & (Slot.event == event_id)).first()
    if slot is None:
        raise NotFoundError("unknown_slot", f"fair {event_id} has no slot {slot_id}", field="slot")
    return slot


async def get_table(*, event_id: int, table_id: int) -> MeetingTable:
    table = await MeetingTable.objects().where((MeetingTable.id == table_id) & (MeetingTable.event == event_id)).first()
    if table is None:
        raise NotFoundError("unknown_table", f"fair {event_id} has no table {table_id}", field="table")
    return table


def _involves(registration_id: int) -> Any:
    return (Meeting.request.requester == registration_id) | (Meeting.request.recipient == registration_id)


async def meeting_in_slot(*, registration_id: int, slot_id: int, exclude_meeting_id: int | None = None) -> int | None:
    """The participant's standing meeting in a slot, if any."""
    query = Meeting.select(Meeting.id).where(
        (Meeting.slot == slot_id) & (Meeting.status != CANCELLED) & _involves(registration_id)
    )
    if exclude_meeting_id is not None:
        query = query.where(Meeting.id != exclude_meeting_id)
    row = await query.first()
    return row["id"] if row else None


async def standing_meetings(*, registration_id: int) -> int:
    return int(await Meeting.count().where((Meeting.status != CANCELLED) & _involves(registration_id)))


async def pair_meeting(first_id: int, second_id: int) -> int | None:
    row = (
        await Meeting.select(Meeting.id)
        .where(
            (Meeting.status != CANCELLED)
            & (
                ((Meeting.request.requester == first_id) & (Meeting.request.recipient == second_id))
                | ((Meeting.request.requester == second_id) & (Meeting.request.recipient == first_id))
            )
        )
        .first()
    )
    return row["id"] if row else None


async def _check_window(event: Event) -> None:
    if not await booking_open(event):
        raise BookingError(
            "booking_closed",
            f"fair {event.id} is {event.status}: participants book and change meetings once the schedule is published",
            kind=ErrorKind.CONFLICT,
        )


def _check_future(slot: Slot, *, code: str = "slot_passed") -> None:
    if slot.starts_at <= utc_now():
        what = "slot" if code == "slot_passed" else "meeting"
        raise BookingError(code, f"the {what} at {slot.code} has already started", kind=ErrorKind.CONFLICT)


def _check_allowed(allowed: list[int] | None, slot: Slot, *, force: bool) -> None:
    """A request the organizer limited to some slots (``allowed_slots``) is only booked into those."""
    if not force and allowed and slot.id not in allowed:
        raise BookingError(
            "slot_not_allowed",
            f"the organizer limited this meeting to other slots than {slot.code}",
            kind=ErrorKind.CONFLICT,
        )


async def _check_no_pair_meeting(first: Party, second: Party) -> None:
    existing = await pair_meeting(first.id, second.id)
    if existing is not None:
        raise BookingError(
            "already_meeting",
            f"{first.name} and {second.name} already have meeting {existing}; move it instead",
            kind=ErrorKind.CONFLICT,
            details={"meeting_id": existing},
        )


async def _check_place(
    *,
    event: Event,
    slot: Slot,
    parties: list[Party],
    actor: Actor,
    exclude_meeting_id: int | None,
    new_meeting: bool,
    force: bool,
) -> None:
    """Both agendas are free in the slot, nobody marked it unavailable, and limits allow another meeting."""
    for party in parties:
        busy = await meeting_in_slot(registration_id=party.id, slot_id=slot.id, exclude_meeting_id=exclude_meeting_id)
        if busy is not None:
            if party.id == actor.registration_id:
                raise BookingError(
                    "agenda_conflict",
                    f"you already have meeting {busy} at {slot.code}",
                    kind=ErrorKind.CONFLICT,
                    details={"meeting_id": busy, "slot": slot.code},
                )
            raise slot_taken(f"{party.name} was just booked at {slot.code}", slot=slot.code, registration_id=party.id)
    if force:
        return
    for party in parties:
        if slot.id in party.unavailable_slot_ids:
            raise BookingError(
                "unavailable_slot",
                f"{party.name} is not available at {slot.code}",
                kind=ErrorKind.CONFLICT,
                details={"slot": slot.code, "registration_id": party.id},
            )
    if new_meeting:
        for party in parties:
            limit = meeting_limit(party, event)
            if limit is not None and await standing_meetings(registration_id=party.id) >= limit:
                raise BookingError(
                    "meeting_limit_reached",
                    f"{party.name} already has {limit} meetings, the most allowed",
                    kind=ErrorKind.CONFLICT,
                    details={"registration_id": party.id},
                )


async def _host_tables(event_id: int) -> set[int]:
    rows = await Registration.select(Registration.host_table).where(
        (Registration.event == event_id) & Registration.host_table.is_not_null()
    )
    return {r["host_table"] for r in rows}


async def _choose_seat(
    *,
    event_id: int,
    slot: Slot,
    team: Party,
    explicit_table_id: int | None = None,
    preferred_table_id: int | None = None,
    exclude_meeting_id: int | None = None,
) -> tuple[MeetingTable, int]:
    """A table with a free seat in the slot: the organizer's choice, else the team's own table, else a shared one.

    Shared tables are those no team hosts; the meeting's current table is tried first when it moves.
    Candidate tables are locked (PostgreSQL) before their seats are counted.
    """
    if explicit_table_id is not None:
        candidates = [await get_table(event_id=event_id, table_id=explicit_table_id)]
    elif team.host_table_id is not None:
        candidates = [await get_table(event_id=event_id, table_id=team.host_table_id)]
    else:
        hosted = await _host_tables(event_id)
        tables = await MeetingTable.objects().where(MeetingTable.event == event_id).order_by(MeetingTable.id)
        candidates = [t for t in tables if t.id not in hosted]
        candidates.sort(key=lambda t: (t.id != preferred_table_id, t.code))
    if not candidates:
        raise slot_taken(f"no table is free at {slot.code}", slot=slot.code)
    postgres = is_postgres(current_engine())
    for table in candidates:
        if postgres:
            await MeetingTable.select(MeetingTable.id).where(MeetingTable.id == table.id).lock_rows("UPDATE")
        query = Meeting.select(Meeting.seat).where(
            (Meeting.table == table.id) & (Meeting.slot == slot.id) & (Meeting.status != CANCELLED)
        )
        if exclude_meeting_id is not None:
            query = query.where(Meeting.id != exclude_meeting_id)
        used = {r["seat"] for r in await query}
        free = [seat for seat in range(table.capacity) if seat not in used]
        if free:
            return table, free[0]
    where = f"table {candidates[0].code} is" if len(candidates) == 1 else "every table is"
    raise slot_taken(f"{where} full at {slot.code}", slot=slot.code)


async def seat_attendees(*, meeting_id: int, slot_id: int, registration_ids: list[int]) -> None:
    """(Re)write the participants' seats of a meeting: one per participant and slot (a unique index)."""
    await MeetingAttendee.delete().where(MeetingAttendee.meeting == meeting_id)
    await MeetingAttendee.insert(
        *[MeetingAttendee(meeting=meeting_id, registration=r, slot=slot_id) for r in sorted(set(registration_ids))]
    )


def _slot_dict(slot: Slot) -> dict[str, Any]:
    return {"code": slot.code, "starts_at": slot.starts_at, "ends_at": slot.ends_at}


async def _notify_both(
    *,
    event: Event,
    kind: NotificationKind,
    first: Party,
    second: Party,
    meeting_id: int,
    request_id: int,
    data: dict[str, Any],
) -> None:
    for one, other in ((first, second), (second, first)):
        await notifications.record(
            event=event,
            recipient=one,
            kind=kind,
            counterpart=other,
            request_id=request_id,
            meeting_id=meeting_id,
            data=data,
        )


def _table_label(table: MeetingTable) -> str:
    return table.name or table.code


async def _request_for_booking(
    *, actor: Party, other: Party, request_id: int | None, event_id: int
) -> dict[str, Any] | None:
    """The live request a booking answers: the one named, else the pair's live request, else None (a new one)."""
    if request_id is None:
        return await live_request_between(actor.id, other.id)
    row: dict[str, Any] | None = await MeetingRequest.select().where(MeetingRequest.id == request_id).first()
    if row is None or row["event"] != event_id or {row["requester"], row["recipient"]} != {actor.id, other.id}:
        raise NotFoundError("unknown_request", f"no meeting request {request_id} between you and {other.name}")
    if row["status"] not in LIVE:
        raise BookingError(
            "request_not_live", f"request {request_id} is {row['status']}", kind=ErrorKind.CONFLICT, field="request_id"
        )
    return row


async def _create_meeting(
    *,
    event: Event,
    request_row: dict[str, Any] | None,
    requester: Party,
    recipient: Party,
    slot: Slot,
    table: MeetingTable,
    seat: int,
    locked: bool,
    new_request: dict[str, Any],
) -> Meeting:
    """Insert (or accept) the request, the meeting, its seats and the two notifications."""
    now = utc_now()
    if request_row is None:
        request = MeetingRequest(
            event=event.id,
            requester=requester.id,
            recipient=recipient.id,
            status=RequestStatus.ACCEPTED.value,
            created_at=now,
            responded_at=now,
            **new_request,
        )
        await request.save()
        request_id, achievement_id, demand_id = request.id, request.achievement, request.demand
    else:
        request_id = request_row["id"]
        achievement_id, demand_id = request_row["achievement"], request_row["demand"]
        if request_row["status"] != RequestStatus.ACCEPTED.value:
            await MeetingRequest.update(
                {MeetingRequest.status: RequestStatus.ACCEPTED.value, MeetingRequest.responded_at: now}
            ).where(MeetingRequest.id == request_id)
    meeting = Meeting(
        event=event.id,
        request=request_id,
        slot=slot.id,
        table=table.id,
        seat=seat,
        status=SCHEDULED,
        locked=locked,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    await meeting.save()
    await seat_attendees(meeting_id=meeting.id, slot_id=slot.id, registration_ids=[requester.id, recipient.id])
    await _notify_both(
        event=event,
        kind=NotificationKind.MEETING_SCHEDULED,
        first=requester,
        second=recipient,
        meeting_id=meeting.id,
        request_id=request_id,
        data={
            **notifications.slot_data(_slot_dict(slot)),
            "table": _table_label(table),
            "about": await about_titles(About(achievement_id, demand_id)),
        },
    )
    return meeting


def _as_slot_taken(exc: Exception) -> BookingError | None:
    if is_unique_violation(exc):
        return slot_taken("someone else just took this slot or table; pick another")
    return None


async def book(
    *,
    registration_id: int,
    counterpart_id: int,
    slot_id: int,
    request_id: int | None = None,
    about: About | None = None,
    message: str = "",
) -> Meeting:
    """A participant books a free slot with a counterpart after publication (one transaction)."""
    about = about or About()
    text = check_text(message=message, priority=DEFAULT_PRIORITY)
    try:
        async with write_transaction():
            parties = await lock_parties([registration_id, counterpart_id])
            actor, other = parties[registration_id], parties[counterpart_id]
            event = await get_event(actor.event_id)
            team, seeker = check_pair(actor, other)
            await _check_window(event)
            slot = await get_slot(event_id=event.id, slot_id=slot_id)
            _check_future(slot)
            await _check_no_pair_meeting(actor, other)
            request_row = await _request_for_booking(actor=actor, other=other, request_id=request_id, event_id=event.id)
            if request_row is None:
                await check_about(event_id=event.id, team=team, seeker=seeker, about=about)
            else:
                _check_allowed(request_row["allowed_slots"], slot, force=False)
            actor_obj = Actor(registration_id=actor.id)
            await _check_place(
                event=event,
                slot=slot,
                parties=[actor, other],
                actor=actor_obj,
                exclude_meeting_id=None,
                new_meeting=True,
                force=False,
            )
            table, seat = await _choose_seat(event_id=event.id, slot=slot, team=team)
            requester = actor if request_row is None else parties[request_row["requester"]]
            recipient = other if request_row is None else parties[request_row["recipient"]]
            return await _create_meeting(
                event=event,
                request_row=request_row,
                requester=requester,
                recipient=recipient,
                slot=slot,
                table=table,
                seat=seat,
                locked=False,
                new_request={
                    "achievement": about.achievement_id,
                    "demand": about.demand_id,
                    "message": text,
                    "priority": DEFAULT_PRIORITY,
                },
            )
    except Exception as exc:
        mapped = _as_slot_taken(exc)
        if mapped is not None:
            raise mapped from None
        raise


async def place(
    *,
    event_id: int,
    slot_id: int,
    created_by: int | None,
    request_id: int | None = None,
    requester_id: int | None = None,
    recipient_id: int | None = None,
    table_id: int | None = None,
    force: bool = False,
) -> Meeting:
    """The organizer adds a meeting (for a request, or a new pair); ``force`` also locks it in place.

    Forcing skips unavailable slots, limits and the request's allowed slots, never the rule that nobody sits in
    two meetings at once nor a table's capacity.
    """
    if request_id is None and (requester_id is None or recipient_id is None):
        raise BookingError("missing_participants", "name a request, or both participants", field="request_id")
    try:
        async with write_transaction():
            request_row: dict[str, Any] | None = None
            if request_id is not None:
                request_row = await MeetingRequest.select().where(MeetingRequest.id == request_id).first()
                if request_row is None or request_row["event"] != event_id:
                    raise NotFoundError("unknown_request", f"fair {event_id} has no meeting request {request_id}")
                requester_id, recipient_id = request_row["requester"], request_row["recipient"]
            assert requester_id is not None
            assert recipient_id is not None
            parties = await lock_parties([requester_id, recipient_id])
            requester, recipient = parties[requester_id], parties[recipient_id]
            if requester.event_id != event_id:
                raise NotFoundError("unknown_registration", f"fair {event_id} has no participant {requester_id}")
            event = await get_event(event_id)
            if event.status == EventStatus.FINISHED.value:
                raise BookingError("fair_finished", f"fair {event_id} is finished", kind=ErrorKind.CONFLICT)
            team, _seeker = check_pair(requester, recipient)
            slot = await get_slot(event_id=event_id, slot_id=slot_id)
            if request_row is None:
                request_row = await live_request_between(requester.id, recipient.id)
            elif request_row["status"] not in LIVE:
                raise BookingError(
                    "request_not_live", f"request {request_id} is {request_row['status']}", kind=ErrorKind.CONFLICT
                )
            if request_row is not None:
                requester, recipient = parties[request_row["requester"]], parties[request_row["recipient"]]
            await _check_no_pair_meeting(requester, recipient)
            _check_allowed(request_row["allowed_slots"] if request_row else None, slot, force=force)
            await _check_place(
                event=event,
                slot=slot,
                parties=[requester, recipient],
                actor=Actor(user_id=created_by),
                exclude_meeting_id=None,
                new_meeting=True,
                force=force,
            )
            table, seat = await _choose_seat(event_id=event_id, slot=slot, team=team, explicit_table_id=table_id)
            return await _create_meeting(
                event=event,
                request_row=request_row,
                requester=requester,
                recipient=recipient,
                slot=slot,
                table=table,
                seat=seat,
                locked=force,
                new_request={"created_by": created_by, "priority": DEFAULT_PRIORITY, "required": force},
            )
    except Exception as exc:
        mapped = _as_slot_taken(exc)
        if mapped is not None:
            raise mapped from None
        raise


async def get_meeting(*, meeting_id: int, event_id: int | None = None) -> Meeting:
    query = Meeting.objects().where(Meeting.id == meeting_id)
    if event_id is not None:
        query = query.where(Meeting.event == event_id)
    meeting = await query.first()
    if meeting is None:
        raise NotFoundError("unknown_meeting", f"no meeting with id {meeting_id}")
    return meeting


async def _parties_of(meeting: Meeting, actor: Actor) -> tuple[int, int]:
    row = (
        await MeetingRequest.select(MeetingRequest.requester, MeetingRequest.recipient)
        .where(MeetingRequest.id == meeting.request)
        .first()
    )
    if row is None:
        raise NotFoundError("unknown_meeting", f"meeting {meeting.id} has no request")
    if actor.is_participant and actor.registration_id not in (row["requester"], row["recipient"]):
        raise NotFoundError("unknown_meeting", f"you have no meeting with id {meeting.id}")
    return row["requester"], row["recipient"]


async def _check_changeable(meeting: Meeting, *, actor: Actor, event: Event, slot: Slot) -> None:
    if meeting.status == CANCELLED:
        raise BookingError("meeting_cancelled", f"meeting {meeting.id} is cancelled", kind=ErrorKind.GONE)
    if meeting.status != SCHEDULED:
        raise BookingError("meeting_held", f"meeting {meeting.id} is already {meeting.status}", kind=ErrorKind.CONFLICT)
    if actor.is_participant:
        await _check_window(event)
        if meeting.locked:
            raise BookingError(
                "meeting_locked",
                f"the organizer fixed meeting {meeting.id}; ask the organizer to change it",
                kind=ErrorKind.FORBIDDEN,
            )
        _check_future(slot, code="meeting_passed")


async def move(
    *,
    meeting_id: int,
    slot_id: int,
    actor: Actor,
    table_id: int | None = None,
    event_id: int | None = None,
    force: bool = False,
) -> Meeting:
    """Move a meeting to another slot (and table): checked like a booking, SEQUENCE bumped, both told."""
    if actor.is_participant and (table_id is not None or force):
        raise BookingError(
            "organizer_only", "only organizers choose the table or force a move", kind=ErrorKind.FORBIDDEN
        )
    meeting = await get_meeting(meeting_id=meeting_id, event_id=event_id)
    requester_id, recipient_id = await _parties_of(meeting, actor)
    try:
        async with write_transaction():
            parties = await lock_parties([requester_id, recipient_id])
            meeting = await get_meeting(meeting_id=meeting_id)
            event = await get_event(meeting.event)
            old_slot = await get_slot(event_id=event.id, slot_id=meeting.slot)
            await _check_changeable(meeting, actor=actor, event=event, slot=old_slot)
            slot = await get_slot(event_id=event.id, slot_id=slot_id)
            if actor.is_participant:
                _check_future(slot)
            if slot.id == meeting.slot and table_id in (None, meeting.table):
                raise BookingError("same_place", f"meeting {meeting_id} is already at {slot.code}", field="slot")
            requester, recipient = parties[requester_id], parties[recipient_id]
            team, _seeker = check_pair(requester, recipient)
            request = (
                await MeetingRequest.select(MeetingRequest.allowed_slots)
                .where(MeetingRequest.id == meeting.request)
                .first()
            )
            _check_allowed((request or {}).get("allowed_slots"), slot, force=force)
            await _check_place(
                event=event,
                slot=slot,
                parties=[requester, recipient],
                actor=actor,
                exclude_meeting_id=meeting.id,
                new_meeting=False,
                force=force,
            )
            table, seat = await _choose_seat(
                event_id=event.id,
                slot=slot,
                team=team,
                explicit_table_id=table_id,
                preferred_table_id=meeting.table,
                exclude_meeting_id=meeting.id,
            )
            now = utc_now()
            changed = await (
                Meeting.update(
                    {
                        Meeting.slot: slot.id,
                        Meeting.table: table.id,
                        Meeting.seat: seat,
                        Meeting.sequence: Meeting.sequence + 1,
                        Meeting.updated_at: now,
                        Meeting.locked: meeting.locked or force,
                    }
                )
                .where(
                    (Meeting.id == meeting.id) & (Meeting.status == SCHEDULED) & (Meeting.sequence == meeting.sequence)
                )
                .returning(Meeting.id)
            )
            if not changed:
                raise BookingError(
                    "meeting_changed", f"meeting {meeting_id} changed meanwhile; reload", kind=ErrorKind.CONFLICT
                )
            await seat_attendees(meeting_id=meeting.id, slot_id=slot.id, registration_ids=[requester_id, recipient_id])
            request_row = (
                await MeetingRequest.select(MeetingRequest.achievement, MeetingRequest.demand)
                .where(MeetingRequest.id == meeting.request)
                .first()
            )
            await _notify_both(
                event=event,
                kind=NotificationKind.MEETING_MOVED,
                first=requester,
                second=recipient,
                meeting_id=meeting.id,
                request_id=meeting.request,
                data={
                    **notifications.slot_data(_slot_dict(slot)),
                    **notifications.slot_data(_slot_dict(old_slot), prefix="previous_"),
                    "table": _table_label(table),
                    "about": await about_titles(About(request_row["achievement"], request_row["demand"]))
                    if request_row
                    else "",
                },
            )
            return await get_meeting(meeting_id=meeting.id)
    except Exception as exc:
        mapped = _as_slot_taken(exc)
        if mapped is not None:
            raise mapped from None
        raise


async def _cancel_locked(
    *, meeting: Meeting, event: Event, parties: dict[int, Party], requester_id: int, recipient_id: int
) -> None:
    """Cancel a meeting whose participants are locked: SEQUENCE bumped, seats freed, request withdrawn."""
    now = utc_now()
    changed = await (
        Meeting.update(
            {
                Meeting.status: CANCELLED,
                Meeting.cancelled_at: now,
                Meeting.updated_at: now,
                Meeting.sequence: Meeting.sequence + 1,
            }
        )
        .where((Meeting.id == meeting.id) & (Meeting.status == SCHEDULED))
        .returning(Meeting.id)
    )
    if not changed:
        raise BookingError(
            "meeting_changed", f"meeting {meeting.id} changed meanwhile; reload", kind=ErrorKind.CONFLICT
        )
    await MeetingAttendee.delete().where(MeetingAttendee.meeting == meeting.id)
    await MeetingRequest.update({MeetingRequest.status: RequestStatus.WITHDRAWN.value}).where(
        (MeetingRequest.id == meeting.request) & MeetingRequest.status.is_in(list(LIVE))
    )
    slot = await get_slot(event_id=event.id, slot_id=meeting.slot)
    table = await get_table(event_id=event.id, table_id=meeting.table)
    await _notify_both(
        event=event,
        kind=NotificationKind.MEETING_CANCELLED,
        first=parties[requester_id],
        second=parties[recipient_id],
        meeting_id=meeting.id,
        request_id=meeting.request,
        data={**notifications.slot_data(_slot_dict(slot)), "table": _table_label(table)},
    )


async def cancel(*, meeting_id: int, actor: Actor, event_id: int | None = None) -> Meeting:
    """Cancel a meeting (cancelling twice changes nothing); its request is withdrawn, so the pair may book again."""
    meeting = await get_meeting(meeting_id=meeting_id, event_id=event_id)
    requester_id, recipient_id = await _parties_of(meeting, actor)
    async with write_transaction():
        parties = await lock_parties([requester_id, recipient_id])
        meeting = await get_meeting(meeting_id=meeting_id)
        if meeting.status == CANCELLED:
            return meeting
        event = await get_event(meeting.event)
        slot = await get_slot(event_id=event.id, slot_id=meeting.slot)
        await _check_changeable(meeting, actor=actor, event=event, slot=slot)
        await _cancel_locked(
            meeting=meeting, event=event, parties=parties, requester_id=requester_id, recipient_id=recipient_id
        )
    return await get_meeting(meeting_id=meeting_id)


async def remove_request(*, event_id: int, request_id: int) -> None:
    """The organizer removes a request: its standing meeting (if any) is cancelled and the request withdrawn."""
    row = await MeetingRequest.select().where(MeetingRequest.id == request_id).first()
    if row is None or row["event"] != event_id:
        raise NotFoundError("unknown_request", f"fair {event_id} has no meeting request {request_id}")
    async with write_transaction():
        parties = await lock_parties([row["requester"], row["recipient"]])
        event = await get_event(event_id)
        meeting = await Meeting.objects().where((Meeting.request == request_id) & (Meeting.status == SCHEDULED)).first()
        if meeting is not None:
            await _cancel_locked(
                meeting=meeting,
                event=event,
                parties=parties,
                requester_id=row["requester"],
                recipient_id=row["recipient"],
            )
        await MeetingRequest.update({MeetingRequest.status: RequestStatus.WITHDRAWN.value}).where(
            (MeetingRequest.id == request_id) & MeetingRequest.status.is_in(list(LIVE))
        )


async def announce(*, event_id: int, meeting_ids: list[int]) -> int:
    """Tell both participants of each meeting that it is scheduled (for a schedule being published).

    Call it inside the transaction that publishes the meetings; returns how many messages were recorded. The
    messages are the ones a booking sends, recorded in meeting order with a fixed number of queries.
    """
    if not meeting_ids:
        return 0
    event = await get_event(event_id)
    rows = (
        await Meeting.select(
            Meeting.id,
            Meeting.request,
            Meeting.request.requester,
            Meeting.request.recipient,
            Meeting.request.achievement,
            Meeting.request.demand,
            Meeting.slot.code,
            Meeting.slot.starts_at,
            Meeting.slot.ends_at,
            Meeting.table.code,
            Meeting.table.name,
        )
        .where(among(Meeting.id, meeting_ids) & (Meeting.event == event_id) & (Meeting.status == SCHEDULED))
        .order_by(Meeting.id)
    )
    parties = await load_parties([r["request.requester"] for r in rows] + [r["request.recipient"] for r in rows])
    abouts = await about_titles_of(About(r["request.achievement"], r["request.demand"]) for r in rows)
    messages: list[notifications.Message] = []
    for r in rows:
        data = {
            **notifications.slot_data(
                {"code": r["slot.code"], "starts_at": r["slot.starts_at"], "ends_at": r["slot.ends_at"]}
            ),
            "table": r["table.name"] or r["table.code"],
            "about": abouts[About(r["request.achievement"], r["request.demand"])],
        }
        messages += both_told(
            kind=NotificationKind.MEETING_SCHEDULED,
            first=parties[r["request.requester"]],
            second=parties[r["request.recipient"]],
            meeting_id=r["id"],
            request_id=r["request"],
            data=data,
        )
    return await notifications.record_many(event=event, messages=messages)


def both_told(
    *, kind: NotificationKind, first: Party, second: Party, meeting_id: int, request_id: int, data: dict[str, Any]
) -> list[notifications.Message]:
    """The two messages of a change to a meeting: to the first participant about the second, then the reverse."""
    return [
        notifications.Message(
            recipient=one, kind=kind, counterpart=other, request_id=request_id, meeting_id=meeting_id, data=data
        )
        for one, other in ((first, second), (second, first))
    ]


# --- free slots for a booking form -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FreeSlot:
    slot_id: int
    code: str
    starts_at: datetime
    ends_at: datetime
    table_code: str


async def free_slots(*, registration_id: int, counterpart_id: int) -> list[FreeSlot]:
    """Future slots where both are free and available and a table has a seat (a snapshot: booking re-checks)."""
    parties = await load_parties([registration_id, counterpart_id])
    if registration_id not in parties or counterpart_id not in parties:
        raise NotFoundError("unknown_registration", f"no participant with id {counterpart_id}")
    actor, other = parties[registration_id], parties[counterpart_id]
    team, _seeker = check_pair(actor, other)
    event = await get_event(actor.event_id)
    await _check_window(event)
    slots = await Slot.objects().where((Slot.event == event.id) & (Slot.starts_at > utc_now())).order_by(Slot.position)
    busy_rows = await Meeting.select(Meeting.slot).where(
        (Meeting.event == event.id) & (Meeting.status != CANCELLED) & (_involves(actor.id) | _involves(other.id))
    )
    busy = {r["slot"] for r in busy_rows}
    if team.host_table_id is not None:
        tables = list(await MeetingTable.objects().where(MeetingTable.id == team.host_table_id))
    else:
        hosted = await _host_tables(event.id)
        tables = [
            t
            for t in await MeetingTable.objects().where(MeetingTable.event == event.id).order_by(MeetingTable.code)
            if t.id not in hosted
        ]
    usage_rows = await Meeting.select(Meeting.table, Meeting.slot).where(
        (Meeting.event == event.id) & (Meeting.status != CANCELLED)
    )
    used: dict[tuple[int, int], int] = {}
    for r in usage_rows:
        used[(r["table"], r["slot"])] = used.get((r["table"], r["slot"]), 0) + 1
    result: list[FreeSlot] = []
    for slot in slots:
        if slot.id in busy or slot.id in actor.unavailable_slot_ids or slot.id in other.unavailable_slot_ids:
            continue
        table = next((t for t in tables if used.get((t.id, slot.id), 0) < t.capacity), None)
        if table is not None:
            result.append(
                FreeSlot(
                    slot_id=slot.id,
                    code=slot.code,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    table_code=table.code,
                )
            )
    return result
