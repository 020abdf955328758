"""Excel workbooks (.xlsx) of a fair or of a date range, for the bureau's own reports.

One sheet per table: the summary (bureau numbers and funnel), the deals, the meetings, the registrations, and
the breakdowns by district, university, field, contract type and fair. Amounts are numbers in yuan with two
decimals (written from exact decimals), dates are real dates, times are local to the fair. Sheet names are
bilingual and fixed, so that scripts can find them; headers follow the reader's language.

Data is read on the event loop; the workbook is written in a worker thread (openpyxl is synchronous).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

import anyio.to_thread

from events import deals, reports
from events.clock import utc_now
from events.fairs import zone
from events.i18n import format_date, get_locale
from events.i18n import gettext as _
from events.money import from_fen
from events.vocabulary import (
    DealStage,
    Field,
    MeetingStatus,
    RegistrationRole,
    RegistrationStatus,
)

XLSX_MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT: Final = "#,##0.00"
DATE_FORMAT: Final = "yyyy-mm-dd"
TIME_FORMAT: Final = "yyyy-mm-dd hh:mm"

SHEETS: Final = {
    "summary": "汇总 Summary",
    "deals": "合作项目 Deals",
    "meetings": "洽谈 Meetings",
    "registrations": "报名 Registrations",
    "district": "按区县 By district",
    "university": "按高校 By university",
    "field": "按领域 By field",
    "contract_type": "按合同类型 By contract type",
    "event": "按对接会 By fair",
}


@dataclass
class Sheet:
    """A table to write: optional lines above it, a header row, rows, number formats per column."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    formats: dict[int, str] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)
    preface: list[list[Any]] = field(default_factory=list)


def _locale() -> str:
    return get_locale()


def _label(enum: type[Any], value: str | None) -> str:
    if not value:
        return ""
    try:
        label: str = enum(value).label(_locale())
    except ValueError:
        return value
    return label


def _yuan(fen: int) -> Decimal:
    value = from_fen(fen)
    assert value is not None
    return value


def _local(moment: datetime | None, time_zone: str) -> datetime | None:
    """Excel has no time zones: local wall-clock time of the fair."""
    if moment is None:
        return None
    return moment.astimezone(zone(time_zone)).replace(tzinfo=None)


def _figures_headers() -> list[str]:
    return [
        _("Meetings held (对接项目数)"),
        _("Deals"),
        _("Signed (签约项目数)"),
        _("Contract amount, yuan (合同金额)"),
        _("Landed (落地项目数)"),
        _("Landed amount, yuan"),
    ]


def _figures(figures: reports.Figures) -> list[Any]:
    return [
        figures.held,
        figures.deals,
        figures.signed,
        _yuan(figures.signed_fen),
        figures.landed,
        _yuan(figures.landed_fen),
    ]


def _breakdown_sheet(dimension: str, report: reports.FunnelReport) -> Sheet:
    headings = {
        "event": _("Fair"),
        "district": _("District"),
        "university": _("University or institute"),
        "field": _("Field"),
        "contract_type": _("Contract type"),
    }
    rows = [[reports.breakdown_label(dimension, row), *_figures(row.figures)] for row in report.breakdowns[dimension]]
    rows.append([_("Total"), *_figures(report.totals)])
    return Sheet(
        title=SHEETS[dimension],
        headers=[headings[dimension], *_figures_headers()],
        rows=rows,
        formats={4: MONEY_FORMAT, 6: MONEY_FORMAT},
        widths={1: 36, 2: 16, 3: 10, 4: 16, 5: 22, 6: 16, 7: 20},
    )


def _summary_sheet(report: reports.FunnelReport, *, heading: str, scope: list[list[Any]]) -> Sheet:
    totals, funnel = report.totals, report.funnel
    bureau = [
        [_("Matchmaking projects (对接项目数)"), totals.held],
        [_("Signed projects (签约项目数)"), totals.signed],
        [_("Landed projects (落地项目数)"), totals.landed],
        [_("Contract amount, yuan (合同金额)"), _yuan(totals.signed_fen)],
        [_("Landed amount, yuan"), _yuan(totals.landed_fen)],
    ]
    funnel_lines = [
        [_("Registrations"), funnel.registrations],
        [_("Approved registrations"), funnel.approved_registrations],
        [_("Meeting requests"), funnel.meeting_requests],
        [_("Accepted requests"), funnel.accepted_requests],
        [_("Meetings scheduled"), funnel.scheduled],
        [_("Meetings held"), funnel.held],
        *[[_("Deals: %(stage)s", stage=stage.label(_locale())), funnel.deals[stage]] for stage in DealStage],
    ]
    preface = [
        [heading],
        *scope,
        [_("Generated"), _local(utc_now(), report.filters.time_zone)],
        [],
        [_("Bureau numbers")],
        *bureau,
        [],
        [_("Funnel")],
        *funnel_lines,
    ]
    return Sheet(
        title=SHEETS["summary"],
        headers=[],
        rows=[],
        preface=preface,
        formats={2: MONEY_FORMAT},
        widths={1: 40, 2: 22},
    )


def _deals_sheet(items: list[deals.DealView], time_zone: str) -> Sheet:
    headers = [
        _("Deal"),
        _("Fair"),
        _("Achievement"),
        _("Field"),
        _("University or institute"),
        _("Enterprise"),
        _("District"),
        _("Contract type"),
        _("Licence terms"),
        _("Amount, yuan"),
        _("Stage"),
        _("Intent on"),
        _("Negotiating since"),
        _("Signed on"),
        _("Landed on"),
        _("Dropped on"),
        _("Technology contract registration number"),
        _("Note"),
        _("Logged by"),
        _("Logged at"),
    ]
    rows = [
        [
            deal.id,
            deal.event_title,
            deal.achievement_title,
            _label(Field, deal.field),
            deal.team_organization_name,
            deal.enterprise_name,
            deal.district,
            deal.contract_type.label(_locale()),
            deal.licence_terms.label(_locale()) if deal.licence_terms else "",
            deal.amount,
            deal.stage.label(_locale()),
            deal.intent_on,
            deal.negotiating_on,
            deal.signed_on,
            deal.landed_on,
            deal.dropped_on,
            deal.registration_number,
            deal.note,
            deal.created_by_name,
            _local(deal.created_at, deal.time_zone or time_zone),
        ]
        for deal in items
    ]
    formats = {10: MONEY_FORMAT, 12: DATE_FORMAT, 13: DATE_FORMAT, 14: DATE_FORMAT, 15: DATE_FORMAT, 16: DATE_FORMAT}
    formats[20] = TIME_FORMAT
    widths = {1: 8, 2: 28, 3: 30, 5: 24, 6: 24, 10: 16, 17: 22, 18: 30, 20: 17}
    return Sheet(title=SHEETS["deals"], headers=headers, rows=rows, formats=formats, widths=widths)


def _party(role: str | None, name: str | None) -> str:
    return f"{name or ''} ({_label(RegistrationRole, role)})" if role else name or ""


def _meetings_sheet(rows: list[dict[str, Any]], time_zone: str) -> Sheet:
    headers = [
        _("Meeting"),
        _("Fair"),
        _("Time"),
        _("Table"),
        _("Requested by"),
        _("With"),
        _("Achievement"),
        _("Demand"),
        _("Field"),
        _("District"),
        _("Status"),
        _("Held at"),
    ]
    body = [
        [
            row["id"],
            row["event_title"],
            _local(row["starts_at"], time_zone),
            row["table_code"],
            _party(row["requester_role"], row["requester_name"]),
            _party(row["recipient_role"], row["recipient_name"]),
            row["achievement_title"] or "",
            row["demand_title"] or "",
            _label(Field, row["field"]),
            row["district"],
            _label(MeetingStatus, row["status"]),
            _local(row["held_at"], time_zone),
        ]
        for row in rows
    ]
    widths = {2: 28, 3: 17, 5: 30, 6: 30, 7: 30, 8: 30, 12: 17}
    return Sheet(
        title=SHEETS["meetings"],
        headers=headers,
        rows=body,
        formats={3: TIME_FORMAT, 12: TIME_FORMAT},
        widths=widths,
    )


def _registrations_sheet(rows: list[dict[str, Any]], time_zone: str) -> Sheet:
    headers = [
        _("Registration"),
        _("Fair"),
        _("Role"),
        _("Status"),
        _("Organization"),
        _("District"),
        _("Team"),
        _("Contact"),
        _("Phone"),
        _("E-mail"),
        _("Registered at"),
    ]
    body = [
        [
            row["id"],
            row["event_title"],
            _label(RegistrationRole, row["role"]),
            _label(RegistrationStatus, row["status"]),
            row["organization"] or "",
            row["district"] or "",
            row["team_name"] or "",
            row["person"] or "",
            row["phone"] or "",
            row["email"] or "",
            _local(row["created_at"], time_zone),
        ]
        for row in rows
    ]
    widths = {2: 28, 5: 30, 7: 20, 8: 12, 9: 16, 10: 24, 11: 17}
    return Sheet(title=SHEETS["registrations"], headers=headers, rows=body, formats={11: TIME_FORMAT}, widths=widths)


def _scope_lines(filters: reports.ReportFilter, event_title: str | None) -> list[list[Any]]:
    lines: list[list[Any]] = []
    if event_title:
        lines.append([_("Fair"), event_title])
    if filters.on_from or filters.on_to:
        start = format_date(filters.on_from, locale=_locale()) if filters.on_from else "…"
        end = format_date(filters.on_to, locale=_locale()) if filters.on_to else "…"
        lines.append([_("Period"), f"{start} – {end}"])
    if filters.district:
        lines.append([_("District"), filters.district])
    if filters.field:
        lines.append([_("Field"), filters.field.label(_locale())])
    if filters.university_id is not None:
        lines.append([_("University or institute"), filters.university_id])
    return lines


async def workbook_sheets(*, filters: reports.ReportFilter, event_title: str | None = None) -> list[Sheet]:
    """Everything the workbook shows, read and labelled in the current language."""
    report = await reports.funnel_report(filters=filters)
    deal_items = await deals.all_deals(
        filters=deals.DealFilter(
            event_id=filters.event_id,
            district=filters.district,
            university_id=filters.university_id,
            field=filters.field,
            on_from=filters.on_from,
            on_to=filters.on_to,
        )
    )
    meetings = await reports.meeting_rows(filters=filters)
    registrations = await reports.registration_rows(filters=filters)
    heading = _("Technology-transfer fair report") if event_title else _("Technology-transfer report")
    sheets = [
        _summary_sheet(report, heading=heading, scope=_scope_lines(filters, event_title)),
        _deals_sheet(deal_items, filters.time_zone),
        _meetings_sheet(meetings, filters.time_zone),
        _registrations_sheet(registrations, filters.time_zone),
    ]
    dimensions = ["district", "university", "field", "contract_type"]
    if filters.event_id is None:
        dimensions.append("event")
    sheets.extend(_breakdown_sheet(dimension, report) for dimension in dimensions)
    return sheets


_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _storable(value: Any) -> Any:
    """Text without the control characters a workbook cannot hold (typed in by someone, or imported)."""
    return _ILLEGAL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def _preface_cells(ws: Any, line: list[Any], bold: Any) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for index, value in enumerate(line, start=1):
        cell = WriteOnlyCell(ws, value=_storable(value))
        if index == 1 and len(line) == 1:
            cell.font = bold
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        elif isinstance(value, datetime):
            cell.number_format = TIME_FORMAT
        cells.append(cell)
    return cells


def _row_cells(ws: Any, row: list[Any], formats: dict[int, str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for index, value in enumerate(row, start=1):
        number_format = formats.get(index)
        if number_format and value is not None:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = number_format
            out.append(cell)
        else:
            out.append(_storable(value))
    return out


def write_workbook(sheets: list[Sheet]) -> bytes:
    """The .xlsx bytes of the sheets (write-only mode: constant memory, fast for long tables)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        for column, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
        for line in sheet.preface:
            ws.append(_preface_cells(ws, line, bold))
        if sheet.headers:
            ws.freeze_panes = "A2"
            header_cells = []
            for title in sheet.headers:
                cell = WriteOnlyCell(ws, value=title)
                cell.font = bold
                header_cells.append(cell)
            ws.append(header_cells)
        for row in sheet.rows:
            ws.append(_row_cells(ws, row, sheet.formats))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def workbook(*, filters: reports.ReportFilter, event_title: str | None = None) -> bytes:
    sheets = await workbook_sheets(filters=filters, event_title=event_title)
    data: bytes = await anyio.to_thread.run_sync(write_workbook, sheets)
    return data


def filename(*, slug: str | None, filters: reports.ReportFilter) -> str:
    if slug:
        return f"{slug}-report.xlsx"
    start = filters.on_from.isoformat() if filters.on_from else "start"
    end = filters.on_to.isoformat() if filters.on_to else utc_now().date().isoformat()
    return f"transfer-fair-{start}-{end}.xlsx"
