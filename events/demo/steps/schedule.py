"""Step ``schedule``: the university fair's schedule, made by the real scheduler and published.

Registration at the university fair is closed and its teams have answered, so the organizer pressed "Schedule
all" and published the result: the fair's problem is exported exactly as the app does
(:func:`events.scheduling.fair.fair_problem`), solved here synchronously with a short time limit (pure CPU,
inside the demo's one transaction), and written as publication writes it: a published run with the problem and
the schedule, and the meetings with their seats (the demo's outbox keeps to what the participants were told
about their requests). The district fair's registration is still open: it has no schedule yet.

The solver stops at its time limit, so two builds may place a few meetings differently; everything else is
drawn from the seed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from events.audit import AuditAction, acting_as, record
from events.demo.context import DemoContext, MeetingRecord
from events.demo.plan import AS_OF, ORGANIZER
from events.demo.rows import insert_rows
from events.scheduling import schedule_to_dict, solve
from events.scheduling.fair import fair_problem, plan_publication
from events.scheduling.runs import PUBLISHED, SOLVER_WORKERS
from events.tables import Meeting, MeetingAttendee, ScheduleRun
from events.vocabulary import EventStatus, MeetingStatus

TIME_LIMIT = 3.0  # seconds
RUN_AT = AS_OF - timedelta(hours=3)
PUBLISHED_AT = RUN_AT + timedelta(minutes=10)


async def add_schedule(demo: DemoContext) -> None:
    for fair in demo.fairs:
        if fair.spec.status is EventStatus.CLOSED:
            demo.meetings[fair.id] = await publish_schedule(demo, fair.id, fair.spec.slug)


async def publish_schedule(
    demo: DemoContext,
    event_id: int,
    slug: str,
    *,
    run_at: datetime = RUN_AT,
    published_at: datetime = PUBLISHED_AT,
    time_limit: float = TIME_LIMIT,
) -> list[MeetingRecord]:
    """Solve the fair as exported at ``run_at``, publish the result at ``published_at``; returns the meetings."""
    exported = await fair_problem(event_id=event_id, now=run_at)
    schedule = solve(exported.problem, time_limit=time_limit, workers=SOLVER_WORKERS)
    finished = run_at + timedelta(seconds=schedule.stats.solve_seconds)
    stats = schedule.stats
    (run_id,) = await insert_rows(
        ScheduleRun,
        [
            ScheduleRun(
                event=event_id,
                status=PUBLISHED,
                source="solver",
                time_limit_seconds=time_limit,
                problem=exported.document(),
                result=schedule_to_dict(schedule),
                reason_codes={u.request: u.code for u in schedule.unscheduled if u.code},
                best_weight=stats.weight,
                upper_bound=stats.upper_bound,
                progress=1.0,
                phase="done",
                elapsed_seconds=stats.solve_seconds,
                message=f"{schedule.status.value}: {stats.scheduled} of {stats.requested} requests",
                created_by=demo.organizer_id or None,
                created_at=run_at,
                started_at=run_at,
                heartbeat_at=finished,
                finished_at=finished,
                published_at=published_at,
            )
        ],
    )
    added = plan_publication(exported, schedule).added
    meeting_ids = await insert_rows(
        Meeting,
        [
            Meeting(
                event=event_id,
                request=exported.request_of[a.request],
                slot=exported.slot_of[a.slot],
                table=exported.table_of[a.table],
                seat=a.seat,
                status=MeetingStatus.SCHEDULED.value,
                locked=False,
                schedule_run=run_id,
                sequence=0,
                created_at=published_at,
                updated_at=published_at,
            )
            for a in added
        ],
    )
    await insert_rows(
        MeetingAttendee,
        [
            MeetingAttendee(meeting=meeting_id, registration=registration, slot=exported.slot_of[a.slot])
            for meeting_id, a in zip(meeting_ids, added, strict=True)
            for registration in sorted(exported.parties_of[a.request])
        ],
    )
    with acting_as(user_id=demo.organizer_id or None, name=ORGANIZER[0]):
        await record(
            action=AuditAction.SCHEDULE_PUBLISHED,
            event_id=event_id,
            object_kind="schedule_run",
            object_id=run_id,
            details={"kept": 0, "moved": 0, "cancelled": 0, "added": len(added), "weight": stats.weight},
            at=published_at,
        )
    demo.progress(
        f"schedule {slug}: {len(meeting_ids)} meetings for {stats.requested} accepted requests, weight "
        f"{stats.weight} of at most {stats.upper_bound} ({schedule.status.value}, {stats.solve_seconds:.1f} s)"
    )
    return [
        MeetingRecord(
            id=meeting_id,
            request_id=exported.request_of[a.request],
            slot_id=exported.slot_of[a.slot],
            table_id=exported.table_of[a.table],
            registration_ids=tuple(sorted(exported.parties_of[a.request])),
        )
        for meeting_id, a in zip(meeting_ids, added, strict=True)
    ]
