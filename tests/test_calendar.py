"""The .ics agenda: RFC 5545 valid, read back by two independent parsers at the right instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import vobject
from icalendar import Calendar

from events import booking, calendar
from events.booking import Actor
from events.clock import utc_now
from events.tables import Meeting
from tests.meeting_helpers import meeting_fair, scheduled_meeting

SENDER = "江城科技局 <fair@kjj.example.gov.cn>"
BASE = "https://fair.example.cn"


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare LF or CR inside the file"
    return lines


def _unfolded(data: bytes) -> list[str]:
    text = data.decode("utf-8").replace("\r\n ", "")
    return text.split("\r\n")


async def test_agenda_calendar_is_valid_and_reads_the_same_in_two_parsers() -> None:
    fair = await meeting_fair(teams=2, enterprises=1)
    enterprise, (t1, t2) = fair.enterprises[0], fair.teams
    first = await scheduled_meeting(
        fair=fair, requester=enterprise, recipient=t1, slot=fair.slots[0], table=fair.tables[0]
    )
    second = await scheduled_meeting(
        fair=fair, requester=enterprise, recipient=t2, slot=fair.slots[1], table=fair.tables[1]
    )
    await booking.cancel(meeting_id=second.id, actor=Actor(registration_id=enterprise.id))

    data = await calendar.participant_calendar(registration_id=enterprise.id, base_url=BASE, sender=SENDER)

    lines = _physical_lines(data)
    assert max(len(line) for line in lines) <= 75
    data.decode("utf-8")  # strict UTF-8
    parsed = Calendar.from_ical(data)
    parsed.validate()
    assert [tz.tz_name for tz in parsed.timezones] == ["Asia/Shanghai"]
    events = sorted(parsed.events, key=lambda e: e.start)
    assert [str(e["UID"]) for e in events] == [
        f"meeting-{first.id}.{fair.event.slug}@fair.example.cn",
        f"meeting-{second.id}.{fair.event.slug}@fair.example.cn",
    ]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1]
    for event, slot in zip(events, fair.slots[:2], strict=True):
        assert event.start == slot.starts_at
        assert event.end == slot.ends_at
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert event["DTEND"].params["TZID"] == "Asia/Shanghai"
        assert str(event["ORGANIZER"]) == "mailto:fair@kjj.example.gov.cn"
        assert event["ORGANIZER"].params["CN"] == "测试对接会"
        assert sorted(str(a) for a in event["ATTENDEE"]) == sorted(
            ["mailto:boss1@example.com", f"mailto:team{1 if slot is fair.slots[0] else 2}@example.edu.cn"]
        )
    assert str(events[0]["LOCATION"]).startswith("江城大学国际会议中心")
    assert fair.tables[0].code in str(events[0]["LOCATION"])
    assert "课题组1" in str(events[0]["SUMMARY"])
    unfolded = _unfolded(data)
    assert any(line.startswith("DTSTART;TZID=Asia/Shanghai:") for line in unfolded)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in unfolded
    assert "X-PUBLISHED-TTL:PT1H" in unfolded

    # the independent parser: vobject, instants compared in UTC
    other = vobject.readOne(data.decode("utf-8"))
    vevents = sorted(other.vevent_list, key=lambda e: e.dtstart.value)
    assert len(vevents) == 2
    for vevent, slot in zip(vevents, fair.slots[:2], strict=True):
        assert vevent.dtstart.value.tzinfo is not None
        assert vevent.dtstart.value.astimezone(UTC) == slot.starts_at.astimezone(UTC)
        assert vevent.dtend.value.astimezone(UTC) == slot.ends_at.astimezone(UTC)
        assert vevent.dtstart.value.replace(tzinfo=None).time().strftime("%H:%M") in {"09:00", "09:20"}
    assert "课题组1" in vevents[0].summary.value
    assert vevents[1].status.value == "CANCELLED"


async def test_a_move_keeps_the_uid_and_bumps_sequence_and_last_modified() -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    meeting = await scheduled_meeting(
        fair=fair, requester=enterprise, recipient=team, slot=fair.slots[0], table=fair.tables[0]
    )
    published_a_day_ago = utc_now() - timedelta(days=1)  # iCalendar times have whole seconds
    await Meeting.update({Meeting.updated_at: published_a_day_ago}).where(Meeting.id == meeting.id)
    before = Calendar.from_ical(
        await calendar.participant_calendar(registration_id=team.id, base_url=BASE, sender=SENDER)
    )
    await booking.move(meeting_id=meeting.id, slot_id=fair.slots[2].id, actor=Actor(registration_id=enterprise.id))
    after = Calendar.from_ical(
        await calendar.participant_calendar(registration_id=team.id, base_url=BASE, sender=SENDER)
    )
    (old,), (new,) = before.events, after.events
    assert new["UID"] == old["UID"]
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
    assert old["LAST-MODIFIED"].dt == published_a_day_ago.replace(microsecond=0)
    assert new["LAST-MODIFIED"].dt > old["LAST-MODIFIED"].dt
    assert new.start == fair.slots[2].starts_at


async def test_no_one_hour_shift_across_a_daylight_saving_change() -> None:
    """Europe/Berlin switches to summer time on 2027-03-28: 09:00 is 08:00Z the day before and 07:00Z that day."""
    fair = await meeting_fair(
        teams=1, enterprises=2, starts_on=date(2027, 3, 27), ends_on=date(2027, 3, 28), time_zone="Europe/Berlin"
    )
    team = fair.teams[0]
    nine = [s for s in fair.slots if s.code.endswith("-0900")]
    assert [s.code for s in nine] == ["d1-0900", "d2-0900"]
    for enterprise, slot in zip(fair.enterprises, nine, strict=True):
        await scheduled_meeting(fair=fair, requester=enterprise, recipient=team, slot=slot, table=fair.tables[0])

    data = await calendar.participant_calendar(registration_id=team.id, base_url=BASE, sender=SENDER)
    expected = [datetime(2027, 3, 27, 8, 0, tzinfo=UTC), datetime(2027, 3, 28, 7, 0, tzinfo=UTC)]

    parsed = Calendar.from_ical(data)
    parsed.validate()
    assert sorted(e.start.astimezone(UTC) for e in parsed.events) == expected
    vtimezone = parsed.timezones[0]
    assert vtimezone.tz_name == "Europe/Berlin"
    assert {c.name for c in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}

    other = vobject.readOne(data.decode("utf-8"))
    assert sorted(e.dtstart.value.astimezone(UTC) for e in other.vevent_list) == expected
    assert sorted(e.dtstart.value.strftime("%H:%M%z") for e in other.vevent_list) == ["09:00+0100", "09:00+0200"]


async def test_an_empty_agenda_is_still_a_valid_calendar() -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    data = await calendar.participant_calendar(registration_id=fair.teams[0].id, base_url=BASE, sender=SENDER)
    parsed = Calendar.from_ical(data)
    parsed.validate()
    assert parsed.events == []
    assert [tz.tz_name for tz in parsed.timezones] == ["Asia/Shanghai"]
    assert vobject.readOne(data.decode("utf-8")).name == "VCALENDAR"


async def test_unpublished_meetings_stay_out_of_the_feed() -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    await scheduled_meeting(
        fair=fair,
        requester=fair.enterprises[0],
        recipient=fair.teams[0],
        slot=fair.slots[0],
        table=fair.tables[0],
        published=False,
    )
    data = await calendar.participant_calendar(registration_id=fair.teams[0].id, base_url=BASE, sender=SENDER)
    assert Calendar.from_ical(data).events == []


def test_feed_urls() -> None:
    https, webcal = calendar.feed_urls(base_url="https://fair.example.cn/", calendar_token="abc")
    assert https == "https://fair.example.cn/calendar/abc.ics"
    assert webcal == "webcal://fair.example.cn/calendar/abc.ics"
