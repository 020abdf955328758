"""The deals API: staff of the fair log and change deals, organizers see everything, participants their own;
the history is read-only."""

from __future__ import annotations

import httpx
import pytest

from events.accounts import assign_staff
from events.tables import Deal, DealChange
from events.vocabulary import DealStage, TransferMode
from tests.deals_support import make_deal, make_meeting, make_team_with_achievement
from tests.factories import make_fair, make_registration


async def _fair_with_meeting() -> tuple[object, object, object, object]:
    event = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    enterprise = await make_registration(event_id=event.id, role="enterprise")
    meeting = await make_meeting(event_id=event.id, team=team, enterprise=enterprise, achievement_id=achievement.id)
    return event, team, enterprise, meeting


async def test_staff_of_the_fair_log_a_deal_from_a_held_meeting(staff_client: httpx.AsyncClient) -> None:
    event, team, enterprise, meeting = await _fair_with_meeting()
    await assign_staff(event_id=event.id, username="staff")

    response = await staff_client.post(
        f"/api/events/{event.id}/deals", json={"meeting_id": meeting.id, "amount": "1250000.00", "stage": "signed"}
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["event"]["id"] == event.id
    assert body["meeting_id"] == meeting.id
    assert body["team_organization"]["id"] == team.organization
    assert body["enterprise"]["id"] == enterprise.organization
    assert body["contract_type"] == "licence"
    assert body["amount"] == "1250000.00"
    assert body["amount_fen"] == 125_000_000
    assert body["stage"] == "signed"
    assert body["signed_on"] == body["intent_on"]
    assert body["created_by"] == "staff"


async def test_the_form_defaults_come_from_the_meeting(staff_client: httpx.AsyncClient) -> None:
    event, team, enterprise, meeting = await _fair_with_meeting()
    await assign_staff(event_id=event.id, username="staff")
    response = await staff_client.get(f"/api/events/{event.id}/deals/defaults", params={"meeting_id": meeting.id})
    assert response.status_code == 200
    body = response.json()
    assert body["team_organization"]["id"] == team.organization
    assert body["enterprise"]["id"] == enterprise.organization
    assert body["contract_type"] == "licence"
    assert body["meeting_status"] == "held"


async def test_amounts_are_exact_decimals_in_and_out(organizer_client: httpx.AsyncClient) -> None:
    event, _, _, meeting = await _fair_with_meeting()
    path = f"/api/events/{event.id}/deals"
    as_number = await organizer_client.post(path, json={"meeting_id": meeting.id, "amount": 99999999.99})
    assert as_number.status_code == 201
    assert as_number.json()["amount"] == "99999999.99"
    assert as_number.json()["amount_fen"] == 9_999_999_999
    as_text = await organizer_client.post(path, json={"meeting_id": meeting.id, "amount": "0.01"})
    assert as_text.json()["amount_fen"] == 1
    refused = await organizer_client.post(path, json={"meeting_id": meeting.id, "amount": "1.001"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "too_many_decimals"


async def test_who_may_log_a_deal(client: httpx.AsyncClient, staff_client: httpx.AsyncClient) -> None:
    event, _, _, meeting = await _fair_with_meeting()
    path = f"/api/events/{event.id}/deals"
    anonymous = await client.post(path, json={"meeting_id": meeting.id})
    assert anonymous.status_code == 401
    not_assigned = await staff_client.post(path, json={"meeting_id": meeting.id})
    assert not_assigned.status_code == 403
    assert not_assigned.json()["code"] == "not_staff_of_event"


async def test_a_deal_with_an_unknown_key_is_refused_by_name(staff_client: httpx.AsyncClient) -> None:
    event, _, _, meeting = await _fair_with_meeting()
    await assign_staff(event_id=event.id, username="staff")
    deal = await make_deal(event_id=event.id, amount="100")

    created = await staff_client.post(
        f"/api/events/{event.id}/deals", json={"meeting_id": meeting.id, "amount_yuan": "1250000.00"}
    )
    patched = await staff_client.patch(f"/api/deals/{deal.id}", json={"stage": "signed", "signed_on": "2026-12-10"})

    assert (created.status_code, created.json()["code"], created.json()["field"]) == (
        400,
        "unknown_field",
        "amount_yuan",
    )
    assert created.json()["message"] == "data: Object contains unknown field `amount_yuan`"
    assert (patched.status_code, patched.json()["code"], patched.json()["field"]) == (400, "unknown_field", "signed_on")
    assert patched.json()["message"] == "data: Object contains unknown field `signed_on`"
    assert await Deal.count() == 1
    assert await DealChange.count() == 1


async def test_stage_changes_through_patch(
    staff_client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    event = await make_fair()
    await assign_staff(event_id=event.id, username="staff")
    deal = await make_deal(event_id=event.id, amount="100")
    path = f"/api/deals/{deal.id}"

    negotiating = await staff_client.patch(path, json={"stage": "negotiating", "stage_on": "2026-12-03"})
    assert negotiating.status_code == 200, negotiating.text
    signed = await staff_client.patch(
        path, json={"stage": "signed", "stage_on": "2026-12-10", "registration_number": "2026110101000321"}
    )
    assert signed.json()["signed_on"] == "2026-12-10"
    assert signed.json()["registration_number"] == "2026110101000321"
    backwards = await staff_client.patch(path, json={"stage": "intent"})
    assert backwards.status_code == 409
    assert backwards.json()["code"] == "stage_backwards"
    staff_correction = await staff_client.patch(path, json={"stage": "negotiating", "correction": True})
    assert staff_correction.status_code == 403
    corrected = await organizer_client.patch(
        path, json={"stage": "negotiating", "stage_on": "2026-12-03", "correction": True, "registration_number": ""}
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["signed_on"] is None

    history = (await staff_client.get(f"{path}/history")).json()
    assert [sorted(entry["changes"]) for entry in history[1:]] == [
        ["negotiating_on", "stage"],
        ["registration_number", "signed_on", "stage"],
        ["registration_number", "signed_on", "stage"],
    ]
    assert [entry["changed_by"] for entry in history] == ["", "staff", "staff", "organizer"]


async def test_staff_cannot_change_deals_of_other_fairs(staff_client: httpx.AsyncClient) -> None:
    ours, theirs = await make_fair(), await make_fair()
    await assign_staff(event_id=ours.id, username="staff")
    deal = await make_deal(event_id=theirs.id)
    no_fair = await make_deal(event_id=None)
    for target in (deal, no_fair):
        response = await staff_client.patch(f"/api/deals/{target.id}", json={"note": "x"})
        assert response.status_code == 403
    assert (await staff_client.get(f"/api/deals/{deal.id}")).status_code == 403


async def test_who_sees_which_deals(
    app: object, client: httpx.AsyncClient, staff_client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    event, team, enterprise, meeting = await _fair_with_meeting()
    other = await make_fair()
    await assign_staff(event_id=event.id, username="staff")
    ours = (await organizer_client.post(f"/api/events/{event.id}/deals", json={"meeting_id": meeting.id})).json()
    same_fair = await make_deal(event_id=event.id)
    elsewhere = await make_deal(event_id=other.id)

    assert (await client.get("/api/deals")).status_code == 401
    everyone = (await organizer_client.get("/api/deals")).json()
    assert {item["id"] for item in everyone["items"]} == {ours["id"], same_fair.id, elsewhere.id}
    staff_view = (await staff_client.get("/api/deals")).json()
    assert {item["id"] for item in staff_view["items"]} == {ours["id"], same_fair.id}
    fair_view = (await staff_client.get(f"/api/events/{event.id}/deals")).json()
    assert [item["id"] for item in fair_view["items"]] == [same_fair.id, ours["id"]]
    assert (await staff_client.get(f"/api/events/{other.id}/deals")).status_code == 403

    for registration in (team, enterprise):
        headers = {"X-Participant-Token": registration.portal_token}
        mine = await client.get("/api/deals", headers=headers)
        assert mine.status_code == 200
        assert [item["id"] for item in mine.json()["items"]] == [ours["id"]]
        assert (await client.get(f"/api/deals/{ours['id']}", headers=headers)).status_code == 200
        assert (await client.get(f"/api/deals/{ours['id']}/history", headers=headers)).status_code == 200
        refused = await client.get(f"/api/deals/{same_fair.id}", headers=headers)
        assert refused.status_code == 403
        assert refused.json()["code"] == "not_party_to_deal"
        assert (await client.patch(f"/api/deals/{ours['id']}", json={"note": "x"}, headers=headers)).status_code == 403


async def test_the_list_filters(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair()
    signed = await make_deal(event_id=event.id, stage=DealStage.SIGNED, contract_type=TransferMode.LICENCE)
    await make_deal(event_id=event.id)
    response = await organizer_client.get(
        "/api/deals", params={"event_id": event.id, "stage": "signed", "contract_type": "licence"}
    )
    assert [item["id"] for item in response.json()["items"]] == [signed.id]
    bad = await organizer_client.get("/api/deals", params={"stage": "won"})
    assert bad.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
async def test_no_route_edits_or_deletes_the_history(organizer_client: httpx.AsyncClient, method: str) -> None:
    deal = await make_deal(event_id=None, amount="1")
    before = (await organizer_client.get(f"/api/deals/{deal.id}/history")).json()
    response = await organizer_client.request(method, f"/api/deals/{deal.id}/history", json={"changes": {}})
    assert response.status_code == 405
    change_id = before[0]["id"]
    for path in (f"/api/deals/{deal.id}/history/{change_id}", f"/api/deal-changes/{change_id}"):
        assert (await organizer_client.request(method, path, json={})).status_code in (404, 405)
    assert (await organizer_client.delete(f"/api/deals/{deal.id}")).status_code == 405
    assert (await organizer_client.get(f"/api/deals/{deal.id}/history")).json() == before
    assert await DealChange.count() == 1
