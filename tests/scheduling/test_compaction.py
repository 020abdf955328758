"""Compaction of a long session: the shortest-windows search, with the caller's own improvement beside it."""

from __future__ import annotations

import time
from collections.abc import Callable

from events.scheduling import Request, Table
from events.scheduling.assignment import Assignment
from events.scheduling.compaction import agenda_figures, compact
from events.scheduling.instance import build_instance
from events.scheduling.timing import Deadline
from tests.scheduling.fairs import problem


def test_the_search_tells_the_improvement_beside_it_to_stop_once_it_has_the_shortest_windows() -> None:
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("ad", ("a", "d"))),
        sessions=(8,),
        tables=(Table("T1"), Table("T2")),
    )
    instance = build_instance(fair)
    index = instance.request_index
    warm = {index["ab"]: (0, 0), index["ac"]: (4, 0), index["ad"]: (7, 0)}
    base = Assignment(instance)
    session = instance.session_masks[0]
    assert agenda_figures(instance, base, [(r, *place) for r, place in warm.items()], session) == (5, 2)
    deadline = Deadline(60.0)
    asked: list[float] = []
    stopped: list[bool] = []

    def beside(seconds: float, stop: Callable[[], bool]) -> None:
        asked.append(seconds)
        while deadline.remaining() > 30.0:
            if stop():
                stopped.append(True)
                return
            time.sleep(0.01)

    compacted = compact(
        instance,
        base,
        list(warm),
        session=session,
        keep=(),
        pinned={},
        warm=warm,
        deadline=deadline,
        budget=40.0,
        workers=2,
        beside=beside,
    )
    assert asked == [40.0]
    assert stopped == [True]
    assert compacted is not None
    assert (compacted.idle, compacted.breaks) == (0, 0)
    slots = sorted(s for _r, s, _t in compacted.placements)
    assert slots == [slots[0], slots[0] + 1, slots[0] + 2]


def test_the_improvement_beside_is_not_asked_when_the_known_agendas_are_already_the_shortest() -> None:
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c"))),
        sessions=(8,),
        tables=(Table("T1"), Table("T2")),
    )
    instance = build_instance(fair)
    index = instance.request_index
    warm = {index["ab"]: (2, 0), index["ac"]: (3, 0)}
    asked: list[float] = []
    compacted = compact(
        instance,
        Assignment(instance),
        list(warm),
        session=instance.session_masks[0],
        keep=(),
        pinned={},
        warm=warm,
        deadline=Deadline(60.0),
        budget=10.0,
        workers=2,
        beside=lambda seconds, _stop: asked.append(seconds),
    )
    assert asked == []
    assert compacted is not None
    assert (compacted.idle, compacted.breaks) == (0, 0)
