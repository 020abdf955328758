"""The audit log: who checked whom in, who published which schedule, who logged or changed which deal, and when.

Check-ins and deal changes are recorded by database triggers in the same statement as the change (see the
migration ``2026-11-26T21:17:24``); schedule publications call :func:`record` inside their transaction. The
database refuses to update or delete an entry. Whoever is acting is known from the request
(:func:`acting_as`, set by the identity middleware) or is the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from events.pagination import Page, PageRequest
from events.parties import load_parties
from events.tables import AuditEntry

COMMAND_LINE = "command line"


class AuditAction(StrEnum):
    CHECK_IN = "check_in"
    SCHEDULE_PUBLISHED = "schedule_published"
    DEAL_LOGGED = "deal_logged"
    DEAL_CHANGED = "deal_changed"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    name: str


_COMMAND_LINE_ACTOR = Actor(user_id=None, name=COMMAND_LINE)
_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(*, user_id: int | None, name: str) -> Iterator[None]:
    """Within this block, entries written by :func:`record` name this actor."""
    token = _actor.set(Actor(user_id=user_id, name=name[:100]))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    return _actor.get() or _COMMAND_LINE_ACTOR


async def record(
    *,
    action: AuditAction,
    event_id: int | None,
    object_kind: str,
    object_id: int | None,
    details: dict[str, Any],
    at: datetime | None = None,
) -> None:
    """Append an entry (call it inside the transaction of the change it records)."""
    actor = current_actor()
    entry = AuditEntry(
        event=event_id,
        actor_id=actor.user_id,
        actor=actor.name,
        action=action.value,
        object_kind=object_kind,
        object_id=object_id,
        details=details,
    )
    if at is not None:
        entry.at = at
    await AuditEntry.insert(entry)


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    event_id: int | None
    actor_id: int | None
    actor: str
    action: str
    object_kind: str
    object_id: int | None
    details: dict[str, Any]


def _details(value: Any) -> dict[str, Any]:
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, dict) else {}


async def list_entries(
    *,
    page: PageRequest,
    event_id: int | None = None,
    action: AuditAction | None = None,
    actor_id: int | None = None,
) -> Page[AuditView]:
    """Entries, newest first, optionally of one fair, one action or one actor."""
    conditions: list[Any] = []
    if event_id is not None:
        conditions.append(AuditEntry.event == event_id)
    if action is not None:
        conditions.append(AuditEntry.action == action.value)
    if actor_id is not None:
        conditions.append(AuditEntry.actor_id == actor_id)
    query = AuditEntry.select().order_by(AuditEntry.id, ascending=False).limit(page.limit).offset(page.offset)
    count = AuditEntry.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query
    items = [
        AuditView(
            id=row["id"],
            at=row["at"],
            event_id=row["event"],
            actor_id=row["actor_id"],
            actor=row["actor"],
            action=row["action"],
            object_kind=row["object_kind"],
            object_id=row["object_id"],
            details=_details(row["details"]),
        )
        for row in rows
    ]
    return Page(items=items, total=await count, limit=page.limit, offset=page.offset)


async def checked_in_names(entries: list[AuditView]) -> dict[int, str]:
    """Who was checked in, by the registration ids of the check-in entries among ``entries`` (one query)."""
    ids = sorted({e.object_id for e in entries if e.action == AuditAction.CHECK_IN.value and e.object_id is not None})
    if not ids:
        return {}
    parties = await load_parties(ids)
    return {
        registration_id: " · ".join(dict.fromkeys(n for n in (party.person, party.name) if n))
        for registration_id, party in parties.items()
    }
