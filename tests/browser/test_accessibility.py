"""The main pages the journey does not pass through, checked in a real browser: axe-core finds no serious or
critical problem (labels, contrast, names, landmarks), in both languages for the public and participant pages;
they fit a phone's width; and the keyboard works (skip link first, visible focus, the console's tabs in order)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from events.checkin import tickets
from events.tables import EventAchievement, EventDemand
from tests.browser.conftest import Problems, accessibility_problems, fits_width, new_page, sign_in
from tests.deals_support import make_deal
from tests.factories import PASSWORD, make_achievement, make_demand, make_user
from tests.meeting_helpers import meeting_fair, scheduled_meeting

pytestmark = pytest.mark.browser


async def _fair_with_everything() -> dict[str, Any]:
    fair = await meeting_fair(teams=2, enterprises=2, status="scheduled", description="测试")
    team, enterprise = fair.teams[0], fair.enterprises[0]
    achievement = await make_achievement(
        organization_id=team.organization, title="低温钠离子电池", title_en="Low-temperature sodium-ion battery"
    )
    await EventAchievement(event=fair.event.id, achievement=achievement.id, registration=team.id).save()
    demand = await make_demand(organization_id=enterprise.organization, title="冷藏车冬季续航")
    await EventDemand(event=fair.event.id, demand=demand.id, registration=enterprise.id).save()
    await scheduled_meeting(fair=fair, requester=enterprise, recipient=team, slot=fair.slots[0], table=fair.tables[0])
    await make_deal(event_id=fair.event.id, amount="1250000", achievement_id=achievement.id)
    ticket = await tickets.issue_ticket(registration_id=enterprise.id)
    return {"fair": fair, "achievement": achievement, "demand": demand, "ticket": ticket}


async def _check(page: Page, url: str, found: dict[str, list[str]], *, phone: bool = False) -> None:
    await page.goto(url)
    problems = await accessibility_problems(page)
    if problems:
        found[url] = problems
    if phone:
        await fits_width(page)


async def test_public_and_participant_pages_in_both_languages(live_server: str, browser: Browser, db: Any) -> None:
    data = await _fair_with_everything()
    fair = data["fair"]
    enterprise = fair.enterprises[0]
    public = [
        "/",
        f"/fairs/{fair.event.slug}",
        "/catalogue/achievements",
        "/catalogue/achievements?q=电池",
        f"/catalogue/achievements/{data['achievement'].id}",
        "/catalogue/demands",
        f"/catalogue/demands/{data['demand'].id}",
        "/login",
        f"/t/{data['ticket'].token}",
    ]
    personal = [f"/p/{enterprise.portal_token}", f"/p/{enterprise.portal_token}/agenda"]
    found: dict[str, list[str]] = {}
    for lang in ("zh", "en"):
        problems = Problems()
        for phone in (False, True):
            page = await new_page(browser, problems, lang=lang, phone=phone)
            for path in public + personal:
                await _check(page, f"{live_server}{path}", found, phone=phone)
            with problems.allow(404, r"/no-such-page$"):
                await _check(page, f"{live_server}/no-such-page", found, phone=phone)
                await expect(page.locator("h1")).to_have_text("未找到" if lang == "zh" else "Not found")
            await page.context.close()
        problems.assert_none()
    assert found == {}, "\n".join(f"{url}: {items}" for url, items in found.items())


async def test_console_pages(live_server: str, browser: Browser, db: Any) -> None:
    data = await _fair_with_everything()
    event_id = data["fair"].event.id
    await make_user(username="desk", role="organizer")
    tabs = [
        "",
        "/registrations",
        "/registration-settings",
        "/import",
        "/enquiries",
        "/matching",
        "/schedule",
        "/meetings",
        "/outbox",
        "/deals",
        "/deals/new",
        "/dashboard",
        "/checkin",
        "/arrivals",
        "/audit",
    ]
    found: dict[str, list[str]] = {}
    problems = Problems()
    page = await new_page(browser, problems, lang="en")
    await sign_in(page, live_server, "desk", PASSWORD)
    for path in [
        "/console",
        "/console/fairs/new",
        "/console/reports",
        *(f"/console/fairs/{event_id}{t}" for t in tabs),
    ]:
        await _check(page, f"{live_server}{path}", found)
    problems.assert_none()
    assert found == {}, "\n".join(f"{url}: {items}" for url, items in found.items())


async def test_the_keyboard_reaches_everything_and_shows_where_it_is(
    live_server: str, browser: Browser, db: Any
) -> None:
    data = await _fair_with_everything()
    await make_user(username="keys", role="organizer")
    problems = Problems()
    page = await new_page(browser, problems, lang="zh")
    await page.goto(f"{live_server}/")

    # the first Tab shows the skip link; Enter moves the focus to the content
    await page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    await expect(skip).to_be_focused()
    box = await skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "main"

    # the next stops are the header's links, each with a visible focus ring
    await page.goto(f"{live_server}/")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Tab")
    await expect(page.locator("a.brand")).to_be_focused()
    outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    await page.keyboard.press("Tab")
    await expect(page.locator(".main-nav a[href='/']")).to_be_focused()

    # the login form is filled and sent with the keyboard alone
    await page.goto(f"{live_server}/login?next=/console/fairs/{data['fair'].event.id}")
    await expect(page.locator("#username")).to_be_focused()  # autofocus
    await page.keyboard.type("keys")
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"{live_server}/console/fairs/{data['fair'].event.id}")

    # the console's tabs come in their visual order
    labels = await page.locator("nav.tabs a").all_inner_texts()
    first = page.locator("nav.tabs a").first
    await first.focus()
    reached = [await first.inner_text()]
    for _ in labels[1:]:
        await page.keyboard.press("Tab")
        reached.append(await page.evaluate("document.activeElement.innerText"))
    assert reached == labels
    problems.assert_none()
