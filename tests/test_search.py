"""Catalogue search over the database: Chinese segmented and English, ranked, filtered, paged, kept current."""

from __future__ import annotations

from decimal import Decimal

import pytest

from events import catalogue, search
from events.catalogue import CatalogueFilter
from events.pagination import PageRequest
from events.tables import Achievement
from events.vocabulary import Field, Maturity, TransferMode
from tests.factories import make_achievement, make_demand, make_organization
from tests.search_helpers import semantic_model  # noqa: F401


async def _catalogue() -> dict[str, int]:
    university = await make_organization(kind="university", name="江城理工大学", district="洪山区")
    institute = await make_organization(kind="institute", name="江城农业科学院", district="江夏区")
    rows = {
        "electrolyte": await make_achievement(
            organization_id=university.id,
            title="磷酸铁锂电池低温电解液",
            title_en="Low-temperature electrolyte for LFP cells",
            summary="在零下30℃保持80%以上放电容量，适用于电动物流车和储能电站。",
            keywords=("低温", "电解液", "磷酸铁锂"),
            fields=(Field.NEW_ENERGY_VEHICLES, Field.NEW_MATERIALS),
            maturity=Maturity.PILOT,
            transfer_modes=(TransferMode.LICENCE,),
            price_low=Decimal(500000),
            price_high=Decimal(1500000),
        ),
        "recycling": await make_achievement(
            organization_id=university.id,
            title="退役锂电池梯次利用与回收技术",
            summary="对退役动力电池进行检测、分选和重组。",
            fields=(Field.ENERGY_CONSERVATION,),
            maturity=Maturity.SMALL_BATCH,
            price_low=Decimal(2000000),
        ),
        "cold_chain": await make_achievement(
            organization_id=institute.id,
            title="冷链物流温度监测系统",
            summary="低温仓储与运输全程温度记录。",
            fields=(Field.ELECTRONIC_INFORMATION,),
            maturity=Maturity.INDUSTRIALIZED,
        ),
        "irrigation": await make_achievement(
            organization_id=institute.id,
            title="水肥一体化智能灌溉系统",
            title_en="Smart fertigation system",
            summary="按土壤墒情自动灌溉施肥，节水30%。",
            fields=(Field.MODERN_AGRICULTURE,),
            maturity=Maturity.INDUSTRIALIZED,
        ),
        "hidden": await make_achievement(
            organization_id=university.id, title="未公开的锂电池隔膜", fields=(Field.NEW_MATERIALS,), published=False
        ),
    }
    return {name: row.id for name, row in rows.items()}


async def _ids(q: str, filters: CatalogueFilter | None = None, *, limit: int = 20, offset: int = 0) -> list[int]:
    found = await search.search_catalogue(
        "achievement", q=q, filters=filters or CatalogueFilter(), page=PageRequest(limit, offset)
    )
    return [row.id for row in found.page.items]


async def test_chinese_queries_are_segmented_and_ranked_by_relevance() -> None:
    ids = await _catalogue()
    # "低温电池" is not a substring of any title; segmented, it finds the low-temperature battery first.
    assert (await _ids("低温电池"))[0] == ids["electrolyte"]
    assert set(await _ids("低温电池")) == {ids["electrolyte"], ids["recycling"], ids["cold_chain"]}
    assert await _ids("锂电池") == [ids["recycling"], ids["electrolyte"]]
    assert await _ids("灌溉 施肥") == [ids["irrigation"]]
    # The owner's name is searchable too (universities and institutes by name).
    assert set(await _ids("农业科学院")) == {ids["irrigation"], ids["cold_chain"]}
    assert await _ids("的 了") == []


async def test_english_queries_find_english_titles_with_stemming() -> None:
    ids = await _catalogue()
    assert await _ids("electrolyte cell") == [ids["electrolyte"]]
    assert await _ids("LOW-TEMPERATURE electrolytes") == [ids["electrolyte"]]
    assert await _ids("fertigation") == [ids["irrigation"]]


async def test_search_keeps_the_filters_and_pages() -> None:
    ids = await _catalogue()
    energy = CatalogueFilter(field=Field.NEW_ENERGY_VEHICLES)
    assert await _ids("低温", energy) == [ids["electrolyte"]]
    assert await _ids("低温", CatalogueFilter(maturity=Maturity.INDUSTRIALIZED)) == [ids["cold_chain"]]
    assert await _ids("低温", CatalogueFilter(district="江夏区")) == [ids["cold_chain"]]
    assert await _ids("锂电池", CatalogueFilter(price_max=Decimal(1000000))) == [ids["electrolyte"]]
    first = await search.search_catalogue("achievement", q="低温", filters=CatalogueFilter(), page=PageRequest(1, 0))
    second = await search.search_catalogue("achievement", q="低温", filters=CatalogueFilter(), page=PageRequest(1, 1))
    assert first.page.total == second.page.total == 2
    assert first.page.items[0].id != second.page.items[0].id
    assert first.relevance[first.page.items[0].id].score >= second.relevance[second.page.items[0].id].score
    assert "低温" in first.relevance[first.page.items[0].id].matched_terms


async def test_unpublished_items_never_show_and_the_index_follows_changes() -> None:
    ids = await _catalogue()
    assert ids["hidden"] not in await _ids("锂电池 隔膜")
    assert ids["hidden"] in await _ids("锂电池 隔膜", CatalogueFilter(published_only=False))
    added = await make_achievement(title="固态锂电池隔膜材料", fields=(Field.NEW_MATERIALS,))
    assert (await _ids("隔膜"))[0] == added.id
    await Achievement.delete().where(Achievement.id == added.id)
    assert await _ids("隔膜") == []


async def test_classified_display_counts_items_per_field() -> None:
    await _catalogue()
    counts = await search.field_counts("achievement", q="", filters=CatalogueFilter(field=Field.MODERN_AGRICULTURE))
    assert counts == {
        "new_energy_vehicles": 1,
        "energy_conservation": 1,
        "electronic_information": 1,
        "modern_agriculture": 1,
    }
    assert await search.field_counts("achievement", q="低温", filters=CatalogueFilter()) == {
        "new_energy_vehicles": 1,
        "electronic_information": 1,
    }


async def test_demands_are_searched_too() -> None:
    company = await make_organization(name="江城冷链物流有限公司", district="东西湖区")
    truck = await make_demand(
        organization_id=company.id,
        title="冷藏车冬季电池续航下降",
        summary="低温环境下电动冷藏车续航减半",
        fields=(Field.NEW_ENERGY_VEHICLES,),
    )
    await make_demand(organization_id=company.id, title="仓库分拣机器人", fields=(Field.INTELLIGENT_MANUFACTURING,))
    found = await search.search_catalogue("demand", q="电池 低温", filters=CatalogueFilter(), page=PageRequest(10, 0))
    assert [d.id for d in found.page.items] == [truck.id]
    listed = await catalogue.list_demands(page=PageRequest(10, 0), filters=CatalogueFilter())
    assert listed.total == 2


@pytest.mark.usefixtures("semantic_model")
async def test_items_saved_without_vectors_get_them_afterwards_and_the_index_follows() -> None:
    ids = await _catalogue()  # saved with vectors: the model is on
    await Achievement.update({Achievement.search_vector: None, Achievement.search_terms: ""}).where(
        Achievement.id.is_in([ids["electrolyte"], ids["irrigation"]])
    )
    before = await search.snapshot_of("achievement")
    assert before.entries[ids["electrolyte"]].vectors is None
    assert await search.fill_missing_terms() == 2
    assert await search.fill_missing_vectors() == 2
    assert await Achievement.count().where(Achievement.search_vector.is_null()) == 0
    after = await search.snapshot_of("achievement")
    assert after.version != before.version
    assert after.entries[ids["electrolyte"]].vectors is not None
    assert after.corpus.missing_vectors == frozenset()
    stored = await Achievement.select(Achievement.search_terms).where(Achievement.id == ids["irrigation"]).first()
    assert stored is not None
    assert stored["search_terms"].startswith("terms-v1 ")


async def test_terms_filled_in_several_batches_are_those_saving_stores() -> None:
    ids = await _catalogue()  # saved the app's way: each item with its analysed terms
    saved = {
        row["id"]: row["search_terms"] for row in await Achievement.select(Achievement.id, Achievement.search_terms)
    }
    assert all(terms.startswith("terms-v1 ") for terms in saved.values())
    await Achievement.update({Achievement.search_terms: ""}, force=True)
    assert await search.fill_missing_terms(batch=2) == 5  # three batches of at most two
    filled = {
        row["id"]: row["search_terms"] for row in await Achievement.select(Achievement.id, Achievement.search_terms)
    }
    assert filled == saved
    assert await search.fill_missing_terms(batch=2) == 0
    assert await _ids("灌溉 施肥") == [ids["irrigation"]]
