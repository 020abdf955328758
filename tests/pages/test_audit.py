"""The console's audit-log tab: the fair's entries newest first, in words and in the visitor's language, filtered
by kind, a page at a time; organizers only."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from events import audit, deals
from events.accounts import assign_staff
from events.checkin import service
from events.tables import Event
from events.vocabulary import DealStage
from tests.deals_support import make_deal
from tests.factories import make_fair, make_organization, make_registration, make_user
from tests.pages.helpers import HTML, sign_in

CHECKED_IN_AT = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)  # 08:30 in Beijing
PUBLISHED_AT = datetime(2026, 12, 3, 1, 5, tzinfo=UTC)  # 09:05 in Beijing


async def _fair_with_history() -> tuple[Event, int]:
    """A fair with a check-in by gate staff, a deal logged and moved on, and a schedule publication (last)."""
    event = await make_fair(slug="audit-fair")
    gate = await make_user(username="gate-wang", role="staff")
    await assign_staff(event_id=event.id, username="gate-wang")
    firm = await make_organization(kind="enterprise", name="江城冷链物流有限公司")
    person = await make_registration(event_id=event.id, organization_id=firm.id, person_name="陈静")
    await service.check_in(
        event_id=event.id,
        nonce="audit-page-0001",
        gate="东门",
        registration_id=person.id,
        scanned_by=gate.id,
        scanned_by_name="gate-wang",
        now=CHECKED_IN_AT,
    )
    deal = await make_deal(event_id=event.id, amount="100")
    await deals.change_deal(
        deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.NEGOTIATING, amount=Decimal(250)), by=gate.id
    )
    with audit.acting_as(user_id=None, name="organizer-li"):
        await audit.record(
            action=audit.AuditAction.SCHEDULE_PUBLISHED,
            event_id=event.id,
            object_kind="schedule_run",
            object_id=7,
            details={"kept": 10, "moved": 2, "cancelled": 1, "added": 3, "weight": 40},
            at=PUBLISHED_AT,
        )
    other = await make_fair(slug="other-fair")
    with audit.acting_as(user_id=None, name="elsewhere"):
        await audit.record(
            action=audit.AuditAction.SCHEDULE_PUBLISHED,
            event_id=other.id,
            object_kind="schedule_run",
            object_id=8,
            details={},
        )
    return event, deal.id


def _rows(html: str) -> list[str]:
    """The table's rows as text, cells separated by ' | '."""
    rows = re.findall(r'<tr class="audit-[a-z_]+">(.*?)</tr>', html, flags=re.S)
    return [
        " | ".join(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, flags=re.S))
        for row in rows
    ]


async def test_organizers_read_the_fairs_entries_newest_first_in_chinese(client: httpx.AsyncClient, db: Any) -> None:
    event, deal_id = await _fair_with_history()
    await sign_in(client, "li", role="organizer")

    page = await client.get(f"/console/fairs/{event.id}/audit", headers=HTML)

    assert page.status_code == 200, page.text
    assert f'href="/console/fairs/{event.id}/audit" aria-current="page">操作日志</a>' in page.text
    rows = [row.split(" | ") for row in _rows(page.text)]
    assert [row[1:] for row in rows] == [
        ["发布排期", "排期 #7", "保留 10 场，调整 2 场，新增 3 场，取消 1 场", "organizer-li"],
        ["修改合作项目", f"合作项目 #{deal_id}", "阶段：洽谈中；修改：金额、洽谈开始日期、阶段", "gate-wang"],
        ["登记合作项目", f"合作项目 #{deal_id}", "阶段：意向", "—"],
        ["签到", "陈静 · 江城冷链物流有限公司", "入口：东门", "gate-wang"],
    ]
    assert (rows[0][0], rows[3][0]) == ("2026年12月3日 09:05", "2026年12月3日 08:30")
    assert f'<a href="/console/fairs/{event.id}/deals/{deal_id}">' in page.text
    assert f'<time datetime="{PUBLISHED_AT.isoformat()}">' in page.text
    assert "elsewhere" not in page.text  # another fair's entry


async def test_the_log_in_english_filtered_by_kind(client: httpx.AsyncClient, db: Any) -> None:
    event, _ = await _fair_with_history()
    await sign_in(client, "li", role="organizer")

    page = await client.get(
        f"/console/fairs/{event.id}/audit", params={"action": "check_in", "lang": "en"}, headers=HTML
    )

    assert page.status_code == 200, page.text
    assert _rows(page.text) == ["Dec 3, 2026, 08:30 | Check-in | 陈静 · 江城冷链物流有限公司 | Gate: 东门 | gate-wang"]
    assert '<option value="check_in" selected>Check-in</option>' in page.text
    assert ">Audit log</a>" in page.text


async def test_an_empty_log_says_so(client: httpx.AsyncClient, db: Any) -> None:
    event = await make_fair()
    await sign_in(client, "li", role="organizer")

    empty = await client.get(f"/console/fairs/{event.id}/audit", headers=HTML)
    none_of_kind = await client.get(
        f"/console/fairs/{event.id}/audit", params={"action": "deal_changed", "lang": "en"}, headers=HTML
    )

    assert empty.status_code == 200
    assert "暂无记录：签到、排期发布和合作项目的操作将显示在这里。" in empty.text
    assert _rows(empty.text) == []
    assert "No entries of this kind yet." in none_of_kind.text


async def test_the_log_is_paged_fifty_entries_at_a_time(client: httpx.AsyncClient, db: Any) -> None:
    event = await make_fair()
    for number in range(1, 53):
        await audit.record(
            action=audit.AuditAction.SCHEDULE_PUBLISHED,
            event_id=event.id,
            object_kind="schedule_run",
            object_id=number,
            details={},
        )
    await sign_in(client, "li", role="organizer")
    path = f"/console/fairs/{event.id}/audit"

    first = await client.get(path, params={"action": "schedule_published"}, headers=HTML)
    second = await client.get(path, params={"action": "schedule_published", "offset": 50}, headers=HTML)

    assert [row.split(" | ")[2] for row in _rows(first.text)] == [f"排期 #{n}" for n in range(52, 2, -1)]
    assert 'href="?action=schedule_published&amp;offset=50" rel="next">下一页</a>' in first.text
    assert "上一页" not in first.text
    assert "第 1 页，共 2 页" in first.text
    assert [row.split(" | ")[2] for row in _rows(second.text)] == ["排期 #2", "排期 #1"]
    assert 'href="?action=schedule_published&amp;offset=0" rel="prev">上一页</a>' in second.text
    assert "下一页" not in second.text
    assert "第 2 页，共 2 页" in second.text


async def test_staff_and_participants_are_refused(client: httpx.AsyncClient, db: Any) -> None:
    event, _ = await _fair_with_history()
    path = f"/console/fairs/{event.id}/audit"
    participant = await make_registration(event_id=event.id)

    anonymous = await client.get(path, headers=HTML)
    await client.get(f"/p/{participant.portal_token}", headers=HTML)  # the portal cookie
    as_participant = await client.get(path, headers=HTML)
    await sign_in(client, "gate-wang")
    as_staff = await client.get(path, headers=HTML)
    overview = await client.get(f"/console/fairs/{event.id}", headers=HTML)

    assert (anonymous.status_code, anonymous.headers["location"]) == (303, f"/login?next={path}")
    assert (as_participant.status_code, as_participant.headers["location"]) == (303, f"/login?next={path}")
    assert as_staff.status_code == 403
    assert _rows(as_staff.text) == []
    assert overview.status_code == 200
    assert f"/console/fairs/{event.id}/audit" not in overview.text  # no tab for staff
