"""Tickets, scans at the gate and at the table, live numbers and meeting attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from events.api.schemas.common import Code, Input
from events.vocabulary import RegistrationRole

Gate = Annotated[str, msgspec.Meta(max_length=40, description="where the scan happened, e.g. 东门 or Gate 3")]
Nonce = Annotated[
    str,
    msgspec.Meta(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
        description="a fresh random id per scan (e.g. a UUID); a retry with the same nonce gets the same answer",
    ),
]
Scanned = Annotated[
    str, msgspec.Meta(min_length=1, max_length=500, description="the token, or the whole URL the QR code holds")
]


class ScanIn(Input, kw_only=True):
    """A scan at a gate: the ticket read from the QR code, or a registration picked by search."""

    token: Scanned | None = None
    registration_id: int | None = None
    gate: Gate = ""
    nonce: Nonce | None = None


class TableScanIn(Input, kw_only=True):
    """A scan at a meeting table; ``slot`` names the meeting's slot when it is not the current one."""

    table: Code
    token: Scanned | None = None
    registration_id: int | None = None
    slot: Code | None = None
    nonce: Nonce | None = None


class AttendeeOut(msgspec.Struct, kw_only=True):
    registration_id: int
    name: str
    organization: str
    team_name: str
    role: RegistrationRole


class ArrivalOut(msgspec.Struct, kw_only=True):
    at: datetime
    gate: str
    by: str


class MeetingRefOut(msgspec.Struct, kw_only=True):
    meeting_id: int
    slot: str
    starts_at: datetime
    ends_at: datetime
    table: str
    table_name: str
    with_: str = msgspec.field(name="with")


class ScanRefOut(msgspec.Struct, kw_only=True):
    nonce: str
    gate: str
    at: datetime


class CheckinOut(msgspec.Struct, kw_only=True):
    """201 ``checked_in`` on the first scan, 200 ``already_checked_in`` after (``check_in`` is the first one)."""

    outcome: Literal["checked_in", "already_checked_in"]
    attendee: AttendeeOut
    check_in: ArrivalOut
    next_meeting: MeetingRefOut | None
    scan: ScanRefOut


class TableAttendeeOut(msgspec.Struct, kw_only=True):
    registration_id: int
    name: str
    organization: str
    checked_in_at: datetime | None


class TableMeetingOut(msgspec.Struct, kw_only=True):
    meeting_id: int
    slot: str
    starts_at: datetime
    ends_at: datetime
    table: str
    status: str
    held: bool
    attendees: list[TableAttendeeOut]


class TableCheckinOut(msgspec.Struct, kw_only=True):
    """201 ``meeting_checked_in`` the first time, 200 ``already_at_meeting`` after; ``held`` once both came."""

    outcome: Literal["meeting_checked_in", "already_at_meeting"]
    attendee: AttendeeOut
    meeting: TableMeetingOut
    scan: ScanRefOut


class TicketOut(msgspec.Struct, kw_only=True):
    registration_id: int
    event_id: int
    token: str
    url: str
    qr_svg: str
    qr_png: str
    badge: str
    issued_at: datetime


class IssuedOut(msgspec.Struct, kw_only=True):
    issued: int


class ChangedOut(msgspec.Struct, kw_only=True):
    changed: int


class PersonHitOut(msgspec.Struct, kw_only=True):
    attendee: AttendeeOut
    phone: str
    checked_in_at: datetime | None
    gate: str


class CountOut(msgspec.Struct, kw_only=True):
    key: str
    count: int


class RoleCountOut(msgspec.Struct, kw_only=True):
    role: str
    expected: int
    checked_in: int


class RecentScanOut(msgspec.Struct, kw_only=True):
    at: datetime
    gate: str
    kind: str
    outcome: str
    name: str


class LiveOut(msgspec.Struct, kw_only=True):
    at: datetime
    expected: int
    checked_in: int
    roles: list[RoleCountOut]
    gates: list[CountOut]
    arrivals: list[CountOut]  # key: the start of each five-minute bucket (ISO time)
    failed: int
    failed_by_code: list[CountOut]
    scans: int
    recent: list[RecentScanOut]


class SlotAttendanceOut(msgspec.Struct, kw_only=True):
    slot: str
    starts_at: datetime
    ends_at: datetime
    held: int
    no_show: int
    one_side: int
    pending: int
