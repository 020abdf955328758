"""The live server fixture really serves the test database with several workers."""

from __future__ import annotations

import asyncio

import httpx

from tests.factories import make_fair


async def test_live_server_serves_the_test_database(live_server: str) -> None:
    event = await make_fair(slug="live-fair")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        answers = await asyncio.gather(*(http.get(f"/api/events/{event.id}") for _ in range(20)))
    assert {a.status_code for a in answers} == {200}
    assert {a.json()["slug"] for a in answers} == {"live-fair"}
