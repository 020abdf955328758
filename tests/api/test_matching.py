"""Precise matching through the API: demands → achievements and achievements → enterprises, with reasons."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from events import catalogue
from events.vocabulary import Field, Maturity, TransferMode
from tests.factories import make_achievement, make_demand, make_fair, make_organization
from tests.search_helpers import semantic_model  # noqa: F401


async def _catalogue() -> dict[str, Any]:
    university = await make_organization(kind="university", name="江城理工大学")
    other = await make_organization(kind="university", name="江城农业大学")
    electrolyte = await make_achievement(
        organization_id=university.id,
        title="磷酸铁锂电池低温电解液",
        title_en="Low-temperature electrolyte for LFP cells",
        summary="新型低温电解液使磷酸铁锂电池在零下30℃仍保持80%以上放电容量，解决电动车冬季续航缩水。",
        keywords=("低温", "电解液", "续航"),
        fields=(Field.NEW_ENERGY_VEHICLES,),
        maturity=Maturity.PILOT,
        transfer_modes=(TransferMode.LICENCE,),
        price_low=Decimal(500000),
        price_high=Decimal(800000),
    )
    coating = await make_achievement(
        organization_id=university.id,
        title="电池极片涂布缺陷视觉检测",
        summary="机器视觉在线检测锂电池极片涂布缺陷。",
        fields=(Field.INTELLIGENT_MANUFACTURING,),
        maturity=Maturity.SMALL_BATCH,
    )
    irrigation = await make_achievement(
        organization_id=other.id,
        title="水肥一体化智能灌溉系统",
        summary="按土壤墒情自动灌溉施肥。",
        fields=(Field.MODERN_AGRICULTURE,),
        maturity=Maturity.INDUSTRIALIZED,
    )
    logistics = await make_organization(name="江城冷链物流有限公司")
    vans = await make_demand(
        organization_id=logistics.id,
        title="电动冷藏车冬季续航下降",
        summary="冬天低温时电池续航减半，希望找到低温电池技术。",
        fields=(Field.NEW_ENERGY_VEHICLES,),
        transfer_modes=(TransferMode.LICENCE,),
        budget_low=Decimal(300000),
        budget_high=Decimal(1000000),
    )
    farm = await make_organization(name="江城绿色农业合作社")
    water = await make_demand(
        organization_id=farm.id,
        title="温室自动灌溉",
        summary="希望按墒情自动浇水施肥，减少人工。",
        fields=(Field.MODERN_AGRICULTURE,),
    )
    second_vans = await make_demand(
        organization_id=logistics.id,
        title="冷藏车电池低温续航",
        summary="低温电池续航",
        fields=(Field.NEW_ENERGY_VEHICLES,),
    )
    return {
        "electrolyte": electrolyte.id,
        "coating": coating.id,
        "irrigation": irrigation.id,
        "vans": vans.id,
        "water": water.id,
        "second_vans": second_vans.id,
        "university": university.id,
    }


async def test_a_demand_gets_the_achievements_that_answer_it_with_reasons(client: httpx.AsyncClient) -> None:
    ids = await _catalogue()
    answer = await client.get(f"/api/demands/{ids['vans']}/matches", params={"limit": 2})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["semantic"] is False
    assert [m["achievement"]["id"] for m in body["items"]] == [ids["electrolyte"], ids["coating"]]
    best = body["items"][0]
    assert 0 < best["score"] <= 1
    assert best["score"] > body["items"][1]["score"]
    reasons = {r["code"]: r for r in best["reasons"]}
    assert reasons["shared_fields"]["values"] == ["new_energy_vehicles"]
    assert reasons["shared_fields"]["text"] == "同属领域：新能源汽车"
    assert "低温" in reasons["matching_terms"]["values"]
    assert (
        reasons["budget_fit"]["en"] == "Price within budget: asking CNY 500,000–800,000, budget CNY 300,000–1,000,000"
    )
    assert reasons["transfer_modes"]["values"] == ["licence"]
    assert set(best["parts"]) == {"semantic", "lexical", "fields", "maturity", "budget"}
    english = await client.get(f"/api/demands/{ids['vans']}/matches", params={"limit": 1, "lang": "en"})
    assert english.json()["items"][0]["reasons"][0]["text"] == "Shared fields: New energy vehicles"


async def test_an_achievement_gets_the_enterprises_most_likely_to_want_it(client: httpx.AsyncClient) -> None:
    ids = await _catalogue()
    body = (await client.get(f"/api/achievements/{ids['electrolyte']}/matches", params={"limit": 5})).json()
    demand_ids = [m["demand"]["id"] for m in body["items"]]
    # One demand per enterprise: the logistics firm's best demand, then the farm's.
    assert demand_ids[0] in (ids["vans"], ids["second_vans"])
    assert len(demand_ids) == 2
    assert ids["water"] in demand_ids


async def test_matches_keep_to_a_fair_and_leave_out_the_owner_and_unpublished(client: httpx.AsyncClient) -> None:
    ids = await _catalogue()
    event = await make_fair()
    await catalogue.present_achievement(event_id=event.id, achievement_id=ids["irrigation"])
    at_fair = (await client.get(f"/api/demands/{ids['vans']}/matches", params={"event_id": event.id})).json()
    assert [m["achievement"]["id"] for m in at_fair["items"]] == [ids["irrigation"]]
    own = await make_demand(
        organization_id=ids["university"], title="低温电池测试设备", fields=(Field.NEW_ENERGY_VEHICLES,)
    )
    listed = (await client.get(f"/api/demands/{own.id}/matches")).json()
    assert ids["electrolyte"] not in [m["achievement"]["id"] for m in listed["items"]]
    hidden = await make_achievement(title="低温电池未公开成果", fields=(Field.NEW_ENERGY_VEHICLES,), published=False)
    listed = (await client.get(f"/api/demands/{ids['vans']}/matches", params={"limit": 50})).json()
    assert hidden.id not in [m["achievement"]["id"] for m in listed["items"]]


async def test_unknown_items_and_bad_limits_are_refused(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/demands/4242/matches")).json()["code"] == "unknown_demand"
    assert (await client.get("/api/achievements/4242/matches")).status_code == 404
    await _catalogue()
    assert (await client.get("/api/demands/1/matches", params={"limit": 0})).status_code == 400
    assert (await client.get("/api/demands/1/matches", params={"limit": 51})).status_code == 400


@pytest.mark.usefixtures("semantic_model")
async def test_an_english_plain_words_demand_finds_the_chinese_achievement(client: httpx.AsyncClient) -> None:
    ids = await _catalogue()
    company = await make_organization(name="Jiangcheng Cold Chain Logistics Co.")
    english = await make_demand(
        organization_id=company.id,
        title="Our delivery vans lose half their range in winter",
        summary="Electric refrigerated vans in our fleet only reach half the usual distance when it is freezing.",
        fields=(Field.NEW_ENERGY_VEHICLES,),
    )
    stored = await catalogue.get_demand(demand_id=english.id)
    assert stored.search_vector is not None
    assert len(stored.search_vector) == 2 * 384 * 4
    body = (await client.get(f"/api/demands/{english.id}/matches", params={"limit": 3})).json()
    assert body["semantic"] is True
    assert body["items"][0]["achievement"]["id"] == ids["electrolyte"]
    assert body["items"][0]["parts"]["semantic"] > 0
