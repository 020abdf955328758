"""The solve's wall-clock budget."""

from __future__ import annotations

import pytest

from events.scheduling.timing import Deadline


def test_a_sooner_deadline_ends_that_many_seconds_earlier_from_the_same_start() -> None:
    deadline = Deadline(10.0)
    sooner = deadline.sooner(2.5)
    assert sooner.started == deadline.started
    assert sooner.time_limit == 7.5
    assert deadline.remaining() - sooner.remaining() == pytest.approx(2.5, abs=0.01)
