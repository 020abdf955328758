"""The funnel and the bureau numbers: exact counts, exact sums to the fen whatever the filter, breakdowns,
date ranges and the timeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from events import catalogue, deals, reports
from events.tables import Deal, Registration
from events.vocabulary import DealStage, Field, TransferMode
from tests.deals_support import make_deal, make_meeting, make_team_with_achievement
from tests.factories import make_achievement, make_fair, make_organization, make_registration

AWKWARD = ["0.01", "99999999.99", "0.10", "1250000.00", "33333.33", "0", "7.77", "100000000.01"]


async def test_the_funnel_of_one_fair() -> None:
    event = await make_fair(sessions=(("09:00", "12:00"),), tables=5)
    other = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    enterprises = [await make_registration(event_id=event.id, role="enterprise") for _ in range(4)]
    await make_registration(event_id=event.id, role="guest", status="pending")
    await make_registration(event_id=other.id, role="guest")  # another fair
    held = [
        await make_meeting(event_id=event.id, team=team, enterprise=enterprises[0], achievement_id=achievement.id),
        await make_meeting(event_id=event.id, team=team, enterprise=enterprises[1]),
    ]
    await make_meeting(event_id=event.id, team=team, enterprise=enterprises[2], status="scheduled")
    await make_meeting(event_id=event.id, team=team, enterprise=enterprises[3], status="cancelled")
    await make_meeting(event_id=other.id, status="held")

    signed = await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(meeting_id=held[0].id, amount=Decimal("1250000.00"), stage=DealStage.SIGNED),
        by=None,
    )
    landed = await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(
            meeting_id=held[1].id,
            contract_type=TransferMode.DEVELOPMENT,
            amount=Decimal("0.01"),
            stage=DealStage.LANDED,
        ),
        by=None,
    )
    await make_deal(event_id=event.id, amount="500", stage=DealStage.NEGOTIATING)
    await make_deal(event_id=event.id, amount="999", stage=DealStage.INTENT)
    await make_deal(event_id=other.id, amount="42", stage=DealStage.SIGNED)

    report = await reports.funnel_report(filters=reports.ReportFilter(event_id=event.id))

    funnel = report.funnel
    assert (funnel.registrations, funnel.approved_registrations) == (6, 5)
    assert (funnel.meeting_requests, funnel.accepted_requests) == (4, 4)
    assert (funnel.scheduled, funnel.held) == (3, 2)
    assert funnel.deals == {
        DealStage.INTENT: 1,
        DealStage.NEGOTIATING: 1,
        DealStage.SIGNED: 1,
        DealStage.LANDED: 1,
        DealStage.DROPPED: 0,
    }
    totals = report.totals
    assert totals.held == 2  # 对接项目数
    assert totals.signed == 2  # 签约项目数: the landed deal was signed too
    assert totals.landed == 1  # 落地项目数
    assert totals.signed_fen == signed.amount_fen + landed.amount_fen == 125_000_001  # 合同金额
    assert totals.landed_fen == 1
    assert totals.deals == 4

    by_type = {row.key: row.figures for row in report.breakdowns["contract_type"]}
    assert by_type["licence"].signed_fen == 125_000_000
    assert by_type["development"].landed == 1
    by_university = {row.key: row for row in report.breakdowns["university"]}
    assert by_university[str(team.organization)].figures.held == 2
    assert by_university[str(team.organization)].figures.signed == 2
    assert by_university[str(team.organization)].name != ""


async def test_across_fairs_the_report_breaks_down_by_fair() -> None:
    first, second = await make_fair(), await make_fair()
    await make_deal(event_id=first.id, amount="10.50", stage=DealStage.SIGNED)
    await make_deal(event_id=second.id, amount="0.01", stage=DealStage.LANDED)
    await make_deal(event_id=None, amount="3", stage=DealStage.SIGNED)
    report = await reports.funnel_report(filters=reports.ReportFilter())
    by_event = {row.key: row for row in report.breakdowns["event"]}
    assert by_event[str(first.id)].figures.signed_fen == 1050
    assert by_event[str(first.id)].name == first.title
    assert by_event[str(second.id)].figures.landed_fen == 1
    assert by_event[""].figures.signed_fen == 300  # deals logged without a fair
    assert report.totals.signed_fen == 1351


async def test_dimensions_follow_the_enterprise_team_and_achievement() -> None:
    event = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    east = await make_organization(district="东城区")
    west = await make_organization(district="西城区")
    bio = await make_achievement(organization_id=team.organization, fields=(Field.BIOMEDICINE,))
    await make_deal(
        event_id=event.id,
        amount="100",
        stage=DealStage.SIGNED,
        team_organization_id=team.organization,
        enterprise_id=east.id,
        achievement_id=achievement.id,
    )
    await make_deal(
        event_id=event.id,
        amount="200",
        stage=DealStage.SIGNED,
        team_organization_id=team.organization,
        enterprise_id=west.id,
        achievement_id=bio.id,
    )
    await make_deal(event_id=event.id, amount="400", stage=DealStage.SIGNED, enterprise_id=east.id)

    report = await reports.funnel_report(filters=reports.ReportFilter(event_id=event.id))
    assert {row.key: row.figures.signed_fen for row in report.breakdowns["district"]} == {
        "东城区": 50_000,
        "西城区": 20_000,
    }
    assert {row.key: row.figures.signed_fen for row in report.breakdowns["field"]} == {
        "new_materials": 10_000,
        "biomedicine": 20_000,
        "": 40_000,  # no achievement named
    }
    assert report.breakdowns["university"][0].figures.signed_fen == 40_000  # biggest first

    east_only = await reports.funnel_report(filters=reports.ReportFilter(event_id=event.id, district="东城区"))
    assert east_only.totals.signed_fen == 50_000
    bio_only = await reports.funnel_report(filters=reports.ReportFilter(field=Field.BIOMEDICINE))
    assert bio_only.totals.signed_fen == 20_000
    team_only = await reports.funnel_report(filters=reports.ReportFilter(university_id=team.organization))
    assert team_only.totals.signed_fen == 30_000


async def test_meetings_and_registrations_follow_the_filters_too() -> None:
    event = await make_fair(sessions=(("09:00", "11:00"),))
    east = await make_organization(district="东城区")
    local = await make_registration(event_id=event.id, role="enterprise", organization_id=east.id)
    team, achievement = await make_team_with_achievement(event_id=event.id)
    await make_meeting(event_id=event.id, team=team, enterprise=local, achievement_id=achievement.id)
    await make_meeting(event_id=event.id, team=team)
    demand_owner = await make_registration(event_id=event.id, role="enterprise")
    demand = await catalogue.create_demand(
        data=catalogue.DemandInput(title="需求", organization_id=demand_owner.organization, fields=(Field.AEROSPACE,))
    )
    await catalogue.bring_demand(event_id=event.id, demand_id=demand.id, registration_id=demand_owner.id)

    east_report = await reports.funnel_report(filters=reports.ReportFilter(event_id=event.id, district="东城区"))
    assert (east_report.funnel.registrations, east_report.funnel.held, east_report.funnel.meeting_requests) == (1, 1, 1)
    materials = await reports.funnel_report(filters=reports.ReportFilter(field=Field.NEW_MATERIALS))
    assert (materials.funnel.registrations, materials.funnel.held) == (1, 1)  # the team presenting it
    aerospace = await reports.funnel_report(filters=reports.ReportFilter(field=Field.AEROSPACE))
    assert (aerospace.funnel.registrations, aerospace.funnel.held) == (1, 0)
    by_university = await reports.funnel_report(filters=reports.ReportFilter(university_id=team.organization))
    assert (by_university.funnel.registrations, by_university.funnel.held) == (1, 2)


async def test_a_date_range_counts_what_happened_inside_it() -> None:
    event = await make_fair(starts_on=date(2026, 12, 3))
    signed_in_range = await make_deal(event_id=event.id, amount="100", stage_on=date(2026, 11, 20))
    await deals.change_deal(
        deal_id=signed_in_range.id,
        changes=deals.DealChanges(stage=DealStage.SIGNED, stage_on=date(2026, 12, 5)),
        by=None,
    )
    landed_later = await make_deal(event_id=event.id, amount="200", stage=DealStage.SIGNED, stage_on=date(2026, 12, 3))
    await deals.change_deal(
        deal_id=landed_later.id,
        changes=deals.DealChanges(stage=DealStage.LANDED, stage_on=date(2027, 3, 1)),
        by=None,
    )
    await make_deal(event_id=event.id, amount="400", stage=DealStage.INTENT, stage_on=date(2026, 12, 31))
    await make_deal(event_id=event.id, amount="800", stage=DealStage.SIGNED, stage_on=date(2027, 1, 1))

    december = await reports.funnel_report(
        filters=reports.ReportFilter(on_from=date(2026, 12, 1), on_to=date(2026, 12, 31))
    )
    assert (december.totals.signed, december.totals.signed_fen) == (2, 30_000)
    assert (december.totals.landed, december.totals.landed_fen) == (0, 0)
    assert december.funnel.deals[DealStage.SIGNED] == 1
    assert december.funnel.deals[DealStage.INTENT] == 1
    assert december.funnel.deals[DealStage.LANDED] == 0  # it landed in March
    assert december.timeline_unit == "day"
    assert len(december.timeline) == 31
    assert sum(point.signed_fen for point in december.timeline) == 30_000

    year_2027 = await reports.funnel_report(
        filters=reports.ReportFilter(on_from=date(2027, 1, 1), on_to=date(2027, 12, 31))
    )
    assert (year_2027.totals.signed_fen, year_2027.totals.landed_fen) == (80_000, 20_000)
    assert year_2027.timeline_unit == "month"
    assert [point.period for point in year_2027.timeline][:3] == ["2027-01", "2027-02", "2027-03"]
    assert len(year_2027.timeline) == 12


async def test_meetings_in_a_range_are_those_whose_slot_falls_inside() -> None:
    event = await make_fair(starts_on=date(2026, 12, 3))
    await make_meeting(event_id=event.id)
    before = await reports.funnel_report(filters=reports.ReportFilter(on_to=date(2026, 12, 2)))
    during = await reports.funnel_report(
        filters=reports.ReportFilter(on_from=date(2026, 12, 3), on_to=date(2026, 12, 3))
    )
    assert (before.funnel.held, during.funnel.held) == (0, 1)


# --- exact totals, whatever the filter -------------------------------------------------------------------


def _python_totals(rows: list[dict[str, Any]], flt: reports.ReportFilter) -> tuple[int, int, int, int]:
    """The bureau numbers computed independently, in Python, from every deal row."""

    def inside(day: date | None) -> bool:
        if day is None:
            return False
        return (flt.on_from is None or day >= flt.on_from) and (flt.on_to is None or day <= flt.on_to)

    signed = signed_fen = landed = landed_fen = 0
    for row in rows:
        if flt.event_id is not None and row["event"] != flt.event_id:
            continue
        if flt.district and row["enterprise.district"] != flt.district:
            continue
        if flt.university_id is not None and row["team_organization"] != flt.university_id:
            continue
        if flt.field is not None and row["achievement.field"] != flt.field.value:
            continue
        if row["stage"] in ("signed", "landed") and inside(deals._as_date(row["signed_on"])):
            signed += 1
            signed_fen += row["amount_fen"]
        if row["stage"] == "landed" and inside(deals._as_date(row["landed_on"])):
            landed += 1
            landed_fen += row["amount_fen"]
    return signed, signed_fen, landed, landed_fen


async def test_report_sums_equal_the_sums_of_the_deals_they_cover_to_the_fen() -> None:
    rng = random.Random(20261203)
    fairs_ = [await make_fair(), await make_fair()]
    universities = [await make_organization(kind="university") for _ in range(3)]
    enterprises = [await make_organization(district=d) for d in ("东城区", "西城区", "海淀区", "")]
    achievements = [
        await make_achievement(organization_id=universities[0].id, fields=(Field.BIOMEDICINE,)),
        await make_achievement(organization_id=universities[1].id, fields=(Field.NEW_ENERGY,)),
    ]
    days = [date(2026, 12, 3), date(2026, 12, 4), date(2027, 1, 15), date(2027, 6, 30)]
    for n in range(60):
        amount = AWKWARD[n % len(AWKWARD)] if n < 24 else f"{rng.randint(0, 10**10)}.{rng.randint(0, 99):02d}"
        stage = rng.choice([DealStage.INTENT, DealStage.NEGOTIATING, DealStage.SIGNED, DealStage.LANDED])
        deal = await make_deal(
            event_id=rng.choice([*[f.id for f in fairs_], None]),
            amount=amount,
            stage=DealStage.SIGNED if stage is DealStage.LANDED else stage,
            stage_on=days[rng.randrange(2)],
            contract_type=rng.choice(list(TransferMode)),
            team_organization_id=rng.choice(universities).id,
            enterprise_id=rng.choice(enterprises).id,
            achievement_id=rng.choice([*[a.id for a in achievements], None]),
        )
        if stage is DealStage.LANDED:
            await deals.change_deal(
                deal_id=deal.id,
                changes=deals.DealChanges(stage=DealStage.LANDED, stage_on=rng.choice(days[2:])),
                by=None,
            )
        elif rng.random() < 0.15:
            await deals.change_deal(
                deal_id=deal.id,
                changes=deals.DealChanges(stage=DealStage.DROPPED, stage_on=date(2027, 7, 1)),
                by=None,
            )

    rows = await Deal.select(*Deal.all_columns(), Deal.enterprise.district, Deal.achievement.field)
    assert sum(1 for row in rows if row["amount_fen"] == 9_999_999_999) >= 3
    filters = [
        reports.ReportFilter(),
        reports.ReportFilter(event_id=fairs_[0].id),
        reports.ReportFilter(event_id=fairs_[1].id, district="东城区"),
        reports.ReportFilter(district=""),
        reports.ReportFilter(university_id=universities[0].id, field=Field.BIOMEDICINE),
        reports.ReportFilter(field=Field.NEW_ENERGY),
        reports.ReportFilter(on_from=date(2026, 12, 4)),
        reports.ReportFilter(on_to=date(2026, 12, 3)),
        reports.ReportFilter(on_from=date(2027, 1, 1), on_to=date(2027, 12, 31), district="西城区"),
        reports.ReportFilter(on_from=date(2026, 12, 3), on_to=date(2026, 12, 3), event_id=fairs_[0].id),
    ]
    nonzero = 0
    for flt in filters:
        report = await reports.funnel_report(filters=flt)
        expected = _python_totals(rows, flt)
        got = (report.totals.signed, report.totals.signed_fen, report.totals.landed, report.totals.landed_fen)
        assert got == expected, flt
        nonzero += expected[1] > 0
        for dimension, breakdown in report.breakdowns.items():
            assert sum(row.figures.signed_fen for row in breakdown) == report.totals.signed_fen, (flt, dimension)
            assert sum(row.figures.landed_fen for row in breakdown) == report.totals.landed_fen, (flt, dimension)
            assert sum(row.figures.signed for row in breakdown) == report.totals.signed, (flt, dimension)
        assert sum(point.signed_fen for point in report.timeline) == report.totals.signed_fen
        assert sum(point.landed_fen for point in report.timeline) == report.totals.landed_fen
    assert nonzero >= 7


async def test_the_largest_sums_stay_exact() -> None:
    """A hundred contracts of 99,999,999.99 and one of 0.01: no float would keep the last fen."""
    university = await make_organization(kind="university")
    enterprise = await make_organization()
    for _ in range(100):
        await make_deal(
            event_id=None,
            amount="99999999.99",
            stage=DealStage.SIGNED,
            team_organization_id=university.id,
            enterprise_id=enterprise.id,
        )
    await make_deal(
        event_id=None,
        amount="0.01",
        stage=DealStage.SIGNED,
        team_organization_id=university.id,
        enterprise_id=enterprise.id,
    )
    report = await reports.funnel_report(filters=reports.ReportFilter())
    assert report.totals.signed_fen == 100 * 9_999_999_999 + 1 == 999_999_999_901
    assert report.totals.signed == 101


async def test_an_empty_database_reports_zeros() -> None:
    report = await reports.funnel_report(filters=reports.ReportFilter(on_from=date(2026, 1, 1)))
    assert report.totals == reports.Figures()
    assert report.funnel.registrations == 0
    assert report.timeline == []
    assert all(rows == [] for rows in report.breakdowns.values())


async def test_registrations_in_a_range_are_counted_by_the_day_they_were_made() -> None:
    event = await make_fair()
    registration = await make_registration(event_id=event.id)
    await Registration.update({Registration.created_at: datetime(2026, 11, 30, 16, 30, tzinfo=UTC)}).where(
        Registration.id == registration.id
    )  # 00:30 on 1 December in Shanghai
    december = await reports.funnel_report(filters=reports.ReportFilter(on_from=date(2026, 12, 1)))
    november = await reports.funnel_report(filters=reports.ReportFilter(on_to=date(2026, 11, 30)))
    assert (december.funnel.registrations, november.funnel.registrations) == (1, 0)


@pytest.mark.parametrize("count", [0, 1])
async def test_dropped_deals_are_neither_signed_nor_landed(count: int) -> None:
    deal = await make_deal(event_id=None, amount="5", stage=DealStage.SIGNED)
    if count:
        await deals.change_deal(deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.DROPPED), by=None)
    report = await reports.funnel_report(filters=reports.ReportFilter())
    assert report.totals.signed == 1 - count
    assert report.funnel.deals[DealStage.DROPPED] == count


def test_periods_cross_the_year() -> None:
    assert reports._periods(date(2026, 11, 5), date(2027, 2, 1), "month") == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]
    assert list(itertools.islice(reports._periods(date(2026, 12, 30), date(2027, 1, 2), "day"), 4)) == [
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
        "2027-01-02",
    ]


async def test_a_district_may_contain_the_key_separator() -> None:
    event = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    odd = await make_organization(district="高新区|一期")
    enterprise = await make_registration(event_id=event.id, role="enterprise", organization_id=odd.id)
    meeting = await make_meeting(event_id=event.id, team=team, enterprise=enterprise, achievement_id=achievement.id)
    await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(meeting_id=meeting.id, amount=Decimal("12.34"), stage=DealStage.SIGNED),
        by=None,
    )
    report = await reports.funnel_report(filters=reports.ReportFilter(event_id=event.id))
    district = {row.key: row.figures for row in report.breakdowns["district"]}
    assert district == {"高新区|一期": reports.Figures(held=1, deals=1, signed=1, signed_fen=1234)}
    assert {row.key for row in report.breakdowns["field"]} == {"new_materials"}
