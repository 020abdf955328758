"""The catalogue browser's filters, applied in memory to produce a candidate-id set for search or matching.

The database layer may filter in SQL instead and pass the resulting ids; both give the same candidate set.
A filter left at ``None`` (or empty) does not restrict.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal

from events.matching.documents import CatalogueText
from events.vocabulary import Field, Maturity, TransferMode


def filter_ids(
    items: Iterable[CatalogueText],
    *,
    fields: Collection[Field] | None = None,
    maturities: Collection[Maturity] | None = None,
    transfer_modes: Collection[TransferMode] | None = None,
    districts: Collection[str] | None = None,
    universities: Collection[str] | None = None,
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
) -> set[int]:
    """Ids of the items passing every filter.

    ``fields`` / ``transfer_modes``: the item has at least one of them. ``maturities``, ``districts``,
    ``universities``: the item's value is one of them. ``price_min``/``price_max``: the item's price range
    (or budget) overlaps [price_min, price_max]; items without any amount are kept out by a price filter.
    """
    if price_min is not None and price_max is not None and price_min > price_max:
        raise ValueError("price_min must not exceed price_max")
    wanted_fields = set(fields or ())
    wanted_modes = set(transfer_modes or ())
    wanted_maturities = set(maturities or ())
    wanted_districts = set(districts or ())
    wanted_universities = set(universities or ())
    out: set[int] = set()
    for item in items:
        if wanted_fields and not wanted_fields.intersection(item.fields):
            continue
        if wanted_modes and not wanted_modes.intersection(item.transfer_modes):
            continue
        if wanted_maturities and item.maturity not in wanted_maturities:
            continue
        if wanted_districts and item.district not in wanted_districts:
            continue
        if wanted_universities and item.university not in wanted_universities:
            continue
        if (price_min is not None or price_max is not None) and not _overlaps(item, price_min, price_max):
            continue
        out.add(item.id)
    return out


def _overlaps(item: CatalogueText, low: Decimal | None, high: Decimal | None) -> bool:
    if item.price_low is None and item.price_high is None:
        return False
    item_low = item.price_low if item.price_low is not None else item.price_high
    item_high = item.price_high if item.price_high is not None else item.price_low
    assert item_low is not None
    assert item_high is not None
    if low is not None and item_high < low:
        return False
    return not (high is not None and item_low > high)
