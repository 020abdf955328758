"""Check-in pages: the ticket page a QR code opens, QR images, badges, and the console's scanner, arrivals and
badges tabs; the participant's ticket in the portal.

- ``/t/{token}``: anyone holding the ticket sees it (QR, who, the agenda); a signed-in staff member of that
  fair also sees the check-in state and a Check-in button. The token in the URL is the credential, so the
  page sends no referrer.
- ``/t/{token}/qr.svg`` and ``/t/{token}/qr.png``: the QR code of the ticket URL (cached, never on the scan
  path); ``/t/{token}/badge``: one printable badge.
- ``/console/fairs/{id}/checkin`` (staff): the scanner; ``/arrivals`` (organizers): live numbers and meetings
  per slot, refreshed by polling the JSON API; ``/badges`` (organizers): A4 sheets of badges.
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from markupsafe import Markup

from events.accounts import may_staff_event
from events.api.security import principal_of
from events.checkin import attendance, live, service, tickets
from events.checkin.errors import CheckinError
from events.checkin.qr import qr_png, qr_svg
from events.checkin.tokens import ticket_url
from events.fairs import get_fair
from events.i18n import N_, get_locale, gettext
from events.pages.console import fair_context
from events.pages.guards import page_organizer, page_staff_of_event
from events.pages.registry import ConsoleTab, PortalSection, register
from events.settings import Settings
from events.tables import Event, Registration
from events.vocabulary import RegistrationRole, RegistrationStatus

BADGES_PER_PAGE = 48  # six A4 sheets of eight
NO_REFERRER = {"Referrer-Policy": "no-referrer"}
IMAGE_CACHE = "private, max-age=86400"

# What staff read for each answer of a scan (by outcome or refusal code); the scanner page gets them as JSON.
SCAN_TEXTS: dict[str, str] = {
    "checked_in": N_("Checked in"),
    "already_checked_in": N_("Already checked in"),
    "meeting_checked_in": N_("Checked in at the table"),
    "already_at_meeting": N_("Already checked in at this table"),
    "ticket_malformed": N_("Not a ticket of this system"),
    "ticket_tampered": N_("Altered or mistyped ticket code"),
    "ticket_unknown": N_("Unknown ticket"),
    "ticket_revoked": N_("Replaced ticket: ask for the latest one"),
    "ticket_other_fair": N_("Ticket of another fair"),
    "registration_not_approved": N_("Registration not approved"),
    "unknown_registration": N_("Not registered for this fair"),
    "no_meeting_here": N_("No meeting at this table now"),
    "not_staff_of_event": N_("You are not staff of this fair"),
    "nonce_reused": N_("Duplicate scan id; scan again"),
    "reissued": N_("A new ticket was issued; the old code no longer works."),
}
UI_TEXTS: dict[str, str] = {
    "queued": N_("No network: saved, will be sent when the network returns"),
    "queue": N_("Waiting to be sent"),
    "sent_from_queue": N_("Sent from the offline queue"),
    "next_meeting": N_("Next meeting"),
    "table": N_("Table"),
    "table_place": N_("Table %(table)s"),  # where a table scan happened: T17 号桌
    "with": N_("with"),
    "by": N_("by"),
    "held": N_("Meeting held: both sides are here"),
    "waiting_other": N_("Waiting for the other side"),
    "check_in": N_("Check in"),
    "no_results": N_("Nobody found"),
    "camera_unavailable": N_("This browser cannot read QR codes with the camera; use a scanner or the text field."),
    "camera_denied": N_("The camera could not be opened."),
    "error": N_("Something went wrong"),
}


# --- the ticket page -----------------------------------------------------------------------------------------


async def _ticket_context(token: str, request: Request[Any, Any, Any]) -> dict[str, Any]:
    view = await tickets.ticket_view(token=token)
    event = await get_fair(event_id=view.ticket.event_id)
    principal = principal_of(request)
    staff = principal.authenticated and await may_staff_event(principal, event_id=event.id)
    return {
        "view": view,
        "event": event,
        "principal": principal,
        "staff": staff,
        "own": principal.registration_id == view.attendee.registration_id,
    }


@get("/t/{token:str}", include_in_schema=False, cache=False)
async def ticket_page(
    token: FromPath[str],
    request: Request[Any, Any, Any],
    done: Annotated[str | None, QueryParameter(max_length=40)] = None,
    error: Annotated[str | None, QueryParameter(max_length=40)] = None,
) -> Template:
    context = await _ticket_context(token, request)
    return Template(
        template_name="checkin/ticket.html",
        context={
            **context,
            "token": context["view"].ticket.token,
            "nonce": uuid.uuid4().hex,
            "done": done if done in SCAN_TEXTS else None,
            "error": error if error in SCAN_TEXTS else None,
            "checkin_labels": SCAN_TEXTS,
        },
        headers=NO_REFERRER,
    )


@post("/t/{token:str}/checkin", include_in_schema=False, status_code=303)
async def ticket_check_in(token: FromPath[str], request: Request[Any, Any, Any]) -> Redirect:
    """The Check-in button of the ticket page (staff of the fair; the form's nonce makes a double submit safe)."""
    view = await tickets.ticket_view(token=token)
    principal = principal_of(request)
    if not (principal.authenticated and await may_staff_event(principal, event_id=view.ticket.event_id)):
        return Redirect(path=f"/login?next=/t/{view.ticket.token}", status_code=303)
    form = await request.form()
    gate = str(form.get("gate", "") or "").strip()[:40] or gettext("Ticket page")
    nonce = str(form.get("nonce", "") or "")[:64] or uuid.uuid4().hex
    try:
        answer = await service.check_in(
            event_id=view.ticket.event_id,
            scanned=view.ticket.token,
            gate=gate,
            nonce=nonce,
            scanned_by=principal.user_id,
            scanned_by_name=principal.display_name,
        )
    except CheckinError as refused:
        return Redirect(path=f"/t/{view.ticket.token}?error={refused.code}", status_code=303, headers=NO_REFERRER)
    return Redirect(path=f"/t/{view.ticket.token}?done={answer.body['outcome']}", status_code=303, headers=NO_REFERRER)


@post("/t/{token:str}/reissue", include_in_schema=False, status_code=303, guards=[page_organizer])
async def ticket_reissue(token: FromPath[str]) -> Redirect:
    """Organizers replace a lost or leaked ticket: the old code is refused from the next scan on."""
    view = await tickets.ticket_view(token=token)
    renewed = await tickets.reissue_ticket(registration_id=view.ticket.registration_id)
    return Redirect(path=f"/t/{renewed.token}?done=reissued", status_code=303, headers=NO_REFERRER)


@get("/t/{token:str}/qr.svg", include_in_schema=False, cache=False)
async def ticket_qr_svg(token: FromPath[str], settings: NamedDependency[Settings]) -> Response[str]:
    view = await tickets.ticket_view(token=token)
    return Response(
        qr_svg(ticket_url(settings.base_url, view.ticket.token)),
        media_type="image/svg+xml",
        headers={"Cache-Control": IMAGE_CACHE, **NO_REFERRER},
    )


@get("/t/{token:str}/qr.png", include_in_schema=False, cache=False)
async def ticket_qr_png(
    token: FromPath[str],
    settings: NamedDependency[Settings],
    scale: Annotated[int, QueryParameter(ge=2, le=20)] = 10,
) -> Response[bytes]:
    view = await tickets.ticket_view(token=token)
    return Response(
        qr_png(ticket_url(settings.base_url, view.ticket.token), scale),
        media_type="image/png",
        headers={"Cache-Control": IMAGE_CACHE, **NO_REFERRER},
    )


@get("/t/{token:str}/badge", include_in_schema=False, cache=False)
async def ticket_badge(
    token: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Template:
    context = await _ticket_context(token, request)
    view = context["view"]
    badge = tickets.Badge(attendee=view.attendee, token=view.ticket.token)
    return Template(
        template_name="checkin/badge.html",
        context={**context, "badges": [_badge_item(badge, settings)]},
        headers=NO_REFERRER,
    )


def _badge_item(badge: tickets.Badge, settings: Settings) -> dict[str, Any]:
    url = ticket_url(settings.base_url, badge.token)
    return {"attendee": badge.attendee, "svg": Markup(qr_svg(url)), "code": badge.token[-6:]}  # noqa: S704 - our SVG


# --- the console ----------------------------------------------------------------------------------------------


def _json_texts(texts: dict[str, str]) -> str:
    return _json({key: gettext(value) for key, value in texts.items()})


def _json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` data block (cannot close the element early)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


@get("/console/fairs/{event_id:int}/checkin", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def scanner_page(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="checkin")
    roles = {role.value: role.label(get_locale()) for role in RegistrationRole}
    return Template(
        template_name="checkin/scanner.html",
        context={
            **context,
            "checkin_texts": _json_texts(SCAN_TEXTS),
            "checkin_ui": _json_texts(UI_TEXTS),
            "checkin_roles": _json(roles),
        },
    )


@get("/console/fairs/{event_id:int}/arrivals", guards=[page_organizer], include_in_schema=False, cache=False)
async def arrivals_page(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="arrivals")
    numbers = await live.live_numbers(event_id=event_id)
    return Template(
        template_name="checkin/arrivals.html",
        context={
            **context,
            "numbers": numbers,
            "slots": await attendance.slot_attendance(event_id=event_id),
            "checkin_texts": _json_texts(SCAN_TEXTS),
            "checkin_labels": SCAN_TEXTS,
            "checkin_ui": _json_texts(UI_TEXTS),
            "checkin_roles": _json({r.value: r.label(get_locale()) for r in RegistrationRole}),
        },
    )


@get("/console/fairs/{event_id:int}/badges", guards=[page_organizer], include_in_schema=False, cache=False)
async def badges_page(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="badges")
    page, total = await tickets.badges(event_id=event_id, offset=offset, limit=BADGES_PER_PAGE)
    items = [_badge_item(b, settings) for b in page]
    return Template(
        template_name="checkin/badges.html",
        context={
            **context,
            "sheets": [items[i : i + 8] for i in range(0, len(items), 8)],
            "total": total,
            "offset": offset,
            "per_page": BADGES_PER_PAGE,
        },
    )


# --- the portal -----------------------------------------------------------------------------------------------


async def load_ticket(registration: Registration, event: Event) -> dict[str, Any] | None:
    """The participant's ticket (issued on first view) once their registration is approved."""
    if str(registration.status) != RegistrationStatus.APPROVED.value:
        return None
    info = await tickets.issue_ticket(registration_id=registration.id)
    arrived = await tickets.arrival(event_id=event.id, registration_id=registration.id)
    return {"ticket": info, "arrival": arrived}


TABS = [
    ConsoleTab(slug="checkin", label=N_("Check-in"), order=50),
    ConsoleTab(slug="arrivals", label=N_("Arrivals"), organizer_only=True, order=52),
    ConsoleTab(slug="badges", label=N_("Badges"), organizer_only=True, order=54),
]
TICKET_SECTION = PortalSection(
    key="ticket", title=N_("My ticket"), template="checkin/portal_ticket.html", load=load_ticket, order=5
)

register(tabs=TABS, sections=(TICKET_SECTION,))


def route_handlers() -> list[Any]:
    """This area's pages, for the app's route list."""
    return [
        ticket_page,
        ticket_check_in,
        ticket_reissue,
        ticket_qr_svg,
        ticket_qr_png,
        ticket_badge,
        scanner_page,
        arrivals_page,
        badges_page,
    ]
