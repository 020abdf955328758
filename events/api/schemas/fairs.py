"""Fairs with their slot grid and tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from events.api.schemas.common import Code, Input, LongText, ShortText
from events.tables import Event, MeetingTable, Slot
from events.vocabulary import EventFormat, EventStatus

HourMinute = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["09:00"])]


class SlotGridInput(Input, kw_only=True):
    sessions: Annotated[
        list[tuple[HourMinute, HourMinute]],
        msgspec.Meta(min_length=1, max_length=12, examples=[[["09:00", "12:00"], ["14:00", "17:00"]]]),
    ]
    slot_minutes: Annotated[int, msgspec.Meta(ge=5, le=240)] = 20
    break_minutes: Annotated[int, msgspec.Meta(ge=0, le=120)] = 0
    days: list[date] = []


class TableInput(Input, kw_only=True):
    code: Code
    name: ShortText = ""
    capacity: Annotated[int, msgspec.Meta(ge=1, le=50)] = 1
    area: ShortText = ""


class TablesInput(Input, kw_only=True):
    """Either ``count`` numbered tables (T01, T02, ...) or an explicit list."""

    count: Annotated[int, msgspec.Meta(ge=0, le=2000)] = 0
    prefix: Annotated[str, msgspec.Meta(max_length=8, pattern=r"^[A-Za-z]*$")] = "T"
    capacity: Annotated[int, msgspec.Meta(ge=1, le=50)] = 1
    tables: list[TableInput] = []


class EventCreate(Input, kw_only=True):
    slug: Annotated[str, msgspec.Meta(min_length=3, max_length=80, examples=["2026-winter-university-fair"])]
    title: ShortText
    format: EventFormat
    starts_on: date
    ends_on: date
    grid: SlotGridInput
    tables: TablesInput = msgspec.field(default_factory=TablesInput)
    title_en: ShortText = ""
    description: LongText = ""
    venue: ShortText = ""
    venue_en: ShortText = ""
    address: Annotated[str, msgspec.Meta(max_length=255)] = ""
    district: Annotated[str, msgspec.Meta(max_length=50)] = ""
    host_id: int | None = None
    time_zone: Annotated[str, msgspec.Meta(max_length=64)] = "Asia/Shanghai"
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    capacities: dict[str, Annotated[int, msgspec.Meta(ge=0)]] = {}
    request_expiry_hours: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)] | None = None
    max_requests_per_participant: Annotated[int, msgspec.Meta(ge=0)] | None = None
    max_meetings_per_participant: Annotated[int, msgspec.Meta(ge=0)] | None = None


class EventStatusChange(Input, kw_only=True):
    status: EventStatus


class SlotOut(msgspec.Struct, kw_only=True):
    id: int
    code: str
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def of(cls, slot: Slot) -> SlotOut:
        return cls(id=slot.id, code=slot.code, starts_at=slot.starts_at, ends_at=slot.ends_at)


class TableOut(msgspec.Struct, kw_only=True):
    id: int
    code: str
    name: str
    capacity: int
    area: str

    @classmethod
    def of(cls, table: MeetingTable) -> TableOut:
        return cls(id=table.id, code=table.code, name=table.name, capacity=table.capacity, area=table.area)


class EventSummary(msgspec.Struct, kw_only=True):
    id: int
    slug: str
    title: str
    title_en: str
    format: EventFormat
    status: EventStatus
    venue: str
    district: str
    starts_on: date
    ends_on: date
    time_zone: str

    @classmethod
    def of(cls, event: Event) -> EventSummary:
        return cls(
            id=event.id,
            slug=event.slug,
            title=event.title,
            title_en=event.title_en,
            format=EventFormat(event.format),
            status=EventStatus(event.status),
            venue=event.venue,
            district=event.district,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            time_zone=event.time_zone,
        )


class EventOut(EventSummary, kw_only=True):
    description: str
    venue_en: str
    address: str
    host_id: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    capacities: dict[str, int]
    request_expiry_hours: int | None
    max_requests_per_participant: int | None
    max_meetings_per_participant: int | None
    slot_grid: dict[str, object]
    slots: list[SlotOut]
    tables: list[TableOut]

    @classmethod
    def full(cls, event: Event, slots: list[Slot], tables: list[MeetingTable]) -> EventOut:
        summary = EventSummary.of(event)
        return cls(
            **{f: getattr(summary, f) for f in summary.__struct_fields__},
            description=event.description,
            venue_en=event.venue_en,
            address=event.address,
            host_id=event.host,
            registration_opens_at=event.registration_opens_at,
            registration_closes_at=event.registration_closes_at,
            capacities={str(k): int(str(v)) for k, v in _json(event.capacities).items()},
            request_expiry_hours=event.request_expiry_hours,
            max_requests_per_participant=event.max_requests_per_participant,
            max_meetings_per_participant=event.max_meetings_per_participant,
            slot_grid=_json(event.slot_grid),
            slots=[SlotOut.of(s) for s in slots],
            tables=[TableOut.of(t) for t in tables],
        )


def _json(value: object) -> dict[str, object]:
    """Piccolo hands JSON columns back as text unless asked otherwise."""
    if isinstance(value, str):
        decoded = msgspec.json.decode(value or "{}")
        return decoded if isinstance(decoded, dict) else {}
    return value if isinstance(value, dict) else {}
