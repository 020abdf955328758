"""The one place where errors become HTTP answers.

Every refusal is ``{"code": ..., "message": ..., "field"?: ..., "details"?: ...}`` with a status taken from
the domain error's kind. Browsers asking for HTML get the error page instead of JSON.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

import asyncpg.exceptions  # type: ignore[import-untyped]
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from events.api.access_log import mask_path
from events.api.security import locale_of_scope, principal_of
from events.errors import DomainError, ErrorKind
from events.i18n import gettext as _
from events.i18n import reset_locale, set_locale

logger = logging.getLogger("events.api")

STATUS_BY_KIND: dict[ErrorKind, int] = {
    ErrorKind.INVALID: 400,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.GONE: 410,
    ErrorKind.TOO_LARGE: 413,
    ErrorKind.RATE_LIMITED: 429,
}

CODE_BY_STATUS: dict[int, str] = {
    400: "invalid_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def wants_html(request: Request[Any, Any, Any]) -> bool:
    if request.url.path.startswith(("/api/", "/health", "/schema")):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request[Any, Any, Any], status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response[Any]:
    if wants_html(request) and status == 401 and request.method == "GET":
        return Redirect(path=f"/login?next={quote(request.url.path)}", status_code=303)
    if wants_html(request):
        context = {"status": status, "error": body, "principal": principal_of(request)}
        if "locale" not in request.scope.get("state", {}):
            return _error_page_now(request, status, context, headers)
        return Template(
            template_name="error.html",
            context=context,
            status_code=status,
            media_type=MediaType.HTML,
            headers=headers,
        )
    return Response(content=body, status_code=status, media_type=MediaType.JSON, headers=headers)


def _error_page_now(
    request: Request[Any, Any, Any], status: int, context: dict[str, Any], headers: dict[str, str] | None
) -> Response[Any]:
    """The error page for a request no route took (so no middleware chose its language): rendered here, in the
    visitor's language, because a lazily rendered template would fall back to the default one."""
    token = set_locale(locale_of_scope(request.scope))
    try:
        template = request.app.template_engine.get_template("error.html")  # type: ignore[union-attr]
        html = template.render(**context, request=request, csrf_input="")
    finally:
        reset_locale(token)
    return Response(content=html, status_code=status, media_type=MediaType.HTML, headers=headers)


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    return error_response(request, STATUS_BY_KIND[exc.kind], exc.as_dict())


def _validation_details(exc: ValidationException) -> list[dict[str, Any]]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    problems: list[dict[str, Any]] = []
    for item in extra:
        if isinstance(item, dict):
            problems.append({"field": item.get("key"), "source": item.get("source"), "message": item.get("message")})
    return problems


# msgspec's words for a key the input shape does not define (``forbid_unknown_fields`` on every input Struct)
UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<name>[^`]+)`(?: - at `\$(?P<at>[^`]*)`)?$")


def _unknown_field(problems: list[dict[str, Any]]) -> str | None:
    """The dotted path of the first unknown key among ``problems`` (``person.nickname``), if there is one."""
    for problem in problems:
        match = UNKNOWN_FIELD.match(str(problem.get("message") or ""))
        if match:
            # Litestar moves the nested location (``- at `$.person```) into the problem's field ("data" at the top)
            at = match.group("at") or ("" if problem.get("field") in (None, "data") else f".{problem['field']}")
            return f"{at.lstrip('.')}.{match.group('name')}" if at else match.group("name")
    return None


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    body: dict[str, Any] = {"code": CODE_BY_STATUS.get(status, "http_error"), "message": exc.detail}
    if isinstance(exc, ValidationException):
        problems = _validation_details(exc)
        body["message"] = "; ".join(
            f"{p['field'] or p['source']}: {p['message']}" for p in problems if p.get("message")
        ) or str(exc.detail)
        if problems:
            body["details"] = {"errors": problems}
        unknown = _unknown_field(problems)
        if unknown is not None:
            body["code"] = "unknown_field"
            body["field"] = unknown
    elif isinstance(exc, PermissionDeniedException) and "CSRF" in str(exc.detail):
        body = {
            "code": "csrf_failed",
            "message": _("The form expired or was sent from another site; reload and retry."),
        }
    elif isinstance(exc, NotAuthorizedException):
        body["message"] = exc.detail or "sign in first"
    elif isinstance(exc, NotFoundException):
        body["message"] = exc.detail if exc.detail != "Not Found" else f"nothing at {request.url.path}"
    return error_response(request, status, body, headers=dict(exc.headers or {}))


def bad_value_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A value the database cannot hold (a number out of its range, text too long for its column): the input's fault."""
    body = {
        "code": "invalid_value",
        "message": "a value is out of range or too long for where it is stored",
    }
    return error_response(request, 400, body)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on %s %s", request.method, mask_path(request.url.path), exc_info=exc)
    body = {"code": "internal_error", "message": "something went wrong on our side; it has been logged"}
    return error_response(request, HTTP_500_INTERNAL_SERVER_ERROR, body)


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    DomainError: domain_error_handler,
    HTTPException: http_error_handler,
    OverflowError: bad_value_handler,  # SQLite: an integer beyond 64 bits
    asyncpg.exceptions.DataError: bad_value_handler,  # PostgreSQL: out of range, too long, untranslatable
    Exception: internal_error_handler,
}
