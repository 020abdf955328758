"""What page tests share: asking for HTML, reading a form's CSRF token, signing in through the form."""

from __future__ import annotations

import re

import httpx

from tests.factories import PASSWORD, make_user

HTML = {"accept": "text/html"}


def csrf_field(html: str) -> str:
    """The CSRF token a page's form carries."""
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form carries a CSRF token"
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, username: str, *, role: str | None = None) -> str:
    """Sign in through the form (creating the user first when a role is given); the CSRF token of the session."""
    if role is not None:
        await make_user(username=username, role=role)
    token = csrf_field((await client.get("/login")).text)
    response = await client.post(
        "/login", data={"_csrf_token": token, "username": username, "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 303, response.text
    return token
