"""In a real browser against a real two-worker server: request → accept → schedule → publish → agenda → .ics."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import vobject
from icalendar import Calendar
from playwright.async_api import Browser, Page

from events.accounts import create_api_token
from events.tables import EventAchievement
from tests.browser.conftest import Problems, new_page
from tests.factories import make_achievement, make_user
from tests.meeting_helpers import meeting_fair, set_status

pytestmark = pytest.mark.browser


async def _page(browser: Browser, problems: Problems) -> Page:
    return await new_page(browser, problems, lang="zh", accept_downloads=True)


async def test_request_accept_schedule_publish_agenda_ics(live_server: str, browser: Browser, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=1, status="open")
    enterprise, team = fair.enterprises[0], fair.teams[0]
    achievement = await make_achievement(organization_id=team.organization, title="钠离子电池正极材料")
    await EventAchievement(event=fair.event.id, achievement=achievement.id, registration=team.id).save()
    problems = Problems()

    # the enterprise asks the team, from its personal link
    asking = await _page(browser, problems)
    await asking.goto(f"{live_server}/p/{enterprise.portal_token}")
    await asking.select_option("#ask-recipient", str(team.id))
    await asking.select_option("#ask-achievement", str(achievement.id))
    await asking.select_option("#ask-priority", "5")
    await asking.fill("#ask-message", "希望洽谈中试合作")
    await asking.click("form.ask-form button[type=submit]")
    await asking.wait_for_selector("#section-requests .alert.ok")
    assert "邀请已发出" in await asking.inner_text("#section-requests .alert.ok")

    # the team accepts
    answering = await _page(browser, problems)
    await answering.goto(f"{live_server}/p/{team.portal_token}")
    assert "希望洽谈中试合作" in await answering.inner_text("#section-requests")
    await answering.click("#section-requests form[action$='/accept'] button")
    await answering.wait_for_selector("#section-requests .alert.ok")
    assert "已接受" in await answering.inner_text("#section-requests")

    # the organizer schedules the accepted request and publishes the fair
    organizer = await make_user(username="browser-organizer", role="organizer")
    token = await create_api_token(username=organizer.username, name="browser test")
    async with httpx.AsyncClient(base_url=live_server, headers={"Authorization": f"Bearer {token}"}) as api:
        accepted = (await api.get(f"/api/events/{fair.event.id}/requests", params={"status": "accepted"})).json()
        (request,) = accepted["items"]
        placed = await api.post(
            f"/api/events/{fair.event.id}/meetings", json={"slot": "d1-0920", "request_id": request["id"]}
        )
        assert placed.status_code == 201, placed.text
    await set_status(fair.event.id, "scheduled")

    # the enterprise sees its agenda and downloads the calendar
    await asking.goto(f"{live_server}/p/{enterprise.portal_token}")
    agenda_text = await asking.inner_text("#section-agenda")
    for expected in ("09:20–09:40", fair.tables[0].code, "课题组1", "钠离子电池正极材料"):
        assert expected in agenda_text, expected
    webcal = await asking.get_attribute("a[data-webcal]", "href")
    assert webcal is not None
    assert webcal.startswith("webcal://127.0.0.1:")
    assert webcal.endswith(f"/calendar/{enterprise.calendar_token}.ics")
    async with asking.expect_download() as waiting:
        await asking.click("#section-agenda a[href='/api/me/agenda.ics']")
    download = await waiting.value
    path = await download.path()
    data = path.read_bytes()
    (event,) = Calendar.from_ical(data).events
    assert event.start == fair.slot("d1-0920").starts_at
    assert "课题组1" in str(event["SUMMARY"])
    assert vobject.readOne(data.decode("utf-8")).vevent.dtstart.value == fair.slot("d1-0920").starts_at

    # the printable agenda
    await asking.goto(f"{live_server}/p/{enterprise.portal_token}/agenda")
    assert "课题组1" in await asking.inner_text("table.agenda")
    problems.assert_none()
