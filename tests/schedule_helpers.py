"""Fairs with accepted requests ready for the scheduler, and runs taken to their end without the web app."""

from __future__ import annotations

from typing import Any

from events import requests
from events.scheduling import runs
from events.tables import Meeting, MeetingAttendee, MeetingRequest, Notification, Registration, ScheduleRun, Slot
from tests.meeting_helpers import MeetingFair, meeting_fair

TINY = 0.5  # seconds: the solver proves these small fairs optimal long before


async def accept(
    fair: MeetingFair,
    requester: Registration,
    recipient: Registration,
    *,
    priority: int = 3,
    required: bool = False,
    allowed: list[str] | None = None,
) -> MeetingRequest:
    """An accepted request, arranged by the organizer (as the console does)."""
    return await requests.organizer_add(
        event_id=fair.event.id,
        requester_id=requester.id,
        recipient_id=recipient.id,
        created_by=None,
        priority=priority,
        required=required,
        allowed_slot_ids=[fair.slot(code).id for code in allowed or []],
    )


async def busy_fair(*, teams: int = 3, enterprises: int = 6, status: str = "closed", **details: Any) -> MeetingFair:
    """A fair of 3 slots where every enterprise asked every team (priority varies), teams at their own tables."""
    fair = await meeting_fair(teams=teams, enterprises=enterprises, status=status, **details)
    for n, enterprise in enumerate(fair.enterprises):
        for m, team in enumerate(fair.teams):
            await accept(fair, enterprise, team, priority=1 + (n + m) % 5)
    return fair


async def run_to_end(event_id: int, *, time_limit: float = TINY) -> runs.RunView:
    run_id = await runs.start_run(event_id=event_id, time_limit=time_limit)
    await runs.execute_run(run_id=run_id)
    return await runs.get_run(event_id=event_id, run_id=run_id)


async def standing(event_id: int) -> dict[int, tuple[int, str, str, int, int | None]]:
    """request id -> (meeting id, slot code, table code, sequence, run) of the fair's standing meetings."""
    rows = await Meeting.select(
        Meeting.id, Meeting.request, Meeting.slot.code, Meeting.table.code, Meeting.sequence, Meeting.schedule_run
    ).where((Meeting.event == event_id) & (Meeting.status != "cancelled"))
    return {r["request"]: (r["id"], r["slot.code"], r["table.code"], r["sequence"], r["schedule_run"]) for r in rows}


async def snapshot(event_id: int) -> dict[str, Any]:
    """Everything publication may touch, to compare before and after a refused publication."""
    meetings = await Meeting.select().where(Meeting.event == event_id).order_by(Meeting.id)
    seats = await MeetingAttendee.select().order_by(MeetingAttendee.id)
    messages = await Notification.count().where(Notification.event == event_id)
    run_rows = await ScheduleRun.select(ScheduleRun.id, ScheduleRun.status, ScheduleRun.published_at).order_by(
        ScheduleRun.id
    )
    return {"meetings": meetings, "seats": seats, "messages": messages, "runs": run_rows}


async def slot_id(event_id: int, code: str) -> int:
    row = await Slot.select(Slot.id).where((Slot.event == event_id) & (Slot.code == code)).first()
    assert row is not None
    return int(row["id"])
