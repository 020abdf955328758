"""Sign-in and sign-out pages for organizers and staff."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from events.accounts import authenticate, end_session, start_session
from events.api.auth import session_cookie
from events.api.security import SESSION_COOKIE, principal_of
from events.errors import AuthError
from events.i18n import gettext as _
from events.settings import Settings


class LoginForm(msgspec.Struct, kw_only=True):
    username: str = ""
    password: str = ""
    next: str = "/"


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@get("/login", include_in_schema=False, cache=False)
async def login_page(
    request: Request[Any, Any, Any], next_url: Annotated[str, QueryParameter(name="next", max_length=500)] = "/"
) -> Template:
    return Template(
        template_name="login.html",
        context={"next": _safe_next(next_url), "error": None, "username": "", "principal": principal_of(request)},
    )


@post("/login", include_in_schema=False, status_code=200)
async def login_submit(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    data: URLEncodedBody[LoginForm],
) -> Template | Redirect:
    try:
        user = await authenticate(
            username=data.username.strip(),
            password=data.password,
            client_address=request.client.host if request.client else "",
        )
    except AuthError as refusal:
        throttled = refusal.code == "too_many_attempts"
        return Template(
            template_name="login.html",
            context={
                "next": _safe_next(data.next),
                "error": _("Too many failed sign-ins: wait 15 minutes and try again.")
                if throttled
                else _("Wrong user name or password."),
                "username": data.username,
                "principal": principal_of(request),
            },
            status_code=429 if throttled else 401,
        )
    session = await start_session(
        user=user, days=settings.session_days, user_agent=request.headers.get("user-agent", "")
    )
    return Redirect(
        path=_safe_next(data.next),
        status_code=303,
        cookies=[session_cookie(settings, session.key, max_age=settings.session_days * 86400)],
    )


@post("/logout", include_in_schema=False, status_code=303)
async def logout_submit(request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> Redirect:
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        await end_session(key)
    return Redirect(path="/", status_code=303, cookies=[session_cookie(settings, "", max_age=0)])
