"""The participant's personal page, reached through the secret link ``/p/{token}``.

Opening the link also remembers it in an HttpOnly cookie, so the participant's other pages and the API
(enquiries, requests, bookings) know who they are. Other areas add sections through
:data:`events.pages.registry.PORTAL_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events.accounts import principal_for_personal_link
from events.api.security import PORTAL_COOKIE, principal_of
from events.errors import DomainError
from events.fairs import get_fair
from events.pages.registry import PORTAL_SECTIONS, PortalSection, portal_sections
from events.registration import registration_by_portal_token
from events.settings import Settings

__all__ = ["PORTAL_SECTIONS", "PortalSection"]

PORTAL_COOKIE_DAYS = 120


def section_return(
    token: str,
    section: str,
    *,
    known_errors: Mapping[str, str],
    done: str | None = None,
    error: DomainError | None = None,
) -> str:
    """Where a portal section's form sends the participant back: their page, opened at the section, saying what
    was done or which error stopped it (with its message when the section has no text of its own for the code)."""
    query: dict[str, str] = {"in": section}
    if done:
        query["done"] = done
    if error is not None:
        query["error"] = error.code
        if error.code not in known_errors:
            query["message"] = error.message[:300]
    return f"/p/{token}?{urlencode(query)}#section-{section}"


@get("/p/{token:str}", include_in_schema=False, cache=False)
async def portal_page(
    token: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Template:
    registration = await registration_by_portal_token(token=token)
    event = await get_fair(
        event_id=registration.event if isinstance(registration.event, int) else registration.event.id
    )
    sections = []
    for section in portal_sections():
        extra = await section.load(registration, event)
        if extra is not None:
            sections.append((section, extra))
    return Template(
        template_name="portal/home.html",
        context={
            "registration": registration,
            "event": event,
            "sections": sections,
            "token": token,
            "principal": principal_of(request),
        },
        cookies=[
            Cookie(
                key=PORTAL_COOKIE,
                value=token,
                max_age=PORTAL_COOKIE_DAYS * 86400,
                httponly=True,
                secure=settings.secure_cookies,
                samesite="lax",
                path="/",
            )
        ],
        headers={"Referrer-Policy": "no-referrer"},
    )


@get("/me", include_in_schema=False, cache=False)
async def my_page(request: Request[Any, Any, Any]) -> Redirect:
    """Back to "my page" from anywhere: the personal link remembered in the cookie, or the start page."""
    token = request.cookies.get(PORTAL_COOKIE, "")
    if token and await principal_for_personal_link(token) is not None:
        return Redirect(path=f"/p/{token}", status_code=303, headers={"Referrer-Policy": "no-referrer"})
    return Redirect(path="/", status_code=303)
