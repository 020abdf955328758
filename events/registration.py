"""Registrations: who takes part in a fair, in which role, and whether the organizer let them in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from piccolo.custom_types import Combinable

from events.clock import utc_now
from events.database import contains_text, write_transaction
from events.errors import DomainError, ErrorKind, NotFoundError
from events.pagination import Page, PageRequest
from events.tables import Event, MeetingTable, Organization, Person, Registration, Slot
from events.vocabulary import RegistrationRole, RegistrationStatus


class RegistrationError(DomainError):
    """Refusals about registrations."""


def new_secret() -> str:
    """A personal-link or feed token: 256 bits from the OS, URL-safe."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class RegistrationInput:
    role: RegistrationRole
    organization_id: int | None = None
    person_id: int | None = None
    team_name: str = ""
    status: RegistrationStatus = RegistrationStatus.PENDING
    host_table_id: int | None = None
    unavailable_slot_ids: tuple[int, ...] = ()
    max_meetings: int | None = None
    max_requests: int | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    note: str = ""


async def _check_references(*, event_id: int, data: RegistrationInput) -> None:
    if data.role in (RegistrationRole.ENTERPRISE, RegistrationRole.TEAM) and data.organization_id is None:
        raise RegistrationError(
            "missing_organization", f"a {data.role.value} registration needs an organization", field="organization_id"
        )
    if data.organization_id is not None and not await Organization.exists().where(
        Organization.id == data.organization_id
    ):
        raise NotFoundError(
            "unknown_organization", f"no organization with id {data.organization_id}", field="organization_id"
        )
    if data.person_id is not None and not await Person.exists().where(Person.id == data.person_id):
        raise NotFoundError("unknown_person", f"no person with id {data.person_id}", field="person_id")
    if data.host_table_id is not None and not await MeetingTable.exists().where(
        (MeetingTable.id == data.host_table_id) & (MeetingTable.event == event_id)
    ):
        raise NotFoundError(
            "unknown_table", f"fair {event_id} has no table {data.host_table_id}", field="host_table_id"
        )
    if data.unavailable_slot_ids:
        known = await Slot.count().where((Slot.event == event_id) & Slot.id.is_in(list(data.unavailable_slot_ids)))
        if known != len(set(data.unavailable_slot_ids)):
            raise RegistrationError(
                "unknown_slot", f"some unavailable slots are not slots of fair {event_id}", field="unavailable_slots"
            )
    for name, value in (("max_meetings", data.max_meetings), ("max_requests", data.max_requests)):
        if value is not None and value < 0:
            raise RegistrationError("invalid_limit", f"{name} must not be negative", field=name)


async def create_registration(*, event_id: int, data: RegistrationInput) -> Registration:
    if not await Event.exists().where(Event.id == event_id):
        raise NotFoundError("unknown_event", f"no fair with id {event_id}")
    await _check_references(event_id=event_id, data=data)
    if data.person_id is not None and await Registration.exists().where(
        (Registration.event == event_id) & (Registration.person == data.person_id)
    ):
        raise RegistrationError(
            "already_registered",
            f"person {data.person_id} is already registered for fair {event_id}",
            kind=ErrorKind.CONFLICT,
            field="person_id",
        )
    registration = Registration(
        event=event_id,
        role=data.role.value,
        status=data.status.value,
        organization=data.organization_id,
        person=data.person_id,
        team_name=data.team_name.strip(),
        host_table=data.host_table_id,
        unavailable_slots=sorted(set(data.unavailable_slot_ids)),
        max_meetings=data.max_meetings,
        max_requests=data.max_requests,
        portal_token=new_secret(),
        calendar_token=new_secret(),
        answers=data.answers,
        note=data.note,
    )
    await registration.save()
    return registration


async def get_registration(*, registration_id: int, event_id: int | None = None) -> Registration:
    query = Registration.objects(Registration.organization, Registration.person).where(
        Registration.id == registration_id
    )
    if event_id is not None:
        query = query.where(Registration.event == event_id)
    registration = await query.first()
    if registration is None:
        raise NotFoundError("unknown_registration", f"no registration with id {registration_id}")
    return registration


async def registration_by_portal_token(*, token: str) -> Registration:
    registration = (
        await Registration.objects(Registration.organization, Registration.person)
        .where(Registration.portal_token == token)
        .first()
    )
    if registration is None:
        raise NotFoundError("unknown_link", "this personal link is not valid (it may have been replaced)")
    return registration


async def participant_by_portal_token(*, token: str) -> Registration:
    """The registration behind a personal link, as long as it still takes part (not rejected or cancelled)."""
    registration = await registration_by_portal_token(token=token)
    if str(registration.status) in (RegistrationStatus.REJECTED.value, RegistrationStatus.CANCELLED.value):
        raise NotFoundError("unknown_link", "this personal link is not valid (it may have been replaced)")
    return registration


async def replace_portal_token(*, event_id: int, registration_id: int) -> str:
    """A new personal-link token for the registration; the old link (and its portal cookie) stops working at once."""
    token = new_secret()
    changed = await (
        Registration.update({Registration.portal_token: token})
        .where((Registration.id == registration_id) & (Registration.event == event_id))
        .returning(Registration.id)
    )
    if not changed:
        raise NotFoundError("unknown_registration", f"fair {event_id} has no registration {registration_id}")
    return token


async def list_registrations(
    *,
    event_id: int,
    page: PageRequest,
    role: RegistrationRole | None = None,
    status: RegistrationStatus | None = None,
    q: str | None = None,
) -> Page[Registration]:
    query = (
        Registration.objects(Registration.organization, Registration.person)
        .where(Registration.event == event_id)
        .order_by(Registration.id)
    )
    count = Registration.count().where(Registration.event == event_id)
    conditions: list[Combinable] = []
    if role is not None:
        conditions.append(Registration.role == role.value)
    if status is not None:
        conditions.append(Registration.status == status.value)
    if q:
        conditions.append(
            contains_text(Registration.organization.name, q)
            | contains_text(Registration.person.name, q)
            | contains_text(Registration.team_name, q)
        )
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    items = await query.limit(page.limit).offset(page.offset)
    return Page(items=list(items), total=await count, limit=page.limit, offset=page.offset)


async def decide(
    *, event_id: int, registration_ids: list[int], status: RegistrationStatus, decided_by: int | None
) -> int:
    """Approve, reject or wait-list registrations in one transaction; returns how many changed.

    Approving respects the fair's capacity per role: if the approvals would exceed it, nothing changes.
    """
    if status is RegistrationStatus.PENDING:
        raise RegistrationError("invalid_decision", "a decision is approved, waitlisted, rejected or cancelled")
    ids = sorted(set(registration_ids))
    if not ids:
        raise RegistrationError("no_registrations", "name at least one registration", field="registration_ids")
    async with write_transaction():
        rows = await Registration.select(Registration.id, Registration.role, Registration.status).where(
            (Registration.event == event_id) & Registration.id.is_in(ids)
        )
        found = {row["id"] for row in rows}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError("unknown_registration", f"fair {event_id} has no registration {missing[0]}")
        if status is RegistrationStatus.APPROVED:
            await _check_capacity(event_id=event_id, rows=rows)
        changing = [row["id"] for row in rows if row["status"] != status.value]
        if changing:
            await Registration.update(
                {
                    Registration.status: status.value,
                    Registration.decided_at: utc_now(),
                    Registration.decided_by: decided_by,
                }
            ).where(Registration.id.is_in(changing))
    return len(changing)


async def _check_capacity(*, event_id: int, rows: list[dict[str, Any]]) -> None:
    event = await Event.select(Event.capacities).where(Event.id == event_id).output(load_json=True).first()
    capacities: dict[str, int] = (event or {}).get("capacities") or {}
    for role, capacity in capacities.items():
        newly = sum(1 for row in rows if row["role"] == role and row["status"] != RegistrationStatus.APPROVED.value)
        if not newly:
            continue
        approved = await Registration.count().where(
            (Registration.event == event_id)
            & (Registration.role == role)
            & (Registration.status == RegistrationStatus.APPROVED.value)
        )
        if approved + newly > capacity:
            raise RegistrationError(
                "capacity_reached",
                f"approving {newly} more {role} registrations would exceed the capacity of {capacity} "
                f"({approved} already approved)",
                kind=ErrorKind.CONFLICT,
            )
