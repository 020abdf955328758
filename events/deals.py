"""Deals: the technology contracts that come out of a fair, and the history of every change to them.

A deal links an achievement, the team's organization and the enterprise, with a contract type (技术开发,
技术转让, 技术许可, 作价入股, 技术咨询, 技术服务), licence terms (including 先使用后付费), an amount in whole
fen, and a stage: intent → negotiating → signed → landed, or dropped. Each stage keeps its date; the
technology-contract registration number (技术合同登记号) comes once the contract is signed and registered.

Every change, the first logging included, writes one ``DealChange`` row (who, when, field → [old, new]) in
the same transaction. Nothing in the app updates or deletes those rows, and the database refuses to (see the
migration ``events_2026_11_26t20_40_00_000000``).

Stage rules: a deal moves forward along the main line (skipping stages is allowed; skipped stages get the
date of the jump), may be dropped unless it has landed, and a dropped deal may be reopened. Moving backwards
along the main line is a correction that only organizers make (``allow_backwards``): the dates of the later
stages are cleared, and the history keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final

from piccolo.custom_types import Combinable

from events.accounts import Principal, may_staff_event, staff_event_ids
from events.clock import utc_now
from events.database import contains_text, current_engine, is_postgres, write_transaction
from events.errors import DomainError, ErrorKind, NotFoundError
from events.fairs import zone
from events.money import from_fen, to_fen
from events.pagination import Page, PageRequest
from events.tables import (
    Achievement,
    Deal,
    DealChange,
    Event,
    EventAchievement,
    Meeting,
    Organization,
    Registration,
)
from events.vocabulary import DealStage, Field, LicenceTerms, MeetingStatus, RegistrationRole, TransferMode

DEFAULT_TIME_ZONE = "Asia/Shanghai"
MAX_NOTE = 2000
REGISTRATION_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{5,39}$")

MAIN_LINE: Final = (DealStage.INTENT, DealStage.NEGOTIATING, DealStage.SIGNED, DealStage.LANDED)
STAGE_DATE: Final = {stage: f"{stage.value}_on" for stage in DealStage}
SIGNED_STAGES: Final = frozenset({DealStage.SIGNED, DealStage.LANDED})
LOGGABLE_MEETING_STATUSES: Final = frozenset({MeetingStatus.SCHEDULED.value, MeetingStatus.HELD.value})

# The fields a change may touch, in the order the history lists them.
TRACKED: Final = (
    "event",
    "meeting",
    "achievement",
    "team_organization",
    "enterprise",
    "contract_type",
    "licence_terms",
    "amount_fen",
    "stage",
    "intent_on",
    "negotiating_on",
    "signed_on",
    "landed_on",
    "dropped_on",
    "registration_number",
    "note",
)


class DealError(DomainError):
    """Refusals about deals."""


class Keep(Enum):
    """'Leave this field as it is' in a :class:`DealChanges` (distinct from None, which clears)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@dataclass(frozen=True, slots=True)
class DealInput:
    """A new deal. Without a meeting, the team's organization and the enterprise must be given."""

    contract_type: TransferMode | None = None  # defaults to the achievement's first transfer mode
    amount: Decimal = Decimal(0)  # CNY, at most two decimals
    meeting_id: int | None = None
    achievement_id: int | None = None
    team_organization_id: int | None = None
    enterprise_id: int | None = None
    licence_terms: LicenceTerms | None = None
    stage: DealStage = DealStage.INTENT
    stage_on: date | None = None  # defaults to today in the fair's time zone
    registration_number: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class DealChanges:
    """A change to a deal; fields left at ``KEEP`` stay as they are."""

    stage: DealStage | Keep = KEEP
    stage_on: date | None = None  # the date of the new stage (or of the current one); default today
    contract_type: TransferMode | Keep = KEEP
    licence_terms: LicenceTerms | Keep | None = KEEP
    amount: Decimal | Keep = KEEP
    achievement_id: int | Keep | None = KEEP
    team_organization_id: int | Keep = KEEP
    enterprise_id: int | Keep = KEEP
    registration_number: str | Keep = KEEP
    note: str | Keep = KEEP


@dataclass(frozen=True, slots=True)
class DealDefaults:
    """What a meeting tells about the deal that may come out of it (pre-fills the 'log a deal' form)."""

    event_id: int
    meeting_id: int | None = None
    achievement_id: int | None = None
    achievement_title: str = ""
    team_organization_id: int | None = None
    team_organization_name: str = ""
    enterprise_id: int | None = None
    enterprise_name: str = ""
    contract_type: TransferMode | None = None
    table_code: str = ""
    slot_starts_at: datetime | None = None
    meeting_status: str = ""
    achievements: tuple[tuple[int, str], ...] = ()  # the team's achievements at the fair, for a select box


@dataclass(frozen=True, slots=True)
class DealView:
    """A deal with the names of what it links, as lists, pages and exports show it."""

    id: int
    event_id: int | None
    event_title: str
    time_zone: str
    meeting_id: int | None
    achievement_id: int | None
    achievement_title: str
    field: str
    team_organization_id: int
    team_organization_name: str
    enterprise_id: int
    enterprise_name: str
    district: str
    contract_type: TransferMode
    licence_terms: LicenceTerms | None
    amount_fen: int
    stage: DealStage
    intent_on: date | None
    negotiating_on: date | None
    signed_on: date | None
    landed_on: date | None
    dropped_on: date | None
    registration_number: str
    note: str
    created_by_name: str
    created_at: datetime
    updated_at: datetime

    @property
    def amount(self) -> Decimal:
        value = from_fen(self.amount_fen)
        assert value is not None
        return value

    def stage_on(self, stage: DealStage) -> date | None:
        value: date | None = getattr(self, STAGE_DATE[stage])
        return value


@dataclass(frozen=True, slots=True)
class ChangeView:
    id: int
    deal_id: int
    changed_at: datetime
    changed_by_id: int | None
    changed_by_name: str
    changes: dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class DealFilter:
    """Filters of the deal list; empty means 'any'. ``on_from``/``on_to`` keep deals with any stage date inside."""

    event_id: int | None = None
    stage: DealStage | None = None
    contract_type: TransferMode | None = None
    district: str | None = None
    university_id: int | None = None
    field: Field | None = None
    on_from: date | None = None
    on_to: date | None = None
    q: str | None = None
    ids: tuple[int, ...] | None = None


# --- who may see and change deals ---------------------------------------------------------------------


async def may_manage(principal: Principal, *, event_id: int | None) -> bool:
    """Organizers manage every deal; staff the deals of the fairs they are assigned to."""
    if principal.is_organizer:
        return True
    if event_id is None:
        return False
    return await may_staff_event(principal, event_id=event_id)


async def visibility(principal: Principal) -> Combinable | None:
    """The condition on ``Deal`` rows a principal may read; None means all of them.

    Organizers see everything; staff the deals of their fairs; a participant (personal link) the deals of
    their fair where their organization is a party, or that came out of a meeting they took part in.
    """
    if principal.is_organizer:
        return None
    if principal.user_id is not None:
        ids = await staff_event_ids(user_id=principal.user_id)
        return Deal.event.is_in(sorted(ids) or [-1])
    if principal.registration_id is not None:
        row = (
            await Registration.select(Registration.organization, Registration.event)
            .where(Registration.id == principal.registration_id)
            .first()
        )
        if row is None:
            return Deal.id == -1
        party: Combinable = (Deal.meeting._.request._.requester == principal.registration_id) | (
            Deal.meeting._.request._.recipient == principal.registration_id
        )
        if row["organization"] is not None:
            party = party | (Deal.team_organization == row["organization"]) | (Deal.enterprise == row["organization"])
        scope: Combinable = (Deal.event == row["event"]) & party
        return scope
    return Deal.id == -1


async def may_read(principal: Principal, *, deal_id: int) -> bool:
    condition = await visibility(principal)
    query = Deal.exists().where(Deal.id == deal_id)
    if condition is not None:
        query = query.where(condition)
    return bool(await query)


async def require_readable(principal: Principal, *, deal_id: int) -> DealView:
    view = await get_deal(deal_id=deal_id)
    if not await may_read(principal, deal_id=deal_id):
        raise DealError("not_party_to_deal", f"you may not see deal {deal_id}", kind=ErrorKind.FORBIDDEN)
    return view


async def require_manageable(principal: Principal, *, deal_id: int) -> DealView:
    view = await get_deal(deal_id=deal_id)
    if not await may_manage(principal, event_id=view.event_id):
        raise DealError(
            "not_staff_of_deal", f"only staff of its fair may change deal {deal_id}", kind=ErrorKind.FORBIDDEN
        )
    return view


# --- reading ------------------------------------------------------------------------------------------


def _view_columns() -> list[Any]:
    return [
        *Deal.all_columns(),
        Deal.event.title.as_alias("event_title"),
        Deal.event.time_zone.as_alias("event_time_zone"),
        Deal.achievement.title.as_alias("achievement_title"),
        Deal.achievement.field.as_alias("achievement_field"),
        Deal.team_organization.name.as_alias("team_organization_name"),
        Deal.enterprise.name.as_alias("enterprise_name"),
        Deal.enterprise.district.as_alias("enterprise_district"),
        Deal.created_by.display_name.as_alias("created_by_name"),
    ]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _view(row: dict[str, Any]) -> DealView:
    return DealView(
        id=row["id"],
        event_id=row["event"],
        event_title=row["event_title"] or "",
        time_zone=row["event_time_zone"] or DEFAULT_TIME_ZONE,
        meeting_id=row["meeting"],
        achievement_id=row["achievement"],
        achievement_title=row["achievement_title"] or "",
        field=row["achievement_field"] or "",
        team_organization_id=row["team_organization"],
        team_organization_name=row["team_organization_name"] or "",
        enterprise_id=row["enterprise"],
        enterprise_name=row["enterprise_name"] or "",
        district=row["enterprise_district"] or "",
        contract_type=TransferMode(row["contract_type"]),
        licence_terms=LicenceTerms(row["licence_terms"]) if row["licence_terms"] else None,
        amount_fen=int(row["amount_fen"]),
        stage=DealStage(row["stage"]),
        intent_on=_as_date(row["intent_on"]),
        negotiating_on=_as_date(row["negotiating_on"]),
        signed_on=_as_date(row["signed_on"]),
        landed_on=_as_date(row["landed_on"]),
        dropped_on=_as_date(row["dropped_on"]),
        registration_number=row["registration_number"] or "",
        note=row["note"] or "",
        created_by_name=row["created_by_name"] or "",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def get_deal(*, deal_id: int) -> DealView:
    row = await Deal.select(*_view_columns()).where(Deal.id == deal_id).first()
    if row is None:
        raise NotFoundError("unknown_deal", f"no deal with id {deal_id}")
    return _view(row)


def filter_conditions(filters: DealFilter) -> list[Combinable]:
    conditions: list[Combinable] = []
    if filters.event_id is not None:
        conditions.append(Deal.event == filters.event_id)
    if filters.stage is not None:
        conditions.append(Deal.stage == filters.stage.value)
    if filters.contract_type is not None:
        conditions.append(Deal.contract_type == filters.contract_type.value)
    if filters.district:
        conditions.append(Deal.enterprise.district == filters.district)
    if filters.university_id is not None:
        conditions.append(Deal.team_organization == filters.university_id)
    if filters.field is not None:
        conditions.append(Deal.achievement.field == filters.field.value)
    if filters.on_from is not None or filters.on_to is not None:
        inside: Combinable | None = None
        for stage in DealStage:
            column = getattr(Deal, STAGE_DATE[stage])
            condition: Combinable = column.is_not_null()
            if filters.on_from is not None:
                condition = condition & (column >= filters.on_from)
            if filters.on_to is not None:
                condition = condition & (column <= filters.on_to)
            inside = condition if inside is None else inside | condition
        assert inside is not None
        conditions.append(inside)
    if filters.q:
        conditions.append(
            contains_text(Deal.team_organization.name, filters.q)
            | contains_text(Deal.enterprise.name, filters.q)
            | contains_text(Deal.achievement.title, filters.q)
            | contains_text(Deal.registration_number, filters.q)
        )
    if filters.ids is not None:
        conditions.append(Deal.id.is_in(list(filters.ids) or [-1]))
    return conditions


async def list_deals(*, principal: Principal, filters: DealFilter, page: PageRequest) -> Page[DealView]:
    """The deals a principal may see, newest first."""
    conditions = filter_conditions(filters)
    scope = await visibility(principal)
    if scope is not None:
        conditions.append(scope)
    query = Deal.select(*_view_columns()).order_by(Deal.id, ascending=False)
    count = Deal.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.limit(page.limit).offset(page.offset)
    return Page(items=[_view(row) for row in rows], total=await count, limit=page.limit, offset=page.offset)


async def all_deals(*, filters: DealFilter) -> list[DealView]:
    """Every deal matching the filters (exports), oldest first. The caller checks who may see them."""
    query = Deal.select(*_view_columns()).order_by(Deal.id)
    for condition in filter_conditions(filters):
        query = query.where(condition)
    return [_view(row) for row in await query]


async def deal_history(*, deal_id: int) -> list[ChangeView]:
    """Every change of a deal, oldest first."""
    rows = (
        await DealChange.select(
            DealChange.id,
            DealChange.deal,
            DealChange.changed_at,
            DealChange.changed_by,
            DealChange.changed_by.display_name.as_alias("by_name"),
            DealChange.changed_by.username.as_alias("by_username"),
            DealChange.changes,
        )
        .where(DealChange.deal == deal_id)
        .order_by(DealChange.id)
        .output(load_json=True)
    )
    return [
        ChangeView(
            id=row["id"],
            deal_id=row["deal"],
            changed_at=row["changed_at"],
            changed_by_id=row["changed_by"],
            changed_by_name=row["by_name"] or row["by_username"] or "",
            changes=dict(row["changes"] or {}),
        )
        for row in rows
    ]


# --- defaults from a meeting --------------------------------------------------------------------------


def today_in(time_zone: str) -> date:
    return utc_now().astimezone(zone(time_zone or DEFAULT_TIME_ZONE)).date()


async def meeting_defaults(*, meeting_id: int, event_id: int | None = None) -> DealDefaults:
    """The event, achievement, team organization, enterprise and contract type a meeting suggests."""
    row = (
        await Meeting.select(
            Meeting.id,
            Meeting.event,
            Meeting.status,
            Meeting.table.code.as_alias("table_code"),
            Meeting.slot.starts_at.as_alias("slot_starts_at"),
            Meeting.request.achievement.as_alias("achievement"),
            Meeting.request._.requester.as_alias("requester"),
            Meeting.request._.requester._.role.as_alias("requester_role"),
            Meeting.request._.requester._.organization.as_alias("requester_organization"),
            Meeting.request._.recipient.as_alias("recipient"),
            Meeting.request._.recipient._.role.as_alias("recipient_role"),
            Meeting.request._.recipient._.organization.as_alias("recipient_organization"),
        )
        .where(Meeting.id == meeting_id)
        .first()
    )
    if row is None or (event_id is not None and row["event"] != event_id):
        where = f" at fair {event_id}" if event_id is not None else ""
        raise NotFoundError("unknown_meeting", f"no meeting with id {meeting_id}{where}", field="meeting_id")
    team_side = "requester" if row["requester_role"] == RegistrationRole.TEAM.value else "recipient"
    other_side = "recipient" if team_side == "requester" else "requester"
    team_registration = row[team_side]
    team_organization_id = row[f"{team_side}_organization"]
    enterprise_id = row[f"{other_side}_organization"]

    presented = await EventAchievement.select(
        EventAchievement.achievement, EventAchievement.achievement.title.as_alias("title")
    ).where((EventAchievement.event == row["event"]) & (EventAchievement.registration == team_registration))
    achievements = tuple((item["achievement"], item["title"]) for item in presented)
    achievement_id = row["achievement"]
    if achievement_id is None and len(achievements) == 1:
        achievement_id = achievements[0][0]

    achievement = None
    if achievement_id is not None:
        achievement = (
            await Achievement.select(
                Achievement.id, Achievement.title, Achievement.organization, Achievement.transfer_modes
            )
            .where(Achievement.id == achievement_id)
            .first()
        )
        if achievement is not None and team_organization_id is None:
            team_organization_id = achievement["organization"]
    modes = list(achievement["transfer_modes"] or []) if achievement else []
    names = await _organization_names([i for i in (team_organization_id, enterprise_id) if i is not None])
    return DealDefaults(
        event_id=row["event"],
        meeting_id=row["id"],
        achievement_id=achievement["id"] if achievement else None,
        achievement_title=achievement["title"] if achievement else "",
        team_organization_id=team_organization_id,
        team_organization_name=names.get(team_organization_id or 0, ""),
        enterprise_id=enterprise_id,
        enterprise_name=names.get(enterprise_id or 0, ""),
        contract_type=_first_mode(modes),
        table_code=row["table_code"] or "",
        slot_starts_at=row["slot_starts_at"],
        meeting_status=row["status"],
        achievements=achievements,
    )


def _first_mode(modes: list[str]) -> TransferMode | None:
    for mode in modes:
        try:
            return TransferMode(mode)
        except ValueError:
            continue
    return None


async def _organization_names(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await Organization.select(Organization.id, Organization.name).where(Organization.id.is_in(ids))
    return {row["id"]: row["name"] for row in rows}


# --- checks -------------------------------------------------------------------------------------------


async def _require_organization(organization_id: int, *, field_name: str) -> None:
    if not await Organization.exists().where(Organization.id == organization_id):
        raise NotFoundError("unknown_organization", f"no organization with id {organization_id}", field=field_name)


def _check_parties(*, team_organization_id: int | None, enterprise_id: int | None) -> tuple[int, int]:
    if team_organization_id is None:
        raise DealError(
            "missing_team_organization",
            "name the team's organization (university or institute) of the deal",
            field="team_organization_id",
        )
    if enterprise_id is None:
        raise DealError("missing_enterprise", "name the enterprise of the deal", field="enterprise_id")
    if team_organization_id == enterprise_id:
        raise DealError(
            "same_party",
            f"organization {enterprise_id} cannot be both the team's organization and the enterprise",
            field="enterprise_id",
        )
    return team_organization_id, enterprise_id


def _check_licence_terms(contract_type: TransferMode, licence_terms: LicenceTerms | None) -> None:
    if licence_terms is not None and contract_type is not TransferMode.LICENCE:
        raise DealError(
            "licence_terms_need_licence",
            f"licence terms ({licence_terms.zh}) apply to a licence (技术许可), not to {contract_type.zh}",
            field="licence_terms",
        )


def _clean_registration_number(value: str) -> str:
    number = value.strip().replace(" ", "")
    if number and not REGISTRATION_NUMBER.match(number):
        raise DealError(
            "invalid_registration_number",
            f"{value!r} is not a technology-contract registration number (6-40 letters, digits or -)",
            field="registration_number",
        )
    return number


def _clean_note(value: str) -> str:
    note = value.strip()
    if len(note) > MAX_NOTE:
        raise DealError("note_too_long", f"the note must have at most {MAX_NOTE} characters", field="note")
    return note


def _check_dates(values: dict[str, Any]) -> None:
    """Stage dates never go back in time along the main line; a deal is dropped after its last stage."""
    previous: tuple[str, date] | None = None
    for stage in MAIN_LINE:
        current = values.get(STAGE_DATE[stage])
        if current is None:
            continue
        if previous is not None and current < previous[1]:
            raise DealError(
                "dates_out_of_order",
                f"{STAGE_DATE[stage]} ({current}) is before {previous[0]} ({previous[1]})",
                field="stage_on",
            )
        previous = (STAGE_DATE[stage], current)
    dropped = values.get("dropped_on")
    if dropped is not None and previous is not None and dropped < previous[1]:
        raise DealError(
            "dates_out_of_order", f"dropped_on ({dropped}) is before {previous[0]} ({previous[1]})", field="stage_on"
        )


def _check_registration(values: dict[str, Any]) -> None:
    if values["registration_number"] and values.get("signed_on") is None:
        raise DealError(
            "registration_before_signing",
            "a contract is registered (技术合同登记号) only once it is signed",
            field="registration_number",
        )


async def _check_registration_unique(number: str, *, deal_id: int | None) -> None:
    if not number:
        return
    query = Deal.exists().where(Deal.registration_number == number)
    if deal_id is not None:
        query = query.where(Deal.id != deal_id)
    if await query:
        raise DealError(
            "registration_number_taken",
            f"registration number {number} belongs to another deal",
            kind=ErrorKind.CONFLICT,
            field="registration_number",
        )


@contextmanager
def _registration_number_race(number: str) -> Iterator[None]:
    """Two deals claiming one registration number at once: the unique index refuses the second (after the
    transaction rolled back), and the caller gets the same conflict as when the number was seen taken."""
    try:
        yield
    except Exception as exc:
        name = type(exc).__name__
        if name in {"UniqueViolationError", "IntegrityError"} and "registration_number" in str(exc):
            raise DealError(
                "registration_number_taken",
                f"registration number {number} belongs to another deal",
                kind=ErrorKind.CONFLICT,
                field="registration_number",
            ) from None
        raise


def _move_to(values: dict[str, Any], *, stage: DealStage, on: date, allow_backwards: bool) -> None:
    """Apply a stage change (or a new date of the current stage) to a deal's column values."""
    current = DealStage(values["stage"])
    if stage is current:
        values[STAGE_DATE[stage]] = on
        return
    if stage is DealStage.DROPPED:
        if current is DealStage.LANDED and not allow_backwards:
            raise DealError(
                "landed_is_final", "a landed deal cannot be dropped", kind=ErrorKind.CONFLICT, field="stage"
            )
        values["dropped_on"] = on
        values["stage"] = stage.value
        return
    target = MAIN_LINE.index(stage)
    if current is DealStage.DROPPED:
        values["dropped_on"] = None  # reopened; the history keeps the drop
        position = max((i for i, s in enumerate(MAIN_LINE) if values.get(STAGE_DATE[s]) is not None), default=-1)
    else:
        position = MAIN_LINE.index(current)
    if target < position:
        if not allow_backwards:
            raise DealError(
                "stage_backwards",
                f"a {current.value} deal cannot go back to {stage.value} (organizers can correct it)",
                kind=ErrorKind.CONFLICT,
                field="stage",
            )
        for later in MAIN_LINE[target + 1 :]:
            values[STAGE_DATE[later]] = None
        values[STAGE_DATE[stage]] = on
    else:
        for skipped in MAIN_LINE[: target + 1]:
            if values.get(STAGE_DATE[skipped]) is None:
                values[STAGE_DATE[skipped]] = on
        values[STAGE_DATE[stage]] = on
    values["stage"] = stage.value


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [_json_value(before.get(name)), _json_value(after.get(name))]
        for name in TRACKED
        if _json_value(before.get(name)) != _json_value(after.get(name))
    }


# --- logging and changing deals -----------------------------------------------------------------------


async def log_deal(*, event_id: int | None, data: DealInput, by: int | None) -> DealView:
    """Record a new deal (from a meeting, or without one) and its first history entry, in one transaction."""
    defaults: DealDefaults | None = None
    if data.meeting_id is not None:
        defaults = await meeting_defaults(meeting_id=data.meeting_id, event_id=event_id)
        if defaults.meeting_status not in LOGGABLE_MEETING_STATUSES:
            raise DealError(
                "meeting_not_held",
                f"meeting {data.meeting_id} is {defaults.meeting_status}: no deal can come out of it",
                kind=ErrorKind.CONFLICT,
                field="meeting_id",
            )
        event_id = defaults.event_id
    time_zone = DEFAULT_TIME_ZONE
    if event_id is not None:
        event = await Event.select(Event.id, Event.time_zone).where(Event.id == event_id).first()
        if event is None:
            raise NotFoundError("unknown_event", f"no fair with id {event_id}")
        time_zone = event["time_zone"]

    achievement_id = (
        data.achievement_id if data.achievement_id is not None else getattr(defaults, "achievement_id", None)
    )
    achievement = None
    if achievement_id is not None:
        achievement = (
            await Achievement.select(Achievement.id, Achievement.organization, Achievement.transfer_modes)
            .where(Achievement.id == achievement_id)
            .first()
        )
        if achievement is None:
            raise NotFoundError(
                "unknown_achievement", f"no achievement with id {achievement_id}", field="achievement_id"
            )
    team_organization_id = data.team_organization_id
    if team_organization_id is None and defaults is not None:
        team_organization_id = defaults.team_organization_id
    if team_organization_id is None and achievement is not None:
        team_organization_id = achievement["organization"]
    enterprise_id = data.enterprise_id if data.enterprise_id is not None else getattr(defaults, "enterprise_id", None)
    team_organization_id, enterprise_id = _check_parties(
        team_organization_id=team_organization_id, enterprise_id=enterprise_id
    )
    await _require_organization(team_organization_id, field_name="team_organization_id")
    await _require_organization(enterprise_id, field_name="enterprise_id")

    contract_type = data.contract_type or _first_mode(list(achievement["transfer_modes"] or []) if achievement else [])
    if contract_type is None:
        raise DealError(
            "missing_contract_type",
            "choose the contract type (技术开发, 技术转让, 技术许可, 作价入股, 技术咨询 or 技术服务)",
            field="contract_type",
        )
    _check_licence_terms(contract_type, data.licence_terms)
    if data.stage is DealStage.DROPPED:
        raise DealError("dropped_on_creation", "a new deal cannot start as dropped", field="stage")

    values: dict[str, Any] = {
        "event": event_id,
        "meeting": data.meeting_id,
        "achievement": achievement_id,
        "team_organization": team_organization_id,
        "enterprise": enterprise_id,
        "contract_type": contract_type.value,
        "licence_terms": data.licence_terms.value if data.licence_terms else None,
        "amount_fen": to_fen(data.amount),
        "stage": DealStage.INTENT.value,
        "intent_on": None,
        "negotiating_on": None,
        "signed_on": None,
        "landed_on": None,
        "dropped_on": None,
        "registration_number": _clean_registration_number(data.registration_number),
        "note": _clean_note(data.note),
    }
    _move_to(values, stage=data.stage, on=data.stage_on or today_in(time_zone), allow_backwards=False)
    _check_dates(values)
    _check_registration(values)

    number = values["registration_number"]
    with _registration_number_race(number):
        async with write_transaction():
            await _check_registration_unique(number, deal_id=None)
            now = utc_now()
            deal = Deal(**values, created_by=by, created_at=now, updated_at=now)
            await deal.save()
            first = {name: [None, _json_value(values[name])] for name in TRACKED if values[name] not in (None, "")}
            await DealChange(deal=deal.id, changed_by=by, changed_at=now, changes=first).save()
    return await get_deal(deal_id=deal.id)


async def change_deal(
    *, deal_id: int, changes: DealChanges, by: int | None, allow_backwards: bool = False
) -> tuple[DealView, dict[str, list[Any]]]:
    """Apply a change and record it; returns the deal and what changed (nothing recorded when nothing did)."""
    with _registration_number_race(changes.registration_number if isinstance(changes.registration_number, str) else ""):
        return await _change_deal(deal_id=deal_id, changes=changes, by=by, allow_backwards=allow_backwards)


async def _change_deal(
    *, deal_id: int, changes: DealChanges, by: int | None, allow_backwards: bool
) -> tuple[DealView, dict[str, list[Any]]]:
    async with write_transaction():
        query = Deal.select(*Deal.all_columns()).where(Deal.id == deal_id)
        if is_postgres(current_engine()):
            query = query.lock_rows("UPDATE")
        row = await query.first()
        if row is None:
            raise NotFoundError("unknown_deal", f"no deal with id {deal_id}")
        before: dict[str, Any] = {name: _as_date(row[name]) if name.endswith("_on") else row[name] for name in TRACKED}
        event = None
        if row["event"] is not None:
            event = await Event.select(Event.time_zone).where(Event.id == row["event"]).first()
        time_zone = event["time_zone"] if event else DEFAULT_TIME_ZONE
        after = dict(before)
        await _apply(after, changes, time_zone=time_zone, allow_backwards=allow_backwards)
        diff = _diff(before, after)
        if diff:
            await _check_registration_unique(after["registration_number"], deal_id=deal_id)
            now = utc_now()
            update = {getattr(Deal, name): after[name] for name in diff}
            update[Deal.updated_at] = now
            await Deal.update(update).where(Deal.id == deal_id)
            await DealChange(deal=deal_id, changed_by=by, changed_at=now, changes=diff).save()
    return await get_deal(deal_id=deal_id), diff


async def _apply(values: dict[str, Any], changes: DealChanges, *, time_zone: str, allow_backwards: bool) -> None:
    if not isinstance(changes.achievement_id, Keep):
        if changes.achievement_id is not None and not await Achievement.exists().where(
            Achievement.id == changes.achievement_id
        ):
            raise NotFoundError(
                "unknown_achievement", f"no achievement with id {changes.achievement_id}", field="achievement_id"
            )
        values["achievement"] = changes.achievement_id
    if not isinstance(changes.team_organization_id, Keep):
        await _require_organization(changes.team_organization_id, field_name="team_organization_id")
        values["team_organization"] = changes.team_organization_id
    if not isinstance(changes.enterprise_id, Keep):
        await _require_organization(changes.enterprise_id, field_name="enterprise_id")
        values["enterprise"] = changes.enterprise_id
    _check_parties(team_organization_id=values["team_organization"], enterprise_id=values["enterprise"])
    if not isinstance(changes.contract_type, Keep):
        values["contract_type"] = changes.contract_type.value
    if not isinstance(changes.licence_terms, Keep):
        values["licence_terms"] = changes.licence_terms.value if changes.licence_terms else None
    licence_terms = LicenceTerms(values["licence_terms"]) if values["licence_terms"] else None
    _check_licence_terms(TransferMode(values["contract_type"]), licence_terms)
    if not isinstance(changes.amount, Keep):
        values["amount_fen"] = to_fen(changes.amount)
    if not isinstance(changes.note, Keep):
        values["note"] = _clean_note(changes.note)
    if not isinstance(changes.stage, Keep):
        _move_to(
            values, stage=changes.stage, on=changes.stage_on or today_in(time_zone), allow_backwards=allow_backwards
        )
    elif changes.stage_on is not None:
        _move_to(values, stage=DealStage(values["stage"]), on=changes.stage_on, allow_backwards=allow_backwards)
    if not isinstance(changes.registration_number, Keep):
        values["registration_number"] = _clean_registration_number(changes.registration_number)
    _check_dates(values)
    _check_registration(values)


# --- meetings a deal may come out of (the 'log a deal' list at the tables) ------------------------------


@dataclass(frozen=True, slots=True)
class MeetingForDeal:
    meeting_id: int
    status: str
    table_code: str
    starts_at: datetime
    team_name: str
    enterprise_name: str
    deals: int


async def meetings_for_deals(*, event_id: int, q: str | None = None, limit: int = 50) -> list[MeetingForDeal]:
    """A fair's held and scheduled meetings, latest slot first, with how many deals each already has.

    ``q`` narrows to a table code or a party's name (what staff type at the table).
    """
    requester = Meeting.request._.requester._.organization._.name
    recipient = Meeting.request._.recipient._.organization._.name
    query = (
        Meeting.select(
            Meeting.id,
            Meeting.status,
            Meeting.table._.code.as_alias("table_code"),
            Meeting.slot._.starts_at.as_alias("starts_at"),
            Meeting.request._.requester._.role.as_alias("requester_role"),
            requester.as_alias("requester_name"),
            recipient.as_alias("recipient_name"),
        )
        .where(Meeting.event == event_id)
        .where(Meeting.status.is_in(sorted(LOGGABLE_MEETING_STATUSES)))
        .order_by(Meeting.slot._.starts_at, ascending=False)
        .order_by(Meeting.table._.code)
        .limit(limit)
    )
    if q:
        query = query.where(
            contains_text(Meeting.table._.code, q) | contains_text(requester, q) | contains_text(recipient, q)
        )
    rows = await query
    ids = [row["id"] for row in rows]
    counts: dict[int, int] = {}
    if ids:
        for deal in await Deal.select(Deal.meeting).where(Deal.meeting.is_in(ids)):
            counts[deal["meeting"]] = counts.get(deal["meeting"], 0) + 1
    result = []
    for row in rows:
        team_first = row["requester_role"] == RegistrationRole.TEAM.value
        result.append(
            MeetingForDeal(
                meeting_id=row["id"],
                status=row["status"],
                table_code=row["table_code"] or "",
                starts_at=row["starts_at"],
                team_name=(row["requester_name"] if team_first else row["recipient_name"]) or "",
                enterprise_name=(row["recipient_name"] if team_first else row["requester_name"]) or "",
                deals=counts.get(row["id"], 0),
            )
        )
    return result


async def fair_parties(*, event_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(teams' organizations, enterprises) registered at a fair, by name: the choices of a deal without a meeting."""
    rows = await Registration.select(
        Registration.role, Registration.organization, Registration.organization._.name.as_alias("name")
    ).where((Registration.event == event_id) & Registration.organization.is_not_null())
    teams: dict[int, str] = {}
    enterprises: dict[int, str] = {}
    for row in rows:
        target = teams if row["role"] == RegistrationRole.TEAM.value else enterprises
        target[row["organization"]] = row["name"] or ""
    return (
        sorted(teams.items(), key=lambda item: item[1]),
        sorted(enterprises.items(), key=lambda item: item[1]),
    )
