"""Progress of a running solve, for a terminal line or a progress bar."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """Best total weight so far, the proved upper bound on it, seconds since the start, and the phase.

    Phases, in order: ``start``, ``bound``, ``greedy``, ``weight``, ``stability``, ``fairness``,
    ``compactness``, ``published`` (a re-run putting previous meetings back in place), ``done``.
    ``weight / bound`` is how close the schedule is to the best possible; the elapsed time against the time limit
    is how far the run has gone.
    """

    weight: int
    bound: int
    elapsed: float
    phase: str


PHASES = ("start", "bound", "greedy", "weight", "stability", "fairness", "compactness", "published", "done")


class Reporter:
    """Forwards progress to a callback, at most every ``interval`` seconds unless the phase changes.

    Phases only move forward (a later search that revisits weight still reports the phase reached).
    """

    def __init__(self, callback: Callable[[Progress], None] | None, *, started: float, interval: float = 0.1) -> None:
        self.callback = callback
        self.started = started
        self.interval = interval
        self.weight = 0
        self.bound = 0
        self.phase = ""
        self._last = -1.0

    def __call__(self, *, phase: str, weight: int | None = None, bound: int | None = None) -> None:
        if weight is not None:
            self.weight = weight
        if bound is not None:
            self.bound = bound
        now = time.monotonic()
        if self.callback is None:
            return
        if self.phase in PHASES and PHASES.index(phase) < PHASES.index(self.phase):
            phase = self.phase
        if phase == self.phase and now - self._last < self.interval:
            return
        self.phase = phase
        self._last = now
        self.callback(Progress(self.weight, max(self.bound, self.weight), now - self.started, phase))
