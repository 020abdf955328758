"""The query the achievement and demand lists share: search words, a page, and the catalogue's filters,
read once here and handed to the controllers as a ready ``CatalogueFilter`` (a dependency named ``filters``)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Annotated

from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, QueryParameter

from events.catalogue import CatalogueFilter
from events.vocabulary import Field, Maturity, TransferMode

SearchWords = Annotated[
    str | None,
    QueryParameter(max_length=200, description="words to search for (Chinese or English), best first"),
]


def demand_filter(
    field: FromQuery[Field | None] = None,
    transfer_mode: FromQuery[TransferMode | None] = None,
    district: Annotated[str | None, QueryParameter(max_length=50)] = None,
    organization_id: FromQuery[int | None] = None,
    event_id: FromQuery[int | None] = None,
    price_min: FromQuery[Decimal | None] = None,
    price_max: FromQuery[Decimal | None] = None,
) -> CatalogueFilter:
    """The filters both lists offer (a demand's budget range stands for the price range)."""
    return CatalogueFilter(
        field=field,
        transfer_mode=transfer_mode,
        district=district,
        organization_id=organization_id,
        event_id=event_id,
        price_min=price_min,
        price_max=price_max,
    )


def achievement_filter(
    catalogue_filter: NamedDependency[CatalogueFilter], maturity: FromQuery[Maturity | None] = None
) -> CatalogueFilter:
    """The shared filters plus the achievement's maturity."""
    return replace(catalogue_filter, maturity=maturity)


DEMAND_FILTERS = {"filters": Provide(demand_filter, sync_to_thread=False)}
ACHIEVEMENT_FILTERS = {
    "catalogue_filter": Provide(demand_filter, sync_to_thread=False),
    "filters": Provide(achievement_filter, sync_to_thread=False),
}
