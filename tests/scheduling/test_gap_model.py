"""The clause model of idle slots: its fewest idle slots and breaks, proved by the core-based search."""

from __future__ import annotations

import pytest

from events.scheduling import Request, gap_model
from events.scheduling.assignment import Assignment
from events.scheduling.compaction import agenda_figures
from events.scheduling.cpsat import BackgroundSearch
from events.scheduling.gap_model import GapModel
from events.scheduling.instance import Instance, build_instance
from events.scheduling.slot_model import Option
from tests.scheduling.fairs import one_table_crowded, problem


def _fewest(instance: Instance, *, breaks: bool = False) -> tuple[bool, list[Option]]:
    """(proved, placements) of the fewest idle slots (or breaks) of every request in the first session."""
    model = GapModel(instance, Assignment(instance), range(instance.n_requests), session=instance.session_masks[0])
    level = model.breaks_level() if breaks else model.idle_level()
    search = BackgroundSearch(model.builder, seconds=20.0, minimise=level)
    search.wait()
    assert search.solution is not None
    return search.optimal, model.placements(search.solution)


def _figures(instance: Instance, placements: list[Option]) -> tuple[int, int]:
    return agenda_figures(instance, Assignment(instance), placements, instance.session_masks[0])


def _crowded(tables: int) -> Instance:
    return build_instance(one_table_crowded(tables))


def test_the_fewest_idle_slots_of_three_people_meeting_each_other_is_one() -> None:
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("bc", ("b", "c"))),
        sessions=(8,),
    )
    instance = build_instance(fair)
    proved, placements = _fewest(instance)
    assert proved
    assert _figures(instance, placements) == (1, 1)
    assert sorted(r for r, _s, _t in placements) == [0, 1, 2]


def test_with_two_tables_every_agenda_is_without_a_gap() -> None:
    instance = _crowded(tables=2)
    proved, placements = _fewest(instance)
    assert proved
    assert _figures(instance, placements) == (0, 0)


def test_one_table_forces_two_idle_slots_on_someone() -> None:
    # One meeting per slot: a's three and e's two fill the five slots. e meets in two of s2-s4, so a's three
    # are never a run: s1, s4 and s5 (or s1, s2 and s5) wait two slots, and e with a gap would add a third.
    instance = _crowded(tables=1)
    proved, placements = _fewest(instance)
    assert proved
    assert _figures(instance, placements) == (2, 1)
    assert sorted(s for _r, s, _t in placements) == [0, 1, 2, 3, 4]


def test_the_fewest_breaks_are_found_alone_too() -> None:
    instance = _crowded(tables=1)
    proved, placements = _fewest(instance, breaks=True)
    assert proved
    assert _figures(instance, placements)[1] == 1


def test_idle_slots_then_breaks_are_minimised_as_one_value() -> None:
    instance = _crowded(tables=1)
    model = GapModel(instance, Assignment(instance), range(5), session=instance.session_masks[0])
    level = model.idle_then_breaks_level()
    search = BackgroundSearch(model.builder, seconds=20.0, minimise=level)
    search.wait()
    assert search.optimal
    assert search.solution is not None
    assert _figures(instance, model.placements(search.solution)) == (2, 1)
    assert level.value(search.solution) == model.idle_then_breaks(2, 1)
    assert search.lower_bound == model.idle_then_breaks(2, 1)
    assert model.least_idle(model.idle_then_breaks(2, 1)) == 2


def test_any_number_of_breaks_weighs_less_than_one_idle_slot() -> None:
    instance = _crowded(tables=1)
    model = GapModel(instance, Assignment(instance), range(5), session=instance.session_masks[0])
    most_breaks = len(model.breaks)
    assert model.idle_then_breaks(1, most_breaks) < model.idle_then_breaks(2, 0)
    assert model.least_idle(model.idle_then_breaks(1, most_breaks)) == 1
    assert model.least_idle(model.idle_then_breaks(2, 0)) == 2


def test_without_the_tables_counters_the_model_is_smaller_and_still_right(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = _crowded(tables=1)
    counted = GapModel(instance, Assignment(instance), range(5), session=instance.session_masks[0])
    monkeypatch.setattr(gap_model, "COUNTER_LIMIT", 0)
    linear = GapModel(instance, Assignment(instance), range(5), session=instance.session_masks[0])
    assert linear.builder.size < counted.builder.size
    assert (counted.counted, linear.counted) == (True, False)
    search = BackgroundSearch(linear.builder, seconds=20.0, minimise=linear.idle_level())
    search.wait()
    assert search.optimal
    assert search.solution is not None
    assert _figures(instance, linear.placements(search.solution)) == (2, 1)


def test_the_busy_indicators_are_exactly_the_slots_where_each_participant_meets() -> None:
    instance = _crowded(tables=1)
    model = GapModel(instance, Assignment(instance), range(instance.n_requests), session=instance.session_masks[0])
    search = BackgroundSearch(model.builder, seconds=20.0, minimise=model.idle_level())
    search.wait()
    assert search.solution is not None
    solution = search.solution
    # a and e have two meetings or more; b, c, d, f and g one each, and no indicators.
    assert sorted(instance.participant_ids[p] for p in model.busy) == ["a", "e"]
    for p, busy in model.busy.items():
        meets = {s for r, s, _t in model.placements(solution) if p in instance.members[r]}
        assert [s for s, literal in zip(model.slots, busy, strict=True) if solution[literal]] == sorted(meets)
