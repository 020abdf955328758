"""The report API and the .xlsx exports, read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
from openpyxl import load_workbook

from events import deals
from events.accounts import assign_staff
from events.exports import SHEETS, XLSX_MEDIA_TYPE
from events.vocabulary import DealStage, TransferMode
from tests.deals_support import make_deal, make_meeting, make_team_with_achievement
from tests.factories import make_fair, make_organization, make_registration


async def _fair_with_deals() -> Any:
    event = await make_fair(slug="winter-fair", district="海淀区")
    team, achievement = await make_team_with_achievement(event_id=event.id)
    east = await make_organization(district="东城区", name="东城精密制造有限公司")
    enterprise = await make_registration(event_id=event.id, role="enterprise", organization_id=east.id)
    meeting = await make_meeting(event_id=event.id, team=team, enterprise=enterprise, achievement_id=achievement.id)
    await make_meeting(event_id=event.id, team=team, status="cancelled")
    await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(
            meeting_id=meeting.id, amount=Decimal("99999999.99"), stage=DealStage.SIGNED, stage_on=date(2026, 12, 3)
        ),
        by=None,
    )
    landed = await make_deal(
        event_id=event.id,
        amount="0.01",
        stage=DealStage.SIGNED,
        stage_on=date(2026, 12, 3),
        contract_type=TransferMode.SERVICE,
        team_organization_id=team.organization,
    )
    await deals.change_deal(
        deal_id=landed.id, changes=deals.DealChanges(stage=DealStage.LANDED, stage_on=date(2026, 12, 20)), by=None
    )
    await make_deal(event_id=event.id, amount="500", stage_on=date(2026, 12, 3))
    return event


async def test_the_funnel_report_of_a_fair(organizer_client: httpx.AsyncClient) -> None:
    event = await _fair_with_deals()
    response = await organizer_client.get("/api/reports/funnel", params={"event_id": event.id})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bureau"] == {
        "matchmaking_projects": 1,
        "signed_projects": 2,
        "landed_projects": 1,
        "contract_amount": "100000000.00",
        "contract_amount_fen": 10_000_000_000,
        "landed_amount": "0.01",
        "landed_amount_fen": 1,
    }
    assert body["funnel"]["scheduled"] == 1
    assert body["funnel"]["deals"] == {"intent": 1, "negotiating": 0, "signed": 1, "landed": 1, "dropped": 0}
    district = {row["key"]: row for row in body["breakdowns"]["district"]}
    assert district["东城区"]["figures"]["signed_amount"] == "99999999.99"
    assert district["东城区"]["label"] == "东城区"
    types = {row["key"]: row["label"] for row in body["breakdowns"]["contract_type"]}
    assert types["service"] == "技术服务"
    assert body["timeline_unit"] == "day"
    assert sum(Decimal(point["signed_amount"]) for point in body["timeline"]) == Decimal("100000000.00")


async def test_filters_and_language(organizer_client: httpx.AsyncClient) -> None:
    await _fair_with_deals()
    response = await organizer_client.get(
        "/api/reports/funnel", params={"from": "2026-12-10", "to": "2026-12-31", "lang": "en"}
    )
    body = response.json()
    assert body["filters"] == {"from": "2026-12-10", "to": "2026-12-31"}
    assert body["bureau"]["signed_projects"] == 0  # both were signed on 3 December
    assert body["bureau"]["landed_projects"] == 1
    assert {row["label"] for row in body["breakdowns"]["contract_type"]} == {"Service"}
    east = await organizer_client.get("/api/reports/funnel", params={"district": "东城区"})
    assert east.json()["bureau"]["contract_amount"] == "99999999.99"
    bad = await organizer_client.get("/api/reports/funnel", params={"from": "2026-12-31", "to": "2026-12-01"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_range"


async def test_who_may_read_reports(client: httpx.AsyncClient, staff_client: httpx.AsyncClient) -> None:
    event = await _fair_with_deals()
    other = await make_fair()
    assert (await client.get("/api/reports/funnel")).status_code == 401
    assert (await staff_client.get("/api/reports/funnel")).status_code == 403
    await assign_staff(event_id=event.id, username="staff")
    assert (await staff_client.get("/api/reports/funnel", params={"event_id": event.id})).status_code == 200
    assert (await staff_client.get("/api/reports/funnel", params={"event_id": other.id})).status_code == 403
    assert (await staff_client.get(f"/api/events/{event.id}/export.xlsx")).status_code == 403
    assert (await client.get("/api/reports/export.xlsx")).status_code == 401


def _sheet(book: Any, key: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in book[SHEETS[key]].iter_rows(values_only=True)]


async def test_the_fair_workbook_opens_and_adds_up(organizer_client: httpx.AsyncClient) -> None:
    event = await _fair_with_deals()
    response = await organizer_client.get(f"/api/events/{event.id}/export.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"] == 'attachment; filename="winter-fair-report.xlsx"'

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        SHEETS["summary"],
        SHEETS["deals"],
        SHEETS["meetings"],
        SHEETS["registrations"],
        SHEETS["district"],
        SHEETS["university"],
        SHEETS["field"],
        SHEETS["contract_type"],
    ]
    summary = {row[0]: row[1] for row in _sheet(book, "summary") if row and row[0]}
    assert (summary["对接项目数"], summary["签约项目数"], summary["落地项目数"]) == (1, 2, 1)

    deals_rows = _sheet(book, "deals")
    header, rows = deals_rows[0], deals_rows[1:]
    assert len(rows) == 3
    amount = header.index("金额（元）")
    stage = header.index("阶段")
    signed_total = sum(Decimal(str(row[amount])) for row in rows if row[stage] in ("已签约", "已落地"))
    assert signed_total == Decimal("100000000.00")
    assert Decimal(str(summary["合同金额（元）"])) == signed_total
    assert Decimal(str(summary["落地金额（元）"])) == Decimal("0.01")
    signed_on = header.index("签约日期")
    assert {row[signed_on].date() for row in rows if row[signed_on]} == {date(2026, 12, 3)}

    meetings = _sheet(book, "meetings")
    assert len(meetings) == 3  # header, held, cancelled
    registrations = _sheet(book, "registrations")
    assert len(registrations) == 1 + 3
    by_district = _sheet(book, "district")
    total_row = by_district[-1]
    assert total_row[0] == "合计"
    assert Decimal(str(total_row[4])) == Decimal("100000000.00")


async def test_a_date_range_workbook_covers_the_range(organizer_client: httpx.AsyncClient) -> None:
    await _fair_with_deals()
    await make_deal(event_id=None, amount="7", stage=DealStage.SIGNED, stage_on=date(2027, 5, 1))
    response = await organizer_client.get("/api/reports/export.xlsx", params={"from": "2026-12-01", "to": "2026-12-31"})
    assert response.status_code == 200
    assert 'filename="transfer-fair-2026-12-01-2026-12-31.xlsx"' in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert SHEETS["event"] in book.sheetnames
    assert len(_sheet(book, "deals")) == 1 + 3  # the May 2027 deal is outside
    by_fair = _sheet(book, "event")
    assert by_fair[1][0] == "测试对接会"
