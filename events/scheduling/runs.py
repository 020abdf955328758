"""Runs of the scheduler over a fair: start, progress, result, import and publication.

A run is a ``ScheduleRun`` row, so that every app worker sees the same thing:

1. :func:`start_run` exports the fair's problem and inserts the run as ``running`` with that problem. A partial
   unique index allows one queued or running run per fair: a second start gets ``run_in_progress`` (409). A run
   whose worker stopped (no heartbeat for :data:`STALE_SECONDS`) is marked ``failed`` by the next start.
2. :func:`execute_run` solves the stored problem in a worker thread (off the event loop) while a coroutine on the
   loop writes the solver's progress (weight, bound, elapsed, phase, a 0..1 fraction) and a heartbeat to the row
   every :data:`PROGRESS_INTERVAL` seconds, so whichever worker answers the browser's polling reads it from the
   database. The result is stored in one transaction: the schedule document, its reason codes, weight and bound.
   :func:`launch` starts it as a background task of the current event loop (the web app); the CLI and the demo
   call the solver directly.
3. :func:`import_schedule` stores a schedule solved elsewhere as a finished run, after checking it against the
   fair as it is now (every rule of the format, and every request met or explained).
4. :func:`publish_run` replaces the fair's standing meetings that are not locked by the run's, in one transaction
   (see :mod:`events.scheduling.fair`). It refuses a run made before the fair's meetings changed (a booking, a
   cancellation or a move since) or whose meetings break the fair's rules as they are now (``run_outdated``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from events import audit
from events.clock import utc_now
from events.database import current_engine, is_postgres, write_transaction
from events.errors import ErrorKind, NotFoundError
from events.pagination import Page, PageRequest
from events.parties import get_event, is_unique_violation, load_parties
from events.scheduling import solve
from events.scheduling.errors import SchedulingError
from events.scheduling.fair import (
    Applied,
    FairProblem,
    Plan,
    ScheduleError,
    apply_plan,
    fair_problem,
    plan_publication,
    refuse_violations,
    violations_of,
)
from events.scheduling.jsonformat import parse_problem, problem_to_dict, schedule_from_json, schedule_to_dict
from events.scheduling.problem import Schedule, Status
from events.scheduling.progress import PHASES, Progress
from events.tables import MeetingRequest, Registration, ScheduleRun
from events.vocabulary import EventStatus, RequestStatus

logger = logging.getLogger("events.scheduling")

QUEUED, RUNNING, DONE, FAILED, PUBLISHED = "queued", "running", "done", "failed", "published"
ACTIVE = (QUEUED, RUNNING)
MIN_TIME_LIMIT = 0.1
MAX_TIME_LIMIT = 600.0
DEFAULT_TIME_LIMIT = 10.0
SOLVER_WORKERS = 2
PROGRESS_INTERVAL = 0.25
HEARTBEAT_SECONDS = 2.0
STALE_SECONDS = 30.0


def progress_fraction(progress: Progress, *, time_limit: float) -> float:
    """How far a run has got, 0..1: the larger of time spent against the limit and phases passed; 1 when done."""
    if progress.phase == "done":
        return 1.0
    by_time = progress.elapsed / time_limit if time_limit > 0 else 0.0
    by_phase = PHASES.index(progress.phase) / (len(PHASES) - 1) if progress.phase in PHASES else 0.0
    return round(min(0.99, max(0.0, by_time, by_phase)), 3)


def check_time_limit(time_limit: float) -> float:
    if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        raise ScheduleError(
            "bad_time_limit",
            f"the time limit is {MIN_TIME_LIMIT:g} to {MAX_TIME_LIMIT:g} seconds, not {time_limit:g}",
            field="time_limit",
        )
    return float(time_limit)


# --- reading runs -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunView:
    id: int
    event_id: int
    status: str
    source: str
    time_limit: float
    progress: float
    phase: str
    elapsed_seconds: float
    best_weight: int | None
    upper_bound: int | None
    message: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None
    created_by: int | None
    result: dict[str, Any]  # the schedule document ({} until the run is finished)
    reason_codes: dict[str, str]

    @property
    def finished(self) -> bool:
        return self.status in (DONE, PUBLISHED)

    @property
    def schedule_status(self) -> str | None:
        status = self.result.get("status")
        return status if isinstance(status, str) else None

    @property
    def stats(self) -> dict[str, Any]:
        stats = self.result.get("stats")
        return stats if isinstance(stats, dict) else {}


SUMMARY_COLUMNS: tuple[Any, ...] = (
    ScheduleRun.id,
    ScheduleRun.event,
    ScheduleRun.status,
    ScheduleRun.source,
    ScheduleRun.time_limit_seconds,
    ScheduleRun.progress,
    ScheduleRun.phase,
    ScheduleRun.elapsed_seconds,
    ScheduleRun.best_weight,
    ScheduleRun.upper_bound,
    ScheduleRun.message,
    ScheduleRun.created_at,
    ScheduleRun.started_at,
    ScheduleRun.finished_at,
    ScheduleRun.published_at,
    ScheduleRun.created_by,
)


def _loaded(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return value if isinstance(value, dict) else {}


def _view(row: dict[str, Any]) -> RunView:
    return RunView(
        id=row["id"],
        event_id=row["event"],
        status=row["status"],
        source=row["source"],
        time_limit=float(row["time_limit_seconds"]),
        progress=float(row["progress"]),
        phase=row["phase"] or "",
        elapsed_seconds=float(row["elapsed_seconds"] or 0.0),
        best_weight=row["best_weight"],
        upper_bound=row["upper_bound"],
        message=row["message"] or "",
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        published_at=row["published_at"],
        created_by=row["created_by"],
        result=_loaded(row.get("result", "{}")),
        reason_codes={str(k): str(v) for k, v in _loaded(row.get("reason_codes", "{}")).items()},
    )


async def get_run(*, event_id: int, run_id: int, with_result: bool = True) -> RunView:
    columns = (*SUMMARY_COLUMNS, ScheduleRun.result, ScheduleRun.reason_codes) if with_result else SUMMARY_COLUMNS
    row = await ScheduleRun.select(*columns).where((ScheduleRun.id == run_id) & (ScheduleRun.event == event_id)).first()
    if row is None:
        raise NotFoundError("unknown_run", f"fair {event_id} has no schedule run {run_id}")
    return _view(row)


async def run_problem(*, event_id: int, run_id: int) -> dict[str, Any]:
    """The problem document a run solved (exactly as exported then)."""
    row = (
        await ScheduleRun.select(ScheduleRun.problem)
        .where((ScheduleRun.id == run_id) & (ScheduleRun.event == event_id))
        .first()
    )
    if row is None:
        raise NotFoundError("unknown_run", f"fair {event_id} has no schedule run {run_id}")
    return _loaded(row["problem"])


async def list_runs(*, event_id: int, page: PageRequest) -> Page[RunView]:
    await get_event(event_id)
    total = await ScheduleRun.count().where(ScheduleRun.event == event_id)
    rows = (
        await ScheduleRun.select(*SUMMARY_COLUMNS)
        .where(ScheduleRun.event == event_id)
        .order_by(ScheduleRun.id, ascending=False)
        .limit(page.limit)
        .offset(page.offset)
    )
    return Page(items=[_view(r) for r in rows], total=int(total), limit=page.limit, offset=page.offset)


async def accepted_requests(*, event_id: int) -> int:
    return int(
        await MeetingRequest.count().where(
            (MeetingRequest.event == event_id) & (MeetingRequest.status == RequestStatus.ACCEPTED.value)
        )
    )


async def active_run(*, event_id: int) -> int | None:
    row = (
        await ScheduleRun.select(ScheduleRun.id)
        .where((ScheduleRun.event == event_id) & ScheduleRun.status.is_in(list(ACTIVE)))
        .first()
    )
    return None if row is None else int(row["id"])


# --- starting and executing a run -------------------------------------------------------------------------------


def _check_fair_open(status: str, event_id: int) -> None:
    if status == EventStatus.FINISHED.value:
        raise ScheduleError("fair_finished", f"fair {event_id} is finished", kind=ErrorKind.CONFLICT)


async def abandon_stale_runs(*, event_id: int, now: datetime | None = None) -> int:
    """Mark failed the running runs of the fair whose worker stopped reporting (a crash or a restart)."""
    now = now or utc_now()
    cutoff = now - timedelta(seconds=STALE_SECONDS)
    stale = await (
        ScheduleRun.update(
            {
                ScheduleRun.status: FAILED,
                ScheduleRun.finished_at: now,
                ScheduleRun.message: "the worker running it stopped reporting; start a new run",
            }
        )
        .where(
            (ScheduleRun.event == event_id)
            & ScheduleRun.status.is_in(list(ACTIVE))
            & (ScheduleRun.heartbeat_at < cutoff)
        )
        .returning(ScheduleRun.id)
    )
    return len(stale)


async def start_run(*, event_id: int, time_limit: float = DEFAULT_TIME_LIMIT, created_by: int | None = None) -> int:
    """Export the fair's problem and record a running run (one per fair at a time); returns its id."""
    time_limit = check_time_limit(time_limit)
    event = await get_event(event_id)
    _check_fair_open(event.status, event_id)
    fair = await fair_problem(event_id=event_id)
    now = utc_now()
    await abandon_stale_runs(event_id=event_id, now=now)
    run = ScheduleRun(
        event=event_id,
        status=RUNNING,
        source="solver",
        time_limit_seconds=time_limit,
        problem=fair.document(),
        phase="start",
        created_by=created_by,
        created_at=now,
        started_at=now,
        heartbeat_at=now,
    )
    try:
        await run.save()
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        running = await active_run(event_id=event_id)
        raise ScheduleError(
            "run_in_progress",
            f"fair {event_id} already has schedule run {running} in progress; wait for it to finish",
            kind=ErrorKind.CONFLICT,
            details={"run_id": running},
        ) from None
    return int(run.id)


class _Latest:
    """The newest progress report, handed from the solving thread to the event loop (one attribute write)."""

    def __init__(self) -> None:
        self.progress: Progress | None = None

    def __call__(self, progress: Progress) -> None:
        self.progress = progress


async def _write_progress(run_id: int, latest: _Latest, time_limit: float, done: asyncio.Event) -> None:
    """Every PROGRESS_INTERVAL: the newest progress when it changed, a heartbeat at least every HEARTBEAT_SECONDS."""
    written: Progress | None = None
    beat = time.monotonic()
    while not done.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout=PROGRESS_INTERVAL)
        progress = latest.progress
        due = time.monotonic() - beat >= HEARTBEAT_SECONDS
        if done.is_set() or (progress == written and not due):
            continue
        values: dict[Any, Any] = {ScheduleRun.heartbeat_at: utc_now()}
        if progress is not None and progress != written:
            values.update(
                {
                    ScheduleRun.best_weight: progress.weight,
                    ScheduleRun.upper_bound: progress.bound,
                    ScheduleRun.elapsed_seconds: round(progress.elapsed, 3),
                    ScheduleRun.phase: progress.phase[:20],
                    ScheduleRun.progress: progress_fraction(progress, time_limit=time_limit),
                }
            )
        try:
            await ScheduleRun.update(values).where((ScheduleRun.id == run_id) & (ScheduleRun.status == RUNNING))
        except Exception:  # a busy database skips one report; the next one catches up
            logger.warning("schedule run %s: progress not written", run_id, exc_info=True)
            continue
        written, beat = progress, time.monotonic()


async def execute_run(*, run_id: int, workers: int = SOLVER_WORKERS) -> None:
    """Solve a running run's problem in a worker thread, reporting progress, and store the result (or failure)."""
    row = (
        await ScheduleRun.select(ScheduleRun.problem, ScheduleRun.time_limit_seconds, ScheduleRun.status)
        .where(ScheduleRun.id == run_id)
        .first()
    )
    if row is None or row["status"] != RUNNING:
        return
    time_limit = float(row["time_limit_seconds"])
    latest = _Latest()
    done = asyncio.Event()
    reporter = asyncio.create_task(_write_progress(run_id, latest, time_limit, done))
    try:
        problem = parse_problem(_loaded(row["problem"]))
        schedule = await asyncio.to_thread(solve, problem, time_limit=time_limit, on_progress=latest, workers=workers)
    except SchedulingError as exc:
        await _fail(run_id, exc.message, reporter=reporter, done=done)
        return
    except Exception as exc:
        logger.exception("schedule run %s failed", run_id)
        await _fail(run_id, f"the solver failed: {exc!r}", reporter=reporter, done=done)
        return
    done.set()
    await reporter
    try:
        await store_result(run_id=run_id, schedule=schedule)
    except Exception as exc:
        logger.exception("schedule run %s: the result was not stored", run_id)
        await _fail(run_id, f"the result could not be stored: {exc!r}")


async def _fail(
    run_id: int, message: str, *, reporter: asyncio.Task[None] | None = None, done: asyncio.Event | None = None
) -> None:
    if done is not None:
        done.set()
    if reporter is not None:
        await reporter
    await ScheduleRun.update(
        {ScheduleRun.status: FAILED, ScheduleRun.message: message[:2000], ScheduleRun.finished_at: utc_now()}
    ).where((ScheduleRun.id == run_id) & (ScheduleRun.status == RUNNING))


async def store_result(*, run_id: int, schedule: Schedule) -> bool:
    """Record a finished run's schedule in one transaction; False when the run was abandoned meanwhile."""
    now = utc_now()
    async with write_transaction():
        stored = await (
            ScheduleRun.update(
                {
                    ScheduleRun.status: DONE,
                    ScheduleRun.result: schedule_to_dict(schedule),
                    ScheduleRun.reason_codes: {u.request: u.code for u in schedule.unscheduled if u.code},
                    ScheduleRun.best_weight: schedule.stats.weight,
                    ScheduleRun.upper_bound: schedule.stats.upper_bound,
                    ScheduleRun.progress: 1.0,
                    ScheduleRun.phase: "done",
                    ScheduleRun.elapsed_seconds: schedule.stats.solve_seconds,
                    ScheduleRun.heartbeat_at: now,
                    ScheduleRun.finished_at: now,
                    ScheduleRun.message: _summary(schedule),
                }
            )
            .where((ScheduleRun.id == run_id) & (ScheduleRun.status == RUNNING))
            .returning(ScheduleRun.id)
        )
    return bool(stored)


def _summary(schedule: Schedule) -> str:
    stats = schedule.stats
    if schedule.status == Status.INFEASIBLE:
        return f"infeasible: {len(schedule.unscheduled)} required or locked meetings conflict"
    return (
        f"{schedule.status.value}: {stats.scheduled} of {stats.requested} requests, "
        f"weight {stats.weight} of at most {stats.upper_bound}"
    )


_background: set[asyncio.Task[None]] = set()


def launch(run_id: int, *, workers: int = SOLVER_WORKERS) -> asyncio.Task[None]:
    """Execute a started run as a background task of the running event loop (kept referenced until it ends)."""
    work: Coroutine[Any, Any, None] = execute_run(run_id=run_id, workers=workers)
    task = asyncio.get_running_loop().create_task(work, name=f"schedule-run-{run_id}")
    _background.add(task)
    task.add_done_callback(_background.discard)
    return task


# --- importing and publishing ------------------------------------------------------------------------------------


async def _lock_fair(event_id: int) -> None:
    """Serialise with bookings: lock the fair's registrations in ascending id order, as every booking does."""
    if is_postgres(current_engine()):
        await (
            Registration.select(Registration.id)
            .where(Registration.event == event_id)
            .order_by(Registration.id)
            .lock_rows("UPDATE")
        )


@dataclass(frozen=True, slots=True)
class Published:
    run_id: int
    applied: Applied


async def import_schedule(
    *, event_id: int, document: dict[str, Any] | str | bytes, created_by: int | None = None, publish: bool = False
) -> tuple[int, Published | None]:
    """Store a schedule file as a finished run (and publish it, in the same transaction, if asked).

    Refused, writing nothing, when the document breaks the format (``SchedulingError`` naming the item), is
    infeasible, or breaks any rule for the fair as it is now (``invalid_schedule`` listing the violations).
    """
    schedule = schedule_from_json(document)
    if schedule.status == Status.INFEASIBLE:
        raise ScheduleError(
            "infeasible_schedule", "the schedule is infeasible: there is nothing to import", field="status"
        )
    async with write_transaction():
        event = await get_event(event_id)
        _check_fair_open(event.status, event_id)
        if publish:
            await _lock_fair(event_id)
        fair = await fair_problem(event_id=event_id)
        refuse_violations(
            violations_of(fair, schedule, whole_document=True), code="invalid_schedule", what="the schedule"
        )
        now = utc_now()
        run = ScheduleRun(
            event=event_id,
            status=DONE,
            source="import",
            time_limit_seconds=0.0,
            problem=fair.document(),
            result=schedule_to_dict(schedule),
            best_weight=schedule.stats.weight,
            upper_bound=schedule.stats.upper_bound,
            progress=1.0,
            phase="done",
            elapsed_seconds=schedule.stats.solve_seconds,
            message=_summary(schedule),
            created_by=created_by,
            created_at=now,
            started_at=now,
            finished_at=now,
            heartbeat_at=now,
        )
        await run.save()
        published = await _publish_locked(fair=fair, run_id=int(run.id), schedule=schedule) if publish else None
    return int(run.id), published


async def preview_publication(*, event_id: int, run_id: int) -> Plan:
    """What publishing the run would change now (nothing is written); refusals as :func:`publish_run`'s."""
    run = await get_run(event_id=event_id, run_id=run_id)
    fair = await fair_problem(event_id=event_id)
    schedule = await _checked(run, fair)
    return plan_publication(fair, schedule)


async def _checked(run: RunView, fair: FairProblem) -> Schedule:
    """The run's schedule if it may replace the fair's meetings now; else the refusal."""
    schedule = _publishable(run)
    await _check_unchanged(fair, run.id)
    refuse_violations(
        violations_of(fair, schedule, whole_document=False), code="run_outdated", what=f"schedule run {run.id}"
    )
    return schedule


def _publishable(run: RunView) -> Schedule:
    if run.status == PUBLISHED:
        raise ScheduleError("already_published", f"schedule run {run.id} is already published", kind=ErrorKind.CONFLICT)
    if run.status != DONE:
        raise ScheduleError(
            "run_not_finished", f"schedule run {run.id} is {run.status}, not finished", kind=ErrorKind.CONFLICT
        )
    schedule = schedule_from_json(run.result)
    if schedule.status == Status.INFEASIBLE:
        raise ScheduleError("run_infeasible", f"schedule run {run.id} found no valid schedule", kind=ErrorKind.CONFLICT)
    return schedule


async def _check_unchanged(fair: FairProblem, run_id: int) -> None:
    """A run made before a booking, move or cancellation would silently undo it: refuse it."""
    then = parse_problem(await run_problem(event_id=fair.event.id, run_id=run_id))
    now = fair.problem
    if set(then.locked) | set(then.previous) != set(now.locked) | set(now.previous):
        raise ScheduleError(
            "run_outdated",
            f"the fair's meetings changed since schedule run {run_id} was made; run the scheduler again",
            kind=ErrorKind.CONFLICT,
        )


async def publish_run(*, event_id: int, run_id: int) -> Published:
    """Make a finished run the fair's schedule, in one transaction, and tell the participants (outbox)."""
    async with write_transaction():
        if is_postgres(current_engine()):
            await ScheduleRun.select(ScheduleRun.id).where(ScheduleRun.id == run_id).lock_rows("UPDATE")
        run = await get_run(event_id=event_id, run_id=run_id)
        event = await get_event(event_id)
        _check_fair_open(event.status, event_id)
        await _lock_fair(event_id)
        fair = await fair_problem(event_id=event_id)
        schedule = await _checked(run, fair)
        return await _publish_locked(fair=fair, run_id=run_id, schedule=schedule)


async def _publish_locked(*, fair: FairProblem, run_id: int, schedule: Schedule) -> Published:
    plan = plan_publication(fair, schedule)
    try:
        applied = await apply_plan(fair=fair, plan=plan, run_id=run_id)
    except Exception as exc:
        if is_unique_violation(exc):
            raise ScheduleError(
                "schedule_conflict",
                "a seat or a participant's slot is already taken by a meeting outside the schedule; "
                "nothing was published",
                kind=ErrorKind.CONFLICT,
            ) from None
        raise
    await ScheduleRun.update({ScheduleRun.status: PUBLISHED, ScheduleRun.published_at: utc_now()}).where(
        ScheduleRun.id == run_id
    )
    await audit.record(
        action=audit.AuditAction.SCHEDULE_PUBLISHED,
        event_id=fair.event.id,
        object_kind="schedule_run",
        object_id=run_id,
        details={
            "kept": applied.kept,
            "moved": applied.moved,
            "cancelled": applied.cancelled,
            "added": applied.added,
            "weight": schedule.stats.weight,
        },
    )
    return Published(run_id=run_id, applied=applied)


async def export_problem(*, event_id: int) -> dict[str, Any]:
    """The fair's problem document, exactly as the exchange format writes it."""
    return problem_to_dict((await fair_problem(event_id=event_id)).problem)


async def run_schedule(*, event_id: int, run_id: int) -> dict[str, Any]:
    """A finished run's schedule document, exactly as the exchange format writes it."""
    run = await get_run(event_id=event_id, run_id=run_id)
    if not run.finished:
        raise ScheduleError(
            "run_not_finished", f"schedule run {run_id} is {run.status}, not finished", kind=ErrorKind.CONFLICT
        )
    return run.result


# --- a run's result for people --------------------------------------------------------------------------------

_PARTICIPANT_ID = re.compile(r"\b(?:ent|team|inv)-(\d+)\b")


@dataclass(frozen=True, slots=True)
class ReportLine:
    """A request of a run: where it meets, or why it does not (``reason_code`` as the solver gave it)."""

    request: str
    team: str
    seeker: str
    weight: int
    required: bool
    slot: str | None = None
    starts_at: datetime | None = None
    table: str | None = None
    reason: str = ""
    reason_code: str = ""


@dataclass(frozen=True, slots=True)
class RunReport:
    run: RunView
    meetings: list[ReportLine]  # in time order, then table
    unscheduled: list[ReportLine]  # heaviest first


async def run_report(*, event_id: int, run_id: int) -> RunReport:
    """A finished run's meetings and unscheduled requests with the participants' names (reasons name them too)."""
    run = await get_run(event_id=event_id, run_id=run_id)
    if not run.result:
        return RunReport(run=run, meetings=[], unscheduled=[])
    problem = parse_problem(await run_problem(event_id=event_id, run_id=run_id))
    schedule = schedule_from_json(run.result)
    registration_ids = {int(p.id.rsplit("-", 1)[1]) for p in problem.participants}
    parties = await load_parties(sorted(registration_ids))

    def name(participant_id: str) -> str:
        party = parties.get(int(participant_id.rsplit("-", 1)[1]))
        return party.name if party is not None else participant_id

    def named(text: str) -> str:
        return _PARTICIPANT_ID.sub(lambda m: name(m.group(0)), text)

    requests = {r.id: r for r in problem.requests}
    starts = {s.id: s.start for s in problem.slots}
    order = {s.id: n for n, s in enumerate(problem.slots)}

    def line(request_id: str, **placement: Any) -> ReportLine:
        request = requests.get(request_id)
        if request is None:
            return ReportLine(request=request_id, team="", seeker="", weight=0, required=False, **placement)
        teams = [p for p in request.participants if p.startswith("team-")]
        others = [p for p in request.participants if not p.startswith("team-")]
        return ReportLine(
            request=request_id,
            team=", ".join(name(p) for p in teams),
            seeker=", ".join(name(p) for p in others),
            weight=request.weight,
            required=request.required,
            **placement,
        )

    meetings = [
        line(m.request, slot=m.slot, starts_at=starts.get(m.slot), table=m.table)
        for m in sorted(schedule.meetings, key=lambda m: (order.get(m.slot, 0), m.table, m.request))
    ]
    unscheduled = [
        line(u.request, reason=named(u.reason), reason_code=run.reason_codes.get(u.request, ""))
        for u in schedule.unscheduled
    ]
    unscheduled.sort(key=lambda item: (-item.weight, item.team, item.seeker))
    return RunReport(run=run, meetings=meetings, unscheduled=unscheduled)
