"""The window ladder: two CP-SAT searches that climb one rung (one idle slot) at a time, on stand-in models."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from events.scheduling.cpsat import CpBuilder
from events.scheduling.window_ladder import AS_LISTED, MOST_MEETINGS_FIRST, WindowLadder
from tests.scheduling.test_cpsat import pigeons, random_three_sat


@dataclass
class Rung:
    """A stand-in for a window model: ``builder`` is the rung's model, ``lower_bound`` the ladder's foot."""

    builder: CpBuilder
    rung: int
    feasible: bool = True
    lower_bound: int = 3
    orders: list[str] = field(default_factory=list)

    def branching(self, order: str) -> list[int]:
        self.orders.append(order)
        return list(range(self.builder.size))


def _holes(rung: int) -> Rung:
    """Rung ``K``: four pigeons in ``K + 1`` holes, possible from rung 3 on."""
    return Rung(pigeons(4, rung + 1), rung)


def test_the_ladder_climbs_past_the_rungs_proved_impossible_to_the_first_possible_one() -> None:
    built: list[int] = []

    def widened(rung: int) -> Rung:
        built.append(rung)
        return _holes(rung)

    shortest = _holes(0)
    ladder = WindowLadder(shortest, widened, ceiling=100, seconds=60.0)
    ladder.wait(60.0)
    ladder.stop()
    assert ladder.found is not None
    assert ladder.found.model.rung == 3
    assert ladder.floor == 3 + 3
    assert set(built) <= {1, 2, 3}
    assert 3 in built
    solution = ladder.found.solution
    rows = [solution[4 * p : 4 * p + 4] for p in range(4)]
    assert [sum(row) for row in rows] == [1, 1, 1, 1]


def test_the_two_searches_order_the_participants_differently() -> None:
    shortest = Rung(pigeons(4, 4), 0)
    ladder = WindowLadder(shortest, _holes, ceiling=100, seconds=60.0)
    deadline = time.monotonic() + 60.0
    while not ladder.done and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ladder.done
    assert ladder.found is not None
    assert ladder.found.model is shortest
    assert sorted(shortest.orders) == [AS_LISTED, MOST_MEETINGS_FIRST]


def test_the_ladder_stops_below_the_ceiling() -> None:
    ladder = WindowLadder(_holes(0), _holes, ceiling=3 + 2, seconds=60.0)
    ladder.wait(60.0)
    assert ladder.done
    assert ladder.found is None
    assert ladder.floor == 3 + 2


def test_a_rung_without_any_window_ends_the_climb() -> None:
    def widened(rung: int) -> Rung:
        return Rung(pigeons(4, 1), rung, feasible=False)

    ladder = WindowLadder(_holes(0), widened, ceiling=100, seconds=60.0)
    ladder.wait(60.0)
    assert ladder.done
    assert ladder.found is None
    assert ladder.floor == 3 + 1


def test_stop_ends_searches_that_would_run_long() -> None:
    # Random 3-SAT at the hard ratio: one CP-SAT worker neither solves nor refutes it in 40 s.
    hard = Rung(random_three_sat(400, 1704, seed=1), 0)
    ladder = WindowLadder(
        hard, lambda rung: Rung(random_three_sat(400, 1704, seed=1), rung), ceiling=100, seconds=600.0
    )
    started = time.monotonic()
    ladder.wait(0.5)
    ladder.stop()
    assert ladder.done
    assert ladder.found is None
    assert ladder.floor == 3
    assert time.monotonic() - started < 30.0


def _alive(name: str) -> bool:
    return any(thread.name == name for thread in threading.enumerate())


def test_halt_ends_one_search_and_the_other_goes_on() -> None:
    def hard(rung: int) -> Rung:
        return Rung(random_three_sat(400, 1704, seed=1), rung)

    ladder = WindowLadder(hard(0), hard, ceiling=100, seconds=600.0)
    try:
        assert _alive(f"ladder: {MOST_MEETINGS_FIRST}")
        ladder.halt(MOST_MEETINGS_FIRST)
        deadline = time.monotonic() + 30.0
        while _alive(f"ladder: {MOST_MEETINGS_FIRST}") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not _alive(f"ladder: {MOST_MEETINGS_FIRST}")
        assert _alive(f"ladder: {AS_LISTED}")
        assert not ladder.done
    finally:
        ladder.stop()
    assert ladder.done
    assert not _alive(f"ladder: {AS_LISTED}")
