"""Achievements of the catalogue: create (organizers), list with filters and read (everyone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import catalogue
from events.api.guards import organizer_only
from events.api.schemas.catalogue import AchievementCreate, AchievementOut
from events.api.schemas.common import Page, page_of
from events.pagination import PageRequest
from events.vocabulary import Field, Maturity, TransferMode


class AchievementController(Controller):
    path = "/api/achievements"
    tags = ["catalogue"]

    @post("/", guards=[organizer_only], summary="Add an achievement to the catalogue")
    async def create(self, data: JSONBody[AchievementCreate]) -> AchievementOut:
        item = await catalogue.create_achievement(
            data=catalogue.AchievementInput(
                title=data.title,
                organization_id=data.organization_id,
                fields=tuple(data.fields),
                maturity=data.maturity,
                summary=data.summary,
                title_en=data.title_en,
                keywords=tuple(data.keywords),
                ip_type=data.ip_type,
                patent_numbers=tuple(data.patent_numbers),
                transfer_modes=tuple(data.transfer_modes),
                price_low=data.price_low,
                price_high=data.price_high,
                price_note=data.price_note,
                evaluator=data.evaluator,
                evaluated_value=data.evaluated_value,
                evaluated_on=data.evaluated_on,
                team_name=data.team_name,
                contact_id=data.contact_id,
                published=data.published,
            )
        )
        return AchievementOut.of(await catalogue.get_achievement(achievement_id=item.id))

    @get("/", summary="List achievements with filters", cache=False)
    async def list_achievements(
        self,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        field: FromQuery[Field | None] = None,
        maturity: FromQuery[Maturity | None] = None,
        transfer_mode: FromQuery[TransferMode | None] = None,
        district: Annotated[str | None, QueryParameter(max_length=50)] = None,
        organization_id: FromQuery[int | None] = None,
        event_id: FromQuery[int | None] = None,
        price_min: FromQuery[Decimal | None] = None,
        price_max: FromQuery[Decimal | None] = None,
    ) -> Page[AchievementOut]:
        filters = catalogue.CatalogueFilter(
            field=field,
            maturity=maturity,
            transfer_mode=transfer_mode,
            district=district,
            organization_id=organization_id,
            event_id=event_id,
            price_min=price_min,
            price_max=price_max,
        )
        page = await catalogue.list_achievements(page=PageRequest(limit, offset), filters=filters)
        return page_of(page, [AchievementOut.of(a) for a in page.items])

    @get("/{achievement_id:int}", summary="One achievement", cache=False)
    async def read(self, achievement_id: FromPath[int]) -> AchievementOut:
        return AchievementOut.of(await catalogue.get_achievement(achievement_id=achievement_id))
