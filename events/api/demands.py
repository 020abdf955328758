"""Enterprise demands of the catalogue: create (organizers); list, search, read and match (everyone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import catalogue, search
from events.api.guards import organizer_only
from events.api.schemas.catalogue import DemandCreate, DemandOut
from events.api.schemas.common import Page, page_of
from events.api.schemas.search import AchievementMatch, AchievementMatches, DemandHit, demand_hit
from events.pagination import PageRequest
from events.vocabulary import Field, TransferMode


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

    @get("/", summary="List or search demands, with filters", cache=False)
    async def list_demands(
        self,
        q: Annotated[
            str | None,
            QueryParameter(max_length=200, description="words to search for (Chinese or English), best first"),
        ] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        field: FromQuery[Field | None] = None,
        transfer_mode: FromQuery[TransferMode | None] = None,
        district: Annotated[str | None, QueryParameter(max_length=50)] = None,
        organization_id: FromQuery[int | None] = None,
        event_id: FromQuery[int | None] = None,
        price_min: FromQuery[Decimal | None] = None,
        price_max: FromQuery[Decimal | None] = None,
    ) -> Page[DemandHit]:
        filters = catalogue.CatalogueFilter(
            field=field,
            transfer_mode=transfer_mode,
            district=district,
            organization_id=organization_id,
            event_id=event_id,
            price_min=price_min,
            price_max=price_max,
        )
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
