"""Achievements of the catalogue: create (organizers); list, search, read and match (everyone)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from events import catalogue, search
from events.api.catalogue_query import ACHIEVEMENT_FILTERS, SearchWords
from events.api.guards import organizer_only
from events.api.paging import PageLimit, PageOffset
from events.api.schemas.catalogue import AchievementCreate, AchievementOut
from events.api.schemas.common import Page, page_of
from events.api.schemas.search import AchievementHit, DemandMatch, DemandMatches, achievement_hit
from events.catalogue import CatalogueFilter
from events.pagination import PageRequest


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

    @get("/", summary="List or search achievements, with filters", cache=False, dependencies=ACHIEVEMENT_FILTERS)
    async def list_achievements(
        self,
        filters: NamedDependency[CatalogueFilter],
        q: SearchWords = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[AchievementHit]:
        found = await search.search_catalogue(
            "achievement", q=q or "", filters=filters, page=PageRequest(limit, offset)
        )
        return page_of(found.page, [achievement_hit(a, found.relevance.get(a.id)) for a in found.page.items])

    @get("/{achievement_id:int}", summary="One achievement", cache=False)
    async def read(self, achievement_id: FromPath[int]) -> AchievementOut:
        return AchievementOut.of(await catalogue.get_achievement(achievement_id=achievement_id))

    @get("/{achievement_id:int}/matches", summary="The enterprises' demands this achievement answers best", cache=False)
    async def matches(
        self,
        achievement_id: FromPath[int],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
        event_id: Annotated[int | None, QueryParameter(description="only demands brought to this fair")] = None,
    ) -> DemandMatches:
        found = await search.matches_for("achievement", achievement_id, limit=limit, event_id=event_id)
        return DemandMatches(items=[DemandMatch.of(m) for m in found.items], semantic=found.semantic)
