"""The public face: index, fair pages, language switch."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import fairs
from events.api.security import principal_of
from events.i18n import LOCALE_COOKIE, normalise_locale
from events.pagination import PageRequest
from events.tables import Achievement, Demand, Organization, Registration
from events.vocabulary import OrganizationKind


@get("/", include_in_schema=False, cache=False)
async def index(request: Request[Any, Any, Any]) -> Template:
    page = await fairs.list_fairs(page=PageRequest(limit=20, offset=0))
    counts = {
        "fairs": page.total,
        "achievements": await Achievement.count().where(Achievement.published == True),  # noqa: E712
        "demands": await Demand.count().where(Demand.published == True),  # noqa: E712
        "enterprises": await Organization.count().where(Organization.kind == OrganizationKind.ENTERPRISE.value),
        "registrations": await Registration.count(),
    }
    return Template(
        template_name="index.html",
        context={"fairs": page.items, "counts": counts, "principal": principal_of(request)},
    )


@get("/fairs/{slug:str}", include_in_schema=False, cache=False)
async def fair_page(slug: FromPath[str], request: Request[Any, Any, Any]) -> Template:
    event = await fairs.get_fair_by_slug(slug=slug)
    slots = await fairs.fair_slots(event_id=event.id)
    tables = await fairs.fair_tables(event_id=event.id)
    days: dict[str, list[Any]] = {}
    for slot in slots:
        days.setdefault(slot.code.split("-")[0], []).append(slot)
    registered = await Registration.count().where(Registration.event == event.id)
    return Template(
        template_name="fair.html",
        context={
            "event": event,
            "days": days,
            "tables": tables,
            "registered": registered,
            "principal": principal_of(request),
        },
    )


@get("/lang/{code:str}", include_in_schema=False)
async def switch_language(
    code: FromPath[str], next_url: Annotated[str, QueryParameter(name="next", max_length=500)] = "/"
) -> Redirect:
    locale = normalise_locale(code) or "zh_CN"
    target = next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"
    return Redirect(
        path=target,
        cookies=[Cookie(key=LOCALE_COOKIE, value=locale, max_age=365 * 86400, samesite="lax", path="/")],
    )
