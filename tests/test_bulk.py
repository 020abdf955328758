"""Set-based writes: the rows they write are the rows Piccolo writes, in one statement whatever their number."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from events import notifications
from events.bulk import among, insert_rows, update_rows
from events.database import counting_queries
from events.tables import Notification, NotificationKind, Organization
from tests.meeting_helpers import meeting_fair

MANY = 33_000  # more than PostgreSQL's 32,767 parameters of one statement, and SQLite's default 32,766


def _comparable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in {"id", "created_at"}}


async def test_inserted_rows_are_the_rows_piccolo_writes_with_every_default() -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    data = {"fair": "测试对接会", "counterpart": "经理1", "about": "成果 · 需求", "n": 3, "none": None}
    await Notification(
        event=fair.event.id, registration=fair.teams[0].id, kind=NotificationKind.MEETING_SCHEDULED, data=data
    ).save()
    before = datetime.now(tz=UTC)

    with counting_queries() as log:
        returned = await insert_rows(
            Notification,
            (Notification.event, Notification.registration, Notification.kind, Notification.data),
            [(fair.event.id, fair.teams[0].id, NotificationKind.MEETING_SCHEDULED, data)],
            returning=(Notification.id, Notification.kind),
        )

    assert log.count == 1
    first, second = await Notification.select().order_by(Notification.id).output(load_json=True)
    assert returned == [{"id": second["id"], "kind": "meeting_scheduled"}]
    assert _comparable(second) == _comparable(first)
    assert second["data"] == data
    assert before <= second["created_at"] <= datetime.now(tz=UTC)
    assert await Notification.count().where(Notification.created_at >= before) == 1  # compares as a timestamp


async def test_many_rows_take_one_statement_each_way_and_keep_their_order() -> None:
    names = [f"机构{n:05d}" for n in range(MANY)]

    with counting_queries() as log:
        returned = await insert_rows(
            Organization, (Organization.name, Organization.kind), [(name, "enterprise") for name in names],
            returning=(Organization.id, Organization.name),
        )  # fmt: skip
        ids = [row["id"] for row in sorted(returned, key=lambda row: row["id"])]
        await update_rows(
            Organization,
            key=Organization.id,
            columns=[Organization.name_en],
            rows=[(i, f"org {i}") for i in ids],
            fixed={Organization.district: "江城"},
        )
        chosen = await Organization.select(Organization.id, Organization.name_en, Organization.district).where(
            among(Organization.id, ids[::2])
        )

    assert log.count == 3
    assert [row["name"] for row in sorted(returned, key=lambda row: row["id"])] == names
    assert sorted((r["id"], r["name_en"], r["district"]) for r in chosen) == [(i, f"org {i}", "江城") for i in ids[::2]]
    assert await Organization.count().where(Organization.district == "江城") == MANY


async def test_update_rows_bumps_and_sets_only_the_rows_given() -> None:
    from events.tables import Meeting
    from tests.meeting_helpers import scheduled_meeting

    fair = await meeting_fair(teams=1, enterprises=3)
    first, second, untouched = [
        await scheduled_meeting(
            fair=fair, requester=fair.enterprises[n], recipient=fair.teams[0], slot=fair.slots[n], table=fair.tables[0]
        )
        for n in range(3)
    ]
    when = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)

    await update_rows(
        Meeting,
        key=Meeting.id,
        columns=[Meeting.table, Meeting.seat],
        rows=[(first.id, fair.tables[1].id, 0), (second.id, fair.tables[1].id, 0)],
        fixed={Meeting.updated_at: when},
        bump=[Meeting.sequence],
    )

    rows = {
        r["id"]: (r["table"], r["sequence"], r["updated_at"])
        for r in await Meeting.select(Meeting.id, Meeting.table, Meeting.sequence, Meeting.updated_at)
    }
    assert rows[first.id] == rows[second.id] == (fair.tables[1].id, 1, when)
    assert rows[untouched.id][:2] == (fair.tables[0].id, 0)
    assert rows[untouched.id][2] != when


async def test_nothing_to_write_sends_nothing_and_no_ids_match_nothing() -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    with counting_queries() as log:
        assert await insert_rows(Organization, (Organization.name,), []) == []
        await update_rows(Organization, key=Organization.id, columns=[Organization.name], rows=[])
        assert await notifications.record_many(event=fair.event, messages=[]) == 0
    assert log.count == 0
    assert await Organization.select(Organization.id).where(among(Organization.id, [])) == []
