"""Chain swaps: placing a meeting no free slot can take, making room at full tables, closing agenda gaps."""

from __future__ import annotations

from events.scheduling import Participant, Request, Table
from events.scheduling.assignment import ANY_TABLE, Assignment
from events.scheduling.instance import build_instance, runs_in
from events.scheduling.slot_swaps import SessionPlan, _Annealing, anneal
from events.scheduling.timing import Deadline
from tests.scheduling.fairs import problem


def _plan(fair_requests: tuple[Request, ...], **kwargs: object) -> tuple[SessionPlan, dict[str, int]]:
    instance = build_instance(problem(requests=fair_requests, **kwargs))  # type: ignore[arg-type]
    plan = SessionPlan(instance, Assignment(instance), slots=instance.session_masks[0])
    return plan, instance.request_index


def test_a_chain_frees_both_participants_in_one_slot() -> None:
    # u meets p in s1 and v meets q in s2: u and v share no free slot until u-p moves to s2 (u free in s1).
    plan, index = _plan(
        (Request("up", ("u", "p")), Request("vq", ("v", "q")), Request("uv", ("u", "v"))),
        tables=(Table("T1"), Table("T2")),
    )
    plan.place(index["up"], 0, ANY_TABLE)
    plan.place(index["vq"], 1, ANY_TABLE)
    assert plan.state.open_slots(index["uv"]) == 0
    assert plan.insert(index["uv"])
    assert {r: s for r, (s, _t) in plan.placements().items()} == {index["up"]: 1, index["vq"]: 1, index["uv"]: 0}


def test_a_chain_makes_room_at_a_full_table() -> None:
    # One table: a-b sits in s1, the only slot c can come; a-b moves to s2.
    plan, index = _plan(
        (Request("ab", ("a", "b")), Request("cd", ("c", "d"))),
        tables=(Table("T1"),),
        participants=(Participant("c", unavailable=("s2",)),),
    )
    plan.place(index["ab"], 0, ANY_TABLE)
    assert plan.insert(index["cd"])
    assert {r: s for r, (s, _t) in plan.placements().items()} == {index["ab"]: 1, index["cd"]: 0}
    assert plan.state.total == [1, 1]


def test_pinned_meetings_move_only_when_nothing_else_works() -> None:
    plan, index = _plan(
        (Request("ab", ("a", "b")), Request("cd", ("c", "d"))),
        tables=(Table("T1"),),
        participants=(Participant("c", unavailable=("s2",)),),
    )
    plan.place(index["ab"], 0, ANY_TABLE)
    plan.pinned = {index["ab"]}
    assert plan.insert(index["cd"])
    assert plan.placements()[index["ab"]] == (1, ANY_TABLE)


def test_tightening_closes_a_gap() -> None:
    plan, index = _plan(
        (Request("ab", ("a", "b")), Request("ac", ("a", "c"))), sessions=(3,), tables=(Table("T1"), Table("T2"))
    )
    plan.place(index["ab"], 0, ANY_TABLE)
    plan.place(index["ac"], 2, ANY_TABLE)
    plan.commit()
    assert plan.idle() == 1
    plan.tighten(Deadline(10.0), budget=1.0)
    assert plan.idle() == 0


def _a_meets_three(slots: int, places: tuple[int, int, int]) -> SessionPlan:
    """a meets b, c and d at one table, in ``places`` of a session of ``slots`` slots."""
    plan, index = _plan(
        (Request("ab", ("a", "b")), Request("ac", ("a", "c")), Request("ad", ("a", "d"))),
        sessions=(slots,),
        tables=(Table("T1"),),
    )
    for name, slot in zip(("ab", "ac", "ad"), places, strict=True):
        plan.place(index[name], slot, ANY_TABLE)
    plan.commit()
    return plan


def test_annealing_keeps_the_best_agendas_it_saw() -> None:
    plan = _a_meets_three(5, (0, 2, 4))
    assert plan.idle() == 2
    anneal(plan, Deadline(10.0), budget=0.5)
    assert plan.idle() == 0
    assert len(plan.placements()) == 3


def test_annealing_aims_mostly_at_a_gap_or_an_end_of_the_agenda() -> None:
    plan, index = _plan((Request("ab", ("a", "b")), Request("ac", ("a", "c"))), sessions=(8,), tables=(Table("T1"),))
    plan.place(index["ab"], 2, ANY_TABLE)
    plan.place(index["ac"], 5, ANY_TABLE)
    plan.commit()
    a = plan.instance.participant_index["a"]
    everywhere = sum(1 << s for s in range(8))
    targets = [_Annealing(plan)._target(a, everywhere) for _ in range(400)]
    useful = {1, 3, 4, 6}
    assert sum(t in useful for t in targets) > 0.6 * len(targets)
    assert set(targets) - useful


def test_annealing_ends_when_told_to_stop() -> None:
    plan = _a_meets_three(9, (0, 4, 8))
    annealing = _Annealing(plan)
    asked: list[tuple[int, int]] = []

    def stop(best: tuple[int, int]) -> bool:
        asked.append(best)
        return True

    annealing.run(Deadline(60.0), budget=30.0, stop=stop)
    # The first look at the clock (every 256 steps) asks, and the run ends there instead of after 30 s.
    assert annealing.steps == 256
    # It is told the best figures so far, and the plan is left holding that schedule.
    assert asked == [(plan.idle(), sum(runs_in(busy) - 1 for busy in plan.state.busy if busy))]
