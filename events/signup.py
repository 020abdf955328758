"""Public sign-up for a fair: the registration window, the capacity per role, and the role-specific form.

- A fair takes sign-ups while it is *open* (报名中) and inside its registration window (``registration_opens_at``
  ≤ now < ``registration_closes_at``, either end optional): registration closes by itself at the window's end.
- Each role answers what the organizer needs: enterprises their company, unified social credit code, district,
  contact and technology demands; research teams their university, lab, lead, the achievements they present
  and their table needs; investors their institution and focus; guests who they are.
- Every problem of a form is reported at once, by form field (``demands-0-title``), in the visitor's language
  (:class:`events.errors.ValidationError` with ``details['errors']``).
- A role whose capacity is reached (approved and pending sign-ups) puts newcomers on the waiting list.
- The participant's personal link (``/p/{portal_token}``) is returned; organizers then approve, wait-list or
  reject (:func:`events.registration.decide`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from events import catalogue, directory
from events.clock import utc_now
from events.database import current_engine, is_postgres, write_transaction
from events.errors import DomainError, ErrorKind, ValidationError
from events.fairs import get_fair
from events.i18n import N_
from events.i18n import gettext as _
from events.money import to_fen
from events.registration import RegistrationError, RegistrationInput, create_registration
from events.tables import Event, Person, Registration, Slot
from events.vocabulary import (
    EventStatus,
    Field,
    IPType,
    Maturity,
    OrganizationKind,
    RegistrationRole,
    RegistrationStatus,
    TransferMode,
)

MAX_ITEMS = 5
"""At most this many demands (enterprises) or achievements (teams) in one sign-up."""
LIVE_STATUSES = (RegistrationStatus.PENDING.value, RegistrationStatus.APPROVED.value)
PATENT_SPLIT = re.compile(r"[,，;；、\s]+")
E = TypeVar("E", bound=StrEnum)


class WindowState(StrEnum):
    NOT_OPEN = "not_open"  # the fair is not taking sign-ups yet (draft, or before the window opens)
    OPEN = "open"
    CLOSED = "closed"  # after the window, or the fair moved on


@dataclass(frozen=True, slots=True)
class Window:
    state: WindowState
    opens_at: datetime | None
    closes_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.state is WindowState.OPEN


def registration_window(event: Event, *, now: datetime | None = None) -> Window:
    """Whether the fair takes sign-ups now."""
    moment = now or utc_now()
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if event.status == EventStatus.DRAFT.value or (
        event.status == EventStatus.OPEN.value and opens is not None and moment < opens
    ):
        state = WindowState.NOT_OPEN
    elif event.status != EventStatus.OPEN.value or (closes is not None and moment >= closes):
        state = WindowState.CLOSED
    else:
        state = WindowState.OPEN
    return Window(state=state, opens_at=opens, closes_at=closes)


def check_window(event: Event, *, now: datetime | None = None) -> None:
    window = registration_window(event, now=now)
    if window.state is WindowState.NOT_OPEN:
        raise RegistrationError(
            "registration_not_open", _("Registration for this fair has not opened yet."), kind=ErrorKind.CONFLICT
        )
    if window.state is WindowState.CLOSED:
        raise RegistrationError("registration_closed", _("Registration for this fair is closed."), kind=ErrorKind.GONE)


# -- the organizer's settings --------------------------------------------------------------------------------------


async def update_registration_settings(
    *, event_id: int, opens_at: datetime | None, closes_at: datetime | None, capacities: dict[str, int | None]
) -> Event:
    """Set the registration window and the capacity per role (``None``: unlimited)."""
    event = await get_fair(event_id=event_id)
    errors: list[dict[str, Any]] = []
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        errors.append(_error("registration_closes_at", "window_closes_before_open", _("Closes before it opens.")))
    cleaned: dict[str, int] = {}
    for role, capacity in capacities.items():
        if role not in RegistrationRole._value2member_map_:
            errors.append(_error("capacities", "unknown_role", _("Unknown role: %(role)s", role=role)))
        elif capacity is not None:
            if capacity < 0 or capacity > 100_000:
                errors.append(
                    _error(f"capacity-{role}", "invalid_capacity", _("A capacity is a number from 0 to 100000."))
                )
            else:
                cleaned[role] = capacity
    if errors:
        raise ValidationError("the registration settings have problems", errors)
    await Event.update(
        {Event.registration_opens_at: opens_at, Event.registration_closes_at: closes_at, Event.capacities: cleaned}
    ).where(Event.id == event_id)
    event.registration_opens_at, event.registration_closes_at, event.capacities = opens_at, closes_at, cleaned
    return event


def capacities_of(event: Event) -> dict[str, int]:
    raw = event.capacities
    if isinstance(raw, str):
        raw = json.loads(raw or "{}")
    return {str(k): int(v) for k, v in (raw or {}).items()}


async def places_taken(*, event_id: int) -> dict[str, int]:
    """Approved and pending sign-ups per role (what counts against a capacity)."""
    rows = await Registration.select(Registration.role).where(
        (Registration.event == event_id) & Registration.status.is_in(list(LIVE_STATUSES))
    )
    taken: dict[str, int] = {}
    for row in rows:
        taken[row["role"]] = taken.get(row["role"], 0) + 1
    return taken


# -- the form -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemandDraft:
    """One technology demand as typed into the form (amounts in yuan, as text)."""

    title: str = ""
    field: str = ""
    summary: str = ""
    budget_low: str = ""
    budget_high: str = ""
    transfer_modes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any((self.title.strip(), self.summary.strip(), self.budget_low.strip(), self.budget_high.strip()))


@dataclass(frozen=True, slots=True)
class AchievementDraft:
    """One achievement a team presents, as typed into the form."""

    title: str = ""
    field: str = ""
    maturity: str = ""
    summary: str = ""
    ip_type: str = ""
    patent_numbers: str = ""
    price_low: str = ""
    price_high: str = ""
    transfer_modes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any((self.title.strip(), self.summary.strip(), self.patent_numbers.strip()))


@dataclass(frozen=True, slots=True)
class SignUp:
    """What a visitor sends; every value as text, as a form sends it. Field names are the form's names."""

    role: str
    organization: str = ""
    institution_kind: str = ""  # teams: university or institute
    credit_code: str = ""
    district: str = ""
    team_name: str = ""
    contact_name: str = ""
    contact_title: str = ""
    phone: str = ""
    email: str = ""
    demands: tuple[DemandDraft, ...] = ()
    achievements: tuple[AchievementDraft, ...] = ()
    available_slots: tuple[str, ...] | None = None  # slot codes; None: available all along
    table_seats: str = ""
    table_power: bool = False
    table_display: bool = False
    focus_fields: tuple[str, ...] = ()
    ticket_size: str = ""
    purpose: str = ""
    note: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class SignUpResult:
    registration: Registration
    waitlisted: bool
    demand_ids: list[int] = field(default_factory=list)
    achievement_ids: list[int] = field(default_factory=list)


def _error(field_name: str, code: str, message: str) -> dict[str, Any]:
    return {"field": field_name, "code": code, "message": message}


class _Form:
    """Collects the problems of a form while reading its values."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def add(self, field_name: str, code: str, message: str) -> None:
        if not any(e["field"] == field_name for e in self.errors):
            self.errors.append(_error(field_name, code, message))

    def text(self, field_name: str, value: str, *, required: bool = False, max_length: int = 200) -> str:
        cleaned = value.strip()
        if required and not cleaned:
            self.add(field_name, "required", _("Please fill this in."))
        elif len(cleaned) > max_length:
            self.add(field_name, "too_long", _("At most %(n)d characters.", n=max_length))
        return cleaned

    def choice(self, field_name: str, enum: type[E], value: str, *, required: bool = True) -> E | None:
        if not value.strip():
            if required:
                self.add(field_name, "required", _("Please choose one."))
            return None
        try:
            return enum(value.strip())
        except ValueError:
            self.add(field_name, "invalid_choice", _("Please choose one of the offered values."))
            return None

    def choices(self, field_name: str, enum: type[E], values: tuple[str, ...]) -> tuple[E, ...]:
        out: list[E] = []
        for value in values:
            member = self.choice(field_name, enum, value, required=False)
            if member is not None and member not in out:
                out.append(member)
        return tuple(out)

    def amount(self, field_name: str, value: str) -> Decimal | None:
        cleaned = value.replace(",", "").replace("，", "").strip()
        if not cleaned:
            return None
        try:
            amount = Decimal(cleaned)
            to_fen(amount, field=field_name)
        except (InvalidOperation, DomainError):
            self.add(field_name, "invalid_amount", _("An amount in yuan, e.g. 500000."))
            return None
        return amount

    def check(self, field_name: str, action: Callable[[], Any]) -> Any:
        """Run a domain check and file its refusal under ``field_name``."""
        try:
            return action()
        except DomainError as exc:
            self.add(field_name, exc.code, _(MESSAGES.get(exc.code, exc.message)))
            return None


MESSAGES: dict[str, str] = {
    "invalid_credit_code": N_("Not a valid unified social credit code: 18 characters with a correct check digit."),
    "invalid_phone": N_("Not a phone number."),
    "invalid_email": N_("Not an e-mail address."),
    "invalid_range": N_("The upper amount is below the lower one."),
}


def _demand_input(form: _Form, index: int, draft: DemandDraft, organization_id: int) -> catalogue.DemandInput | None:
    prefix = f"demands-{index}-"
    title = form.text(prefix + "title", draft.title, required=True)
    field_value = form.choice(prefix + "field", Field, draft.field)
    summary = form.text(prefix + "summary", draft.summary, max_length=4000)
    low = form.amount(prefix + "budget_low", draft.budget_low)
    high = form.amount(prefix + "budget_high", draft.budget_high)
    if low is not None and high is not None and high < low:
        form.add(prefix + "budget_high", "invalid_range", _(MESSAGES["invalid_range"]))
    modes = form.choices(prefix + "transfer_modes", TransferMode, draft.transfer_modes)
    if not title or field_value is None:
        return None
    return catalogue.DemandInput(
        title=title,
        organization_id=organization_id,
        fields=(field_value,),
        summary=summary,
        budget_low=low,
        budget_high=high,
        transfer_modes=modes,
    )


def _achievement_input(
    form: _Form, index: int, draft: AchievementDraft, organization_id: int, team_name: str
) -> catalogue.AchievementInput | None:
    prefix = f"achievements-{index}-"
    title = form.text(prefix + "title", draft.title, required=True)
    field_value = form.choice(prefix + "field", Field, draft.field)
    maturity = form.choice(prefix + "maturity", Maturity, draft.maturity)
    summary = form.text(prefix + "summary", draft.summary, max_length=4000)
    ip_type = form.choice(prefix + "ip_type", IPType, draft.ip_type, required=False)
    patents = tuple(p for p in PATENT_SPLIT.split(draft.patent_numbers.strip()) if p)
    if len(patents) > 20 or any(len(p) > 40 for p in patents):
        form.add(prefix + "patent_numbers", "too_many_patents", _("At most 20 patent numbers."))
    low = form.amount(prefix + "price_low", draft.price_low)
    high = form.amount(prefix + "price_high", draft.price_high)
    if low is not None and high is not None and high < low:
        form.add(prefix + "price_high", "invalid_range", _(MESSAGES["invalid_range"]))
    modes = form.choices(prefix + "transfer_modes", TransferMode, draft.transfer_modes)
    if not title or field_value is None or maturity is None:
        return None
    return catalogue.AchievementInput(
        title=title,
        organization_id=organization_id,
        fields=(field_value,),
        maturity=maturity,
        summary=summary,
        ip_type=ip_type,
        patent_numbers=patents,
        price_low=low,
        price_high=high,
        transfer_modes=modes,
        team_name=team_name,
    )


@dataclass(frozen=True, slots=True)
class _Checked:
    role: RegistrationRole
    organization_kind: OrganizationKind | None
    organization: str
    credit_code: str | None
    district: str
    team_name: str
    contact_name: str
    contact_title: str
    phone: str
    email: str
    demands: list[DemandDraft]
    achievements: list[AchievementDraft]
    unavailable_slot_ids: tuple[int, ...]
    answers: dict[str, Any]
    note: str


ORGANIZATION_KIND = {
    RegistrationRole.ENTERPRISE: OrganizationKind.ENTERPRISE,
    RegistrationRole.INVESTOR: OrganizationKind.INVESTOR,
}


def _check_form(data: SignUp, slots: list[Slot]) -> _Checked:  # noqa: PLR0912, PLR0915 - one rule after another
    form = _Form()
    role = form.choice("role", RegistrationRole, data.role)
    needs_organization = role in (RegistrationRole.ENTERPRISE, RegistrationRole.TEAM, RegistrationRole.INVESTOR)
    organization = form.text("organization", data.organization, required=needs_organization)
    credit_code = None
    if role is RegistrationRole.ENTERPRISE:
        if not data.credit_code.strip():
            form.add("credit_code", "required", _("Please fill this in."))
        else:
            credit_code = form.check("credit_code", lambda: directory.normalise_credit_code(data.credit_code))
    district = form.text("district", data.district, required=role is RegistrationRole.ENTERPRISE, max_length=50)
    team_name = form.text("team_name", data.team_name, required=role is RegistrationRole.TEAM)
    contact_name = form.text("contact_name", data.contact_name, required=True, max_length=100)
    contact_title = form.text("contact_title", data.contact_title, max_length=100)
    if not data.phone.strip():
        form.add("phone", "required", _("Please fill this in."))
    phone = form.check("phone", lambda: directory.check_phone(data.phone)) or ""
    email = form.check("email", lambda: directory.check_email(data.email)) or ""
    note = form.text("note", data.note, max_length=2000)
    organization_kind = ORGANIZATION_KIND.get(role) if role is not None else None
    if role is RegistrationRole.TEAM:
        organization_kind = form.choice(
            "institution_kind", OrganizationKind, data.institution_kind or OrganizationKind.UNIVERSITY.value
        )
        if organization_kind not in (OrganizationKind.UNIVERSITY, OrganizationKind.INSTITUTE, None):
            form.add("institution_kind", "invalid_choice", _("Please choose one of the offered values."))
    if role is RegistrationRole.GUEST and organization:
        organization_kind = OrganizationKind.OTHER

    demands = [d for d in data.demands if not d.empty] if role is RegistrationRole.ENTERPRISE else []
    achievements = [a for a in data.achievements if not a.empty] if role is RegistrationRole.TEAM else []
    if role is RegistrationRole.ENTERPRISE and not demands:
        form.add("demands-0-title", "required", _("Describe at least one technology demand."))
    if role is RegistrationRole.TEAM and not achievements:
        form.add("achievements-0-title", "required", _("Describe at least one achievement you present."))
    if len(demands) > MAX_ITEMS or len(achievements) > MAX_ITEMS:
        form.add("demands-0-title", "too_many_items", _("At most %(n)d items.", n=MAX_ITEMS))
    # Validate each item now (with a placeholder owner) so that all problems show at once.
    for index, draft in enumerate(data.demands if role is RegistrationRole.ENTERPRISE else ()):
        if not draft.empty:
            _validated(form, _demand_input(form, index, draft, 0), catalogue.check_demand, f"demands-{index}-title")
    for index, adraft in enumerate(data.achievements if role is RegistrationRole.TEAM else ()):
        if not adraft.empty:
            _validated(
                form,
                _achievement_input(form, index, adraft, 0, team_name),
                catalogue.check_achievement,
                f"achievements-{index}-title",
            )

    unavailable: tuple[int, ...] = ()
    if data.available_slots is not None:
        by_code = {s.code: s.id for s in slots}
        unknown = [c for c in data.available_slots if c not in by_code]
        if unknown:
            form.add("available_slots", "unknown_slot", _("Please choose among the fair's times."))
        elif slots and not data.available_slots and role in (RegistrationRole.ENTERPRISE, RegistrationRole.TEAM):
            form.add("available_slots", "no_time", _("Choose at least one time when you can meet."))
        chosen = set(data.available_slots)
        unavailable = tuple(s.id for s in slots if s.code not in chosen)

    answers: dict[str, Any] = {}
    if role is RegistrationRole.TEAM:
        seats = data.table_seats.strip() or "2"
        if not seats.isdigit() or not 1 <= int(seats) <= 10:
            form.add("table_seats", "invalid_seats", _("A number of seats from 1 to 10."))
        else:
            answers["table"] = {"seats": int(seats), "power": data.table_power, "display": data.table_display}
    if role is RegistrationRole.INVESTOR:
        answers["focus_fields"] = [f.value for f in form.choices("focus_fields", Field, data.focus_fields)]
        answers["ticket_size"] = form.text("ticket_size", data.ticket_size, max_length=100)
    if role is RegistrationRole.GUEST:
        answers["purpose"] = form.text("purpose", data.purpose, max_length=500)
    if data.language.strip():
        answers["language"] = data.language.strip()[:10]

    if form.errors or role is None:
        raise ValidationError(_("Please correct the marked fields."), form.errors)
    return _Checked(
        role=role,
        organization_kind=organization_kind,
        organization=organization,
        credit_code=credit_code,
        district=district,
        team_name=team_name,
        contact_name=contact_name,
        contact_title=contact_title,
        phone=phone,
        email=email,
        demands=demands,
        achievements=achievements,
        unavailable_slot_ids=unavailable,
        answers=answers,
        note=note,
    )


def _validated(form: _Form, item: Any, check: Callable[[Any], Any], field_name: str) -> None:
    """The catalogue's own rules for an item, unless the item's fields were already found wrong."""
    prefix = field_name.rsplit("-", 1)[0] + "-"
    if item is not None and not any(str(e["field"]).startswith(prefix) for e in form.errors):
        form.check(field_name, lambda: check(item))


async def _lock_event(event_id: int) -> None:
    """Serialize sign-ups of one fair (capacity and duplicate checks): a row lock on PostgreSQL; on SQLite the
    write transaction already holds the file's write lock."""
    if is_postgres(current_engine()):
        await Event.select(Event.id).where(Event.id == event_id).lock_rows("UPDATE")


async def _already_registered(event_id: int, phone: str) -> bool:
    people = Person.select(Person.id).where(Person.phone == phone)
    return bool(
        await Registration.exists().where(
            (Registration.event == event_id)
            & Registration.person.is_in(people)
            & Registration.status.is_in([*LIVE_STATUSES, RegistrationStatus.WAITLISTED.value])
        )
    )


async def sign_up(*, event_id: int, data: SignUp, now: datetime | None = None) -> SignUpResult:
    """Register a visitor for a fair through the public form (see the module documentation)."""
    event = await get_fair(event_id=event_id)
    check_window(event, now=now)
    slots = list(await Slot.objects().where(Slot.event == event_id).order_by(Slot.position))
    checked = _check_form(data, slots)
    # Demands and achievements get their vectors before the transaction: the model must not hold the lock.
    drafts = await _item_texts(checked)
    async with write_transaction():
        await _lock_event(event_id)
        if await _already_registered(event_id, checked.phone):
            raise ValidationError(
                _("Please correct the marked fields."),
                [_error("phone", "already_registered", _("This phone number is already registered for this fair."))],
                code="already_registered",
            )
        capacity = capacities_of(event).get(checked.role.value)
        taken = (await places_taken(event_id=event_id)).get(checked.role.value, 0)
        waitlisted = capacity is not None and taken >= capacity
        organization_id = None
        if checked.organization and checked.organization_kind is not None:
            organization = await directory.find_or_create_organization(
                name=checked.organization,
                kind=checked.organization_kind,
                credit_code=checked.credit_code or "",
                district=checked.district,
            )
            organization_id = organization.id
        person = await directory.create_person(
            name=checked.contact_name,
            organization_id=organization_id,
            title=checked.contact_title,
            phone=checked.phone,
            email=checked.email,
        )
        registration = await create_registration(
            event_id=event_id,
            data=RegistrationInput(
                role=checked.role,
                organization_id=organization_id,
                person_id=person.id,
                team_name=checked.team_name,
                status=RegistrationStatus.WAITLISTED if waitlisted else RegistrationStatus.PENDING,
                unavailable_slot_ids=checked.unavailable_slot_ids,
                answers=checked.answers,
                note=checked.note,
            ),
        )
        demand_ids, achievement_ids = [], []
        assert organization_id is not None or not (checked.demands or checked.achievements)
        for index, (draft, vector) in enumerate(drafts["demands"]):
            item = _demand_input(_Form(), index, draft, organization_id or 0)
            assert item is not None
            demand = await catalogue.create_demand(data=item, search_vector=vector, embed=False)
            await catalogue.bring_demand(event_id=event_id, demand_id=demand.id, registration_id=registration.id)
            demand_ids.append(demand.id)
        for index, (adraft, vector) in enumerate(drafts["achievements"]):
            achievement_input = _achievement_input(_Form(), index, adraft, organization_id or 0, checked.team_name)
            assert achievement_input is not None
            achievement = await catalogue.create_achievement(data=achievement_input, search_vector=vector, embed=False)
            await catalogue.present_achievement(
                event_id=event_id, achievement_id=achievement.id, registration_id=registration.id
            )
            achievement_ids.append(achievement.id)
    return SignUpResult(
        registration=registration, waitlisted=waitlisted, demand_ids=demand_ids, achievement_ids=achievement_ids
    )


async def _item_texts(checked: _Checked) -> dict[str, list[tuple[Any, bytes | None]]]:
    """The vectors of the demands and achievements of a sign-up, computed before it is saved."""
    from events.embeddings import vectors_for
    from events.matching import CatalogueText

    texts: list[CatalogueText] = []
    for draft in checked.demands:
        texts.append(CatalogueText(id=0, kind="demand", title=draft.title.strip() or "-", summary=draft.summary))
    for adraft in checked.achievements:
        texts.append(
            CatalogueText(
                id=0,
                kind="achievement",
                title=adraft.title.strip() or "-",
                summary=adraft.summary,
            )
        )
    vectors = await vectors_for(texts)
    count = len(checked.demands)
    return {
        "demands": list(zip(checked.demands, vectors[:count], strict=True)),
        "achievements": list(zip(checked.achievements, vectors[count:], strict=True)),
    }
