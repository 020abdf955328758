"""Guards for HTML pages: the same rules as the API's, answered with a sign-in redirect or the error page."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from events.accounts import may_staff_event
from events.api.security import principal_of
from events.errors import AuthError, ErrorKind


def page_signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if not principal_of(connection).authenticated:
        raise AuthError("not_authenticated", "sign in first")


def page_organizer(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    page_signed_in(connection, handler)
    if not principal_of(connection).is_organizer:
        raise AuthError("organizer_only", "only organizers may open this page", kind=ErrorKind.FORBIDDEN)


async def page_staff_of_event(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    page_signed_in(connection, handler)
    event_id = connection.path_params.get("event_id")
    if event_id is None or not await may_staff_event(principal_of(connection), event_id=int(event_id)):
        raise AuthError("not_staff_of_event", "you are not staff of this fair", kind=ErrorKind.FORBIDDEN)
