"""Security headers on every answer: a content security policy without inline scripts, no framing,
no MIME sniffing, a strict referrer policy, HSTS behind HTTPS; pages and answers behind a secret URL or a
personal link (``/p/``, ``/t/``, ``/calendar/``, ``/api/me/``) are ``no-store`` and send no referrer.

The API documentation pages under ``/schema`` load Swagger UI and ReDoc from their CDN with inline start-up
code, so they get their own, wider policy; nothing else does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

APP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "img-src 'self' data: https:; font-src 'self' https://fonts.gstatic.com; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


PRIVATE_PREFIXES = ("/p/", "/t/", "/calendar/", "/api/me/")


def security_headers_middleware(*, hsts: bool) -> Any:
    """An ASGI middleware factory adding the headers (keeping any a handler set itself)."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            policy = DOCS_POLICY if scope["path"].startswith("/schema") else APP_POLICY
            private = scope["path"].startswith(PRIVATE_PREFIXES)

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableScopeHeaders.from_message(message)
                    defaults = {
                        "Content-Security-Policy": policy,
                        "X-Content-Type-Options": "nosniff",
                        "X-Frame-Options": "DENY",
                        "Referrer-Policy": "strict-origin-when-cross-origin",
                        "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
                        "Cross-Origin-Opener-Policy": "same-origin",
                    }
                    if hsts:
                        defaults["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
                    if private:
                        # Personal data behind a secret URL: never kept by a shared cache, never leaked as a referrer.
                        defaults["Cache-Control"] = "no-store"
                        defaults["Referrer-Policy"] = "no-referrer"
                    for name, value in defaults.items():
                        if name not in headers:
                            headers[name] = value
                await send(message)

            await app(scope, receive, send_with_headers)

        return wrapped

    return middleware
