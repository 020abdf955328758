"""Slot grids: codes, times in the fair's zone, sessions and days, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from events.fairs import FairError, Session, SlotGrid, generate_slots, numbered_tables


def grid(*sessions: tuple[str, str], minutes: int = 20, pause: int = 0, days: tuple[date, ...] = ()) -> SlotGrid:
    return SlotGrid(
        sessions=tuple(Session(time.fromisoformat(a), time.fromisoformat(b)) for a, b in sessions),
        slot_minutes=minutes,
        break_minutes=pause,
        days=days,
    )


def test_slots_fill_sessions_with_breaks() -> None:
    slots = generate_slots(
        grid=grid(("09:00", "10:00"), ("14:00", "14:45"), minutes=20, pause=5),
        starts_on=date(2026, 12, 3),
        ends_on=date(2026, 12, 3),
        time_zone="Asia/Shanghai",
    )
    assert [s.code for s in slots] == ["d1-0900", "d1-0925", "d1-1400", "d1-1425"]
    assert slots[0].starts_at == datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert slots[0].ends_at == datetime(2026, 12, 3, 1, 20, tzinfo=UTC)


def test_selected_days_keep_their_day_number() -> None:
    slots = generate_slots(
        grid=grid(("09:00", "09:20"), days=(date(2026, 12, 5),)),
        starts_on=date(2026, 12, 3),
        ends_on=date(2026, 12, 5),
        time_zone="Europe/Berlin",
    )
    assert [s.code for s in slots] == ["d3-0900"]
    assert slots[0].starts_at == datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("the_grid", "code"),
    [
        (grid(("09:00", "10:00"), minutes=3), "invalid_slot_length"),
        (grid(("09:00", "10:00"), pause=200), "invalid_break"),
        (grid(), "no_sessions"),
        (grid(("09:00", "09:10")), "empty_grid"),
        (grid(("11:00", "10:00")), "session_ends_before_start"),
        (grid(("09:00", "11:00"), ("10:30", "12:00")), "sessions_overlap"),
        (grid(("09:00", "10:00"), days=(date(2027, 1, 1),)), "day_outside_fair"),
        (grid(("00:00", "23:59"), minutes=5), "too_many_slots"),
    ],
)
def test_bad_grids_are_refused(the_grid: SlotGrid, code: str) -> None:
    with pytest.raises(FairError) as caught:
        generate_slots(grid=the_grid, starts_on=date(2026, 12, 3), ends_on=date(2026, 12, 4), time_zone="Asia/Shanghai")
    assert caught.value.code == code


def test_numbered_tables_are_zero_padded() -> None:
    assert [t.code for t in numbered_tables(count=3)] == ["T01", "T02", "T03"]
    assert numbered_tables(count=120, prefix="A")[0].code == "A001"
