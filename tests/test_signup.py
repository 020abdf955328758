"""Public sign-up: role-specific forms validated field by field, the window, the capacity, the personal link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events import signup
from events.errors import DomainError, ValidationError
from events.tables import (
    Achievement,
    Demand,
    EventAchievement,
    EventDemand,
    Organization,
    Person,
    Registration,
    Slot,
)
from tests.factories import make_fair
from tests.signup_helpers import credit_code, open_fair


def enterprise_form(**changes: object) -> signup.SignUp:
    values: dict[str, object] = {
        "role": "enterprise",
        "organization": "江城新能源物流有限公司",
        "credit_code": credit_code(),
        "district": "东湖高新区",
        "contact_name": "李经理",
        "phone": "13800138000",
        "email": "li@example.com",
        "demands": (
            signup.DemandDraft(
                title="电动物流车冬季续航下降",
                field="new_energy_vehicles",
                summary="冬天低温时电池容量衰减一半，希望找到低温电池技术",
                budget_low="300000",
                budget_high="1,000,000",
                transfer_modes=("licence", "development"),
            ),
        ),
    }
    values.update(changes)
    return signup.SignUp(**values)  # type: ignore[arg-type]


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e["field"]: e["code"] for e in exc.value.errors}


async def test_an_enterprise_signs_up_with_its_demand_and_availability() -> None:
    event = await open_fair(sessions=(("09:00", "10:00"),))
    codes = [s.code for s in await Slot.objects().where(Slot.event == event.id).order_by(Slot.position)]
    assert codes == ["d1-0900", "d1-0920", "d1-0940"]
    result = await signup.sign_up(event_id=event.id, data=enterprise_form(available_slots=("d1-0900", "d1-0940")))
    registration = result.registration
    assert registration.status == "pending"
    assert not result.waitlisted
    assert len(registration.portal_token) >= 40
    organization = await Organization.objects().where(Organization.id == registration.organization).first()
    assert organization is not None
    assert (organization.name, organization.kind, organization.credit_code, organization.district) == (
        "江城新能源物流有限公司",
        "enterprise",
        credit_code(),
        "东湖高新区",
    )
    person = await Person.objects().where(Person.id == registration.person).first()
    assert person is not None
    assert (person.name, person.phone, person.email) == ("李经理", "13800138000", "li@example.com")
    middle = await Slot.objects().where((Slot.event == event.id) & (Slot.code == "d1-0920")).first()
    assert middle is not None
    stored = await Registration.objects().where(Registration.id == registration.id).first()
    assert stored is not None
    assert stored.unavailable_slots == [middle.id]
    demand = await Demand.objects().where(Demand.id == result.demand_ids[0]).first()
    assert demand is not None
    assert demand.title == "电动物流车冬季续航下降"
    assert (demand.budget_low_fen, demand.budget_high_fen) == (30_000_000, 100_000_000)
    assert demand.transfer_modes == ["licence", "development"]
    assert demand.organization == organization.id
    assert demand.search_terms.startswith("terms-v1 ")
    brought = await EventDemand.objects().where(EventDemand.event == event.id).first()
    assert brought is not None
    assert (brought.demand, brought.registration) == (demand.id, registration.id)


async def test_every_problem_of_a_form_is_reported_by_field() -> None:
    event = await open_fair()
    bad_code = credit_code()[:17] + ("0" if credit_code()[17] != "0" else "1")
    form = enterprise_form(
        credit_code=bad_code,
        district="",
        phone="",
        email="not-an-address",
        demands=(
            signup.DemandDraft(title="", field="space_elevators", summary="有描述但没有标题", budget_low="abc"),
            signup.DemandDraft(title="第二个需求", field="new_materials", budget_low="500", budget_high="100"),
        ),
        available_slots=("d7-0900",),
    )
    with pytest.raises(ValidationError) as caught:
        await signup.sign_up(event_id=event.id, data=form)
    assert problems(caught) == {
        "credit_code": "invalid_credit_code",
        "district": "required",
        "phone": "required",
        "email": "invalid_email",
        "demands-0-title": "required",
        "demands-0-field": "invalid_choice",
        "demands-0-budget_low": "invalid_amount",
        "demands-1-budget_high": "invalid_range",
        "available_slots": "unknown_slot",
    }
    assert await Registration.count() == 0
    assert await Organization.count() == 0


async def test_an_enterprise_must_bring_a_demand_and_some_time() -> None:
    event = await open_fair()
    with pytest.raises(ValidationError) as caught:
        await signup.sign_up(event_id=event.id, data=enterprise_form(demands=(), available_slots=()))
    assert problems(caught) == {"demands-0-title": "required", "available_slots": "no_time"}


async def test_a_team_signs_up_with_the_achievements_it_presents_and_its_table_needs() -> None:
    event = await open_fair()
    form = signup.SignUp(
        role="team",
        organization="江城理工大学",
        institution_kind="university",
        team_name="先进电池材料课题组",
        contact_name="张教授",
        phone="+86 138-0013-8001",
        achievements=(
            signup.AchievementDraft(
                title="磷酸铁锂电池低温电解液",
                field="new_energy_vehicles",
                maturity="pilot",
                summary="-30℃放电容量保持率80%以上",
                ip_type="invention_patent",
                patent_numbers="ZL202310123456.7， ZL202310654321.0",
                price_low="500000",
                price_high="1500000",
                transfer_modes=("licence",),
            ),
        ),
        table_seats="3",
        table_power=True,
    )
    result = await signup.sign_up(event_id=event.id, data=form)
    stored = await Registration.objects().where(Registration.id == result.registration.id).first()
    assert stored is not None
    assert stored.team_name == "先进电池材料课题组"
    answers = (
        await Registration.select(Registration.answers)
        .where(Registration.id == stored.id)
        .output(load_json=True)
        .first()
    )
    assert answers == {"answers": {"table": {"seats": 3, "power": True, "display": False}}}
    achievement = await Achievement.objects().where(Achievement.id == result.achievement_ids[0]).first()
    assert achievement is not None
    assert achievement.patent_numbers == ["ZL202310123456.7", "ZL202310654321.0"]
    assert achievement.team_name == "先进电池材料课题组"
    assert achievement.maturity == "pilot"
    presented = await EventAchievement.objects().where(EventAchievement.event == event.id).first()
    assert presented is not None
    assert presented.registration == stored.id
    university = await Organization.objects().where(Organization.id == stored.organization).first()
    assert university is not None
    assert university.kind == "university"


async def test_a_team_needs_its_lab_and_a_complete_achievement() -> None:
    event = await open_fair()
    form = signup.SignUp(
        role="team",
        organization="江城理工大学",
        contact_name="张教授",
        phone="13800138001",
        achievements=(signup.AchievementDraft(title="没有领域和成熟度的成果"),),
        table_seats="40",
    )
    with pytest.raises(ValidationError) as caught:
        await signup.sign_up(event_id=event.id, data=form)
    assert problems(caught) == {
        "team_name": "required",
        "achievements-0-field": "required",
        "achievements-0-maturity": "required",
        "table_seats": "invalid_seats",
    }


async def test_investors_and_guests_answer_their_own_questions() -> None:
    event = await open_fair()
    investor = await signup.sign_up(
        event_id=event.id,
        data=signup.SignUp(
            role="investor",
            organization="江城科创投资基金",
            contact_name="赵总",
            phone="13900139000",
            focus_fields=("new_materials", "biomedicine"),
            ticket_size="500-2000万元",
        ),
    )
    guest = await signup.sign_up(
        event_id=event.id,
        data=signup.SignUp(role="guest", contact_name="钱老师", phone="13700137000", purpose="了解成果转化政策"),
    )
    assert investor.registration.role == "investor"
    assert guest.registration.role == "guest"
    assert guest.registration.organization is None
    org = await Organization.objects().where(Organization.id == investor.registration.organization).first()
    assert org is not None
    assert org.kind == "investor"
    with pytest.raises(ValidationError) as caught:
        await signup.sign_up(event_id=event.id, data=signup.SignUp(role="investor", contact_name="孙", phone="1390"))
    assert problems(caught) == {"organization": "required", "phone": "invalid_phone"}
    with pytest.raises(ValidationError) as caught:
        await signup.sign_up(event_id=event.id, data=signup.SignUp(role="caterer"))
    assert problems(caught)["role"] == "invalid_choice"


async def test_registration_follows_the_fair_status_and_its_window() -> None:
    draft = await make_fair()
    with pytest.raises(DomainError) as caught:
        await signup.sign_up(event_id=draft.id, data=enterprise_form())
    assert caught.value.code == "registration_not_open"
    opens = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    closes = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    event = await open_fair(registration_opens_at=opens, registration_closes_at=closes)
    with pytest.raises(DomainError) as caught:
        await signup.sign_up(event_id=event.id, data=enterprise_form(), now=opens - timedelta(seconds=1))
    assert caught.value.code == "registration_not_open"
    with pytest.raises(DomainError) as caught:
        await signup.sign_up(event_id=event.id, data=enterprise_form(), now=closes)
    assert caught.value.code == "registration_closed"
    assert caught.value.kind == "gone"
    result = await signup.sign_up(event_id=event.id, data=enterprise_form(), now=closes - timedelta(seconds=1))
    assert result.registration.status == "pending"


async def test_a_full_role_puts_newcomers_on_the_waiting_list() -> None:
    event = await open_fair(capacities={"enterprise": 1})
    first = await signup.sign_up(event_id=event.id, data=enterprise_form())
    second = await signup.sign_up(
        event_id=event.id,
        data=enterprise_form(
            organization="江城冷链科技有限公司", credit_code=credit_code("91420100MA4KX999"), phone="13800138009"
        ),
    )
    guest = await signup.sign_up(
        event_id=event.id, data=signup.SignUp(role="guest", contact_name="钱老师", phone="13700137000")
    )
    assert (first.waitlisted, second.waitlisted, guest.waitlisted) == (False, True, False)
    assert second.registration.status == "waitlisted"


async def test_one_phone_number_registers_once_per_fair() -> None:
    event = await open_fair()
    await signup.sign_up(event_id=event.id, data=enterprise_form())
    with pytest.raises(ValidationError) as caught:
        await signup.sign_up(event_id=event.id, data=enterprise_form(organization="另一家公司"))
    assert problems(caught) == {"phone": "already_registered"}
    other = await open_fair()
    assert (await signup.sign_up(event_id=other.id, data=enterprise_form())).registration.status == "pending"


async def test_organizers_set_the_window_and_capacities() -> None:
    event = await make_fair()
    opens = datetime(2026, 11, 1, tzinfo=UTC)
    updated = await signup.update_registration_settings(
        event_id=event.id,
        opens_at=opens,
        closes_at=opens + timedelta(days=20),
        capacities={"enterprise": 300, "team": 120, "investor": None},
    )
    assert signup.capacities_of(updated) == {"enterprise": 300, "team": 120}
    with pytest.raises(ValidationError) as caught:
        await signup.update_registration_settings(
            event_id=event.id, opens_at=opens, closes_at=opens, capacities={"team": -1}
        )
    assert problems(caught) == {
        "registration_closes_at": "window_closes_before_open",
        "capacity-team": "invalid_capacity",
    }
