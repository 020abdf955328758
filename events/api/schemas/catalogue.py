"""Achievements and demands of the catalogue."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec

from events.api.schemas.common import Input, LongText, Ref, ShortText
from events.money import from_fen
from events.tables import Achievement, Demand
from events.vocabulary import Field, IPType, Maturity, TransferMode

Keyword = Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
Yuan = Annotated[Decimal, msgspec.Meta(description="CNY, exact, at most two decimals, not negative")]


class AchievementCreate(Input, kw_only=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    organization_id: int
    fields: Annotated[list[Field], msgspec.Meta(min_length=1, max_length=5)]
    maturity: Maturity
    summary: LongText = ""
    title_en: ShortText = ""
    keywords: Annotated[list[Keyword], msgspec.Meta(max_length=20)] = []
    ip_type: IPType | None = None
    patent_numbers: Annotated[list[Annotated[str, msgspec.Meta(max_length=40)]], msgspec.Meta(max_length=50)] = []
    transfer_modes: list[TransferMode] = []
    price_low: Yuan | None = None
    price_high: Yuan | None = None
    price_note: Annotated[str, msgspec.Meta(max_length=100)] = ""
    evaluator: ShortText = ""
    evaluated_value: Yuan | None = None
    evaluated_on: date | None = None
    team_name: ShortText = ""
    contact_id: int | None = None
    published: bool = True


class DemandCreate(Input, kw_only=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    organization_id: int
    fields: Annotated[list[Field], msgspec.Meta(min_length=1, max_length=5)]
    summary: LongText = ""
    title_en: ShortText = ""
    keywords: Annotated[list[Keyword], msgspec.Meta(max_length=20)] = []
    transfer_modes: list[TransferMode] = []
    budget_low: Yuan | None = None
    budget_high: Yuan | None = None
    wanted_by: date | None = None
    contact_id: int | None = None
    published: bool = True


def _organization_ref(item: Any) -> Ref:
    org = item.organization
    if hasattr(org, "id"):
        return Ref(id=org.id, name=org.name)
    return Ref(id=int(org), name="")


def _organization_district(item: Any) -> str:
    org = item.organization
    return str(getattr(org, "district", "") or "")


class AchievementOut(msgspec.Struct, kw_only=True):
    id: int
    title: str
    title_en: str
    summary: str
    keywords: list[str]
    field: Field
    fields: list[Field]
    maturity: Maturity
    ip_type: IPType | None
    patent_numbers: list[str]
    transfer_modes: list[TransferMode]
    price_low: Decimal | None
    price_high: Decimal | None
    price_note: str
    evaluator: str
    evaluated_value: Decimal | None
    evaluated_on: date | None
    organization: Ref
    district: str
    team_name: str
    contact_id: int | None
    published: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, item: Achievement) -> AchievementOut:
        return cls(
            id=item.id,
            title=item.title,
            title_en=item.title_en,
            summary=item.summary,
            keywords=list(item.keywords or []),
            field=Field(item.field),
            fields=[Field(f) for f in item.fields or []],
            maturity=Maturity(item.maturity),
            ip_type=IPType(item.ip_type) if item.ip_type else None,
            patent_numbers=list(item.patent_numbers or []),
            transfer_modes=[TransferMode(m) for m in item.transfer_modes or []],
            price_low=from_fen(item.price_low_fen),
            price_high=from_fen(item.price_high_fen),
            price_note=item.price_note,
            evaluator=item.evaluator,
            evaluated_value=from_fen(item.evaluated_value_fen),
            evaluated_on=item.evaluated_on,
            organization=_organization_ref(item),
            district=_organization_district(item),
            team_name=item.team_name,
            contact_id=item.contact if isinstance(item.contact, int) else None,
            published=item.published,
            created_at=item.created_at,
            updated_at=item.updated_at,
        )


class DemandOut(msgspec.Struct, kw_only=True):
    id: int
    title: str
    title_en: str
    summary: str
    keywords: list[str]
    field: Field
    fields: list[Field]
    transfer_modes: list[TransferMode]
    budget_low: Decimal | None
    budget_high: Decimal | None
    wanted_by: date | None
    organization: Ref
    district: str
    contact_id: int | None
    published: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, item: Demand) -> DemandOut:
        return cls(
            id=item.id,
            title=item.title,
            title_en=item.title_en,
            summary=item.summary,
            keywords=list(item.keywords or []),
            field=Field(item.field),
            fields=[Field(f) for f in item.fields or []],
            transfer_modes=[TransferMode(m) for m in item.transfer_modes or []],
            budget_low=from_fen(item.budget_low_fen),
            budget_high=from_fen(item.budget_high_fen),
            wanted_by=item.wanted_by,
            organization=_organization_ref(item),
            district=_organization_district(item),
            contact_id=item.contact if isinstance(item.contact, int) else None,
            published=item.published,
            created_at=item.created_at,
            updated_at=item.updated_at,
        )
