"""In a real browser against a real two-worker server: a staff member scans tickets on a phone (the text field a
USB scanner types into), keeps scanning while the network is down, and the queue is sent when it returns;
search by name checks someone in; the organizer's arrivals page updates without reloading."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from events.accounts import assign_staff
from events.checkin import tickets
from events.checkin.tokens import ticket_url
from events.tables import CheckIn, Scan
from tests.browser.conftest import Problems, artifact_folder, new_page, sign_in
from tests.checkin.helpers import make_meeting
from tests.factories import PASSWORD, make_fair, make_registration, make_user

pytestmark = pytest.mark.browser


async def _signed_in(browser: Browser, base: str, username: str, problems: Problems, *, phone: bool) -> Page:
    page = await new_page(browser, problems, lang="zh", phone=phone)
    await sign_in(page, base, username, PASSWORD)
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
    problems = Problems()
    page = await _signed_in(browser, live_server, "gate1", problems, phone=True)
    context = page.context
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

    # an unknown code: red (the API refuses it, as it should)
    with problems.allow(400, r"/checkins$") as refused:
        await page.fill("#scan-input", "not a ticket")
        await page.press("#scan-input", "Enter")
        await expect(result).to_have_class(re.compile(r"\bbad\b"))
        await expect(result).to_contain_text("不是本系统的入场码")
    assert refused.seen >= 1

    # the network goes away: the scan is queued with its nonce
    await context.set_offline(True)
    with problems.allow(0, r"/checkins$"):
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
    problems.assert_none()
    await context.close()


async def test_arrivals_update_without_reloading(live_server: str, browser: Browser, db: Any) -> None:
    from events.checkin import service

    fair = await make_fair(slug="live-journey")
    await make_user(username="boss", role="organizer")
    people = [await make_registration(event_id=fair.id, role=role) for role in ("enterprise", "team", "team")]
    problems = Problems()
    page = await _signed_in(browser, live_server, "boss", problems, phone=False)
    context = page.context
    await page.goto(f"{live_server}/console/fairs/{fair.id}/arrivals")
    await expect(page.locator("#live-checked-in")).to_have_text("0")
    await expect(page.locator("#live-expected")).to_have_text("3")
    for index, person in enumerate(people[:2]):
        await service.check_in(event_id=fair.id, registration_id=person.id, gate="北门", nonce=f"live-{index}")
    await expect(page.locator("#live-checked-in")).to_have_text("2", timeout=20000)
    await expect(page.locator("#live-gates")).to_contain_text("北门")
    assert await page.locator("#live-chart rect").count() >= 1

    # a scan at a meeting table is named in the page's words, not as stored ('table T02')
    await make_meeting(event_id=fair.id, a=people[0], b=people[2], slot_index=0, table_index=1)
    await service.check_in_at_table(
        event_id=fair.id, table="T02", slot="d1-0900", registration_id=people[2].id, nonce="live-table"
    )
    await expect(page.locator("#live-checked-in")).to_have_text("3", timeout=20000)
    await expect(page.locator("#live-recent li").first).to_contain_text("T02 号桌")
    await expect(page.locator("#live-gates")).to_contain_text("T02 号桌")
    await expect(page.locator("#live-gates")).not_to_contain_text("table")
    await page.screenshot(path=str(_shot("arrivals")), full_page=True)

    # the network goes away: the figures stay, marked as not up to date, until it comes back
    stale = page.locator("#live-stale")
    await expect(stale).to_be_hidden()
    with problems.allow(0, r"/api/events/\d+/(checkins/live|attendance)$"):
        await context.set_offline(True)
        await expect(stale).to_be_visible(timeout=20000)
        await expect(page.locator("#live-checked-in")).to_have_text("3")
        await context.set_offline(False)
        await expect(stale).to_be_hidden(timeout=20000)
    problems.assert_none()
    await context.close()


def _shot(name: str) -> Any:
    return artifact_folder("checkin") / f"{name}.png"
