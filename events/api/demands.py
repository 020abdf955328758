"""Enterprise demands of the catalogue: create (organizers), list with filters and read (everyone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import catalogue
from events.api.guards import organizer_only
from events.api.schemas.catalogue import DemandCreate, DemandOut
from events.api.schemas.common import Page, page_of
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

    @get("/", summary="List demands with filters", cache=False)
    async def list_demands(
        self,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        field: FromQuery[Field | None] = None,
        transfer_mode: FromQuery[TransferMode | None] = None,
        district: Annotated[str | None, QueryParameter(max_length=50)] = None,
        organization_id: FromQuery[int | None] = None,
        event_id: FromQuery[int | None] = None,
        price_min: FromQuery[Decimal | None] = None,
        price_max: FromQuery[Decimal | None] = None,
    ) -> Page[DemandOut]:
        filters = catalogue.CatalogueFilter(
            field=field,
            transfer_mode=transfer_mode,
            district=district,
            organization_id=organization_id,
            event_id=event_id,
            price_min=price_min,
            price_max=price_max,
        )
        page = await catalogue.list_demands(page=PageRequest(limit, offset), filters=filters)
        return page_of(page, [DemandOut.of(d) for d in page.items])

    @get("/{demand_id:int}", summary="One demand", cache=False)
    async def read(self, demand_id: FromPath[int]) -> DemandOut:
        return DemandOut.of(await catalogue.get_demand(demand_id=demand_id))
