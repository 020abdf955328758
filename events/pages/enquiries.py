"""Portal sections for online enquiries and recommended partners; console tabs for enquiry counts and for the
demands of a fair that have no good match.

Participant forms post to ``/p/{token}/...`` (the personal link is the credential) and come back to the portal
with ``done`` or ``error`` in the query, shown by the section named in ``in`` (``meetings/_flash.html``).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events import enquiries, search
from events.api.security import principal_of
from events.errors import DomainError
from events.i18n import N_
from events.pages.console import fair_context
from events.pages.guards import page_organizer
from events.pages.portal import section_return
from events.pages.registry import ConsoleTab, PortalSection, register
from events.registration import participant_by_portal_token
from events.tables import Event, Registration
from events.vocabulary import RegistrationRole, RegistrationStatus

ERRORS: dict[str, str] = {
    "owner_not_at_fair": N_("The owner does not take part in this fair: keep the conversation going here."),
    "not_approved": N_("Only approved participants can meet."),
    "invalid_pair": N_("Meetings are between a research team and an enterprise or investor."),
    "requests_closed": N_("Meeting requests are closed for this fair."),
    "request_limit_reached": N_("You have sent as many requests as the organizer allows."),
    "empty_message": N_("Write a message first."),
    "enquiry_closed": N_("This enquiry is closed."),
}
DONE: dict[str, str] = {
    "replied": N_("Your message was sent."),
    "requested": N_("A meeting request was sent from this enquiry."),
}
INACTIVE = (RegistrationStatus.REJECTED.value, RegistrationStatus.CANCELLED.value)


def _event_id(registration: Registration) -> int:
    return registration.event if isinstance(registration.event, int) else registration.event.id


async def load_enquiries(registration: Registration, event: Event) -> dict[str, Any] | None:
    mine = await enquiries.portal_data(registration, event)
    if mine is None:
        return None
    return {**mine, "errors": ERRORS, "done": DONE}


async def load_recommendations(registration: Registration, event: Event) -> dict[str, Any] | None:
    if registration.status in INACTIVE or registration.role not in (
        RegistrationRole.ENTERPRISE.value,
        RegistrationRole.TEAM.value,
    ):
        return None
    partners = await search.recommended_partners(registration_id=registration.id, event_id=_event_id(registration))
    return {
        "partners": partners,
        "team": registration.role == RegistrationRole.TEAM.value,
        "can_request": registration.status == RegistrationStatus.APPROVED.value,
    }


SECTIONS = [
    PortalSection(
        key="recommendations",
        title=N_("Recommended for you"),
        template="catalogue/portal_recommendations.html",
        load=load_recommendations,
        order=22,
    ),
    PortalSection(
        key="enquiries",
        title=N_("Online enquiries"),
        template="catalogue/portal_enquiries.html",
        load=load_enquiries,
        order=45,
    ),
]
TABS = [
    ConsoleTab(slug="enquiries", label=N_("Enquiries"), organizer_only=True, order=16),
    ConsoleTab(slug="matching", label=N_("Matching"), organizer_only=True, order=18),
]


register(tabs=TABS, sections=SECTIONS)


# -- participant forms ---------------------------------------------------------------------------------------------


def _back(token: str, *, done: str | None = None, error: DomainError | None = None) -> str:
    return section_return(token, "enquiries", known_errors=ERRORS, done=done, error=error)


@post("/p/{token:str}/enquiries/{enquiry_id:int}/reply", include_in_schema=False, status_code=303)
async def reply_submit(token: FromPath[str], enquiry_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    form = await request.form()
    try:
        await enquiries.reply(
            enquiry_id=enquiry_id, registration_id=registration.id, message=str(form.get("message", ""))
        )
    except DomainError as exc:
        return Redirect(path=_back(token, error=exc), status_code=303)
    return Redirect(path=_back(token, done="replied"), status_code=303)


@post("/p/{token:str}/enquiries/{enquiry_id:int}/meeting-request", include_in_schema=False, status_code=303)
async def meeting_request_submit(
    token: FromPath[str], enquiry_id: FromPath[int], request: Request[Any, Any, Any]
) -> Redirect:
    registration = await participant_by_portal_token(token=token)
    try:
        await enquiries.request_meeting(enquiry_id=enquiry_id, registration_id=registration.id)
    except DomainError as exc:
        return Redirect(path=_back(token, error=exc), status_code=303)
    return Redirect(path=_back(token, done="requested"), status_code=303)


# -- console tabs --------------------------------------------------------------------------------------------------


@get("/console/fairs/{event_id:int}/enquiries", guards=[page_organizer], include_in_schema=False, cache=False)
async def enquiries_tab(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="enquiries")
    counts = await enquiries.enquiry_counts(event_id=event_id, limit=100)
    return Template(template_name="catalogue/console_enquiries.html", context={**context, "counts": counts})


@get("/console/fairs/{event_id:int}/matching", guards=[page_organizer], include_in_schema=False, cache=False)
async def matching_tab(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="matching")
    coverage, threshold, semantic = await search.demand_coverage(event_id=event_id)
    return Template(
        template_name="catalogue/console_matching.html",
        context={
            **context,
            "unmatched": [c for c in coverage if not c.good],
            "matched": [c for c in coverage if c.good],
            "threshold": threshold,
            "semantic": semantic,
        },
    )
