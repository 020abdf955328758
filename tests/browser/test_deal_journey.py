"""In a real browser against a real two-worker server: a staff member logs a deal from a held meeting on a
phone, the organizer's dashboard and the Excel export show it, and the fair report prints on one page."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.async_api import Browser, Page

from events.accounts import assign_staff
from events.exports import SHEETS
from events.tables import Deal
from tests.browser.conftest import Problems, fits_width, new_page, sign_in
from tests.deals_support import make_meeting, make_team_with_achievement
from tests.factories import PASSWORD, make_fair, make_organization, make_registration, make_user

pytestmark = pytest.mark.browser


async def _signed_in(browser: Browser, base: str, username: str, problems: Problems, **options: Any) -> Page:
    page = await new_page(browser, problems, lang="zh", **options)
    await sign_in(page, base, username, PASSWORD)
    return page


async def test_a_deal_logged_on_a_phone_shows_on_the_dashboard_and_in_the_export(
    live_server: str, browser: Browser, db: Any
) -> None:
    event = await make_fair(slug="deal-journey", tables=8)
    team, achievement = await make_team_with_achievement(event_id=event.id, name="浙江大学")
    firm = await make_organization(name="余杭智能装备有限公司", district="余杭区")
    enterprise = await make_registration(event_id=event.id, role="enterprise", organization_id=firm.id)
    meeting = await make_meeting(
        event_id=event.id, team=team, enterprise=enterprise, achievement_id=achievement.id, table_index=6
    )
    table_code = "T07"
    await make_user(username="staff-phone", role="staff")
    await assign_staff(event_id=event.id, username="staff-phone")
    await make_user(username="organizer-desk", role="organizer")
    problems = Problems()

    # the staff member, at table T07, on a phone
    staff = await _signed_in(browser, live_server, "staff-phone", problems, phone=True)
    await staff.goto(f"{live_server}/console/fairs/{event.id}/deals")
    await staff.fill("#q", table_code)
    await staff.press("#q", "Enter")
    await staff.wait_for_url(re.compile(r".*q=T07.*"))
    await staff.click(f"a.meeting-pick[href$='meeting={meeting.id}']")
    await staff.wait_for_selector("form[data-deal-form]")
    assert await staff.is_checked("input[name=contract_type][value=licence]")  # from the achievement
    assert await staff.is_visible("[data-licence-only]")
    await staff.fill("#amount", "125")  # 万元 is the default unit
    await staff.click("label.chip:has(input[value=signed])")
    await staff.click("form[data-deal-form] button[type=submit]")
    await staff.wait_for_selector(".alert.ok")
    assert "项目已登记" in await staff.inner_text(".alert.ok")
    assert "¥1,250,000.00" in await staff.inner_text(".deal-amount")
    assert "staff-phone" in await staff.inner_text(".history")
    deal = await Deal.objects().first()
    assert deal is not None
    assert (deal.meeting, deal.amount_fen, deal.stage) == (meeting.id, 125_000_000, "signed")
    # the form fitted the phone's width
    assert await fits_width(staff)

    # the organizer's dashboard shows it
    organizer = await _signed_in(browser, live_server, "organizer-desk", problems, accept_downloads=True)
    await organizer.goto(f"{live_server}/console/fairs/{event.id}/dashboard")
    kpis = await organizer.inner_text(".kpis")
    assert "签约项目数" in kpis
    assert "¥1,250,000.00" in kpis
    assert "余杭区" in await organizer.inner_text("#h-district + .table-scroll")

    # and the export. Chromium reports the navigation that turns into a download as an aborted request, at a
    # moment of its choosing: allowed until the end of the journey.
    with problems.allow(0, r"/export\.xlsx$"):
        async with organizer.expect_download() as download_info:
            await organizer.click(f"a[href='/api/events/{event.id}/export.xlsx']")
        download = await download_info.value
        path = await download.path()
        assert path is not None
        book = load_workbook(io.BytesIO(path.read_bytes()))
        rows = list(book[SHEETS["deals"]].iter_rows(values_only=True))
        assert len(rows) == 2
        header, row = rows
        assert Decimal(str(row[header.index("金额（元）")])) == Decimal("1250000.00")
        assert "余杭智能装备有限公司" in row
        assert "浙江大学" in row

        # the fair report prints on one A4 page
        await organizer.goto(f"{live_server}/console/fairs/{event.id}/report")
        await organizer.emulate_media(media="print")
        assert not await organizer.is_visible(".site-header")
        assert not await organizer.is_visible("[data-print]")
        pdf = await organizer.pdf(format="A4", print_background=True)
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1

    problems.assert_none()
    await staff.context.close()
    await organizer.context.close()
