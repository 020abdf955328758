"""Who may do what: anonymous → 401, wrong role → 403, organizers may."""

from __future__ import annotations

import httpx
import pytest

from tests.api.test_fairs import FAIR
from tests.factories import make_fair

ORGANIZER_WRITES = [
    ("POST", "/api/events", FAIR),
    ("POST", "/api/organizations", {"name": "测试企业", "kind": "enterprise"}),
    (
        "POST",
        "/api/achievements",
        {"title": "x", "organization_id": 1, "fields": ["new_materials"], "maturity": "pilot"},
    ),
    ("POST", "/api/demands", {"title": "x", "organization_id": 1, "fields": ["new_materials"]}),
]


@pytest.mark.parametrize(("method", "path", "body"), ORGANIZER_WRITES)
async def test_anonymous_writes_are_401(client: httpx.AsyncClient, method: str, path: str, body: dict) -> None:
    response = await client.request(method, path, json=body)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    anonymous_bearer = await client.request(method, path, json=body, headers={"Authorization": "Bearer tf_nope"})
    assert anonymous_bearer.status_code == 401
    assert anonymous_bearer.json()["code"] == "invalid_token"


@pytest.mark.parametrize(("method", "path", "body"), ORGANIZER_WRITES)
async def test_staff_writes_are_403(staff_client: httpx.AsyncClient, method: str, path: str, body: dict) -> None:
    response = await staff_client.request(method, path, json=body)
    assert response.status_code == 403
    assert response.json()["code"] == "organizer_only"


async def test_registrations_are_for_organizers_only(
    client: httpx.AsyncClient, staff_client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    event = await make_fair()
    path = f"/api/events/{event.id}/registrations"
    anonymous = await client.get(path)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
    assert (await staff_client.get(path)).status_code == 403
    assert (await organizer_client.get(path)).status_code == 200


async def test_reads_are_public(client: httpx.AsyncClient) -> None:
    for path in ("/api/events", "/api/organizations", "/api/achievements", "/api/demands", "/api/auth/me"):
        response = await client.get(path)
        assert response.status_code == 200, path
