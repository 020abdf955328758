"""Exactly one check-in when a hundred scans of one ticket arrive at once from ten gates.

Against a real ``transferfair serve --workers 2`` process (the ``live_server`` fixture) on the test database:
on PostgreSQL the requests race across two worker processes and a connection pool each, and only the
database's unique index and the transaction keep the answer right.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import httpx

from events import accounts
from events.checkin import tickets
from events.tables import CheckIn, Scan
from tests.factories import make_fair, make_registration, make_user

SCANS = 100


async def _scanner_token(event_id: int) -> str:
    user = await make_user(username=f"gate{uuid.uuid4().hex[:6]}", role="staff")
    await accounts.assign_staff(event_id=event_id, username=user.username)
    return await accounts.create_api_token(username=user.username, name="gate scanner")


async def test_a_hundred_simultaneous_scans_of_one_ticket_check_in_exactly_once(live_server: str) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    token = await _scanner_token(fair.id)
    limits = httpx.Limits(max_connections=SCANS, max_keepalive_connections=SCANS)
    async with httpx.AsyncClient(
        base_url=live_server, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=60
    ) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/api/events/{fair.id}/checkins",
                    json={"token": ticket.token, "gate": f"Gate {i % 10 + 1}", "nonce": uuid.uuid4().hex},
                )
                for i in range(SCANS)
            )
        )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 200: SCANS - 1}, [r.text for r in responses if r.status_code >= 300][:3]
    outcomes = Counter(r.json()["outcome"] for r in responses)
    assert outcomes == {"checked_in": 1, "already_checked_in": SCANS - 1}
    winner = next(r.json() for r in responses if r.status_code == 201)
    # every loser names the winner's gate and time
    assert {(r.json()["check_in"]["gate"], r.json()["check_in"]["at"]) for r in responses} == {
        (winner["check_in"]["gate"], winner["check_in"]["at"])
    }
    assert await CheckIn.count().where(CheckIn.event == fair.id) == 1
    assert await Scan.count().where(Scan.event == fair.id) == SCANS


async def test_a_retried_nonce_sent_twenty_times_at_once_is_one_scan(live_server: str) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    token = await _scanner_token(fair.id)
    payload = {"token": ticket.token, "gate": "Gate 1", "nonce": uuid.uuid4().hex}
    async with httpx.AsyncClient(
        base_url=live_server, headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as client:
        responses = await asyncio.gather(
            *(client.post(f"/api/events/{fair.id}/checkins", json=payload) for _ in range(20))
        )
    assert {r.status_code for r in responses} == {201}
    assert len({r.text for r in responses}) == 1
    assert await CheckIn.count() == 1
    assert await Scan.count() == 1
