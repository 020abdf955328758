"""Online enquiries through the API: ask, answer, continue, turn into a meeting request, count per fair."""

from __future__ import annotations

from typing import Any

import httpx

from events import catalogue
from events.tables import Enquiry, MeetingRequest
from events.vocabulary import Field
from tests.factories import make_achievement, make_demand, make_organization, make_registration
from tests.signup_helpers import open_fair


def participant(token: str) -> dict[str, str]:
    return {"X-Participant-Token": token}


async def _fair() -> dict[str, Any]:
    event = await open_fair()
    university = await make_organization(kind="university", name="江城理工大学")
    team = await make_registration(
        event_id=event.id, role="team", organization_id=university.id, team_name="先进电池材料课题组"
    )
    achievement = await make_achievement(
        organization_id=university.id, title="磷酸铁锂电池低温电解液", fields=(Field.NEW_ENERGY_VEHICLES,)
    )
    await catalogue.present_achievement(event_id=event.id, achievement_id=achievement.id, registration_id=team.id)
    company = await make_organization(name="江城冷链物流有限公司")
    enterprise = await make_registration(event_id=event.id, role="enterprise", organization_id=company.id)
    demand = await make_demand(organization_id=company.id, title="冷藏车冬季续航下降")
    await catalogue.bring_demand(event_id=event.id, demand_id=demand.id, registration_id=enterprise.id)
    outsider = await make_registration(event_id=event.id, role="enterprise")
    return {
        "event": event,
        "team": team,
        "enterprise": enterprise,
        "outsider": outsider,
        "achievement": achievement,
        "demand": demand,
    }


async def test_an_enquiry_reaches_the_team_that_presents_the_achievement(client: httpx.AsyncClient) -> None:
    fair = await _fair()
    sent = await client.post(
        "/api/me/enquiries",
        json={"achievement_id": fair["achievement"].id, "message": "低温下的循环寿命如何？"},
        headers=participant(fair["enterprise"].portal_token),
    )
    assert sent.status_code == 201, sent.text
    thread = sent.json()
    assert (thread["status"], thread["side"], thread["subject"]) == ("open", "sender", "磷酸铁锂电池低温电解液")
    assert thread["owner"] == "江城理工大学"
    assert thread["sender"] == "江城冷链物流有限公司"
    assert [m["body"] for m in thread["messages"]] == ["低温下的循环寿命如何？"]
    stored = await Enquiry.objects().where(Enquiry.id == thread["id"]).first()
    assert stored is not None
    assert stored.recipient == fair["team"].id

    team = participant(fair["team"].portal_token)
    inbox = (await client.get("/api/me/enquiries", headers=team)).json()
    assert [t["id"] for t in inbox["received"]] == [thread["id"]]
    assert inbox["sent"] == []
    answered = await client.post(
        f"/api/me/enquiries/{thread['id']}/messages", json={"message": "可循环2000次以上。"}, headers=team
    )
    assert answered.status_code == 201, answered.text
    assert answered.json()["status"] == "answered"
    assert answered.json()["messages"][1] | {"created_at": None, "id": None} == {
        "id": None,
        "from_owner": True,
        "author": "江城理工大学",
        "body": "可循环2000次以上。",
        "created_at": None,
    }

    again = await client.post(
        "/api/me/enquiries",
        json={"achievement_id": fair["achievement"].id, "message": "价格可以商量吗？"},
        headers=participant(fair["enterprise"].portal_token),
    )
    assert again.json()["id"] == thread["id"]
    assert again.json()["status"] == "open"
    assert len(again.json()["messages"]) == 3


async def test_a_thread_becomes_a_meeting_request_with_one_click(client: httpx.AsyncClient) -> None:
    fair = await _fair()
    mine = participant(fair["enterprise"].portal_token)
    thread = (
        await client.post(
            "/api/me/enquiries", json={"achievement_id": fair["achievement"].id, "message": "想约见面谈"}, headers=mine
        )
    ).json()
    made = await client.post(f"/api/me/enquiries/{thread['id']}/meeting-request", json={}, headers=mine)
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "pending"
    request = await MeetingRequest.objects().where(MeetingRequest.id == made.json()["request_id"]).first()
    assert request is not None
    assert (request.requester, request.recipient, request.achievement) == (
        fair["enterprise"].id,
        fair["team"].id,
        fair["achievement"].id,
    )
    assert request.message == "线上咨询：磷酸铁锂电池低温电解液"
    twice = await client.post(f"/api/me/enquiries/{thread['id']}/meeting-request", json={}, headers=mine)
    assert twice.json()["request_id"] == request.id
    assert await MeetingRequest.count() == 1
    assert (await client.get(f"/api/me/enquiries/{thread['id']}", headers=mine)).json()["status"] == (
        "meeting_requested"
    )


async def test_a_team_asks_about_a_demand_and_the_enterprise_answers(client: httpx.AsyncClient) -> None:
    fair = await _fair()
    thread = (
        await client.post(
            "/api/me/enquiries",
            json={"demand_id": fair["demand"].id, "message": "我们的低温电解液可以解决。"},
            headers=participant(fair["team"].portal_token),
        )
    ).json()
    enterprise = participant(fair["enterprise"].portal_token)
    assert [t["id"] for t in (await client.get("/api/me/enquiries", headers=enterprise)).json()["received"]] == [
        thread["id"]
    ]
    made = await client.post(f"/api/me/enquiries/{thread['id']}/meeting-request", json={}, headers=enterprise)
    assert made.status_code == 201, made.text
    request = await MeetingRequest.objects().where(MeetingRequest.id == made.json()["request_id"]).first()
    assert request is not None
    assert (request.requester, request.recipient, request.demand) == (
        fair["enterprise"].id,
        fair["team"].id,
        fair["demand"].id,
    )


async def test_only_the_two_sides_see_a_thread(client: httpx.AsyncClient, organizer_client: httpx.AsyncClient) -> None:
    fair = await _fair()
    thread = (
        await client.post(
            "/api/me/enquiries",
            json={"achievement_id": fair["achievement"].id, "message": "请问报价？"},
            headers=participant(fair["enterprise"].portal_token),
        )
    ).json()
    outsider = participant(fair["outsider"].portal_token)
    read = await client.get(f"/api/me/enquiries/{thread['id']}", headers=outsider)
    assert (read.status_code, read.json()["code"]) == (403, "not_party")
    written = await client.post(
        f"/api/me/enquiries/{thread['id']}/messages", json={"message": "我也想问"}, headers=outsider
    )
    assert written.status_code == 403
    assert (await client.get("/api/me/enquiries")).status_code == 401
    anonymous = await client.post("/api/me/enquiries", json={"achievement_id": fair["achievement"].id, "message": "?"})
    assert anonymous.status_code == 401
    own = await client.post(
        "/api/me/enquiries",
        json={"achievement_id": fair["achievement"].id, "message": "自己问自己"},
        headers=participant(fair["team"].portal_token),
    )
    assert (own.status_code, own.json()["code"]) == (409, "own_item")
    unknown = await client.post("/api/me/enquiries", json={"achievement_id": 4242, "message": "?"}, headers=outsider)
    assert unknown.status_code == 404
    both = await client.post(
        "/api/me/enquiries",
        json={"achievement_id": fair["achievement"].id, "demand_id": fair["demand"].id, "message": "?"},
        headers=outsider,
    )
    assert (both.status_code, both.json()["code"]) == (400, "one_item")
    assert (await organizer_client.get(f"/api/me/enquiries/{thread['id']}")).status_code == 401


async def test_organizers_see_the_most_asked_about_achievements(
    client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    fair = await _fair()
    other = await make_achievement(title="电池极片视觉检测", fields=(Field.INTELLIGENT_MANUFACTURING,))
    for registration, achievement in (
        (fair["enterprise"], fair["achievement"]),
        (fair["outsider"], fair["achievement"]),
        (fair["outsider"], other),
    ):
        answer = await client.post(
            "/api/me/enquiries",
            json={"achievement_id": achievement.id, "message": "请介绍一下"},
            headers=participant(registration.portal_token),
        )
        assert answer.status_code == 201
    counts = await organizer_client.get(f"/api/events/{fair['event'].id}/enquiry-counts")
    assert counts.status_code == 200
    assert [(c["item_id"], c["enquiries"]) for c in counts.json()] == [(fair["achievement"].id, 2), (other.id, 1)]
    assert counts.json()[0]["owner"] == "江城理工大学"
    assert (await client.get(f"/api/events/{fair['event'].id}/enquiry-counts")).status_code == 401
    as_participant = await client.get(
        f"/api/events/{fair['event'].id}/enquiry-counts", headers=participant(fair["team"].portal_token)
    )
    assert as_participant.status_code == 401
