"""Step ``fairs``: the two fairs with their slot grids, tables and statuses, and the staff assigned to them."""

from __future__ import annotations

from events.accounts import assign_staff
from events.demo.context import DemoContext, Fair
from events.demo.data.fairs import BREAK_MINUTES, FAIRS, SESSIONS, SLOT_MINUTES, FairSpec
from events.demo.plan import STAFF
from events.fairs import FairDetails, Session, SlotGrid, TableSpec, change_status, create_fair, fair_slots, fair_tables
from events.vocabulary import EventStatus

# How a fair gets from draft to its demo status.
STATUS_PATH: dict[EventStatus, tuple[EventStatus, ...]] = {
    EventStatus.DRAFT: (),
    EventStatus.OPEN: (EventStatus.OPEN,),
    EventStatus.CLOSED: (EventStatus.OPEN, EventStatus.CLOSED),
    EventStatus.FINISHED: (
        EventStatus.OPEN,
        EventStatus.CLOSED,
        EventStatus.SCHEDULED,
        EventStatus.RUNNING,
        EventStatus.FINISHED,
    ),
}


def tables_of(spec: FairSpec) -> list[TableSpec]:
    """Numbered tables T01, T02, … laid out area by area."""
    tables: list[TableSpec] = []
    for area, count in spec.areas:
        for _ in range(count):
            code = f"T{len(tables) + 1:02d}"
            tables.append(TableSpec(code=code, name=f"{code}号洽谈桌", capacity=1, area=area))
    return tables


async def add_fair(demo: DemoContext, spec: FairSpec) -> Fair:
    event = await create_fair(
        slug=spec.slug,
        title=spec.title,
        format=spec.format,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        grid=SlotGrid(
            sessions=tuple(Session(starts, ends) for starts, ends in SESSIONS),
            slot_minutes=SLOT_MINUTES,
            break_minutes=BREAK_MINUTES,
        ),
        tables=tables_of(spec),
        details=FairDetails(
            title_en=spec.title_en,
            description=spec.description,
            venue=spec.venue,
            venue_en=spec.venue_en,
            address=spec.address,
            district=spec.district,
            host_id=demo.organization_id(spec.host),
            registration_opens_at=spec.opens_at,
            registration_closes_at=spec.closes_at,
            capacities=dict(spec.capacities),
            max_requests_per_participant=spec.max_requests,
            max_meetings_per_participant=spec.max_meetings,
            request_expiry_hours=spec.request_expiry_hours,
        ),
        created_by=demo.organizer_id,
    )
    for status in STATUS_PATH[spec.status]:
        await change_status(event_id=event.id, status=status)
    await assign_staff(event_id=event.id, username=STAFF[0])
    slots = await fair_slots(event_id=event.id)
    tables = await fair_tables(event_id=event.id)
    return Fair(id=event.id, spec=spec, slot_ids=[s.id for s in slots], table_ids=[t.id for t in tables])


async def add_fairs(demo: DemoContext) -> None:
    for spec in FAIRS:
        fair = await add_fair(demo, spec)
        demo.fairs.append(fair)
        demo.progress(
            f"fair {spec.slug}: {len(fair.slot_ids)} slots, {len(fair.table_ids)} tables, {spec.status.value}"
        )
