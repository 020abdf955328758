"""Organizations, achievements and demands through the API: create, filter, page, refuse bad input."""

from __future__ import annotations

import httpx

from events.tables import Achievement
from tests.factories import make_organization


async def _university(organizer_client: httpx.AsyncClient) -> int:
    response = await organizer_client.post(
        "/api/organizations",
        json={
            "name": "江城理工大学",
            "name_en": "Jiangcheng University of Technology",
            "kind": "university",
            "district": "洪山区",
        },
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_organizations_are_created_and_filtered(organizer_client: httpx.AsyncClient) -> None:
    university = await _university(organizer_client)
    company = await organizer_client.post(
        "/api/organizations",
        json={
            "name": "江城智造装备有限公司",
            "kind": "enterprise",
            "credit_code": "91420100MA4KX1234Y",
            "district": "东湖高新区",
        },
    )
    assert company.status_code == 400
    assert company.json()["code"] == "invalid_credit_code"
    listed = (await organizer_client.get("/api/organizations", params={"kind": "university"})).json()
    assert [o["id"] for o in listed["items"]] == [university]
    searched = (await organizer_client.get("/api/organizations", params={"q": "理工"})).json()
    assert searched["total"] == 1


async def test_achievement_round_trip_keeps_exact_amounts(organizer_client: httpx.AsyncClient) -> None:
    university = await _university(organizer_client)
    payload = {
        "title": "磷酸铁锂电池低温电解液",
        "title_en": "Low-temperature electrolyte for LFP cells",
        "organization_id": university,
        "fields": ["new_energy_vehicles", "new_materials"],
        "maturity": "pilot",
        "keywords": ["低温", "电解液", "磷酸铁锂"],
        "ip_type": "invention_patent",
        "patent_numbers": ["ZL202310123456.7"],
        "transfer_modes": ["licence", "equity"],
        "price_low": "500000.10",
        "price_high": "1250000.00",
        "team_name": "先进电池材料课题组",
    }
    created = await organizer_client.post("/api/achievements", json=payload)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["field"] == "new_energy_vehicles"
    assert body["price_low"] == "500000.10"
    assert body["price_high"] == "1250000.00"
    assert body["organization"] == {"id": university, "name": "江城理工大学"}
    assert body["district"] == "洪山区"
    again = (await organizer_client.get(f"/api/achievements/{body['id']}")).json()
    assert again == body


async def test_achievement_filters(organizer_client: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    university = await _university(organizer_client)
    base = {"organization_id": university, "maturity": "pilot"}
    rows = [
        {
            **base,
            "title": "新能源A",
            "fields": ["new_energy"],
            "price_low": "100",
            "price_high": "200",
            "transfer_modes": ["licence"],
        },
        {
            **base,
            "title": "新能源汽车B",
            "fields": ["new_energy_vehicles"],
            "maturity": "industrialized",
            "price_low": "1000",
        },
        {**base, "title": "隐藏C", "fields": ["new_energy"], "published": False},
    ]
    ids = []
    for row in rows:
        response = await organizer_client.post("/api/achievements", json=row)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])

    def titles(page: dict) -> list[str]:
        return sorted(item["title"] for item in page["items"])

    # 'new_energy' must not match 'new_energy_vehicles', and unpublished items stay hidden
    assert titles((await client.get("/api/achievements", params={"field": "new_energy"})).json()) == ["新能源A"]
    assert titles((await client.get("/api/achievements", params={"maturity": "industrialized"})).json()) == [
        "新能源汽车B"
    ]
    assert titles((await client.get("/api/achievements", params={"transfer_mode": "licence"})).json()) == ["新能源A"]
    assert titles((await client.get("/api/achievements", params={"price_min": "500"})).json()) == ["新能源汽车B"]
    assert titles((await client.get("/api/achievements", params={"price_max": "150"})).json()) == ["新能源A"]
    assert titles((await client.get("/api/achievements", params={"district": "洪山区"})).json()) == [
        "新能源A",
        "新能源汽车B",
    ]
    assert (await client.get("/api/achievements", params={"district": "别处"})).json()["total"] == 0


async def test_bad_achievements_name_the_problem(organizer_client: httpx.AsyncClient) -> None:
    university = await _university(organizer_client)
    base = {"title": "成果", "organization_id": university, "fields": ["new_materials"], "maturity": "pilot"}
    cases = [
        ({**base, "organization_id": 999}, 404, "unknown_organization"),
        ({**base, "price_low": "10.005"}, 400, "too_many_decimals"),
        ({**base, "price_low": "-1"}, 400, "negative_amount"),
        ({**base, "price_low": "200", "price_high": "100"}, 400, "invalid_range"),
        ({**base, "fields": []}, 400, "invalid_request"),
        ({**base, "fields": ["astrology"]}, 400, "invalid_request"),
        ({**base, "title": "   "}, 400, "missing_title"),
        ({**base, "unexpected": 1}, 400, "unknown_field"),  # an unknown key is refused, not dropped
    ]
    for payload, status, code in cases:
        response = await organizer_client.post("/api/achievements", json=payload)
        assert response.status_code == status, (payload, response.text)
        assert response.json()["code"] == code
    assert await Achievement.count() == 0  # nothing half-written


async def test_an_unknown_key_is_refused_by_name(organizer_client: httpx.AsyncClient) -> None:
    university = await _university(organizer_client)
    base = {"title": "成果", "organization_id": university, "fields": ["new_materials"], "maturity": "pilot"}

    response = await organizer_client.post("/api/achievements", json={**base, "tittle_en": "Typo"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_field"
    assert body["field"] == "tittle_en"
    assert body["message"] == "data: Object contains unknown field `tittle_en`"
    assert await Achievement.count() == 0


async def test_demands_are_created_and_filtered(organizer_client: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    company = await make_organization(kind="enterprise", name="江城冷链物流有限公司", district="江夏区")
    created = await organizer_client.post(
        "/api/demands",
        json={
            "title": "物流车冬季续航衰减严重",
            "organization_id": company.id,
            "fields": ["new_energy_vehicles"],
            "summary": "我们的物流车冬天续航掉一半，希望找到低温电池方案。",
            "budget_low": "300000",
            "budget_high": "800000",
            "transfer_modes": ["development"],
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["budget_high"] == "800000.00"
    listed = (await client.get("/api/demands", params={"district": "江夏区", "field": "new_energy_vehicles"})).json()
    assert [d["id"] for d in listed["items"]] == [body["id"]]
    assert (await client.get(f"/api/demands/{body['id']}")).json()["title"] == "物流车冬季续航衰减严重"
    assert (await client.get("/api/demands/12345")).json()["code"] == "unknown_demand"
