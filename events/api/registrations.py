"""Registrations of a fair, for organizers: register participants, list, approve/reject/wait-list."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import directory, registration
from events.api.guards import organizer_only
from events.api.schemas.common import Page, page_of
from events.api.schemas.registrations import (
    DecisionResult,
    RegistrationCreate,
    RegistrationDecision,
    RegistrationOut,
)
from events.api.schemas.security import PersonalLinkOut
from events.api.security import principal_of
from events.database import write_transaction
from events.errors import DomainError
from events.fairs import fair_slots, fair_tables, get_fair
from events.pagination import PageRequest
from events.settings import Settings
from events.vocabulary import RegistrationRole, RegistrationStatus


async def _slot_ids(event_id: FromPath[int], codes: list[str]) -> tuple[int, ...]:
    by_code = {s.code: s.id for s in await fair_slots(event_id=event_id)}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise DomainError("unknown_slot", f"fair {event_id} has no slot {unknown[0]!r}", field="unavailable_slots")
    return tuple(by_code[c] for c in codes)


async def _table_id(event_id: FromPath[int], code: str | None) -> int | None:
    if code is None:
        return None
    for table in await fair_tables(event_id=event_id):
        if table.code == code:
            return table.id
    raise DomainError("unknown_table", f"fair {event_id} has no table {code!r}", field="host_table")


class RegistrationController(Controller):
    path = "/api/events/{event_id:int}/registrations"
    tags = ["registrations"]
    guards = [organizer_only]

    @post("/", summary="Register a participant (organizer)")
    async def create(self, event_id: FromPath[int], data: JSONBody[RegistrationCreate]) -> RegistrationOut:
        await get_fair(event_id=event_id)
        slot_ids = await _slot_ids(event_id, data.unavailable_slots)
        table_id = await _table_id(event_id, data.host_table)
        if data.organization_id is not None and data.organization is not None:
            raise DomainError("ambiguous_organization", "give organization_id or organization, not both")
        async with write_transaction():
            organization_id = data.organization_id
            if data.organization is not None:
                org = await directory.find_or_create_organization(
                    name=data.organization.name,
                    kind=data.organization.kind,
                    credit_code=data.organization.credit_code or "",
                    district=data.organization.district,
                )
                organization_id = org.id
            person_id = None
            if data.person is not None:
                person = await directory.create_person(
                    name=data.person.name,
                    organization_id=organization_id,
                    title=data.person.title,
                    phone=data.person.phone,
                    email=data.person.email,
                )
                person_id = person.id
            created = await registration.create_registration(
                event_id=event_id,
                data=registration.RegistrationInput(
                    role=data.role,
                    organization_id=organization_id,
                    person_id=person_id,
                    team_name=data.team_name,
                    status=data.status,
                    host_table_id=table_id,
                    unavailable_slot_ids=slot_ids,
                    max_meetings=data.max_meetings,
                    max_requests=data.max_requests,
                    note=data.note,
                ),
            )
        return RegistrationOut.of(await registration.get_registration(registration_id=created.id))

    @get("/", summary="List a fair's registrations", cache=False)
    async def list_registrations(
        self,
        event_id: FromPath[int],
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        role: FromQuery[RegistrationRole | None] = None,
        status: FromQuery[RegistrationStatus | None] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> Page[RegistrationOut]:
        await get_fair(event_id=event_id)
        page = await registration.list_registrations(
            event_id=event_id, page=PageRequest(limit, offset), role=role, status=status, q=q
        )
        return page_of(page, [RegistrationOut.of(r) for r in page.items])

    @get("/{registration_id:int}", summary="One registration", cache=False)
    async def read(self, event_id: FromPath[int], registration_id: FromPath[int]) -> RegistrationOut:
        return RegistrationOut.of(
            await registration.get_registration(registration_id=registration_id, event_id=event_id)
        )

    @post("/decisions", summary="Approve, reject or wait-list registrations in bulk", status_code=200)
    async def decide(
        self, event_id: FromPath[int], data: JSONBody[RegistrationDecision], request: Request[Any, Any, Any]
    ) -> DecisionResult:
        changed = await registration.decide(
            event_id=event_id,
            registration_ids=data.registration_ids,
            status=data.status,
            decided_by=principal_of(request).user_id,
        )
        return DecisionResult(changed=changed, status=data.status)

    @post(
        "/{registration_id:int}/personal-link",
        summary="Replace a participant's personal link",
        description="The old link stops working at once (a leaked or forwarded link); the answer has the new one.",
        status_code=200,
    )
    async def replace_personal_link(
        self, event_id: FromPath[int], registration_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> PersonalLinkOut:
        token = await registration.replace_portal_token(event_id=event_id, registration_id=registration_id)
        return PersonalLinkOut(registration_id=registration_id, link=f"{settings.base_url}/p/{token}")
