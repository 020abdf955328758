"""Meeting requests, bookings, agendas, calendars and the outbox, for participants and organizers.

Participants authenticate with their personal link: ``X-Participant-Token: <portal token>`` (scripts) or the
``tf_portal`` cookie the portal sets (pages, with the CSRF header). Organizers use a bearer token or their session.
Slots and tables are named by their codes (``d1-0920``, ``T03``). Every change that concerns a participant is
recorded in their outbox; with ``SMTP_HOST`` configured it is also e-mailed, after the answer is sent.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import agenda, booking, calendar, notifications, requests
from events.api.guards import organizer_only, participant_only, staff_of_event
from events.api.paging import PageLimit, PageOffset
from events.api.schemas.common import Page, Ref, page_of
from events.api.schemas.meetings import (
    AgendaOut,
    BookingCreate,
    CalendarLinks,
    ChangedOut,
    CounterpartOut,
    DeliveryOut,
    Direction,
    FreeSlotOut,
    GridOut,
    MarkReadIn,
    MeetingOut,
    MeetingRulesIO,
    MoveIn,
    NotificationOut,
    OrganizerMoveIn,
    OrganizerRequestCreate,
    ParticipantLimitsIn,
    ParticipantLimitsOut,
    PlaceIn,
    RequestCreate,
    RequestOut,
    TableSheetOut,
    UnavailableIn,
    UnavailableOut,
)
from events.api.security import principal_of
from events.booking import Actor
from events.errors import DomainError, ErrorKind, NotFoundError
from events.fairs import get_fair
from events.i18n import get_locale
from events.pagination import PageRequest
from events.requests import About
from events.settings import Settings
from events.tables import Delivery, MeetingTable, NotificationKind, Registration, Slot
from events.vocabulary import RegistrationRole, RequestStatus

T = TypeVar("T")
PARTICIPANT_SECURITY: list[dict[str, list[str]]] = [{"participant": []}]


# --- helpers -----------------------------------------------------------------------------------------------


def delivered(content: T, settings: Settings, *, status_code: int = 200) -> Response[T]:
    """The answer, and (when SMTP is configured) the e-mailing of the outbox once it is sent."""
    background = None
    if settings.mail.host:
        background = BackgroundTask(notifications.deliver_pending, mail=settings.mail, base_url=settings.base_url)
    return Response(content, status_code=status_code, background=background)


def me(request: Request[Any, Any, Any]) -> tuple[int, int]:
    """(registration id, fair id) of the participant behind the personal link."""
    principal = principal_of(request)
    assert principal.registration_id is not None
    assert principal.registration_event_id is not None
    return principal.registration_id, principal.registration_event_id


async def slot_ids(event_id: int, codes: list[str], field: str = "slot") -> list[int]:
    rows = await Slot.select(Slot.id, Slot.code).where((Slot.event == event_id) & Slot.code.is_in(codes or [""]))
    by_code = {r["code"]: r["id"] for r in rows}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise NotFoundError("unknown_slot", f"fair {event_id} has no slot {unknown[0]!r}", field=field)
    return [by_code[c] for c in codes]


async def slot_id(event_id: int, code: str, field: str = "slot") -> int:
    return (await slot_ids(event_id, [code], field))[0]


async def table_id(event_id: int, code: str | None) -> int | None:
    if code is None:
        return None
    row = (
        await MeetingTable.select(MeetingTable.id)
        .where((MeetingTable.event == event_id) & (MeetingTable.code == code))
        .first()
    )
    if row is None:
        raise NotFoundError("unknown_table", f"fair {event_id} has no table {code!r}", field="table")
    return int(row["id"])


async def meeting_out(*, event_id: int, meeting_id: int, me_id: int | None = None) -> MeetingOut:
    found = await agenda.meetings(event_id=event_id, meeting_ids=[meeting_id], include_cancelled=True)
    if not found:
        raise NotFoundError("unknown_meeting", f"fair {event_id} has no meeting {meeting_id}")
    return MeetingOut.of(found[0], me=me_id)


async def request_out(*, event_id: int, request_id: int) -> RequestOut:
    return RequestOut.of(await requests.get_request_view(request_id=request_id, event_id=event_id))


async def calendar_links(settings: Settings, registration_id: int) -> CalendarLinks:
    row = await Registration.select(Registration.calendar_token).where(Registration.id == registration_id).first()
    token = (row or {}).get("calendar_token", "")
    feed, webcal = calendar.feed_urls(base_url=settings.base_url, calendar_token=token)
    return CalendarLinks(download=f"{settings.base_url.rstrip('/')}/api/me/agenda.ics", feed=feed, webcal=webcal)


def ics_response(data: bytes, *, filename: str | None) -> Response[bytes]:
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(data, media_type=calendar.CONTENT_TYPE, headers=headers)


async def delivered_meeting(
    settings: Settings, *, event_id: int, meeting_id: int, me_id: int | None = None, status_code: int = 200
) -> Response[MeetingOut]:
    """The meeting as it now stands (seen by ``me_id`` when a participant asks), its outbox e-mailed after."""
    out = await meeting_out(event_id=event_id, meeting_id=meeting_id, me_id=me_id)
    return delivered(out, settings, status_code=status_code)


async def requests_page(
    *,
    event_id: int,
    registration_id: int | None,
    direction: Direction | None,
    status: RequestStatus | None,
    limit: int,
    offset: int,
) -> Page[RequestOut]:
    """A fair's meeting requests (one participant's when ``registration_id`` is given), newest first."""
    page = await requests.list_requests(
        event_id=event_id,
        page=_page(limit, offset),
        registration_id=registration_id,
        direction=direction,
        status=status,
    )
    return page_of(page, [RequestOut.of(r) for r in page.items])


async def notifications_page(
    *,
    limit: int,
    offset: int,
    event_id: int | None = None,
    registration_id: int | None = None,
    delivery: Delivery | None = None,
    kind: NotificationKind | None = None,
) -> Page[NotificationOut]:
    """An outbox (a fair's or one participant's), newest first, in the asker's language."""
    page = await notifications.list_notifications(
        page=_page(limit, offset),
        locale=get_locale(),
        event_id=event_id,
        registration_id=registration_id,
        delivery=delivery,
        kind=kind,
    )
    return page_of(page, [NotificationOut.of(n) for n in page.items])


async def unavailable_out(*, event_id: int, slot_ids: set[int]) -> UnavailableOut:
    """The codes of the given slots of a fair, in the fair's slot order."""
    slots = await Slot.select(Slot.id, Slot.code).where(Slot.event == event_id).order_by(Slot.position)
    return UnavailableOut(slots=[s["code"] for s in slots if s["id"] in slot_ids])


def _about(achievement_id: int | None, demand_id: int | None) -> About:
    return About(achievement_id=achievement_id, demand_id=demand_id)


def _page(limit: int, offset: int) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


# --- participants ------------------------------------------------------------------------------------------


class MyRequestsController(Controller):
    """A participant's meeting requests: sent and received."""

    path = "/api/me/requests"
    tags = ["my meetings"]
    guards = [participant_only]
    security = PARTICIPANT_SECURITY

    @get("/", summary="My meeting requests (sent and received)", cache=False)
    async def list_mine(
        self,
        request: Request[Any, Any, Any],
        direction: FromQuery[Direction | None] = None,
        status: FromQuery[RequestStatus | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[RequestOut]:
        registration_id, event_id = me(request)
        return await requests_page(
            event_id=event_id,
            registration_id=registration_id,
            direction=direction,
            status=status,
            limit=limit,
            offset=offset,
        )

    @post("/", summary="Ask someone for a meeting")
    async def ask(
        self, request: Request[Any, Any, Any], data: JSONBody[RequestCreate], settings: NamedDependency[Settings]
    ) -> Response[RequestOut]:
        registration_id, event_id = me(request)
        made = await requests.ask(
            registration_id=registration_id,
            recipient_id=data.recipient_id,
            message=data.message,
            priority=data.priority,
            about=_about(data.achievement_id, data.demand_id),
        )
        return delivered(await request_out(event_id=event_id, request_id=made.id), settings, status_code=201)

    @post("/{request_id:int}/accept", summary="Accept a request I received", status_code=200)
    async def accept(
        self, request: Request[Any, Any, Any], request_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response[RequestOut]:
        registration_id, event_id = me(request)
        await requests.respond(request_id=request_id, registration_id=registration_id, accept=True)
        return delivered(await request_out(event_id=event_id, request_id=request_id), settings)

    @post("/{request_id:int}/decline", summary="Decline a request I received", status_code=200)
    async def decline(
        self, request: Request[Any, Any, Any], request_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response[RequestOut]:
        registration_id, event_id = me(request)
        await requests.respond(request_id=request_id, registration_id=registration_id, accept=False)
        return delivered(await request_out(event_id=event_id, request_id=request_id), settings)

    @post("/{request_id:int}/withdraw", summary="Withdraw a request I sent", status_code=200)
    async def withdraw(self, request: Request[Any, Any, Any], request_id: FromPath[int]) -> RequestOut:
        registration_id, event_id = me(request)
        await requests.withdraw(request_id=request_id, registration_id=registration_id)
        return await request_out(event_id=event_id, request_id=request_id)


class MyAgendaController(Controller):
    """A participant's agenda, bookings, calendar and availability."""

    path = "/api/me"
    tags = ["my meetings"]
    guards = [participant_only]
    security = PARTICIPANT_SECURITY

    @get("/agenda", summary="My published meetings, in time order, with my calendar links", cache=False)
    async def my_agenda(self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> AgendaOut:
        registration_id, _event_id = me(request)
        mine = await agenda.participant_agenda(registration_id=registration_id)
        return AgendaOut.of(mine, await calendar_links(settings, registration_id))

    @get(
        "/agenda.ics",
        summary="My agenda as an iCalendar file",
        media_type=calendar.CONTENT_TYPE,
        cache=False,
        response_description="RFC 5545 calendar, UTF-8",
    )
    async def my_agenda_ics(
        self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        registration_id, _event_id = me(request)
        data = await calendar.participant_calendar(
            registration_id=registration_id, base_url=settings.base_url, sender=settings.mail.sender
        )
        return ics_response(data, filename="agenda.ics")

    @post("/calendar/reset", summary="Replace my calendar feed link (the old one stops working)", status_code=200)
    async def reset_feed(self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> CalendarLinks:
        registration_id, _event_id = me(request)
        await calendar.replace_feed_token(registration_id=registration_id)
        return await calendar_links(settings, registration_id)

    @get("/counterparts", summary="Who I may ask for a meeting, with their achievements or demands", cache=False)
    async def list_counterparts(
        self,
        request: Request[Any, Any, Any],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[CounterpartOut]:
        registration_id, _event_id = me(request)
        page = await requests.counterparts(registration_id=registration_id, page=_page(limit, offset), q=q)
        return page_of(
            page,
            [
                CounterpartOut(
                    id=c.party.id,
                    name=c.party.name,
                    role=RegistrationRole(c.party.role),
                    achievements=[Ref(id=i, name=t) for i, t in c.achievements],
                    demands=[Ref(id=i, name=t) for i, t in c.demands],
                )
                for c in page.items
            ],
        )

    @get("/free-slots", summary="Slots where I and a counterpart are both free and a table has a seat", cache=False)
    async def my_free_slots(
        self, request: Request[Any, Any, Any], counterpart_id: Annotated[int, QueryParameter(name="with", ge=1)]
    ) -> list[FreeSlotOut]:
        registration_id, _event_id = me(request)
        free = await booking.free_slots(registration_id=registration_id, counterpart_id=counterpart_id)
        return [FreeSlotOut.of(f) for f in free]

    @post(
        "/meetings",
        summary="Book a free slot with a counterpart",
        description="409 `slot_taken` when someone else just took the slot (or the table is full): pick another.",
    )
    async def book(
        self, request: Request[Any, Any, Any], data: JSONBody[BookingCreate], settings: NamedDependency[Settings]
    ) -> Response[MeetingOut]:
        registration_id, event_id = me(request)
        made = await booking.book(
            registration_id=registration_id,
            counterpart_id=data.counterpart_id,
            slot_id=await slot_id(event_id, data.slot),
            request_id=data.request_id,
            about=_about(data.achievement_id, data.demand_id),
            message=data.message,
        )
        return await delivered_meeting(
            settings, event_id=event_id, meeting_id=made.id, me_id=registration_id, status_code=201
        )

    @post("/meetings/{meeting_id:int}/move", summary="Move one of my meetings to another slot", status_code=200)
    async def move(
        self,
        request: Request[Any, Any, Any],
        meeting_id: FromPath[int],
        data: JSONBody[MoveIn],
        settings: NamedDependency[Settings],
    ) -> Response[MeetingOut]:
        registration_id, event_id = me(request)
        await booking.move(
            meeting_id=meeting_id,
            slot_id=await slot_id(event_id, data.slot),
            actor=Actor(registration_id=registration_id),
            event_id=event_id,
        )
        return await delivered_meeting(settings, event_id=event_id, meeting_id=meeting_id, me_id=registration_id)

    @post("/meetings/{meeting_id:int}/cancel", summary="Cancel one of my meetings", status_code=200)
    async def cancel(
        self, request: Request[Any, Any, Any], meeting_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response[MeetingOut]:
        registration_id, event_id = me(request)
        await booking.cancel(meeting_id=meeting_id, actor=Actor(registration_id=registration_id), event_id=event_id)
        return await delivered_meeting(settings, event_id=event_id, meeting_id=meeting_id, me_id=registration_id)

    @get("/unavailable-slots", summary="The slots I cannot attend", cache=False)
    async def my_unavailable(self, request: Request[Any, Any, Any]) -> UnavailableOut:
        registration_id, event_id = me(request)
        row = (
            await Registration.select(Registration.unavailable_slots).where(Registration.id == registration_id).first()
        )
        return await unavailable_out(event_id=event_id, slot_ids=set((row or {}).get("unavailable_slots") or []))

    @put("/unavailable-slots", summary="Replace the slots I cannot attend")
    async def set_unavailable(self, request: Request[Any, Any, Any], data: JSONBody[UnavailableIn]) -> UnavailableOut:
        registration_id, event_id = me(request)
        ids = await slot_ids(event_id, data.slots, "slots")
        saved = await requests.set_unavailable_slots(registration_id=registration_id, slot_ids=ids)
        return await unavailable_out(event_id=event_id, slot_ids=set(saved))


class MyNotificationsController(Controller):
    """A participant's outbox: every change to their requests and meetings."""

    path = "/api/me/notifications"
    tags = ["my meetings"]
    guards = [participant_only]
    security = PARTICIPANT_SECURITY

    @get("/", summary="My messages, newest first", cache=False)
    async def list_mine(
        self,
        request: Request[Any, Any, Any],
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[NotificationOut]:
        registration_id, _event_id = me(request)
        return await notifications_page(limit=limit, offset=offset, registration_id=registration_id)

    @post("/read", summary="Mark my messages read", status_code=200)
    async def mark_read(self, request: Request[Any, Any, Any], data: JSONBody[MarkReadIn]) -> ChangedOut:
        registration_id, _event_id = me(request)
        changed = await notifications.mark_read(registration_id=registration_id, notification_ids=data.ids)
        return ChangedOut(changed=changed)


@get(
    "/calendar/{feed:str}",
    summary="A participant's calendar feed (subscribe with webcal://)",
    description="The secret feed link from `GET /api/me/agenda`; `feed` is the calendar token followed by `.ics`.",
    tags=["my meetings"],
    media_type=calendar.CONTENT_TYPE,
    cache=False,
    security=[{}],
)
async def calendar_feed(feed: FromPath[str], settings: NamedDependency[Settings]) -> Response[bytes]:
    token = feed.removesuffix(".ics")
    if token == feed or not token:
        raise NotFoundError("unknown_feed", "a calendar feed link ends in .ics")
    registration_id = await calendar.registration_for_feed(token=token)
    data = await calendar.participant_calendar(
        registration_id=registration_id, base_url=settings.base_url, sender=settings.mail.sender
    )
    return ics_response(data, filename=None)


# --- organizers ----------------------------------------------------------------------------------------------


class EventRequestsController(Controller):
    """The meeting requests of a fair, for organizers: inspect, add, force, remove, expire."""

    path = "/api/events/{event_id:int}/requests"
    tags = ["meeting requests"]
    guards = [organizer_only]

    @get("/", summary="A fair's meeting requests, newest first", cache=False)
    async def list_requests(
        self,
        event_id: FromPath[int],
        registration_id: FromQuery[int | None] = None,
        direction: FromQuery[Direction | None] = None,
        status: FromQuery[RequestStatus | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[RequestOut]:
        await get_fair(event_id=event_id)
        return await requests_page(
            event_id=event_id,
            registration_id=registration_id,
            direction=direction,
            status=status,
            limit=limit,
            offset=offset,
        )

    @get("/{request_id:int}", summary="One meeting request", cache=False)
    async def read(self, event_id: FromPath[int], request_id: FromPath[int]) -> RequestOut:
        return await request_out(event_id=event_id, request_id=request_id)

    @post("/", summary="Add (or force) a meeting request between two participants")
    async def add(
        self,
        request: Request[Any, Any, Any],
        event_id: FromPath[int],
        data: JSONBody[OrganizerRequestCreate],
        settings: NamedDependency[Settings],
    ) -> Response[RequestOut]:
        await get_fair(event_id=event_id)
        made = await requests.organizer_add(
            event_id=event_id,
            requester_id=data.requester_id,
            recipient_id=data.recipient_id,
            created_by=principal_of(request).user_id,
            priority=data.priority,
            required=data.required,
            message=data.message,
            about=_about(data.achievement_id, data.demand_id),
            allowed_slot_ids=await slot_ids(event_id, data.allowed_slots, "allowed_slots"),
        )
        return delivered(await request_out(event_id=event_id, request_id=made.id), settings, status_code=201)

    @delete("/{request_id:int}", summary="Remove a request (and cancel its meeting)", status_code=204)
    async def remove(
        self, event_id: FromPath[int], request_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response[None]:
        await booking.remove_request(event_id=event_id, request_id=request_id)
        return delivered(None, settings, status_code=204)

    @post("/expire", summary="Expire the pending requests that are past the fair's expiry time", status_code=200)
    async def expire(self, event_id: FromPath[int]) -> ChangedOut:
        await get_fair(event_id=event_id)
        return ChangedOut(changed=await requests.expire_due(event_id=event_id))


def _rules_out(rules: requests.MeetingRules) -> MeetingRulesIO:
    return MeetingRulesIO(
        request_expiry_hours=rules.request_expiry_hours,
        max_requests_per_participant=rules.max_requests_per_participant,
        max_meetings_per_participant=rules.max_meetings_per_participant,
    )


class MeetingRulesController(Controller):
    """The organizer's rules for meetings: request expiry and limits, for the fair and per participant."""

    path = "/api/events/{event_id:int}/meeting-rules"
    tags = ["meeting requests"]
    guards = [organizer_only]

    @get("/", summary="A fair's request expiry and default limits", cache=False)
    async def read(self, event_id: FromPath[int]) -> MeetingRulesIO:
        return _rules_out(await requests.meeting_rules(event_id=event_id))

    @put("/", summary="Replace a fair's request expiry and default limits")
    async def replace(self, event_id: FromPath[int], data: JSONBody[MeetingRulesIO]) -> MeetingRulesIO:
        rules = requests.MeetingRules(
            request_expiry_hours=data.request_expiry_hours,
            max_requests_per_participant=data.max_requests_per_participant,
            max_meetings_per_participant=data.max_meetings_per_participant,
        )
        return _rules_out(await requests.set_meeting_rules(event_id=event_id, rules=rules))

    @put("/participants/{registration_id:int}", summary="One participant's own limits")
    async def participant_limits(
        self, event_id: FromPath[int], registration_id: FromPath[int], data: JSONBody[ParticipantLimitsIn]
    ) -> ParticipantLimitsOut:
        party = await requests.set_participant_limits(
            event_id=event_id,
            registration_id=registration_id,
            max_requests=data.max_requests,
            max_meetings=data.max_meetings,
        )
        return ParticipantLimitsOut(
            registration_id=party.id, max_requests=party.max_requests, max_meetings=party.max_meetings
        )


class EventMeetingsController(Controller):
    """The meetings of a fair: the grid, table sheets, and the organizer's changes."""

    path = "/api/events/{event_id:int}"
    tags = ["meetings"]

    @get("/meetings", summary="A fair's meetings in time order", guards=[staff_of_event], cache=False)
    async def list_meetings(
        self,
        event_id: FromPath[int],
        registration_id: FromQuery[int | None] = None,
        table: Annotated[str | None, QueryParameter(max_length=32)] = None,
        include_cancelled: FromQuery[bool] = False,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[MeetingOut]:
        await get_fair(event_id=event_id)
        found = await agenda.meetings(
            event_id=event_id,
            registration_id=registration_id,
            table_id=await table_id(event_id, table),
            include_cancelled=include_cancelled,
        )
        window = found[offset : offset + limit]
        return Page(items=[MeetingOut.of(m) for m in window], total=len(found), limit=limit, offset=offset)

    @get("/grid", summary="All tables × all slots: who meets whom where", guards=[staff_of_event], cache=False)
    async def meeting_grid(self, event_id: FromPath[int]) -> GridOut:
        return GridOut.of(await agenda.grid(event_id=event_id))

    @get(
        "/tables/{table:str}/sheet",
        summary="A table's sheet: its meetings slot by slot",
        guards=[staff_of_event],
        cache=False,
    )
    async def sheet(self, event_id: FromPath[int], table: FromPath[str]) -> TableSheetOut:
        found = await table_id(event_id, table)
        assert found is not None
        return TableSheetOut.of(await agenda.table_sheet(event_id=event_id, table_id=found))

    @post(
        "/meetings",
        summary="Add a meeting (force: fixed in place, ignoring unavailability and limits)",
        guards=[organizer_only],
    )
    async def place(
        self,
        request: Request[Any, Any, Any],
        event_id: FromPath[int],
        data: JSONBody[PlaceIn],
        settings: NamedDependency[Settings],
    ) -> Response[MeetingOut]:
        await get_fair(event_id=event_id)
        made = await booking.place(
            event_id=event_id,
            slot_id=await slot_id(event_id, data.slot),
            created_by=principal_of(request).user_id,
            request_id=data.request_id,
            requester_id=data.requester_id,
            recipient_id=data.recipient_id,
            table_id=await table_id(event_id, data.table),
            force=data.force,
        )
        return await delivered_meeting(settings, event_id=event_id, meeting_id=made.id, status_code=201)

    @post("/meetings/{meeting_id:int}/move", summary="Move a meeting", guards=[organizer_only], status_code=200)
    async def move(
        self,
        request: Request[Any, Any, Any],
        event_id: FromPath[int],
        meeting_id: FromPath[int],
        data: JSONBody[OrganizerMoveIn],
        settings: NamedDependency[Settings],
    ) -> Response[MeetingOut]:
        await booking.move(
            meeting_id=meeting_id,
            slot_id=await slot_id(event_id, data.slot),
            table_id=await table_id(event_id, data.table),
            actor=Actor(user_id=principal_of(request).user_id),
            event_id=event_id,
            force=data.force,
        )
        return await delivered_meeting(settings, event_id=event_id, meeting_id=meeting_id)

    @post("/meetings/{meeting_id:int}/cancel", summary="Cancel a meeting", guards=[organizer_only], status_code=200)
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        event_id: FromPath[int],
        meeting_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Response[MeetingOut]:
        await booking.cancel(
            meeting_id=meeting_id, actor=Actor(user_id=principal_of(request).user_id), event_id=event_id
        )
        return await delivered_meeting(settings, event_id=event_id, meeting_id=meeting_id)


class EventNotificationsController(Controller):
    """The outbox of a fair, for organizers: what each participant was told and whether the e-mail went out."""

    path = "/api/events/{event_id:int}/notifications"
    tags = ["meetings"]
    guards = [organizer_only]

    @get("/", summary="A fair's outbox, newest first", cache=False)
    async def list_outbox(
        self,
        event_id: FromPath[int],
        registration_id: FromQuery[int | None] = None,
        delivery: FromQuery[Delivery | None] = None,
        kind: FromQuery[NotificationKind | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[NotificationOut]:
        await get_fair(event_id=event_id)
        return await notifications_page(
            limit=limit,
            offset=offset,
            event_id=event_id,
            registration_id=registration_id,
            delivery=delivery,
            kind=kind,
        )

    @post("/send", summary="E-mail what is pending now (needs SMTP_HOST)", status_code=200)
    async def send(self, event_id: FromPath[int], settings: NamedDependency[Settings]) -> DeliveryOut:
        await get_fair(event_id=event_id)
        if not settings.mail.host:
            raise DomainError(
                "smtp_not_configured",
                "set SMTP_HOST to e-mail notifications; the outbox keeps them meanwhile",
                kind=ErrorKind.CONFLICT,
            )
        report = await notifications.deliver_pending(mail=settings.mail, base_url=settings.base_url, event_id=event_id)
        return DeliveryOut(smtp_configured=True, sent=report.sent, failed=report.failed, retrying=report.retrying)

    @post("/retry", summary="Queue the failed e-mails again", status_code=200)
    async def retry(self, event_id: FromPath[int]) -> ChangedOut:
        await get_fair(event_id=event_id)
        return ChangedOut(changed=await notifications.retry_failed(event_id=event_id))


def route_handlers() -> list[Any]:
    """This area's API, for the app's route list."""
    return [
        MyRequestsController,
        MyAgendaController,
        MyNotificationsController,
        calendar_feed,
        EventRequestsController,
        MeetingRulesController,
        EventMeetingsController,
        EventNotificationsController,
    ]
