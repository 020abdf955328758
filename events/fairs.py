"""Fairs: creating a fair with its slot grid and tables, reading and listing fairs.

A fair's slots are generated from a grid (days × sessions × slot length) and stored as rows with stable
codes such as ``d1-0900`` (day 1, 09:00), the ids of the schedule exchange format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from events.database import write_transaction
from events.errors import DomainError, ErrorKind, NotFoundError
from events.pagination import Page, PageRequest
from events.tables import Event, MeetingTable, Slot
from events.vocabulary import EventFormat, EventStatus

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
MAX_SLOTS = 400
MAX_TABLES = 2000


class FairError(DomainError):
    """Refusals about a fair's set-up."""


@dataclass(frozen=True, slots=True)
class Session:
    starts: time
    ends: time


@dataclass(frozen=True, slots=True)
class SlotGrid:
    """Which days, which sessions per day (e.g. 09:00-12:00, 14:00-17:00), how long a slot, pause between."""

    sessions: tuple[Session, ...]
    slot_minutes: int = 20
    break_minutes: int = 0
    days: tuple[date, ...] = ()  # empty: every day of the fair

    def as_json(self) -> dict[str, Any]:
        return {
            "days": [d.isoformat() for d in self.days],
            "sessions": [[s.starts.strftime("%H:%M"), s.ends.strftime("%H:%M")] for s in self.sessions],
            "slot_minutes": self.slot_minutes,
            "break_minutes": self.break_minutes,
        }


@dataclass(frozen=True, slots=True)
class TableSpec:
    code: str
    name: str = ""
    capacity: int = 1
    area: str = ""


@dataclass(frozen=True, slots=True)
class GeneratedSlot:
    code: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class FairDetails:
    """Everything optional about a fair, so that :func:`create_fair` keeps a short signature."""

    title_en: str = ""
    description: str = ""
    venue: str = ""
    venue_en: str = ""
    address: str = ""
    district: str = ""
    host_id: int | None = None
    time_zone: str = "Asia/Shanghai"
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    capacities: dict[str, int] = field(default_factory=dict)
    request_expiry_hours: int | None = None
    max_requests_per_participant: int | None = None
    max_meetings_per_participant: int | None = None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FairError(
            "unknown_time_zone", f"unknown time zone {name!r} (e.g. Asia/Shanghai)", field="time_zone"
        ) from None


def fair_days(starts_on: date, ends_on: date) -> list[date]:
    return [starts_on + timedelta(days=i) for i in range((ends_on - starts_on).days + 1)]


def _check_grid(*, grid: SlotGrid, starts_on: date, ends_on: date) -> list[date]:
    """The days the grid covers; refuses grids that make no sense."""
    if ends_on < starts_on:
        raise FairError(
            "ends_before_start", f"the fair ends ({ends_on}) before it starts ({starts_on})", field="ends_on"
        )
    if not 5 <= grid.slot_minutes <= 240:
        raise FairError(
            "invalid_slot_length", f"a slot lasts 5 to 240 minutes, not {grid.slot_minutes}", field="slot_minutes"
        )
    if not 0 <= grid.break_minutes <= 120:
        raise FairError(
            "invalid_break", f"a break lasts 0 to 120 minutes, not {grid.break_minutes}", field="break_minutes"
        )
    if not grid.sessions:
        raise FairError("no_sessions", "the slot grid needs at least one session (e.g. 09:00-12:00)", field="sessions")
    all_days = fair_days(starts_on, ends_on)
    for day in grid.days:
        if day not in all_days:
            raise FairError(
                "day_outside_fair", f"day {day} is outside the fair ({starts_on} to {ends_on})", field="days"
            )
    sessions = sorted(grid.sessions, key=lambda s: s.starts)
    for index, session in enumerate(sessions):
        if session.starts >= session.ends:
            raise FairError(
                "session_ends_before_start",
                f"session {session.starts:%H:%M}-{session.ends:%H:%M} ends before it starts",
                field="sessions",
            )
        if index and session.starts < sessions[index - 1].ends:
            raise FairError(
                "sessions_overlap", f"session starting {session.starts:%H:%M} overlaps the one before", field="sessions"
            )
    return all_days


def generate_slots(*, grid: SlotGrid, starts_on: date, ends_on: date, time_zone: str) -> list[GeneratedSlot]:
    """The slots of a grid, in time order, with codes ``d{day}-{HHMM}``."""
    tz = zone(time_zone)
    all_days = _check_grid(grid=grid, starts_on=starts_on, ends_on=ends_on)
    days = sorted(set(grid.days)) if grid.days else all_days
    sessions = sorted(grid.sessions, key=lambda s: s.starts)
    slots: list[GeneratedSlot] = []
    step = timedelta(minutes=grid.slot_minutes + grid.break_minutes)
    length = timedelta(minutes=grid.slot_minutes)
    for day in days:
        day_number = all_days.index(day) + 1
        for session in sessions:
            start = datetime.combine(day, session.starts, tzinfo=tz)
            session_end = datetime.combine(day, session.ends, tzinfo=tz)
            while start + length <= session_end:
                slots.append(GeneratedSlot(code=f"d{day_number}-{start:%H%M}", starts_at=start, ends_at=start + length))
                start += step
    if not slots:
        raise FairError(
            "empty_grid", "the slot grid produces no slot: sessions are shorter than one slot", field="sessions"
        )
    if len(slots) > MAX_SLOTS:
        raise FairError(
            "too_many_slots", f"the grid produces {len(slots)} slots; at most {MAX_SLOTS}", field="sessions"
        )
    return slots


def numbered_tables(*, count: int, prefix: str = "T", capacity: int = 1) -> list[TableSpec]:
    width = max(2, len(str(count)))
    return [
        TableSpec(code=f"{prefix}{n:0{width}d}", name=f"{prefix}{n:0{width}d}", capacity=capacity)
        for n in range(1, count + 1)
    ]


def _check_tables(tables: list[TableSpec]) -> None:
    if len(tables) > MAX_TABLES:
        raise FairError("too_many_tables", f"{len(tables)} tables; at most {MAX_TABLES}", field="tables")
    seen: set[str] = set()
    for spec in tables:
        if not spec.code.strip():
            raise FairError("invalid_table", "a table needs a code (e.g. T01)", field="tables")
        if spec.code in seen:
            raise FairError("duplicate_table", f"table code {spec.code!r} is used twice", field="tables")
        if not 1 <= spec.capacity <= 50:
            raise FairError(
                "invalid_capacity",
                f"table {spec.code!r}: capacity must be 1 to 50, not {spec.capacity}",
                field="tables",
            )
        seen.add(spec.code)


def _check_details(details: FairDetails) -> None:
    zone(details.time_zone)
    opens, closes = details.registration_opens_at, details.registration_closes_at
    if opens and closes and closes <= opens:
        raise FairError(
            "window_closes_before_open", "registration closes before it opens", field="registration_closes_at"
        )
    for role, capacity in details.capacities.items():
        if capacity < 0:
            raise FairError("invalid_capacity", f"capacity for {role!r} must not be negative", field="capacities")


async def create_fair(
    *,
    slug: str,
    title: str,
    format: EventFormat,
    starts_on: date,
    ends_on: date,
    grid: SlotGrid,
    tables: list[TableSpec],
    details: FairDetails | None = None,
    created_by: int | None = None,
) -> Event:
    """Create a fair, its slots and its tables in one transaction."""
    details = details or FairDetails()
    if not SLUG_PATTERN.match(slug):
        raise FairError(
            "invalid_slug", f"slug {slug!r} must be 3-80 lowercase letters, digits or hyphens", field="slug"
        )
    if not title.strip():
        raise FairError("missing_title", "a fair needs a title", field="title")
    _check_details(details)
    slots = generate_slots(grid=grid, starts_on=starts_on, ends_on=ends_on, time_zone=details.time_zone)
    _check_tables(tables)
    async with write_transaction():
        if await Event.exists().where(Event.slug == slug):
            raise FairError(
                "slug_taken", f"a fair with slug {slug!r} already exists", kind=ErrorKind.CONFLICT, field="slug"
            )
        event = Event(
            slug=slug,
            title=title.strip(),
            format=format.value,
            status=EventStatus.DRAFT.value,
            starts_on=starts_on,
            ends_on=ends_on,
            slot_grid=grid.as_json(),
            title_en=details.title_en,
            description=details.description,
            venue=details.venue,
            venue_en=details.venue_en,
            address=details.address,
            district=details.district,
            host=details.host_id,
            time_zone=details.time_zone,
            registration_opens_at=details.registration_opens_at,
            registration_closes_at=details.registration_closes_at,
            capacities=details.capacities,
            request_expiry_hours=details.request_expiry_hours,
            max_requests_per_participant=details.max_requests_per_participant,
            max_meetings_per_participant=details.max_meetings_per_participant,
            created_by=created_by,
        )
        await event.save()
        await Slot.insert(
            *[
                Slot(event=event.id, code=s.code, starts_at=s.starts_at, ends_at=s.ends_at, position=i)
                for i, s in enumerate(slots)
            ]
        )
        if tables:
            await MeetingTable.insert(
                *[
                    MeetingTable(event=event.id, code=t.code, name=t.name or t.code, capacity=t.capacity, area=t.area)
                    for t in tables
                ]
            )
    return event


async def get_fair(*, event_id: int) -> Event:
    event = await Event.objects().where(Event.id == event_id).first()
    if event is None:
        raise NotFoundError("unknown_event", f"no fair with id {event_id}")
    return event


async def get_fair_by_slug(*, slug: str) -> Event:
    event = await Event.objects().where(Event.slug == slug).first()
    if event is None:
        raise NotFoundError("unknown_event", f"no fair with slug {slug!r}")
    return event


async def list_fairs(
    *, page: PageRequest, status: EventStatus | None = None, format: EventFormat | None = None
) -> Page[Event]:
    query = Event.objects().order_by(Event.starts_on, ascending=False).order_by(Event.id)
    count = Event.count()
    if status is not None:
        query = query.where(Event.status == status.value)
        count = count.where(Event.status == status.value)
    if format is not None:
        query = query.where(Event.format == format.value)
        count = count.where(Event.format == format.value)
    items = await query.limit(page.limit).offset(page.offset)
    return Page(items=list(items), total=await count, limit=page.limit, offset=page.offset)


async def fair_slots(*, event_id: int) -> list[Slot]:
    return list(await Slot.objects().where(Slot.event == event_id).order_by(Slot.position))


async def fair_tables(*, event_id: int) -> list[MeetingTable]:
    return list(await MeetingTable.objects().where(MeetingTable.event == event_id).order_by(MeetingTable.code))


ALLOWED_STATUS_CHANGES: dict[EventStatus, set[EventStatus]] = {
    EventStatus.DRAFT: {EventStatus.OPEN},
    EventStatus.OPEN: {EventStatus.CLOSED, EventStatus.DRAFT},
    EventStatus.CLOSED: {EventStatus.OPEN, EventStatus.SCHEDULED},
    EventStatus.SCHEDULED: {EventStatus.RUNNING, EventStatus.CLOSED},
    EventStatus.RUNNING: {EventStatus.FINISHED},
    EventStatus.FINISHED: set(),
}


async def change_status(*, event_id: int, status: EventStatus) -> Event:
    event = await get_fair(event_id=event_id)
    current = EventStatus(event.status)
    if status is current:
        return event
    if status not in ALLOWED_STATUS_CHANGES[current]:
        raise FairError(
            "invalid_status_change",
            f"a fair that is {current.value} cannot become {status.value}",
            kind=ErrorKind.CONFLICT,
            field="status",
        )
    await Event.update({Event.status: status.value}).where(Event.id == event_id)
    event.status = status.value
    return event
