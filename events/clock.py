"""The one place that reads the wall clock, so that domain code and tests agree on 'now'."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(tz=UTC)
