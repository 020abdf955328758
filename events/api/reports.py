"""The transfer funnel and the bureau numbers, and the .xlsx exports of a fair or a date range."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter

from events import exports, reports
from events.accounts import Principal, may_staff_event
from events.api.guards import organizer_only, signed_in
from events.api.schemas.deals import FunnelReportOut
from events.api.security import principal_of
from events.errors import AuthError, ErrorKind
from events.fairs import get_fair
from events.settings import Settings
from events.vocabulary import Field

District = Annotated[str | None, QueryParameter(max_length=50)]
From = Annotated[date | None, QueryParameter(name="from", description="first day (inclusive)")]
To = Annotated[date | None, QueryParameter(name="to", description="last day (inclusive)")]


async def require_report_access(principal: Principal, *, event_id: int | None) -> None:
    """Organizers read every report; staff the report of a fair they are assigned to."""
    if principal.is_organizer:
        return
    if event_id is not None and await may_staff_event(principal, event_id=event_id):
        return
    raise AuthError(
        "organizer_only", "only organizers (or staff, for their own fair) may read reports", kind=ErrorKind.FORBIDDEN
    )


def xlsx(content: bytes, name: str) -> Response[bytes]:
    return Response(
        content=content,
        media_type=exports.XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


class ReportController(Controller):
    path = "/api/reports"
    tags = ["reports"]
    guards = [signed_in]

    @get(
        "/funnel",
        summary="The funnel, bureau numbers (对接项目数, 签约项目数, 落地项目数, 合同金额), breakdowns and timeline",
        cache=False,
    )
    async def funnel(
        self,
        request: Request[Any, Any, Any],
        settings: NamedDependency[Settings],
        event_id: FromQuery[int | None] = None,
        on_from: From = None,
        on_to: To = None,
        district: District = None,
        university: FromQuery[int | None] = None,
        field: FromQuery[Field | None] = None,
    ) -> FunnelReportOut:
        await require_report_access(principal_of(request), event_id=event_id)
        time_zone = None
        if event_id is not None:
            time_zone = (await get_fair(event_id=event_id)).time_zone
        filters = reports.report_filter(
            default_time_zone=settings.time_zone,
            event_id=event_id,
            on_from=on_from,
            on_to=on_to,
            district=district,
            university_id=university,
            field=field,
            time_zone=time_zone,
        )
        return FunnelReportOut.of(await reports.funnel_report(filters=filters))

    @get(
        "/export.xlsx",
        summary="Excel workbook of a date range (deals, meetings, registrations, summaries)",
        guards=[organizer_only],
        media_type=exports.XLSX_MEDIA_TYPE,
        cache=False,
    )
    async def export_range(
        self,
        settings: NamedDependency[Settings],
        on_from: From = None,
        on_to: To = None,
        district: District = None,
        university: FromQuery[int | None] = None,
        field: FromQuery[Field | None] = None,
    ) -> Response[bytes]:
        filters = reports.report_filter(
            default_time_zone=settings.time_zone,
            on_from=on_from,
            on_to=on_to,
            district=district,
            university_id=university,
            field=field,
        )
        content = await exports.workbook(filters=filters)
        return xlsx(content, exports.filename(slug=None, filters=filters))


class FairExportController(Controller):
    path = "/api/events/{event_id:int}"
    tags = ["reports"]
    guards = [organizer_only]

    @get(
        "/export.xlsx",
        summary="Excel workbook of a fair (deals, meetings, registrations, summaries)",
        media_type=exports.XLSX_MEDIA_TYPE,
        cache=False,
    )
    async def export_fair(self, event_id: FromPath[int], settings: NamedDependency[Settings]) -> Response[bytes]:
        event = await get_fair(event_id=event_id)
        filters = reports.ReportFilter(event_id=event_id, time_zone=event.time_zone or settings.time_zone)
        content = await exports.workbook(filters=filters, event_title=event.title)
        return xlsx(content, exports.filename(slug=event.slug, filters=filters))
