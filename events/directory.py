"""Organizations and people: the directory shared by every fair."""

from __future__ import annotations

import re

from piccolo.custom_types import Combinable

from events.database import contains_text
from events.errors import DomainError, ErrorKind, NotFoundError
from events.pagination import Page, PageRequest
from events.tables import Organization, Person
from events.vocabulary import OrganizationKind

# 统一社会信用代码: 18 characters from digits and upper-case letters without I, O, S, V, Z, with a check digit.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9\- ]{5,20}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DirectoryError(DomainError):
    """Refusals about organizations and people."""


def credit_code_check_digit(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def valid_credit_code(code: str) -> bool:
    """Whether ``code`` is a well-formed unified social credit code (GB 32100-2015), check digit included."""
    if len(code) != 18 or any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        return False
    return credit_code_check_digit(code[:17]) == code[17]


def normalise_credit_code(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    cleaned = code.strip().upper()
    if not valid_credit_code(cleaned):
        raise DirectoryError(
            "invalid_credit_code",
            f"{code!r} is not a valid unified social credit code (18 characters with a check digit)",
            field="credit_code",
        )
    return cleaned


def check_phone(phone: str) -> str:
    phone = phone.strip()
    if phone and not PHONE_PATTERN.match(phone):
        raise DirectoryError("invalid_phone", f"{phone!r} is not a phone number", field="phone")
    return phone


def check_email(email: str) -> str:
    email = email.strip()
    if email and not EMAIL_PATTERN.match(email):
        raise DirectoryError("invalid_email", f"{email!r} is not an e-mail address", field="email")
    return email


async def create_organization(
    *,
    name: str,
    kind: OrganizationKind,
    name_en: str = "",
    credit_code: str | None = None,
    district: str = "",
    address: str = "",
    website: str = "",
    description: str = "",
) -> Organization:
    if not name.strip():
        raise DirectoryError("missing_name", "an organization needs a name", field="name")
    code = normalise_credit_code(credit_code)
    if code and await Organization.exists().where(Organization.credit_code == code):
        raise DirectoryError(
            "credit_code_taken",
            f"an organization with credit code {code} already exists",
            kind=ErrorKind.CONFLICT,
            field="credit_code",
        )
    organization = Organization(
        name=name.strip(),
        kind=kind.value,
        name_en=name_en.strip(),
        credit_code=code,
        district=district.strip(),
        address=address.strip(),
        website=website.strip(),
        description=description,
    )
    await organization.save()
    return organization


async def find_or_create_organization(*, name: str, kind: OrganizationKind, **fields: str) -> Organization:
    """The organization with this credit code (or, without one, this exact name and kind), created if new."""
    code = normalise_credit_code(fields.get("credit_code"))
    query = Organization.objects()
    if code:
        query = query.where(Organization.credit_code == code)
    else:
        query = query.where((Organization.name == name.strip()) & (Organization.kind == kind.value))
    existing = await query.first()
    if existing is not None:
        return existing
    return await create_organization(name=name, kind=kind, **fields)


async def get_organization(*, organization_id: int) -> Organization:
    organization = await Organization.objects().where(Organization.id == organization_id).first()
    if organization is None:
        raise NotFoundError("unknown_organization", f"no organization with id {organization_id}")
    return organization


async def list_organizations(
    *, page: PageRequest, kind: OrganizationKind | None = None, district: str | None = None, q: str | None = None
) -> Page[Organization]:
    query = Organization.objects().order_by(Organization.id)
    count = Organization.count()
    conditions: list[Combinable] = []
    if kind is not None:
        conditions.append(Organization.kind == kind.value)
    if district:
        conditions.append(Organization.district == district)
    if q:
        conditions.append(contains_text(Organization.name, q) | contains_text(Organization.name_en, q))
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    items = await query.limit(page.limit).offset(page.offset)
    return Page(items=list(items), total=await count, limit=page.limit, offset=page.offset)


async def create_person(
    *, name: str, organization_id: int | None = None, title: str = "", phone: str = "", email: str = ""
) -> Person:
    if not name.strip():
        raise DirectoryError("missing_name", "a person needs a name", field="name")
    person = Person(
        name=name.strip(),
        organization=organization_id,
        title=title.strip(),
        phone=check_phone(phone),
        email=check_email(email),
    )
    await person.save()
    return person


async def get_person(*, person_id: int) -> Person:
    person = await Person.objects().where(Person.id == person_id).first()
    if person is None:
        raise NotFoundError("unknown_person", f"no person with id {person_id}")
    return person
