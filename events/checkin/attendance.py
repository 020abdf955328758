"""Meetings at the tables: held (both sides scanned), no-show (nobody came), per slot for organizers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from events.clock import utc_now
from events.tables import Meeting, MeetingAttendee, Slot
from events.vocabulary import MeetingStatus


async def settle_no_shows(*, event_id: int, now: datetime | None = None) -> int:
    """Mark as no-show every scheduled meeting whose slot has ended with nobody checked in at it.

    Idempotent; run by the organizers' attendance view and by ``transferfair checkin no-shows``. Returns how
    many meetings changed.
    """
    moment = now or utc_now()
    ended = await Slot.select(Slot.id).where((Slot.event == event_id) & (Slot.ends_at <= moment))
    if not ended:
        return 0
    candidates = await Meeting.select(Meeting.id).where(
        (Meeting.event == event_id)
        & (Meeting.status == MeetingStatus.SCHEDULED.value)
        & Meeting.slot.is_in([row["id"] for row in ended])
    )
    if not candidates:
        return 0
    ids = [row["id"] for row in candidates]
    present = await MeetingAttendee.select(MeetingAttendee.meeting).where(
        MeetingAttendee.meeting.is_in(ids) & MeetingAttendee.checked_in_at.is_not_null()
    )
    someone = {row["meeting"] for row in present}
    nobody = [i for i in ids if i not in someone]
    if not nobody:
        return 0
    changed = await (
        Meeting.update({Meeting.status: MeetingStatus.NO_SHOW.value, Meeting.updated_at: moment})
        .where(Meeting.id.is_in(nobody) & (Meeting.status == MeetingStatus.SCHEDULED.value))
        .returning(Meeting.id)
    )
    return len(changed)


_KINDS = ("held", "no_show", "one_side", "pending")


@dataclass(frozen=True, slots=True)
class SlotAttendance:
    """One slot's meetings: held, no-show, one side only (slot over, one attendee came), pending."""

    slot_id: int
    code: str
    starts_at: datetime
    ends_at: datetime
    held: int
    no_show: int
    one_side: int
    pending: int

    @property
    def total(self) -> int:
        return self.held + self.no_show + self.one_side + self.pending


async def slot_attendance(*, event_id: int, now: datetime | None = None) -> list[SlotAttendance]:
    """Per slot of the fair: how its standing meetings went (settling no-shows first)."""
    moment = now or utc_now()
    await settle_no_shows(event_id=event_id, now=moment)
    slots = (
        await Slot.select(Slot.id, Slot.code, Slot.starts_at, Slot.ends_at)
        .where(Slot.event == event_id)
        .order_by(Slot.position)
    )
    meetings = await Meeting.select(Meeting.id, Meeting.slot, Meeting.status).where(
        (Meeting.event == event_id) & (Meeting.status != MeetingStatus.CANCELLED.value)
    )
    present = await MeetingAttendee.select(MeetingAttendee.meeting).where(
        (MeetingAttendee.meeting.event == event_id) & MeetingAttendee.checked_in_at.is_not_null()
    )
    someone = {row["meeting"] for row in present}
    ended = {row["id"] for row in slots if row["ends_at"] <= moment}
    counts: dict[int, dict[str, int]] = {row["id"]: dict.fromkeys(_KINDS, 0) for row in slots}
    for meeting in meetings:
        bucket = counts.setdefault(meeting["slot"], dict.fromkeys(_KINDS, 0))
        if meeting["status"] == MeetingStatus.HELD.value:
            bucket["held"] += 1
        elif meeting["status"] == MeetingStatus.NO_SHOW.value:
            bucket["no_show"] += 1
        elif meeting["slot"] in ended and meeting["id"] in someone:
            bucket["one_side"] += 1
        else:
            bucket["pending"] += 1
    return [
        SlotAttendance(
            slot_id=row["id"], code=row["code"], starts_at=row["starts_at"], ends_at=row["ends_at"], **counts[row["id"]]
        )
        for row in slots
    ]
