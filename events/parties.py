"""The two sides of a meeting: who they are, what they allow, and the locks that serialize changes to them.

Every change to a participant's meetings (a request, a booking, a move, a cancellation) first locks the
registration rows of everyone involved, in ascending id order, so that concurrent changes touching the same
person run one after the other and never deadlock. On PostgreSQL that is ``SELECT ... FOR UPDATE``; SQLite has
no row locks, but :func:`events.database.write_transaction` starts ``IMMEDIATE`` there, which serializes
every writer of the file. The unique indexes stay the last line of defence on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.database import current_engine, is_postgres
from events.errors import DomainError, ErrorKind, NotFoundError
from events.tables import Event, Registration
from events.vocabulary import EventStatus, RegistrationRole, RegistrationStatus

# Meetings are between one research team and one enterprise (or investor) that wants its technology.
SEEKER_ROLES = frozenset({RegistrationRole.ENTERPRISE.value, RegistrationRole.INVESTOR.value})
HOST_ROLE = RegistrationRole.TEAM.value
# When participants may ask for meetings, and when they may book, move or cancel them themselves.
REQUEST_STATUSES = frozenset(
    {EventStatus.OPEN.value, EventStatus.CLOSED.value, EventStatus.SCHEDULED.value, EventStatus.RUNNING.value}
)
BOOKING_STATUSES = frozenset({EventStatus.SCHEDULED.value, EventStatus.RUNNING.value})
# Before the fair is marked scheduled, publishing a schedule run opens booking too.
PUBLISHABLE_STATUSES = frozenset({EventStatus.OPEN.value, EventStatus.CLOSED.value})


class PartyError(DomainError):
    """Refusals about who may meet whom."""


@dataclass(frozen=True, slots=True)
class Party:
    """A participant as the meeting rules see them."""

    id: int
    event_id: int
    role: str
    status: str
    organization_id: int | None
    organization: str
    team_name: str
    person: str
    email: str
    phone: str
    host_table_id: int | None
    unavailable_slot_ids: frozenset[int]
    max_meetings: int | None
    max_requests: int | None
    portal_token: str

    @property
    def name(self) -> str:
        """How the other side sees them: 江城理工大学 · 先进电池材料课题组, or the enterprise's name."""
        parts = [p for p in (self.organization, self.team_name) if p]
        return " · ".join(parts) or self.person or f"#{self.id}"

    @property
    def is_team(self) -> bool:
        return self.role == HOST_ROLE


PARTY_COLUMNS: tuple[Any, ...] = (
    Registration.id,
    Registration.event,
    Registration.role,
    Registration.status,
    Registration.organization,
    Registration.team_name,
    Registration.host_table,
    Registration.unavailable_slots,
    Registration.max_meetings,
    Registration.max_requests,
    Registration.portal_token,
    Registration.organization.name,
    Registration.person.name,
    Registration.person.email,
    Registration.person.phone,
)


def party_of(row: dict[str, Any]) -> Party:
    return Party(
        id=row["id"],
        event_id=row["event"],
        role=row["role"],
        status=row["status"],
        organization_id=row["organization"],
        organization=row["organization.name"] or "",
        team_name=row["team_name"] or "",
        person=row["person.name"] or "",
        email=row["person.email"] or "",
        phone=row["person.phone"] or "",
        host_table_id=row["host_table"],
        unavailable_slot_ids=frozenset(row["unavailable_slots"] or ()),
        max_meetings=row["max_meetings"],
        max_requests=row["max_requests"],
        portal_token=row["portal_token"],
    )


async def load_parties(ids: list[int]) -> dict[int, Party]:
    rows = await Registration.select(*PARTY_COLUMNS).where(Registration.id.is_in(sorted(set(ids)) or [-1]))
    return {row["id"]: party_of(row) for row in rows}


async def load_party(registration_id: int, *, event_id: int | None = None) -> Party:
    party = (await load_parties([registration_id])).get(registration_id)
    if party is None or (event_id is not None and party.event_id != event_id):
        where = f" in fair {event_id}" if event_id is not None else ""
        raise NotFoundError("unknown_registration", f"no participant with id {registration_id}{where}")
    return party


async def lock_parties(ids: list[int]) -> dict[int, Party]:
    """Lock the registrations (ascending ids) for the rest of the transaction and read them fresh."""
    ordered = sorted(set(ids))
    if is_postgres(current_engine()):
        await (
            Registration.select(Registration.id)
            .where(Registration.id.is_in(ordered))
            .order_by(Registration.id)
            .lock_rows("UPDATE")
        )
    parties = await load_parties(ordered)
    missing = [i for i in ordered if i not in parties]
    if missing:
        raise NotFoundError("unknown_registration", f"no participant with id {missing[0]}")
    return parties


async def get_event(event_id: int) -> Event:
    event = await Event.objects().where(Event.id == event_id).first()
    if event is None:
        raise NotFoundError("unknown_event", f"no fair with id {event_id}")
    return event


async def booking_open(event: Event) -> bool:
    """Whether participants book, move and cancel meetings themselves: once a schedule is published."""
    if event.status in BOOKING_STATUSES:
        return True
    if event.status not in PUBLISHABLE_STATUSES:
        return False
    from events.tables import ScheduleRun

    published: bool = await ScheduleRun.exists().where(
        (ScheduleRun.event == event.id) & ScheduleRun.published_at.is_not_null()
    )
    return published


def check_pair(first: Party, second: Party) -> tuple[Party, Party]:
    """(team, seeker) for two participants who may meet, or a refusal naming why not."""
    if first.id == second.id:
        raise PartyError("self_meeting", "a participant cannot meet themselves", field="recipient_id")
    if first.event_id != second.event_id:
        raise NotFoundError("unknown_registration", f"participant {second.id} is not in the same fair")
    for party in (first, second):
        if party.status != RegistrationStatus.APPROVED.value:
            raise PartyError(
                "not_approved",
                f"{party.name} is not an approved participant of this fair (status {party.status})",
                kind=ErrorKind.CONFLICT,
            )
    roles = {first.role, second.role}
    if HOST_ROLE not in roles or not (roles - {HOST_ROLE}) <= SEEKER_ROLES or first.role == second.role:
        raise PartyError(
            "invalid_pair",
            f"meetings are between a research team and an enterprise or investor, not {first.role} and {second.role}",
            field="recipient_id",
        )
    return (first, second) if first.is_team else (second, first)


def meeting_limit(party: Party, event: Event) -> int | None:
    """Most meetings this participant may hold: their own limit, else the fair's."""
    return party.max_meetings if party.max_meetings is not None else event.max_meetings_per_participant


def request_limit(party: Party, event: Event) -> int | None:
    """Most live requests this participant may have sent: their own limit, else the fair's."""
    return party.max_requests if party.max_requests is not None else event.max_requests_per_participant


def is_unique_violation(exc: BaseException) -> bool:
    """Whether a database error is a unique index refusing a row (on either database)."""
    import sqlite3

    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc).upper()
    return getattr(exc, "sqlstate", None) == "23505"  # asyncpg's UniqueViolationError
