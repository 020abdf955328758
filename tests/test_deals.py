"""Deals: logging from a meeting or without one, stages with their dates, registration numbers, exact amounts,
the append-only history, and who sees which deal."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest

from events import deals
from events.accounts import Principal, assign_staff
from events.errors import DomainError, ErrorKind
from events.pagination import PageRequest
from events.tables import Deal, DealChange
from events.vocabulary import DealStage, LicenceTerms, TransferMode, UserRole
from tests.deals_support import make_deal, make_meeting, make_team_with_achievement
from tests.factories import make_fair, make_organization, make_registration, make_user

ORGANIZER = Principal(user_id=1, username="o", role=UserRole.ORGANIZER, via="token")


async def test_a_deal_from_a_held_meeting_takes_its_defaults_and_records_its_first_history() -> None:
    event = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    meeting = await make_meeting(event_id=event.id, team=team, achievement_id=achievement.id)
    staff = await make_user(role="staff")

    deal = await deals.log_deal(
        event_id=event.id, data=deals.DealInput(meeting_id=meeting.id, amount=Decimal("1250000.00")), by=staff.id
    )

    enterprise = await make_organization()  # unrelated: the deal's enterprise comes from the meeting
    assert enterprise.id != deal.enterprise_id
    assert deal.event_id == event.id
    assert deal.meeting_id == meeting.id
    assert deal.achievement_id == achievement.id
    assert deal.team_organization_id == team.organization
    assert deal.contract_type is TransferMode.LICENCE  # the achievement's first transfer mode
    assert deal.stage is DealStage.INTENT
    assert deal.intent_on == deals.today_in(event.time_zone)
    assert deal.amount == Decimal("1250000.00")
    assert deal.amount_fen == 125_000_000
    history = await deals.deal_history(deal_id=deal.id)
    assert len(history) == 1
    assert history[0].changed_by_id == staff.id
    assert history[0].changes["amount_fen"] == [None, 125_000_000]
    assert history[0].changes["stage"] == [None, "intent"]
    assert history[0].changes["meeting"] == [None, meeting.id]


async def test_the_team_achievement_is_found_when_the_request_names_none() -> None:
    event = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    meeting = await make_meeting(event_id=event.id, team=team)
    defaults = await deals.meeting_defaults(meeting_id=meeting.id, event_id=event.id)
    assert defaults.achievement_id == achievement.id
    assert defaults.achievements == ((achievement.id, achievement.title),)


async def test_explicit_values_win_over_the_meeting() -> None:
    event = await make_fair()
    team, achievement = await make_team_with_achievement(event_id=event.id)
    meeting = await make_meeting(event_id=event.id, team=team, achievement_id=achievement.id)
    deal = await deals.log_deal(
        event_id=event.id,
        data=deals.DealInput(
            meeting_id=meeting.id,
            contract_type=TransferMode.DEVELOPMENT,
            stage=DealStage.SIGNED,
            stage_on=date(2026, 12, 3),
            amount=Decimal("0.01"),
            note="  现场签约  ",
        ),
        by=None,
    )
    assert deal.contract_type is TransferMode.DEVELOPMENT
    assert deal.stage is DealStage.SIGNED
    # skipped stages take the date of the jump
    assert (deal.intent_on, deal.negotiating_on, deal.signed_on) == (date(2026, 12, 3),) * 3
    assert deal.amount_fen == 1
    assert deal.note == "现场签约"


async def test_a_deal_without_a_meeting_needs_both_parties() -> None:
    event = await make_fair()
    university = await make_organization(kind="university")
    with pytest.raises(DomainError) as missing:
        await deals.log_deal(
            event_id=event.id,
            data=deals.DealInput(contract_type=TransferMode.SERVICE, team_organization_id=university.id),
            by=None,
        )
    assert missing.value.code == "missing_enterprise"
    with pytest.raises(DomainError) as same:
        await deals.log_deal(
            event_id=event.id,
            data=deals.DealInput(
                contract_type=TransferMode.SERVICE, team_organization_id=university.id, enterprise_id=university.id
            ),
            by=None,
        )
    assert same.value.code == "same_party"


async def test_the_team_organization_defaults_to_the_achievement_owner() -> None:
    _, achievement = await make_team_with_achievement(event_id=(await make_fair()).id)
    enterprise = await make_organization()
    deal = await deals.log_deal(
        event_id=None,
        data=deals.DealInput(achievement_id=achievement.id, enterprise_id=enterprise.id),
        by=None,
    )
    assert deal.team_organization_id == achievement.organization
    assert deal.event_id is None
    assert deal.intent_on == deals.today_in("Asia/Shanghai")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (deals.DealInput(), "missing_contract_type"),
        (
            deals.DealInput(contract_type=TransferMode.ASSIGNMENT, licence_terms=LicenceTerms.USE_FIRST_PAY_LATER),
            "licence_terms_need_licence",
        ),
        (deals.DealInput(contract_type=TransferMode.SERVICE, stage=DealStage.DROPPED), "dropped_on_creation"),
        (deals.DealInput(contract_type=TransferMode.SERVICE, amount=Decimal("1.001")), "too_many_decimals"),
        (deals.DealInput(contract_type=TransferMode.SERVICE, amount=Decimal("-1")), "negative_amount"),
        (
            deals.DealInput(contract_type=TransferMode.SERVICE, registration_number="2026110101000123"),
            "registration_before_signing",
        ),
        (
            deals.DealInput(contract_type=TransferMode.SERVICE, stage=DealStage.SIGNED, registration_number="号码"),
            "invalid_registration_number",
        ),
    ],
)
async def test_invalid_deals_are_refused_with_a_code(data: deals.DealInput, code: str) -> None:
    team = await make_organization(kind="university")
    enterprise = await make_organization()
    data = deals.DealInput(
        **{
            **{name: getattr(data, name) for name in deals.DealInput.__dataclass_fields__},
            "team_organization_id": team.id,
            "enterprise_id": enterprise.id,
        }
    )
    with pytest.raises(DomainError) as refused:
        await deals.log_deal(event_id=None, data=data, by=None)
    assert refused.value.code == code
    assert await Deal.count() == 0
    assert await DealChange.count() == 0


async def test_use_first_pay_later_is_a_licence_term() -> None:
    deal = await make_deal(
        event_id=None, contract_type=TransferMode.LICENCE, licence_terms=LicenceTerms.USE_FIRST_PAY_LATER
    )
    assert deal.licence_terms is LicenceTerms.USE_FIRST_PAY_LATER
    assert deal.amount_fen == 0


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
async def test_no_deal_comes_out_of_a_meeting_that_did_not_happen(status: str) -> None:
    event = await make_fair()
    meeting = await make_meeting(event_id=event.id, status=status)
    with pytest.raises(DomainError) as refused:
        await deals.log_deal(
            event_id=event.id,
            data=deals.DealInput(meeting_id=meeting.id, contract_type=TransferMode.SERVICE),
            by=None,
        )
    assert refused.value.code == "meeting_not_held"
    assert refused.value.kind is ErrorKind.CONFLICT


async def test_a_meeting_of_another_fair_is_not_found() -> None:
    event, other = await make_fair(), await make_fair()
    meeting = await make_meeting(event_id=other.id)
    with pytest.raises(DomainError) as refused:
        await deals.log_deal(
            event_id=event.id,
            data=deals.DealInput(meeting_id=meeting.id, contract_type=TransferMode.SERVICE),
            by=None,
        )
    assert refused.value.code == "unknown_meeting"
    assert refused.value.kind is ErrorKind.NOT_FOUND


async def test_stages_move_forward_with_their_dates_and_each_change_is_recorded() -> None:
    event = await make_fair()
    deal = await make_deal(event_id=event.id, stage_on=date(2026, 12, 3), amount="500000")
    by = (await make_user(role="staff")).id

    deal, diff = await deals.change_deal(
        deal_id=deal.id,
        changes=deals.DealChanges(stage=DealStage.NEGOTIATING, stage_on=date(2026, 12, 10)),
        by=by,
    )
    assert diff == {"stage": ["intent", "negotiating"], "negotiating_on": [None, "2026-12-10"]}
    deal, diff = await deals.change_deal(
        deal_id=deal.id,
        changes=deals.DealChanges(stage=DealStage.SIGNED, stage_on=date(2027, 1, 5), amount=Decimal("480000.50")),
        by=by,
    )
    assert diff == {
        "amount_fen": [50_000_000, 48_000_050],
        "stage": ["negotiating", "signed"],
        "signed_on": [None, "2027-01-05"],
    }
    deal, _ = await deals.change_deal(
        deal_id=deal.id, changes=deals.DealChanges(registration_number="2027110101000042"), by=by
    )
    deal, _ = await deals.change_deal(
        deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.LANDED, stage_on=date(2027, 6, 1)), by=by
    )
    assert deal.stage is DealStage.LANDED
    assert (deal.intent_on, deal.negotiating_on, deal.signed_on, deal.landed_on) == (
        date(2026, 12, 3),
        date(2026, 12, 10),
        date(2027, 1, 5),
        date(2027, 6, 1),
    )
    assert deal.registration_number == "2027110101000042"
    history = await deals.deal_history(deal_id=deal.id)
    assert [list(change.changes) for change in history[1:]] == [
        ["stage", "negotiating_on"],
        ["amount_fen", "stage", "signed_on"],
        ["registration_number"],
        ["stage", "landed_on"],
    ]
    assert {change.changed_by_id for change in history[1:]} == {by}


async def test_a_change_that_changes_nothing_is_not_recorded() -> None:
    deal = await make_deal(event_id=None, amount="10", note="x")
    _, diff = await deals.change_deal(
        deal_id=deal.id, changes=deals.DealChanges(amount=Decimal("10.00"), note="x"), by=None
    )
    assert diff == {}
    assert len(await deals.deal_history(deal_id=deal.id)) == 1


async def test_dates_cannot_go_back_in_time() -> None:
    deal = await make_deal(event_id=None, stage_on=date(2026, 12, 3))
    with pytest.raises(DomainError) as refused:
        await deals.change_deal(
            deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.SIGNED, stage_on=date(2026, 12, 1)), by=None
        )
    assert refused.value.code == "dates_out_of_order"
    assert len(await deals.deal_history(deal_id=deal.id)) == 1


async def test_going_backwards_is_a_correction_only_organizers_make() -> None:
    deal = await make_deal(event_id=None, stage=DealStage.LANDED, stage_on=date(2026, 12, 3))
    with pytest.raises(DomainError) as refused:
        await deals.change_deal(deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.NEGOTIATING), by=None)
    assert refused.value.code == "stage_backwards"
    with pytest.raises(DomainError) as final:
        await deals.change_deal(deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.DROPPED), by=None)
    assert final.value.code == "landed_is_final"

    corrected, diff = await deals.change_deal(
        deal_id=deal.id,
        changes=deals.DealChanges(stage=DealStage.SIGNED, stage_on=date(2026, 12, 3)),
        by=None,
        allow_backwards=True,
    )
    assert corrected.stage is DealStage.SIGNED
    assert corrected.landed_on is None
    assert diff == {"stage": ["landed", "signed"], "landed_on": ["2026-12-03", None]}


async def test_a_dropped_deal_can_be_reopened() -> None:
    deal = await make_deal(event_id=None, stage=DealStage.NEGOTIATING, stage_on=date(2026, 12, 3))
    dropped, _ = await deals.change_deal(
        deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.DROPPED, stage_on=date(2026, 12, 20)), by=None
    )
    assert dropped.stage is DealStage.DROPPED
    assert dropped.dropped_on == date(2026, 12, 20)
    assert dropped.negotiating_on == date(2026, 12, 3)
    reopened, diff = await deals.change_deal(
        deal_id=deal.id, changes=deals.DealChanges(stage=DealStage.SIGNED, stage_on=date(2027, 2, 1)), by=None
    )
    assert reopened.stage is DealStage.SIGNED
    assert reopened.dropped_on is None
    assert diff == {
        "stage": ["dropped", "signed"],
        "signed_on": [None, "2027-02-01"],
        "dropped_on": ["2026-12-20", None],
    }


async def test_a_registration_number_belongs_to_one_deal() -> None:
    first = await make_deal(event_id=None, stage=DealStage.SIGNED, registration_number="2026110101000001")
    second = await make_deal(event_id=None, stage=DealStage.SIGNED)
    with pytest.raises(DomainError) as taken:
        await deals.change_deal(
            deal_id=second.id, changes=deals.DealChanges(registration_number=" 2026110101000001 "), by=None
        )
    assert taken.value.code == "registration_number_taken"
    assert taken.value.kind is ErrorKind.CONFLICT
    assert first.registration_number == "2026110101000001"


async def test_awkward_amounts_are_exact() -> None:
    for text, fen in (("0.01", 1), ("99999999.99", 9_999_999_999), ("1250000", 125_000_000), ("0", 0)):
        deal = await make_deal(event_id=None, amount=text)
        assert deal.amount_fen == fen
        assert deal.amount == Decimal(text).quantize(Decimal("0.01"))


# --- the history cannot be edited or deleted -----------------------------------------------------------


async def test_the_database_refuses_to_edit_or_delete_the_history() -> None:
    deal = await make_deal(event_id=None, amount="1")
    await deals.change_deal(deal_id=deal.id, changes=deals.DealChanges(amount=Decimal("2")), by=None)
    before = await deals.deal_history(deal_id=deal.id)

    with pytest.raises(Exception, match="append-only"):
        await DealChange.update({DealChange.changes: {"amount_fen": [0, 1]}}).where(DealChange.deal == deal.id)
    with pytest.raises(Exception, match="append-only"):
        await DealChange.update({DealChange.changed_by: None}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await DealChange.delete().where(DealChange.deal == deal.id)
    with pytest.raises(Exception, match="append-only"):
        await DealChange.delete(force=True)

    assert await deals.deal_history(deal_id=deal.id) == before


async def test_the_domain_offers_no_way_to_change_the_history() -> None:
    public = {name for name in dir(deals) if not name.startswith("_")}
    assert not {name for name in public if "history" in name or "change" in name} - {
        "deal_history",
        "change_deal",
        "DealChanges",
        "ChangeView",
        "DealChange",
    }


async def test_deleting_a_deal_takes_its_history_with_it() -> None:
    deal = await make_deal(event_id=None)
    kept = await make_deal(event_id=None)
    await Deal.delete().where(Deal.id == deal.id)
    assert await DealChange.count().where(DealChange.deal == deal.id) == 0
    assert await DealChange.count().where(DealChange.deal == kept.id) == 1


# --- who sees which deal --------------------------------------------------------------------------------


async def test_organizers_see_all_staff_their_fairs_participants_their_own() -> None:
    fair_a, fair_b = await make_fair(), await make_fair()
    team, achievement = await make_team_with_achievement(event_id=fair_a.id)
    enterprise = await make_registration(event_id=fair_a.id, role="enterprise")
    meeting = await make_meeting(event_id=fair_a.id, team=team, enterprise=enterprise, achievement_id=achievement.id)
    ours = await deals.log_deal(event_id=fair_a.id, data=deals.DealInput(meeting_id=meeting.id), by=None)
    same_fair_other_parties = await make_deal(event_id=fair_a.id)
    other_fair = await make_deal(event_id=fair_b.id, team_organization_id=team.organization)
    no_fair = await make_deal(event_id=None)

    staff_user = await make_user(role="staff")
    await assign_staff(event_id=fair_a.id, username=staff_user.username)
    staff = Principal(user_id=staff_user.id, role=UserRole.STAFF, via="token")
    guest = await make_registration(event_id=fair_a.id, role="guest")
    everyone = {ours.id, same_fair_other_parties.id, other_fair.id, no_fair.id}

    async def visible(principal: Principal) -> set[int]:
        page = await deals.list_deals(principal=principal, filters=deals.DealFilter(), page=PageRequest(200, 0))
        assert page.total == len(page.items)
        return {item.id for item in page.items}

    assert await visible(ORGANIZER) == everyone
    assert await visible(staff) == {ours.id, same_fair_other_parties.id}
    for registration in (team, enterprise):
        participant = Principal(via="personal_link", registration_id=registration.id, registration_event_id=fair_a.id)
        assert await visible(participant) == {ours.id}
        assert await deals.may_read(participant, deal_id=ours.id)
        assert not await deals.may_read(participant, deal_id=other_fair.id)
    guest_principal = Principal(via="personal_link", registration_id=guest.id, registration_event_id=fair_a.id)
    assert await visible(guest_principal) == set()
    assert await visible(Principal()) == set()

    assert await deals.may_manage(staff, event_id=fair_a.id)
    assert not await deals.may_manage(staff, event_id=fair_b.id)
    assert not await deals.may_manage(staff, event_id=None)
    assert await deals.may_manage(ORGANIZER, event_id=None)
    with pytest.raises(DomainError) as refused:
        await deals.require_manageable(staff, deal_id=other_fair.id)
    assert refused.value.kind is ErrorKind.FORBIDDEN


async def test_the_list_filters_combine() -> None:
    event = await make_fair()
    university = await make_organization(kind="university")
    east = await make_organization(district="东城区")
    kept = await make_deal(
        event_id=event.id,
        team_organization_id=university.id,
        enterprise_id=east.id,
        stage=DealStage.SIGNED,
        stage_on=date(2026, 12, 3),
        contract_type=TransferMode.LICENCE,
    )
    await make_deal(event_id=event.id, team_organization_id=university.id, stage_on=date(2026, 12, 3))
    await make_deal(event_id=event.id, enterprise_id=east.id, stage=DealStage.SIGNED, stage_on=date(2025, 1, 1))
    page = await deals.list_deals(
        principal=ORGANIZER,
        filters=deals.DealFilter(
            event_id=event.id,
            district="东城区",
            university_id=university.id,
            stage=DealStage.SIGNED,
            contract_type=TransferMode.LICENCE,
            on_from=date(2026, 12, 1),
            on_to=date(2026, 12, 31),
        ),
        page=PageRequest(50, 0),
    )
    assert [item.id for item in page.items] == [kept.id]


async def test_concurrent_claims_of_one_registration_number_leave_one_winner() -> None:
    team = await make_organization(kind="university")
    enterprise = await make_organization()

    async def claim() -> object:
        try:
            return await deals.log_deal(
                event_id=None,
                data=deals.DealInput(
                    contract_type=TransferMode.ASSIGNMENT,
                    team_organization_id=team.id,
                    enterprise_id=enterprise.id,
                    stage=DealStage.SIGNED,
                    registration_number="2026110101009999",
                ),
                by=None,
            )
        except DomainError as refused:
            return refused.code

    outcomes = await asyncio.gather(*(claim() for _ in range(6)))
    winners = [o for o in outcomes if isinstance(o, deals.DealView)]
    assert len(winners) == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["registration_number_taken"] * 5
    assert await Deal.count() == 1
    assert await DealChange.count() == 1
