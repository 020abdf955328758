"""Role checks for route handlers: anonymous → 401, wrong role → 403."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from events.accounts import Principal, may_staff_event
from events.api.security import principal_of
from events.errors import AuthError, ErrorKind


def _principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    return principal_of(connection)


def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if not _principal(connection).authenticated:
        raise AuthError("not_authenticated", "sign in first (session cookie or Authorization: Bearer token)")


def organizer_only(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    signed_in(connection, handler)
    if not _principal(connection).is_organizer:
        raise AuthError("organizer_only", "only organizers may do this", kind=ErrorKind.FORBIDDEN)


def admin_only(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    signed_in(connection, handler)
    if not _principal(connection).is_admin:
        raise AuthError("admin_only", "only administrators may do this", kind=ErrorKind.FORBIDDEN)


async def staff_of_event(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Organizers, or staff assigned to the fair named by the ``event_id`` path parameter."""
    signed_in(connection, handler)
    event_id = connection.path_params.get("event_id")
    if event_id is None or not await may_staff_event(_principal(connection), event_id=int(event_id)):
        raise AuthError("not_staff_of_event", "you are not staff of this fair", kind=ErrorKind.FORBIDDEN)


def participant_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A participant who came through their personal link."""
    if not _principal(connection).is_participant:
        raise AuthError("not_participant", "open your personal link first")
