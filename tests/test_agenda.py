"""Agendas: a participant's published meetings, a table's sheet, the organizer's grid."""

from __future__ import annotations

from events import agenda, booking
from events.booking import Actor
from events.tables import EventAchievement
from tests.factories import make_achievement
from tests.meeting_helpers import meeting_fair, scheduled_meeting


async def test_participant_agenda_shows_published_meetings_with_counterpart_and_topic() -> None:
    fair = await meeting_fair(teams=2, enterprises=2)
    (e1, e2), (t1, t2) = fair.enterprises, fair.teams
    achievement = await make_achievement(organization_id=t1.organization, title="钠离子电池正极材料")
    await EventAchievement(event=fair.event.id, achievement=achievement.id, registration=t1.id).save()
    m1 = await scheduled_meeting(
        fair=fair, requester=e1, recipient=t1, slot=fair.slots[1], table=fair.tables[0], achievement_id=achievement.id
    )
    m2 = await scheduled_meeting(fair=fair, requester=e1, recipient=t2, slot=fair.slots[0], table=fair.tables[1])
    await scheduled_meeting(
        fair=fair, requester=e2, recipient=t2, slot=fair.slots[2], table=fair.tables[1], published=False
    )
    cancelled = await scheduled_meeting(fair=fair, requester=e2, recipient=t1, slot=fair.slots[0], table=fair.tables[0])
    await booking.cancel(meeting_id=cancelled.id, actor=Actor(user_id=1))

    mine = await agenda.participant_agenda(registration_id=e1.id)
    assert [m.id for m in mine.meetings] == [m2.id, m1.id]  # in time order
    first, second = mine.meetings
    assert first.counterpart_of(e1.id).id == t2.id
    assert second.counterpart_of(e1.id).name.endswith("课题组1")
    assert second.about == "钠离子电池正极材料"
    assert (second.table_code, second.slot_code) == (fair.tables[0].code, fair.slots[1].code)
    assert [d for d, _ in mine.days()] == ["d1"]
    assert mine.cancelled == []

    theirs = await agenda.participant_agenda(registration_id=e2.id)
    assert theirs.meetings == []  # the unpublished one is hidden
    assert [m.id for m in theirs.cancelled] == [cancelled.id]


async def test_table_sheet_and_grid() -> None:
    fair = await meeting_fair(teams=2, enterprises=2)
    (e1, e2), (t1, t2) = fair.enterprises, fair.teams
    a = await scheduled_meeting(fair=fair, requester=e1, recipient=t1, slot=fair.slots[0], table=fair.tables[0])
    b = await scheduled_meeting(fair=fair, requester=e2, recipient=t1, slot=fair.slots[2], table=fair.tables[0])
    c = await scheduled_meeting(fair=fair, requester=e2, recipient=t2, slot=fair.slots[0], table=fair.tables[1])

    sheet = await agenda.table_sheet(event_id=fair.event.id, table_id=fair.tables[0].id)
    assert sheet.host is not None
    assert sheet.host.id == t1.id
    assert [[m.id for m in row.meetings] for row in sheet.rows] == [[a.id], [], [b.id]]
    assert sheet.booked == 2

    overview = await agenda.grid(event_id=fair.event.id)
    assert [t.code for t in overview.tables] == [t.code for t in fair.tables]
    assert [m.id for m in overview.cell(fair.tables[1].id, fair.slots[0].id)] == [c.id]
    assert overview.cell(fair.tables[2].id, fair.slots[0].id) == []
    assert overview.meeting_count == 3
    assert overview.seat_count == 3 * len(fair.tables)
    assert overview.hosts[fair.tables[1].id].id == t2.id
