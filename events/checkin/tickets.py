"""Issuing, re-issuing and reading tickets.

Every approved registration may hold one live ticket (a unique index over ``ticket(registration)`` where
``revoked_at IS NULL``). Tickets are issued on first need (the ticket page, the portal, a badge) or in bulk
for a fair; re-issuing revokes the live one and issues a new one in one transaction, so the old QR code is
refused from the next scan on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.checkin.errors import CheckinError
from events.checkin.people import AgendaItem, Attendee, agenda, attendee_columns, attendee_of
from events.checkin.tokens import TokenError, extract_token, new_token
from events.clock import utc_now
from events.database import write_transaction
from events.errors import ErrorKind, NotFoundError
from events.tables import CheckIn, Registration, Ticket
from events.vocabulary import RegistrationStatus


@dataclass(frozen=True, slots=True)
class TicketInfo:
    id: int
    token: str
    registration_id: int
    event_id: int
    issued_at: datetime
    revoked_at: datetime | None


def _info(row: dict[str, Any]) -> TicketInfo:
    return TicketInfo(
        id=row["id"],
        token=row["secret"],
        registration_id=row["registration"],
        event_id=row["event"],
        issued_at=row["issued_at"],
        revoked_at=row["revoked_at"],
    )


_TICKET_COLUMNS = (Ticket.id, Ticket.secret, Ticket.registration, Ticket.event, Ticket.issued_at, Ticket.revoked_at)


async def live_ticket(*, registration_id: int) -> TicketInfo | None:
    row = (
        await Ticket.select(*_TICKET_COLUMNS)
        .where((Ticket.registration == registration_id) & Ticket.revoked_at.is_null())
        .first()
    )
    return _info(row) if row else None


async def _approved_registration(registration_id: int, event_id: int | None) -> dict[str, Any]:
    query = Registration.select(Registration.id, Registration.event, Registration.status).where(
        Registration.id == registration_id
    )
    if event_id is not None:
        query = query.where(Registration.event == event_id)
    row = await query.first()
    if row is None:
        raise NotFoundError("unknown_registration", f"no registration {registration_id} in this fair")
    if row["status"] != RegistrationStatus.APPROVED.value:
        raise CheckinError(
            "registration_not_approved",
            f"registration {registration_id} is {row['status']}: only approved registrations get a ticket",
            kind=ErrorKind.CONFLICT,
        )
    return dict(row)


async def _insert_live(registration_id: int, event_id: int, now: datetime) -> None:
    """Insert a live ticket unless one exists (a concurrent issuer may have won: nothing happens then)."""
    await Ticket.insert(
        Ticket(event=event_id, registration=registration_id, secret=new_token(), issued_at=now, revoked_at=None)
    ).on_conflict(action="DO NOTHING")


async def issue_ticket(*, registration_id: int, event_id: int | None = None) -> TicketInfo:
    """The live ticket of an approved registration, issuing it on first need (safe to call concurrently)."""
    existing = await live_ticket(registration_id=registration_id)
    if existing is not None:
        return existing
    row = await _approved_registration(registration_id, event_id)
    await _insert_live(registration_id, int(row["event"]), utc_now())
    issued = await live_ticket(registration_id=registration_id)
    assert issued is not None
    return issued


async def reissue_ticket(*, registration_id: int, event_id: int | None = None) -> TicketInfo:
    """Revoke the live ticket (its QR code is refused from now on) and issue a new one, atomically."""
    row = await _approved_registration(registration_id, event_id)
    now = utc_now()
    async with write_transaction():
        await Ticket.update({Ticket.revoked_at: now}).where(
            (Ticket.registration == registration_id) & Ticket.revoked_at.is_null()
        )
        await _insert_live(registration_id, int(row["event"]), now)
    issued = await live_ticket(registration_id=registration_id)
    assert issued is not None
    return issued


async def revoke_tickets(*, registration_id: int) -> int:
    """Revoke without replacing (a cancelled registration); returns how many were live."""
    rows = await (
        Ticket.update({Ticket.revoked_at: utc_now()})
        .where((Ticket.registration == registration_id) & Ticket.revoked_at.is_null())
        .returning(Ticket.id)
    )
    return len(rows)


async def issue_tickets(*, event_id: int) -> int:
    """Issue a ticket to every approved registration of the fair that has none; returns how many were issued."""
    approved = await Registration.select(Registration.id).where(
        (Registration.event == event_id) & (Registration.status == RegistrationStatus.APPROVED.value)
    )
    holders = await Ticket.select(Ticket.registration).where((Ticket.event == event_id) & Ticket.revoked_at.is_null())
    have = {row["registration"] for row in holders}
    missing = [row["id"] for row in approved if row["id"] not in have]
    now = utc_now()
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        await Ticket.insert(
            *(
                Ticket(event=event_id, registration=rid, secret=new_token(), issued_at=now, revoked_at=None)
                for rid in chunk
            )
        ).on_conflict(action="DO NOTHING")
    return len(missing)


@dataclass(frozen=True, slots=True)
class Arrival:
    """A person's check-in at the fair: when, at which gate, by whom."""

    at: datetime
    gate: str
    by: str


@dataclass(frozen=True, slots=True)
class TicketView:
    """Everything the ticket page shows: the ticket, whose it is, the check-in and the agenda."""

    ticket: TicketInfo
    attendee: Attendee
    arrival: Arrival | None
    agenda: list[AgendaItem]


async def arrival(*, event_id: int, registration_id: int) -> Arrival | None:
    row = (
        await CheckIn.select(
            CheckIn.created_at,
            CheckIn.gate,
            CheckIn.scanned_by.display_name.as_alias("by_name"),
            CheckIn.scanned_by.username.as_alias("by_user"),
        )
        .where((CheckIn.event == event_id) & (CheckIn.registration == registration_id))
        .first()
    )
    if row is None:
        return None
    return Arrival(at=row["created_at"], gate=row["gate"], by=row["by_name"] or row["by_user"] or "")


async def ticket_view(*, token: str) -> TicketView:
    """The ticket page's facts for the token in its URL; a revoked or unknown token is refused."""
    try:
        clean = extract_token(token)
    except TokenError:
        raise NotFoundError("ticket_unknown", "this is not a valid ticket link") from None
    row = (
        await Ticket.select(*_TICKET_COLUMNS, *attendee_columns(Ticket.registration))
        .where(Ticket.secret == clean)
        .first()
    )
    if row is None:
        raise NotFoundError("ticket_unknown", "no ticket has this link")
    info = _info(row)
    if info.revoked_at is not None:
        raise CheckinError(
            "ticket_revoked", "this ticket was replaced by a newer one; use the latest ticket", kind=ErrorKind.GONE
        )
    person = attendee_of(row)
    return TicketView(
        ticket=info,
        attendee=person,
        arrival=await arrival(event_id=info.event_id, registration_id=info.registration_id),
        agenda=await agenda(registration_id=info.registration_id),
    )


@dataclass(frozen=True, slots=True)
class Badge:
    attendee: Attendee
    token: str


async def badges(*, event_id: int, offset: int = 0, limit: int = 40) -> tuple[list[Badge], int]:
    """Badges of the fair's approved registrations (tickets issued where missing), and how many there are."""
    await issue_tickets(event_id=event_id)
    condition = (
        (Ticket.event == event_id)
        & Ticket.revoked_at.is_null()
        & (Ticket.registration.status == RegistrationStatus.APPROVED.value)
    )
    rows = (
        await Ticket.select(Ticket.secret, *attendee_columns(Ticket.registration))
        .where(condition)
        .order_by(Ticket.registration.role)
        .order_by(Ticket.registration.id)
        .offset(offset)
        .limit(limit)
    )
    total = await Ticket.count().where(condition)
    return [Badge(attendee=attendee_of(row), token=row["secret"]) for row in rows], total
