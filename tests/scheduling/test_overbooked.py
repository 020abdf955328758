"""Counting proves a participant cannot hold all its locked and required meetings (Hall's condition)."""

from __future__ import annotations

from events.scheduling import Meeting, Participant, Request
from events.scheduling.instance import Instance, build_instance
from events.scheduling.overbooked import Overbooked, overbooked_participant
from tests.scheduling.fairs import problem


def _ids(instance: Instance, found: Overbooked | None) -> tuple[str, list[str], int, bool] | None:
    if found is None:
        return None
    requests = [instance.request_ids[r] for r in found.requests]
    return instance.participant_ids[found.participant], requests, found.room, found.by_max_meetings


def test_three_required_meetings_in_two_slots() -> None:
    fair = problem(sessions=(2,), requests=tuple(Request(f"r{k}", ("a", f"b{k}"), required=True) for k in range(3)))
    instance = build_instance(fair)
    assert _ids(instance, overbooked_participant(instance)) == ("a", ["r0", "r1", "r2"], 2, False)


def test_the_meetings_named_are_those_that_lack_slots_not_all_of_the_participants() -> None:
    fair = problem(
        sessions=(6,),
        requests=(
            Request("early1", ("a", "b"), required=True, slots=("s1",)),
            Request("early2", ("a", "c"), required=True, slots=("s1",)),
            Request("free1", ("a", "d"), required=True),
            Request("free2", ("a", "e"), required=True),
        ),
    )
    instance = build_instance(fair)
    assert _ids(instance, overbooked_participant(instance)) == ("a", ["early1", "early2"], 1, False)


def test_a_locked_meeting_takes_its_own_slot() -> None:
    fair = problem(
        sessions=(3,),
        requests=(
            Request("locked", ("a", "b")),
            Request("needs_s2", ("a", "c"), required=True, slots=("s2",)),
            Request("optional", ("a", "d"), slots=("s2",)),
        ),
        locked=(Meeting("locked", "s2", "T1"),),
    )
    instance = build_instance(fair)
    assert _ids(instance, overbooked_participant(instance)) == ("a", ["locked", "needs_s2"], 1, False)


def test_more_required_meetings_than_max_meetings() -> None:
    fair = problem(
        sessions=(4,),
        participants=(Participant("a", max_meetings=2),),
        requests=tuple(Request(f"r{k}", ("a", f"b{k}"), required=True) for k in range(3)),
    )
    instance = build_instance(fair)
    assert _ids(instance, overbooked_participant(instance)) == ("a", ["r0", "r1", "r2"], 2, True)


def test_nobody_is_overbooked_when_every_meeting_can_have_a_slot_of_its_own() -> None:
    fair = problem(
        sessions=(3,),
        requests=(
            Request("r1", ("a", "b"), required=True, slots=("s1", "s2")),
            Request("r2", ("a", "c"), required=True, slots=("s1",)),
            Request("r3", ("a", "d"), required=True, slots=("s2", "s3")),
            Request("optional", ("a", "e"), slots=("s1",)),
        ),
    )
    instance = build_instance(fair)
    assert overbooked_participant(instance) is None


def test_a_meeting_without_any_slot_is_left_to_its_own_reason() -> None:
    fair = problem(
        sessions=(2,),
        participants=(Participant("a", unavailable=("s1",)), Participant("b", unavailable=("s2",))),
        requests=(Request("r1", ("a", "b"), required=True), Request("r2", ("a", "c"), required=True)),
    )
    instance = build_instance(fair)
    assert overbooked_participant(instance) is None
