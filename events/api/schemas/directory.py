"""Organizations and people."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from events.api.schemas.common import Input, LongText, ShortText
from events.tables import Organization, Person
from events.vocabulary import OrganizationKind


class OrganizationCreate(Input, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    kind: OrganizationKind
    name_en: ShortText = ""
    credit_code: Annotated[str, msgspec.Meta(max_length=18)] | None = None
    district: Annotated[str, msgspec.Meta(max_length=50)] = ""
    address: Annotated[str, msgspec.Meta(max_length=255)] = ""
    website: Annotated[str, msgspec.Meta(max_length=255)] = ""
    description: LongText = ""


class OrganizationOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    name_en: str
    kind: OrganizationKind
    credit_code: str | None
    district: str
    address: str
    website: str
    description: str
    created_at: datetime

    @classmethod
    def of(cls, org: Organization) -> OrganizationOut:
        return cls(
            id=org.id,
            name=org.name,
            name_en=org.name_en,
            kind=OrganizationKind(org.kind),
            credit_code=org.credit_code,
            district=org.district,
            address=org.address,
            website=org.website,
            description=org.description,
            created_at=org.created_at,
        )


class PersonInput(Input, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    title: Annotated[str, msgspec.Meta(max_length=100)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=32)] = ""
    email: Annotated[str, msgspec.Meta(max_length=255)] = ""


class PersonOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    title: str
    phone: str
    email: str

    @classmethod
    def of(cls, person: Person) -> PersonOut:
        return cls(id=person.id, name=person.name, title=person.title, phone=person.phone, email=person.email)
