"""Scheduler runs through the database: a run's life, one run per fair, publication in one transaction, locked
meetings that never move, re-runs that keep what they can, and imported schedule files."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from events import agenda, booking
from events.booking import Actor
from events.clock import utc_now
from events.errors import ErrorKind
from events.pagination import PageRequest
from events.scheduling import Progress, schedule_from_json, schedule_to_dict, validate_schedule
from events.scheduling.errors import SchedulingError
from events.scheduling.fair import ScheduleError, fair_problem
from events.scheduling.runs import (
    DONE,
    FAILED,
    PUBLISHED,
    RUNNING,
    execute_run,
    get_run,
    import_schedule,
    list_runs,
    preview_publication,
    progress_fraction,
    publish_run,
    start_run,
)
from events.tables import Meeting, MeetingAttendee, Notification, ScheduleRun
from tests.meeting_helpers import meeting_fair
from tests.schedule_helpers import TINY, accept, busy_fair, run_to_end, slot_id, snapshot, standing


def test_progress_is_the_larger_of_time_spent_and_phases_passed() -> None:
    assert progress_fraction(Progress(0, 0, 0.0, "start"), time_limit=10) == 0.0
    assert progress_fraction(Progress(5, 9, 1.0, "greedy"), time_limit=10) == round(2 / 8, 3)
    assert progress_fraction(Progress(5, 9, 8.0, "greedy"), time_limit=10) == 0.8
    assert progress_fraction(Progress(9, 9, 30.0, "compactness"), time_limit=10) == 0.99
    assert progress_fraction(Progress(9, 9, 0.2, "done"), time_limit=10) == 1.0


async def test_a_run_solves_the_stored_problem_and_stores_a_valid_schedule() -> None:
    fair = await busy_fair()

    run = await run_to_end(fair.event.id)

    assert run.status == DONE
    assert run.progress == 1.0
    assert run.phase == "done"
    assert run.finished_at is not None
    schedule = schedule_from_json(run.result)
    problem = (await fair_problem(event_id=fair.event.id)).problem
    assert validate_schedule(problem, schedule) == []
    assert run.best_weight == schedule.stats.weight
    assert run.upper_bound == schedule.stats.upper_bound
    assert schedule.stats.requested == 18
    assert len(schedule.meetings) == 9  # 3 teams x 3 slots: every seat of the fair is used
    assert set(run.reason_codes) == {u.request for u in schedule.unscheduled}
    assert set(run.reason_codes.values()) <= {"participant_booked", "participants_booked", "table_full", "max_meetings"}
    assert await Meeting.count().where(Meeting.event == fair.event.id) == 0  # nothing is published by a run


async def test_one_run_per_fair_at_a_time_and_a_stopped_worker_does_not_block_the_next() -> None:
    fair = await busy_fair(teams=1, enterprises=2)
    other = await busy_fair(teams=1, enterprises=2)
    first = await start_run(event_id=fair.event.id, time_limit=TINY)

    with pytest.raises(ScheduleError) as refused:
        await start_run(event_id=fair.event.id, time_limit=TINY)
    assert refused.value.code == "run_in_progress"
    assert refused.value.kind is ErrorKind.CONFLICT
    assert refused.value.details == {"run_id": first}
    await start_run(event_id=other.event.id, time_limit=TINY)  # another fair runs meanwhile

    # the worker of the first run stopped: no heartbeat for a minute
    await ScheduleRun.update({ScheduleRun.heartbeat_at: utc_now() - timedelta(minutes=1)}).where(
        ScheduleRun.id == first
    )
    second = await start_run(event_id=fair.event.id, time_limit=TINY)

    assert (await get_run(event_id=fair.event.id, run_id=first)).status == FAILED
    assert (await get_run(event_id=fair.event.id, run_id=second)).status == RUNNING
    await execute_run(run_id=first)  # a late worker does not revive an abandoned run
    assert (await get_run(event_id=fair.event.id, run_id=first)).status == FAILED
    await execute_run(run_id=second)
    assert (await get_run(event_id=fair.event.id, run_id=second)).status == DONE
    listed = await list_runs(event_id=fair.event.id, page=PageRequest(limit=10))
    assert [r.id for r in listed.items] == [second, first]


async def test_a_bad_time_limit_is_refused() -> None:
    fair = await busy_fair(teams=1, enterprises=1)
    for limit in (0.0, -1.0, 601.0):
        with pytest.raises(ScheduleError) as refused:
            await start_run(event_id=fair.event.id, time_limit=limit)
        assert refused.value.code == "bad_time_limit"
    assert await ScheduleRun.count() == 0


async def test_publishing_writes_the_meetings_seats_and_messages_in_one_go() -> None:
    fair = await busy_fair()
    run = await run_to_end(fair.event.id)
    schedule = schedule_from_json(run.result)
    preview = await preview_publication(event_id=fair.event.id, run_id=run.id)
    assert (len(preview.added), len(preview.kept), len(preview.moved), len(preview.cancelled)) == (9, 0, 0, 0)

    published = await publish_run(event_id=fair.event.id, run_id=run.id)

    assert (published.applied.added, published.applied.kept, published.applied.moved) == (9, 0, 0)
    assert published.applied.messages == 18
    now = await standing(fair.event.id)
    exported = await fair_problem(event_id=fair.event.id)
    assert {exported.request_of[m.request]: (m.slot, m.table) for m in schedule.meetings} == {
        request: (slot, table) for request, (_id, slot, table, _seq, _run) in now.items()
    }
    assert {run_id for *_rest, run_id in now.values()} == {run.id}
    assert await MeetingAttendee.count() == 18
    assert await Notification.count().where(Notification.kind == "meeting_scheduled") == 18
    assert (await get_run(event_id=fair.event.id, run_id=run.id)).status == PUBLISHED
    mine = await agenda.participant_agenda(registration_id=fair.teams[0].id)
    assert len(mine.meetings) == 3  # visible to the participant at once
    with pytest.raises(ScheduleError) as again:
        await publish_run(event_id=fair.event.id, run_id=run.id)
    assert again.value.code == "already_published"


async def _placed_pairs(fair: Any) -> dict[tuple[int, int], int]:
    """(enterprise, team) -> request id of the fair's accepted requests."""
    from events.tables import MeetingRequest

    rows = await MeetingRequest.select(MeetingRequest.id, MeetingRequest.requester, MeetingRequest.recipient).where(
        (MeetingRequest.event == fair.event.id) & (MeetingRequest.status == "accepted")
    )
    return {(r["requester"], r["recipient"]): r["id"] for r in rows}


async def test_a_rerun_after_cancellations_keeps_every_meeting_in_place_and_adds_the_new_requests() -> None:
    fair = await meeting_fair(teams=3, enterprises=4, status="closed")
    t, e = fair.teams, fair.enterprises
    for enterprise, team in ((0, 0), (1, 1), (2, 2), (0, 1), (1, 2), (2, 0)):
        await accept(fair, e[enterprise], t[team], priority=3)
    first = await run_to_end(fair.event.id)
    await publish_run(event_id=fair.event.id, run_id=first.id)
    before = await standing(fair.event.id)
    assert len(before) == 6
    pairs = await _placed_pairs(fair)
    gone = [pairs[e[0].id, t[0].id], pairs[e[1].id, t[2].id]]
    for request in gone:
        await booking.cancel(meeting_id=before[request][0], actor=Actor(user_id=None), event_id=fair.event.id)
    new = [await accept(fair, e[3], t[0], priority=5), await accept(fair, e[3], t[1], priority=5)]

    second = await run_to_end(fair.event.id)
    published = await publish_run(event_id=fair.event.id, run_id=second.id)

    applied = published.applied
    assert (applied.kept, applied.moved, applied.cancelled, applied.added) == (4, 0, 0, 2)
    after = await standing(fair.event.id)
    assert set(after) == (set(before) - set(gone)) | {r.id for r in new}
    for request in set(before) - set(gone):
        meeting_id, slot, table, sequence, _run = before[request]
        assert after[request] == (meeting_id, slot, table, sequence, second.id)  # same row, place and SEQUENCE
    assert await Notification.count().where(Notification.kind == "meeting_moved") == 0


async def test_locked_and_held_meetings_never_move() -> None:
    fair = await busy_fair()
    forced = await booking.place(
        event_id=fair.event.id,
        slot_id=await slot_id(fair.event.id, "d1-0940"),
        created_by=None,
        requester_id=fair.enterprises[5].id,
        recipient_id=fair.teams[0].id,
        force=True,
    )
    held = await booking.place(
        event_id=fair.event.id,
        slot_id=await slot_id(fair.event.id, "d1-0900"),
        created_by=None,
        requester_id=fair.enterprises[4].id,
        recipient_id=fair.teams[1].id,
    )
    await Meeting.update({Meeting.status: "held"}).where(Meeting.id == held.id)
    fixed = {
        m.id: (m.slot, m.table, m.seat, m.sequence)
        for m in await Meeting.objects().where(Meeting.id.is_in([forced.id, held.id]))
    }

    run = await run_to_end(fair.event.id)
    await publish_run(event_id=fair.event.id, run_id=run.id)
    rerun = await run_to_end(fair.event.id)
    await publish_run(event_id=fair.event.id, run_id=rerun.id)

    rows = await Meeting.objects().where(Meeting.id.is_in([forced.id, held.id]))
    assert {m.id: (m.slot, m.table, m.seat, m.sequence) for m in rows} == fixed
    assert {m.id: (m.status, m.schedule_run) for m in rows} == {forced.id: ("scheduled", None), held.id: ("held", None)}
    exported = await fair_problem(event_id=fair.event.id)
    assert {m.request for m in exported.problem.locked} == {f"r{forced.request}", f"r{held.request}"}
    result = schedule_from_json(rerun.result)
    assert set(exported.problem.locked) <= set(result.meetings)


async def test_a_failure_in_the_middle_of_publishing_leaves_the_old_schedule() -> None:
    fair = await busy_fair()
    first = await run_to_end(fair.event.id)
    await publish_run(event_id=fair.event.id, run_id=first.id)
    some = next(iter((await standing(fair.event.id)).values()))
    await booking.cancel(meeting_id=some[0], actor=Actor(user_id=None), event_id=fair.event.id)
    second = await run_to_end(fair.event.id)
    exported = await fair_problem(event_id=fair.event.id)
    added = [m for m in schedule_from_json(second.result).meetings if m.request not in exported.standing]
    assert added, "the re-run fills the seat the cancellation freed"
    # an inconsistent seat left behind by a cancelled meeting: the last new meeting's first participant, same slot
    request = next(r for r in exported.problem.requests if r.id == added[-1].request)
    registration = exported.registration_of[request.participants[0]]
    await MeetingAttendee(meeting=some[0], registration=registration, slot=exported.slot_of[added[-1].slot]).save()
    before = await snapshot(fair.event.id)

    with pytest.raises(ScheduleError) as refused:
        await publish_run(event_id=fair.event.id, run_id=second.id)

    assert refused.value.code == "schedule_conflict"
    assert refused.value.kind is ErrorKind.CONFLICT
    assert await snapshot(fair.event.id) == before
    assert (await get_run(event_id=fair.event.id, run_id=second.id)).status == DONE


async def test_a_run_made_before_the_meetings_changed_is_not_published() -> None:
    fair = await busy_fair(teams=2, enterprises=3)
    run = await run_to_end(fair.event.id)
    await booking.place(
        event_id=fair.event.id,
        slot_id=await slot_id(fair.event.id, "d1-0900"),
        created_by=None,
        requester_id=fair.enterprises[0].id,
        recipient_id=fair.teams[0].id,
    )

    with pytest.raises(ScheduleError) as refused:
        await publish_run(event_id=fair.event.id, run_id=run.id)

    assert refused.value.code == "run_outdated"
    assert await Meeting.count() == 1


async def test_an_infeasible_run_is_not_published() -> None:
    fair = await meeting_fair(teams=2, enterprises=1, status="closed")
    from events.tables import Registration

    await Registration.update({Registration.max_meetings: 1}).where(Registration.id == fair.enterprises[0].id)
    for team in fair.teams:
        await accept(fair, fair.enterprises[0], team, required=True)
    run = await run_to_end(fair.event.id)
    assert run.schedule_status == "infeasible"

    with pytest.raises(ScheduleError) as refused:
        await publish_run(event_id=fair.event.id, run_id=run.id)

    assert refused.value.code == "run_infeasible"
    assert await Meeting.count() == 0


async def test_an_imported_schedule_is_checked_against_the_fair_and_can_be_published() -> None:
    from events.scheduling import solve

    fair = await busy_fair(teams=2, enterprises=3)
    problem = (await fair_problem(event_id=fair.event.id)).problem
    document = schedule_to_dict(solve(problem, time_limit=TINY))

    run_id, published = await import_schedule(event_id=fair.event.id, document=document, publish=True)

    run = await get_run(event_id=fair.event.id, run_id=run_id)
    assert (run.status, run.source) == (PUBLISHED, "import")
    assert run.result == document
    assert published is not None
    assert published.applied.added == len(document["meetings"]) == await Meeting.count()


async def test_a_bad_schedule_file_is_refused_naming_the_problem_and_nothing_is_written() -> None:
    from events.scheduling import solve

    fair = await busy_fair(teams=2, enterprises=3)
    problem = (await fair_problem(event_id=fair.event.id)).problem
    good = schedule_to_dict(solve(problem, time_limit=TINY))
    first, second = good["meetings"][0], good["meetings"][1]
    same_slot = dict(second, slot=first["slot"], table=first["table"])
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({**good, "extra": 1}, "unknown_key", "unknown key 'extra'"),
        ({**good, "meetings": [*good["meetings"], {"request": "r999", "slot": "d1-0900", "table": "T01"}]},
         "invalid_schedule", "unknown request 'r999'"),
        ({**good, "meetings": [first, same_slot, *good["meetings"][2:]]}, "invalid_schedule", "capacity 1"),
        ({**good, "status": "infeasible", "meetings": []}, "infeasible_schedule", "infeasible"),
    ]  # fmt: skip
    for document, code, words in cases:
        with pytest.raises((ScheduleError, SchedulingError)) as refused:
            await import_schedule(event_id=fair.event.id, document=document, publish=True)
        assert refused.value.code == code
        assert words in refused.value.message
    assert await ScheduleRun.count() == 0
    assert await Meeting.count() == 0


async def test_simultaneous_starts_make_one_run() -> None:
    fair = await busy_fair(teams=1, enterprises=2)

    outcomes = await asyncio.gather(
        *(start_run(event_id=fair.event.id, time_limit=TINY) for _ in range(6)), return_exceptions=True
    )

    started = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if not isinstance(o, int)]
    assert len(started) == 1
    assert [getattr(o, "code", repr(o)) for o in refused] == ["run_in_progress"] * 5
    assert await ScheduleRun.count().where(ScheduleRun.status == RUNNING) == 1


async def test_progress_reaches_the_run_row_while_the_solver_works() -> None:
    from events.scheduling.runs import _Latest, _write_progress

    fair = await busy_fair(teams=1, enterprises=2)
    run_id = await start_run(event_id=fair.event.id, time_limit=10.0)
    latest, done = _Latest(), asyncio.Event()
    reporter = asyncio.create_task(_write_progress(run_id, latest, 10.0, done))
    report = Progress(weight=7, bound=12, elapsed=2.5, phase="weight")

    latest(report)  # as the solving thread does
    for _ in range(1000):
        run = await get_run(event_id=fair.event.id, run_id=run_id)
        if run.best_weight == 7:
            break
        await asyncio.sleep(0.02)
    done.set()
    await reporter

    assert (run.status, run.best_weight, run.upper_bound, run.phase, run.elapsed_seconds) == (
        RUNNING,
        7,
        12,
        "weight",
        2.5,
    )
    assert run.progress == progress_fraction(report, time_limit=10.0) == round(3 / 8, 3)
