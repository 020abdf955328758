"""Meetings made directly in the tables (the booking area builds them; check-in only reads and marks them)."""

from __future__ import annotations

from events import fairs
from events.tables import Meeting, MeetingAttendee, MeetingRequest, Registration


async def make_meeting(
    *, event_id: int, a: Registration, b: Registration, slot_index: int = 0, table_index: int = 0
) -> Meeting:
    slot = (await fairs.fair_slots(event_id=event_id))[slot_index]
    table = (await fairs.fair_tables(event_id=event_id))[table_index]
    request = MeetingRequest(event=event_id, requester=a.id, recipient=b.id, status="accepted")
    await request.save()
    meeting = Meeting(event=event_id, request=request.id, slot=slot.id, table=table.id, seat=0)
    await meeting.save()
    for person in (a, b):
        await MeetingAttendee(meeting=meeting.id, registration=person.id, slot=slot.id).save()
    return meeting


async def meeting_status(meeting_id: int) -> str:
    row = await Meeting.select(Meeting.status).where(Meeting.id == meeting_id).first()
    assert row is not None
    return str(row["status"])
