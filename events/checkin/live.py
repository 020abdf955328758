"""The organizers' live numbers: who has arrived, through which gate, how fast, and what was refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from piccolo.query.functions.aggregate import Count

from events.checkin.service import SUCCESSES
from events.clock import utc_now
from events.tables import CheckIn, Registration, Scan
from events.vocabulary import RegistrationStatus

BUCKET = timedelta(minutes=5)
MAX_BUCKETS = 144  # twelve hours of five-minute bars
RECENT = 12
_SCANNED: Any = Scan.registration


@dataclass(frozen=True, slots=True)
class LiveNumbers:
    at: datetime
    expected: dict[str, int]  # approved registrations per role
    checked_in: dict[str, int]  # check-ins per role
    gates: list[tuple[str, int]]  # check-ins per gate, busiest first
    arrivals: list[tuple[datetime, int]]  # check-ins per five minutes, oldest first, gaps filled with zeros
    failed: dict[str, int]  # refused scans per machine code
    scans: int  # every scan recorded, accepted or refused
    recent: list[dict[str, Any]] = field(default_factory=list)  # the latest scans, newest first

    @property
    def total_expected(self) -> int:
        return sum(self.expected.values())

    @property
    def total_checked_in(self) -> int:
        return sum(self.checked_in.values())

    @property
    def total_failed(self) -> int:
        return sum(self.failed.values())


def _floor(moment: datetime) -> datetime:
    return moment - timedelta(minutes=moment.minute % 5, seconds=moment.second, microseconds=moment.microsecond)


def arrivals_per_bucket(times: list[datetime], *, now: datetime) -> list[tuple[datetime, int]]:
    """Five-minute buckets from the first arrival to now (at most the last twelve hours).

    When nobody arrived in the last twelve hours (the fair is over), the buckets cover the twelve hours with the
    most arrivals instead, up to the last of them: the mornings of a past fair rather than a row of zeros.
    """
    if not times:
        return []
    counts: dict[datetime, int] = {}
    for moment in times:
        key = _floor(moment)
        counts[key] = counts.get(key, 0) + 1
    window = BUCKET * (MAX_BUCKETS - 1)
    if _floor(now) - max(counts) > window:
        first, now = _busiest_span(sorted(counts), counts, window)
        counts = {key: count for key, count in counts.items() if first <= key <= now}
    start = max(min(counts), _floor(now) - window)
    end = max(*counts, _floor(now))
    buckets: list[tuple[datetime, int]] = []
    cursor = start
    while cursor <= end and len(buckets) < MAX_BUCKETS:
        buckets.append((cursor, counts.get(cursor, 0)))
        cursor += BUCKET
    return buckets


def _busiest_span(keys: list[datetime], counts: dict[datetime, int], window: timedelta) -> tuple[datetime, datetime]:
    """The first and last bucket with arrivals of the span of ``window`` that holds the most of them (the latest
    such span on a tie)."""
    best, best_total, total, first = (keys[0], keys[0]), 0, 0, 0
    for key in keys:
        total += counts[key]
        while keys[first] < key - window:
            total -= counts[keys[first]]
            first += 1
        if total >= best_total:
            best, best_total = (keys[first], key), total
    return best


async def live_numbers(*, event_id: int, now: datetime | None = None) -> LiveNumbers:
    moment = now or utc_now()
    expected_rows = (
        await Registration.select(Registration.role, Count(Registration.id, alias="n"))
        .where((Registration.event == event_id) & (Registration.status == RegistrationStatus.APPROVED.value))
        .group_by(Registration.role)
    )
    arrived_rows = await CheckIn.select(
        CheckIn.gate, CheckIn.created_at, CheckIn.registration.role.as_alias("role")
    ).where(CheckIn.event == event_id)
    checked_in: dict[str, int] = {}
    gates: dict[str, int] = {}
    for row in arrived_rows:
        checked_in[row["role"]] = checked_in.get(row["role"], 0) + 1
        gates[row["gate"] or "—"] = gates.get(row["gate"] or "—", 0) + 1
    outcome_rows = (
        await Scan.select(Scan.outcome, Count(Scan.id, alias="n")).where(Scan.event == event_id).group_by(Scan.outcome)
    )
    recent_rows = (
        await Scan.select(
            Scan.created_at,
            Scan.gate,
            Scan.kind,
            Scan.outcome,
            _SCANNED.person.name.as_alias("person"),
            _SCANNED.organization.name.as_alias("org"),
        )
        .where(Scan.event == event_id)
        .order_by(Scan.id, ascending=False)
        .limit(RECENT)
    )
    return LiveNumbers(
        at=moment,
        expected={row["role"]: row["n"] for row in expected_rows},
        checked_in=checked_in,
        gates=sorted(gates.items(), key=lambda item: (-item[1], item[0])),
        arrivals=arrivals_per_bucket([row["created_at"] for row in arrived_rows], now=moment),
        failed={row["outcome"]: row["n"] for row in outcome_rows if row["outcome"] not in SUCCESSES},
        scans=sum(row["n"] for row in outcome_rows),
        recent=[
            {
                "at": row["created_at"],
                "gate": row["gate"],
                "kind": row["kind"],
                "outcome": row["outcome"],
                "name": row["person"] or row["org"] or "",
            }
            for row in recent_rows
        ],
    )
