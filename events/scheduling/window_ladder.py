"""The fewest idle slots of a long session, searched one idle slot at a time by two CP-SAT searches in threads.

A window model (:class:`events.scheduling.compaction.CompactionModel`) with ``extra = K`` slots of slack and an
idle budget of its lower bound plus ``K`` holds every schedule with at most that many idle slots: a solution is a
schedule that good, and a proof that there is none raises the proved lower bound by one. The ladder starts at
``K = 0`` (every agenda in its shortest window) and climbs while that is proved impossible.

Each search branches first on the windows, participant after participant, the shortest and earliest window
first, and CP-SAT alternates that with its own heuristics, restarting often. On the B2B instances that finds in
1.5-3 s schedules that CP-SAT's default search does not find in 15 s, but only for a good order of the
participants, and no one order is good everywhere: participants with the most meetings first (fail first: they
have the fewest windows) finds ticf-14crafa's schedule without an idle slot, the participants as listed finds
forum-14's and forumt-14crafe's. So two searches run side by side, one per order:

- *most meetings first* stays on a rung until it is proved impossible (its finds take the longest);
- *as listed* gives a rung half of the time it has left and then climbs anyway (forumt-14crafe's shortest
  windows are not found in 8 s, one idle slot more takes 1.5 s).

A proof by either search lifts both. The ladder stops at the first schedule found (the caller then lowers the
breaks at that many idle slots), at ``ceiling`` idle slots (the caller already has a schedule that good), or when
stopped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from events.scheduling.cpsat import BackgroundSearch, CpBuilder

MOST_MEETINGS_FIRST = "most meetings first"
AS_LISTED = "as listed"

RUNG_SECONDS = 5.0
"""The search that climbs on time gives a rung at least this long (or all it has left), else half of it."""


class WindowModel(Protocol):
    builder: CpBuilder
    feasible: bool

    @property
    def lower_bound(self) -> int: ...

    def branching(self, order: str) -> list[int]:
        """The window variables, participant after participant in ``order``."""
        ...


Model = TypeVar("Model", bound=WindowModel)


@dataclass(frozen=True, slots=True)
class Found(Generic[Model]):
    model: Model
    solution: list[int]


class WindowLadder(Generic[Model]):
    def __init__(
        self,
        shortest: Model,
        widened: Callable[[int], Model],
        *,
        ceiling: int,
        seconds: float,
    ) -> None:
        """Climb from ``shortest`` (``K = 0``); ``widened(K)`` builds the rung ``K``. Starts at once."""
        self.lower = shortest.lower_bound
        self.floor = self.lower
        """Proved: no schedule of these meetings has fewer idle slots."""
        self.found: Found[Model] | None = None
        self._shortest = shortest
        self._widened = widened
        self._ceiling = ceiling
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._halted: set[str] = set()
        self._running: dict[str, BackgroundSearch] = {}
        self._settled = threading.Event()
        self._climbing = 2
        self._threads = [
            threading.Thread(target=self._climb, args=(order, climb_on_time), name=f"ladder: {order}", daemon=True)
            for order, climb_on_time in ((MOST_MEETINGS_FIRST, False), (AS_LISTED, True))
        ]
        for thread in self._threads:
            thread.start()

    @property
    def done(self) -> bool:
        return not any(thread.is_alive() for thread in self._threads)

    def wait(self, seconds: float | None = None) -> None:
        """Wait until a schedule is found or both searches have ended (at most ``seconds``, if given)."""
        self._settled.wait(seconds)

    def halt(self, order: str) -> None:
        """End the search of ``order`` (``MOST_MEETINGS_FIRST`` or ``AS_LISTED``); the other one goes on."""
        with self._lock:
            self._halted.add(order)
            search = self._running.get(order)
        if search is not None:
            search.stop()

    def stop(self) -> None:
        """End both searches (if still running) and wait for them."""
        for order in (MOST_MEETINGS_FIRST, AS_LISTED):
            self.halt(order)
        for thread in self._threads:
            thread.join()

    def _climb(self, order: str, climb_on_time: bool) -> None:
        try:
            self._climb_rungs(order, climb_on_time)
        finally:
            with self._lock:
                self._climbing -= 1
                if self._climbing == 0 or self.found is not None:
                    self._settled.set()

    def _climb_rungs(self, order: str, climb_on_time: bool) -> None:
        extra = 0
        while True:
            with self._lock:
                if order in self._halted:
                    return
                extra = max(extra, self.floor - self.lower)
            left = self._end - time.monotonic()
            if self.lower + extra >= self._ceiling or left < 0.05:
                return
            model = self._shortest if extra == 0 else self._widened(extra)
            if not model.feasible:
                return
            seconds = max(left / 2, min(left, RUNG_SECONDS)) if climb_on_time else left
            with self._lock:
                if order in self._halted:
                    return
                search = BackgroundSearch(model.builder, seconds=seconds, first=model.branching(order))
                self._running[order] = search
            search.wait()
            with self._lock:
                del self._running[order]
                if search.solution is not None:
                    if self.found is None:
                        self.found = Found(model, search.solution)
                    return
                if search.infeasible:
                    self.floor = max(self.floor, self.lower + extra + 1)
                elif not climb_on_time:
                    return
            extra += 1
