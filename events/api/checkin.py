"""Check-in API: scans at the gate and at the table, tickets, live numbers and attendance per slot.

Scanner devices authenticate with a staff user's bearer token (``transferfair token create NAME``); the
scanner page uses the staff member's session cookie and CSRF header.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, TypeVar

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, JSONBody, QueryParameter

from events.accounts import Principal
from events.api.guards import organizer_only, signed_in, staff_of_event
from events.api.schemas.checkin import (
    AttendeeOut,
    ChangedOut,
    CheckinOut,
    CountOut,
    IssuedOut,
    LiveOut,
    PersonHitOut,
    RecentScanOut,
    RoleCountOut,
    ScanIn,
    SlotAttendanceOut,
    TableCheckinOut,
    TableScanIn,
    TicketOut,
)
from events.api.security import principal_of
from events.checkin import attendance, live, service, tickets
from events.checkin.people import Attendee, search_attendees
from events.checkin.tokens import ticket_url
from events.errors import AuthError, DomainError, ErrorKind
from events.fairs import get_fair
from events.settings import Settings
from events.vocabulary import RegistrationRole, UserRole

T = TypeVar("T")


def _one_of(token: str | None, registration_id: int | None) -> None:
    if (token is None) == (registration_id is None):
        raise DomainError("token_or_registration", "send either token (what the QR code holds) or registration_id")


async def _known_fair(principal: Principal, event_id: int) -> None:
    """Staff passed the guard only for a fair that exists; organizers pass for any id, so check theirs."""
    if principal.is_organizer:
        await get_fair(event_id=event_id)


async def _scanner(
    request: Request[Any, Any, Any], event_id: int, *, token: str | None, registration_id: int | None
) -> Principal:
    """Who scans, once the scan names exactly one person (by ticket or registration) at a fair that exists."""
    _one_of(token, registration_id)
    principal = principal_of(request)
    await _known_fair(principal, event_id)
    return principal


def _scan_response(answer: service.ScanAnswer, shape: type[T]) -> Response[T]:
    """201 when the scan checked someone in now, 200 when it found them already in (or replayed a nonce)."""
    return Response(msgspec.convert(answer.body, shape, strict=False), status_code=201 if answer.created else 200)


def _attendee_out(person: Attendee) -> AttendeeOut:
    return AttendeeOut(
        registration_id=person.registration_id,
        name=person.name,
        organization=person.organization,
        team_name=person.team_name,
        role=RegistrationRole(person.role),
    )


def ticket_out(settings: Settings, info: tickets.TicketInfo) -> TicketOut:
    url = ticket_url(settings.base_url, info.token)
    return TicketOut(
        registration_id=info.registration_id,
        event_id=info.event_id,
        token=info.token,
        url=url,
        qr_svg=f"{url}/qr.svg",
        qr_png=f"{url}/qr.png",
        badge=f"{url}/badge",
        issued_at=info.issued_at,
    )


def gate_scanner(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Organizers, or staff users; whether a staff user is staff *of this fair* is checked by the scan itself,
    in the same query that reads the ticket (one round trip less on the busiest route)."""
    signed_in(connection, handler)
    principal = principal_of(connection)
    if not (principal.is_organizer or principal.role is UserRole.STAFF):
        raise AuthError("not_staff_of_event", "you are not staff of this fair", kind=ErrorKind.FORBIDDEN)


class CheckinController(Controller):
    path = "/api/events/{event_id:int}"
    tags = ["check-in"]

    @post(
        "/checkins",
        summary="Check a person in at a gate (scan)",
        description=(
            "201 `checked_in` the first time; 200 `already_checked_in` with when, where and by whom after that. "
            "A retry with the same nonce gets the first answer back and creates nothing. Refusals: "
            "`ticket_other_fair` (409), `ticket_revoked` (410), `ticket_tampered` (400), `ticket_unknown` (404), "
            "`ticket_malformed` (400), `registration_not_approved` (409); each is recorded as a failed scan."
        ),
        status_code=201,
        guards=[gate_scanner],
    )
    async def check_in(
        self, event_id: FromPath[int], data: JSONBody[ScanIn], request: Request[Any, Any, Any]
    ) -> Response[CheckinOut]:
        principal = await _scanner(request, event_id, token=data.token, registration_id=data.registration_id)
        answer = await service.check_in(
            event_id=event_id,
            scanned=data.token,
            registration_id=data.registration_id,
            gate=data.gate.strip(),
            nonce=data.nonce or uuid.uuid4().hex,
            scanned_by=principal.user_id,
            scanned_by_name=principal.display_name,
            staff_user_id=None if principal.is_organizer else principal.user_id,
        )
        return _scan_response(answer, CheckinOut)

    @post(
        "/table-checkins",
        summary="Check a participant in at their meeting's table",
        description=(
            "Finds the participant's meeting at `table` in `slot` (default: the slot under way, ten minutes' "
            "grace either side), marks them present, and marks the meeting held once every attendee is. "
            "Refusals are those of a gate scan plus `no_meeting_here` (409)."
        ),
        status_code=201,
        guards=[staff_of_event],
    )
    async def check_in_at_table(
        self, event_id: FromPath[int], data: JSONBody[TableScanIn], request: Request[Any, Any, Any]
    ) -> Response[TableCheckinOut]:
        principal = await _scanner(request, event_id, token=data.token, registration_id=data.registration_id)
        answer = await service.check_in_at_table(
            event_id=event_id,
            table=data.table,
            slot=data.slot,
            scanned=data.token,
            registration_id=data.registration_id,
            nonce=data.nonce or uuid.uuid4().hex,
            scanned_by=principal.user_id,
        )
        return _scan_response(answer, TableCheckinOut)

    @get(
        "/checkins/people",
        summary="Find participants by name, organization or phone (scanner fallback)",
        cache=False,
        guards=[staff_of_event],
    )
    async def search_people(
        self, event_id: FromPath[int], q: Annotated[str, QueryParameter(min_length=1, max_length=50)]
    ) -> list[PersonHitOut]:
        found = await search_attendees(event_id=event_id, q=q)
        return [
            PersonHitOut(
                attendee=_attendee_out(hit.attendee),
                phone=hit.masked_phone,
                checked_in_at=hit.checked_in_at,
                gate=hit.gate,
            )
            for hit in found
        ]

    @get(
        "/checkins/live",
        summary="Live numbers: arrivals per role, gate and five minutes; failed scans",
        cache=False,
        guards=[staff_of_event],
    )
    async def live_numbers(self, event_id: FromPath[int]) -> LiveOut:
        await get_fair(event_id=event_id)
        numbers = await live.live_numbers(event_id=event_id)
        roles = sorted(set(numbers.expected) | set(numbers.checked_in))
        return LiveOut(
            at=numbers.at,
            expected=numbers.total_expected,
            checked_in=numbers.total_checked_in,
            roles=[
                RoleCountOut(role=r, expected=numbers.expected.get(r, 0), checked_in=numbers.checked_in.get(r, 0))
                for r in roles
            ],
            gates=[CountOut(key=gate, count=n) for gate, n in numbers.gates],
            arrivals=[CountOut(key=start.isoformat(), count=n) for start, n in numbers.arrivals],
            failed=numbers.total_failed,
            failed_by_code=[CountOut(key=code, count=n) for code, n in sorted(numbers.failed.items())],
            scans=numbers.scans,
            recent=[RecentScanOut(**row) for row in numbers.recent],
        )

    @get(
        "/attendance",
        summary="Meetings per slot: held, no-show, one side only, pending",
        cache=False,
        guards=[staff_of_event],
    )
    async def attendance_per_slot(self, event_id: FromPath[int]) -> list[SlotAttendanceOut]:
        await get_fair(event_id=event_id)
        return [
            SlotAttendanceOut(
                slot=s.code,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                held=s.held,
                no_show=s.no_show,
                one_side=s.one_side,
                pending=s.pending,
            )
            for s in await attendance.slot_attendance(event_id=event_id)
        ]

    @post("/no-shows", summary="Mark meetings whose slot ended with nobody as no-shows", guards=[organizer_only])
    async def settle_no_shows(self, event_id: FromPath[int]) -> ChangedOut:
        await get_fair(event_id=event_id)
        return ChangedOut(changed=await attendance.settle_no_shows(event_id=event_id))

    @post("/tickets", summary="Issue tickets to every approved registration that has none", guards=[organizer_only])
    async def issue_all(self, event_id: FromPath[int]) -> IssuedOut:
        await get_fair(event_id=event_id)
        return IssuedOut(issued=await tickets.issue_tickets(event_id=event_id))

    @get(
        "/tickets/{registration_id:int}",
        summary="A registration's live ticket (issued on first need)",
        cache=False,
        guards=[staff_of_event],
    )
    async def ticket(
        self, event_id: FromPath[int], registration_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> TicketOut:
        info = await tickets.issue_ticket(registration_id=registration_id, event_id=event_id)
        return ticket_out(settings, info)

    @post(
        "/tickets/{registration_id:int}/reissue",
        summary="Revoke the ticket and issue a new one (the old QR code is refused at once)",
        guards=[organizer_only],
    )
    async def reissue(
        self, event_id: FromPath[int], registration_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> TicketOut:
        info = await tickets.reissue_ticket(registration_id=registration_id, event_id=event_id)
        return ticket_out(settings, info)
