"""Shared bits of the registration, import and enquiry tests."""

from __future__ import annotations

from typing import Any

from events import fairs
from events.directory import credit_code_check_digit
from events.vocabulary import EventStatus
from tests.factories import make_fair


def credit_code(body: str = "91420100MA4KX123") -> str:
    """A valid unified social credit code: 17 characters (padded with 0) and their check digit."""
    first17 = (body + "0" * 17)[:17]
    return first17 + credit_code_check_digit(first17)


async def open_fair(**options: Any) -> Any:
    """A fair taking sign-ups (status open, no window unless given)."""
    event = await make_fair(**options)
    return await fairs.change_status(event_id=event.id, status=EventStatus.OPEN)
