"""Wall-clock budget of one solve."""

from __future__ import annotations

import time


class Deadline:
    """Seconds left until ``time_limit`` seconds after creation."""

    def __init__(self, time_limit: float) -> None:
        self.started = time.monotonic()
        self.time_limit = time_limit

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining(self) -> float:
        return max(0.0, self.time_limit - self.elapsed())

    def sooner(self, seconds: float) -> Deadline:
        """The deadline ``seconds`` before this one (same start)."""
        earlier = Deadline(self.time_limit - seconds)
        earlier.started = self.started
        return earlier
