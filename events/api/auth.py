"""Sign in and out with a session cookie; who am I."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import JSONBody

from events.accounts import Principal, authenticate, end_session, start_session
from events.api.schemas.auth import LoginInput, WhoAmI
from events.api.security import SESSION_COOKIE, principal_of
from events.settings import Settings


def whoami_of(principal: Principal) -> WhoAmI:
    return WhoAmI(
        authenticated=principal.authenticated,
        username=principal.username or None,
        display_name=principal.display_name or None,
        role=principal.role.value if principal.role else None,
        via=principal.via,
        registration_id=principal.registration_id,
    )


def session_cookie(settings: Settings, value: str, *, max_age: int) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        max_age=max_age,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]

    @post("/login", summary="Sign in; sets the session cookie")
    async def login(
        self, data: JSONBody[LoginInput], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
    ) -> Response[WhoAmI]:
        user = await authenticate(
            username=data.username, password=data.password, client_address=request.client.host if request.client else ""
        )
        session = await start_session(
            user=user, days=settings.session_days, user_agent=request.headers.get("user-agent", "")
        )
        body = WhoAmI(
            authenticated=True, username=user.username, display_name=user.display_name, role=user.role, via="session"
        )
        return Response(body, cookies=[session_cookie(settings, session.key, max_age=settings.session_days * 86400)])

    @post("/logout", summary="Sign out; ends the session", status_code=200)
    async def logout(self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> Response[WhoAmI]:
        key = request.cookies.get(SESSION_COOKIE)
        if key:
            await end_session(key)
        return Response(WhoAmI(authenticated=False), cookies=[session_cookie(settings, "", max_age=0)])

    @get("/me", summary="Who is signed in", cache=False)
    async def me(self, request: Request[Any, Any, Any]) -> WhoAmI:
        return whoami_of(principal_of(request))
