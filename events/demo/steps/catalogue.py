"""Step ``catalogue``: each team's achievements (科技成果) and the enterprises' technology demands."""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta

from events.demo.context import Achievement, Demand, DemoContext, Enterprise, Team
from events.demo.data.demands import DEMANDS
from events.demo.data.organizations import EVALUATORS
from events.demo.data.topics import (
    CHIP,
    DEVICE,
    DRUG,
    GROUPS,
    SECOND_FIELDS,
    SOFTWARE,
    SYSTEM,
    VARIETY,
    Topic,
)
from events.demo.identifiers import (
    DESIGN,
    INVENTION,
    UTILITY_MODEL,
    patent_number,
    plant_variety_right,
    software_registration,
)
from events.demo.plan import ACHIEVEMENTS_PER_TEAM, DEMANDS_PER_FIELD
from events.demo.rows import insert_rows
from events.demo.writing import (
    Title,
    achievement_summary,
    demand_ending,
    demand_text,
    protection_sentence,
    title_choices,
)
from events.tables import Achievement as AchievementRow
from events.tables import Demand as DemandRow
from events.vocabulary import Field, IPType, Maturity, TransferMode

FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 yuan = 1,000,000 fen
NEGOTIABLE = "面议"

MATURITY_WEIGHTS: dict[str, tuple[int, int, int, int, int]] = {  # laboratory … industrialized
    DRUG: (35, 40, 25, 0, 0),
    VARIETY: (0, 0, 30, 40, 30),
    SOFTWARE: (5, 10, 35, 30, 20),
    SYSTEM: (5, 15, 35, 28, 17),
}
DEFAULT_MATURITY_WEIGHTS = (15, 25, 30, 18, 12)

IP_WEIGHTS: dict[str, dict[IPType, int]] = {
    DEVICE: {IPType.INVENTION_PATENT: 60, IPType.UTILITY_MODEL: 35, IPType.DESIGN_PATENT: 5},
    SYSTEM: {IPType.INVENTION_PATENT: 50, IPType.SOFTWARE_COPYRIGHT: 40, IPType.UTILITY_MODEL: 10},
    SOFTWARE: {IPType.SOFTWARE_COPYRIGHT: 70, IPType.INVENTION_PATENT: 30},
    CHIP: {IPType.IC_LAYOUT: 50, IPType.INVENTION_PATENT: 50},
    VARIETY: {IPType.NEW_PLANT_VARIETY: 100},
}
DEFAULT_IP_WEIGHTS = {IPType.INVENTION_PATENT: 85, IPType.KNOW_HOW: 15}

MODE_WEIGHTS: dict[Maturity, dict[TransferMode, int]] = {
    Maturity.LABORATORY: {TransferMode.DEVELOPMENT: 5, TransferMode.EQUITY: 3, TransferMode.LICENCE: 2,
                          TransferMode.CONSULTING: 1},
    Maturity.BENCH_SCALE: {TransferMode.DEVELOPMENT: 4, TransferMode.LICENCE: 4, TransferMode.EQUITY: 3,
                           TransferMode.ASSIGNMENT: 1},
    Maturity.PILOT: {TransferMode.LICENCE: 5, TransferMode.ASSIGNMENT: 3, TransferMode.DEVELOPMENT: 3,
                     TransferMode.EQUITY: 2},
    Maturity.SMALL_BATCH: {TransferMode.ASSIGNMENT: 4, TransferMode.LICENCE: 5, TransferMode.SERVICE: 2,
                           TransferMode.EQUITY: 2},
    Maturity.INDUSTRIALIZED: {TransferMode.ASSIGNMENT: 4, TransferMode.LICENCE: 4, TransferMode.SERVICE: 3,
                              TransferMode.CONSULTING: 1},
}  # fmt: skip
DEMAND_MODE_WEIGHTS = {
    TransferMode.DEVELOPMENT: 5,
    TransferMode.SERVICE: 3,
    TransferMode.ASSIGNMENT: 2,
    TransferMode.LICENCE: 2,
    TransferMode.CONSULTING: 2,
}

# Asking prices in 万元 by maturity: (lowest, highest) for the low end of the range.
PRICE_WAN: dict[Maturity, tuple[int, int]] = {
    Maturity.LABORATORY: (10, 80),
    Maturity.BENCH_SCALE: (30, 150),
    Maturity.PILOT: (80, 400),
    Maturity.SMALL_BATCH: (150, 800),
    Maturity.INDUSTRIALIZED: (300, 2000),
}
DEMAND_BUDGETS_WAN = (10, 20, 30, 50, 80, 100, 150, 200, 300)
DEMAND_BUDGET_WEIGHTS = (10, 14, 14, 16, 12, 12, 8, 8, 6)


def round_wan(value: float) -> int:
    """A price as people quote it: to 5 万 below 100, to 10 below 500, to 50 above."""
    step = 5 if value < 100 else 10 if value < 500 else 50
    return max(step, round(value / step) * step)


def weighted_sample(rng: random.Random, weights: dict[TransferMode, int], count: int) -> list[TransferMode]:
    pool = dict(weights)
    chosen: list[TransferMode] = []
    while pool and len(chosen) < count:
        mode = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(mode)
        del pool[mode]
    return chosen


class _Catalogue:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.titles: set[str] = set()
        # The research direction each topic belongs to: its background sentence opens the summary.
        self.problems = {id(t): group.problem for groups in GROUPS.values() for group in groups for t in group.topics}

    def topics_for(self, team: Team) -> list[tuple[Topic, Title]]:
        """The team's achievements: its direction's topics first, then neighbouring ones, each under a fresh title."""
        rng = self.rng
        own = list(team.group.topics)
        rng.shuffle(own)
        neighbours = [t for group in GROUPS[team.field] if group is not team.group for t in group.topics]
        rng.shuffle(neighbours)
        chosen: list[tuple[Topic, Title]] = []
        for topic in own + neighbours:
            titles = [t for t in title_choices(topic) if t.zh not in self.titles]
            if not titles:
                continue
            title = rng.choice(titles)
            self.titles.add(title.zh)
            chosen.append((topic, title))
            if len(chosen) == ACHIEVEMENTS_PER_TEAM:
                return chosen
        raise ValueError(f"the topics of {team.field.value} cannot give {team.name} {ACHIEVEMENTS_PER_TEAM} titles")

    def ip(self, topic: Topic) -> tuple[IPType, list[str]]:
        rng = self.rng
        weights = IP_WEIGHTS.get(topic.kind, DEFAULT_IP_WEIGHTS)
        ip_type = rng.choices(list(weights), weights=list(weights.values()))[0]
        year = rng.randint(2018, 2025)
        if ip_type is IPType.INVENTION_PATENT:
            return ip_type, [
                patent_number(rng, kind=INVENTION, year=rng.randint(2017, 2025)) for _ in range(rng.randint(1, 3))
            ]
        if ip_type is IPType.UTILITY_MODEL:
            return ip_type, [patent_number(rng, kind=UTILITY_MODEL, year=year) for _ in range(rng.randint(1, 2))]
        if ip_type is IPType.DESIGN_PATENT:
            return ip_type, [patent_number(rng, kind=DESIGN, year=year)]
        if ip_type is IPType.SOFTWARE_COPYRIGHT:
            return ip_type, [software_registration(rng, year=rng.randint(2019, 2026)) for _ in range(rng.randint(1, 3))]
        if ip_type is IPType.NEW_PLANT_VARIETY:
            return ip_type, [plant_variety_right(rng, year=year)]
        return ip_type, []

    def achievement(self, team: Team, topic: Topic, title: Title) -> AchievementRow:
        rng = self.rng
        maturity = rng.choices(list(Maturity), weights=MATURITY_WEIGHTS.get(topic.kind, DEFAULT_MATURITY_WEIGHTS))[0]
        ip_type, numbers = self.ip(topic)
        modes = weighted_sample(rng, MODE_WEIGHTS[maturity], rng.choice((1, 2, 2, 3)))
        fields = [team.field.value]
        second = SECOND_FIELDS.get(topic.zh)
        if second is not None and second is not team.field and rng.random() < 0.8:
            fields.append(second.value)
        row = AchievementRow(
            title=title.zh,
            title_en=title.en,
            summary=achievement_summary(
                rng,
                topic=topic,
                problem=self.problems[id(topic)],
                maturity=maturity,
                use=title.use[0],
                protection=protection_sentence(ip_type, len(numbers)),
            ),
            keywords=[*topic.keywords, title.use[0]],
            field=team.field.value,
            fields=fields,
            maturity=maturity.value,
            ip_type=ip_type.value,
            patent_numbers=numbers,
            transfer_modes=[m.value for m in modes],
            organization=team.academy.id,
            team_name=team.name,
            contact=team.lead_id,
        )
        self.price(row, maturity=maturity, modes=modes)
        return row

    def price(self, row: AchievementRow, *, maturity: Maturity, modes: list[TransferMode]) -> None:
        rng = self.rng
        if rng.random() < 0.18:
            row.price_note = NEGOTIABLE
            return
        low = round_wan(rng.uniform(*PRICE_WAN[maturity]))
        high = max(low, round_wan(low * rng.uniform(1.5, 3.0)))
        row.price_low_fen, row.price_high_fen = low * FEN_PER_WAN, high * FEN_PER_WAN
        if TransferMode.LICENCE in modes and rng.random() < 0.3:
            row.price_note = "许可费可先使用后付费"
        elif TransferMode.EQUITY in modes and rng.random() < 0.4:
            row.price_note = "可作价入股"
        elif TransferMode.SERVICE in modes:
            row.price_note = "含一年技术服务"
        if maturity in (Maturity.PILOT, Maturity.SMALL_BATCH, Maturity.INDUSTRIALIZED) and rng.random() < 0.22:
            row.evaluator = rng.choice(EVALUATORS)
            row.evaluated_value_fen = round_wan(rng.uniform(low, high * 1.2)) * FEN_PER_WAN
            row.evaluated_on = date(2025, 3, 1) + timedelta(days=rng.randint(0, 600))

    def demand(self, enterprise: Enterprise, field: Field, template_product: tuple[int, int]) -> DemandRow:
        rng = self.rng
        template = DEMANDS[field][template_product[0]]
        product = template.products[template_product[1]]
        budget: tuple[int, int] | None = None
        if rng.random() >= 0.15:
            low = rng.choices(DEMAND_BUDGETS_WAN, weights=DEMAND_BUDGET_WEIGHTS)[0]
            budget = (low, round_wan(low * rng.choice((1.5, 2, 2.5, 3))))
        month = rng.randint(3, 12)
        ending = demand_ending(rng, budget_wan=budget, wanted_month=month, wanted_year=2027)
        text = demand_text(template, product, ending=ending)
        fields = [field.value]
        modes = weighted_sample(rng, DEMAND_MODE_WEIGHTS, rng.choice((1, 1, 2)))
        return DemandRow(
            title=text.title,
            title_en=text.title_en,
            summary=text.summary,
            keywords=list(text.keywords),
            field=field.value,
            fields=fields,
            transfer_modes=[m.value for m in modes],
            budget_low_fen=budget[0] * FEN_PER_WAN if budget else None,
            budget_high_fen=budget[1] * FEN_PER_WAN if budget else None,
            wanted_by=date(2027, month, calendar.monthrange(2027, month)[1]),
            organization=enterprise.id,
            contact=enterprise.contact_id,
        )


def _demand_owners(rng: random.Random, demo: DemoContext, field: Field) -> list[Enterprise]:
    """The enterprises of a field that post a demand (the showcase enterprise always does)."""
    showcase = demo.enterprises[0]
    others = [e for e in demo.enterprises if e.field is field and e is not showcase]
    rng.shuffle(others)
    owners = [showcase, *others] if showcase.field is field else others
    if len(owners) < DEMANDS_PER_FIELD[field]:
        raise ValueError(f"only {len(owners)} enterprises in {field.value} for {DEMANDS_PER_FIELD[field]} demands")
    return owners[: DEMANDS_PER_FIELD[field]]


async def add_catalogue(demo: DemoContext) -> None:
    writer = _Catalogue(demo.rng("catalogue"))
    await _add_achievements(demo, writer)
    await _add_demands(demo, writer)


async def _add_achievements(demo: DemoContext, writer: _Catalogue) -> None:
    planned: list[tuple[Team, Topic, AchievementRow]] = []
    for team in demo.teams:
        planned += [(team, topic, writer.achievement(team, topic, title)) for topic, title in writer.topics_for(team)]
    ids = await insert_rows(AchievementRow, [row for _, _, row in planned])
    for (team, topic, row), achievement_id in zip(planned, ids, strict=True):
        team.achievement_ids.append(achievement_id)
        demo.achievements.append(
            Achievement(achievement_id, team, str(row.title), topic.zh, tuple(row.fields), tuple(row.keywords))
        )
    demo.progress(f"achievements {len(ids)}")


async def _add_demands(demo: DemoContext, writer: _Catalogue) -> None:
    rng = writer.rng
    planned: list[tuple[Enterprise, Field, DemandRow, tuple[str, ...]]] = []
    for field in DEMANDS_PER_FIELD:
        combos = [(t, p) for t, template in enumerate(DEMANDS[field]) for p in range(len(template.products))]
        rng.shuffle(combos)
        if len(combos) < DEMANDS_PER_FIELD[field]:
            raise ValueError(f"only {len(combos)} demand texts in {field.value} for {DEMANDS_PER_FIELD[field]}")
        for owner, combo in zip(_demand_owners(rng, demo, field), combos, strict=False):
            answers = DEMANDS[field][combo[0]].answers
            planned.append((owner, field, writer.demand(owner, field, combo), answers))
    ids = await insert_rows(DemandRow, [row for _, _, row, _ in planned])
    for (owner, field, row, answers), demand_id in zip(planned, ids, strict=True):
        owner.demand_ids.append(demand_id)
        demo.demands.append(Demand(demand_id, owner, str(row.title), field, tuple(row.keywords), answers))
    demo.progress(f"demands {len(ids)}")
