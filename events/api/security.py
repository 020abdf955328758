"""Who is asking, in which language, and CSRF protection that spares bearer-token clients.

- ``Authorization: Bearer <token>``: scripts and scanner devices (an unknown token is refused with 401).
- the ``tf_session`` cookie: organizers and staff signed in through the login page.
- ``X-Participant-Token`` header or the ``tf_portal`` cookie: a participant's personal link.

Cookie-authenticated unsafe requests (and sign-in) must carry the CSRF token (form field ``_csrf_token`` or
header ``x-csrftoken``); see :func:`needs_csrf_check`.
"""

from __future__ import annotations

import json
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType
from litestar.middleware.csrf import CSRFMiddleware

from events.accounts import (
    ANONYMOUS,
    Principal,
    principal_for_personal_link,
    principal_for_session,
    principal_for_token,
)
from events.audit import acting_as
from events.i18n import DEFAULT_LOCALE, LOCALE_COOKIE, negotiate, normalise_locale, reset_locale, set_locale

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Receive, Scope, Send

SESSION_COOKIE = "tf_session"
PORTAL_COOKIE = "tf_portal"
PARTICIPANT_HEADER = "x-participant-token"


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:  # a malformed cookie header counts as no cookies
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _query_lang(scope: Scope) -> str | None:
    query = scope.get("query_string", b"").decode("latin-1")
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key == "lang":
            return normalise_locale(value)
    return None


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"code": code, "message": message}).encode()
    start: Any = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")],
    }
    await send(start)
    end: Any = {"type": "http.response.body", "body": body}
    await send(end)


def _actor_name(principal: Principal) -> str:
    """How the audit log names who is asking."""
    if principal.username:
        return principal.username
    if principal.registration_id is not None:
        return f"participant #{principal.registration_id}"
    return "anonymous"


def _locale(scope: Scope, headers: dict[str, str], cookies: dict[str, str]) -> str:
    """``?lang=``, then the ``tf_lang`` cookie (the language switch), then Accept-Language, then Chinese."""
    return (
        _query_lang(scope)
        or normalise_locale(cookies.get(LOCALE_COOKIE))
        or negotiate(headers.get("accept-language"))
        or DEFAULT_LOCALE
    )


def locale_of_scope(scope: Scope) -> str:
    """The language a request asks for, for answers made before the identity middleware ran (no route)."""
    headers = _headers(scope)
    return _locale(scope, headers, _cookies(headers))


class IdentityMiddleware:
    """Sets ``scope['user']`` to a :class:`Principal` and the request's locale."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in (ScopeType.HTTP, ScopeType.WEBSOCKET):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        cookies = _cookies(headers)
        locale = _locale(scope, headers, cookies)
        token = set_locale(locale)
        scope.setdefault("state", {})["locale"] = locale
        try:
            principal = await self._principal(headers, cookies)
            if principal is None:
                await _refuse(send, 401, "invalid_token", "the bearer token is unknown or revoked")
                return
            scope["user"] = principal
            scope["auth"] = principal.via
            with acting_as(user_id=principal.user_id, name=_actor_name(principal)):
                await self.app(scope, receive, send)
        finally:
            reset_locale(token)

    @staticmethod
    async def _principal(headers: dict[str, str], cookies: dict[str, str]) -> Principal | None:
        authorization = headers.get("authorization", "")
        if authorization:
            scheme, _, credentials = authorization.partition(" ")
            if scheme.lower() != "bearer" or not credentials.strip():
                return None
            return await principal_for_token(credentials.strip())
        participant_token = headers.get(PARTICIPANT_HEADER)
        if participant_token:
            return await principal_for_personal_link(participant_token) or ANONYMOUS
        session_key = cookies.get(SESSION_COOKIE)
        if session_key:
            principal = await principal_for_session(session_key)
            if principal is not None:
                return principal
        portal = cookies.get(PORTAL_COOKIE)
        if portal:
            return await principal_for_personal_link(portal) or ANONYMOUS
        return ANONYMOUS


LOGIN_PATHS = frozenset({"/login", "/api/auth/login"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def needs_csrf_check(scope: Scope) -> bool:
    """Whether a request could be a forgery riding on the visitor's cookies.

    Requests authenticated by a header cannot be forged cross-site (a custom header needs a CORS preflight);
    requests without a session or personal-link cookie carry no ambient authority to abuse, except sign-in
    itself (login CSRF). Safe methods always pass through Litestar's middleware, which sets the cookie.
    """
    if scope.get("method", "GET") in SAFE_METHODS:
        return True
    headers = _headers(scope)
    if "authorization" in headers or PARTICIPANT_HEADER in headers:
        return False
    if scope.get("path") in LOGIN_PATHS:
        return True
    cookies = _cookies(headers)
    return SESSION_COOKIE in cookies or PORTAL_COOKIE in cookies


class CSRFUnlessHeaderAuth(CSRFMiddleware):
    """Litestar's double-submit CSRF check, for requests that ride on cookies."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and not needs_csrf_check(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def principal_of(request: Any) -> Principal:
    user = request.scope.get("user")
    return user if isinstance(user, Principal) else ANONYMOUS
