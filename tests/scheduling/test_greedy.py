"""First-come booking, the benchmarks' baseline: input order, earliest free slot, first free table."""

from __future__ import annotations

from events.scheduling import Participant, Request, Table
from events.scheduling.greedy import first_come
from events.scheduling.instance import build_instance
from tests.scheduling.fairs import problem


def test_first_come_books_in_input_order_into_the_earliest_slot() -> None:
    fair = problem(
        sessions=(3,),
        tables=(Table("T1"), Table("H")),
        participants=(Participant("host", table="H"), Participant("c", unavailable=("s1",))),
        requests=(
            Request("r1", ("a", "b")),
            Request("r2", ("a", "host"), weight=3),
            Request("r3", ("c", "host")),
            Request("r4", ("d", "e")),
        ),
    )
    instance = build_instance(fair)
    booked = first_come(instance)
    placed = {instance.request_ids[r]: instance.slot_ids[s] for r, (s, _t) in booked.placed.items()}
    assert placed == {"r1": "s1", "r2": "s2", "r3": "s3", "r4": "s1"}
    assert booked.weight() == 6
