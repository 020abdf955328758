"""Exporting the importable lists to Excel, with the headers the importer reads, so a file round-trips.

Vocabulary values are written as their Chinese labels, lists joined with 、, amounts in yuan, dates as dates.
``event_id`` limits achievements and demands to those of a fair, and names the fair of registrations.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from events.errors import DomainError
from events.imports.columns import columns_of
from events.money import from_fen
from events.tables import (
    Achievement,
    Demand,
    EventAchievement,
    EventDemand,
    Organization,
    Person,
    Registration,
)
from events.vocabulary import (
    Field,
    ImportKind,
    IPType,
    Labelled,
    Maturity,
    OrganizationKind,
    RegistrationRole,
    RegistrationStatus,
    TransferMode,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _label(enum: type[Labelled], value: str | None) -> str:
    if not value:
        return ""
    try:
        return enum(value).zh
    except ValueError:
        return value


def _labels(enum: type[Labelled], values: Iterable[str] | None) -> str:
    return "、".join(_label(enum, v) for v in values or ())


def _join(values: Iterable[str] | None) -> str:
    return "、".join(values or ())


def _yes(value: bool) -> str:
    return "是" if value else "否"


async def _organizations() -> list[dict[str, Any]]:
    rows = await Organization.select().order_by(Organization.id)
    return [{**r, "kind": _label(OrganizationKind, r["kind"]), "credit_code": r["credit_code"] or ""} for r in rows]


async def _people() -> list[dict[str, Any]]:
    rows = await Person.select(
        *Person.all_columns(),
        Person.organization.name.as_alias("org"),
        Person.organization.credit_code.as_alias("code"),
    ).order_by(Person.id)
    return [{**r, "organization": r["org"] or "", "credit_code": r["code"] or ""} for r in rows]


def _contact(row: dict[str, Any]) -> dict[str, Any]:
    return {"contact": row.get("contact_name") or "", "contact_phone": row.get("contact_phone") or ""}


async def _achievements(event_id: int | None) -> list[dict[str, Any]]:
    query = Achievement.select(
        *Achievement.all_columns(exclude=[Achievement.search_vector, Achievement.search_terms]),
        Achievement.organization.name.as_alias("org"),
        Achievement.organization.credit_code.as_alias("code"),
        Achievement.organization.kind.as_alias("org_kind"),
        Achievement.contact.name.as_alias("contact_name"),
        Achievement.contact.phone.as_alias("contact_phone"),
    ).order_by(Achievement.id)
    if event_id is not None:
        query = query.where(
            Achievement.id.is_in(
                EventAchievement.select(EventAchievement.achievement).where(EventAchievement.event == event_id)
            )
        )
    out = []
    for r in await query:
        out.append(
            {
                **r,
                **_contact(r),
                "organization": r["org"],
                "credit_code": r["code"] or "",
                "organization_kind": _label(OrganizationKind, r["org_kind"]),
                "fields": _labels(Field, r["fields"]),
                "maturity": _label(Maturity, r["maturity"]),
                "keywords": _join(r["keywords"]),
                "ip_type": _label(IPType, r["ip_type"]),
                "patent_numbers": _join(r["patent_numbers"]),
                "transfer_modes": _labels(TransferMode, r["transfer_modes"]),
                "price_low": from_fen(r["price_low_fen"]),
                "price_high": from_fen(r["price_high_fen"]),
                "evaluated_value": from_fen(r["evaluated_value_fen"]),
                "team": r["team_name"],
                "published": _yes(r["published"]),
            }
        )
    return out


async def _demands(event_id: int | None) -> list[dict[str, Any]]:
    query = Demand.select(
        *Demand.all_columns(exclude=[Demand.search_vector, Demand.search_terms]),
        Demand.organization.name.as_alias("org"),
        Demand.organization.credit_code.as_alias("code"),
        Demand.organization.district.as_alias("org_district"),
        Demand.contact.name.as_alias("contact_name"),
        Demand.contact.phone.as_alias("contact_phone"),
    ).order_by(Demand.id)
    if event_id is not None:
        query = query.where(
            Demand.id.is_in(EventDemand.select(EventDemand.demand).where(EventDemand.event == event_id))
        )
    out = []
    for r in await query:
        out.append(
            {
                **r,
                **_contact(r),
                "organization": r["org"],
                "credit_code": r["code"] or "",
                "district": r["org_district"] or "",
                "fields": _labels(Field, r["fields"]),
                "keywords": _join(r["keywords"]),
                "transfer_modes": _labels(TransferMode, r["transfer_modes"]),
                "budget_low": from_fen(r["budget_low_fen"]),
                "budget_high": from_fen(r["budget_high_fen"]),
                "published": _yes(r["published"]),
            }
        )
    return out


async def _registrations(event_id: int | None) -> list[dict[str, Any]]:
    if event_id is None:
        raise DomainError("event_required", "registrations are exported per fair: name it")
    rows = (
        await Registration.select(
            *Registration.all_columns(),
            Registration.organization.name.as_alias("org"),
            Registration.organization.credit_code.as_alias("code"),
            Registration.organization.district.as_alias("org_district"),
            Registration.person.name.as_alias("contact"),
            Registration.person.title.as_alias("person_title"),
            Registration.person.phone.as_alias("phone"),
            Registration.person.email.as_alias("email"),
        )
        .where(Registration.event == event_id)
        .order_by(Registration.id)
    )
    return [
        {
            **r,
            "role": _label(RegistrationRole, r["role"]),
            "organization": r["org"] or "",
            "credit_code": r["code"] or "",
            "district": r["org_district"] or "",
            "team": r["team_name"],
            "title": r["person_title"] or "",
            "status": _label(RegistrationStatus, r["status"]),
        }
        for r in rows
    ]


ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: Any) -> Any:
    """Whole yuan as numbers; amounts with fen as exact text (a float could round them)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be stored in a workbook
    if isinstance(value, (int, date)):
        return value
    return str(value)


def workbook_bytes(kind: ImportKind, rows: Sequence[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = columns_of(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.zh
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row.get(c.key)) for c in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, 2 * len(column.header))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def export_list(*, kind: ImportKind, event_id: int | None = None) -> bytes:
    """The list as an .xlsx file."""
    if kind is ImportKind.ORGANIZATIONS:
        rows = await _organizations()
    elif kind is ImportKind.PEOPLE:
        rows = await _people()
    elif kind is ImportKind.ACHIEVEMENTS:
        rows = await _achievements(event_id)
    elif kind is ImportKind.DEMANDS:
        rows = await _demands(event_id)
    else:
        rows = await _registrations(event_id)
    return workbook_bytes(kind, rows)
