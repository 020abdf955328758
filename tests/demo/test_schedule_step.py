"""The demo's published schedule: the university fair's accepted requests solved by the real scheduler, valid for
the fair's problem, written as publication writes it, visible in agendas; the district fair has none yet (the
finished fair's schedule is tested with the rest of that fair in ``test_finished_fair.py``)."""

from __future__ import annotations

from collections import Counter

from events import agenda
from events.demo import build_demo
from events.scheduling import parse_problem, schedule_from_json, validate_schedule
from events.scheduling.fair import fair_problem
from events.scheduling.runs import get_run
from events.tables import Event, Meeting, MeetingAttendee, MeetingRequest, ScheduleRun

UNIVERSITY_FAIR = "jcut-enterprises-2026"


async def test_the_university_fair_has_a_published_valid_schedule() -> None:
    await build_demo()
    fairs = {row["slug"]: row["id"] for row in await Event.select(Event.id, Event.slug)}
    (run_row,) = await ScheduleRun.select(ScheduleRun.id, ScheduleRun.event, ScheduleRun.status).where(
        ScheduleRun.event == fairs[UNIVERSITY_FAIR]
    )
    assert (run_row["event"], run_row["status"]) == (fairs[UNIVERSITY_FAIR], "published")
    run = await get_run(event_id=run_row["event"], run_id=run_row["id"])
    problem_row = await ScheduleRun.select(ScheduleRun.problem).where(ScheduleRun.id == run.id).output(load_json=True)
    problem = parse_problem(problem_row[0]["problem"])
    schedule = schedule_from_json(run.result)

    assert validate_schedule(problem, schedule) == []
    accepted = await MeetingRequest.count().where(
        (MeetingRequest.event == run.event_id) & (MeetingRequest.status == "accepted")
    )
    assert schedule.stats.requested == len(problem.requests) == accepted
    assert run.best_weight == schedule.stats.weight
    assert schedule.stats.scheduled > 0.8 * accepted  # the accepted requests were meant to fit
    meetings = await Meeting.select(Meeting.id, Meeting.request, Meeting.slot.code, Meeting.table.code).where(
        Meeting.schedule_run == run.id
    )
    exported = await fair_problem(event_id=run.event_id)
    assert {(f"r{m['request']}", m["slot.code"], m["table.code"]) for m in meetings} == {
        (m.request, m.slot, m.table) for m in schedule.meetings
    }
    assert set(exported.problem.previous) == set(schedule.meetings)  # a re-run starts from the published schedule
    seats = Counter(
        r["meeting"]
        for r in await MeetingAttendee.select(MeetingAttendee.meeting).where(
            MeetingAttendee.meeting.schedule_run == run.id
        )
    )
    assert set(seats.values()) == {2}
    assert len(seats) == len(meetings)
    assert await Meeting.count().where(Meeting.event == fairs["gaoxin-achievements-2026"]) == 0

    first = schedule.meetings[0]
    (request,) = [r for r in problem.requests if r.id == first.request]
    for participant in request.participants:
        mine = await agenda.participant_agenda(registration_id=exported.registration_of[participant])
        assert (first.slot, first.table) in {(m.slot_code, m.table_code) for m in mine.meetings}
