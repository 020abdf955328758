"""Check-in pages: the ticket page a QR opens, QR images, badges, the console's scanner, arrivals and badges."""

from __future__ import annotations

import io
import re

import httpx
import zxingcpp
from PIL import Image

from events import accounts
from events.checkin import service, tickets
from events.tables import CheckIn, Scan
from tests.checkin.helpers import make_meeting
from tests.factories import make_fair, make_registration, make_user
from tests.pages.helpers import HTML, csrf_field, sign_in


async def test_anyone_with_the_ticket_sees_it_and_the_agenda_but_no_check_in(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id, person_name="赵敏")
    team = await make_registration(event_id=fair.id, role="team", team_name="光电实验室")
    await make_meeting(event_id=fair.id, a=person, b=team, slot_index=1, table_index=2)
    ticket = await tickets.issue_ticket(registration_id=person.id)

    page = await client.get(f"/t/{ticket.token}", headers=HTML)
    assert page.status_code == 200
    assert "赵敏" in page.text
    assert f'src="/t/{ticket.token}/qr.svg"' in page.text
    assert "T03" in page.text
    assert "光电实验室" in page.text
    assert f'action="/t/{ticket.token}/checkin"' not in page.text  # no Check-in button for the public
    assert page.headers["referrer-policy"] == "no-referrer"


async def test_qr_images_encode_the_ticket_url(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    png = await client.get(f"/t/{ticket.token}/qr.png")
    assert png.headers["content-type"] == "image/png"
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))]
    assert decoded == [f"http://testserver/t/{ticket.token}"]
    svg = await client.get(f"/t/{ticket.token}/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg")


async def test_a_revoked_or_unknown_ticket_page_is_refused(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    old = await tickets.issue_ticket(registration_id=person.id)
    await tickets.reissue_ticket(registration_id=person.id)
    assert (await client.get(f"/t/{old.token}", headers=HTML)).status_code == 410
    assert (await client.get(f"/t/{old.token}/qr.png")).status_code == 410
    assert (await client.get("/t/NOTATICKET", headers=HTML)).status_code == 404


async def test_staff_of_the_fair_see_who_and_check_in_with_the_button(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    await make_user(username="gatekeeper", role="staff")
    await accounts.assign_staff(event_id=fair.id, username="gatekeeper")
    person = await make_registration(event_id=fair.id, person_name="周芷若")
    ticket = await tickets.issue_ticket(registration_id=person.id)
    await sign_in(client, "gatekeeper")

    page = await client.get(f"/t/{ticket.token}", headers=HTML)
    assert f'action="/t/{ticket.token}/checkin"' in page.text
    assert "13800138000" in page.text  # staff see the phone number to confirm who it is
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page.text)[1]  # type: ignore[index]
    form = {"_csrf_token": csrf_field(page.text), "nonce": nonce, "gate": "南门"}
    done = await client.post(f"/t/{ticket.token}/checkin", data=form)
    assert done.status_code == 303
    assert done.headers["location"] == f"/t/{ticket.token}?done=checked_in"
    again = await client.post(f"/t/{ticket.token}/checkin", data=form)  # a double submit: same nonce
    assert again.headers["location"] == f"/t/{ticket.token}?done=checked_in"
    assert (await CheckIn.count(), await Scan.count()) == (1, 1)
    after = await client.get(f"/t/{ticket.token}?done=checked_in", headers=HTML)
    assert "南门" in after.text
    assert f'action="/t/{ticket.token}/checkin"' not in after.text


async def test_staff_of_another_fair_get_no_button(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    other = await make_fair()
    await make_user(username="elsewhere", role="staff")
    await accounts.assign_staff(event_id=other.id, username="elsewhere")
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    token = await sign_in(client, "elsewhere")
    page = await client.get(f"/t/{ticket.token}", headers=HTML)
    assert f'action="/t/{ticket.token}/checkin"' not in page.text
    refused = await client.post(f"/t/{ticket.token}/checkin", data={"_csrf_token": token, "nonce": "x" * 16})
    assert refused.status_code == 303
    assert refused.headers["location"].startswith("/login")
    assert await CheckIn.count() == 0


async def test_badge_and_badge_sheets(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    await make_user(username="boss", role="organizer")
    people = [await make_registration(event_id=fair.id, person_name=f"参会者{i}") for i in range(10)]
    ticket = await tickets.issue_ticket(registration_id=people[0].id)
    badge = await client.get(f"/t/{ticket.token}/badge", headers=HTML)
    assert badge.status_code == 200
    assert badge.text.count('class="badge"') == 1
    assert "<svg" in badge.text

    await sign_in(client, "boss")
    sheets = await client.get(f"/console/fairs/{fair.id}/badges", headers=HTML)
    assert sheets.status_code == 200
    assert sheets.text.count('class="badge"') == 10
    assert sheets.text.count('class="badge-sheet"') == 2  # eight per A4 sheet
    assert all(f"参会者{i}" in sheets.text for i in range(10))


async def test_console_tabs_scanner_and_arrivals(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    await sign_in(client, "boss", role="organizer")
    scanner = await client.get(f"/console/fairs/{fair.id}/checkin", headers=HTML)
    assert scanner.status_code == 200
    assert 'src="/static/js/checkin.js"' in scanner.text
    assert 'id="scan-input"' in scanner.text
    assert f'href="/console/fairs/{fair.id}/arrivals"' in scanner.text
    arrivals = await client.get(f"/console/fairs/{fair.id}/arrivals", headers=HTML)
    assert arrivals.status_code == 200
    assert 'id="live-chart"' in arrivals.text
    assert arrivals.text.count("<tr><td>") >= 3  # one row per slot


async def test_staff_see_the_scanner_but_not_the_organizer_tabs(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    await make_user(username="gatekeeper", role="staff")
    await accounts.assign_staff(event_id=fair.id, username="gatekeeper")
    await sign_in(client, "gatekeeper")
    scanner = await client.get(f"/console/fairs/{fair.id}/checkin", headers=HTML)
    assert scanner.status_code == 200
    assert f'href="/console/fairs/{fair.id}/arrivals"' not in scanner.text
    assert (await client.get(f"/console/fairs/{fair.id}/arrivals", headers=HTML)).status_code == 403


async def test_the_portal_shows_the_ticket(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    pending = await make_registration(event_id=fair.id, status="pending")
    page = await client.get(f"/p/{person.portal_token}", headers=HTML)
    assert page.status_code == 200
    ticket = await tickets.live_ticket(registration_id=person.id)
    assert ticket is not None
    assert f'href="/t/{ticket.token}"' in page.text
    other = await client.get(f"/p/{pending.portal_token}", headers=HTML)
    assert "/t/" not in other.text


async def test_an_organizer_reissues_a_ticket_from_its_page(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    await make_user(username="boss", role="organizer")
    person = await make_registration(event_id=fair.id)
    old = await tickets.issue_ticket(registration_id=person.id)
    await sign_in(client, "boss")
    page = await client.get(f"/t/{old.token}", headers=HTML)
    assert f'action="/t/{old.token}/reissue"' in page.text
    response = await client.post(f"/t/{old.token}/reissue", data={"_csrf_token": csrf_field(page.text)})
    assert response.status_code == 303
    new = await tickets.live_ticket(registration_id=person.id)
    assert new is not None
    assert new.token != old.token
    assert response.headers["location"] == f"/t/{new.token}?done=reissued"
    assert (await client.get(f"/t/{old.token}", headers=HTML)).status_code == 410


async def test_staff_may_not_reissue(client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    await make_user(username="gatekeeper", role="staff")
    await accounts.assign_staff(event_id=fair.id, username="gatekeeper")
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    token = await sign_in(client, "gatekeeper")
    page = await client.get(f"/t/{ticket.token}", headers=HTML)
    assert "/reissue" not in page.text
    refused = await client.post(f"/t/{ticket.token}/reissue", data={"_csrf_token": token})
    assert refused.status_code == 403
    assert await tickets.live_ticket(registration_id=person.id) == ticket


async def test_a_table_scan_is_named_in_the_pages_language(client: httpx.AsyncClient) -> None:
    """The scan list, the per-gate counts and the ticket say 'T02 号桌' / 'Table T02', never the stored 'table T02'."""
    fair = await make_fair()
    company = await make_registration(event_id=fair.id, person_name="陈静")
    team = await make_registration(event_id=fair.id, role="team")
    await make_meeting(event_id=fair.id, a=company, b=team, slot_index=0, table_index=1)
    ticket = await tickets.issue_ticket(registration_id=company.id)
    await service.check_in_at_table(
        event_id=fair.id, table="T02", slot="d1-0900", registration_id=company.id, nonce="table-scan-0001"
    )
    await sign_in(client, "boss", role="organizer")

    chinese = await client.get(f"/console/fairs/{fair.id}/arrivals", headers=HTML)
    english = await client.get(f"/console/fairs/{fair.id}/arrivals", params={"lang": "en"}, headers=HTML)
    ticket_page = await client.get(f"/t/{ticket.token}", headers=HTML)
    scanner = await client.get(f"/console/fairs/{fair.id}/checkin", headers=HTML)

    assert (await Scan.select(Scan.gate).first()) == {"gate": "table T02"}  # stored as it always was
    assert re.findall(r'<ol id="live-recent" class="scan-list">\s*<li>[0-9:]+ · ([^<]*)</li>', chinese.text) == [
        "T02 号桌 · 洽谈桌签到成功 · 陈静"
    ]
    assert "<tr><td>T02 号桌</td><td>1</td></tr>" in chinese.text  # per gate
    assert "<tr><td>Table T02</td><td>1</td></tr>" in english.text
    assert "table T02" not in chinese.text + english.text
    assert "· T02 号桌" in ticket_page.text
    assert '"table_place": "%(table)s 号桌"' in chinese.text  # for checkin-live.js
    assert '"table_place": "%(table)s 号桌"' in scanner.text  # for checkin.js
