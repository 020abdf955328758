"""Real objects made through the domain functions (no mocks), with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, time
from typing import Any

from events import accounts, catalogue, directory, fairs, registration
from events.tables import Organization, Registration, User
from events.vocabulary import (
    EventFormat,
    Field,
    Maturity,
    OrganizationKind,
    RegistrationRole,
    RegistrationStatus,
    UserRole,
)

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


async def make_user(*, username: str | None = None, role: str = "organizer", password: str = PASSWORD) -> User:
    return await accounts.create_user(
        username=username or f"user{next(_counter)}", password=password, role=UserRole(role)
    )


async def make_fair(
    *,
    slug: str | None = None,
    sessions: tuple[tuple[str, str], ...] = (("09:00", "10:00"),),
    slot_minutes: int = 20,
    tables: int = 3,
    starts_on: date = date(2026, 12, 3),
    ends_on: date | None = None,
    **details: Any,
) -> Any:
    return await fairs.create_fair(
        slug=slug or f"fair-{next(_counter)}",
        title="测试对接会",
        format=EventFormat.ENTERPRISES_INTO_UNIVERSITIES,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        grid=fairs.SlotGrid(
            sessions=tuple(fairs.Session(time.fromisoformat(a), time.fromisoformat(b)) for a, b in sessions),
            slot_minutes=slot_minutes,
        ),
        tables=fairs.numbered_tables(count=tables),
        details=fairs.FairDetails(**details),
    )


async def make_organization(*, kind: str = "enterprise", name: str | None = None, **fields: Any) -> Organization:
    return await directory.create_organization(
        name=name or f"测试机构{next(_counter)}", kind=OrganizationKind(kind), **fields
    )


async def make_achievement(*, organization_id: int | None = None, **fields: Any) -> Any:
    if organization_id is None:
        organization_id = (await make_organization(kind="university")).id
    data = {
        "title": f"成果{next(_counter)}",
        "organization_id": organization_id,
        "fields": (Field.NEW_MATERIALS,),
        "maturity": Maturity.PILOT,
    }
    data.update(fields)
    return await catalogue.create_achievement(data=catalogue.AchievementInput(**data))


async def make_demand(*, organization_id: int | None = None, **fields: Any) -> Any:
    if organization_id is None:
        organization_id = (await make_organization(kind="enterprise")).id
    data = {"title": f"需求{next(_counter)}", "organization_id": organization_id, "fields": (Field.NEW_MATERIALS,)}
    data.update(fields)
    return await catalogue.create_demand(data=catalogue.DemandInput(**data))


async def make_registration(
    *,
    event_id: int,
    role: str = "enterprise",
    status: str = "approved",
    organization_id: int | None = None,
    person_name: str | None = None,
    **fields: Any,
) -> Registration:
    if organization_id is None and role in ("enterprise", "team"):
        kind = "enterprise" if role == "enterprise" else "university"
        organization_id = (await make_organization(kind=kind)).id
    person = await directory.create_person(
        name=person_name or f"联系人{next(_counter)}", organization_id=organization_id, phone="13800138000"
    )
    return await registration.create_registration(
        event_id=event_id,
        data=registration.RegistrationInput(
            role=RegistrationRole(role),
            organization_id=organization_id,
            person_id=person.id,
            status=RegistrationStatus(status),
            **fields,
        ),
    )
