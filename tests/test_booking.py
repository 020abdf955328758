"""Booking, moving and cancelling meetings after publication, and the organizer's placements."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import pytest

from events import booking, requests
from events.booking import Actor
from events.errors import DomainError
from events.tables import Meeting, MeetingAttendee, MeetingRequest, MeetingTable, Notification, Registration
from tests.meeting_helpers import future_day, meeting_fair, scheduled_meeting, set_status


async def _code(call: Awaitable[Any]) -> str:
    with pytest.raises(DomainError) as caught:
        await call
    return caught.value.code


async def _seats(meeting_id: int) -> list[tuple[int, int]]:
    rows = await MeetingAttendee.select(MeetingAttendee.registration, MeetingAttendee.slot).where(
        MeetingAttendee.meeting == meeting_id
    )
    return sorted((r["registration"], r["slot"]) for r in rows)


async def test_book_a_free_slot_with_a_team() -> None:
    fair = await meeting_fair()
    enterprise, team = fair.enterprises[0], fair.teams[0]
    slot = fair.slots[1]
    meeting = await booking.book(registration_id=enterprise.id, counterpart_id=team.id, slot_id=slot.id)
    assert (meeting.slot, meeting.table, meeting.seat, meeting.status, meeting.sequence) == (
        slot.id,
        fair.tables[0].id,  # the team's own table
        0,
        "scheduled",
        0,
    )
    request = await MeetingRequest.objects().where(MeetingRequest.id == meeting.request).first()
    assert request is not None
    assert (request.requester, request.recipient, request.status) == (enterprise.id, team.id, "accepted")
    assert await _seats(meeting.id) == sorted([(enterprise.id, slot.id), (team.id, slot.id)])
    told = await Notification.select(Notification.registration, Notification.kind, Notification.meeting)
    assert sorted((n["registration"], n["kind"]) for n in told) == sorted(
        [(enterprise.id, "meeting_scheduled"), (team.id, "meeting_scheduled")]
    )
    assert {n["meeting"] for n in told} == {meeting.id}


async def test_booking_answers_the_pairs_pending_request() -> None:
    fair = await meeting_fair()
    enterprise, team = fair.enterprises[0], fair.teams[0]
    asked = await requests.ask(registration_id=enterprise.id, recipient_id=team.id, priority=4)
    meeting = await booking.book(registration_id=enterprise.id, counterpart_id=team.id, slot_id=fair.slots[0].id)
    assert meeting.request == asked.id
    stored = await MeetingRequest.objects().where(MeetingRequest.id == asked.id).first()
    assert stored is not None
    assert stored.status == "accepted"
    assert (
        await _code(booking.book(registration_id=enterprise.id, counterpart_id=team.id, slot_id=fair.slots[1].id))
        == "already_meeting"
    )


async def test_booking_refusals() -> None:
    fair = await meeting_fair(teams=2, enterprises=3, max_meetings_per_participant=2)
    (e1, e2, e3), (t1, t2) = fair.enterprises, fair.teams
    s0, s1, s2 = fair.slots
    await booking.book(registration_id=e1.id, counterpart_id=t1.id, slot_id=s0.id)
    # the team is taken at s0 by someone else: "slot just taken"
    assert await _code(booking.book(registration_id=e2.id, counterpart_id=t1.id, slot_id=s0.id)) == "slot_taken"
    # my own agenda is taken at s0
    assert await _code(booking.book(registration_id=e1.id, counterpart_id=t2.id, slot_id=s0.id)) == "agenda_conflict"
    await requests.set_unavailable_slots(registration_id=t2.id, slot_ids=[s1.id])
    assert await _code(booking.book(registration_id=e2.id, counterpart_id=t2.id, slot_id=s1.id)) == "unavailable_slot"
    await booking.book(registration_id=e2.id, counterpart_id=t1.id, slot_id=s1.id)
    # t1 holds two meetings, the fair's limit
    assert await _code(booking.book(registration_id=e3.id, counterpart_id=t1.id, slot_id=s2.id)) == (
        "meeting_limit_reached"
    )
    assert await _code(booking.book(registration_id=e3.id, counterpart_id=t1.id, slot_id=s1.id)) == "slot_taken"
    # a participant's own limit overrides the fair's
    await Registration.update({Registration.max_meetings: 0}).where(Registration.id == e3.id)
    assert await _code(booking.book(registration_id=e3.id, counterpart_id=t2.id, slot_id=s2.id)) == (
        "meeting_limit_reached"
    )
    assert await _code(booking.book(registration_id=e1.id, counterpart_id=e2.id, slot_id=s2.id)) == "invalid_pair"
    assert await _code(booking.book(registration_id=e1.id, counterpart_id=t2.id, slot_id=424242)) == "unknown_slot"


async def test_booking_waits_for_publication_and_refuses_past_slots() -> None:
    closed = await meeting_fair(status="closed")
    assert (
        await _code(
            booking.book(
                registration_id=closed.enterprises[0].id, counterpart_id=closed.teams[0].id, slot_id=closed.slots[0].id
            )
        )
        == "booking_closed"
    )
    # publishing a schedule run opens booking even before the fair is marked scheduled
    await scheduled_meeting(
        fair=closed,
        requester=closed.enterprises[1],
        recipient=closed.teams[1],
        slot=closed.slots[0],
        table=closed.tables[1],
    )
    booked = await booking.book(
        registration_id=closed.enterprises[0].id, counterpart_id=closed.teams[0].id, slot_id=closed.slots[0].id
    )
    assert booked.status == "scheduled"
    yesterday = await meeting_fair(starts_on=future_day(-1))
    assert (
        await _code(
            booking.book(
                registration_id=yesterday.enterprises[0].id,
                counterpart_id=yesterday.teams[0].id,
                slot_id=yesterday.slots[0].id,
            )
        )
        == "slot_passed"
    )


async def test_shared_tables_and_their_capacity() -> None:
    fair = await meeting_fair(teams=3, enterprises=3, host_tables=False, tables=1)
    await MeetingTable.update({MeetingTable.capacity: 2}).where(MeetingTable.id == fair.tables[0].id)
    slot = fair.slots[0]
    first = await booking.book(registration_id=fair.enterprises[0].id, counterpart_id=fair.teams[0].id, slot_id=slot.id)
    second = await booking.book(
        registration_id=fair.enterprises[1].id, counterpart_id=fair.teams[1].id, slot_id=slot.id
    )
    assert (first.table, first.seat) == (fair.tables[0].id, 0)
    assert (second.table, second.seat) == (fair.tables[0].id, 1)
    assert (
        await _code(
            booking.book(registration_id=fair.enterprises[2].id, counterpart_id=fair.teams[2].id, slot_id=slot.id)
        )
        == "slot_taken"
    )
    free = await booking.free_slots(registration_id=fair.enterprises[2].id, counterpart_id=fair.teams[2].id)
    assert [f.code for f in free] == [s.code for s in fair.slots[1:]]


async def test_move_bumps_the_sequence_and_tells_both() -> None:
    fair = await meeting_fair(teams=2, enterprises=2)
    (e1, e2), (t1, _t2) = fair.enterprises, fair.teams
    s0, s1, s2 = fair.slots
    meeting = await scheduled_meeting(fair=fair, requester=e1, recipient=t1, slot=s0, table=fair.tables[0])
    other = await booking.book(registration_id=e2.id, counterpart_id=t1.id, slot_id=s1.id)
    before = await booking.get_meeting(meeting_id=meeting.id)

    assert await _code(booking.move(meeting_id=meeting.id, slot_id=s1.id, actor=Actor(registration_id=e1.id))) == (
        "slot_taken"
    )
    assert await _code(booking.move(meeting_id=meeting.id, slot_id=s0.id, actor=Actor(registration_id=e1.id))) == (
        "same_place"
    )
    assert await _code(booking.move(meeting_id=meeting.id, slot_id=s2.id, actor=Actor(registration_id=e2.id))) == (
        "unknown_meeting"
    )
    moved = await booking.move(meeting_id=meeting.id, slot_id=s2.id, actor=Actor(registration_id=t1.id))
    assert (moved.slot, moved.table, moved.sequence) == (s2.id, fair.tables[0].id, 1)
    assert moved.updated_at > before.updated_at
    assert await _seats(meeting.id) == sorted([(e1.id, s2.id), (t1.id, s2.id)])
    told = (
        await Notification.objects()
        .where(Notification.kind == "meeting_moved")
        .order_by(Notification.id)
        .output(load_json=True)
    )
    assert sorted(n.registration for n in told) == sorted([e1.id, t1.id])
    assert told[0].data["previous_slot"] == s0.code
    assert told[0].data["slot"] == s2.code
    # the freed slot is bookable again
    assert other.slot == s1.id
    again = await booking.move(meeting_id=meeting.id, slot_id=s0.id, actor=Actor(user_id=1))
    assert again.sequence == 2


async def test_cancel_frees_the_slot_and_the_pair() -> None:
    fair = await meeting_fair()
    enterprise, team = fair.enterprises[0], fair.teams[0]
    slot = fair.slots[0]
    meeting = await booking.book(registration_id=enterprise.id, counterpart_id=team.id, slot_id=slot.id)
    cancelled = await booking.cancel(meeting_id=meeting.id, actor=Actor(registration_id=enterprise.id))
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert cancelled.cancelled_at is not None
    assert await _seats(meeting.id) == []
    request = await MeetingRequest.objects().where(MeetingRequest.id == meeting.request).first()
    assert request is not None
    assert request.status == "withdrawn"
    twice = await booking.cancel(meeting_id=meeting.id, actor=Actor(registration_id=team.id))
    assert twice.sequence == 1  # nothing changes the second time
    assert await _code(booking.move(meeting_id=meeting.id, slot_id=fair.slots[1].id, actor=Actor(user_id=1))) == (
        "meeting_cancelled"
    )
    rebooked = await booking.book(registration_id=enterprise.id, counterpart_id=team.id, slot_id=slot.id)
    assert rebooked.id != meeting.id
    kinds = await Notification.select(Notification.kind).where(Notification.registration == team.id)
    assert [k["kind"] for k in kinds] == ["meeting_scheduled", "meeting_cancelled", "meeting_scheduled"]


async def test_organizer_places_and_forces_meetings() -> None:
    fair = await meeting_fair(teams=2, enterprises=2, status="closed")
    (e1, e2), (t1, t2) = fair.enterprises, fair.teams
    s0, s1, _s2 = fair.slots
    await requests.set_unavailable_slots(registration_id=e1.id, slot_ids=[s0.id])
    assert (
        await _code(
            booking.place(
                event_id=fair.event.id, slot_id=s0.id, created_by=None, requester_id=e1.id, recipient_id=t1.id
            )
        )
        == "unavailable_slot"
    )
    forced = await booking.place(
        event_id=fair.event.id, slot_id=s0.id, created_by=None, requester_id=e1.id, recipient_id=t1.id, force=True
    )
    assert forced.locked is True
    # force never double-books
    assert (
        await _code(
            booking.place(
                event_id=fair.event.id,
                slot_id=s0.id,
                created_by=None,
                requester_id=e2.id,
                recipient_id=t1.id,
                force=True,
            )
        )
        == "slot_taken"
    )
    # a locked meeting is the organizer's to change
    await set_status(fair.event.id, "scheduled")
    assert await _code(booking.move(meeting_id=forced.id, slot_id=s1.id, actor=Actor(registration_id=e1.id))) == (
        "meeting_locked"
    )
    assert await _code(booking.cancel(meeting_id=forced.id, actor=Actor(registration_id=e1.id))) == "meeting_locked"
    accepted = await requests.organizer_add(
        event_id=fair.event.id, requester_id=e2.id, recipient_id=t2.id, created_by=None
    )
    placed = await booking.place(
        event_id=fair.event.id, slot_id=s1.id, created_by=None, request_id=accepted.id, table_id=fair.tables[2].id
    )
    assert (placed.request, placed.table, placed.locked) == (accepted.id, fair.tables[2].id, False)

    await booking.remove_request(event_id=fair.event.id, request_id=accepted.id)
    gone = await booking.get_meeting(meeting_id=placed.id)
    assert gone.status == "cancelled"
    request = await MeetingRequest.objects().where(MeetingRequest.id == accepted.id).first()
    assert request is not None
    assert request.status == "withdrawn"


async def test_announce_tells_both_sides_of_published_meetings() -> None:
    fair = await meeting_fair(teams=1, enterprises=2)
    meetings = [
        await scheduled_meeting(
            fair=fair, requester=fair.enterprises[n], recipient=fair.teams[0], slot=fair.slots[n], table=fair.tables[0]
        )
        for n in range(2)
    ]
    assert await booking.announce(event_id=fair.event.id, meeting_ids=[m.id for m in meetings]) == 4
    assert await Notification.count().where(Notification.kind == "meeting_scheduled") == 4


async def test_concurrent_bookings_of_one_slot_in_one_process() -> None:
    fair = await meeting_fair(teams=1, enterprises=12)
    team, slot = fair.teams[0], fair.slots[0]

    async def attempt(registration_id: int) -> str:
        try:
            await booking.book(registration_id=registration_id, counterpart_id=team.id, slot_id=slot.id)
        except DomainError as exc:
            return exc.code
        return "booked"

    outcomes = await asyncio.gather(*(attempt(e.id) for e in fair.enterprises))
    assert sorted(outcomes) == ["booked"] + ["slot_taken"] * 11
    assert await Meeting.count().where((Meeting.slot == slot.id) & (Meeting.status != "cancelled")) == 1
    assert await MeetingAttendee.count().where(MeetingAttendee.slot == slot.id) == 2


async def test_moving_a_past_meeting_is_refused() -> None:
    fair = await meeting_fair(starts_on=future_day(-1))
    meeting = await scheduled_meeting(
        fair=fair, requester=fair.enterprises[0], recipient=fair.teams[0], slot=fair.slots[0], table=fair.tables[0]
    )
    actor = Actor(registration_id=fair.enterprises[0].id)
    assert await _code(booking.move(meeting_id=meeting.id, slot_id=fair.slots[1].id, actor=actor)) == "meeting_passed"
    assert await _code(booking.cancel(meeting_id=meeting.id, actor=actor)) == "meeting_passed"
