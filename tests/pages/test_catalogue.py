"""The catalogue pages, enquiries from them and in the portal, recommendations, and the console tabs."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import httpx

from events import catalogue
from events.tables import Enquiry, MeetingRequest
from events.vocabulary import Field, Maturity, TransferMode
from tests.factories import make_achievement, make_demand, make_organization, make_registration
from tests.signup_helpers import open_fair

HTML = {"accept": "text/html"}


async def _fair() -> dict[str, Any]:
    event = await open_fair(slug="winter-fair")
    university = await make_organization(kind="university", name="江城理工大学", district="洪山区")
    team = await make_registration(
        event_id=event.id, role="team", organization_id=university.id, team_name="先进电池材料课题组"
    )
    electrolyte = await make_achievement(
        organization_id=university.id,
        title="磷酸铁锂电池低温电解液",
        summary="零下30℃保持80%放电容量，解决电动车冬季续航下降。",
        keywords=("低温", "续航"),
        fields=(Field.NEW_ENERGY_VEHICLES,),
        maturity=Maturity.PILOT,
        transfer_modes=(TransferMode.LICENCE,),
        price_low=Decimal(500000),
        evaluator="江城技术评估中心",
        evaluated_value=Decimal(1200000),
    )
    await catalogue.present_achievement(event_id=event.id, achievement_id=electrolyte.id, registration_id=team.id)
    farm_school = await make_organization(kind="institute", name="江城农业科学院", district="江夏区")
    irrigation = await make_achievement(
        organization_id=farm_school.id,
        title="水肥一体化智能灌溉系统",
        fields=(Field.MODERN_AGRICULTURE,),
        maturity=Maturity.INDUSTRIALIZED,
    )
    await catalogue.present_achievement(event_id=event.id, achievement_id=irrigation.id)
    company = await make_organization(name="江城冷链物流有限公司")
    enterprise = await make_registration(event_id=event.id, role="enterprise", organization_id=company.id)
    vans = await make_demand(
        organization_id=company.id,
        title="电动冷藏车冬季续航下降",
        summary="冬季低温时电动车续航下降一半，需要低温电解液一类的低温电池技术。",
        fields=(Field.NEW_ENERGY_VEHICLES,),
    )
    await catalogue.bring_demand(event_id=event.id, demand_id=vans.id, registration_id=enterprise.id)
    drones = await make_demand(organization_id=company.id, title="仓库无人机盘点", fields=(Field.AEROSPACE,))
    await catalogue.bring_demand(event_id=event.id, demand_id=drones.id, registration_id=enterprise.id)
    return {
        "event": event,
        "team": team,
        "enterprise": enterprise,
        "electrolyte": electrolyte,
        "irrigation": irrigation,
        "vans": vans,
        "drones": drones,
    }


async def test_the_catalogue_lists_classifies_filters_and_searches_in_chinese(client: httpx.AsyncClient) -> None:
    fair = await _fair()
    listing = await client.get("/catalogue/achievements", headers=HTML)
    assert listing.status_code == 200
    assert "磷酸铁锂电池低温电解液" in listing.text
    assert re.search(r"新能源汽车 <span class=\"count\">1</span>", listing.text)
    searched = await client.get("/catalogue/achievements", params={"q": "低温电池"}, headers=HTML)
    assert "磷酸铁锂电池低温电解液" in searched.text
    assert "水肥一体化" not in searched.text
    assert "<mark>低温</mark>" in searched.text
    filtered = await client.get(
        "/catalogue/achievements", params={"maturity": "industrialized", "district": "江夏区"}, headers=HTML
    )
    assert "水肥一体化智能灌溉系统" in filtered.text
    assert "磷酸铁锂" not in filtered.text
    demands = await client.get("/catalogue/demands", params={"q": "续航"}, headers=HTML)
    assert "电动冷藏车冬季续航下降" in demands.text
    assert "仓库无人机盘点" not in demands.text
    english = await client.get("/catalogue/achievements", params={"lang": "en"}, headers=HTML)
    assert "Research achievements" in english.text
    assert fair["electrolyte"].id


async def test_an_item_page_shows_its_evaluation_fairs_and_matches_with_reasons(client: httpx.AsyncClient) -> None:
    fair = await _fair()
    page = await client.get(f"/catalogue/achievements/{fair['electrolyte'].id}", headers=HTML)
    assert page.status_code == 200
    assert "江城技术评估中心 · ¥1,200,000.00" in page.text
    assert "测试对接会" in page.text  # presented at the fair
    assert "电动冷藏车冬季续航下降" in page.text  # the enterprise most likely to want it
    assert "同属领域：新能源汽车" in page.text
    assert "打开您的专属链接" in page.text  # anonymous visitors are told how to enquire
    demand = await client.get(f"/catalogue/demands/{fair['vans'].id}", headers=HTML)
    assert "磷酸铁锂电池低温电解液" in demand.text
    assert (await client.get("/catalogue/achievements/4242", headers=HTML)).status_code == 404


async def test_a_participant_enquires_from_the_catalogue_and_the_team_answers_in_its_portal(
    client: httpx.AsyncClient,
) -> None:
    fair = await _fair()
    portal = await client.get(f"/p/{fair['enterprise'].portal_token}", headers=HTML)
    assert portal.status_code == 200
    page = await client.get(f"/catalogue/achievements/{fair['electrolyte'].id}", headers=HTML)
    assert 'action="/catalogue/achievements/' in page.text
    csrf = client.cookies["csrftoken"]
    sent = await client.post(
        f"/catalogue/achievements/{fair['electrolyte'].id}/enquiry",
        data={"message": "低温循环寿命如何？", "_csrf_token": csrf},
        headers=HTML,
    )
    assert sent.status_code == 303
    assert sent.headers["location"].endswith("?sent=1#enquiry")
    enquiry = await Enquiry.objects().first()
    assert enquiry is not None
    assert enquiry.recipient == fair["team"].id

    team_portal = await client.get(f"/p/{fair['team'].portal_token}", headers=HTML)
    assert "低温循环寿命如何？" in team_portal.text
    assert "线上咨询" in team_portal.text
    answered = await client.post(
        f"/p/{fair['team'].portal_token}/enquiries/{enquiry.id}/reply",
        data={"message": "可循环2000次。", "_csrf_token": client.cookies["csrftoken"]},
    )
    assert answered.status_code == 303
    assert "done=replied" in answered.headers["location"]
    requested = await client.post(
        f"/p/{fair['enterprise'].portal_token}/enquiries/{enquiry.id}/meeting-request",
        data={"_csrf_token": client.cookies["csrftoken"]},
    )
    assert requested.status_code == 303
    assert "done=requested" in requested.headers["location"]
    request = await MeetingRequest.objects().first()
    assert request is not None
    assert (request.requester, request.recipient) == (fair["enterprise"].id, fair["team"].id)
    again = await client.get(f"/p/{fair['enterprise'].portal_token}", headers=HTML)
    assert "可循环2000次。" in again.text
    assert "已申请洽谈" in again.text


async def test_enterprises_see_recommended_teams_when_planning_meetings(client: httpx.AsyncClient) -> None:
    fair = await _fair()
    page = await client.get(f"/p/{fair['enterprise'].portal_token}", headers=HTML)
    section = page.text[page.text.index('id="section-recommendations"') :]
    section = section[: section.index("</section>")]
    assert "江城理工大学" in section
    assert "磷酸铁锂电池低温电解液" in section
    assert f'name="recipient_id" value="{fair["team"].id}"' in section
    team_page = await client.get(f"/p/{fair['team'].portal_token}", headers=HTML)
    assert "电动冷藏车冬季续航下降" in team_page.text


async def test_organizers_see_enquiry_counts_and_demands_without_a_good_match(
    organizer_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    fair = await _fair()
    answer = await client.post(
        "/api/me/enquiries",
        json={"achievement_id": fair["electrolyte"].id, "message": "请介绍"},
        headers={"X-Participant-Token": fair["enterprise"].portal_token},
    )
    assert answer.status_code == 201
    counts = await organizer_client.get(f"/console/fairs/{fair['event'].id}/enquiries", headers=HTML)
    assert counts.status_code == 200
    assert re.search(r"磷酸铁锂电池低温电解液</a></td><td>江城理工大学</td>\s*<td>科技成果</td><td>1</td>", counts.text)
    matching = await organizer_client.get(f"/console/fairs/{fair['event'].id}/matching", headers=HTML)
    assert matching.status_code == 200
    # weakest first: the drone demand has no answer at this fair, the vans' best answer is the electrolyte
    text = matching.text
    assert "暂无良好匹配的需求" in text
    assert text.index("仓库无人机盘点") < text.index("电动冷藏车冬季续航下降")
    vans_row = text[text.index("电动冷藏车冬季续航下降") :]
    assert vans_row.index("磷酸铁锂电池低温电解液") < vans_row.index("</tr>")
    assert (await client.get(f"/console/fairs/{fair['event'].id}/matching", headers=HTML)).status_code == 303
