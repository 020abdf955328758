"""The audit log: check-ins, schedule publications and deal changes are recorded with who and when; organizers
read it; nobody rewrites it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from events import audit
from events.accounts import assign_staff, create_api_token
from events.checkin import tickets
from events.database import current_engine, write_transaction
from events.tables import AuditEntry, CheckIn
from tests.conftest import bearer_client
from tests.deals_support import make_deal
from tests.factories import make_fair, make_organization, make_registration, make_user
from tests.schedule_helpers import busy_fair, run_to_end


async def _entries(**filters: Any) -> list[dict[str, Any]]:
    query = AuditEntry.select().order_by(AuditEntry.id).output(load_json=True)
    for name, value in filters.items():
        query = query.where(getattr(AuditEntry, name) == value)
    return list(await query)


async def test_a_gate_check_in_is_recorded_with_who_when_and_where(app: Any) -> None:
    event = await make_fair()
    staff = await make_user(username="gate-wang", role="staff")
    await assign_staff(event_id=event.id, username=staff.username)
    person = await make_registration(event_id=event.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    async with await bearer_client(app, await create_api_token(username="gate-wang", name="gate")) as gate:
        scans = [
            await gate.post(
                f"/api/events/{event.id}/checkins", json={"token": ticket.token, "gate": "东门", "nonce": f"n-{n:08d}"}
            )
            for n in range(3)
        ]
    assert [s.status_code for s in scans] == [201, 200, 200]
    entries = await _entries(action="check_in")
    assert len(entries) == 1  # scanned three times, checked in once
    entry = entries[0]
    assert (entry["event"], entry["actor_id"], entry["actor"]) == (event.id, staff.id, "gate-wang")
    assert (entry["object_kind"], entry["object_id"]) == ("registration", person.id)
    assert entry["details"] == {"gate": "东门", "ticket": ticket.id}
    check_in = await CheckIn.select(CheckIn.created_at).first()
    assert check_in is not None
    assert entry["at"] == check_in["created_at"]


async def test_deals_logged_and_changed_are_recorded_with_their_changes(staff_client: httpx.AsyncClient) -> None:
    event = await make_fair()
    await assign_staff(event_id=event.id, username="staff")
    deal = await make_deal(event_id=event.id, amount="120000.50")
    changed = await staff_client.patch(f"/api/deals/{deal.id}", json={"stage": "negotiating"})
    assert changed.status_code == 200, changed.text
    entries = await _entries(object_kind="deal")
    assert [e["action"] for e in entries] == ["deal_logged", "deal_changed"]
    assert {e["object_id"] for e in entries} == {deal.id}
    assert {e["event"] for e in entries} == {event.id}
    assert (entries[0]["actor_id"], entries[0]["actor"]) == (None, "")  # logged by code, not by a user
    assert entries[1]["actor"] == "staff"
    assert entries[1]["details"]["stage"] == "negotiating"
    assert entries[1]["details"]["changes"]["stage"] == ["intent", "negotiating"]


async def test_a_publication_is_recorded_with_its_publisher_and_counts(organizer_client: httpx.AsyncClient) -> None:
    fair = await busy_fair(teams=2, enterprises=3)
    run = await run_to_end(fair.event.id)
    published = await organizer_client.post(f"/api/events/{fair.event.id}/schedule-runs/{run.id}/publish")
    assert published.status_code == 200, published.text
    [entry] = await _entries(action="schedule_published")
    assert (entry["event"], entry["actor"], entry["object_kind"], entry["object_id"]) == (
        fair.event.id,
        "organizer",
        "schedule_run",
        run.id,
    )
    applied = published.json()
    assert entry["details"]["added"] == applied["added"] == 6
    assert entry["details"]["cancelled"] == 0


async def test_an_undone_change_leaves_no_entry() -> None:
    event = await make_fair()
    person = await make_registration(event_id=event.id)

    async def check_in_then_fail() -> None:
        async with write_transaction():
            await CheckIn(event=event.id, registration=person.id, gate="东门").save()
            raise RuntimeError("the rest of the change failed")

    with pytest.raises(RuntimeError):
        await check_in_then_fail()
    assert await AuditEntry.count() == 0
    assert await CheckIn.count() == 0


async def test_entries_can_be_neither_changed_nor_deleted() -> None:
    with audit.acting_as(user_id=None, name="tester"):
        await audit.record(
            action=audit.AuditAction.SCHEDULE_PUBLISHED,
            event_id=None,
            object_kind="schedule_run",
            object_id=1,
            details={},
        )
    engine = current_engine()
    with pytest.raises(Exception, match="append-only"):
        await engine.run_ddl("UPDATE audit_entry SET actor = 'someone else'")
    with pytest.raises(Exception, match="append-only"):
        await engine.run_ddl("DELETE FROM audit_entry")
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.update({AuditEntry.action: "nothing"}).where(AuditEntry.id > 0)
    [entry] = await _entries()
    assert (entry["actor"], entry["action"]) == ("tester", "schedule_published")


async def test_organizers_read_the_log_filtered_others_may_not(
    client: httpx.AsyncClient, staff_client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    first, second = await make_fair(), await make_fair()
    for event in (first, second):
        await make_deal(event_id=event.id, team_organization_id=(await make_organization(kind="university")).id)
    assert (await client.get("/api/audit")).status_code == 401
    assert (await staff_client.get("/api/audit")).status_code == 403
    everything = await organizer_client.get("/api/audit")
    assert everything.status_code == 200
    assert everything.json()["total"] == 2
    assert [e["event_id"] for e in everything.json()["items"]] == [second.id, first.id]  # newest first
    one = (await organizer_client.get("/api/audit", params={"event_id": first.id, "action": "deal_logged"})).json()
    assert (one["total"], one["items"][0]["event_id"], one["items"][0]["action"]) == (1, first.id, "deal_logged")
    none = (await organizer_client.get("/api/audit", params={"action": "check_in"})).json()
    assert none["total"] == 0
    bad = await organizer_client.get("/api/audit", params={"action": "delete_everything"})
    assert bad.status_code == 400
