"""Pages for reports: the fair's dashboard tab (bureau numbers, funnel, breakdowns, timeline), the dashboard
across fairs, and the printable one-page fair report. Charts are hand-written SVG, drawn from the same
``events.reports.funnel_report`` the API serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from events import reports
from events.accounts import Principal
from events.api.security import principal_of
from events.clock import utc_now
from events.i18n import N_, format_money, format_number, get_locale
from events.i18n import gettext as _
from events.money import from_fen
from events.pages.console import fair_context
from events.pages.guards import page_organizer, page_staff_of_event
from events.pages.registry import ConsoleTab, register
from events.settings import Settings
from events.vocabulary import DealStage, Field

TABS = [ConsoleTab(slug="dashboard", label=N_("Dashboard"), order=45)]
DIMENSION_TITLES = {
    "event": N_("By fair"),
    "district": N_("By district"),
    "university": N_("By university or institute"),
    "field": N_("By field"),
    "contract_type": N_("By contract type"),
}
CHART_WIDTH = 640
CHART_HEIGHT = 170


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    display: str
    share: float  # 0..100, of the largest bar


@dataclass(frozen=True, slots=True)
class Column:
    label: str  # shown under the column ('' to skip)
    title: str  # the tooltip: period and figures
    x: float
    width: float
    height: float
    landed_height: float


def yuan(fen: int) -> str:
    return format_money(from_fen(fen), locale=get_locale())


def number(value: int) -> str:
    return format_number(value, locale=get_locale())


def _bars(items: list[tuple[str, int, str]]) -> list[Bar]:
    largest = max((value for _, value, _ in items), default=0)
    return [
        Bar(label=text, display=shown, share=round(100 * value / largest, 2) if largest else 0.0)
        for text, value, shown in items
    ]


def funnel_bars(report: reports.FunnelReport) -> list[Bar]:
    funnel, totals = report.funnel, report.totals
    steps = [
        (_("Registrations"), funnel.registrations),
        (_("Meeting requests"), funnel.meeting_requests),
        (_("Meetings scheduled"), funnel.scheduled),
        (_("Meetings held"), funnel.held),
        (_("Deals"), sum(funnel.deals.values())),
        (_("Signed"), totals.signed),
        (_("Landed"), totals.landed),
    ]
    return _bars([(text, value, number(value)) for text, value in steps])


def stage_bars(report: reports.FunnelReport) -> list[Bar]:
    return _bars(
        [
            (stage.label(get_locale()), report.funnel.deals[stage], number(report.funnel.deals[stage]))
            for stage in DealStage
        ]
    )


def breakdown_bars(dimension: str, report: reports.FunnelReport, *, limit: int | None = None) -> list[Bar]:
    rows = report.breakdowns[dimension][:limit] if limit else report.breakdowns[dimension]
    return _bars(
        [
            (reports.breakdown_label(dimension, row), row.figures.signed_fen, yuan(row.figures.signed_fen))
            for row in rows
        ]
    )


def timeline_columns(report: reports.FunnelReport) -> list[Column]:
    points = report.timeline
    if not points:
        return []
    largest = max(max(p.signed_fen, p.landed_fen) for p in points) or 1
    slot = CHART_WIDTH / len(points)
    every = max(1, round(len(points) / 8))
    columns = []
    for index, point in enumerate(points):
        shown = point.period[5:] if report.timeline_unit == "day" else point.period
        title = _(
            "%(period)s: %(signed)s signed (%(amount)s), %(landed)s landed (%(landed_amount)s)",
            period=point.period,
            signed=point.signed,
            amount=yuan(point.signed_fen),
            landed=point.landed,
            landed_amount=yuan(point.landed_fen),
        )
        columns.append(
            Column(
                label=shown if index % every == 0 else "",
                title=title,
                x=round(index * slot + slot * 0.1, 2),
                width=round(slot * 0.8, 2),
                height=round(CHART_HEIGHT * point.signed_fen / largest, 2),
                landed_height=round(CHART_HEIGHT * point.landed_fen / largest, 2),
            )
        )
    return columns


def dashboard_context(report: reports.FunnelReport, *, top: int | None = None) -> dict[str, Any]:
    totals = report.totals
    dimensions = [d for d in reports.DIMENSIONS if d != "event" or report.filters.event_id is None]
    largest = max((max(p.signed_fen, p.landed_fen) for p in report.timeline), default=0)
    return {
        "report": report,
        "kpis": [
            (_("Matchmaking projects"), "对接项目数", number(totals.held)),
            (_("Signed projects"), "签约项目数", number(totals.signed)),
            (_("Landed projects"), "落地项目数", number(totals.landed)),
            (_("Contract amount"), "合同金额", yuan(totals.signed_fen)),
        ],
        "landed_amount": yuan(totals.landed_fen),
        "funnel_bars": funnel_bars(report),
        "stage_bars": stage_bars(report),
        "dimensions": [
            (d, DIMENSION_TITLES[d], report.breakdowns[d][:top] if top else report.breakdowns[d]) for d in dimensions
        ],
        "dimension_bars": {d: breakdown_bars(d, report, limit=top) for d in dimensions},
        "row_label": reports.breakdown_label,
        "yuan": yuan,
        "columns": timeline_columns(report),
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "largest": yuan(largest)},
        "fields": [(f.value, f.label(get_locale())) for f in Field],
        "now": utc_now(),
    }


def _query(filters: reports.ReportFilter) -> str:
    pairs = {
        "from": filters.on_from.isoformat() if filters.on_from else "",
        "to": filters.on_to.isoformat() if filters.on_to else "",
        "district": filters.district or "",
        "field": filters.field.value if filters.field else "",
    }
    return urlencode({key: value for key, value in pairs.items() if value})


From = Annotated[date | None, QueryParameter(name="from")]
To = Annotated[date | None, QueryParameter(name="to")]
District = Annotated[str | None, QueryParameter(max_length=50)]


async def _fair_report(
    event_id: int,
    request: Request[Any, Any, Any],
    settings: Settings,
    *,
    on_from: date | None,
    on_to: date | None,
    district: str | None,
    field: Field | None,
) -> tuple[dict[str, Any], reports.ReportFilter, reports.FunnelReport]:
    """A fair's console context, the filter asked for (days in the fair's time zone) and its report."""
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="dashboard")
    filters = reports.report_filter(
        default_time_zone=settings.time_zone,
        event_id=event_id,
        time_zone=context["event"].time_zone,
        on_from=on_from,
        on_to=on_to,
        district=district,
        field=field,
    )
    return context, filters, await reports.funnel_report(filters=filters)


@get("/console/fairs/{event_id:int}/dashboard", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def fair_dashboard(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    on_from: From = None,
    on_to: To = None,
    district: District = None,
    field: FromQuery[Field | None] = None,
) -> Template:
    context, filters, report = await _fair_report(
        event_id, request, settings, on_from=on_from, on_to=on_to, district=district, field=field
    )
    return Template(
        template_name="reports/dashboard.html",
        context={**context, **dashboard_context(report), "query": _query(filters), "action": request.url.path},
    )


@get("/console/fairs/{event_id:int}/report", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def fair_report(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    on_from: From = None,
    on_to: To = None,
    district: District = None,
    field: FromQuery[Field | None] = None,
) -> Template:
    context, _filters, report = await _fair_report(
        event_id, request, settings, on_from=on_from, on_to=on_to, district=district, field=field
    )
    return Template(
        template_name="reports/print.html",
        context={**context, **dashboard_context(report, top=6), "back": f"/console/fairs/{event_id}/dashboard"},
    )


async def _overview(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    *,
    on_from: date | None,
    on_to: date | None,
    district: str | None,
    field: Field | None,
    top: int | None,
) -> tuple[Principal, dict[str, Any]]:
    filters = reports.report_filter(
        default_time_zone=settings.time_zone, on_from=on_from, on_to=on_to, district=district, field=field
    )
    report = await reports.funnel_report(filters=filters)
    principal = principal_of(request)
    return principal, {
        **dashboard_context(report, top=top),
        "principal": principal,
        "event": None,
        "query": _query(filters),
        "action": request.url.path,
    }


@get("/console/reports", guards=[page_organizer], include_in_schema=False, cache=False)
async def reports_overview(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    on_from: From = None,
    on_to: To = None,
    district: District = None,
    field: FromQuery[Field | None] = None,
) -> Template:
    _principal, context = await _overview(
        request, settings, on_from=on_from, on_to=on_to, district=district, field=field, top=None
    )
    return Template(template_name="reports/overview.html", context=context)


@get("/console/reports/print", guards=[page_organizer], include_in_schema=False, cache=False)
async def reports_print(
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
    on_from: From = None,
    on_to: To = None,
    district: District = None,
    field: FromQuery[Field | None] = None,
) -> Template:
    _principal, context = await _overview(
        request, settings, on_from=on_from, on_to=on_to, district=district, field=field, top=6
    )
    return Template(template_name="reports/print.html", context={**context, "back": "/console/reports"})


def route_handlers() -> list[Any]:
    return [fair_dashboard, fair_report, reports_overview, reports_print]


register(tabs=TABS)
