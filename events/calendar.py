"""iCalendar (RFC 5545) agendas: the ``.ics`` download and the ``webcal://`` subscription feed.

What calendar apps need to import the agenda without surprises:

- one VEVENT per meeting with a stable ``UID`` (the meeting's id, the fair and the host), so a re-import or a
  feed refresh updates the event instead of duplicating it; ``SEQUENCE`` and ``LAST-MODIFIED`` come from the
  meeting and grow when it moves or is cancelled; a cancelled meeting stays in the feed as ``STATUS:CANCELLED``
  so that subscribed calendars remove it;
- times in the fair's own zone with ``TZID`` on every ``DTSTART``/``DTEND`` and the matching ``VTIMEZONE``
  (the rules of the fair's dates), so no client guesses an offset (the classic one-hour shift);
- ``LOCATION`` (venue and table), ``ORGANIZER`` (the fair), an ``ATTENDEE`` per participant;
- UTF-8, CRLF line endings and lines folded at 75 octets (icalendar does both).

icalendar is imported lazily: it is not needed to start the app.
"""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from events.agenda import Agenda, MeetingView, participant_agenda
from events.errors import NotFoundError
from events.i18n import gettext
from events.parties import Party
from events.tables import Registration
from events.vocabulary import MeetingStatus

if TYPE_CHECKING:
    from icalendar import Calendar, vCalAddress

CONTENT_TYPE = "text/calendar"  # Litestar adds "; charset=utf-8" to text types
REFRESH = timedelta(hours=1)
PRODID = "-//Transfer Fair//Meeting agenda//ZH"


def host_of(base_url: str) -> str:
    return urlsplit(base_url).hostname or "transferfair.local"


def meeting_uid(meeting: MeetingView, *, slug: str, host: str) -> str:
    """Stable for the meeting's whole life: moves and cancellation keep it."""
    return f"meeting-{meeting.id}.{slug}@{host}"


def _address(party: Party, *, slug: str, host: str) -> vCalAddress:
    from icalendar import vCalAddress

    params: dict[str, Any] = {
        "cn": f"{party.name} · {party.person}" if party.person else party.name,
        "cutype": "INDIVIDUAL",
        "role": "REQ-PARTICIPANT",
        "partstat": "ACCEPTED",
    }
    if party.email:
        return vCalAddress.new(party.email, **params)
    # No e-mail address: a stable URN still identifies the attendee (CAL-ADDRESS is any URI).
    address = vCalAddress(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{host}/{slug}/registration/{party.id}')}")
    address.params.update({key.upper(): value for key, value in params.items()})
    return address


def _organizer(*, title: str, sender: str) -> vCalAddress:
    from icalendar import vCalAddress

    _name, email = parseaddr(sender)
    return vCalAddress.new(email or "noreply@localhost", cn=title)


def _summary(meeting: MeetingView, me: Party) -> str:
    return gettext("Meeting: %(counterpart)s", counterpart=meeting.counterpart_of(me.id).name)


def _description(meeting: MeetingView, me: Party, agenda: Agenda) -> str:
    other = meeting.counterpart_of(me.id)
    lines = [gettext("With: %(counterpart)s", counterpart=other.name)]
    if other.person:
        contact = other.person + (f" {other.phone}" if other.phone else "")
        lines.append(gettext("Contact: %(contact)s", contact=contact))
    if meeting.about:
        lines.append(gettext("About: %(about)s", about=meeting.about))
    lines.append(gettext("Table: %(table)s", table=meeting.table_label))
    lines.append(gettext("Fair: %(fair)s", fair=agenda.event.title))
    return "\n".join(lines)


def _location(meeting: MeetingView, venue: str) -> str:
    table = gettext("Table %(table)s", table=meeting.table_label)
    if meeting.table_area:
        table += f" ({meeting.table_area})"
    return f"{venue} · {table}" if venue else table


def agenda_calendar(*, agenda: Agenda, base_url: str, sender: str) -> Calendar:
    """The iCalendar object of a participant's agenda (standing and cancelled published meetings)."""
    from icalendar import STATUS, TRANSP, Calendar, Event

    event = agenda.event
    host = host_of(base_url)
    tz = ZoneInfo(event.time_zone)
    calendar = Calendar.new(
        name=gettext("%(fair)s · my meetings", fair=event.title),
        prodid=PRODID,
        uid=f"agenda-{agenda.me.id}.{event.slug}@{host}",
        refresh_interval=REFRESH,
        language="zh-CN",
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", "PT1H")  # the same refresh for clients that only know the X- name
    calendar.add("X-WR-TIMEZONE", event.time_zone)
    venue = event.venue + (f", {event.address}" if event.address else "")
    organizer = _organizer(title=event.title, sender=sender)
    entries = sorted(agenda.meetings + agenda.cancelled, key=lambda m: (m.starts_at, m.id))
    for meeting in entries:
        modified = meeting.updated_at.astimezone(UTC)
        calendar.add_component(
            Event.new(
                uid=meeting_uid(meeting, slug=event.slug, host=host),
                start=meeting.starts_at.astimezone(tz),
                end=meeting.ends_at.astimezone(tz),
                stamp=modified,
                created=meeting.created_at.astimezone(UTC),
                last_modified=modified,
                sequence=meeting.sequence,
                status=STATUS.CANCELLED if meeting.status == MeetingStatus.CANCELLED.value else STATUS.CONFIRMED,
                summary=_summary(meeting, agenda.me),
                description=_description(meeting, agenda.me, agenda),
                location=_location(meeting, venue),
                organizer=organizer,
                attendees=[
                    _address(meeting.requester, slug=event.slug, host=host),
                    _address(meeting.recipient, slug=event.slug, host=host),
                ],
                transparency=TRANSP.OPAQUE,
            )
        )
    _add_time_zone(calendar, agenda)
    return calendar


def _add_time_zone(calendar: Calendar, agenda: Agenda) -> None:
    """The VTIMEZONE of the fair's zone, with the rules of a window around the fair (even with no meeting yet)."""
    from icalendar import Timezone

    first = agenda.event.starts_on - timedelta(days=7)
    last = agenda.event.ends_on + timedelta(days=7)
    if calendar.get_missing_tzids():
        calendar.add_missing_timezones(first_date=first, last_date=last)
    if not calendar.timezones:
        calendar.subcomponents.insert(0, Timezone.from_tzid(agenda.event.time_zone, first_date=first, last_date=last))


async def participant_calendar(*, registration_id: int, base_url: str, sender: str) -> bytes:
    """The ``.ics`` bytes of a participant's agenda, checked against RFC 5545's required parts."""
    agenda = await participant_agenda(registration_id=registration_id)
    calendar = agenda_calendar(agenda=agenda, base_url=base_url, sender=sender)
    calendar.validate()  # type: ignore[no-untyped-call]
    data: bytes = calendar.to_ical()
    return data


async def registration_for_feed(*, token: str) -> int:
    """The registration whose calendar-feed token this is (rejected and cancelled registrations have none)."""
    row = (
        await Registration.select(Registration.id, Registration.status)
        .where(Registration.calendar_token == token)
        .first()
    )
    if row is None or row["status"] in ("rejected", "cancelled"):
        raise NotFoundError("unknown_feed", "this calendar link is not valid (it may have been replaced)")
    return int(row["id"])


def feed_urls(*, base_url: str, calendar_token: str) -> tuple[str, str]:
    """(https URL, webcal URL) of a participant's subscription feed."""
    https = f"{base_url.rstrip('/')}/calendar/{calendar_token}.ics"
    scheme, _, rest = https.partition("://")
    return https, f"webcal://{rest}" if scheme in ("http", "https") else https


async def replace_feed_token(*, registration_id: int) -> str:
    """A new secret for the participant's feed; the old feed URL stops working at once."""
    from events.registration import new_secret

    token = new_secret()
    await Registration.update({Registration.calendar_token: token}).where(Registration.id == registration_id)
    return token
