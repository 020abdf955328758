"""The console's "Schedule" tab: accepted requests, "Schedule all" with a time limit, a run's progress bar, its
result (meetings, weight against the bound, unscheduled requests with their reasons) and publication.

Forms post to the page handlers (they work without JavaScript); ``/static/js/schedule.js`` polls the run's API
while it runs, moves the progress bar and reloads the page once the run has finished.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import notifications
from events.api.security import principal_of
from events.errors import DomainError
from events.i18n import N_
from events.i18n import gettext as _
from events.pages.console import fair_context
from events.pages.guards import page_organizer
from events.pagination import PageRequest
from events.scheduling import runs
from events.settings import Settings
from events.tables import Meeting
from events.vocabulary import MeetingStatus

# The solver's reason codes (events.scheduling.reasons.ReasonCode), in words an organizer reads.
REASONS: dict[str, str] = {
    "no_common_slot": N_("They are never free at the same time."),
    "max_meetings": N_("One of them already has the most meetings allowed."),
    "participant_booked": N_("One of them is fully booked whenever the other is free."),
    "participants_booked": N_("Whenever both are free, one of them already has a meeting."),
    "table_full": N_("No table is free when both are."),
    "conflict": N_("It conflicts with meetings that are fixed or required."),
    "not_found": N_("No schedule with every required meeting was found in time."),
}
RUN_STATUSES: dict[str, str] = {
    "queued": N_("Queued"),
    "running": N_("Running"),
    "done": N_("Finished"),
    "failed": N_("Failed"),
    "published": N_("Published"),
}
SCHEDULE_STATUSES: dict[str, str] = {
    "optimal": N_("Optimal: the best possible weight is proved"),
    "feasible": N_("Valid: time ran out before the best was proved"),
    "infeasible": N_("Infeasible: fixed or required meetings conflict"),
}
PHASES: dict[str, str] = {
    "start": N_("Starting"),
    "bound": N_("Computing the upper bound"),
    "greedy": N_("First schedule"),
    "weight": N_("Scheduling more requests"),
    "stability": N_("Keeping published meetings in place"),
    "fairness": N_("Spreading meetings fairly"),
    "compactness": N_("Closing gaps in agendas"),
    "published": N_("Putting published meetings back in place"),
    "done": N_("Done"),
}
ERRORS: dict[str, str] = {
    "run_in_progress": N_("A run of this fair is already in progress."),
    "run_outdated": N_("Meetings changed since this run was made. Run the scheduler again."),
    "already_published": N_("This run is already published."),
    "run_infeasible": N_("This run found no valid schedule; it cannot be published."),
    "run_not_finished": N_("This run has not finished."),
    "schedule_conflict": N_("A seat or a participant's slot is taken by a meeting outside the schedule."),
    "bad_time_limit": N_("The time limit must be between 0.1 and 600 seconds."),
    "fair_finished": N_("This fair is finished."),
}


def _base(event_id: int) -> str:
    return f"/console/fairs/{event_id}/schedule"


def _error_query(exc: DomainError) -> str:
    message = exc.message if len(exc.message) <= 400 else exc.message[:399] + "…"
    return urlencode({"error": exc.code, "message": message})


def _error_text(code: str | None, message: str | None) -> str | None:
    """A refusal in the page's language when its code is known, else the domain's message."""
    if not code:
        return None
    return _(ERRORS[code]) if code in ERRORS else (message or code)


def _texts() -> str:
    """What the progress script writes, in the page's language (a JSON data block: no inline script)."""
    return json.dumps(
        {
            "phases": {key: _(text) for key, text in PHASES.items()},
            "weight": _("Scheduled weight"),
            "bound": _("upper bound"),
            "seconds": _("seconds"),
            "lost": _("Lost contact with the server; retrying…"),
            "failed": _("The run failed."),
            "errors": {code: _(text) for code, text in ERRORS.items()},
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")


@get("/console/fairs/{event_id:int}/schedule", guards=[page_organizer], include_in_schema=False, cache=False)
async def schedule_page(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    error: Annotated[str | None, QueryParameter(max_length=40)] = None,
    message: Annotated[str | None, QueryParameter(max_length=500)] = None,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="schedule")
    recent = await runs.list_runs(event_id=event_id, page=PageRequest(limit=20))
    standing = await Meeting.count().where(
        (Meeting.event == event_id) & (Meeting.status != MeetingStatus.CANCELLED.value)
    )
    return Template(
        template_name="scheduling/console_schedule.html",
        context={
            **context,
            "accepted": await runs.accepted_requests(event_id=event_id),
            "standing": standing,
            "runs": recent.items,
            "active_run": await runs.active_run(event_id=event_id),
            "time_limit": runs.DEFAULT_TIME_LIMIT,
            "min_time_limit": runs.MIN_TIME_LIMIT,
            "max_time_limit": runs.MAX_TIME_LIMIT,
            "run_statuses": RUN_STATUSES,
            "schedule_statuses": SCHEDULE_STATUSES,
            "error": _error_text(error, message),
            "texts": _texts(),
        },
    )


@post("/console/fairs/{event_id:int}/schedule/runs", guards=[page_organizer], include_in_schema=False, status_code=303)
async def start_submit(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    form = await request.form()
    try:
        try:
            time_limit = float(str(form.get("time_limit", runs.DEFAULT_TIME_LIMIT)).strip().replace(",", "."))
        except ValueError:
            raise DomainError("bad_time_limit", "the time limit must be a number of seconds") from None
        run_id = await runs.start_run(
            event_id=event_id, time_limit=time_limit, created_by=principal_of(request).user_id
        )
    except DomainError as exc:
        return Redirect(path=f"{_base(event_id)}?{_error_query(exc)}", status_code=303)
    runs.launch(run_id)
    return Redirect(path=f"{_base(event_id)}/runs/{run_id}", status_code=303)


@get(
    "/console/fairs/{event_id:int}/schedule/runs/{run_id:int}",
    guards=[page_organizer],
    include_in_schema=False,
    cache=False,
)
async def run_page(
    event_id: FromPath[int],
    run_id: FromPath[int],
    request: Request[Any, Any, Any],
    done: Annotated[str | None, QueryParameter(max_length=40)] = None,
    error: Annotated[str | None, QueryParameter(max_length=40)] = None,
    message: Annotated[str | None, QueryParameter(max_length=500)] = None,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="schedule")
    report = await runs.run_report(event_id=event_id, run_id=run_id)
    preview = None
    preview_error = None
    if report.run.status == runs.DONE and report.run.schedule_status != "infeasible":
        try:
            preview = await runs.preview_publication(event_id=event_id, run_id=run_id)
        except DomainError as exc:
            preview_error = _error_text(exc.code, exc.message)
    return Template(
        template_name="scheduling/console_run.html",
        context={
            **context,
            "report": report,
            "run": report.run,
            "preview": preview,
            "preview_error": preview_error,
            "reasons": REASONS,
            "run_statuses": RUN_STATUSES,
            "schedule_statuses": SCHEDULE_STATUSES,
            "phases": PHASES,
            "texts": _texts(),
            "done": done,
            "error": _error_text(error, message),
        },
    )


@post(
    "/console/fairs/{event_id:int}/schedule/runs/{run_id:int}/publish",
    guards=[page_organizer],
    include_in_schema=False,
    status_code=303,
)
async def publish_submit(
    event_id: FromPath[int], run_id: FromPath[int], settings: NamedDependency[Settings]
) -> Redirect:
    back = f"{_base(event_id)}/runs/{run_id}"
    try:
        await runs.publish_run(event_id=event_id, run_id=run_id)
    except DomainError as exc:
        return Redirect(path=f"{back}?{_error_query(exc)}", status_code=303)
    background = None
    if settings.mail.host:
        background = BackgroundTask(notifications.deliver_pending, mail=settings.mail, base_url=settings.base_url)
    return Redirect(path=f"{back}?done=published", status_code=303, background=background)


def route_handlers() -> list[Any]:
    """This area's pages, for the app's route list."""
    return [schedule_page, start_submit, run_page, publish_submit]
