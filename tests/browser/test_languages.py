"""Languages in a real browser: the browser's language chooses, the header's switch changes it on the same page
(query kept) and the choice is remembered on the next pages, the participant's pages included."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, expect

from tests.browser.conftest import Problems, new_page
from tests.meeting_helpers import meeting_fair

pytestmark = pytest.mark.browser


async def test_switch_and_remember(live_server: str, browser: Browser, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=1, status="open")
    enterprise = fair.enterprises[0]
    problems = Problems()
    page = await new_page(browser, problems, lang="en")
    html = page.locator("html")

    await page.goto(f"{live_server}/catalogue/achievements?q=%E7%94%B5%E6%B1%A0")
    await expect(html).to_have_attribute("lang", "en")  # from the browser's Accept-Language
    await page.click(".lang-switch a[lang='zh-CN']")
    await page.wait_for_url(f"{live_server}/catalogue/achievements?q=%E7%94%B5%E6%B1%A0")
    await expect(html).to_have_attribute("lang", "zh-CN")
    await expect(page.locator(".lang-switch a[aria-current='true']")).to_have_text("中文")

    for path in ("/", f"/fairs/{fair.event.slug}", f"/p/{enterprise.portal_token}", "/login"):
        await page.goto(f"{live_server}{path}")
        await expect(html).to_have_attribute("lang", "zh-CN")  # remembered over the browser's English

    await page.click(".lang-switch a[lang='en']")
    await page.wait_for_url(f"{live_server}/login")
    await expect(html).to_have_attribute("lang", "en")
    await expect(page.locator("h1")).to_have_text("Sign in")
    await page.goto(f"{live_server}/p/{enterprise.portal_token}")
    await expect(html).to_have_attribute("lang", "en")
    await expect(page.locator(".main-nav .nav-me")).to_have_text("My page")
    problems.assert_none()
    await page.context.close()
