"""In a real browser against a real two-worker server: a staff member scans tickets on a phone (the text field a
USB scanner types into), keeps scanning while the network is down, and the queue is sent when it returns;
search by name checks someone in; the organizer's arrivals page updates without reloading."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from events.accounts import assign_staff
from events.checkin import tickets
from events.checkin.tokens import ticket_url
from events.tables import CheckIn, Scan
from tests.factories import PASSWORD, make_fair, make_registration, make_user

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

pytestmark = pytest.mark.browser


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


def _watch(page: Page, problems: list[str]) -> None:
    """Script errors, and any refused request other than the scans the test expects to be refused."""
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400 and not response.url.endswith(("/checkins", "/favicon.ico"))
            else None
        ),
    )


async def _signed_in(context: BrowserContext, base: str, username: str, problems: list[str]) -> Page:
    page = await context.new_page()
    _watch(page, problems)
    await page.goto(f"{base}/login")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form button[type=submit]")
    await page.wait_for_url(re.compile(r".*/$|.*/console.*"))
    return page


async def test_scanning_online_offline_and_by_search(live_server: str, browser: Browser, db: Any) -> None:
    fair = await make_fair(slug="gate-journey")
    await make_user(username="gate1", role="staff")
    await assign_staff(event_id=fair.id, username="gate1")
    first = await make_registration(event_id=fair.id, person_name="黄蓉")
    second = await make_registration(event_id=fair.id, person_name="郭靖")
    third = await make_registration(event_id=fair.id, person_name="杨过")
    first_ticket = await tickets.issue_ticket(registration_id=first.id)
    second_ticket = await tickets.issue_ticket(registration_id=second.id)
    problems: list[str] = []
    context = await browser.new_context(**PHONE, locale="zh-CN")
    page = await _signed_in(context, live_server, "gate1", problems)
    await page.goto(f"{live_server}/console/fairs/{fair.id}/checkin")
    await page.fill("#scan-gate", "东门")
    await page.locator("#scan-gate").dispatch_event("change")
    result = page.locator("#scan-result")

    # a USB scanner types the QR code's URL and presses Enter
    await page.fill("#scan-input", ticket_url(live_server, first_ticket.token))
    await page.press("#scan-input", "Enter")
    await expect(result).to_have_class(re.compile(r"\bok\b"))
    await expect(result).to_contain_text("黄蓉")
    await expect(result).to_contain_text("已签到")
    await page.screenshot(path=str(_shot("scanner-green")))

    # the same ticket again: amber, with where it was first scanned
    await page.fill("#scan-input", first_ticket.token)
    await page.press("#scan-input", "Enter")
    await expect(result).to_have_class(re.compile(r"\bwarn\b"))
    await expect(result).to_contain_text("东门")

    # an unknown code: red
    await page.fill("#scan-input", "not a ticket")
    await page.press("#scan-input", "Enter")
    await expect(result).to_have_class(re.compile(r"\bbad\b"))
    await expect(result).to_contain_text("不是本系统的入场码")

    # the network goes away: the scan is queued with its nonce
    await context.set_offline(True)
    await page.fill("#scan-input", second_ticket.token)
    await page.press("#scan-input", "Enter")
    await expect(result).to_contain_text("网络中断")
    await expect(page.locator("#queue-count")).to_have_text("1")
    queued = await page.evaluate(f"JSON.parse(localStorage.getItem('tf-scan-queue-{fair.id}'))")
    assert len(queued) == 1
    assert queued[0]["body"]["gate"] == "东门"
    nonce = queued[0]["body"]["nonce"]
    assert await CheckIn.count().where(CheckIn.registration == second.id) == 0
    await page.screenshot(path=str(_shot("scanner-offline")))

    # it comes back: the queue is sent, with the nonce it was given offline
    await context.set_offline(False)
    await page.evaluate("window.dispatchEvent(new Event('online'))")
    await expect(page.locator("#queue-count")).to_have_text("0")
    await expect(page.locator("#history")).to_contain_text("郭靖")
    stored = await Scan.select(Scan.outcome, Scan.gate).where(Scan.nonce == nonce).first()
    assert stored == {"outcome": "checked_in", "gate": "东门"}

    # search by name for someone without their ticket
    await page.fill("#search-q", "杨过")
    await page.click("#search-form button[type=submit]")
    await page.locator("#search-results button").click()
    await expect(result).to_have_class(re.compile(r"\bok\b"))
    await expect(result).to_contain_text("杨过")
    assert await CheckIn.count().where(CheckIn.event == fair.id) == 3
    assert await CheckIn.count().where(CheckIn.registration == third.id) == 1
    assert problems == []
    await context.close()


async def test_arrivals_update_without_reloading(live_server: str, browser: Browser, db: Any) -> None:
    from events.checkin import service

    fair = await make_fair(slug="live-journey")
    await make_user(username="boss", role="organizer")
    people = [await make_registration(event_id=fair.id, role=role) for role in ("enterprise", "team", "team")]
    problems: list[str] = []
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = await _signed_in(context, live_server, "boss", problems)
    await page.goto(f"{live_server}/console/fairs/{fair.id}/arrivals")
    await expect(page.locator("#live-checked-in")).to_have_text("0")
    await expect(page.locator("#live-expected")).to_have_text("3")
    for index, person in enumerate(people[:2]):
        await service.check_in(event_id=fair.id, registration_id=person.id, gate="北门", nonce=f"live-{index}")
    await expect(page.locator("#live-checked-in")).to_have_text("2", timeout=20000)
    await expect(page.locator("#live-gates")).to_contain_text("北门")
    assert await page.locator("#live-chart rect").count() >= 1
    await page.screenshot(path=str(_shot("arrivals")), full_page=True)
    assert problems == []
    await context.close()


def _shot(name: str) -> Any:
    from pathlib import Path

    folder = Path("/tmp/transferfair-screenshots")
    folder.mkdir(exist_ok=True)
    return folder / f"checkin-{name}.png"
