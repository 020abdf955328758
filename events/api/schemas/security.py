"""Structs of the security area: replaced personal links and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from events.audit import AuditAction, AuditView


class PersonalLinkOut(msgspec.Struct, kw_only=True):
    registration_id: int
    link: str


class AuditEntryOut(msgspec.Struct, kw_only=True):
    """One entry of the audit log: who (user id and name at the time), when, what, on which object."""

    id: int
    at: datetime
    event_id: int | None
    actor_id: int | None
    actor: str
    action: AuditAction
    object_kind: str
    object_id: int | None
    details: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditView) -> AuditEntryOut:
        return cls(
            id=entry.id,
            at=entry.at,
            event_id=entry.event_id,
            actor_id=entry.actor_id,
            actor=entry.actor,
            action=AuditAction(entry.action),
            object_kind=entry.object_kind,
            object_id=entry.object_id,
            details=entry.details,
        )
