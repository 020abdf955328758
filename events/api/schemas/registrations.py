"""Registrations of participants to a fair."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from events.api.schemas.common import Input, LongText, Ref, ShortText
from events.api.schemas.directory import PersonInput
from events.tables import Registration
from events.vocabulary import OrganizationKind, RegistrationRole, RegistrationStatus


class NewOrganization(Input, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    kind: OrganizationKind
    credit_code: Annotated[str, msgspec.Meta(max_length=18)] | None = None
    district: Annotated[str, msgspec.Meta(max_length=50)] = ""


class RegistrationCreate(Input, kw_only=True):
    """An organizer registers a participant: an existing organization by id, or a new one inline."""

    role: RegistrationRole
    organization_id: int | None = None
    organization: NewOrganization | None = None
    person: PersonInput | None = None
    team_name: ShortText = ""
    status: RegistrationStatus = RegistrationStatus.PENDING
    host_table: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    unavailable_slots: Annotated[list[str], msgspec.Meta(max_length=400)] = []
    max_meetings: Annotated[int, msgspec.Meta(ge=0, le=400)] | None = None
    max_requests: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None
    note: LongText = ""


class RegistrationDecision(Input, kw_only=True):
    registration_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=5000)]
    status: RegistrationStatus


class DecisionResult(msgspec.Struct, kw_only=True):
    changed: int
    status: RegistrationStatus


class RegistrationOut(msgspec.Struct, kw_only=True):
    id: int
    event_id: int
    role: RegistrationRole
    status: RegistrationStatus
    organization: Ref | None
    person: Ref | None
    team_name: str
    host_table_id: int | None
    unavailable_slot_ids: list[int]
    max_meetings: int | None
    max_requests: int | None
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, reg: Registration) -> RegistrationOut:
        return cls(
            id=reg.id,
            event_id=reg.event if isinstance(reg.event, int) else reg.event.id,
            role=RegistrationRole(reg.role),
            status=RegistrationStatus(reg.status),
            organization=_ref(reg.organization),
            person=_ref(reg.person),
            team_name=reg.team_name,
            host_table_id=reg.host_table if isinstance(reg.host_table, int) else None,
            unavailable_slot_ids=list(reg.unavailable_slots or []),
            max_meetings=reg.max_meetings,
            max_requests=reg.max_requests,
            created_at=reg.created_at,
            decided_at=reg.decided_at,
        )


def _ref(related: Any) -> Ref | None:
    if related is None:
        return None
    if isinstance(related, int):
        return Ref(id=related, name="")
    if getattr(related, "id", None) is None:
        return None
    return Ref(id=related.id, name=related.name)
