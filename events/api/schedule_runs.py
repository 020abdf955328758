"""The scheduler for organizers: a fair's problem, "Schedule all" runs with their progress, imported schedule
files, and publication.

The problem and schedule documents are the public exchange format (``transferfair.schedule-problem/1`` and
``transferfair.schedule/1``). A run executes in the background of the worker that started it; its progress is in
the database, so any worker answers ``GET .../schedule-runs/{run_id}``.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events.api.guards import organizer_only
from events.api.meetings import delivered
from events.api.schemas.common import Page
from events.api.schemas.scheduling import (
    ImportOut,
    PublicationOut,
    PublicationPreviewOut,
    ScheduleRunCreate,
    ScheduleRunOut,
)
from events.api.security import principal_of
from events.pagination import PageRequest
from events.scheduling import runs
from events.settings import Settings


class ScheduleRunController(Controller):
    """A fair's schedule problem, runs of the scheduler, imports and publication (organizers)."""

    path = "/api/events/{event_id:int}"
    tags = ["scheduling"]
    guards = [organizer_only]

    @get(
        "/schedule-problem",
        summary="The fair's scheduling problem (exchange format)",
        description=(
            "The accepted meeting requests of approved participants with their unavailable slots and limits, host "
            "tables, the meetings that may not move (`locked`) and the published schedule (`previous`), as a "
            "`transferfair.schedule-problem/1` document. Solve it elsewhere (`transferfair schedule solve`) and "
            "bring the schedule back with `POST .../schedule-runs/import`."
        ),
        cache=False,
    )
    async def problem(self, event_id: FromPath[int]) -> dict[str, Any]:
        return await runs.export_problem(event_id=event_id)

    @post(
        "/schedule-runs",
        summary="Schedule all: start a run of the scheduler",
        description=(
            "Starts the solver in the background with the given time limit and answers at once (201) with the "
            "running run; poll `GET .../schedule-runs/{run_id}` for its progress. One run per fair at a time: 409 "
            "`run_in_progress` names the running one."
        ),
    )
    async def start(
        self, request: Request[Any, Any, Any], event_id: FromPath[int], data: JSONBody[ScheduleRunCreate]
    ) -> Response[ScheduleRunOut]:
        run_id = await runs.start_run(
            event_id=event_id, time_limit=data.time_limit, created_by=principal_of(request).user_id
        )
        runs.launch(run_id)
        run = await runs.get_run(event_id=event_id, run_id=run_id, with_result=False)
        return Response(ScheduleRunOut.of(run), status_code=201)

    @get("/schedule-runs", summary="The fair's scheduler runs, newest first", cache=False)
    async def list_runs(
        self,
        event_id: FromPath[int],
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> Page[ScheduleRunOut]:
        page = await runs.list_runs(event_id=event_id, page=PageRequest(limit=limit, offset=offset))
        return Page(
            items=[ScheduleRunOut.of(r) for r in page.items], total=page.total, limit=page.limit, offset=page.offset
        )

    @get(
        "/schedule-runs/{run_id:int}", summary="One run: its progress while running, its result once done", cache=False
    )
    async def get_run(self, event_id: FromPath[int], run_id: FromPath[int]) -> ScheduleRunOut:
        return ScheduleRunOut.of(await runs.get_run(event_id=event_id, run_id=run_id))

    @get(
        "/schedule-runs/{run_id:int}/schedule",
        summary="A finished run's schedule (exchange format)",
        description="The `transferfair.schedule/1` document; 409 `run_not_finished` while the run is not done.",
        cache=False,
    )
    async def schedule(self, event_id: FromPath[int], run_id: FromPath[int]) -> dict[str, Any]:
        return await runs.run_schedule(event_id=event_id, run_id=run_id)

    @get(
        "/schedule-runs/{run_id:int}/preview",
        summary="What publishing the run would change now",
        description="Counts of meetings kept, moved, cancelled and added; refusals as for publishing.",
        cache=False,
    )
    async def preview(self, event_id: FromPath[int], run_id: FromPath[int]) -> PublicationPreviewOut:
        return PublicationPreviewOut.of(await runs.preview_publication(event_id=event_id, run_id=run_id))

    @post(
        "/schedule-runs/{run_id:int}/publish",
        summary="Publish a run: its meetings become the fair's schedule",
        description=(
            "In one transaction, the fair's meetings that are not locked are replaced by the run's: unchanged "
            "meetings keep their row and calendar UID, moved ones keep their row with a higher SEQUENCE, dropped "
            "ones are cancelled, new ones are added; both participants of every change get a message. 409 "
            "`run_outdated` when meetings were booked, moved or cancelled since the run (run again), "
            "`already_published`, `run_not_finished` or `run_infeasible`."
        ),
        status_code=200,
    )
    async def publish(
        self, event_id: FromPath[int], run_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Response[PublicationOut]:
        published = await runs.publish_run(event_id=event_id, run_id=run_id)
        return delivered(PublicationOut.of(published), settings)

    @post(
        "/schedule-runs/import",
        summary="Import a schedule file (and optionally publish it)",
        description=(
            "The body is a `transferfair.schedule/1` document solved from this fair's problem. It is checked "
            "against the fair as it is now: 400 with the format's code naming the item (`unknown_key`, "
            "`missing_key`, ...), or `invalid_schedule` listing every broken rule in `details.violations` "
            "(a request that is unknown, double booked, unexplained...). Nothing is written when refused."
        ),
    )
    async def import_schedule(
        self,
        request: Request[Any, Any, Any],
        event_id: FromPath[int],
        data: JSONBody[dict[str, Any]],
        settings: NamedDependency[Settings],
        publish: FromQuery[bool] = False,
    ) -> Response[ImportOut]:
        run_id, published = await runs.import_schedule(
            event_id=event_id, document=data, created_by=principal_of(request).user_id, publish=publish
        )
        run = await runs.get_run(event_id=event_id, run_id=run_id, with_result=False)
        out = ImportOut(run=ScheduleRunOut.of(run), publication=PublicationOut.of(published) if published else None)
        return delivered(out, settings, status_code=201)
