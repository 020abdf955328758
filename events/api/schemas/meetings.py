"""Meeting requests, meetings, agendas, calendar links and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from events.agenda import Agenda, Grid, MeetingView, TableSheet
from events.api.schemas.common import Code, Input, Ref
from events.booking import FreeSlot
from events.notifications import NotificationView
from events.parties import Party
from events.requests import MAX_MESSAGE, PRIORITY_MAX, PRIORITY_MIN, RequestView
from events.tables import Delivery, NotificationKind
from events.vocabulary import MeetingStatus, RegistrationRole, RequestStatus

Priority = Annotated[
    int,
    msgspec.Meta(
        ge=PRIORITY_MIN, le=PRIORITY_MAX, description="1 (nice to have) to 5 (must meet): the scheduler's weight"
    ),
]
Message = Annotated[str, msgspec.Meta(max_length=MAX_MESSAGE)]
SlotCode = Annotated[Code, msgspec.Meta(examples=["d1-0920"], description="a slot code of the fair's grid")]
Direction = Literal["sent", "received"]


# --- in ----------------------------------------------------------------------------------------------------


class RequestCreate(Input, kw_only=True):
    """A participant asks another for a meeting."""

    recipient_id: int
    message: Message = ""
    priority: Priority = 3
    achievement_id: int | None = None
    demand_id: int | None = None


class OrganizerRequestCreate(Input, kw_only=True):
    """The organizer arranges a request: accepted at once; ``required`` forces the scheduler to place it."""

    requester_id: int
    recipient_id: int
    priority: Priority = 3
    required: bool = False
    message: Message = ""
    achievement_id: int | None = None
    demand_id: int | None = None
    allowed_slots: Annotated[list[SlotCode], msgspec.Meta(max_length=400)] = []


class BookingCreate(Input, kw_only=True):
    """Book a free slot with a counterpart (after the schedule is published)."""

    counterpart_id: int
    slot: SlotCode
    request_id: int | None = None
    achievement_id: int | None = None
    demand_id: int | None = None
    message: Message = ""


class MoveIn(Input, kw_only=True):
    slot: SlotCode


class OrganizerMoveIn(Input, kw_only=True):
    slot: SlotCode
    table: Code | None = None
    force: bool = False


class PlaceIn(Input, kw_only=True):
    """The organizer adds a meeting for a request, or for two participants; ``force`` fixes it in place."""

    slot: SlotCode
    request_id: int | None = None
    requester_id: int | None = None
    recipient_id: int | None = None
    table: Code | None = None
    force: bool = False


class UnavailableIn(Input, kw_only=True):
    slots: Annotated[list[SlotCode], msgspec.Meta(max_length=400)]


class MarkReadIn(Input, kw_only=True):
    """Mark messages read: the ones named, or all when ``ids`` is left out."""

    ids: Annotated[list[int], msgspec.Meta(max_length=500)] | None = None


# --- out ---------------------------------------------------------------------------------------------------


class PartyOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    role: RegistrationRole
    contact: str = ""

    @classmethod
    def of(cls, party: Party) -> PartyOut:
        return cls(id=party.id, name=party.name, role=RegistrationRole(party.role), contact=party.person)


class SlotOut(msgspec.Struct, kw_only=True):
    code: str
    starts_at: datetime
    ends_at: datetime


class TableOut(msgspec.Struct, kw_only=True):
    id: int
    code: str
    name: str
    area: str


class RequestOut(msgspec.Struct, kw_only=True):
    id: int
    event_id: int
    requester: Ref
    recipient: Ref
    achievement: Ref | None
    demand: Ref | None
    message: str
    priority: int
    status: RequestStatus
    required: bool
    arranged_by_organizer: bool
    created_at: datetime
    responded_at: datetime | None
    expires_at: datetime | None
    meeting_id: int | None

    @classmethod
    def of(cls, view: RequestView) -> RequestOut:
        return cls(
            id=view.id,
            event_id=view.event_id,
            requester=Ref(id=view.requester.id, name=view.requester.name),
            recipient=Ref(id=view.recipient.id, name=view.recipient.name),
            achievement=Ref(id=view.achievement_id, name=view.achievement_title) if view.achievement_id else None,
            demand=Ref(id=view.demand_id, name=view.demand_title) if view.demand_id else None,
            message=view.message,
            priority=view.priority,
            status=RequestStatus(view.status),
            required=view.required,
            arranged_by_organizer=view.arranged,
            created_at=view.created_at,
            responded_at=view.responded_at,
            expires_at=view.expires_at,
            meeting_id=view.meeting_id,
        )


class MeetingOut(msgspec.Struct, kw_only=True):
    id: int
    event_id: int
    status: MeetingStatus
    slot: SlotOut
    table: TableOut
    seat: int
    request_id: int
    requester: PartyOut
    recipient: PartyOut
    counterpart: PartyOut | None = None  # for a participant: the other side
    achievement: Ref | None
    demand: Ref | None
    locked: bool
    sequence: int
    updated_at: datetime
    cancelled_at: datetime | None

    @classmethod
    def of(cls, view: MeetingView, *, me: int | None = None) -> MeetingOut:
        return cls(
            id=view.id,
            event_id=view.event_id,
            status=MeetingStatus(view.status),
            slot=SlotOut(code=view.slot_code, starts_at=view.starts_at, ends_at=view.ends_at),
            table=TableOut(id=view.table_id, code=view.table_code, name=view.table_name, area=view.table_area),
            seat=view.seat,
            request_id=view.request_id,
            requester=PartyOut.of(view.requester),
            recipient=PartyOut.of(view.recipient),
            counterpart=PartyOut.of(view.counterpart_of(me)) if me is not None else None,
            achievement=Ref(id=view.achievement_id, name=view.achievement_title) if view.achievement_id else None,
            demand=Ref(id=view.demand_id, name=view.demand_title) if view.demand_id else None,
            locked=view.locked,
            sequence=view.sequence,
            updated_at=view.updated_at,
            cancelled_at=view.cancelled_at,
        )


class CalendarLinks(msgspec.Struct, kw_only=True):
    """The agenda as a file to download, and as a feed to subscribe to (secret: anyone with it can read it)."""

    download: str
    feed: str
    webcal: str


class AgendaOut(msgspec.Struct, kw_only=True):
    event_id: int
    time_zone: str
    me: PartyOut
    meetings: list[MeetingOut]
    cancelled: list[MeetingOut]
    calendar: CalendarLinks

    @classmethod
    def of(cls, agenda: Agenda, links: CalendarLinks) -> AgendaOut:
        me = agenda.me.id
        return cls(
            event_id=agenda.event.id,
            time_zone=agenda.event.time_zone,
            me=PartyOut.of(agenda.me),
            meetings=[MeetingOut.of(m, me=me) for m in agenda.meetings],
            cancelled=[MeetingOut.of(m, me=me) for m in agenda.cancelled],
            calendar=links,
        )


class FreeSlotOut(msgspec.Struct, kw_only=True):
    code: str
    starts_at: datetime
    ends_at: datetime
    table: str

    @classmethod
    def of(cls, free: FreeSlot) -> FreeSlotOut:
        return cls(code=free.code, starts_at=free.starts_at, ends_at=free.ends_at, table=free.table_code)


class UnavailableOut(msgspec.Struct, kw_only=True):
    slots: list[str]


class CounterpartOut(msgspec.Struct, kw_only=True):
    """Someone a participant may ask for a meeting, with what they bring to the fair."""

    id: int
    name: str
    role: RegistrationRole
    achievements: list[Ref]
    demands: list[Ref]


class SheetRowOut(msgspec.Struct, kw_only=True):
    slot: SlotOut
    meetings: list[MeetingOut]


class TableSheetOut(msgspec.Struct, kw_only=True):
    table: TableOut
    host: PartyOut | None
    rows: list[SheetRowOut]

    @classmethod
    def of(cls, sheet: TableSheet) -> TableSheetOut:
        t = sheet.table
        return cls(
            table=TableOut(id=t.id, code=t.code, name=t.name, area=t.area),
            host=PartyOut.of(sheet.host) if sheet.host else None,
            rows=[
                SheetRowOut(
                    slot=SlotOut(code=r.slot.code, starts_at=r.slot.starts_at, ends_at=r.slot.ends_at),
                    meetings=[MeetingOut.of(m) for m in r.meetings],
                )
                for r in sheet.rows
            ],
        )


class GridCellOut(msgspec.Struct, kw_only=True):
    table: str
    slot: str
    meetings: list[int]


class GridOut(msgspec.Struct, kw_only=True):
    """All tables × all slots: ``cells`` lists the occupied ones; ``meetings`` describes each meeting once."""

    slots: list[SlotOut]
    tables: list[TableOut]
    cells: list[GridCellOut]
    meetings: list[MeetingOut]
    meeting_count: int
    seat_count: int

    @classmethod
    def of(cls, grid: Grid) -> GridOut:
        codes = {t.id: t.code for t in grid.tables}
        slot_codes = {s.id: s.code for s in grid.slots}
        views = [m for cell in grid.cells.values() for m in cell]
        return cls(
            slots=[SlotOut(code=s.code, starts_at=s.starts_at, ends_at=s.ends_at) for s in grid.slots],
            tables=[TableOut(id=t.id, code=t.code, name=t.name, area=t.area) for t in grid.tables],
            cells=[
                GridCellOut(table=codes[table_id], slot=slot_codes[slot_id], meetings=[m.id for m in found])
                for (table_id, slot_id), found in sorted(grid.cells.items())
            ],
            meetings=[MeetingOut.of(m) for m in sorted(views, key=lambda m: m.id)],
            meeting_count=grid.meeting_count,
            seat_count=grid.seat_count,
        )


class NotificationOut(msgspec.Struct, kw_only=True):
    id: int
    kind: NotificationKind
    subject: str
    body: str
    registration_id: int
    recipient: str
    request_id: int | None
    meeting_id: int | None
    created_at: datetime
    read_at: datetime | None
    email: str
    delivery: Delivery
    sent_at: datetime | None
    attempts: int
    last_error: str

    @classmethod
    def of(cls, view: NotificationView) -> NotificationOut:
        return cls(
            id=view.id,
            kind=NotificationKind(view.kind),
            subject=view.subject,
            body=view.body,
            registration_id=view.registration_id,
            recipient=view.recipient,
            request_id=view.request_id,
            meeting_id=view.meeting_id,
            created_at=view.created_at,
            read_at=view.read_at,
            email=view.email,
            delivery=Delivery(view.delivery),
            sent_at=view.sent_at,
            attempts=view.attempts,
            last_error=view.last_error,
        )


class ChangedOut(msgspec.Struct, kw_only=True):
    changed: int


class DeliveryOut(msgspec.Struct, kw_only=True):
    smtp_configured: bool
    sent: int
    failed: int
    retrying: int


Limit = Annotated[int, msgspec.Meta(ge=0, le=10_000)]


class MeetingRulesIO(Input, kw_only=True):
    """When pending requests expire (hours) and the default limits per participant; null means none."""

    request_expiry_hours: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)] | None = None
    max_requests_per_participant: Limit | None = None
    max_meetings_per_participant: Limit | None = None


class ParticipantLimitsIn(Input, kw_only=True):
    """One participant's own limits; null falls back to the fair's."""

    max_requests: Limit | None = None
    max_meetings: Limit | None = None


class ParticipantLimitsOut(msgspec.Struct, kw_only=True):
    registration_id: int
    max_requests: int | None
    max_meetings: int | None
