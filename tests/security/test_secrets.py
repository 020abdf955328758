"""Secrets: unguessable and revocable links, masked in logs, cookies with the right flags, guessing throttled."""

from __future__ import annotations

import logging
import math
from collections import Counter
from typing import Any

import httpx

from events.api.access_log import MaskSecrets, log_config, mask_path
from events.api.throttle import MAX_FAILED_LOOKUPS, MAX_FAILED_SCANS, FailureWindow
from events.checkin import tickets
from events.checkin.tokens import new_token
from events.registration import new_secret
from events.settings import Settings
from events.tables import Registration
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, make_fair, make_registration, make_user


def _bits_per_char(samples: list[str]) -> float:
    counts = Counter("".join(samples))
    total = sum(counts.values())
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def test_links_and_tickets_are_long_random_and_distinct() -> None:
    links = [new_secret() for _ in range(2000)]
    ticket_tokens = [new_token() for _ in range(2000)]
    assert len(set(links)) == 2000
    assert len(set(ticket_tokens)) == 2000
    assert {len(link) for link in links} == {43}  # 32 random bytes, URL-safe base64
    assert {len(token) for token in ticket_tokens} == {32}  # 16 random bytes + a 4-byte check code in base32
    # The characters are spread over the whole alphabet (64 and 32 symbols): no structure to guess from.
    assert _bits_per_char(links) > 5.9
    assert _bits_per_char(ticket_tokens) > 4.9


async def _participant(event_id: int) -> Registration:
    return await make_registration(event_id=event_id, role="enterprise")


async def test_a_replaced_personal_link_stops_working_at_once(
    client: httpx.AsyncClient, organizer_client: httpx.AsyncClient, staff_client: httpx.AsyncClient
) -> None:
    event = await make_fair()
    registration = await _participant(event.id)
    old = str(registration.portal_token)
    assert (await client.get("/api/me/requests", headers={"X-Participant-Token": old})).status_code == 200
    path = f"/api/events/{event.id}/registrations/{registration.id}/personal-link"

    assert (await client.post(path)).status_code == 401
    assert (await staff_client.post(path)).status_code == 403
    replaced = await organizer_client.post(path)
    assert replaced.status_code == 200
    link = replaced.json()["link"]
    assert link.startswith("http://testserver/p/")
    new = link.rsplit("/", 1)[1]
    assert new != old
    assert len(new) == 43

    assert (await client.get("/api/me/requests", headers={"X-Participant-Token": old})).status_code == 401
    assert (await client.get(f"/p/{old}")).status_code == 404
    assert (await client.get("/api/me/requests", headers={"X-Participant-Token": new})).status_code == 200
    other_fair = await make_fair()
    wrong_fair = await organizer_client.post(
        f"/api/events/{other_fair.id}/registrations/{registration.id}/personal-link"
    )
    assert (wrong_fair.status_code, wrong_fair.json()["code"]) == (404, "unknown_registration")


async def test_a_reset_calendar_feed_stops_working_at_once(client: httpx.AsyncClient) -> None:
    event = await make_fair()
    registration = await _participant(event.id)
    old = str(registration.calendar_token)
    assert (await client.get(f"/calendar/{old}.ics")).status_code == 200
    reset = await client.post("/api/me/calendar/reset", headers={"X-Participant-Token": registration.portal_token})
    assert reset.status_code in (200, 201)
    assert (await client.get(f"/calendar/{old}.ics")).status_code == 404


def test_secret_urls_are_masked_in_log_lines() -> None:
    link, feed, ticket = new_secret(), new_secret(), new_token()
    assert mask_path(f"/p/{link}") == "/p/[secret]"
    assert mask_path(f"/p/{link}/meetings/3/move") == "/p/[secret]/meetings/3/move"
    assert mask_path(f"/calendar/{feed}.ics") == "/calendar/[secret].ics"
    assert mask_path(f"/t/{ticket}/qr.svg?size=4") == "/t/[secret]/qr.svg?size=4"
    assert mask_path(f"/console/x?token={ticket}&a=1") == "/console/x?token=[secret]&a=1"
    assert mask_path("/api/events/3/checkins") == "/api/events/3/checkins"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", f"/p/{link}", "1.1", 200),
        None,
    )
    assert MaskSecrets().filter(record)
    assert link not in record.getMessage()
    assert "/p/[secret]" in record.getMessage()
    config = log_config()
    assert all("mask_secrets" in handler["filters"] for handler in config["handlers"].values())


async def test_session_cookies_are_httponly_samesite_and_secure_behind_https(database_url: str) -> None:
    from events.app import create_app

    await make_user(username="https-user", role="organizer")
    for base_url, secure in (("http://testserver", False), ("https://fair.example.cn", True)):
        settings = Settings.from_env(
            {"DATABASE_URL": database_url, "TRANSFERFAIR_SECRET_KEY": TEST_SECRET, "TRANSFERFAIR_BASE_URL": base_url}
        )
        app = create_app(settings)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as browser:
            await browser.get("/login")
            csrf = browser.cookies["csrftoken"]
            signed = await browser.post(
                "/api/auth/login", json={"username": "https-user", "password": PASSWORD}, headers={"x-csrftoken": csrf}
            )
            assert signed.status_code == 201
            cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("tf_session="))
            flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
            assert {"httponly", "samesite", "path"} <= flags
            assert "samesite=lax" in cookie.lower()
            assert ("secure" in flags) is secure
            page = await browser.get("/")
            assert ("strict-transport-security" in page.headers) is secure


async def _scan(staff: httpx.AsyncClient, event_id: int, token: str, n: int) -> httpx.Response:
    return await staff.post(
        f"/api/events/{event_id}/checkins", json={"token": token, "gate": "东门", "nonce": f"nonce-{n:08d}"}
    )


async def test_guessing_personal_links_from_one_address_is_refused_past_the_limit(app: Any) -> None:
    event = await make_fair()
    registration = await _participant(event.id)
    guesser = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("203.0.113.7", 5000)), base_url="http://testserver"
    )
    neighbour = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("198.51.100.9", 5000)), base_url="http://testserver"
    )
    async with guesser, neighbour:
        for n in range(MAX_FAILED_LOOKUPS):
            guess = await guesser.get(f"/p/{new_secret()}" if n % 2 else f"/calendar/{new_secret()}.ics")
            assert guess.status_code == 404
        refused = await guesser.get(f"/p/{registration.portal_token}")
        assert (refused.status_code, refused.json()["code"]) == (429, "too_many_attempts")
        assert int(refused.headers["retry-after"]) > 0
        header = await guesser.get("/api/me/requests", headers={"X-Participant-Token": registration.portal_token})
        assert header.status_code == 429
        # Other addresses and other pages are not affected.
        assert (await neighbour.get(f"/p/{registration.portal_token}")).status_code == 200
        assert (await guesser.get("/api/events")).status_code == 200


async def test_a_flood_of_unknown_tickets_is_refused_but_good_scans_are_not_counted(app: Any) -> None:
    from events.accounts import assign_staff, create_api_token

    event = await make_fair()
    staff = await make_user(username="gate1", role="staff")
    await assign_staff(event_id=event.id, username=staff.username)
    bearer = await create_api_token(username=staff.username, name="gate")
    people = [await _participant(event.id) for _ in range(3)]
    issued = [await tickets.issue_ticket(registration_id=p.id) for p in people]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"Authorization": f"Bearer {bearer}"},
    ) as gate:
        for n, info in enumerate(issued):
            assert (await _scan(gate, event.id, info.token, n)).status_code == 201
        for n in range(MAX_FAILED_SCANS):
            assert (await _scan(gate, event.id, new_token(), 1000 + n)).status_code == 404
        refused = await _scan(gate, event.id, issued[0].token, 99_999)
        assert (refused.status_code, refused.json()["code"]) == (429, "too_many_attempts")


def test_the_failure_window_forgets_old_failures_and_bounds_its_memory() -> None:
    window = FailureWindow(limit=3, window=10.0, max_keys=2)
    for at in (0.0, 1.0, 2.0):
        window.fail("a", now=at)
    assert window.retry_after("a", now=3.0) == 8
    assert window.retry_after("a", now=10.5) is None  # the first failure left the window
    window.fail("b", now=11.0)
    window.fail("c", now=11.0)
    assert window.retry_after("a", now=11.0) is None  # "a" was forgotten to keep two keys


async def test_the_access_log_of_a_real_server_never_shows_a_token(
    database_url: str, transferfair_command: list[str], tmp_path: Any
) -> None:
    from tests.security.server import start_server

    event = await make_fair()
    registration = await _participant(event.id)
    ticket = await tickets.issue_ticket(registration_id=registration.id)
    link, feed = str(registration.portal_token), str(registration.calendar_token)
    server = start_server(transferfair_command, database_url=database_url, log=tmp_path / "server.log")
    try:
        async with httpx.AsyncClient(base_url=server.base) as browser:
            assert (await browser.get(f"/p/{link}")).status_code == 200
            assert (await browser.get(f"/calendar/{feed}.ics")).status_code == 200
            assert (await browser.get(f"/t/{ticket.token}")).status_code == 200
            assert (await browser.get(f"/p/{new_secret()}")).status_code == 404
            assert (await browser.get("/api/events")).status_code == 200
    finally:
        server.stop()
    log = server.output()
    assert '"GET /p/[secret] HTTP/1.1" 200' in log
    assert '"GET /calendar/[secret].ics HTTP/1.1" 200' in log
    assert '"GET /t/[secret] HTTP/1.1" 200' in log
    assert '"GET /api/events HTTP/1.1" 200' in log
    for secret in (link, feed, ticket.token):
        assert secret not in log


async def test_a_valid_link_refused_a_page_is_not_a_failed_lookup(app: Any) -> None:
    event = await make_fair()
    registration = await _participant(event.id)
    headers = {"X-Participant-Token": str(registration.portal_token)}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as browser:
        for _ in range(MAX_FAILED_LOOKUPS + 5):
            assert (await browser.get("/api/audit", headers=headers)).status_code == 401
        assert (await browser.get("/api/me/requests", headers=headers)).status_code == 200
        for _ in range(MAX_FAILED_LOOKUPS):
            assert (await browser.get("/api/me/requests", headers={"X-Participant-Token": "guess"})).status_code == 401
        assert (await browser.get("/api/me/requests", headers=headers)).status_code == 429


async def test_a_blocked_address_still_browses_public_pages_with_a_stale_portal_cookie(app: Any) -> None:
    event = await make_fair()
    registration = await _participant(event.id)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as browser:
        for _ in range(MAX_FAILED_LOOKUPS):
            assert (await browser.get(f"/p/{new_secret()}")).status_code == 404
        browser.cookies.set("tf_portal", str(registration.portal_token))
        assert (await browser.get("/api/events")).status_code == 200
        me = await browser.get("/api/auth/me")
        assert (me.status_code, me.json()["registration_id"]) == (200, None)  # the cookie is not honoured
        assert (await browser.get(f"/p/{registration.portal_token}")).status_code == 429


async def test_pages_behind_a_secret_are_not_stored_and_send_no_referrer(client: httpx.AsyncClient) -> None:
    event = await make_fair()
    registration = await _participant(event.id)
    ticket = await tickets.issue_ticket(registration_id=registration.id)
    private = [
        f"/p/{registration.portal_token}",
        f"/t/{ticket.token}",
        f"/calendar/{registration.calendar_token}.ics",
    ]
    for path in private:
        answer = await client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "no-store", path
        assert answer.headers["referrer-policy"] == "no-referrer", path
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
    mine = await client.get("/api/me/agenda", headers={"X-Participant-Token": str(registration.portal_token)})
    assert (mine.status_code, mine.headers["cache-control"]) == (200, "no-store")
    public = await client.get("/api/events")
    assert "cache-control" not in public.headers
    assert public.headers["referrer-policy"] == "strict-origin-when-cross-origin"
