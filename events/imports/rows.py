"""Checking the rows of a list and writing them, all or none.

:func:`run_import` first checks every row on its own (required values, vocabulary, amounts, dates, credit codes,
phones); if any row has a problem, nothing is written and every problem is reported with its row, its column
and what is wrong. Otherwise the rows are written in one transaction, where rows may still be refused by the
database's state (an unknown organization, a person already registered): one such problem rolls everything
back. A dry run does the same and always rolls back, so what it reports is exactly what the import would do.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from events import catalogue, directory
from events.database import write_transaction
from events.errors import DomainError, NotFoundError
from events.i18n import N_
from events.i18n import gettext as _
from events.imports.columns import Column, column_for, columns_of
from events.imports.reading import RawRow, RawTable, read_table
from events.money import to_fen
from events.registration import RegistrationInput, create_registration
from events.tables import (
    Achievement,
    Demand,
    Event,
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
    parse,
)

L = TypeVar("L", bound=Labelled)
LIST_SPLIT = re.compile(r"[、,，;；/|\n]+")
DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
TRUE = {"是", "yes", "y", "true", "1", "公开", "x", "√"}
FALSE = {"否", "no", "n", "false", "0", "不公开"}


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # as the person sees it: spreadsheet row (header = 1) or JSON Lines line
    column: str  # the header as written in the file
    code: str
    message: str


@dataclass(slots=True)
class ImportReport:
    kind: ImportKind
    filename: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    existing: int = 0
    new_organizations: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = True
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "filename": self.filename,
            "rows": self.rows,
            "created": self.created,
            "existing": self.existing,
            "new_organizations": self.new_organizations,
            "ignored_columns": self.ignored_columns,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "problems": [
                {"row": p.row, "column": p.column, "code": p.code, "message": p.message} for p in self.problems
            ],
        }


class _Rollback(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Leave the import transaction without keeping anything."""


# -- reading one row ---------------------------------------------------------------------------------------------


class RowReader:
    """The typed values of one row, with its problems."""

    def __init__(self, raw: RawRow, headers: dict[str, str], kind: ImportKind) -> None:
        self.raw = raw
        self.headers = headers  # column key → header as written
        self.kind = kind
        self.problems: list[Problem] = []

    def header(self, key: str) -> str:
        if key in self.headers:
            return self.headers[key]
        return next((c.header for c in columns_of(self.kind) if c.key == key), key)

    def problem(self, key: str, code: str, message: str) -> None:
        if not any(p.column == self.header(key) for p in self.problems):
            self.problems.append(Problem(self.raw.number, self.header(key), code, message))

    def value(self, key: str) -> Any:
        header = self.headers.get(key)
        return self.raw.values.get(header) if header is not None else None

    def text(self, key: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.value(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problem(key, "required", _("A value is required."))
        elif len(text) > max_length:
            self.problem(key, "too_long", _("At most %(n)d characters.", n=max_length))
        return text

    def enum(self, key: str, enum: type[L], *, required: bool = False, default: L | None = None) -> L | None:
        text = self.text(key, required=required)
        if not text:
            return default
        try:
            return parse(enum, text)
        except ValueError:
            allowed = "、".join(m.zh for m in enum)
            self.problem(key, "unknown_value", _("'%(value)s' is not one of: %(allowed)s", value=text, allowed=allowed))
            return None

    def enums(self, key: str, enum: type[L], *, required: bool = False) -> tuple[L, ...]:
        text = self.text(key, required=required, max_length=2000)
        out: list[L] = []
        for piece in LIST_SPLIT.split(text):
            if not piece.strip():
                continue
            try:
                member = parse(enum, piece)
            except ValueError:
                allowed = "、".join(m.zh for m in enum)
                self.problem(
                    key, "unknown_value", _("'%(value)s' is not one of: %(allowed)s", value=piece, allowed=allowed)
                )
                continue
            if member not in out:
                out.append(member)
        return tuple(out)

    def items(self, key: str, *, max_items: int = 20, max_length: int = 50) -> tuple[str, ...]:
        text = self.text(key, max_length=5000)
        pieces = tuple(dict.fromkeys(p.strip() for p in LIST_SPLIT.split(text) if p.strip()))
        if len(pieces) > max_items or any(len(p) > max_length for p in pieces):
            self.problem(
                key, "too_many_items", _("At most %(n)d items of %(m)d characters.", n=max_items, m=max_length)
            )
        return pieces

    def amount(self, key: str) -> Decimal | None:
        value = self.value(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.problem(key, "invalid_amount", _("'%(value)s' is not an amount in yuan.", value=value))
            return None
        text = str(value).replace(",", "").replace("，", "").replace("¥", "").replace("元", "").strip()
        try:
            amount = Decimal(text)
            to_fen(amount, field=key)
        except (InvalidOperation, DomainError):
            self.problem(key, "invalid_amount", _("'%(value)s' is not an amount in yuan.", value=value))
            return None
        return amount

    def day(self, key: str) -> date | None:
        value = self.value(key)
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    return date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    break
        self.problem(key, "invalid_date", _("'%(value)s' is not a date like 2026-12-03.", value=text))
        return None

    def flag(self, key: str, *, default: bool) -> bool:
        text = self.text(key).casefold()
        if not text:
            return default
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        self.problem(key, "invalid_flag", _("'%(value)s' is not yes or no (是/否).", value=text))
        return default

    def checked(self, key: str, check: Callable[[str], Any], text: str) -> Any:
        try:
            return check(text)
        except DomainError as exc:
            self.problem(key, exc.code, _(MESSAGES.get(exc.code, exc.message)))
            return None

    def credit_code(self, key: str = "credit_code") -> str | None:
        text = self.text(key, max_length=40)
        return self.checked(key, directory.normalise_credit_code, text) if text else None

    def phone(self, key: str, *, required: bool = False) -> str:
        text = self.text(key, required=required, max_length=40)
        return str(self.checked(key, directory.check_phone, text) or "") if text else ""

    def email(self, key: str) -> str:
        text = self.text(key, max_length=255)
        return str(self.checked(key, directory.check_email, text) or "") if text else ""


MESSAGES = {
    "invalid_credit_code": N_("Not a valid unified social credit code: 18 characters with a correct check digit."),
    "invalid_phone": N_("Not a phone number."),
    "invalid_email": N_("Not an e-mail address."),
}


# -- what each kind needs ------------------------------------------------------------------------------------------


Record = dict[str, Any]


def _organization_record(r: RowReader) -> Record:
    return {
        "name": r.text("name", required=True),
        "kind": r.enum("kind", OrganizationKind, required=True),
        "credit_code": r.credit_code(),
        "district": r.text("district", max_length=50),
        "name_en": r.text("name_en"),
        "address": r.text("address", max_length=255),
        "website": r.text("website", max_length=255),
        "description": r.text("description", max_length=20000),
    }


def _person_record(r: RowReader) -> Record:
    record = {
        "name": r.text("name", required=True, max_length=100),
        "organization": r.text("organization"),
        "credit_code": r.credit_code(),
        "title": r.text("title", max_length=100),
        "phone": r.phone("phone"),
        "email": r.email("email"),
    }
    if not record["phone"] and not record["email"] and not r.problems:
        r.problem("phone", "no_contact", _("A phone number or an e-mail address is required."))
    return record


def _range(r: RowReader, low_key: str, high_key: str) -> tuple[Decimal | None, Decimal | None]:
    low, high = r.amount(low_key), r.amount(high_key)
    if low is not None and high is not None and high < low:
        r.problem(high_key, "invalid_range", _("The upper amount is below the lower one."))
    return low, high


def _achievement_record(r: RowReader) -> Record:
    low, high = _range(r, "price_low", "price_high")
    return {
        "title": r.text("title", required=True),
        "organization": r.text("organization", required=True),
        "credit_code": r.credit_code(),
        "organization_kind": r.enum("organization_kind", OrganizationKind, default=OrganizationKind.UNIVERSITY),
        "fields": r.enums("fields", Field, required=True),
        "maturity": r.enum("maturity", Maturity, required=True),
        "summary": r.text("summary", max_length=20000),
        "title_en": r.text("title_en"),
        "keywords": r.items("keywords"),
        "ip_type": r.enum("ip_type", IPType),
        "patent_numbers": r.items("patent_numbers", max_items=50, max_length=40),
        "transfer_modes": r.enums("transfer_modes", TransferMode),
        "price_low": low,
        "price_high": high,
        "price_note": r.text("price_note", max_length=100),
        "evaluator": r.text("evaluator"),
        "evaluated_value": r.amount("evaluated_value"),
        "evaluated_on": r.day("evaluated_on"),
        "team": r.text("team"),
        "contact": r.text("contact", max_length=100),
        "contact_phone": r.phone("contact_phone"),
        "published": r.flag("published", default=True),
    }


def _demand_record(r: RowReader) -> Record:
    low, high = _range(r, "budget_low", "budget_high")
    return {
        "title": r.text("title", required=True),
        "organization": r.text("organization", required=True),
        "credit_code": r.credit_code(),
        "district": r.text("district", max_length=50),
        "fields": r.enums("fields", Field, required=True),
        "summary": r.text("summary", max_length=20000),
        "title_en": r.text("title_en"),
        "keywords": r.items("keywords"),
        "transfer_modes": r.enums("transfer_modes", TransferMode),
        "budget_low": low,
        "budget_high": high,
        "wanted_by": r.day("wanted_by"),
        "contact": r.text("contact", max_length=100),
        "contact_phone": r.phone("contact_phone"),
        "published": r.flag("published", default=True),
    }


ORGANIZATION_ROLES = {
    RegistrationRole.ENTERPRISE: OrganizationKind.ENTERPRISE,
    RegistrationRole.TEAM: OrganizationKind.UNIVERSITY,
    RegistrationRole.INVESTOR: OrganizationKind.INVESTOR,
}


def _registration_record(r: RowReader) -> Record:
    role = r.enum("role", RegistrationRole, required=True)
    return {
        "role": role,
        "organization": r.text("organization", required=role in ORGANIZATION_ROLES),
        "credit_code": r.credit_code(),
        "district": r.text("district", max_length=50),
        "team": r.text("team", required=role is RegistrationRole.TEAM),
        "contact": r.text("contact", required=True, max_length=100),
        "title": r.text("title", max_length=100),
        "phone": r.phone("phone", required=True),
        "email": r.email("email"),
        "status": r.enum("status", RegistrationStatus, default=RegistrationStatus.PENDING),
        "note": r.text("note", max_length=2000),
    }


READERS: dict[ImportKind, Callable[[RowReader], Record]] = {
    ImportKind.ORGANIZATIONS: _organization_record,
    ImportKind.PEOPLE: _person_record,
    ImportKind.ACHIEVEMENTS: _achievement_record,
    ImportKind.DEMANDS: _demand_record,
    ImportKind.REGISTRATIONS: _registration_record,
}


# -- writing one row -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    event_id: int | None
    report: ImportReport


async def _organization(
    ctx: _Context, *, name: str, kind: OrganizationKind, credit_code: str | None, district: str = ""
) -> int:
    """The organization with this credit code, else this exact name; created when new."""
    query = Organization.select(Organization.id)
    if credit_code:
        row = await query.where(Organization.credit_code == credit_code).first()
    else:
        row = await query.where(Organization.name == name.strip()).order_by(Organization.id).first()
    if row is not None:
        return int(row["id"])
    created = await directory.create_organization(name=name, kind=kind, credit_code=credit_code, district=district)
    ctx.report.new_organizations += 1
    return created.id


async def _contact(organization_id: int, name: str, phone: str) -> int | None:
    if not name:
        return None
    row = (
        await Person.select(Person.id)
        .where((Person.name == name) & (Person.organization == organization_id) & (Person.phone == phone))
        .first()
    )
    if row is not None:
        return int(row["id"])
    return (await directory.create_person(name=name, organization_id=organization_id, phone=phone)).id


async def _write_organization(ctx: _Context, rec: Record) -> bool:
    code = rec["credit_code"]
    query = Organization.exists()
    if code:
        exists = await query.where(Organization.credit_code == code)
    else:
        exists = await query.where((Organization.name == rec["name"]) & (Organization.kind == rec["kind"].value))
    if exists:
        return False
    await directory.create_organization(
        name=rec["name"],
        kind=rec["kind"],
        credit_code=code,
        district=rec["district"],
        name_en=rec["name_en"],
        address=rec["address"],
        website=rec["website"],
        description=rec["description"],
    )
    return True


async def _write_person(ctx: _Context, rec: Record) -> bool:
    organization_id = None
    if rec["credit_code"] or rec["organization"]:
        query = Organization.select(Organization.id)
        if rec["credit_code"]:
            query = query.where(Organization.credit_code == rec["credit_code"])
        else:
            query = query.where(Organization.name == rec["organization"])
        row = await query.first()
        if row is None:
            raise NotFoundError(
                "unknown_organization",
                _("No organization named %(name)s: import the organizations first.", name=rec["organization"]),
                field="organization",
            )
        organization_id = int(row["id"])
    same = Person.exists().where((Person.name == rec["name"]) & (Person.organization == organization_id))
    by = (Person.phone == rec["phone"]) if rec["phone"] else (Person.email == rec["email"])
    if await same.where(by):
        return False
    await directory.create_person(
        name=rec["name"], organization_id=organization_id, title=rec["title"], phone=rec["phone"], email=rec["email"]
    )
    return True


async def _write_achievement(ctx: _Context, rec: Record) -> bool:
    organization_id = await _organization(
        ctx, name=rec["organization"], kind=rec["organization_kind"], credit_code=rec["credit_code"]
    )
    existing = (
        await Achievement.select(Achievement.id)
        .where((Achievement.title == rec["title"]) & (Achievement.organization == organization_id))
        .first()
    )
    if existing is not None:
        item_id, created = int(existing["id"]), False
    else:
        item = await catalogue.create_achievement(
            data=catalogue.AchievementInput(
                title=rec["title"],
                organization_id=organization_id,
                fields=rec["fields"],
                maturity=rec["maturity"],
                summary=rec["summary"],
                title_en=rec["title_en"],
                keywords=rec["keywords"],
                ip_type=rec["ip_type"],
                patent_numbers=rec["patent_numbers"],
                transfer_modes=rec["transfer_modes"],
                price_low=rec["price_low"],
                price_high=rec["price_high"],
                price_note=rec["price_note"],
                evaluator=rec["evaluator"],
                evaluated_value=rec["evaluated_value"],
                evaluated_on=rec["evaluated_on"],
                team_name=rec["team"],
                contact_id=await _contact(organization_id, rec["contact"], rec["contact_phone"]),
                published=rec["published"],
            ),
            embed=False,
        )
        item_id, created = item.id, True
    if ctx.event_id is not None:
        registration = await _registration_of(ctx.event_id, organization_id, rec["team"])
        await catalogue.present_achievement(event_id=ctx.event_id, achievement_id=item_id, registration_id=registration)
    return created


async def _write_demand(ctx: _Context, rec: Record) -> bool:
    organization_id = await _organization(
        ctx,
        name=rec["organization"],
        kind=OrganizationKind.ENTERPRISE,
        credit_code=rec["credit_code"],
        district=rec["district"],
    )
    existing = (
        await Demand.select(Demand.id)
        .where((Demand.title == rec["title"]) & (Demand.organization == organization_id))
        .first()
    )
    if existing is not None:
        item_id, created = int(existing["id"]), False
    else:
        item = await catalogue.create_demand(
            data=catalogue.DemandInput(
                title=rec["title"],
                organization_id=organization_id,
                fields=rec["fields"],
                summary=rec["summary"],
                title_en=rec["title_en"],
                keywords=rec["keywords"],
                transfer_modes=rec["transfer_modes"],
                budget_low=rec["budget_low"],
                budget_high=rec["budget_high"],
                wanted_by=rec["wanted_by"],
                contact_id=await _contact(organization_id, rec["contact"], rec["contact_phone"]),
                published=rec["published"],
            ),
            embed=False,
        )
        item_id, created = item.id, True
    if ctx.event_id is not None:
        registration = await _registration_of(ctx.event_id, organization_id, "")
        await catalogue.bring_demand(event_id=ctx.event_id, demand_id=item_id, registration_id=registration)
    return created


async def _registration_of(event_id: int, organization_id: int, team: str) -> int | None:
    query = Registration.select(Registration.id).where(
        (Registration.event == event_id) & (Registration.organization == organization_id)
    )
    if team:
        named = await query.where(Registration.team_name == team).first()
        if named is not None:
            return int(named["id"])
    row = await query.order_by(Registration.id).first()
    return int(row["id"]) if row else None


async def _write_registration(ctx: _Context, rec: Record) -> bool:
    assert ctx.event_id is not None
    role: RegistrationRole = rec["role"]
    people = Person.select(Person.id).where(Person.phone == rec["phone"])
    if await Registration.exists().where((Registration.event == ctx.event_id) & Registration.person.is_in(people)):
        return False
    organization_id = None
    if rec["organization"]:
        kind = ORGANIZATION_ROLES.get(role, OrganizationKind.OTHER)
        organization_id = await _organization(
            ctx, name=rec["organization"], kind=kind, credit_code=rec["credit_code"], district=rec["district"]
        )
    person = await directory.create_person(
        name=rec["contact"], organization_id=organization_id, title=rec["title"], phone=rec["phone"], email=rec["email"]
    )
    await create_registration(
        event_id=ctx.event_id,
        data=RegistrationInput(
            role=role,
            organization_id=organization_id,
            person_id=person.id,
            team_name=rec["team"],
            status=rec["status"],
            note=rec["note"],
        ),
    )
    return True


WRITERS: dict[ImportKind, Callable[[_Context, Record], Awaitable[bool]]] = {
    ImportKind.ORGANIZATIONS: _write_organization,
    ImportKind.PEOPLE: _write_person,
    ImportKind.ACHIEVEMENTS: _write_achievement,
    ImportKind.DEMANDS: _write_demand,
    ImportKind.REGISTRATIONS: _write_registration,
}

FIELD_COLUMNS = {"organization_id": "organization", "name": "name", "credit_code": "credit_code", "phone": "phone"}


# -- the whole file --------------------------------------------------------------------------------------------------


def _header_map(kind: ImportKind, headers: Sequence[str], row: int, report: ImportReport) -> dict[str, str]:
    """Column key → header as written, for one header row (or one JSON Lines object's keys)."""
    mapped: dict[str, str] = {}
    for header in headers:
        if not header.strip():
            continue
        column = column_for(kind, header)
        if column is None:
            if header not in report.ignored_columns:
                report.ignored_columns.append(header)
        elif column.key in mapped:
            report.problems.append(
                Problem(row, header, "duplicate_column", _("Two columns mean %(name)s.", name=column.header))
            )
        else:
            mapped[column.key] = header
    return mapped


def check_rows(kind: ImportKind, table: RawTable, report: ImportReport) -> list[tuple[RawRow, Record, dict[str, str]]]:
    """Every row read and checked on its own; problems go to ``report``."""
    per_row = table.format == ".jsonl"  # each JSON object names its own keys
    headers = {} if per_row else _header_map(kind, table.headers, 1, report)
    if not per_row:
        for column in columns_of(kind):
            if column.required and column.key not in headers:
                report.problems.append(
                    Problem(
                        1, column.header, "missing_column", _("The column %(name)s is missing.", name=column.header)
                    )
                )
    if report.problems:
        return []
    if not table.rows:
        report.problems.append(Problem(1, "-", "no_rows", _("The file has no rows to import.")))
        return []
    read = READERS[kind]
    records: list[tuple[RawRow, Record, dict[str, str]]] = []
    for raw in table.rows:
        row_headers = _header_map(kind, list(raw.values), raw.number, report) if per_row else headers
        reader = RowReader(raw, row_headers, kind)
        record = read(reader)
        report.problems.extend(reader.problems)
        records.append((raw, record, row_headers))
    return records


def _problem_of(kind: ImportKind, headers: dict[str, str], raw: RawRow, exc: DomainError) -> Problem:
    key = FIELD_COLUMNS.get(exc.field or "", exc.field or "")
    column: Column | None = next((c for c in columns_of(kind) if c.key == key), None)
    header = headers.get(key) or (column.header if column else "-")
    return Problem(raw.number, header, exc.code, exc.message)


async def run_import(
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
    max_bytes: int,
    event_id: int | None = None,
    dry_run: bool = True,
) -> ImportReport:
    """Check (and unless ``dry_run``, write) a whole list: every row or none."""
    report = ImportReport(kind=kind, filename=filename, dry_run=dry_run)
    table = read_table(filename, content, max_bytes=max_bytes)
    report.rows = len(table.rows)
    if kind is ImportKind.REGISTRATIONS and event_id is None:
        raise DomainError("event_required", "registrations are imported into a fair: name it (--event SLUG)")
    if event_id is not None and not await Event.exists().where(Event.id == event_id):
        raise NotFoundError("unknown_event", f"no fair with id {event_id}")
    records = check_rows(kind, table, report)
    if report.problems:
        return report
    ctx = _Context(event_id=event_id, report=report)
    write = WRITERS[kind]
    try:
        async with write_transaction():
            for raw, record, headers in records:
                try:
                    created = await write(ctx, record)
                except DomainError as exc:
                    report.problems.append(_problem_of(kind, headers, raw, exc))
                    continue
                if created:
                    report.created += 1
                else:
                    report.existing += 1
            if report.problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    report.committed = not report.problems and not dry_run
    if report.problems:
        report.created = report.existing = report.new_organizations = 0
    return report


async def event_id_for_slug(slug: str) -> int:
    row = await Event.select(Event.id).where(Event.slug == slug).first()
    if row is None:
        raise NotFoundError("unknown_event", f"no fair with slug {slug!r}")
    return int(row["id"])
