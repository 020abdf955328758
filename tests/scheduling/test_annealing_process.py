"""The second annealing, in a child process: it anneals a copy of the plan and the better result stays."""

from __future__ import annotations

import time

from events.scheduling import Request, Table
from events.scheduling.annealing_process import AnnealingProcess, run
from events.scheduling.assignment import ANY_TABLE, Assignment, agenda_figures
from events.scheduling.instance import build_instance
from events.scheduling.slot_swaps import SessionPlan
from tests.scheduling.fairs import problem


def _gappy_plan() -> tuple[SessionPlan, dict[str, int]]:
    """a meets b, c and d in s1, s5 and s9 of a 9-slot session (6 idle slots, 2 breaks)."""
    fair = problem(
        requests=(Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("ad", ("a", "d"))),
        sessions=(9,),
        tables=(Table("T1"),),
    )
    instance = build_instance(fair)
    plan = SessionPlan(instance, Assignment(instance), slots=instance.session_masks[0])
    index = instance.request_index
    for name, slot in (("ab", 0), ("ac", 4), ("ad", 8)):
        plan.place(index[name], slot, ANY_TABLE)
    plan.commit()
    return plan, index


def _figures(plan: SessionPlan, places: dict[int, tuple[int, int]]) -> tuple[int, int]:
    return agenda_figures(plan.instance, plan.base, [(r, *p) for r, p in places.items()], plan.mask)


def test_the_child_closes_the_gaps_of_its_copy_and_the_parent_takes_its_result() -> None:
    plan, index = _gappy_plan()
    assert _figures(plan, plan.placements()) == (6, 2)
    helper = AnnealingProcess(plan, seconds=1.0, seed=1)
    assert helper.take_if_better(grace=30.0)
    assert _figures(plan, plan.placements()) == (0, 0)
    assert set(plan.placements()) == set(index.values())


def test_a_worse_result_of_the_child_is_not_taken() -> None:
    plan, _index = _gappy_plan()
    helper = AnnealingProcess(plan, seconds=1.0, seed=1)
    plan.replace(helper.finish(grace=30.0) or {})
    before = plan.placements()
    # The plan is now as good as the child's result: a second child cannot do better, so nothing changes.
    again = AnnealingProcess(plan, seconds=0.2, seed=2)
    assert not again.take_if_better(grace=30.0)
    assert plan.placements() == before


def test_the_childs_work_keeps_pinned_meetings_in_place() -> None:
    plan, index = _gappy_plan()
    job = {
        "instance": plan.instance,
        "base": {},
        "mask": plan.mask,
        "start": plan.placements(),
        "pinned": [index["ac"]],
        "seed": 3,
        "breaks": True,
        "end": time.time() + 0.5,
    }
    places = run(job)
    assert places[index["ac"]] == (4, ANY_TABLE)
    assert sorted(s for s, _t in places.values()) == [3, 4, 5]
    assert _figures(plan, places) == (0, 0)
