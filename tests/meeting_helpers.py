"""Fairs with teams and enterprises ready to meet, and meetings made the way the scheduler would make them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from events.clock import utc_now
from events.tables import (
    Event,
    Meeting,
    MeetingAttendee,
    MeetingRequest,
    MeetingTable,
    Person,
    Registration,
    ScheduleRun,
    Slot,
)
from tests.factories import make_fair, make_registration


@dataclass
class MeetingFair:
    event: Event
    slots: list[Slot]
    tables: list[MeetingTable]
    teams: list[Registration]
    enterprises: list[Registration]
    extra: dict[str, Any] = field(default_factory=dict)

    def slot(self, code: str) -> Slot:
        return next(s for s in self.slots if s.code == code)


def future_day(days: int = 30) -> date:
    return (utc_now() + timedelta(days=days)).date()


async def set_status(event_id: int, status: str) -> None:
    await Event.update({Event.status: status}).where(Event.id == event_id)


async def give_email(registration: Registration, email: str) -> None:
    await Person.update({Person.email: email}).where(Person.id == registration.person)


async def meeting_fair(
    *,
    teams: int = 2,
    enterprises: int = 2,
    status: str = "scheduled",
    host_tables: bool = True,
    tables: int | None = None,
    sessions: tuple[tuple[str, str], ...] = (("09:00", "10:00"),),
    starts_on: date | None = None,
    emails: bool = True,
    **details: Any,
) -> MeetingFair:
    """A fair (in the future) with approved teams (each hosting a table) and approved enterprises."""
    event = await make_fair(
        tables=tables if tables is not None else max(teams, 1) + 1,
        sessions=sessions,
        starts_on=starts_on or future_day(),
        venue="江城大学国际会议中心",
        title_en="Test Fair",
        **details,
    )
    slot_rows = list(await Slot.objects().where(Slot.event == event.id).order_by(Slot.position))
    table_rows = list(await MeetingTable.objects().where(MeetingTable.event == event.id).order_by(MeetingTable.code))
    team_regs = []
    for n in range(teams):
        team = await make_registration(
            event_id=event.id,
            role="team",
            team_name=f"课题组{n + 1}",
            host_table_id=table_rows[n].id if host_tables else None,
            person_name=f"教授{n + 1}",
        )
        if emails:
            await give_email(team, f"team{n + 1}@example.edu.cn")
        team_regs.append(team)
    enterprise_regs = []
    for n in range(enterprises):
        enterprise = await make_registration(event_id=event.id, role="enterprise", person_name=f"经理{n + 1}")
        if emails:
            await give_email(enterprise, f"boss{n + 1}@example.com")
        enterprise_regs.append(enterprise)
    await set_status(event.id, status)
    refreshed = await Event.objects().where(Event.id == event.id).first()
    assert refreshed is not None
    return MeetingFair(
        event=refreshed, slots=slot_rows, tables=table_rows, teams=team_regs, enterprises=enterprise_regs
    )


async def scheduled_meeting(
    *,
    fair: MeetingFair,
    requester: Registration,
    recipient: Registration,
    slot: Slot,
    table: MeetingTable,
    published: bool = True,
    achievement_id: int | None = None,
) -> Meeting:
    """A meeting as the scheduler's publication writes it: an accepted request, the meeting, both seats."""
    request = MeetingRequest(
        event=fair.event.id,
        requester=requester.id,
        recipient=recipient.id,
        status="accepted",
        priority=3,
        achievement=achievement_id,
    )
    await request.save()
    run = ScheduleRun(event=fair.event.id, status="published" if published else "done")
    if published:
        run.published_at = utc_now()
    await run.save()
    meeting = Meeting(
        event=fair.event.id, request=request.id, slot=slot.id, table=table.id, seat=0, schedule_run=run.id
    )
    await meeting.save()
    await MeetingAttendee.insert(
        MeetingAttendee(meeting=meeting.id, registration=requester.id, slot=slot.id),
        MeetingAttendee(meeting=meeting.id, registration=recipient.id, slot=slot.id),
    )
    return meeting
