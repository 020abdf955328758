"""Scheduler runs: starting one, its progress and result, publication and imported schedule files."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from events.api.schemas.common import Input
from events.scheduling.fair import Plan
from events.scheduling.runs import DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT, MIN_TIME_LIMIT, Published, RunView

RunStatus = Literal["queued", "running", "done", "failed", "published"]
ScheduleStatus = Literal["optimal", "feasible", "infeasible"]


class ScheduleRunCreate(Input, kw_only=True):
    """Start "Schedule all": the solver runs in the background for at most ``time_limit`` seconds."""

    time_limit: Annotated[
        float,
        msgspec.Meta(ge=MIN_TIME_LIMIT, le=MAX_TIME_LIMIT, description="seconds the solver may take", examples=[10]),
    ] = DEFAULT_TIME_LIMIT


class ScheduleStatsOut(msgspec.Struct, kw_only=True):
    requested: int
    scheduled: int
    weight: int
    upper_bound: int
    solve_seconds: float


class ScheduleRunOut(msgspec.Struct, kw_only=True):
    """A run: while ``running``, ``progress`` (0..1), ``phase``, ``best_weight`` and ``upper_bound`` move; once
    ``done``, ``schedule_status`` and ``stats`` describe the result (the document is at ``.../schedule``)."""

    id: int
    event_id: int
    status: RunStatus
    source: Literal["solver", "import"]
    time_limit: float
    progress: float
    phase: str
    elapsed_seconds: float
    best_weight: int | None
    upper_bound: int | None
    schedule_status: ScheduleStatus | None
    stats: ScheduleStatsOut | None
    message: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None

    @classmethod
    def of(cls, run: RunView) -> ScheduleRunOut:
        stats = run.stats
        return cls(
            id=run.id,
            event_id=run.event_id,
            status=run.status,  # type: ignore[arg-type]
            source=run.source,  # type: ignore[arg-type]
            time_limit=run.time_limit,
            progress=run.progress,
            phase=run.phase,
            elapsed_seconds=run.elapsed_seconds,
            best_weight=run.best_weight,
            upper_bound=run.upper_bound,
            schedule_status=run.schedule_status,  # type: ignore[arg-type]
            stats=ScheduleStatsOut(**stats) if stats else None,
            message=run.message,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            published_at=run.published_at,
        )


class PublicationOut(msgspec.Struct, kw_only=True):
    """What publishing changed: meetings kept in place (same row and calendar UID), moved, cancelled, added."""

    run_id: int
    kept: int
    moved: int
    cancelled: int
    added: int
    messages: int

    @classmethod
    def of(cls, published: Published) -> PublicationOut:
        applied = published.applied
        return cls(
            run_id=published.run_id,
            kept=applied.kept,
            moved=applied.moved,
            cancelled=applied.cancelled,
            added=applied.added,
            messages=applied.messages,
        )


class PublicationPreviewOut(msgspec.Struct, kw_only=True):
    """What publishing the run would change now."""

    kept: int
    moved: int
    cancelled: int
    added: int

    @classmethod
    def of(cls, plan: Plan) -> PublicationPreviewOut:
        return cls(kept=len(plan.kept), moved=len(plan.moved), cancelled=len(plan.cancelled), added=len(plan.added))


class ImportOut(msgspec.Struct, kw_only=True):
    run: ScheduleRunOut
    publication: PublicationOut | None


SCHEDULE_DOCUMENT_EXAMPLE: dict[str, Any] = {
    "format": "transferfair.schedule/1",
    "status": "optimal",
    "meetings": [{"request": "r1", "slot": "d1-0900", "table": "T01"}],
    "unscheduled": [{"request": "r2", "reason": "team-17 already has its maximum of 6 meetings"}],
    "stats": {"requested": 2, "scheduled": 1, "weight": 3, "upper_bound": 3, "solve_seconds": 0.41},
}
