"""The public registration page: Chinese first, messages next to the fields, confirmation and personal link."""

from __future__ import annotations

import re

import httpx

from events.tables import Registration
from tests.factories import make_fair
from tests.signup_helpers import credit_code, open_fair

HTML = {"accept": "text/html"}


def enterprise_fields(**changes: str) -> dict[str, str]:
    fields = {
        "role": "enterprise",
        "organization": "江城新能源物流有限公司",
        "credit_code": credit_code(),
        "district": "东湖高新区",
        "contact_name": "李经理",
        "phone": "13800138000",
        "demands-0-title": "电动物流车冬季续航下降",
        "demands-0-field": "new_energy_vehicles",
        "demands-0-summary": "冬天电池续航减半",
    }
    fields.update(changes)
    return fields


async def test_the_form_asks_each_role_its_questions_in_chinese_first(client: httpx.AsyncClient) -> None:
    event = await open_fair(slug="winter-fair")
    page = await client.get("/fairs/winter-fair/register", headers=HTML)
    assert page.status_code == 200
    assert "报名参会" in page.text
    assert "统一社会信用代码" in page.text
    assert 'name="demands-0-title"' in page.text
    assert 'name="available_slots" value="d1-0900" checked' in page.text
    team = await client.get("/fairs/winter-fair/register?role=team", headers=HTML)
    assert "实验室或课题组" in team.text
    assert 'name="achievements-0-maturity"' in team.text
    assert 'name="credit_code"' not in team.text
    english = await client.get("/fairs/winter-fair/register?role=team&lang=en", headers=HTML)
    assert "Lab or research group" in english.text
    assert event.slug in (await client.get("/fairs/winter-fair", headers=HTML)).text


async def test_problems_are_shown_next_to_their_fields(client: httpx.AsyncClient) -> None:
    await open_fair(slug="winter-fair")
    answer = await client.post(
        "/fairs/winter-fair/register",
        data=enterprise_fields(credit_code="91420100MA4KX12345", phone="", **{"demands-0-budget_low": "很多"}),
        headers=HTML,
    )
    assert answer.status_code == 400
    html = answer.text
    assert re.search(r'id="credit_code"[^>]*aria-invalid="true"', html)
    assert '<p class="field-error" id="credit_code-error">不是有效的统一社会信用代码' in html
    assert '<p class="field-error" id="phone-error">请填写此项。</p>' in html
    assert 'id="demands-0-budget_low-error">请填写以元为单位的金额' in html
    assert 'value="江城新能源物流有限公司"' in html  # what was typed is kept
    assert await Registration.count() == 0


async def test_a_registration_ends_on_its_confirmation_page_with_the_personal_link(
    client: httpx.AsyncClient,
) -> None:
    await open_fair(slug="winter-fair")
    fields = enterprise_fields()
    answer = await client.post("/fairs/winter-fair/register", data=fields, headers=HTML)
    assert answer.status_code == 303, answer.text
    registration = await Registration.objects().first()
    assert registration is not None
    assert answer.headers["location"] == f"/p/{registration.portal_token}/welcome"
    done = await client.get(answer.headers["location"], headers=HTML)
    assert done.status_code == 200
    assert "报名已提交" in done.text
    assert f"http://testserver/p/{registration.portal_token}" in done.text
    assert f"tf_portal={registration.portal_token}" in done.headers["set-cookie"]
    assert done.headers["referrer-policy"] == "no-referrer"
    me = (await client.get("/api/auth/me")).json()
    assert me["registration_id"] == registration.id


async def test_a_closed_fair_refuses_registrations(client: httpx.AsyncClient) -> None:
    await make_fair(slug="draft-fair")
    page = await client.get("/fairs/draft-fair/register", headers=HTML)
    assert "本届对接会尚未开放报名。" in page.text
    assert '<form method="post" action="/fairs/draft-fair/register"' not in page.text
    answer = await client.post("/fairs/draft-fair/register", data=enterprise_fields(), headers=HTML)
    assert answer.status_code == 409
    assert await Registration.count() == 0


async def test_organizers_set_capacities_and_window_in_the_console(
    organizer_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    event = await open_fair(slug="winter-fair")
    page = await organizer_client.get(f"/console/fairs/{event.id}/registration-settings", headers=HTML)
    assert page.status_code == 200
    assert "各类参会方名额" in page.text
    saved = await organizer_client.post(
        f"/console/fairs/{event.id}/registration-settings",
        data={
            "registration_opens_at": "2026-11-01T09:00",
            "registration_closes_at": "2026-11-30T18:00",
            "capacity-enterprise": "1",
            "capacity-team": "",
        },
    )
    assert saved.status_code == 303
    again = await organizer_client.get(f"/console/fairs/{event.id}/registration-settings", headers=HTML)
    assert 'value="2026-11-30T18:00"' in again.text
    assert (
        'id="capacity-enterprise" name="capacity-enterprise" type="number" min="0" max="100000" value="1"' in again.text
    )
    refused = await organizer_client.post(
        f"/console/fairs/{event.id}/registration-settings",
        data={"registration_opens_at": "2026-11-30T18:00", "registration_closes_at": "2026-11-01T09:00"},
        headers=HTML,
    )
    assert refused.status_code == 400
    assert 'id="registration_closes_at-error"' in refused.text
    anonymous = await client.get(f"/console/fairs/{event.id}/registration-settings", headers=HTML)
    assert anonymous.status_code == 303
