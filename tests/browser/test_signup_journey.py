"""In a real browser against a real two-worker server: a company registers for a fair through the public page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser

from events.tables import Demand, EventDemand, Organization, Registration
from tests.browser.conftest import Problems, new_page
from tests.signup_helpers import credit_code, open_fair

pytestmark = pytest.mark.browser


async def test_a_company_registers_through_the_public_page(live_server: str, browser: Browser, db: Any) -> None:
    event = await open_fair(slug="winter-fair", sessions=(("09:00", "10:00"),))
    problems = Problems()
    page = await new_page(browser, problems, lang="zh")

    await page.goto(f"{live_server}/fairs/winter-fair")
    await page.click("a[href='/fairs/winter-fair/register']")
    await page.wait_for_url(f"{live_server}/fairs/winter-fair/register")
    assert await page.inner_text("h1") == "报名参会"

    await page.fill("#organization", "江城新能源物流有限公司")
    bad = credit_code()[:17] + ("0" if credit_code()[17] != "0" else "1")
    await page.fill("#credit_code", bad)
    await page.fill("#district", "东湖高新区")
    await page.fill("#contact_name", "李经理")
    await page.fill("#phone", "13800138000")
    await page.fill("#demands-0-title", "电动冷藏车冬季续航下降")
    await page.select_option("#demands-0-field", "new_energy_vehicles")
    await page.fill("#demands-0-summary", "冬天低温时电池续航减半，希望找到低温电池技术。")
    await page.fill("#demands-0-budget_low", "300000")
    await page.check("input[name='demands-0-transfer_modes'][value='licence']")
    await page.uncheck("input[name='available_slots'][value='d1-0920']")
    # the server refuses the check digit (400, by design) and says so next to the field, keeping what was typed
    with problems.allow(400, r"/fairs/winter-fair/register$") as refused:
        await page.click("button[type=submit]")
        error = page.locator("#credit_code-error")
        await error.wait_for()
    assert refused.seen == 1
    assert "统一社会信用代码" in await error.inner_text()
    assert await page.get_attribute("#credit_code", "aria-invalid") == "true"
    assert await page.input_value("#organization") == "江城新能源物流有限公司"
    assert not await page.is_checked("input[name='available_slots'][value='d1-0920']")
    assert await Registration.count() == 0

    await page.fill("#credit_code", credit_code())
    await page.click("button[type=submit]")
    await page.wait_for_url("**/welcome")
    assert await page.inner_text("h1") == "报名已提交"
    link = await page.inner_text("#personal-link")
    registration = await Registration.objects().first()
    assert registration is not None
    assert link == f"{live_server}/p/{registration.portal_token}"
    assert registration.status == "pending"
    assert len(registration.unavailable_slots) == 1

    await page.click("a.button.primary[href^='/p/']")
    await page.wait_for_url(f"{live_server}/p/{registration.portal_token}")
    assert "等待主办方审核" in await page.inner_text("main")

    company = await Organization.objects().where(Organization.credit_code == credit_code()).first()
    assert company is not None
    demand = await Demand.objects().where(Demand.organization == company.id).first()
    assert demand is not None
    assert demand.budget_low_fen == 30_000_000
    assert await EventDemand.count().where(EventDemand.event == event.id) == 1
    # the only refusal the browser saw is the refused submission itself
    problems.assert_none()
    await page.context.close()
