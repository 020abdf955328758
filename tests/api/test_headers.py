"""Security headers on pages, API answers and errors."""

from __future__ import annotations

import httpx

from tests.factories import make_fair, make_registration


async def test_pages_and_api_carry_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/api/events", "/api/events/999", "/login"):
        response = await client.get(path, headers={"accept": "text/html"})
        headers = response.headers
        assert "script-src 'self';" in headers["content-security-policy"], path
        assert "'unsafe-inline'" not in headers["content-security-policy"], path
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "strict-transport-security" not in headers  # plain HTTP in tests


async def test_handler_headers_win_and_docs_get_their_own_policy(client: httpx.AsyncClient) -> None:
    event = await make_fair()
    registration = await make_registration(event_id=event.id)
    portal = await client.get(f"/p/{registration.portal_token}")
    assert portal.headers["referrer-policy"] == "no-referrer"  # secret links never leak through Referer
    docs = await client.get("/schema/swagger")
    assert docs.status_code == 200
    assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]
