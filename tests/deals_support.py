"""Meetings and deals for the deal and report tests, made directly with the tables (real rows, no mocks)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from events import catalogue, deals, fairs
from events.clock import utc_now
from events.tables import Meeting, MeetingRequest, Registration
from events.vocabulary import DealStage, TransferMode
from tests.factories import make_achievement, make_organization, make_registration

_counter = itertools.count(1)


async def make_meeting(
    *,
    event_id: int,
    team: Registration | None = None,
    enterprise: Registration | None = None,
    achievement_id: int | None = None,
    status: str = "held",
    slot_index: int | None = None,
    table_index: int | None = None,
) -> Meeting:
    """An accepted request from an enterprise to a team and the meeting that answers it."""
    if team is None:
        team = await make_registration(event_id=event_id, role="team")
    if enterprise is None:
        enterprise = await make_registration(event_id=event_id, role="enterprise")
    request = MeetingRequest(
        event=event_id,
        requester=enterprise.id,
        recipient=team.id,
        achievement=achievement_id,
        status="accepted",
        responded_at=utc_now(),
    )
    await request.save()
    slots = await fairs.fair_slots(event_id=event_id)
    tables = await fairs.fair_tables(event_id=event_id)
    n = next(_counter)
    slot = slots[slot_index if slot_index is not None else n % len(slots)]
    table = tables[table_index if table_index is not None else (n // len(slots)) % len(tables)]
    meeting = Meeting(
        event=event_id,
        request=request.id,
        slot=slot.id,
        table=table.id,
        seat=0,
        status=status,
        held_at=utc_now() if status == "held" else None,
    )
    await meeting.save()
    return meeting


async def make_team_with_achievement(
    *, event_id: int, transfer_modes: tuple[TransferMode, ...] = (TransferMode.LICENCE,), **fields: Any
) -> tuple[Registration, Any]:
    """A team registration presenting one achievement of its university at the fair."""
    university = await make_organization(kind="university", **fields)
    team = await make_registration(event_id=event_id, role="team", organization_id=university.id)
    achievement = await make_achievement(organization_id=university.id, transfer_modes=transfer_modes)
    await catalogue.present_achievement(event_id=event_id, achievement_id=achievement.id, registration_id=team.id)
    return team, achievement


async def make_deal(
    *,
    event_id: int | None,
    amount: str = "0",
    stage: DealStage = DealStage.INTENT,
    stage_on: date | None = None,
    contract_type: TransferMode = TransferMode.ASSIGNMENT,
    team_organization_id: int | None = None,
    enterprise_id: int | None = None,
    achievement_id: int | None = None,
    by: int | None = None,
    **fields: Any,
) -> deals.DealView:
    """A deal without a meeting, between new organizations unless given."""
    if team_organization_id is None:
        team_organization_id = (await make_organization(kind="university")).id
    if enterprise_id is None:
        enterprise_id = (await make_organization(kind="enterprise")).id
    return await deals.log_deal(
        event_id=event_id,
        data=deals.DealInput(
            contract_type=contract_type,
            amount=Decimal(amount),
            team_organization_id=team_organization_id,
            enterprise_id=enterprise_id,
            achievement_id=achievement_id,
            stage=stage,
            stage_on=stage_on,
            **fields,
        ),
        by=by,
    )
