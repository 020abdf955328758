"""The fairs API: create with a slot grid and tables, read, list, change status."""

from __future__ import annotations

from typing import Any

import httpx

FAIR = {
    "slug": "winter-2026",
    "title": "2026冬季科技企业进高校对接会",
    "title_en": "2026 Winter Enterprises-into-Universities Fair",
    "format": "enterprises_into_universities",
    "starts_on": "2026-12-03",
    "ends_on": "2026-12-04",
    "venue": "江城理工大学图书馆报告厅",
    "grid": {"sessions": [["09:00", "10:00"], ["14:00", "15:00"]], "slot_minutes": 20},
    "tables": {"count": 4},
    "capacities": {"enterprise": 2},
}


async def test_organizer_creates_a_fair_with_slots_and_tables(organizer_client: httpx.AsyncClient) -> None:
    response = await organizer_client.post("/api/events", json=FAIR)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["slug"] == "winter-2026"
    assert body["status"] == "draft"
    assert [s["code"] for s in body["slots"]] == [
        "d1-0900", "d1-0920", "d1-0940", "d1-1400", "d1-1420", "d1-1440",
        "d2-0900", "d2-0920", "d2-0940", "d2-1400", "d2-1420", "d2-1440",
    ]  # fmt: skip
    assert body["slots"][0]["starts_at"] == "2026-12-03T01:00:00Z"  # 09:00 in Asia/Shanghai
    assert [t["code"] for t in body["tables"]] == ["T01", "T02", "T03", "T04"]
    assert body["capacities"] == {"enterprise": 2}
    assert body["slot_grid"]["slot_minutes"] == 20


async def test_anyone_reads_and_lists_fairs(organizer_client: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    created = (await organizer_client.post("/api/events", json=FAIR)).json()
    other = {**FAIR, "slug": "district-2026", "format": "achievements_into_districts"}
    assert (await organizer_client.post("/api/events", json=other)).status_code == 201

    read = await client.get(f"/api/events/{created['id']}")
    assert read.status_code == 200
    assert read.json()["title"] == FAIR["title"]

    listed = await client.get("/api/events", params={"format": "achievements_into_districts"})
    assert listed.status_code == 200
    assert [e["slug"] for e in listed.json()["items"]] == ["district-2026"]
    assert listed.json()["total"] == 1

    paged = (await client.get("/api/events", params={"limit": 1, "offset": 1})).json()
    assert paged["total"] == 2
    assert len(paged["items"]) == 1


async def test_status_follows_the_allowed_path(organizer_client: httpx.AsyncClient) -> None:
    event_id = (await organizer_client.post("/api/events", json=FAIR)).json()["id"]
    opened = await organizer_client.patch(f"/api/events/{event_id}/status", json={"status": "open"})
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    jump = await organizer_client.patch(f"/api/events/{event_id}/status", json={"status": "finished"})
    assert jump.status_code == 409
    assert jump.json()["code"] == "invalid_status_change"


async def test_bad_fairs_are_refused_with_a_named_problem(organizer_client: httpx.AsyncClient) -> None:
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({**FAIR, "ends_on": "2026-12-01"}, 400, "ends_before_start"),
        ({**FAIR, "slug": "Bad Slug!"}, 400, "invalid_slug"),
        ({**FAIR, "grid": {"sessions": [["10:00", "09:00"]]}}, 400, "session_ends_before_start"),
        ({**FAIR, "grid": {"sessions": [["09:00", "09:10"]]}}, 400, "empty_grid"),
        ({**FAIR, "grid": {"sessions": [["09:00", "11:00"], ["10:00", "12:00"]]}}, 400, "sessions_overlap"),
        ({**FAIR, "time_zone": "Mars/Olympus"}, 400, "unknown_time_zone"),
        ({**FAIR, "tables": {"tables": [{"code": "A"}, {"code": "A"}]}}, 400, "duplicate_table"),
        ({**FAIR, "grid": {"sessions": [["9am", "10am"]]}}, 400, "invalid_request"),
        ({**FAIR, "format": "party"}, 400, "invalid_request"),
        ({k: v for k, v in FAIR.items() if k != "title"}, 400, "invalid_request"),
    ]
    for payload, status, code in cases:
        response = await organizer_client.post("/api/events", json=payload)
        assert response.status_code == status, (code, response.text)
        body = response.json()
        assert body["code"] == code, body
        assert body["message"]


async def test_an_unknown_key_deep_in_the_fair_is_refused_by_its_path(organizer_client: httpx.AsyncClient) -> None:
    payload = {**FAIR, "tables": {"tables": [{"code": "A"}, {"code": "B", "seats": 4}]}}
    response = await organizer_client.post("/api/events", json=payload)
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("unknown_field", "tables.tables[1].seats")
    assert body["message"] == "tables.tables[1]: Object contains unknown field `seats`"


async def test_duplicate_slug_conflicts(organizer_client: httpx.AsyncClient) -> None:
    assert (await organizer_client.post("/api/events", json=FAIR)).status_code == 201
    again = await organizer_client.post("/api/events", json=FAIR)
    assert again.status_code == 409
    assert again.json() == {
        "code": "slug_taken",
        "message": "a fair with slug 'winter-2026' already exists",
        "field": "slug",
    }


async def test_unknown_fair_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/events/999")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_event"


async def test_list_parameters_are_checked(client: httpx.AsyncClient) -> None:
    for params in ({"limit": 0}, {"limit": 500}, {"offset": -1}, {"status": "sleeping"}):
        response = await client.get("/api/events", params=params)
        assert response.status_code == 400, params
        assert response.json()["code"] == "invalid_request"
