"""Signing in and out through the form, with its CSRF token."""

from __future__ import annotations

import httpx

from tests.factories import PASSWORD, make_user
from tests.pages.helpers import csrf_field


async def test_sign_in_and_out(client: httpx.AsyncClient) -> None:
    await make_user(username="sun", role="organizer")
    form = await client.get("/login", params={"next": "/fairs"})
    assert form.status_code == 200
    token = csrf_field(form.text)
    assert 'name="next" value="/fairs"' in form.text

    wrong = await client.post("/login", data={"_csrf_token": token, "username": "sun", "password": "x", "next": "/"})
    assert wrong.status_code == 401
    assert "用户名或密码错误" in wrong.text

    right = await client.post(
        "/login", data={"_csrf_token": token, "username": "sun", "password": PASSWORD, "next": "/"}
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/"
    home = await client.get("/", headers={"accept": "text/html"})
    assert "sun" in home.text
    assert "退出" in home.text

    out = await client.post("/logout", data={"_csrf_token": token})
    assert out.status_code == 303
    assert "tf_session" not in client.cookies or client.cookies.get("tf_session") in ("", None)


async def test_sign_in_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    await make_user(username="zhou", role="organizer")
    await client.get("/login")
    refused = await client.post("/login", data={"username": "zhou", "password": PASSWORD})
    assert refused.status_code == 403


async def test_next_never_leaves_the_site(client: httpx.AsyncClient) -> None:
    await make_user(username="wu", role="organizer")
    token = csrf_field((await client.get("/login")).text)
    response = await client.post(
        "/login", data={"_csrf_token": token, "username": "wu", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert response.headers["location"] == "/"
