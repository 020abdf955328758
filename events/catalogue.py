"""The catalogue: research achievements and enterprise demands, shared by every fair.

This module saves, reads and filters items. Relevance-ranked search and matching live in
``events.matching`` and are wired to the catalogue by ``events.search``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from piccolo.custom_types import Combinable

from events.clock import utc_now
from events.errors import DomainError, NotFoundError
from events.money import to_fen
from events.pagination import Page, PageRequest
from events.tables import Achievement, Demand, EventAchievement, EventDemand, Organization
from events.vocabulary import Field, IPType, Maturity, TransferMode


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


async def _require_organization(organization_id: int) -> None:
    if not await Organization.exists().where(Organization.id == organization_id):
        raise NotFoundError(
            "unknown_organization", f"no organization with id {organization_id}", field="organization_id"
        )


def _unique(values: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


async def create_achievement(*, data: AchievementInput) -> Achievement:
    _check_common(title=data.title, fields=data.fields, keywords=data.keywords)
    await _require_organization(data.organization_id)
    low, high = _range_fen(data.price_low, data.price_high, what="price")
    evaluated = to_fen(data.evaluated_value, field="evaluated_value") if data.evaluated_value is not None else None
    achievement = Achievement(
        title=data.title.strip(),
        title_en=data.title_en.strip(),
        summary=data.summary,
        keywords=_unique(data.keywords),
        field=data.fields[0].value,
        fields=_unique(tuple(f.value for f in data.fields)),
        maturity=data.maturity.value,
        ip_type=data.ip_type.value if data.ip_type else None,
        patent_numbers=_unique(data.patent_numbers),
        transfer_modes=_unique(tuple(m.value for m in data.transfer_modes)),
        price_low_fen=low,
        price_high_fen=high,
        price_note=data.price_note,
        evaluator=data.evaluator,
        evaluated_value_fen=evaluated,
        evaluated_on=data.evaluated_on,
        organization=data.organization_id,
        team_name=data.team_name,
        contact=data.contact_id,
        published=data.published,
    )
    await achievement.save()
    return achievement


async def create_demand(*, data: DemandInput) -> Demand:
    _check_common(title=data.title, fields=data.fields, keywords=data.keywords)
    await _require_organization(data.organization_id)
    low, high = _range_fen(data.budget_low, data.budget_high, what="budget")
    demand = Demand(
        title=data.title.strip(),
        title_en=data.title_en.strip(),
        summary=data.summary,
        keywords=_unique(data.keywords),
        field=data.fields[0].value,
        fields=_unique(tuple(f.value for f in data.fields)),
        transfer_modes=_unique(tuple(m.value for m in data.transfer_modes)),
        budget_low_fen=low,
        budget_high_fen=high,
        wanted_by=data.wanted_by,
        organization=data.organization_id,
        contact=data.contact_id,
        published=data.published,
    )
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
