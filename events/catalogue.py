"""The catalogue: research achievements and enterprise demands, shared by every fair.

This module saves, reads and filters items. Relevance-ranked search and matching live in
``events.matching`` and are wired to the catalogue by ``events.search``. When an item is saved, its analysed
index terms (``search_terms``) and its semantic vectors (``search_vector``, see ``events.embeddings``) are
computed and stored with it, so that searches and recommendations never run jieba or the model per query.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from piccolo.custom_types import Combinable

from events import embeddings
from events.clock import utc_now
from events.errors import DomainError, NotFoundError
from events.matching import CatalogueText, Kind, analyse
from events.money import from_fen, to_fen
from events.pagination import Page, PageRequest
from events.tables import Achievement, Demand, EventAchievement, EventDemand, Organization
from events.vocabulary import Field, IPType, Maturity, OrganizationKind, TransferMode

RESEARCH_KINDS = frozenset({OrganizationKind.UNIVERSITY.value, OrganizationKind.INSTITUTE.value})


class CatalogueError(DomainError):
    """Refusals about achievements and demands."""


@dataclass(frozen=True, slots=True)
class AchievementInput:
    title: str
    organization_id: int
    fields: tuple[Field, ...]
    maturity: Maturity
    summary: str = ""
    title_en: str = ""
    keywords: tuple[str, ...] = ()
    ip_type: IPType | None = None
    patent_numbers: tuple[str, ...] = ()
    transfer_modes: tuple[TransferMode, ...] = ()
    price_low: Decimal | None = None
    price_high: Decimal | None = None
    price_note: str = ""
    evaluator: str = ""
    evaluated_value: Decimal | None = None
    evaluated_on: date | None = None
    team_name: str = ""
    contact_id: int | None = None
    published: bool = True


@dataclass(frozen=True, slots=True)
class DemandInput:
    title: str
    organization_id: int
    fields: tuple[Field, ...]
    summary: str = ""
    title_en: str = ""
    keywords: tuple[str, ...] = ()
    transfer_modes: tuple[TransferMode, ...] = ()
    budget_low: Decimal | None = None
    budget_high: Decimal | None = None
    wanted_by: date | None = None
    contact_id: int | None = None
    published: bool = True


@dataclass(frozen=True, slots=True)
class CatalogueFilter:
    """Filters shared by the achievement and demand lists; empty means 'any'."""

    field: Field | None = None
    maturity: Maturity | None = None
    transfer_mode: TransferMode | None = None
    district: str | None = None
    organization_id: int | None = None
    event_id: int | None = None
    price_min: Decimal | None = None  # items whose price/budget range reaches at least this
    price_max: Decimal | None = None  # items whose price/budget range starts at most at this
    published_only: bool = True
    ids: tuple[int, ...] | None = None


def _range_fen(low: Decimal | None, high: Decimal | None, *, what: str) -> tuple[int | None, int | None]:
    low_fen = to_fen(low, field=f"{what}_low") if low is not None else None
    high_fen = to_fen(high, field=f"{what}_high") if high is not None else None
    if low_fen is not None and high_fen is not None and high_fen < low_fen:
        raise CatalogueError("invalid_range", f"{what} range ends below its start", field=f"{what}_high")
    return low_fen, high_fen


def _check_common(*, title: str, fields: tuple[Field, ...], keywords: tuple[str, ...]) -> None:
    if not title.strip():
        raise CatalogueError("missing_title", "a title is required", field="title")
    if len(title) > 200:
        raise CatalogueError("title_too_long", "a title has at most 200 characters", field="title")
    if not fields:
        raise CatalogueError("missing_field", "at least one technology field is required", field="fields")
    if len(keywords) > 20 or any(len(k) > 50 for k in keywords):
        raise CatalogueError("too_many_keywords", "at most 20 keywords of at most 50 characters", field="keywords")


async def _require_organization(organization_id: int) -> Organization:
    organization = await Organization.objects().where(Organization.id == organization_id).first()
    if organization is None:
        raise NotFoundError(
            "unknown_organization", f"no organization with id {organization_id}", field="organization_id"
        )
    return organization


def _enum_tuple(enum: Any, values: Sequence[str] | None) -> tuple[Any, ...]:
    out = []
    for value in values or ():
        try:
            out.append(enum(value))
        except ValueError:
            continue  # a value from an older vocabulary: not used for matching
    return tuple(out)


def catalogue_text(
    row: dict[str, Any], *, kind: Kind, organization_name: str, organization_kind: str, district: str, item_id: int = 0
) -> CatalogueText:
    """What the matching engine reads of an achievement or demand row (column names as in the tables).

    The owner's name, its district and, for universities and institutes, its name as the university are
    part of the text, so that "江城大学 电池" finds the university's battery results.
    """
    low, high = ("price_low_fen", "price_high_fen") if kind == "achievement" else ("budget_low_fen", "budget_high_fen")
    maturity = str(row.get("maturity") or "")
    price_low, price_high = from_fen(row.get(low)), from_fen(row.get(high))
    if price_low is not None and price_high is not None and price_low > price_high:
        price_low, price_high = price_high, price_low
    return CatalogueText(
        id=item_id,
        kind=kind,
        title=str(row.get("title") or "").strip() or "-",
        title_en=str(row.get("title_en") or ""),
        summary=str(row.get("summary") or ""),
        keywords=tuple(str(k) for k in row.get("keywords") or ()),
        fields=_enum_tuple(Field, row.get("fields")),
        maturity=Maturity(maturity) if maturity in Maturity._value2member_map_ else None,
        transfer_modes=_enum_tuple(TransferMode, row.get("transfer_modes")),
        price_low=price_low,
        price_high=price_high,
        organization=organization_name,
        district=district,
        university=organization_name if organization_kind in RESEARCH_KINDS else "",
    )


async def search_data(texts: Sequence[CatalogueText], *, embed: bool = True) -> tuple[list[str], list[bytes | None]]:
    """The ``search_terms`` and ``search_vector`` to store for items being saved (jieba and the model run in
    a worker thread). ``embed=False`` leaves the vectors to :func:`events.search.fill_missing_vectors`."""
    terms = await asyncio.to_thread(lambda: [analyse(t).to_text() for t in texts])
    vectors: list[bytes | None] = await embeddings.vectors_for(texts) if embed else [None] * len(texts)
    return terms, vectors


def _achievement_columns(data: AchievementInput) -> dict[str, Any]:
    low, high = _range_fen(data.price_low, data.price_high, what="price")
    evaluated = to_fen(data.evaluated_value, field="evaluated_value") if data.evaluated_value is not None else None
    return {
        "title": data.title.strip(),
        "title_en": data.title_en.strip(),
        "summary": data.summary,
        "keywords": _unique(data.keywords),
        "field": data.fields[0].value,
        "fields": _unique(tuple(f.value for f in data.fields)),
        "maturity": data.maturity.value,
        "ip_type": data.ip_type.value if data.ip_type else None,
        "patent_numbers": _unique(data.patent_numbers),
        "transfer_modes": _unique(tuple(m.value for m in data.transfer_modes)),
        "price_low_fen": low,
        "price_high_fen": high,
        "price_note": data.price_note,
        "evaluator": data.evaluator,
        "evaluated_value_fen": evaluated,
        "evaluated_on": data.evaluated_on,
        "organization": data.organization_id,
        "team_name": data.team_name,
        "contact": data.contact_id,
        "published": data.published,
    }


def _demand_columns(data: DemandInput) -> dict[str, Any]:
    low, high = _range_fen(data.budget_low, data.budget_high, what="budget")
    return {
        "title": data.title.strip(),
        "title_en": data.title_en.strip(),
        "summary": data.summary,
        "keywords": _unique(data.keywords),
        "field": data.fields[0].value,
        "fields": _unique(tuple(f.value for f in data.fields)),
        "transfer_modes": _unique(tuple(m.value for m in data.transfer_modes)),
        "budget_low_fen": low,
        "budget_high_fen": high,
        "wanted_by": data.wanted_by,
        "organization": data.organization_id,
        "contact": data.contact_id,
        "published": data.published,
    }


def check_achievement(data: AchievementInput) -> dict[str, Any]:
    """Validate an achievement without saving it; returns its columns (used by forms and imports)."""
    _check_common(title=data.title, fields=data.fields, keywords=data.keywords)
    return _achievement_columns(data)


def check_demand(data: DemandInput) -> dict[str, Any]:
    """Validate a demand without saving it; returns its columns (used by forms and imports)."""
    _check_common(title=data.title, fields=data.fields, keywords=data.keywords)
    return _demand_columns(data)


def text_of(columns: dict[str, Any], *, kind: Kind, organization: Organization) -> CatalogueText:
    return catalogue_text(
        columns,
        kind=kind,
        organization_name=organization.name,
        organization_kind=organization.kind,
        district=organization.district,
    )


def _unique(values: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


async def create_achievement(
    *, data: AchievementInput, embed: bool = True, search_vector: bytes | None = None
) -> Achievement:
    """Save an achievement with its index terms and vectors.

    ``search_vector``: vectors computed beforehand (e.g. outside a transaction); ``embed=False`` saves without
    vectors (bulk imports fill them afterwards with :func:`events.search.fill_missing_vectors`).
    """
    columns = check_achievement(data)
    organization = await _require_organization(data.organization_id)
    terms, vectors = await search_data(
        [text_of(columns, kind="achievement", organization=organization)], embed=embed and search_vector is None
    )
    achievement = Achievement(**columns, search_terms=terms[0], search_vector=search_vector or vectors[0])
    await achievement.save()
    return achievement


async def create_demand(*, data: DemandInput, embed: bool = True, search_vector: bytes | None = None) -> Demand:
    """Save a demand with its index terms and vectors (see :func:`create_achievement`)."""
    columns = check_demand(data)
    organization = await _require_organization(data.organization_id)
    terms, vectors = await search_data(
        [text_of(columns, kind="demand", organization=organization)], embed=embed and search_vector is None
    )
    demand = Demand(**columns, search_terms=terms[0], search_vector=search_vector or vectors[0])
    await demand.save()
    return demand


async def get_achievement(*, achievement_id: int) -> Achievement:
    item = await Achievement.objects(Achievement.organization).where(Achievement.id == achievement_id).first()
    if item is None:
        raise NotFoundError("unknown_achievement", f"no achievement with id {achievement_id}")
    return item


async def get_demand(*, demand_id: int) -> Demand:
    item = await Demand.objects(Demand.organization).where(Demand.id == demand_id).first()
    if item is None:
        raise NotFoundError("unknown_demand", f"no demand with id {demand_id}")
    return item


def _array_contains(column: object, value: str, engine_type: str) -> Combinable:
    from piccolo.columns import Array

    assert isinstance(column, Array)
    if engine_type == "sqlite":
        return column.like(f'%"{value}"%')  # SQLite stores arrays as JSON text
    return column.any(value)


def achievement_conditions(filters: CatalogueFilter) -> list[Combinable]:
    engine_type = Achievement._meta.db.engine_type
    conditions: list[Combinable] = []
    if filters.published_only:
        conditions.append(Achievement.published == True)  # noqa: E712 - Piccolo builds SQL from ==
    if filters.field is not None:
        conditions.append(_array_contains(Achievement.fields, filters.field.value, engine_type))
    if filters.maturity is not None:
        conditions.append(Achievement.maturity == filters.maturity.value)
    if filters.transfer_mode is not None:
        conditions.append(_array_contains(Achievement.transfer_modes, filters.transfer_mode.value, engine_type))
    if filters.district:
        conditions.append(Achievement.organization.district == filters.district)
    if filters.organization_id is not None:
        conditions.append(Achievement.organization == filters.organization_id)
    if filters.event_id is not None:
        conditions.append(
            Achievement.id.is_in(
                EventAchievement.select(EventAchievement.achievement).where(EventAchievement.event == filters.event_id)
            )
        )
    if filters.price_min is not None:
        conditions.append(
            Achievement.price_high_fen.is_null()
            | (Achievement.price_high_fen >= to_fen(filters.price_min, field="price_min"))
        )
    if filters.price_max is not None:
        conditions.append(
            Achievement.price_low_fen.is_null()
            | (Achievement.price_low_fen <= to_fen(filters.price_max, field="price_max"))
        )
    if filters.ids is not None:
        conditions.append(Achievement.id.is_in(list(filters.ids) or [-1]))
    return conditions


def demand_conditions(filters: CatalogueFilter) -> list[Combinable]:
    engine_type = Demand._meta.db.engine_type
    conditions: list[Combinable] = []
    if filters.published_only:
        conditions.append(Demand.published == True)  # noqa: E712
    if filters.field is not None:
        conditions.append(_array_contains(Demand.fields, filters.field.value, engine_type))
    if filters.transfer_mode is not None:
        conditions.append(_array_contains(Demand.transfer_modes, filters.transfer_mode.value, engine_type))
    if filters.district:
        conditions.append(Demand.organization.district == filters.district)
    if filters.organization_id is not None:
        conditions.append(Demand.organization == filters.organization_id)
    if filters.event_id is not None:
        conditions.append(
            Demand.id.is_in(EventDemand.select(EventDemand.demand).where(EventDemand.event == filters.event_id))
        )
    if filters.price_min is not None:
        conditions.append(
            Demand.budget_high_fen.is_null() | (Demand.budget_high_fen >= to_fen(filters.price_min, field="price_min"))
        )
    if filters.price_max is not None:
        conditions.append(
            Demand.budget_low_fen.is_null() | (Demand.budget_low_fen <= to_fen(filters.price_max, field="price_max"))
        )
    if filters.ids is not None:
        conditions.append(Demand.id.is_in(list(filters.ids) or [-1]))
    return conditions


async def list_achievements(*, page: PageRequest, filters: CatalogueFilter) -> Page[Achievement]:
    query = Achievement.objects(Achievement.organization).order_by(Achievement.id, ascending=False)
    count = Achievement.count()
    for condition in achievement_conditions(filters):
        query = query.where(condition)
        count = count.where(condition)
    items = await query.limit(page.limit).offset(page.offset)
    return Page(items=list(items), total=await count, limit=page.limit, offset=page.offset)


async def list_demands(*, page: PageRequest, filters: CatalogueFilter) -> Page[Demand]:
    query = Demand.objects(Demand.organization).order_by(Demand.id, ascending=False)
    count = Demand.count()
    for condition in demand_conditions(filters):
        query = query.where(condition)
        count = count.where(condition)
    items = await query.limit(page.limit).offset(page.offset)
    return Page(items=list(items), total=await count, limit=page.limit, offset=page.offset)


async def present_achievement(*, event_id: int, achievement_id: int, registration_id: int | None = None) -> None:
    """Mark an achievement as presented at a fair (idempotent)."""
    exists = await EventAchievement.exists().where(
        (EventAchievement.event == event_id) & (EventAchievement.achievement == achievement_id)
    )
    if not exists:
        await EventAchievement(event=event_id, achievement=achievement_id, registration=registration_id).save()


async def bring_demand(*, event_id: int, demand_id: int, registration_id: int | None = None) -> None:
    """Mark a demand as brought to a fair (idempotent)."""
    exists = await EventDemand.exists().where((EventDemand.event == event_id) & (EventDemand.demand == demand_id))
    if not exists:
        await EventDemand(event=event_id, demand=demand_id, registration=registration_id).save()


async def touch_achievement(*, achievement_id: int) -> None:
    await Achievement.update({Achievement.updated_at: utc_now()}).where(Achievement.id == achievement_id)
