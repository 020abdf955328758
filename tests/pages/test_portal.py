"""The participant's personal link."""

from __future__ import annotations

import httpx

from tests.factories import make_fair, make_organization, make_registration


async def test_personal_link_shows_the_registration_and_remembers_it(client: httpx.AsyncClient) -> None:
    event = await make_fair(slug="portal-fair")
    org = await make_organization(name="江城光电科技有限公司")
    reg = await make_registration(event_id=event.id, organization_id=org.id, status="pending")
    page = await client.get(f"/p/{reg.portal_token}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "江城光电科技有限公司" in page.text
    assert "等待主办方审核" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    cookie = page.headers["set-cookie"]
    assert f"tf_portal={reg.portal_token}" in cookie
    assert "HttpOnly" in cookie
    me = (await client.get("/api/auth/me")).json()
    assert me["via"] == "personal_link"
    assert me["registration_id"] == reg.id


async def test_unknown_links_are_404(client: httpx.AsyncClient) -> None:
    page = await client.get("/p/not-a-real-token", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "unknown_link" in page.text
