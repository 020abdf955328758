"""Step ``deals``: the technology contracts that came out of the finished fair's held meetings.

Each deal follows its meeting (the achievement asked about, the team's university or institute, the enterprise
or investor across the table) and has reached one stage (:data:`~events.demo.plan.DEALS`) along the way
intent → negotiating → signed → landed, or was dropped. Most were logged by the staff at the table right after
the meeting, the others by the organizer in the follow-up calls of the next days; every later stage has its
date after the one before and before today, signed contracts got their 技术合同登记号 at the technology market a
few days after signing, and the amount was often settled only while negotiating.

Every change is a ``deal_change`` row exactly as :mod:`events.deals` writes it (field → [old, new]). The rows
are inserted round by round, the deals' stages moving with them, so that the audit trigger, which reads the
deal's stage when a change is inserted, logs each change with the stage it led to.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from events.bulk import update_rows
from events.deals import MAIN_LINE, STAGE_DATE, TRACKED
from events.demo.context import DemoContext, Fair, MeetingRecord
from events.demo.data.deals import AMOUNTS, LICENCE_TERMS, NOTES
from events.demo.data.fairs import FINISHED_FAIR, SHANGHAI
from events.demo.data.places import DISTRICTS
from events.demo.plan import AS_OF, DEAL_TYPES, DEALS
from events.demo.rows import insert_rows
from events.tables import Achievement, Deal, DealChange, Meeting, MeetingRequest, Organization
from events.vocabulary import DealStage, RegistrationRole, TransferMode

AT_THE_TABLE = 0.7  # deals logged by the staff right after the meeting; the others in the follow-up calls
AMOUNT_REVISED = 0.5  # deals whose amount changed while negotiating
LAST_DAY = AS_OF.date() - timedelta(days=1)
DIVISIONS = {name: code for name, _en, code, _share in DISTRICTS}


@dataclass(slots=True)
class _Party:
    meeting: MeetingRecord
    ended_at: datetime  # the end of the meeting's slot
    achievement_id: int
    modes: list[str]
    team_organization_id: int
    team_district: str
    other_organization_id: int
    other_role: str


@dataclass(slots=True)
class _Change:
    at: datetime
    by: int
    values: dict[str, Any]  # the deal after this change


@dataclass(slots=True)
class _Deal:
    party: _Party
    changes: list[_Change] = field(default_factory=list)

    @property
    def final(self) -> dict[str, Any]:
        return self.changes[-1].values


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """What a change records, as :func:`events.deals.log_deal` and ``change_deal`` do."""
    if before is None:
        return {name: [None, _json(after[name])] for name in TRACKED if after[name] not in (None, "")}
    return {name: [_json(before[name]), _json(after[name])] for name in TRACKED if before[name] != after[name]}


async def _parties(fair: Fair, held: list[MeetingRecord]) -> list[_Party]:
    """The held meetings about an achievement, with who sat on each side."""
    by_request = {m.request_id: m for m in held}
    requests = await MeetingRequest.select(
        MeetingRequest.id,
        MeetingRequest.achievement,
        MeetingRequest.requester.role.as_alias("requester_role"),
        MeetingRequest.requester.organization.as_alias("requester_organization"),
        MeetingRequest.recipient.role.as_alias("recipient_role"),
        MeetingRequest.recipient.organization.as_alias("recipient_organization"),
    ).where(MeetingRequest.id.is_in(sorted(by_request) or [-1]))
    achievements = {
        r["id"]: r
        for r in await Achievement.select(Achievement.id, Achievement.transfer_modes).where(
            Achievement.id.is_in(sorted({r["achievement"] for r in requests if r["achievement"]}) or [-1])
        )
    }
    districts = {r["id"]: r["district"] for r in await Organization.select(Organization.id, Organization.district)}
    ended_at = {
        r["id"]: r["slot.ends_at"].astimezone(SHANGHAI)
        for r in await Meeting.select(Meeting.id, Meeting.slot.ends_at).where(Meeting.event == fair.id)
    }
    parties: list[_Party] = []
    for request in sorted(requests, key=lambda r: r["id"]):
        if request["achievement"] is None:
            continue
        team_side = "requester" if request["requester_role"] == RegistrationRole.TEAM.value else "recipient"
        other_side = "recipient" if team_side == "requester" else "requester"
        meeting = by_request[request["id"]]
        parties.append(
            _Party(
                meeting=meeting,
                ended_at=ended_at[meeting.id],
                achievement_id=request["achievement"],
                modes=list(achievements[request["achievement"]]["transfer_modes"] or []),
                team_organization_id=request[f"{team_side}_organization"],
                team_district=districts[request[f"{team_side}_organization"]],
                other_organization_id=request[f"{other_side}_organization"],
                other_role=request[f"{other_side}_role"],
            )
        )
    return parties


def _match(rng: random.Random, parties: list[_Party]) -> list[tuple[_Party, TransferMode]]:
    """One meeting per deal, each contract type going to a meeting whose achievement offers it where one does."""
    pool = rng.sample(parties, len(parties))
    wanted = [mode for mode, count in DEAL_TYPES.items() for _ in range(count)]
    wanted.sort(key=lambda mode: DEAL_TYPES[mode])  # the scarce types choose first
    matched: list[tuple[_Party, TransferMode]] = []
    for mode in wanted:
        fits = [
            p for p in pool if mode.value in p.modes and (mode is TransferMode.EQUITY or p.other_role != "investor")
        ]
        chosen = fits[0] if fits else pool[0]
        pool.remove(chosen)
        matched.append((chosen, mode))
    rng.shuffle(matched)
    return matched


def _amount_fen(rng: random.Random, mode: TransferMode) -> int:
    least, most, step = AMOUNTS[mode]
    yuan = math.exp(rng.uniform(math.log(least), math.log(most)))
    fen = int(round(yuan / step) * step) * 100
    if step == 1:
        fen += rng.choice((0, 0, 0, 50))  # a service fee to the jiao
    return fen


def _moment(rng: random.Random, day: date) -> datetime:
    """A moment in office hours of ``day``."""
    return datetime.combine(day, time(9, 0), tzinfo=SHANGHAI) + timedelta(minutes=rng.randrange(0, 8 * 60))


def _path(stage: DealStage, rng: random.Random) -> list[DealStage]:
    if stage is DealStage.DROPPED:
        return [DealStage.INTENT, *([DealStage.NEGOTIATING] if rng.random() < 0.5 else []), DealStage.DROPPED]
    return list(MAIN_LINE[: MAIN_LINE.index(stage) + 1])


def _register(rng: random.Random, deals: list[_Deal]) -> None:
    """技术合同登记号 in the order the contracts were registered: the year, the seller's district code and the
    serial number of the city's technology market."""
    registrations = sorted(
        (change.at, n, index)
        for n, deal in enumerate(deals)
        for index, change in enumerate(deal.changes)
        if change.values["registration_number"] and not deal.changes[index - 1].values["registration_number"]
    )
    serial = rng.randrange(1200, 1800)
    for at, n, index in registrations:
        serial += rng.randint(3, 40)
        number = f"{at.year}{DIVISIONS.get(deals[n].party.team_district, '420100')}{serial:06d}"
        for change in deals[n].changes[index:]:
            change.values["registration_number"] = number


def _deal(
    rng: random.Random, demo: DemoContext, fair: Fair, *, party: _Party, mode: TransferMode, stage: DealStage
) -> _Deal:
    """The history of one deal, change by change."""
    deal = _Deal(party)
    kind = mode.zh
    final_fen = _amount_fen(rng, mode)
    path = _path(stage, rng)
    revised = len(path) > 1 and path[1] is DealStage.NEGOTIATING and rng.random() < AMOUNT_REVISED
    first_fen = round(final_fen * rng.uniform(0.75, 1.3) / 1_000_000) * 1_000_000 if revised else final_fen
    if rng.random() < AT_THE_TABLE:
        first_at = party.ended_at + timedelta(minutes=rng.randrange(2, 30))
        first_by = demo.staff_id
    else:
        first_at = _moment(rng, FINISHED_FAIR.ends_on + timedelta(days=rng.randint(1, 6)))
        first_by = demo.organizer_id
    values: dict[str, Any] = {
        "event": fair.id,
        "meeting": party.meeting.id,
        "achievement": party.achievement_id,
        "team_organization": party.team_organization_id,
        "enterprise": party.other_organization_id,
        "contract_type": mode.value,
        "licence_terms": (
            rng.choices([t for t, _ in LICENCE_TERMS], weights=[w for _, w in LICENCE_TERMS])[0].value
            if mode is TransferMode.LICENCE
            else None
        ),
        "amount_fen": max(first_fen, 1_000_000),
        "stage": DealStage.INTENT.value,
        "registration_number": "",
        "note": rng.choice(NOTES[DealStage.INTENT]).format(type=kind),
        **{STAGE_DATE[s]: None for s in DealStage},
    }
    values["intent_on"] = first_at.date()
    deal.changes.append(_Change(first_at, first_by, dict(values)))
    later = path[1:]
    signing = DealStage.SIGNED in later
    first_day = first_at.date() + timedelta(days=2)
    days = sorted(rng.sample(range((LAST_DAY - first_day).days + 1), len(later) + signing))
    dates = [first_day + timedelta(days=d) for d in days]
    registered_on = None
    if signing:  # the registration number comes a few days after signing, before any later stage
        signed_index = later.index(DealStage.SIGNED)
        registered_on = dates.pop(signed_index + 1)
    for next_stage, on in zip(later, dates, strict=True):
        values["stage"] = next_stage.value
        values[STAGE_DATE[next_stage]] = on
        values["note"] = rng.choice(NOTES[next_stage]).format(type=kind)
        if next_stage is DealStage.NEGOTIATING:
            values["amount_fen"] = final_fen
        deal.changes.append(_Change(_moment(rng, on), demo.organizer_id, dict(values)))
        if next_stage is DealStage.SIGNED and registered_on is not None:
            values["registration_number"] = "registered"  # numbered by _register, in the order of registration
            deal.changes.append(_Change(_moment(rng, registered_on), demo.organizer_id, dict(values)))
    return deal


async def _insert(deals: list[_Deal]) -> None:
    """The deals as they stand after their first change, then every change round by round."""
    rows = [
        Deal(
            **{**d.final, "stage": d.changes[0].values["stage"]},
            created_by=d.changes[0].by,
            created_at=d.changes[0].at,
            updated_at=d.changes[-1].at,
        )
        for d in deals
    ]
    ids = await insert_rows(Deal, rows)
    for round_ in range(max(len(d.changes) for d in deals)):
        moving: list[tuple[int, str]] = []  # (deal, its stage once this round's change is made)
        changes: list[DealChange] = []
        for deal_id, deal in zip(ids, deals, strict=True):
            if round_ >= len(deal.changes):
                continue
            change = deal.changes[round_]
            moving.append((deal_id, change.values["stage"]))
            before = deal.changes[round_ - 1].values if round_ else None
            changes.append(
                DealChange(
                    deal=deal_id, changed_by=change.by, changed_at=change.at, changes=diff(before, change.values)
                )
            )
        if round_:
            await update_rows(Deal, key=Deal.id, columns=[Deal.stage], rows=moving)
        await insert_rows(DealChange, changes)


async def add_deals(demo: DemoContext) -> None:
    rng = demo.rng("deals")
    fair = next(f for f in demo.fairs if f.spec.slug == FINISHED_FAIR.slug)
    parties = await _parties(fair, demo.held.get(fair.id, []))
    stages = [stage for stage, count in DEALS.items() for _ in range(count)]
    rng.shuffle(stages)
    deals = [
        _deal(rng, demo, fair, party=party, mode=mode, stage=stage)
        for (party, mode), stage in zip(_match(rng, parties), stages, strict=True)
    ]
    _register(rng, deals)
    deals.sort(key=lambda d: d.changes[0].at)
    await _insert(deals)
    signed = [d for d in deals if d.final["stage"] in (DealStage.SIGNED.value, DealStage.LANDED.value)]
    demo.progress(
        f"deals {fair.spec.slug}: {len(deals)} from {len(parties)} held meetings, {len(signed)} signed for "
        f"{sum(d.final['amount_fen'] for d in signed) / 100:,.2f} yuan, "
        f"{sum(len(d.changes) for d in deals)} changes"
    )
