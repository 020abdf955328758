"""Refusals of the check-in area, each with a stable machine code."""

from __future__ import annotations

from typing import Any

from events.errors import DomainError, ErrorKind


class CheckinError(DomainError):
    """A refused ticket, scan or check-in."""


# What each refusal of a scan means; the kinds map to HTTP statuses in ``events.api.errors``.
SCAN_REFUSALS: dict[str, ErrorKind] = {
    "ticket_malformed": ErrorKind.INVALID,  # not a ticket of this system (another barcode, a truncated read)
    "ticket_tampered": ErrorKind.INVALID,  # shaped like a ticket but its check code fails: altered or mistyped
    "ticket_unknown": ErrorKind.NOT_FOUND,  # well formed, never issued here
    "ticket_revoked": ErrorKind.GONE,  # replaced by a newer ticket
    "ticket_other_fair": ErrorKind.CONFLICT,  # a real ticket, of another fair
    "registration_not_approved": ErrorKind.CONFLICT,  # the registration was cancelled, rejected or is pending
    "unknown_registration": ErrorKind.NOT_FOUND,  # manual check-in (search) of an id that is not of this fair
    "no_meeting_here": ErrorKind.CONFLICT,  # table scan: no meeting of this person at this table now
}


def refusal(code: str, message: str, **details: Any) -> CheckinError:
    return CheckinError(code, message, kind=SCAN_REFUSALS[code], details=details or None)
