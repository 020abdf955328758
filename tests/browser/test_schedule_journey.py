"""In a real browser against a real two-worker server: an organizer presses "Schedule all", watches the progress
bar finish, opens the result and publishes it; a participant then finds the meetings in their agenda."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser

from events.tables import Meeting, ScheduleRun
from tests.browser.conftest import Problems, new_page
from tests.factories import PASSWORD, make_user
from tests.schedule_helpers import busy_fair

pytestmark = pytest.mark.browser


async def test_schedule_all_progress_result_and_publish(live_server: str, browser: Browser, db: Any) -> None:
    fair = await busy_fair(teams=3, enterprises=6)
    await make_user(username="schedule-organizer", role="organizer")
    problems = Problems()
    page = await new_page(browser, problems, lang="zh")

    await page.goto(f"{live_server}/login?next=/console/fairs/{fair.event.id}/schedule")
    await page.fill("#username", "schedule-organizer")
    await page.fill("#password", PASSWORD)
    await page.click("form button[type=submit]")
    await page.wait_for_selector("#schedule-all")
    assert await page.inner_text("#accepted-requests") == "18"

    await page.fill("#time-limit", "0.5")
    await page.click("#schedule-all")
    await page.wait_for_selector('#schedule-progress[data-state="finished"]')

    assert await page.eval_on_selector("#schedule-progress progress", "bar => bar.value") == 1
    assert "完成" in await page.inner_text("#schedule-progress [data-progress-text]")
    await page.click("#schedule-progress [data-run-link]")
    await page.wait_for_selector("#run-result")
    result = await page.inner_text("#run-result")
    assert "最优：已证明达到最高可能的总权重" in result
    assert "18 项邀请中已安排 9 项" in result
    assert "新增 9 场" in result
    page.once("dialog", lambda dialog: dialog.accept())
    await page.click("#publish-run")
    await page.wait_for_selector("#published-notice")

    run = await ScheduleRun.select(ScheduleRun.id, ScheduleRun.status).first()
    assert run is not None
    assert run["status"] == "published"
    assert await Meeting.count().where(Meeting.schedule_run == run["id"]) == 9
    team = fair.teams[0]
    await page.goto(f"{live_server}/p/{team.portal_token}")
    agenda = await page.inner_text("#section-agenda")
    assert agenda.count("经理") == 3  # the team's three meetings, with the enterprises' contacts
    problems.assert_none()
