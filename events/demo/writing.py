"""Titles, summaries, demands and messages written from the templates in :mod:`events.demo.data`."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from events.demo.data.demands import DemandTemplate
from events.demo.data.topics import (
    CHIP,
    COMMON_FORMS,
    DEVICE,
    DRUG,
    FORMS,
    MATERIAL,
    METHOD,
    PROCESS,
    SOFTWARE,
    SYSTEM,
    VARIETY,
    Topic,
)
from events.vocabulary import IPType, Maturity

NUMBER_RANGE = re.compile(r"\{(\d+)-(\d+)\}")

# What each stage of maturity lets a team say about where the achievement stands, by what kind of thing it is.
MADE = "made"  # materials and processes: samples, pilot lines, process packages
BUILT = "built"  # devices, systems, software, chips and methods: prototypes, field trials, users
KIND_FAMILIES: dict[str, str] = {
    MATERIAL: MADE,
    PROCESS: MADE,
    DEVICE: BUILT,
    SYSTEM: BUILT,
    SOFTWARE: BUILT,
    CHIP: BUILT,
    METHOD: BUILT,
    DRUG: DRUG,
    VARIETY: VARIETY,
}
MATURITY_SENTENCES: dict[str, dict[Maturity, tuple[str, ...]]] = {
    MADE: {
        Maturity.LABORATORY: (
            "目前处于实验室验证阶段，希望与企业联合开展工程化开发。",
            "已完成实验室验证，寻求在{use}方向有应用场景的企业合作。",
        ),
        Maturity.BENCH_SCALE: (
            "已完成小试，样品性能稳定，可与企业共建中试线。",
            "已完成小试验证，正在{use}领域开展应用评估。",
        ),
        Maturity.PILOT: (
            "已在合作企业完成中试验证，可提供工艺包和技术培训。",
            "已建成中试线，可开展{use}场景的示范应用。",
        ),
        Maturity.SMALL_BATCH: (
            "已实现小批量生产，在{2-6}家企业试用，用户反馈良好。",
            "已小批量供货，正在{use}领域扩大应用。",
        ),
        Maturity.INDUSTRIALIZED: (
            "已实现产业化，累计推广应用{10-80}家企业，新增产值超过{2000-9000}万元。",
            "技术已成熟并在{use}领域规模化应用，可整体转让或合作建线。",
        ),
    },
    BUILT: {
        Maturity.LABORATORY: (
            "已完成原理样机验证，希望与企业联合开展工程化开发。",
            "目前处于原理验证阶段，寻求在{use}方向有应用场景的企业合作。",
        ),
        Maturity.BENCH_SCALE: (
            "已完成工程样机和实验室测试，可与企业共同开展现场验证。",
            "工程样机已完成，正在{use}场景开展测试。",
        ),
        Maturity.PILOT: (
            "已在{use}完成试点应用，运行稳定。",
            "已完成现场试验，可与企业合作开展示范应用。",
        ),
        Maturity.SMALL_BATCH: (
            "已小批量交付，在{2-6}家用户试用，反馈良好。",
            "已小批量生产，正在{use}领域扩大应用。",
        ),
        Maturity.INDUSTRIALIZED: (
            "已实现产业化，累计服务用户{10-80}家，新增产值超过{2000-9000}万元。",
            "产品已成熟并在{use}领域规模化应用，可整体转让或合作生产。",
        ),
    },
    DRUG: {
        Maturity.LABORATORY: ("目前处于药效学研究阶段，寻求有研发能力的企业合作开发。",),
        Maturity.BENCH_SCALE: ("已完成克级制备和初步药效评价，可合作开展临床前研究。",),
        Maturity.PILOT: ("已完成中试放大和主要临床前研究，具备申报临床试验的条件。",),
        Maturity.SMALL_BATCH: ("已完成临床前研究，正在准备临床试验申请。",),
        Maturity.INDUSTRIALIZED: ("已获批上市，可合作拓展新适应症。",),
    },
    VARIETY: {
        Maturity.LABORATORY: ("目前处于品系选育阶段。",),
        Maturity.BENCH_SCALE: ("已完成品比试验，表现稳定。",),
        Maturity.PILOT: ("已完成区域试验，正在{use}开展生产示范。",),
        Maturity.SMALL_BATCH: ("已在{use}示范种植{500-3000}亩，表现稳定。",),
        Maturity.INDUSTRIALIZED: ("已通过品种审定，累计推广{5-30}万亩。",),
    },
}


def protection_sentence(ip_type: IPType, numbers: int) -> str:
    """How the achievement is protected, in a sentence ("" when there is nothing to say)."""
    if ip_type in (IPType.INVENTION_PATENT, IPType.UTILITY_MODEL, IPType.DESIGN_PATENT):
        return f"已获授权专利{numbers}项。"
    return {
        IPType.SOFTWARE_COPYRIGHT: f"已登记软件著作权{numbers}项。",
        IPType.IC_LAYOUT: "已登记集成电路布图设计。",
        IPType.NEW_PLANT_VARIETY: "已获植物新品种权。",
        IPType.KNOW_HOW: "核心工艺以技术秘密形式保护。",
    }.get(ip_type, "")


INTRODUCTIONS = ("本成果", "该技术", "团队")
RESULT_LEADS = ("", "经测试，", "第三方检测表明，", "实际应用中，")


def fill_numbers(rng: random.Random, text: str) -> str:
    """Replace every ``{a-b}`` with a number between a and b (rounded to a round figure for large ranges)."""

    def draw(match: re.Match[str]) -> str:
        low, high = int(match.group(1)), int(match.group(2))
        value = rng.randint(low, high)
        step = 100 if high - low >= 1000 else 10 if high - low >= 100 else 1
        return str(max(low, value - value % step))

    return NUMBER_RANGE.sub(draw, text)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Title:
    zh: str
    en: str
    use: tuple[str, str]  # the application the title names or the summary mentions


def repeats(use: str, core: str) -> bool:
    """Whether naming the application would repeat a word of the title (面向城市配电网的配电网…)."""
    return any(use[i : i + 3] in core for i in range(len(use) - 2))


def title_choices(topic: Topic) -> list[Title]:
    """Every title the topic can be written as (forms × applications), in a fixed order."""
    titles: list[Title] = []
    for form_zh, form_en in (*COMMON_FORMS, *FORMS[topic.kind]):
        named = "{use}" in form_zh
        for use in [u for u in topic.uses if not repeats(u[0], topic.zh)] if named else topic.uses[:1]:
            english_form = form_en
            if "{use}" in form_en and " for " in topic.en:
                english_form = "{Core} ({use})"
            titles.append(
                Title(
                    zh=form_zh.format(core=topic.zh, use=use[0]),
                    en=capitalised(english_form.format(Core=capitalised(topic.en), core=topic.en, use=use[1])),
                    use=use,
                )
            )
    return titles


def achievement_summary(
    rng: random.Random, *, topic: Topic, problem: str, maturity: Maturity, use: str, protection: str
) -> str:
    """Two to four sentences: background, what is new, results, and where it stands."""
    idea = f"{rng.choice(INTRODUCTIONS)}{topic.idea}。"
    result = f"{rng.choice(RESULT_LEADS)}{fill_numbers(rng, topic.result)}。"
    sentences = [idea, result]
    if rng.random() < 0.6:
        sentences.insert(0, problem)
    if rng.random() < 0.65:
        sentences_for = MATURITY_SENTENCES[KIND_FAMILIES[topic.kind]][maturity]
        stage = fill_numbers(rng, rng.choice(sentences_for)).format(use=use)
        if protection and rng.random() < 0.5:
            stage += protection
        sentences.append(stage)
    return "".join(sentences)


@dataclass(frozen=True, slots=True)
class DemandText:
    title: str
    title_en: str
    summary: str
    keywords: tuple[str, ...]


def demand_text(template: DemandTemplate, product: tuple[str, str], *, ending: str) -> DemandText:
    zh, en = product
    return DemandText(
        title=template.title.format(p=zh),
        title_en=capitalised(template.title_en.format(p=en, P=capitalised(en))),
        summary=template.summary.format(p=zh) + ending,
        keywords=(*template.keywords, zh),
    )


# How firms end a demand: what they can spend and by when. {low}/{high} in 万元.
BUDGET_ENDINGS = (
    "预算{low}到{high}万元，希望{year}年{month}月前能拿出方案。",
    "这件事能投入{low}-{high}万元，最好{year}年{month}月前见到效果。",
    "预算大概{low}到{high}万，希望{year}年{month}月前能看到样机或小试结果。",
    "费用在{low}到{high}万元之间都可以谈，{year}年{month}月前要上线。",
)
OPEN_ENDINGS = (
    "费用可以面谈，希望{year}年{month}月前能有初步方案。",
    "合作方式和费用都可以商量，{year}年{month}月前要解决。",
)


def demand_ending(
    rng: random.Random, *, budget_wan: tuple[int, int] | None, wanted_month: int, wanted_year: int
) -> str:
    """The sentence firms end with: money and time."""
    if budget_wan is None:
        return rng.choice(OPEN_ENDINGS).format(year=wanted_year, month=wanted_month)
    low, high = budget_wan
    return rng.choice(BUDGET_ENDINGS).format(low=low, high=high, year=wanted_year, month=wanted_month)
