"""The whole product in a real browser, once in Chinese and once in English, on a fresh database and a real
two-worker server: an organizer creates a fair with slots and tables, an enterprise (on its phone) and a research
team register through the public page, the organizer approves them, the enterprise asks the team for a meeting
and the team accepts, the organizer schedules and publishes, the enterprise finds the meeting in its agenda and
downloads the .ics, staff scan both tickets at the gate and the meeting at its table, log the signed deal, and the
organizer's dashboard shows the meeting held and the amount.

Every step is screenshotted to ``artifacts/journey/<lang>/NN-step.png`` (git-ignored; the run prints the
folder), checked with axe-core (no serious or critical finding), and watched: any script or console error, failed
request or HTTP refusal fails the test. English pages are checked for Chinese text outside the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.async_api import Browser, Page, expect

from events.accounts import assign_staff
from events.tables import Meeting, MeetingAttendee, Registration
from tests.browser.conftest import (
    Allowed,
    Problems,
    artifact_folder,
    assert_accessible,
    fits_width,
    new_page,
    record_artifacts,
    sign_in,
)
from tests.factories import PASSWORD, make_user
from tests.signup_helpers import credit_code

pytestmark = pytest.mark.browser

# What each language's run types in (data) and expects to read (interface).
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "2026冬季科技企业进高校对接会",
        "venue": "江城理工大学学术交流中心",
        "district": "东湖高新区",
        "company": "江城冷链物流有限公司",
        "contact": "李经理",
        "demand": "电动冷藏车冬季续航下降",
        "university": "江城理工大学",
        "team": "储能材料课题组",
        "lead": "王教授",
        "achievement": "低温钠离子电池",
        "message": "希望洽谈冬季续航方案",
        "gate": "东门",
        "submitted_heading": "报名已提交",
        "sent": "邀请已发出",
        "accepted": "已接受",
        "published": "已发布",
        "checked_in": "已签到",
        "at_table": "洽谈桌签到成功",
        "meeting_held": "洽谈已进行：双方均已到场",
        "held": "对接项目数",
        "deal_saved": "项目已登记",
    },
    "en": {
        "title": "Winter Fair: Enterprises into Universities",
        "venue": "Academic Exchange Centre",
        "district": "East Lake High-tech Zone",
        "company": "Jiangcheng Cold Chain Logistics Co.",
        "contact": "Manager Li",
        "demand": "Electric refrigerated trucks lose range in winter",
        "university": "Jiangcheng University of Technology",
        "team": "Energy Storage Materials Group",
        "lead": "Professor Wang",
        "achievement": "Low-temperature sodium-ion battery",
        "message": "We would like to discuss winter range",
        "gate": "East gate",
        "submitted_heading": "Registration received",
        "sent": "Your request was sent.",
        "accepted": "Accepted",
        "published": "Published",
        "checked_in": "Checked in",
        "at_table": "Checked in at the table",
        "meeting_held": "Meeting held: both sides are here",
        "held": "Matchmaking projects",
        "deal_saved": "The deal is logged.",
    },
}

# Chinese characters in what an English page shows, outside the data typed by people and the language switch.
CHINESE_UI = """() => {
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!/[\\u3400-\\u9fff\\uff01-\\uff5e]/.test(node.nodeValue) || !el) continue;
    if (el.closest('[lang="zh-CN"], [aria-hidden="true"], script')) continue;
    if (el.offsetParent === null && getComputedStyle(el).position !== "fixed") continue;
    found.add(node.nodeValue.trim().slice(0, 60));
  }
  return [...found];
}"""


@dataclass
class Journey:
    """Numbered screenshots and the checks made at every step."""

    lang: str
    folder: Path
    problems: Problems
    step: int = 0
    shots: list[str] = field(default_factory=list)

    async def shot(self, page: Page, name: str, *, accessible: bool = True) -> None:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{name}.png"
        await page.screenshot(path=str(path), full_page=True)
        self.shots.append(path.name)
        await expect(page.locator("html")).to_have_attribute("lang", "zh-CN" if self.lang == "zh" else "en")
        if accessible:
            await assert_accessible(page)
        if self.lang == "en":
            assert await page.evaluate(CHINESE_UI) == [], f"Chinese text on the English page {page.url}"
        self.problems.assert_none()


async def _register(page: Page, base: str, slug: str, role: str, fill: dict[str, str]) -> str:
    """Fill the public registration form for ``role`` and return the personal link it gives."""
    await page.goto(f"{base}/fairs/{slug}")
    await page.click(f"a[href='/fairs/{slug}/register']")
    if role != "enterprise":
        await page.click(f"nav.role-tabs a[href='?role={role}']")
        await page.wait_for_url(f"**/register?role={role}")
    for selector, value in fill.items():
        if selector.startswith("select:"):
            await page.select_option(selector.removeprefix("select:"), value)
        else:
            await page.fill(selector, value)
    await page.click("form.signup-form button[type=submit]")
    await page.wait_for_url("**/welcome")
    return await page.inner_text("#personal-link")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_fair_from_its_creation_to_a_signed_deal(
    live_server: str, browser: Browser, db: Any, lang: str
) -> None:
    words = WORDS[lang]
    base = live_server
    slug = f"journey-{lang}"
    fair_day = datetime.now(tz=ZoneInfo("Asia/Shanghai")).date() + timedelta(days=30)
    folder = artifact_folder("journey", lang)
    for old in folder.glob("*.png"):
        old.unlink()
    record_artifacts(folder)
    problems = Problems()
    journey = Journey(lang=lang, folder=folder, problems=problems)
    await make_user(username="bureau", role="organizer")
    await make_user(username="gatekeeper", role="staff")

    # 1. The organizer signs in and creates the fair: one morning session of 20-minute slots, two tables.
    organizer = await new_page(browser, problems, lang=lang)
    await sign_in(organizer, base, "bureau", PASSWORD)
    await organizer.goto(f"{base}/console")
    await journey.shot(organizer, "console")
    await organizer.click("a[href='/console/fairs/new']")
    await organizer.fill("#title", words["title"])
    await organizer.fill("#slug", slug)
    await organizer.fill("#starts_on", fair_day.isoformat())
    await organizer.fill("#ends_on", fair_day.isoformat())
    await organizer.fill("#venue", words["venue"])
    await organizer.fill("#district", words["district"])
    await organizer.fill("#sessions", "09:00-10:00")
    await organizer.fill("#tables", "2")
    await journey.shot(organizer, "new-fair-form")
    await organizer.click("form[action='/console/fairs/new'] button[type=submit]")
    await organizer.wait_for_url(re.compile(r".*/console/fairs/\d+$"))
    event_id = int(organizer.url.rsplit("/", 1)[1])
    facts = await organizer.inner_text(".facts")
    assert "3" in facts  # slots
    assert "2" in facts  # tables
    await organizer.click("button[name=status][value=open]")
    await organizer.wait_for_url(re.compile(rf".*/console/fairs/{event_id}$"))
    await journey.shot(organizer, "fair-open")
    await assign_staff(event_id=event_id, username="gatekeeper")  # `transferfair user add --event`

    # 2. An enterprise registers on its phone, a research team on a computer, through the public page.
    enterprise = await new_page(browser, problems, lang=lang, phone=True, accept_downloads=True)
    await enterprise.goto(f"{base}/fairs/{slug}")
    await journey.shot(enterprise, "public-fair-page")
    enterprise_link = await _register(
        enterprise,
        base,
        slug,
        "enterprise",
        {
            "#organization": words["company"],
            "#credit_code": credit_code(),
            "#district": words["district"],
            "#contact_name": words["contact"],
            "#phone": "13800138000",
            "#demands-0-title": words["demand"],
            "select:#demands-0-field": "new_energy_vehicles",
        },
    )
    assert await enterprise.inner_text("h1") == words["submitted_heading"]
    assert await fits_width(enterprise)
    await journey.shot(enterprise, "enterprise-registered")

    team = await new_page(browser, problems, lang=lang)
    team_link = await _register(
        team,
        base,
        slug,
        "team",
        {
            "#organization": words["university"],
            "#team_name": words["team"],
            "#contact_name": words["lead"],
            "#phone": "13900139000",
            "#achievements-0-title": words["achievement"],
            "select:#achievements-0-field": "new_energy_vehicles",
            "select:#achievements-0-maturity": "pilot",
        },
    )
    await journey.shot(team, "team-registered")
    assert await Registration.count().where(Registration.event == event_id) == 2

    # 3. The organizer approves both.
    await organizer.goto(f"{base}/console/fairs/{event_id}/registrations")
    assert await organizer.locator(".tag.status-pending").count() == 2
    for box in await organizer.locator("input[name=registration_ids]").all():
        await box.check()
    await organizer.click("button[name=decision][value=approved]")
    await expect(organizer.locator(".tag.status-approved")).to_have_count(2)
    await journey.shot(organizer, "registrations-approved")

    # 4. The enterprise asks the team for a meeting about its achievement; the team accepts.
    await enterprise.goto(enterprise_link)
    team_option = enterprise.locator("#ask-recipient option", has_text=words["team"])
    await enterprise.select_option("#ask-recipient", await team_option.get_attribute("value"))
    achievement_option = enterprise.locator("#ask-achievement option", has_text=words["achievement"])
    await enterprise.select_option("#ask-achievement", await achievement_option.get_attribute("value"))
    await enterprise.fill("#ask-message", words["message"])
    await enterprise.click("form.ask-form button[type=submit]")
    await expect(enterprise.locator("#section-requests .alert.ok")).to_contain_text(words["sent"])
    await journey.shot(enterprise, "meeting-requested")

    await team.goto(team_link)
    assert words["message"] in await team.inner_text("#section-requests")
    await team.click("#section-requests form[action$='/accept'] button")
    await expect(team.locator("#section-requests")).to_contain_text(words["accepted"])
    await journey.shot(team, "request-accepted")

    # 5. The organizer schedules (the progress bar runs to the end) and publishes.
    await organizer.goto(f"{base}/console/fairs/{event_id}/schedule")
    assert await organizer.inner_text("#accepted-requests") == "1"
    await organizer.fill("#time-limit", "1")
    await organizer.click("#schedule-all")
    await organizer.wait_for_selector('#schedule-progress[data-state="finished"]')
    assert await organizer.eval_on_selector("#schedule-progress progress", "bar => bar.value") == 1
    await journey.shot(organizer, "scheduled")
    await organizer.click("#schedule-progress [data-run-link]")
    await organizer.wait_for_selector("#run-result")
    organizer.once("dialog", lambda dialog: dialog.accept())
    await organizer.click("#publish-run")
    await organizer.wait_for_selector("#published-notice")
    await journey.shot(organizer, "published")
    meeting = await Meeting.objects(Meeting.slot, Meeting.table).where(Meeting.event == event_id).first()
    assert meeting is not None
    slot_code, table_code = meeting.slot.code, meeting.table.code

    # 6. The enterprise sees the meeting in its agenda on its phone and downloads the calendar.
    await enterprise.goto(enterprise_link)
    agenda = await enterprise.inner_text("#section-agenda")
    assert words["team"] in agenda
    assert meeting.slot.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M") in agenda
    assert await fits_width(enterprise)
    # Chromium may report the navigation that turns into a download as an aborted request, whenever it likes:
    # that one is allowed from here to the end (the download itself is checked below).
    problems.allowed.append(Allowed(0, re.compile(r"/api/me/agenda\.ics$")))
    async with enterprise.expect_download() as waiting:
        await enterprise.click("#section-agenda a[href='/api/me/agenda.ics']")
    download = await waiting.value
    ics = (await download.path()).read_bytes()
    (calendar_event,) = Calendar.from_ical(ics).events
    assert calendar_event.start == meeting.slot.starts_at
    assert words["team"] in str(calendar_event["SUMMARY"])
    await enterprise.locator("#section-agenda").scroll_into_view_if_needed()
    await journey.shot(enterprise, "agenda-on-the-phone")
    enterprise_ticket = await enterprise.get_attribute("#section-ticket a.button.primary[href^='/t/']", "href")
    await team.goto(team_link)
    team_ticket = await team.get_attribute("#section-ticket a.button.primary[href^='/t/']", "href")
    assert enterprise_ticket is not None
    assert team_ticket is not None

    # 7. Staff scan both tickets at the gate on a phone (a USB scanner types the QR code's URL), then the meeting.
    staff = await new_page(browser, problems, lang=lang, phone=True)
    await sign_in(staff, base, "gatekeeper", PASSWORD)
    await staff.goto(f"{base}/console/fairs/{event_id}/checkin")
    await staff.fill("#scan-gate", words["gate"])
    await staff.locator("#scan-gate").dispatch_event("change")
    result = staff.locator("#scan-result")
    for ticket, name in ((enterprise_ticket, words["contact"]), (team_ticket, words["lead"])):
        await staff.fill("#scan-input", f"{base}{ticket}")
        await staff.press("#scan-input", "Enter")
        await expect(result).to_have_class(re.compile(r"\bok\b"))
        await expect(result).to_contain_text(name)
        await expect(result).to_contain_text(words["checked_in"])
    assert await fits_width(staff)
    await journey.shot(staff, "gate-scans")

    await staff.check("input[name=mode][value=table]")
    await staff.fill("#scan-table", table_code)
    await staff.fill("#scan-slot", slot_code)
    await staff.locator("#scan-slot").dispatch_event("change")
    for ticket, name in ((enterprise_ticket, words["contact"]), (team_ticket, words["lead"])):
        await staff.fill("#scan-input", f"{base}{ticket}")
        await staff.press("#scan-input", "Enter")
        await expect(result.locator(".scan-name")).to_have_text(name)
        await expect(result).to_have_class(re.compile(r"\bok\b"))
        await expect(result).to_contain_text(words["at_table"])
    await expect(result).to_contain_text(words["meeting_held"])
    held = await Meeting.select(Meeting.status).where(Meeting.id == meeting.id).first()
    assert held == {"status": "held"}
    assert await MeetingAttendee.count().where(MeetingAttendee.checked_in_at.is_not_null()) == 2
    await journey.shot(staff, "table-scans")

    # 8. Staff log the signed deal from the held meeting, still on the phone.
    await staff.goto(f"{base}/console/fairs/{event_id}/deals")
    await staff.fill("#q", table_code)
    await staff.press("#q", "Enter")
    await staff.wait_for_url(re.compile(rf".*q={table_code}.*"))
    await staff.click(f"a.meeting-pick[href$='meeting={meeting.id}']")
    await staff.wait_for_selector("form[data-deal-form]")
    if not await staff.locator("input[name=contract_type]:checked").count():
        await staff.click("label.chip:has(input[name=contract_type][value=licence])")
    await staff.fill("#amount", "125")  # 万元, the default unit
    await staff.click("label.chip:has(input[name=stage][value=signed])")
    await staff.click("form[data-deal-form] button[type=submit]")
    await expect(staff.locator(".alert.ok")).to_contain_text(words["deal_saved"])
    assert "¥1,250,000.00" in await staff.inner_text(".deal-amount")
    assert await fits_width(staff)
    await journey.shot(staff, "deal-logged")

    # 9. The organizer's dashboard: one meeting held, ¥1,250,000.00 signed.
    await organizer.goto(f"{base}/console/fairs/{event_id}/dashboard")
    kpis = organizer.locator(".kpi")
    held_kpi = kpis.filter(has_text=words["held"])
    await expect(held_kpi.locator(".kpi-value")).to_have_text("1")
    await expect(organizer.locator(".kpis")).to_contain_text("¥1,250,000.00")
    await journey.shot(organizer, "dashboard")

    problems.assert_none()
    assert len(journey.shots) == 16
    for page in (organizer, enterprise, team, staff):
        await page.context.close()
