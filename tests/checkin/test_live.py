"""The organizers' live numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.checkin import live, service, tickets
from events.checkin.errors import CheckinError
from events.checkin.tokens import new_token
from tests.factories import make_fair, make_registration

T0 = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)


async def test_expected_and_checked_in_per_role_and_gate_arrivals_and_failures() -> None:
    fair = await make_fair()
    enterprises = [await make_registration(event_id=fair.id, role="enterprise") for _ in range(3)]
    teams = [await make_registration(event_id=fair.id, role="team") for _ in range(2)]
    await make_registration(event_id=fair.id, role="guest", status="pending")
    moments = [T0, T0 + timedelta(minutes=2), T0 + timedelta(minutes=11)]
    for index, (person, moment) in enumerate(zip([*enterprises[:2], teams[0]], moments, strict=True)):
        ticket = await tickets.issue_ticket(registration_id=person.id)
        await service.check_in(
            event_id=fair.id, scanned=ticket.token, gate="东门" if index < 2 else "西门", nonce=f"n{index}", now=moment
        )
    for index in range(2):
        with pytest.raises(CheckinError):
            await service.check_in(event_id=fair.id, scanned=new_token(), gate="东门", nonce=f"x{index}", now=T0)

    numbers = await live.live_numbers(event_id=fair.id, now=T0 + timedelta(minutes=16))
    assert numbers.expected == {"enterprise": 3, "team": 2}
    assert numbers.checked_in == {"enterprise": 2, "team": 1}
    assert (numbers.total_expected, numbers.total_checked_in) == (5, 3)
    assert numbers.gates == [("东门", 2), ("西门", 1)]
    assert numbers.arrivals == [
        (T0, 2),
        (T0 + timedelta(minutes=5), 0),
        (T0 + timedelta(minutes=10), 1),
        (T0 + timedelta(minutes=15), 0),
    ]
    assert numbers.failed == {"ticket_unknown": 2}
    assert numbers.scans == 5
    assert [r["outcome"] for r in numbers.recent][:2] == ["ticket_unknown", "ticket_unknown"]


def test_buckets_keep_only_the_last_twelve_hours() -> None:
    times = [T0, T0 + timedelta(hours=20)]
    buckets = live.arrivals_per_bucket(times, now=T0 + timedelta(hours=20))
    assert len(buckets) == live.MAX_BUCKETS
    assert buckets[-1] == (T0 + timedelta(hours=20), 1)
    assert sum(n for _, n in buckets) == 1
    assert live.arrivals_per_bucket([], now=T0) == []


def test_long_after_the_fair_the_buckets_show_its_busiest_twelve_hours() -> None:
    first_morning = [T0, T0, T0 + timedelta(minutes=3), T0 + timedelta(minutes=11)]
    second_morning = [T0 + timedelta(days=1, minutes=4)]
    buckets = live.arrivals_per_bucket(first_morning + second_morning, now=T0 + timedelta(days=30))
    assert buckets == [(T0, 3), (T0 + timedelta(minutes=5), 0), (T0 + timedelta(minutes=10), 1)]
    later_morning = [T0 + timedelta(days=1, minutes=m) for m in (0, 1, 2, 6, 7)]
    buckets = live.arrivals_per_bucket(first_morning + later_morning, now=T0 + timedelta(days=30))
    assert buckets == [(T0 + timedelta(days=1), 3), (T0 + timedelta(days=1, minutes=5), 2)]
