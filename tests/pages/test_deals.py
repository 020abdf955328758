"""Deal and report pages: the phone form at the table, a deal with its history, the dashboard, the printable
report, the dashboard across fairs and the participant's own deals."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from events import deals
from events.accounts import assign_staff
from events.tables import Deal, DealChange
from events.vocabulary import DealStage, TransferMode
from tests.deals_support import make_deal, make_meeting, make_team_with_achievement
from tests.factories import make_fair, make_organization, make_registration
from tests.pages.helpers import HTML, csrf_field, sign_in


async def _fair() -> tuple[Any, Any, Any, Any]:
    event = await make_fair(slug="autumn-fair")
    team, achievement = await make_team_with_achievement(event_id=event.id, name="清华大学")
    firm = await make_organization(name="东城精密制造有限公司", district="东城区")
    enterprise = await make_registration(event_id=event.id, role="enterprise", organization_id=firm.id)
    meeting = await make_meeting(
        event_id=event.id, team=team, enterprise=enterprise, achievement_id=achievement.id, table_index=1
    )
    return event, team, enterprise, meeting


async def test_staff_log_a_deal_at_the_table_in_a_short_form(client: httpx.AsyncClient, db: Any) -> None:
    event, team, enterprise, meeting = await _fair()
    await sign_in(client, "xiaoli", role="staff")
    await assign_staff(event_id=event.id, username="xiaoli")

    tab = await client.get(f"/console/fairs/{event.id}/deals", headers=HTML)
    assert tab.status_code == 200, tab.text
    link = f"/console/fairs/{event.id}/deals/new?meeting={meeting.id}"
    assert link in tab.text
    assert "东城精密制造有限公司" in tab.text

    form = await client.get(link, headers=HTML)
    assert form.status_code == 200
    assert f'name="meeting_id" value="{meeting.id}"' in form.text
    assert re.search(r'value="licence" required checked', form.text)  # the achievement's transfer mode
    assert "清华大学" in form.text
    assert 'inputmode="decimal"' in form.text
    assert "/static/js/deals.js" in form.text
    assert form.text.count("<input") + form.text.count("<select") + form.text.count("<textarea") <= 20

    posted = await client.post(
        f"/console/fairs/{event.id}/deals/new",
        data={
            "_csrf_token": csrf_field(form.text),
            "meeting_id": str(meeting.id),
            "contract_type": "licence",
            "licence_terms": "use_first_pay_later",
            "amount": "125",
            "unit": "wan",
            "stage": "signed",
            "stage_on": "2026-12-03",
        },
    )
    assert posted.status_code == 303, posted.text
    deal = await Deal.objects().first()
    assert deal is not None
    assert posted.headers["location"] == f"/console/fairs/{event.id}/deals/{deal.id}?done=logged"
    assert (deal.amount_fen, deal.stage, deal.licence_terms) == (125_000_000, "signed", "use_first_pay_later")
    assert deal.team_organization == team.organization
    assert deal.enterprise == enterprise.organization

    page = await client.get(posted.headers["location"], headers=HTML)
    assert page.status_code == 200
    assert "项目已登记" in page.text
    assert "¥1,250,000.00" in page.text
    assert "先使用后付费" in page.text
    assert "2026年12月3日" in page.text
    assert "变更记录" in page.text
    assert "xiaoli" in page.text


async def test_a_refused_form_comes_back_with_the_message_and_the_values(client: httpx.AsyncClient, db: Any) -> None:
    event, _, _, meeting = await _fair()
    await sign_in(client, "boss", role="organizer")
    form = await client.get(f"/console/fairs/{event.id}/deals/new?meeting={meeting.id}", headers=HTML)
    refused = await client.post(
        f"/console/fairs/{event.id}/deals/new",
        data={
            "_csrf_token": csrf_field(form.text),
            "meeting_id": str(meeting.id),
            "contract_type": "licence",
            "amount": "12.3456789",
            "unit": "yuan",
            "stage": "intent",
        },
        headers=HTML,
    )
    assert refused.status_code == 400
    assert "金额最多保留两位小数" in refused.text
    assert 'value="12.3456789"' in refused.text
    assert await Deal.count() == 0


async def test_a_deal_without_a_meeting_chooses_parties_of_the_fair(client: httpx.AsyncClient, db: Any) -> None:
    event, team, enterprise, _ = await _fair()
    await sign_in(client, "boss", role="organizer")
    form = await client.get(f"/console/fairs/{event.id}/deals/new", headers=HTML)
    assert f'<option value="{team.organization}"' in form.text
    assert f'<option value="{enterprise.organization}"' in form.text
    posted = await client.post(
        f"/console/fairs/{event.id}/deals/new",
        data={
            "_csrf_token": csrf_field(form.text),
            "team_organization_id": str(team.organization),
            "enterprise_id": str(enterprise.organization),
            "contract_type": "service",
            "amount": "８，０００．５０",  # typed with a Chinese keyboard
            "unit": "yuan",
            "stage": "intent",
        },
    )
    assert posted.status_code == 303
    deal = await Deal.objects().first()
    assert deal is not None
    assert (deal.amount_fen, deal.meeting) == (800_050, None)


async def test_the_deal_page_changes_stages_and_keeps_the_history(client: httpx.AsyncClient, db: Any) -> None:
    event = await make_fair()
    deal = await make_deal(event_id=event.id, amount="500000", stage=DealStage.SIGNED, stage_on=date(2026, 12, 3))
    await sign_in(client, "xiaoli", role="staff")
    await assign_staff(event_id=event.id, username="xiaoli")
    page = await client.get(f"/console/fairs/{event.id}/deals/{deal.id}", headers=HTML)
    assert 'name="correction"' not in page.text  # organizers only

    changed = await client.post(
        f"/console/fairs/{event.id}/deals/{deal.id}",
        data={
            "_csrf_token": csrf_field(page.text),
            "stage": "landed",
            "stage_on": "2027-03-01",
            "contract_type": "assignment",
            "amount": "500000.00",
            "unit": "yuan",
            "registration_number": "2026110101000777",
            "note": "",
        },
    )
    assert changed.status_code == 303, changed.text
    assert changed.headers["location"].endswith("?done=changed")
    view = await deals.get_deal(deal_id=deal.id)
    assert (view.stage, view.landed_on, view.registration_number) == (
        DealStage.LANDED,
        date(2027, 3, 1),
        "2026110101000777",
    )
    assert view.amount_fen == 50_000_000  # unchanged
    history = await deals.deal_history(deal_id=deal.id)
    assert sorted(history[-1].changes) == ["landed_on", "registration_number", "stage"]

    shown = await client.get(changed.headers["location"], headers=HTML)
    assert "已落地" in shown.text
    assert "<del>已签约</del> → <ins>已落地</ins>" in shown.text
    assert "2027年3月1日" in shown.text

    backwards = await client.post(
        f"/console/fairs/{event.id}/deals/{deal.id}",
        data={"_csrf_token": csrf_field(shown.text), "stage": "intent", "correction": "1"},
        headers=HTML,
    )
    assert backwards.status_code == 400
    assert (await deals.get_deal(deal_id=deal.id)).stage is DealStage.LANDED
    assert await DealChange.count() == 2


async def test_the_dashboard_shows_the_bureau_numbers_and_charts(client: httpx.AsyncClient, db: Any) -> None:
    event, _, _, meeting = await _fair()
    await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(
            meeting_id=meeting.id, amount=Decimal("1250000"), stage=DealStage.SIGNED, stage_on=date(2026, 12, 3)
        ),
        by=None,
    )
    await make_deal(event_id=event.id, amount="0.01", stage=DealStage.LANDED, stage_on=date(2026, 12, 4))
    await sign_in(client, "boss", role="organizer")
    page = await client.get(f"/console/fairs/{event.id}/dashboard", headers=HTML)
    assert page.status_code == 200, page.text
    for text in ("对接项目数", "签约项目数", "落地项目数", "合同金额", "¥1,250,000.01", "按区县", "东城区", "技术许可"):
        assert text in page.text, text
    assert '<svg class="hbar"' in page.text
    assert 'class="col-signed"' in page.text
    assert f"/api/events/{event.id}/export.xlsx" in page.text
    assert " style=" not in page.text  # the content security policy forbids inline styles

    english = await client.get(f"/console/fairs/{event.id}/dashboard?lang=en", headers=HTML)
    assert "Contract amount" in english.text
    assert "¥1,250,000.01" in english.text

    filtered = await client.get(
        f"/console/fairs/{event.id}/dashboard", params={"from": "2026-12-04", "to": "2026-12-31"}, headers=HTML
    )
    assert "¥0.01" in filtered.text

    printable = await client.get(f"/console/fairs/{event.id}/report", headers=HTML)
    assert printable.status_code == 200
    assert 'class="fair-report printable"' in printable.text
    assert "data-print" in printable.text
    assert "¥1,250,000.01" in printable.text


async def test_dashboards_follow_the_roles(client: httpx.AsyncClient, db: Any) -> None:
    event, other = await make_fair(), await make_fair()
    await sign_in(client, "xiaoli", role="staff")
    await assign_staff(event_id=event.id, username="xiaoli")
    own = await client.get(f"/console/fairs/{event.id}/dashboard", headers=HTML)
    assert own.status_code == 200
    assert "export.xlsx" not in own.text  # exports are for organizers
    assert (await client.get(f"/console/fairs/{other.id}/dashboard", headers=HTML)).status_code == 403
    assert (await client.get("/console/reports", headers=HTML)).status_code == 403


async def test_the_report_across_fairs(client: httpx.AsyncClient, db: Any) -> None:
    first, second = await make_fair(), await make_fair()
    await make_deal(event_id=first.id, amount="100", stage=DealStage.SIGNED, contract_type=TransferMode.EQUITY)
    await make_deal(event_id=second.id, amount="200", stage=DealStage.SIGNED)
    await sign_in(client, "boss", role="organizer")
    page = await client.get("/console/reports", headers=HTML)
    assert page.status_code == 200
    assert "按对接会" in page.text
    assert "¥300.00" in page.text
    assert "作价入股" in page.text
    assert "/api/reports/export.xlsx" in page.text
    printable = await client.get("/console/reports/print", params={"from": "2026-01-01"}, headers=HTML)
    assert printable.status_code == 200
    assert "科技成果转化统计报告" in printable.text


async def test_participants_see_their_own_deals_in_the_portal(client: httpx.AsyncClient, db: Any) -> None:
    event, team, enterprise, meeting = await _fair()
    outsider = await make_registration(event_id=event.id, role="enterprise")
    await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(meeting_id=meeting.id, amount=Decimal("88"), stage=DealStage.NEGOTIATING),
        by=None,
    )
    mine = await client.get(f"/p/{enterprise.portal_token}", headers=HTML)
    assert mine.status_code == 200
    assert 'id="section-deals"' in mine.text
    assert "我的合作项目" in mine.text
    assert "¥88.00" in mine.text
    assert "清华大学" in mine.text  # the other party
    team_view = await client.get(f"/p/{team.portal_token}", headers=HTML)
    assert "东城精密制造有限公司" in team_view.text
    other = await client.get(f"/p/{outsider.portal_token}", headers=HTML)
    assert 'id="section-deals"' not in other.text
