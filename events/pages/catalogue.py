"""The public catalogue: achievements and demands with classified display, filters, full-text search, detail
pages with precise matches and the online-enquiry form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import catalogue, enquiries, search
from events.api.security import principal_of
from events.catalogue import CatalogueFilter
from events.errors import AuthError, NotFoundError
from events.matching import Kind
from events.pagination import PageRequest
from events.tables import Achievement, Demand, Event, EventAchievement, EventDemand, Organization, Registration
from events.vocabulary import Field, Maturity, OrganizationKind, TransferMode

PAGE_SIZE = 20
RESEARCH = [OrganizationKind.UNIVERSITY.value, OrganizationKind.INSTITUTE.value]


def _enum(enum: Any, value: str | None) -> Any:
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        return None


def _amount(value: str | None) -> Decimal | None:
    if not value or not value.strip():
        return None
    try:
        amount = Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


async def _owners(kind: Kind) -> list[dict[str, Any]]:
    """Organizations owning published items of a kind (universities and institutes for achievements)."""
    table = Achievement if kind == "achievement" else Demand
    query = (
        Organization.select(Organization.id, Organization.name)
        .where(Organization.id.is_in(table.select(table.organization).where(table.published == True)))  # noqa: E712
        .order_by(Organization.name)
    )
    if kind == "achievement":
        query = query.where(Organization.kind.is_in(RESEARCH))
    return list(await query)


async def _districts(kind: Kind) -> list[str]:
    table = Achievement if kind == "achievement" else Demand
    rows = (
        await Organization.select(Organization.district)
        .where(Organization.id.is_in(table.select(table.organization)) & (Organization.district != ""))
        .distinct()
        .order_by(Organization.district)
    )
    return [str(r["district"]) for r in rows]


async def _browse(kind: Kind, request: Request[Any, Any, Any], params: dict[str, str | None], offset: int) -> Template:
    filters = CatalogueFilter(
        field=_enum(Field, params.get("field")),
        maturity=_enum(Maturity, params.get("maturity")) if kind == "achievement" else None,
        transfer_mode=_enum(TransferMode, params.get("transfer_mode")),
        district=(params.get("district") or "").strip() or None,
        organization_id=_int(params.get("organization")),
        price_min=_amount(params.get("price_min")),
        price_max=_amount(params.get("price_max")),
    )
    q = (params.get("q") or "").strip()
    found = await search.search_catalogue(kind, q=q, filters=filters, page=PageRequest(PAGE_SIZE, offset))
    counts = await search.field_counts(kind, q=q, filters=filters)
    kept = {k: v for k, v in params.items() if v}
    return Template(
        template_name="catalogue/list.html",
        context={
            "kind": kind,
            "page": found.page,
            "relevance": found.relevance,
            "q": q,
            "params": kept,
            "query_without": lambda *names: urlencode({k: v for k, v in kept.items() if k not in names}),
            "field_counts": counts,
            "owners": await _owners(kind),
            "districts": await _districts(kind),
            "principal": principal_of(request),
        },
    )


QueryText = Annotated[str | None, QueryParameter(max_length=200)]


def _browse_query(
    q: QueryText = None,
    field: QueryText = None,
    transfer_mode: QueryText = None,
    district: QueryText = None,
    organization: QueryText = None,
    price_min: QueryText = None,
    price_max: QueryText = None,
) -> dict[str, str | None]:
    """The search words and filters both lists take, in the order their links repeat them; the maturity's place
    is kept for the achievement list, which alone offers it."""
    return {
        "q": q,
        "field": field,
        "maturity": None,
        "transfer_mode": transfer_mode,
        "district": district,
        "organization": organization,
        "price_min": price_min,
        "price_max": price_max,
    }


BROWSE = {"browse": Provide(_browse_query, sync_to_thread=False)}
Offset = Annotated[int, QueryParameter(ge=0, le=100_000)]


@get("/catalogue/achievements", include_in_schema=False, cache=False, dependencies=BROWSE)
async def achievements_page(
    request: Request[Any, Any, Any],
    browse: NamedDependency[dict[str, str | None]],
    maturity: QueryText = None,
    offset: Offset = 0,
) -> Template:
    return await _browse("achievement", request, {**browse, "maturity": maturity}, offset)


@get("/catalogue/demands", include_in_schema=False, cache=False, dependencies=BROWSE)
async def demands_page(
    request: Request[Any, Any, Any], browse: NamedDependency[dict[str, str | None]], offset: Offset = 0
) -> Template:
    return await _browse("demand", request, browse, offset)


async def _fairs_of(kind: Kind, item_id: int) -> list[Event]:
    link = EventAchievement if kind == "achievement" else EventDemand
    column = EventAchievement.achievement if kind == "achievement" else EventDemand.demand
    ids = [r["event"] for r in await link.select(link.event).where(column == item_id)]
    if not ids:
        return []
    return list(await Event.objects().where(Event.id.is_in(ids)).order_by(Event.starts_on, ascending=False))


async def _detail(kind: Kind, item_id: int, request: Request[Any, Any, Any], *, sent: bool = False) -> Template:
    item: Any = (
        await catalogue.get_achievement(achievement_id=item_id)
        if kind == "achievement"
        else await catalogue.get_demand(demand_id=item_id)
    )
    principal = principal_of(request)
    if not item.published and not principal.is_organizer:
        raise NotFoundError(f"unknown_{kind}", f"no {kind} with id {item_id}")
    matches = await search.matches_for(kind, item_id, limit=5)
    participant = None
    if principal.is_participant:
        participant = await Registration.objects().where(Registration.id == principal.registration_id).first()
    own = participant is not None and participant.organization == getattr(item.organization, "id", None)
    return Template(
        template_name="catalogue/detail.html",
        context={
            "kind": kind,
            "item": item,
            "fairs": await _fairs_of(kind, item_id),
            "matches": matches,
            "participant": participant,
            "own": own,
            "sent": sent,
            "principal": principal,
        },
    )


@get("/catalogue/achievements/{item_id:int}", include_in_schema=False, cache=False)
async def achievement_page(
    item_id: FromPath[int], request: Request[Any, Any, Any], sent: Annotated[int, QueryParameter(ge=0, le=1)] = 0
) -> Template:
    return await _detail("achievement", item_id, request, sent=bool(sent))


@get("/catalogue/demands/{item_id:int}", include_in_schema=False, cache=False)
async def demand_page(
    item_id: FromPath[int], request: Request[Any, Any, Any], sent: Annotated[int, QueryParameter(ge=0, le=1)] = 0
) -> Template:
    return await _detail("demand", item_id, request, sent=bool(sent))


async def _enquire(kind: Kind, item_id: int, request: Request[Any, Any, Any]) -> Redirect:
    principal = principal_of(request)
    if principal.registration_id is None:
        raise AuthError("not_participant", "open your personal link first: enquiries come from a fair's participant")
    form = await request.form()
    await enquiries.send_enquiry(
        registration_id=principal.registration_id,
        message=str(form.get("message", "")),
        achievement_id=item_id if kind == "achievement" else None,
        demand_id=item_id if kind == "demand" else None,
    )
    return Redirect(path=f"/catalogue/{kind}s/{item_id}?sent=1#enquiry", status_code=303)


@post("/catalogue/achievements/{item_id:int}/enquiry", include_in_schema=False, status_code=303)
async def achievement_enquiry(item_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    return await _enquire("achievement", item_id, request)


@post("/catalogue/demands/{item_id:int}/enquiry", include_in_schema=False, status_code=303)
async def demand_enquiry(item_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    return await _enquire("demand", item_id, request)
