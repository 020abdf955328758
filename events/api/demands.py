"""Enterprise demands of the catalogue: create (organizers); list, search, read and match (everyone)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from events import catalogue, search
from events.api.catalogue_query import DEMAND_FILTERS, SearchWords
from events.api.guards import organizer_only
from events.api.paging import PageLimit, PageOffset
from events.api.schemas.catalogue import DemandCreate, DemandOut
from events.api.schemas.common import Page, page_of
from events.api.schemas.search import AchievementMatch, AchievementMatches, DemandHit, demand_hit
from events.catalogue import CatalogueFilter
from events.pagination import PageRequest


class DemandController(Controller):
    path = "/api/demands"
    tags = ["catalogue"]

    @post("/", guards=[organizer_only], summary="Add an enterprise demand to the catalogue")
    async def create(self, data: JSONBody[DemandCreate]) -> DemandOut:
        item = await catalogue.create_demand(
            data=catalogue.DemandInput(
                title=data.title,
                organization_id=data.organization_id,
                fields=tuple(data.fields),
                summary=data.summary,
                title_en=data.title_en,
                keywords=tuple(data.keywords),
                transfer_modes=tuple(data.transfer_modes),
                budget_low=data.budget_low,
                budget_high=data.budget_high,
                wanted_by=data.wanted_by,
                contact_id=data.contact_id,
                published=data.published,
            )
        )
        return DemandOut.of(await catalogue.get_demand(demand_id=item.id))

    @get("/", summary="List or search demands, with filters", cache=False, dependencies=DEMAND_FILTERS)
    async def list_demands(
        self,
        filters: NamedDependency[CatalogueFilter],
        q: SearchWords = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[DemandHit]:
        found = await search.search_catalogue("demand", q=q or "", filters=filters, page=PageRequest(limit, offset))
        return page_of(found.page, [demand_hit(d, found.relevance.get(d.id)) for d in found.page.items])

    @get("/{demand_id:int}", summary="One demand", cache=False)
    async def read(self, demand_id: FromPath[int]) -> DemandOut:
        return DemandOut.of(await catalogue.get_demand(demand_id=demand_id))

    @get("/{demand_id:int}/matches", summary="The achievements that answer this demand best", cache=False)
    async def matches(
        self,
        demand_id: FromPath[int],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
        event_id: Annotated[int | None, QueryParameter(description="only achievements presented at this fair")] = None,
    ) -> AchievementMatches:
        found = await search.matches_for("demand", demand_id, limit=limit, event_id=event_id)
        return AchievementMatches(items=[AchievementMatch.of(m) for m in found.items], semantic=found.semantic)
