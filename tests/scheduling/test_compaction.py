"""Compaction of a long session: the window ladder's searches, then the caller's own improvement beside them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from events.scheduling import Request, Table, gap_model
from events.scheduling.assignment import Assignment
from events.scheduling.compaction import Beside, Compacted, _Cores, agenda_figures, compact
from events.scheduling.gap_model import GapModel
from events.scheduling.instance import Instance, build_instance
from events.scheduling.slot_model import Option
from events.scheduling.timing import Deadline
from tests.scheduling.fairs import one_table_crowded, problem


def _compact(
    instance: Instance, warm: dict[int, tuple[int, int]], *, budget: float, beside: Beside
) -> Compacted | None:
    return compact(
        instance,
        Assignment(instance),
        list(warm),
        session=instance.session_masks[0],
        keep=(),
        pinned={},
        warm=warm,
        deadline=Deadline(60.0),
        budget=budget,
        workers=2,
        beside=beside,
    )


def _compact_alone(instance: Instance, warm: dict[int, tuple[int, int]], *, budget: float) -> Compacted | None:
    """:func:`compact`, asserting that it never asks for the caller's own improvement beside its searches."""
    asked: list[float] = []

    def beside(seconds: float, _stop: Callable[[tuple[int, int]], bool]) -> dict[int, tuple[int, int]]:
        asked.append(seconds)
        return warm

    compacted = _compact(instance, warm, budget=budget, beside=beside)
    assert asked == []
    return compacted


def _figures(instance: Instance, placements: dict[int, tuple[int, int]]) -> tuple[int, int]:
    items = [(r, *place) for r, place in placements.items()]
    return agenda_figures(instance, Assignment(instance), items, instance.session_masks[0])


def _triangle() -> Instance:
    """a, b and c meet each other: three meetings in three distinct slots, so one of them waits a slot."""
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("bc", ("b", "c"))),
        sessions=(8,),
        tables=(Table("T1"), Table("T2")),
    )
    return build_instance(fair)


def test_the_ladder_finds_the_shortest_windows_without_asking_the_improvement_beside_it() -> None:
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("ad", ("a", "d"))),
        sessions=(8,),
        tables=(Table("T1"), Table("T2")),
    )
    instance = build_instance(fair)
    index = instance.request_index
    warm = {index["ab"]: (0, 0), index["ac"]: (4, 0), index["ad"]: (7, 0)}
    assert _figures(instance, warm) == (5, 2)
    compacted = _compact_alone(instance, warm, budget=40.0)
    assert compacted is not None
    assert (compacted.idle, compacted.breaks) == (0, 0)
    slots = sorted(s for _r, s, _t in compacted.placements)
    assert slots == [slots[0], slots[0] + 1, slots[0] + 2]


def test_the_ladder_climbs_one_idle_slot_when_the_shortest_windows_are_impossible(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tables without counters: the core-based search starts only once the ladder has proved the shortest
    # windows impossible.
    monkeypatch.setattr(gap_model, "COUNTER_LIMIT", 0)
    instance = _triangle()
    index = instance.request_index
    warm = {index["ab"]: (0, 0), index["ac"]: (4, 0), index["bc"]: (7, 0)}
    assert _figures(instance, warm) == (11, 3)
    compacted = _compact_alone(instance, warm, budget=40.0)
    assert compacted is not None
    assert (compacted.idle, compacted.breaks) == (1, 1)
    assert _figures(instance, {r: (s, t) for r, s, t in compacted.placements}) == (1, 1)


def test_a_known_schedule_proved_to_have_the_fewest_idle_slots_is_left_to_the_caller() -> None:
    instance = _triangle()
    index = instance.request_index
    warm = {index["ab"]: (0, 0), index["ac"]: (1, 0), index["bc"]: (2, 0)}
    assert _figures(instance, warm) == (1, 1)
    # The tables are counted, so the core-based search starts at once, and proves that nothing has fewer idle
    # slots (or as many and fewer breaks) than the caller's schedule: the caller's own improvement is not asked
    # for (the caller goes on improving its schedule with all the time left).
    assert _compact_alone(instance, warm, budget=40.0) is None


def test_the_improvement_beside_is_not_asked_when_the_known_agendas_are_already_the_shortest() -> None:
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c"))),
        sessions=(8,),
        tables=(Table("T1"), Table("T2")),
    )
    instance = build_instance(fair)
    index = instance.request_index
    warm = {index["ab"]: (2, 0), index["ac"]: (3, 0)}
    compacted = _compact_alone(instance, warm, budget=10.0)
    assert compacted is not None
    assert (compacted.idle, compacted.breaks) == (0, 0)


def test_with_counted_tables_the_core_based_search_gives_the_fewest_idle_slots_then_breaks() -> None:
    # One table: at best 2 idle slots and 1 break (worked out in tests/scheduling/fairs.py).
    instance = build_instance(one_table_crowded())
    index = instance.request_index
    warm = {index["ab"]: (0, 0), index["ef"]: (1, 0), index["ac"]: (2, 0), index["eg"]: (3, 0), index["ad"]: (4, 0)}
    assert _figures(instance, warm) == (3, 3)
    compacted = _compact_alone(instance, warm, budget=40.0)
    assert compacted is not None
    assert (compacted.idle, compacted.breaks) == (2, 1)
    assert _figures(instance, {r: (s, t) for r, s, t in compacted.placements}) == (2, 1)


# The one-table fair's two kinds of schedule (tests/scheduling/fairs.py): a in s1, s4 and s5 (2 idle slots, 1
# break), or a in s1, s3 and s5 with e in s2 and s4 (3 idle slots, 3 breaks).
TWO_IDLE_ONE_BREAK = {"ab": 0, "ef": 1, "eg": 2, "ac": 3, "ad": 4}
THREE_IDLE_THREE_BREAKS = {"ab": 0, "ef": 1, "ac": 2, "eg": 3, "ad": 4}


def _crowded_cores(below: tuple[int, int]) -> tuple[Instance, _Cores]:
    """The one-table fair's core-based search for fewer than ``below`` (idle slots, breaks), run to its end."""
    instance = build_instance(one_table_crowded())
    gaps = GapModel(instance, Assignment(instance), range(instance.n_requests), session=instance.session_masks[0])
    cores = _Cores(gaps, below=below, seconds=30.0)
    cores.search.wait()
    return instance, cores


def _options(instance: Instance, slots: dict[str, int]) -> list[Option]:
    return [(instance.request_index[r], s, 0) for r, s in slots.items()]


def _option_figures(instance: Instance, placements: list[Option]) -> tuple[int, int]:
    return agenda_figures(instance, Assignment(instance), placements, instance.session_masks[0])


def test_the_core_based_search_says_when_a_schedule_has_the_fewest_idle_slots() -> None:
    _instance, cores = _crowded_cores(below=(3, 3))
    assert cores.least_idle() == 2
    assert cores.at_fewest_idle()  # its own schedule


def test_before_any_bound_or_schedule_only_a_schedule_without_idle_slots_has_the_fewest() -> None:
    # Nothing is better than (2, 1): the search ends with no schedule and no bound above 0.
    _instance, cores = _crowded_cores(below=(2, 1))
    assert cores.search.latest is None
    assert cores.least_idle() == 0
    assert not cores.at_fewest_idle()
    assert not cores.at_fewest_idle(1)
    assert cores.at_fewest_idle(0)


def test_the_schedule_to_lower_the_breaks_of_has_the_proved_fewest_idle_slots() -> None:
    instance, cores = _crowded_cores(below=(3, 3))
    assert _option_figures(instance, _options(instance, TWO_IDLE_ONE_BREAK)) == (2, 1)
    assert _option_figures(instance, _options(instance, THREE_IDLE_THREE_BREAKS)) == (3, 3)
    # The caller's schedule has more idle slots than proved possible: the search's own is taken.
    start = cores.fewest_idle_schedule(_options(instance, THREE_IDLE_THREE_BREAKS))
    assert start is not None
    assert _option_figures(instance, start) == (2, 1)
    assert cores.fewest_idle_schedule(None) == start
    # Where nothing is proved (no schedule below (2, 1), no bound), the caller's 2 idle slots are not known to be
    # the fewest: there is nothing to lower the breaks of.
    _instance, unproved = _crowded_cores(below=(2, 1))
    assert unproved.fewest_idle_schedule(_options(instance, TWO_IDLE_ONE_BREAK)) is None
