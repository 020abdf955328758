"""Check-in at the meeting table, held meetings, no-shows and the per-slot view."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from events import fairs
from events.checkin import attendance, service, tickets
from events.checkin.errors import CheckinError
from events.tables import CheckIn, MeetingAttendee
from tests.checkin.helpers import make_meeting, meeting_status
from tests.factories import make_fair, make_registration


async def _setup() -> tuple:
    fair = await make_fair()
    slots = await fairs.fair_slots(event_id=fair.id)
    company = await make_registration(event_id=fair.id, role="enterprise")
    team = await make_registration(event_id=fair.id, role="team")
    meeting = await make_meeting(event_id=fair.id, a=company, b=team, slot_index=1, table_index=0)
    ta = await tickets.issue_ticket(registration_id=company.id)
    tb = await tickets.issue_ticket(registration_id=team.id)
    return fair, slots, company, team, meeting, ta, tb


async def test_meeting_is_held_when_both_sides_are_checked_in_at_the_table() -> None:
    fair, slots, company, _team, meeting, ta, tb = await _setup()
    during = slots[1].starts_at + timedelta(minutes=2)
    first = await service.check_in_at_table(event_id=fair.id, table="T01", scanned=ta.token, nonce="a", now=during)
    assert first.created is True
    assert first.body["outcome"] == "meeting_checked_in"
    assert first.body["meeting"]["meeting_id"] == meeting.id
    assert first.body["meeting"]["held"] is False
    assert await meeting_status(meeting.id) == "scheduled"
    # being at a table counts as having arrived
    assert await CheckIn.select(CheckIn.registration, CheckIn.gate) == [
        {"registration": company.id, "gate": "table T01"}
    ]

    second = await service.check_in_at_table(event_id=fair.id, table="T01", scanned=tb.token, nonce="b", now=during)
    assert second.body["meeting"]["held"] is True
    assert await meeting_status(meeting.id) == "held"
    assert all(a["checked_in_at"] for a in second.body["meeting"]["attendees"])

    again = await service.check_in_at_table(event_id=fair.id, table="T01", scanned=tb.token, nonce="c", now=during)
    assert again.created is False
    assert again.body["outcome"] == "already_at_meeting"


async def test_both_sides_scanned_at_the_same_moment_still_hold_the_meeting() -> None:
    fair, slots, _company, _team, meeting, ta, tb = await _setup()
    during = slots[1].starts_at
    await asyncio.gather(
        service.check_in_at_table(event_id=fair.id, table="T01", scanned=ta.token, nonce="a", now=during),
        service.check_in_at_table(event_id=fair.id, table="T01", scanned=tb.token, nonce="b", now=during),
    )
    assert await meeting_status(meeting.id) == "held"


async def test_the_slot_can_be_named_explicitly() -> None:
    fair, slots, _company, _team, _meeting, ta, _tb = await _setup()
    long_before = slots[0].starts_at - timedelta(hours=3)
    answer = await service.check_in_at_table(
        event_id=fair.id, table="T01", scanned=ta.token, nonce="a", slot="d1-0920", now=long_before
    )
    assert answer.body["meeting"]["slot"] == "d1-0920"


async def test_no_meeting_at_this_table_now_is_refused_with_the_next_meeting() -> None:
    fair, slots, _company, _team, _meeting, ta, _tb = await _setup()
    early = slots[0].starts_at - timedelta(hours=1)
    with pytest.raises(CheckinError) as caught:
        await service.check_in_at_table(event_id=fair.id, table="T01", scanned=ta.token, nonce="a", now=early)
    assert caught.value.code == "no_meeting_here"
    assert caught.value.details["next_meeting"]["slot"] == "d1-0920"
    with pytest.raises(CheckinError) as wrong_table:
        await service.check_in_at_table(
            event_id=fair.id, table="T02", scanned=ta.token, nonce="b", now=slots[1].starts_at
        )
    assert wrong_table.value.code == "no_meeting_here"


async def test_no_shows_after_the_slot_ends_and_the_per_slot_view() -> None:
    fair = await make_fair()
    slots = await fairs.fair_slots(event_id=fair.id)
    people = [await make_registration(event_id=fair.id, role=r) for r in ("enterprise", "team") * 4]
    held = await make_meeting(event_id=fair.id, a=people[0], b=people[1], slot_index=0, table_index=0)
    nobody = await make_meeting(event_id=fair.id, a=people[2], b=people[3], slot_index=0, table_index=1)
    one_side = await make_meeting(event_id=fair.id, a=people[4], b=people[5], slot_index=0, table_index=2)
    later = await make_meeting(event_id=fair.id, a=people[6], b=people[7], slot_index=2, table_index=0)
    during = slots[0].starts_at + timedelta(minutes=1)
    for person in (people[0], people[1], people[4]):
        await service.check_in_at_table(
            event_id=fair.id,
            table="T01" if person in people[:2] else "T03",
            registration_id=person.id,
            nonce=f"n{person.id}",
            now=during,
        )

    # before the slot ends nothing is a no-show yet
    assert await attendance.settle_no_shows(event_id=fair.id, now=slots[0].ends_at - timedelta(seconds=1)) == 0
    after = slots[0].ends_at + timedelta(minutes=1)
    assert await attendance.settle_no_shows(event_id=fair.id, now=after) == 1
    assert await attendance.settle_no_shows(event_id=fair.id, now=after) == 0
    assert [await meeting_status(m.id) for m in (held, nobody, one_side, later)] == [
        "held",
        "no_show",
        "scheduled",
        "scheduled",
    ]

    view = await attendance.slot_attendance(event_id=fair.id, now=after)
    by_code = {s.code: (s.held, s.no_show, s.one_side, s.pending) for s in view}
    assert by_code == {"d1-0900": (1, 1, 1, 0), "d1-0920": (0, 0, 0, 0), "d1-0940": (0, 0, 0, 1)}
    assert [s.code for s in view] == ["d1-0900", "d1-0920", "d1-0940"]


async def test_a_late_pair_turns_a_no_show_into_held() -> None:
    fair, slots, _company, _team, meeting, ta, tb = await _setup()
    await attendance.settle_no_shows(event_id=fair.id, now=slots[1].ends_at)
    assert await meeting_status(meeting.id) == "no_show"
    late = slots[1].ends_at + timedelta(minutes=5)  # within the grace after the slot
    for token, nonce in ((ta.token, "a"), (tb.token, "b")):
        await service.check_in_at_table(event_id=fair.id, table="T01", scanned=token, nonce=nonce, now=late)
    assert await meeting_status(meeting.id) == "held"
    assert await MeetingAttendee.count().where(MeetingAttendee.checked_in_at.is_not_null()) == 2
