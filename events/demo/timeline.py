"""Seeded moments in time: when people registered, were approved, asked and answered."""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between ``start`` and ``end``, to the minute (``start`` when the span is empty)."""
    if end <= start:
        return start
    seconds = int((end - start).total_seconds())
    moment = start + timedelta(seconds=rng.randrange(seconds))
    return moment.replace(second=0, microsecond=0)


def moments_between(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """``count`` moments between ``start`` and ``end``, earliest first."""
    return sorted(moment_between(rng, start, end) for _ in range(count))


def later(rng: random.Random, moment: datetime, *, hours: tuple[float, float], until: datetime) -> datetime | None:
    """A moment some hours after ``moment`` but before ``until``; None when there is no room for it."""
    candidate = moment + timedelta(hours=rng.uniform(*hours))
    if candidate <= until:
        return candidate.replace(second=0, microsecond=0)
    if until - moment >= timedelta(hours=1):
        return moment_between(rng, moment + timedelta(hours=1), until)
    return None
