"""Agendas: a participant's meetings, a table's sheet, and the organizer's grid of all tables and slots.

Read models only. A participant sees a meeting once it is published: meetings of a schedule run count from the
run's ``published_at``; meetings made outside the scheduler (bookings, the organizer's placements) at once.
The organizer's grid and the table sheets show every meeting that stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.custom_types import Combinable

from events.errors import NotFoundError
from events.parties import Party, get_event, load_parties
from events.tables import Achievement, Demand, Event, Meeting, MeetingTable, Registration, Slot
from events.vocabulary import MeetingStatus

CANCELLED = MeetingStatus.CANCELLED.value


@dataclass(frozen=True, slots=True)
class MeetingView:
    id: int
    event_id: int
    status: str
    sequence: int
    locked: bool
    published: bool
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None
    slot_id: int
    slot_code: str
    starts_at: datetime
    ends_at: datetime
    table_id: int
    table_code: str
    table_name: str
    table_area: str
    seat: int
    request_id: int
    requester: Party
    recipient: Party
    achievement_id: int | None
    achievement_title: str
    demand_id: int | None
    demand_title: str
    message: str

    @property
    def about(self) -> str:
        return " · ".join(t for t in (self.achievement_title, self.demand_title) if t)

    @property
    def table_label(self) -> str:
        return self.table_name or self.table_code

    @property
    def team(self) -> Party:
        return self.requester if self.requester.is_team else self.recipient

    @property
    def seeker(self) -> Party:
        return self.recipient if self.requester.is_team else self.requester

    def day(self, time_zone: str) -> date:
        """The local day of the meeting in the fair's zone (for headings)."""
        return self.starts_at.astimezone(ZoneInfo(time_zone)).date()

    def counterpart_of(self, registration_id: int) -> Party:
        return self.recipient if self.requester.id == registration_id else self.requester


COLUMNS: tuple[Any, ...] = (
    Meeting.id,
    Meeting.event,
    Meeting.status,
    Meeting.sequence,
    Meeting.locked,
    Meeting.created_at,
    Meeting.updated_at,
    Meeting.cancelled_at,
    Meeting.seat,
    Meeting.schedule_run,
    Meeting.schedule_run.published_at,
    Meeting.request,
    Meeting.request.requester,
    Meeting.request.recipient,
    Meeting.request.achievement,
    Meeting.request.demand,
    Meeting.request.message,
    Meeting.slot,
    Meeting.slot.code,
    Meeting.slot.starts_at,
    Meeting.slot.ends_at,
    Meeting.slot.position,
    Meeting.table,
    Meeting.table.code,
    Meeting.table.name,
    Meeting.table.area,
)


def published_condition() -> Combinable:
    """Meetings participants may see: outside any schedule run, or of a published run."""
    condition: Combinable = Meeting.schedule_run.is_null() | Meeting.schedule_run.published_at.is_not_null()
    return condition


async def _titles(table: type[Achievement] | type[Demand], ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await table.select(table.id, table.title).where(table.id.is_in(sorted(ids)))
    return {r["id"]: r["title"] for r in rows}


async def meetings(
    *,
    event_id: int,
    registration_id: int | None = None,
    table_id: int | None = None,
    meeting_ids: list[int] | None = None,
    include_cancelled: bool = False,
    published_only: bool = False,
) -> list[MeetingView]:
    """Meetings of a fair in time order (then table), optionally of one participant or one table."""
    query = Meeting.select(*COLUMNS).where(Meeting.event == event_id)
    if registration_id is not None:
        query = query.where(
            (Meeting.request.requester == registration_id) | (Meeting.request.recipient == registration_id)
        )
    if table_id is not None:
        query = query.where(Meeting.table == table_id)
    if meeting_ids is not None:
        query = query.where(Meeting.id.is_in(meeting_ids or [-1]))
    if not include_cancelled:
        query = query.where(Meeting.status != CANCELLED)
    if published_only:
        query = query.where(published_condition())
    rows = await query.order_by(Meeting.slot.position).order_by(Meeting.table.code).order_by(Meeting.id)
    parties = await load_parties([r["request.requester"] for r in rows] + [r["request.recipient"] for r in rows])
    achievements = await _titles(Achievement, {r["request.achievement"] for r in rows if r["request.achievement"]})
    demands = await _titles(Demand, {r["request.demand"] for r in rows if r["request.demand"]})
    return [
        MeetingView(
            id=r["id"],
            event_id=r["event"],
            status=r["status"],
            sequence=r["sequence"],
            locked=r["locked"],
            published=r["schedule_run"] is None or r["schedule_run.published_at"] is not None,
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            cancelled_at=r["cancelled_at"],
            slot_id=r["slot"],
            slot_code=r["slot.code"],
            starts_at=r["slot.starts_at"],
            ends_at=r["slot.ends_at"],
            table_id=r["table"],
            table_code=r["table.code"],
            table_name=r["table.name"] or "",
            table_area=r["table.area"] or "",
            seat=r["seat"],
            request_id=r["request"],
            requester=parties[r["request.requester"]],
            recipient=parties[r["request.recipient"]],
            achievement_id=r["request.achievement"],
            achievement_title=achievements.get(r["request.achievement"], ""),
            demand_id=r["request.demand"],
            demand_title=demands.get(r["request.demand"], ""),
            message=r["request.message"] or "",
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class Agenda:
    event: Event
    me: Party
    meetings: list[MeetingView]  # standing meetings, in time order
    cancelled: list[MeetingView]  # published meetings that were cancelled (kept for the calendar feed)

    def days(self) -> list[tuple[str, list[MeetingView]]]:
        """Standing meetings grouped by day of the fair (the slot code's day prefix, e.g. d1)."""
        grouped: dict[str, list[MeetingView]] = {}
        for meeting in self.meetings:
            grouped.setdefault(meeting.slot_code.split("-")[0], []).append(meeting)
        return list(grouped.items())


async def participant_agenda(*, registration_id: int) -> Agenda:
    """A participant's published meetings (and the published ones that were cancelled)."""
    me = (await load_parties([registration_id])).get(registration_id)
    if me is None:
        raise NotFoundError("unknown_registration", f"no participant with id {registration_id}")
    event = await get_event(me.event_id)
    found = await meetings(
        event_id=event.id, registration_id=registration_id, include_cancelled=True, published_only=True
    )
    return Agenda(
        event=event,
        me=me,
        meetings=[m for m in found if m.status != CANCELLED],
        cancelled=[m for m in found if m.status == CANCELLED],
    )


@dataclass(frozen=True, slots=True)
class SheetRow:
    slot: Slot
    meetings: list[MeetingView]


@dataclass(frozen=True, slots=True)
class TableSheet:
    event: Event
    table: MeetingTable
    host: Party | None  # the team that sits at this table
    rows: list[SheetRow]  # every slot of the fair, with the table's meetings in it

    @property
    def booked(self) -> int:
        return sum(len(r.meetings) for r in self.rows)


async def table_sheet(*, event_id: int, table_id: int) -> TableSheet:
    event = await get_event(event_id)
    table = await MeetingTable.objects().where((MeetingTable.id == table_id) & (MeetingTable.event == event_id)).first()
    if table is None:
        raise NotFoundError("unknown_table", f"fair {event_id} has no table {table_id}")
    slots = await Slot.objects().where(Slot.event == event_id).order_by(Slot.position)
    found = await meetings(event_id=event_id, table_id=table_id)
    by_slot: dict[int, list[MeetingView]] = {}
    for meeting in found:
        by_slot.setdefault(meeting.slot_id, []).append(meeting)
    host_row = (
        await Registration.select(Registration.id)
        .where((Registration.event == event_id) & (Registration.host_table == table_id))
        .first()
    )
    host = (await load_parties([host_row["id"]]))[host_row["id"]] if host_row else None
    return TableSheet(
        event=event, table=table, host=host, rows=[SheetRow(slot=s, meetings=by_slot.get(s.id, [])) for s in slots]
    )


@dataclass(frozen=True, slots=True)
class Grid:
    """All tables × all slots of a fair: who meets whom where."""

    event: Event
    slots: list[Slot]
    tables: list[MeetingTable]
    cells: dict[tuple[int, int], list[MeetingView]]  # (table id, slot id) → meetings
    hosts: dict[int, Party]  # table id → the team hosting it

    def cell(self, table_id: int, slot_id: int) -> list[MeetingView]:
        return self.cells.get((table_id, slot_id), [])

    @property
    def meeting_count(self) -> int:
        return sum(len(v) for v in self.cells.values())

    @property
    def seat_count(self) -> int:
        return len(self.slots) * sum(t.capacity for t in self.tables)


async def grid(*, event_id: int) -> Grid:
    event = await get_event(event_id)
    slots = list(await Slot.objects().where(Slot.event == event_id).order_by(Slot.position))
    tables = list(await MeetingTable.objects().where(MeetingTable.event == event_id).order_by(MeetingTable.code))
    cells: dict[tuple[int, int], list[MeetingView]] = {}
    for meeting in await meetings(event_id=event_id):
        cells.setdefault((meeting.table_id, meeting.slot_id), []).append(meeting)
    host_rows = await Registration.select(Registration.id, Registration.host_table).where(
        (Registration.event == event_id) & Registration.host_table.is_not_null()
    )
    parties = await load_parties([r["id"] for r in host_rows])
    hosts = {r["host_table"]: parties[r["id"]] for r in host_rows if r["id"] in parties}
    return Grid(event=event, slots=slots, tables=tables, cells=cells, hosts=hosts)
