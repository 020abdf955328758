"""The browser's filters as a candidate-id set."""

from __future__ import annotations

from decimal import Decimal

import pytest

from events.matching import Corpus, filter_ids, search
from events.vocabulary import Field, Maturity, TransferMode
from tests.matching.helpers import achievement

ITEMS = [
    achievement(
        1,
        "锂电池低温电解液",
        fields=(Field.NEW_ENERGY_VEHICLES,),
        maturity=Maturity.PILOT,
        modes=(TransferMode.LICENCE,),
        price=("2000000", "4000000"),
        district="高新区",
        university="滨江大学",
    ),
    achievement(
        2,
        "钠离子电池正极",
        fields=(Field.NEW_MATERIALS, Field.NEW_ENERGY_VEHICLES),
        maturity=Maturity.BENCH_SCALE,
        modes=(TransferMode.DEVELOPMENT,),
        price=("800000", None),
        district="东湖区",
        university="滨江工业大学",
    ),
    achievement(3, "电池回收", fields=(Field.ENERGY_CONSERVATION,), maturity=Maturity.PILOT, district="高新区"),
]


def test_no_filter_keeps_everything() -> None:
    assert filter_ids(ITEMS) == {1, 2, 3}


def test_each_filter() -> None:
    assert filter_ids(ITEMS, fields=[Field.NEW_ENERGY_VEHICLES]) == {1, 2}
    assert filter_ids(ITEMS, fields=[Field.NEW_MATERIALS, Field.ENERGY_CONSERVATION]) == {2, 3}
    assert filter_ids(ITEMS, maturities=[Maturity.PILOT]) == {1, 3}
    assert filter_ids(ITEMS, transfer_modes=[TransferMode.DEVELOPMENT]) == {2}
    assert filter_ids(ITEMS, districts=["高新区"]) == {1, 3}
    assert filter_ids(ITEMS, universities=["滨江工业大学"]) == {2}
    assert filter_ids(ITEMS, fields=[Field.NEW_ENERGY_VEHICLES], districts=["高新区"]) == {1}


def test_price_range_overlaps_and_unpriced_items_drop_out() -> None:
    assert filter_ids(ITEMS, price_min=Decimal(1_000_000)) == {1}
    assert filter_ids(ITEMS, price_max=Decimal(1_000_000)) == {2}
    assert filter_ids(ITEMS, price_min=Decimal(4_000_000), price_max=Decimal(5_000_000)) == {1}
    assert filter_ids(ITEMS, price_min=Decimal(4_000_001)) == set()
    with pytest.raises(ValueError, match="price_min must not exceed"):
        filter_ids(ITEMS, price_min=Decimal(2), price_max=Decimal(1))


def test_filters_feed_the_search() -> None:
    corpus = Corpus.build(ITEMS, kind="achievement")
    page = search(corpus, "电池", candidate_ids=filter_ids(ITEMS, districts=["高新区"]))
    assert page.total == 2
    assert {h.id for h in page.hits} == {1, 3}
