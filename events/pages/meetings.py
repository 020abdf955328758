"""Pages for meetings: the participant's portal sections (agenda, booking, requests, availability, messages),
printable agendas and table sheets, and the console's grid of tables × slots and the fair's outbox.

Handlers only translate between forms and the domain functions the API uses. Participant forms post to
``/p/{token}/...`` (the secret personal link is the credential) and come back to the portal with ``done`` or
``error`` (a machine code) in the query, shown by the section named in ``in``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import agenda, booking, notifications, requests
from events.api.security import principal_of
from events.booking import Actor
from events.errors import DomainError, NotFoundError
from events.fairs import fair_slots, get_fair
from events.i18n import N_, get_locale
from events.pages.console import fair_context
from events.pages.guards import page_organizer, page_staff_of_event
from events.pages.portal import section_return
from events.pages.registry import ConsoleTab, PortalSection, register
from events.pagination import PageRequest
from events.parties import HOST_ROLE, REQUEST_STATUSES, SEEKER_ROLES, booking_open, load_parties
from events.registration import participant_by_portal_token
from events.settings import Settings
from events.tables import Delivery, Event, MeetingTable, Registration
from events.vocabulary import RegistrationStatus, RequestStatus

# What a participant reads when a form of theirs is refused (by machine code); anything else shows its message.
ERRORS: dict[str, str] = {
    "slot_taken": N_("Someone else just took this slot. Please pick another one."),
    "agenda_conflict": N_("You already have a meeting at that time."),
    "unavailable_slot": N_("One of you marked that slot as unavailable."),
    "meeting_limit_reached": N_("The most meetings allowed has been reached."),
    "request_limit_reached": N_("You have sent as many requests as the organizer allows."),
    "already_requested": N_("There is already an open request between you."),
    "already_meeting": N_("You already have a meeting with them; move it instead."),
    "booking_closed": N_("Booking opens once the organizer publishes the schedule."),
    "requests_closed": N_("Meeting requests are closed for this fair."),
    "request_expired": N_("This request has expired."),
    "slot_passed": N_("That slot has already started."),
    "meeting_passed": N_("That meeting has already started."),
    "meeting_locked": N_("The organizer fixed this meeting; please contact the organizer."),
    "meeting_in_slot": N_("You have a meeting in one of those slots: move or cancel it first."),
    "not_approved": N_("Only approved participants can meet."),
}
DONE: dict[str, str] = {
    "asked": N_("Your request was sent."),
    "accepted": N_("You accepted the request."),
    "declined": N_("You declined the request."),
    "withdrawn": N_("You withdrew the request."),
    "booked": N_("The meeting is booked and in your agenda."),
    "moved": N_("The meeting was moved."),
    "cancelled": N_("The meeting was cancelled."),
    "availability": N_("Your availability was saved."),
    "read": N_("All messages marked read."),
}


KIND_LABELS: dict[str, str] = {
    "request_received": N_("Request received"),
    "request_accepted": N_("Request accepted"),
    "request_declined": N_("Request declined"),
    "meeting_scheduled": N_("Meeting scheduled"),
    "meeting_moved": N_("Meeting moved"),
    "meeting_cancelled": N_("Meeting cancelled"),
}
DELIVERY_LABELS: dict[str, str] = {
    "pending": N_("Not e-mailed yet"),
    "sending": N_("Sending"),
    "sent": N_("E-mailed"),
    "failed": N_("E-mail failed"),
    "no_address": N_("No e-mail address"),
}
REQUEST_STATUS_LABELS: dict[str, str] = {
    "pending": N_("Waiting for an answer"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
}


def _event_id(registration: Registration) -> int:
    return registration.event if isinstance(registration.event, int) else registration.event.id


def _approved(registration: Registration) -> bool:
    return str(registration.status) == RegistrationStatus.APPROVED.value


def _meets(registration: Registration) -> bool:
    return str(registration.role) in SEEKER_ROLES or str(registration.role) == HOST_ROLE


# --- portal sections -------------------------------------------------------------------------------------------


async def load_agenda(registration: Registration, event: Event) -> dict[str, Any] | None:
    if not (_approved(registration) and _meets(registration)):
        return None
    mine = await agenda.participant_agenda(registration_id=registration.id)
    can_change = await booking_open(event)
    moves: dict[int, list[booking.FreeSlot]] = {}
    if can_change:
        for meeting in mine.meetings:
            if not meeting.locked:
                other = meeting.counterpart_of(registration.id)
                moves[meeting.id] = await booking.free_slots(registration_id=registration.id, counterpart_id=other.id)
    return {
        "agenda": mine,
        "can_change": can_change,
        "moves": moves,
        "feed_path": f"/calendar/{registration.calendar_token}.ics",
        "hosts_table": registration.host_table is not None,
        "errors": ERRORS,
        "done": DONE,
    }


async def load_booking(registration: Registration, event: Event) -> dict[str, Any] | None:
    if not (_approved(registration) and _meets(registration)) or not await booking_open(event):
        return None
    page = await requests.counterparts(registration_id=registration.id, page=PageRequest(limit=200))
    return {"counterparts": page.items, "errors": ERRORS, "done": DONE}


async def load_requests(registration: Registration, event: Event) -> dict[str, Any] | None:
    if not (_approved(registration) and _meets(registration)):
        return None
    page = await requests.list_requests(event_id=event.id, page=PageRequest(limit=200), registration_id=registration.id)
    received = [r for r in page.items if r.recipient.id == registration.id]
    sent = [r for r in page.items if r.requester.id == registration.id]
    open_ = event.status in REQUEST_STATUSES
    others = (
        await requests.counterparts(registration_id=registration.id, page=PageRequest(limit=200)) if open_ else None
    )
    return {
        "received": received,
        "sent": sent,
        "open": open_,
        "counterparts": others.items if others else [],
        "status_labels": REQUEST_STATUS_LABELS,
        "errors": ERRORS,
        "done": DONE,
    }


async def load_availability(registration: Registration, event: Event) -> dict[str, Any] | None:
    if not (_approved(registration) and _meets(registration)):
        return None
    return {
        "slots": await fair_slots(event_id=event.id),
        "unavailable": set(registration.unavailable_slots or []),
        "errors": ERRORS,
        "done": DONE,
    }


async def load_messages(registration: Registration, event: Event) -> dict[str, Any] | None:
    page = await notifications.list_notifications(
        page=PageRequest(limit=30), locale=get_locale(), registration_id=registration.id
    )
    return {
        "messages": page.items,
        "total": page.total,
        "unread": await notifications.unread_count(registration_id=registration.id),
        "kind_labels": KIND_LABELS,
        "errors": ERRORS,
        "done": DONE,
    }


SECTIONS = [
    PortalSection(
        key="agenda", title=N_("My agenda"), template="meetings/portal_agenda.html", load=load_agenda, order=20
    ),
    PortalSection(
        key="booking", title=N_("Book a meeting"), template="meetings/portal_booking.html", load=load_booking, order=25
    ),
    PortalSection(
        key="requests",
        title=N_("Meeting requests"),
        template="meetings/portal_requests.html",
        load=load_requests,
        order=30,
    ),
    PortalSection(
        key="availability",
        title=N_("When I cannot meet"),
        template="meetings/portal_availability.html",
        load=load_availability,
        order=35,
    ),
    PortalSection(
        key="messages", title=N_("Messages"), template="meetings/portal_messages.html", load=load_messages, order=40
    ),
]
TABS = [
    ConsoleTab(slug="meetings", label=N_("Meetings"), order=30),
    ConsoleTab(slug="outbox", label=N_("Outbox"), organizer_only=True, order=32),
]


register(tabs=TABS, sections=SECTIONS)


# --- participant forms -----------------------------------------------------------------------------------------


def _back(token: str, section: str, *, done: str | None = None, error: DomainError | None = None) -> str:
    return section_return(token, section, known_errors=ERRORS, done=done, error=error)


def _redirect(path: str, settings: Settings) -> Redirect:
    background = None
    if settings.mail.host:
        background = BackgroundTask(notifications.deliver_pending, mail=settings.mail, base_url=settings.base_url)
    return Redirect(path=path, status_code=303, background=background)


async def _form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    form = await request.form()
    return {key: form.getall(key) for key in form}


def _one(form: dict[str, Any], name: str) -> str:
    values = form.get(name) or [""]
    return str(values[0]).strip()


def _int_or_none(form: dict[str, Any], name: str) -> int | None:
    value = _one(form, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError("invalid_number", f"{name} must be a whole number", field=name) from None


async def _slot_of(event_id: int, code: str) -> int:
    for slot in await fair_slots(event_id=event_id):
        if slot.code == code:
            return slot.id
    raise NotFoundError("unknown_slot", f"fair {event_id} has no slot {code!r}", field="slot")


@post("/p/{token:str}/requests", include_in_schema=False, status_code=303)
async def ask_submit(
    token: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    form = await _form(request)
    try:
        recipient = _int_or_none(form, "recipient_id")
        if recipient is None:
            raise DomainError("missing_recipient", "choose whom to ask", field="recipient_id")
        await requests.ask(
            registration_id=registration.id,
            recipient_id=recipient,
            message=_one(form, "message"),
            priority=_int_or_none(form, "priority") or requests.DEFAULT_PRIORITY,
            about=requests.About(
                achievement_id=_int_or_none(form, "achievement_id"), demand_id=_int_or_none(form, "demand_id")
            ),
        )
    except DomainError as exc:
        return Redirect(path=_back(token, "requests", error=exc), status_code=303)
    return _redirect(_back(token, "requests", done="asked"), settings)


@post("/p/{token:str}/requests/{request_id:int}/{action:str}", include_in_schema=False, status_code=303)
async def answer_submit(
    token: FromPath[str], request_id: FromPath[int], action: FromPath[str], settings: NamedDependency[Settings]
) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    try:
        if action in ("accept", "decline"):
            await requests.respond(request_id=request_id, registration_id=registration.id, accept=action == "accept")
            done = "accepted" if action == "accept" else "declined"
        elif action == "withdraw":
            await requests.withdraw(request_id=request_id, registration_id=registration.id)
            done = "withdrawn"
        else:
            raise NotFoundError("unknown_action", f"nothing to do called {action!r}")
    except DomainError as exc:
        return Redirect(path=_back(token, "requests", error=exc), status_code=303)
    return _redirect(_back(token, "requests", done=done), settings)


@get("/p/{token:str}/book", include_in_schema=False, cache=False)
async def book_page(
    token: FromPath[str],
    request: Request[Any, Any, Any],
    counterpart_id: Annotated[int, QueryParameter(name="with", ge=1)],
) -> Template:
    registration = await participant_by_portal_token(token=token)
    event = await get_fair(event_id=_event_id(registration))
    other = (await requests.counterparts(registration_id=registration.id, page=PageRequest(limit=200))).items
    chosen = next((c for c in other if c.party.id == counterpart_id), None)
    if chosen is None:
        raise NotFoundError("unknown_registration", f"no one to meet with id {counterpart_id}")
    free = await booking.free_slots(registration_id=registration.id, counterpart_id=counterpart_id)
    live = await requests.live_request_between(registration.id, counterpart_id)
    return Template(
        template_name="meetings/book.html",
        context={
            "event": event,
            "registration": registration,
            "token": token,
            "counterpart": chosen,
            "free": free,
            "request_id": live["id"] if live else None,
            "principal": principal_of(request),
        },
        headers={"Referrer-Policy": "no-referrer"},
    )


@post("/p/{token:str}/meetings", include_in_schema=False, status_code=303)
async def book_submit(
    token: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    form = await _form(request)
    try:
        counterpart = _int_or_none(form, "counterpart_id")
        if counterpart is None:
            raise DomainError("missing_counterpart", "choose whom to meet", field="counterpart_id")
        await booking.book(
            registration_id=registration.id,
            counterpart_id=counterpart,
            slot_id=await _slot_of(_event_id(registration), _one(form, "slot")),
            request_id=_int_or_none(form, "request_id"),
            about=requests.About(achievement_id=_int_or_none(form, "achievement_id")),
        )
    except DomainError as exc:
        return Redirect(path=_back(token, "agenda", error=exc), status_code=303)
    return _redirect(_back(token, "agenda", done="booked"), settings)


@post("/p/{token:str}/meetings/{meeting_id:int}/move", include_in_schema=False, status_code=303)
async def move_submit(
    token: FromPath[str],
    meeting_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    form = await _form(request)
    try:
        await booking.move(
            meeting_id=meeting_id,
            slot_id=await _slot_of(_event_id(registration), _one(form, "slot")),
            actor=Actor(registration_id=registration.id),
        )
    except DomainError as exc:
        return Redirect(path=_back(token, "agenda", error=exc), status_code=303)
    return _redirect(_back(token, "agenda", done="moved"), settings)


@post("/p/{token:str}/meetings/{meeting_id:int}/cancel", include_in_schema=False, status_code=303)
async def cancel_submit(
    token: FromPath[str], meeting_id: FromPath[int], settings: NamedDependency[Settings]
) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    try:
        await booking.cancel(meeting_id=meeting_id, actor=Actor(registration_id=registration.id))
    except DomainError as exc:
        return Redirect(path=_back(token, "agenda", error=exc), status_code=303)
    return _redirect(_back(token, "agenda", done="cancelled"), settings)


@post("/p/{token:str}/unavailable", include_in_schema=False, status_code=303)
async def availability_submit(token: FromPath[str], request: Request[Any, Any, Any]) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    form = await _form(request)
    try:
        ids = [int(v) for v in form.get("slot_ids", [])]
        await requests.set_unavailable_slots(registration_id=registration.id, slot_ids=ids)
    except ValueError:
        return Redirect(
            path=_back(token, "availability", error=DomainError("invalid_slot", "choose slots from the list")),
            status_code=303,
        )
    except DomainError as exc:
        return Redirect(path=_back(token, "availability", error=exc), status_code=303)
    return Redirect(path=_back(token, "availability", done="availability"), status_code=303)


@post("/p/{token:str}/messages/read", include_in_schema=False, status_code=303)
async def messages_read_submit(token: FromPath[str]) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    await notifications.mark_read(registration_id=registration.id)
    return Redirect(path=_back(token, "messages", done="read"), status_code=303)


@get("/p/{token:str}/agenda", include_in_schema=False, cache=False)
async def agenda_print(token: FromPath[str], request: Request[Any, Any, Any]) -> Template:
    registration = await participant_by_portal_token(token=token)
    mine = await agenda.participant_agenda(registration_id=registration.id)
    return Template(
        template_name="meetings/agenda_print.html",
        context={"agenda": mine, "event": mine.event, "token": token, "principal": principal_of(request)},
        headers={"Referrer-Policy": "no-referrer"},
    )


@get("/p/{token:str}/table", include_in_schema=False, cache=False)
async def team_table_sheet(token: FromPath[str], request: Request[Any, Any, Any]) -> Template:
    registration = await participant_by_portal_token(token=token)
    table_id = registration.host_table if isinstance(registration.host_table, int) else None
    if table_id is None:
        raise NotFoundError("no_table", "you host no table at this fair")
    sheet = await agenda.table_sheet(event_id=_event_id(registration), table_id=table_id)
    return Template(
        template_name="meetings/table_sheet.html",
        context={"sheet": sheet, "event": sheet.event, "back": f"/p/{token}", "principal": principal_of(request)},
        headers={"Referrer-Policy": "no-referrer"},
    )


# --- console ---------------------------------------------------------------------------------------------------


@get("/console/fairs/{event_id:int}/meetings", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def grid_page(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    error: Annotated[str | None, QueryParameter(max_length=300)] = None,
    done: Annotated[str | None, QueryParameter(max_length=40)] = None,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="meetings")
    overview = await agenda.grid(event_id=event_id)
    approved = await Registration.select(Registration.id).where(
        (Registration.event == event_id) & (Registration.status == RegistrationStatus.APPROVED.value)
    )
    parties = await load_parties([r["id"] for r in approved])
    counts = await requests.list_requests(event_id=event_id, page=PageRequest(limit=1))
    accepted = await requests.list_requests(event_id=event_id, page=PageRequest(limit=1), status=RequestStatus.ACCEPTED)
    pending = await requests.list_requests(event_id=event_id, page=PageRequest(limit=1), status=RequestStatus.PENDING)
    return Template(
        template_name="meetings/console_grid.html",
        context={
            **context,
            "grid": overview,
            "teams": sorted((p for p in parties.values() if p.is_team), key=lambda p: p.name),
            "seekers": sorted((p for p in parties.values() if not p.is_team), key=lambda p: p.name),
            "request_counts": {"all": counts.total, "accepted": accepted.total, "pending": pending.total},
            "rules": await requests.meeting_rules(event_id=event_id),
            "error": error,
            "done": done,
        },
    )


@post("/console/fairs/{event_id:int}/meetings", guards=[page_organizer], include_in_schema=False, status_code=303)
async def place_submit(
    event_id: FromPath[int], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Redirect:
    form = await _form(request)
    back = f"/console/fairs/{event_id}/meetings"
    try:
        table_code = _one(form, "table")
        table_id = None
        if table_code:
            row = (
                await MeetingTable.select(MeetingTable.id)
                .where((MeetingTable.event == event_id) & (MeetingTable.code == table_code))
                .first()
            )
            if row is None:
                raise NotFoundError("unknown_table", f"no table {table_code!r}", field="table")
            table_id = row["id"]
        await booking.place(
            event_id=event_id,
            slot_id=await _slot_of(event_id, _one(form, "slot")),
            created_by=principal_of(request).user_id,
            requester_id=_int_or_none(form, "requester_id"),
            recipient_id=_int_or_none(form, "recipient_id"),
            table_id=table_id,
            force=_one(form, "force") == "on",
        )
    except DomainError as exc:
        return Redirect(path=f"{back}?{urlencode({'error': exc.message})}", status_code=303)
    return _redirect(f"{back}?done=placed", settings)


@post("/console/fairs/{event_id:int}/meeting-rules", guards=[page_organizer], include_in_schema=False, status_code=303)
async def rules_submit(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    form = await _form(request)
    back = f"/console/fairs/{event_id}/meetings"
    try:
        await requests.set_meeting_rules(
            event_id=event_id,
            rules=requests.MeetingRules(
                request_expiry_hours=_int_or_none(form, "request_expiry_hours"),
                max_requests_per_participant=_int_or_none(form, "max_requests_per_participant"),
                max_meetings_per_participant=_int_or_none(form, "max_meetings_per_participant"),
            ),
        )
    except DomainError as exc:
        return Redirect(path=f"{back}?{urlencode({'error': exc.message})}", status_code=303)
    return Redirect(path=f"{back}?done=rules", status_code=303)


@post(
    "/console/fairs/{event_id:int}/meetings/{meeting_id:int}/cancel",
    guards=[page_organizer],
    include_in_schema=False,
    status_code=303,
)
async def organizer_cancel_submit(
    event_id: FromPath[int],
    meeting_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
) -> Redirect:
    back = f"/console/fairs/{event_id}/meetings"
    try:
        await booking.cancel(
            meeting_id=meeting_id, actor=Actor(user_id=principal_of(request).user_id), event_id=event_id
        )
    except DomainError as exc:
        return Redirect(path=f"{back}?{urlencode({'error': exc.message})}", status_code=303)
    return _redirect(f"{back}?done=cancelled", settings)


@get(
    "/console/fairs/{event_id:int}/tables/{code:str}",
    guards=[page_staff_of_event],
    include_in_schema=False,
    cache=False,
)
async def table_sheet_page(event_id: FromPath[int], code: FromPath[str], request: Request[Any, Any, Any]) -> Template:
    row = (
        await MeetingTable.select(MeetingTable.id)
        .where((MeetingTable.event == event_id) & (MeetingTable.code == code))
        .first()
    )
    if row is None:
        raise NotFoundError("unknown_table", f"fair {event_id} has no table {code!r}")
    sheet = await agenda.table_sheet(event_id=event_id, table_id=row["id"])
    return Template(
        template_name="meetings/table_sheet.html",
        context={
            "sheet": sheet,
            "event": sheet.event,
            "back": f"/console/fairs/{event_id}/meetings",
            "principal": principal_of(request),
        },
    )


@get("/console/fairs/{event_id:int}/outbox", guards=[page_organizer], include_in_schema=False, cache=False)
async def outbox_page(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    delivery: Annotated[str | None, QueryParameter(max_length=20)] = None,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="outbox")
    wanted = Delivery(delivery) if delivery in {d.value for d in Delivery} else None
    page = await notifications.list_notifications(
        page=PageRequest(limit=100, offset=offset), locale=get_locale(), event_id=event_id, delivery=wanted
    )
    return Template(
        template_name="meetings/console_outbox.html",
        context={
            **context,
            "page": page,
            "delivery": wanted.value if wanted else "",
            "deliveries": [d.value for d in Delivery],
            "smtp": bool(settings.mail.host),
            "kind_labels": KIND_LABELS,
            "delivery_labels": DELIVERY_LABELS,
        },
    )


def route_handlers() -> list[Any]:
    """This area's pages, for the app's route list."""
    return [
        ask_submit,
        answer_submit,
        book_page,
        book_submit,
        move_submit,
        cancel_submit,
        availability_submit,
        messages_read_submit,
        agenda_print,
        team_table_sheet,
        grid_page,
        place_submit,
        rules_submit,
        organizer_cancel_submit,
        table_sheet_page,
        outbox_page,
    ]
