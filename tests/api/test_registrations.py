"""Registrations through the API: register with a new or existing organization, list, decide in bulk."""

from __future__ import annotations

import httpx

from events.tables import Registration
from tests.factories import make_fair, make_organization, make_registration


async def test_register_with_a_new_organization_and_person(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair(tables=2)
    response = await organizer_client.post(
        f"/api/events/{event.id}/registrations",
        json={
            "role": "team",
            "organization": {"name": "江城理工大学", "kind": "university"},
            "person": {"name": "张教授", "phone": "13800138001", "email": "zhang@example.edu.cn"},
            "team_name": "先进电池材料课题组",
            "host_table": "T02",
            "unavailable_slots": ["d1-0900"],
            "max_meetings": 6,
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["role"] == "team"
    assert body["status"] == "pending"
    assert body["organization"]["name"] == "江城理工大学"
    assert body["person"]["name"] == "张教授"
    assert body["max_meetings"] == 6
    assert len(body["unavailable_slot_ids"]) == 1
    stored = await Registration.objects().where(Registration.id == body["id"]).first()
    assert stored is not None
    assert len(stored.portal_token) >= 40
    assert stored.portal_token != stored.calendar_token


async def test_bad_registrations_name_the_problem(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair(tables=2)
    path = f"/api/events/{event.id}/registrations"
    cases = [
        ({"role": "enterprise"}, 400, "missing_organization"),
        ({"role": "team", "organization_id": 4242}, 404, "unknown_organization"),
        ({"role": "guest", "unavailable_slots": ["d9-0900"]}, 400, "unknown_slot"),
        ({"role": "guest", "host_table": "Z99"}, 400, "unknown_table"),
        ({"role": "chef"}, 400, "invalid_request"),
        ({"role": "guest", "person": {"name": "王", "phone": "call me"}}, 400, "invalid_phone"),
    ]
    for payload, status, code in cases:
        response = await organizer_client.post(path, json=payload)
        assert response.status_code == status, (payload, response.text)
        assert response.json()["code"] == code
    assert await Registration.count() == 0  # nothing half-written
    assert (await organizer_client.post("/api/events/999/registrations", json={"role": "guest"})).status_code == 404


async def test_unknown_keys_are_refused_by_name_even_nested(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair(tables=2)
    path = f"/api/events/{event.id}/registrations"

    top = await organizer_client.post(path, json={"role": "guest", "notes": "typo of note"})
    nested = await organizer_client.post(
        path, json={"role": "guest", "person": {"name": "王", "mobile": "13800138001"}}
    )

    assert (top.status_code, top.json()["code"], top.json()["field"]) == (400, "unknown_field", "notes")
    assert top.json()["message"] == "data: Object contains unknown field `notes`"
    assert (nested.status_code, nested.json()["code"], nested.json()["field"]) == (
        400,
        "unknown_field",
        "person.mobile",
    )
    assert nested.json()["message"] == "person: Object contains unknown field `mobile`"
    assert await Registration.count() == 0


async def test_bulk_decisions_respect_capacity_all_or_nothing(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair(capacities={"enterprise": 2})
    regs = [await make_registration(event_id=event.id, role="enterprise", status="pending") for _ in range(3)]
    path = f"/api/events/{event.id}/registrations/decisions"
    too_many = await organizer_client.post(path, json={"registration_ids": [r.id for r in regs], "status": "approved"})
    assert too_many.status_code == 409
    assert too_many.json()["code"] == "capacity_reached"
    assert await Registration.count().where(Registration.status == "approved") == 0

    ok = await organizer_client.post(path, json={"registration_ids": [regs[0].id, regs[1].id], "status": "approved"})
    assert ok.status_code == 200
    assert ok.json() == {"changed": 2, "status": "approved"}
    waitlisted = await organizer_client.post(path, json={"registration_ids": [regs[2].id], "status": "waitlisted"})
    assert waitlisted.json()["changed"] == 1

    listed = (await organizer_client.get(f"/api/events/{event.id}/registrations", params={"status": "approved"})).json()
    assert sorted(r["id"] for r in listed["items"]) == sorted([regs[0].id, regs[1].id])

    other_fair = await make_fair()
    stranger = await make_registration(event_id=other_fair.id)
    refused = await organizer_client.post(path, json={"registration_ids": [stranger.id], "status": "approved"})
    assert refused.status_code == 404


async def test_search_registrations_by_name(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair()
    org = await make_organization(name="汉江新材料股份有限公司")
    await make_registration(event_id=event.id, organization_id=org.id)
    await make_registration(event_id=event.id)
    found = (await organizer_client.get(f"/api/events/{event.id}/registrations", params={"q": "汉江"})).json()
    assert found["total"] == 1
    assert found["items"][0]["organization"]["name"] == "汉江新材料股份有限公司"
