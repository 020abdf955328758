"""Sign-in with a session cookie, CSRF on cookie-authenticated writes, bearer tokens."""

from __future__ import annotations

import httpx

from events.accounts import create_api_token, revoke_api_token
from events.tables import ApiToken, LoginSession
from tests.api.test_fairs import FAIR
from tests.factories import PASSWORD, make_user


async def _csrf(client: httpx.AsyncClient) -> str:
    await client.get("/api/auth/me")
    return client.cookies["csrftoken"]


async def test_login_sets_a_session_and_logout_ends_it(client: httpx.AsyncClient) -> None:
    await make_user(username="wang", role="organizer")
    token = await _csrf(client)
    bad = await client.post(
        "/api/auth/login", json={"username": "wang", "password": "nope"}, headers={"x-csrftoken": token}
    )
    assert bad.status_code == 401
    assert bad.json() == {"code": "bad_credentials", "message": "wrong user name or password"}

    good = await client.post(
        "/api/auth/login", json={"username": "wang", "password": PASSWORD}, headers={"x-csrftoken": token}
    )
    assert good.status_code == 201
    assert good.json()["role"] == "organizer"
    set_cookie = good.headers["set-cookie"]
    assert "tf_session=" in set_cookie
    assert "HttpOnly" in set_cookie
    assert "SameSite=lax" in set_cookie
    assert await LoginSession.count() == 1

    me = (await client.get("/api/auth/me")).json()
    assert me["authenticated"] is True
    assert me["username"] == "wang"

    created = await client.post("/api/events", json=FAIR, headers={"x-csrftoken": token})
    assert created.status_code == 201

    out = await client.post("/api/auth/logout", headers={"x-csrftoken": token})
    assert out.status_code == 200
    assert await LoginSession.count() == 0
    assert (await client.get("/api/auth/me")).json()["authenticated"] is False


async def test_cookie_writes_without_csrf_token_are_refused(client: httpx.AsyncClient) -> None:
    await make_user(username="li", role="organizer")
    token = await _csrf(client)
    await client.post("/api/auth/login", json={"username": "li", "password": PASSWORD}, headers={"x-csrftoken": token})
    forged = await client.post("/api/events", json=FAIR)
    assert forged.status_code == 403
    assert forged.json()["code"] == "csrf_failed"


async def test_bearer_tokens_work_until_revoked(app: object, client: httpx.AsyncClient) -> None:
    user = await make_user(username="script", role="organizer")
    plain = await create_api_token(username=user.username, name="ci")
    assert plain.startswith("tf_")
    stored = await ApiToken.select().first()
    assert stored is not None
    assert plain not in str(stored.values())  # only the hash is kept
    headers = {"Authorization": f"Bearer {plain}"}
    assert (await client.post("/api/events", json=FAIR, headers=headers)).status_code == 201
    await revoke_api_token(token_id=stored["id"])
    refused = await client.get("/api/auth/me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid_token"


async def test_malformed_authorization_header_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/events", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


async def test_password_guessing_is_throttled_per_user(client: httpx.AsyncClient) -> None:
    await make_user(username="target", role="organizer")
    token = await _csrf(client)
    headers = {"x-csrftoken": token}
    for _ in range(10):
        wrong = await client.post("/api/auth/login", json={"username": "target", "password": "guess"}, headers=headers)
        assert wrong.status_code == 401
    blocked = await client.post("/api/auth/login", json={"username": "target", "password": PASSWORD}, headers=headers)
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    other = await make_user(username="bystander", role="staff")
    fine = await client.post(
        "/api/auth/login", json={"username": other.username, "password": PASSWORD}, headers=headers
    )
    assert fine.status_code == 201
