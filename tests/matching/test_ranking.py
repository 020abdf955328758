"""Recommendations: order, score range, reasons, filters, both directions, and the semantic orientation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import pytest

from events.matching import (
    LEXICAL_WEIGHTS,
    CatalogueText,
    Corpus,
    ItemVectors,
    Vector,
    Weights,
    best_per_organization,
    budget_fit,
    field_fit,
    item_vectors,
    maturity_fit,
    recommend,
)
from events.matching.evaluation import LabelledSet
from events.vocabulary import Field, Maturity, TransferMode
from tests.matching.helpers import achievement, demand

NEV, MAT, AGR = Field.NEW_ENERGY_VEHICLES, Field.NEW_MATERIALS, Field.MODERN_AGRICULTURE

ELECTROLYTE = achievement(
    1,
    "磷酸铁锂电池低温电解液",
    "低凝固点共溶剂，-30℃放电容量保持率85%，适用于物流车。",
    keywords=("锂电池", "低温", "电解液"),
    fields=(NEV, MAT),
    maturity=Maturity.PILOT,
    modes=(TransferMode.LICENCE, TransferMode.DEVELOPMENT),
    price=("2000000", "4000000"),
    organization="滨江大学电化学储能材料实验室",
)
SODIUM = achievement(
    2,
    "钠离子电池层状氧化物正极材料",
    "不含锂，低温容量保持率90%，适合低速车。",
    keywords=("钠离子电池", "正极材料"),
    fields=(NEV, MAT),
    maturity=Maturity.BENCH_SCALE,
    price=("800000", "1500000"),
)
IRRIGATION = achievement(
    3,
    "果园水肥一体化智能灌溉",
    "滴灌与施肥自动控制，节水40%。",
    fields=(AGR,),
    maturity=Maturity.INDUSTRIALIZED,
    price=("200000", "600000"),
)
COATING = achievement(
    4,
    "石墨烯改性重防腐涂料",
    "沿海钢结构长效防护，盐雾4000小时。",
    fields=(MAT,),
    maturity=Maturity.SMALL_BATCH,
    price=("9000000", "9000000"),
)
ACHIEVEMENTS = [ELECTROLYTE, SODIUM, IRRIGATION, COATING]

WINTER = demand(
    1001,
    "物流车冬天续航掉一半",
    "我们的电动物流车冬天零下十度续航只有夏天一半，锂电池低温放电差。",
    fields=(NEV,),
    maturity=Maturity.PILOT,
    modes=(TransferMode.LICENCE,),
    price=("1000000", "3000000"),
    organization="滨江快运",
)


@pytest.fixture(scope="module")
def lexical() -> Corpus:
    return Corpus.build(ACHIEVEMENTS, kind="achievement")


def test_lexical_ranking_order_and_score_range(lexical: Corpus) -> None:
    matches = recommend(lexical, WINTER, limit=10)
    assert [m.id for m in matches] == [
        1,
        2,
        3,
        4,
    ]  # irrigation fits maturity and budget; coating neither field nor budget
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert matches[0].parts.semantic == 0.0
    assert matches[0].item is ELECTROLYTE


def test_reasons_explain_fields_terms_maturity_budget_and_cooperation(lexical: Corpus) -> None:
    best = recommend(lexical, WINTER, limit=1)[0]
    reasons = {r.code: r for r in best.reasons}
    assert list(reasons) == ["shared_fields", "matching_terms", "maturity_fit", "budget_fit", "transfer_modes"]
    assert reasons["shared_fields"].zh == "同属领域：新能源汽车"
    assert reasons["shared_fields"].en == "Shared fields: New energy vehicles"
    assert reasons["shared_fields"].values == ("new_energy_vehicles",)
    assert "锂电池" in reasons["matching_terms"].values
    assert "低温" in reasons["matching_terms"].values
    assert reasons["matching_terms"].zh.startswith("共同词语：")
    assert reasons["maturity_fit"].zh == "成熟度满足要求：中试阶段（需求：中试阶段及以上）"
    assert reasons["maturity_fit"].en == "Maturity fits: Pilot (wanted: Pilot or later)"
    assert reasons["budget_fit"].zh == "报价在预算内：成果报价200–400万元，需求预算100–300万元"
    assert reasons["budget_fit"].en == (
        "Price within budget: asking CNY 2,000,000–4,000,000, budget CNY 1,000,000–3,000,000"
    )
    assert reasons["transfer_modes"].zh == "合作方式一致：技术许可"
    assert reasons["transfer_modes"].text("en") == "Matching cooperation: Licence"


def test_reasons_say_when_maturity_or_price_do_not_fit(lexical: Corpus) -> None:
    matches = {m.id: m for m in recommend(lexical, WINTER, limit=10)}
    sodium = {r.code: r for r in matches[2].reasons}
    assert sodium["maturity_below"].zh == "成熟度低于要求：小试阶段（需求：中试阶段及以上）"
    assert sodium["maturity_below"].values == ("bench_scale", "pilot")
    assert "budget_fit" in sodium
    coating = {r.code: r for r in matches[4].reasons}
    assert coating["price_above_budget"].zh == "报价高于预算：成果报价900万元，需求预算100–300万元"
    assert (
        coating["price_above_budget"].en == "Price above budget: asking CNY 9,000,000, budget CNY 1,000,000–3,000,000"
    )
    assert "shared_fields" not in coating
    irrigation = {r.code for r in matches[3].reasons}
    assert "matching_terms" not in irrigation


def test_structured_parts() -> None:
    assert field_fit(WINTER, ELECTROLYTE) == 1.0
    assert field_fit(WINTER, IRRIGATION) == 0.0
    assert field_fit(ELECTROLYTE, WINTER) == 0.5  # one of the achievement's two fields
    assert field_fit(demand(9, "无领域"), ELECTROLYTE) == 0.5  # unknown: neutral
    assert maturity_fit(WINTER, ELECTROLYTE) == 1.0
    assert maturity_fit(WINTER, SODIUM) == 0.5
    assert maturity_fit(WINTER, achievement(9, "x", maturity=Maturity.LABORATORY)) == 0.2
    assert (
        maturity_fit(
            demand(9, "x", maturity=Maturity.INDUSTRIALIZED), achievement(8, "y", maturity=Maturity.LABORATORY)
        )
        == 0.0
    )
    assert maturity_fit(WINTER, achievement(9, "x")) == 0.5
    assert budget_fit(WINTER, ELECTROLYTE) == 1.0
    assert budget_fit(WINTER, COATING) == 0.0
    assert budget_fit(WINTER, achievement(9, "x", price=("4500000", None))) == 0.5
    assert budget_fit(WINTER, achievement(9, "x")) == 0.5


def test_candidate_ids_limit_and_min_score(lexical: Corpus) -> None:
    assert [m.id for m in recommend(lexical, WINTER, candidate_ids={2, 3})] == [2, 3]
    assert recommend(lexical, WINTER, candidate_ids=set()) == []
    assert [m.id for m in recommend(lexical, WINTER, limit=2)] == [1, 2]
    floor = recommend(lexical, WINTER, limit=10)[1].score
    assert [m.id for m in recommend(lexical, WINTER, min_score=floor)] == [1, 2]
    assert recommend(lexical, WINTER, limit=0) == []


def test_matching_goes_across_kinds_only(lexical: Corpus) -> None:
    with pytest.raises(ValueError, match="across kinds"):
        recommend(lexical, SODIUM)
    with pytest.raises(ValueError, match="is a achievement, not a demand"):
        Corpus.build(ACHIEVEMENTS, kind="demand")
    with pytest.raises(ValueError, match="no vectors"):
        recommend(lexical, WINTER, weights=Weights())


def test_weights_must_add_up_to_one() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        Weights(semantic=0.5, lexical=0.5, fields=0.5, maturity=0.0, budget=0.0)


def test_achievement_to_enterprises_keeps_the_best_demand_per_firm() -> None:
    demands = [
        WINTER,
        demand(1002, "冷链车冬季续航", "冷藏车锂电池冬天低温掉电快", fields=(NEV,), organization="滨江快运"),
        demand(1003, "储能柜低温运行", "北方储能电站冬季电池低温充电难", fields=(NEV,), organization="滨江储能"),
        demand(1004, "果园灌溉", "浇水施肥靠人拉管子", fields=(AGR,), organization="橙香果业"),
    ]
    corpus = Corpus.build(demands, kind="demand")
    matches = recommend(corpus, ELECTROLYTE, limit=10)
    assert [m.id for m in matches][-1] == 1004
    firms = best_per_organization(matches, limit=2)
    assert [m.item.organization for m in firms] == ["滨江快运", "滨江储能"]
    assert best_per_organization(matches)[-1].id == 1004


class FakeEmbedder:
    """Puts each text on an axis by a marker word; queries and passages differ so orientation is visible."""

    name = "fake"
    dimension = 3
    axes: ClassVar[dict[str, int]] = {"电解液": 0, "物流车": 0, "灌溉": 1, "果园": 1, "涂料": 2}

    def _vector(self, text: str, *, tilt: float) -> Vector:
        v = np.full(3, 0.05, dtype=np.float32)
        for word, axis in self.axes.items():
            if word in text:
                v[axis] = 1.0
        v[2] += tilt
        return (v / np.linalg.norm(v)).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]:
        return [self._vector(t, tilt=0.0) for t in texts]

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]:
        return [self._vector(t, tilt=0.3) for t in texts]


def test_hybrid_uses_stored_vectors_and_reads_pairs_one_way_round() -> None:
    fake = FakeEmbedder()
    stored = {a.id: v.to_bytes() for a, v in zip(ACHIEVEMENTS, item_vectors(ACHIEVEMENTS, fake), strict=True)}
    corpus = Corpus.build(ACHIEVEMENTS, kind="achievement", vectors=stored)
    assert corpus.semantic
    assert corpus.missing_vectors == frozenset()
    plain = demand(2001, "冬季运输车辆跑不远", "车队冬天出车里程短", fields=(NEV,))  # no shared words at all
    vectors = ItemVectors(query=fake.embed_queries(["物流车"])[0], passage=fake.embed_passages(["物流车"])[0])
    hybrid = recommend(corpus, plain, vectors=vectors, limit=4)
    assert hybrid[0].id == 1
    assert hybrid[0].parts.lexical == 0.0
    assert hybrid[0].parts.semantic > 0.5
    assert "similar_meaning" in {r.code for r in hybrid[0].reasons}
    # the same pair seen from the other side gets the same semantic part (demand query · achievement passage)
    demands = Corpus.build([plain], kind="demand", vectors={plain.id: vectors})
    reverse = recommend(demands, ELECTROLYTE, vectors=ItemVectors.from_bytes(stored[1]), limit=1)
    assert reverse[0].parts.semantic == pytest.approx(hybrid[0].parts.semantic, abs=1e-6)
    # the embedder stands in for missing vectors, on either side
    computed = recommend(Corpus.build(ACHIEVEMENTS, kind="achievement", embedder=fake), plain, embedder=fake, limit=1)
    assert computed[0].parts.semantic == pytest.approx(
        recommend(corpus, plain, vectors=item_vectors([plain], fake)[0], limit=1)[0].parts.semantic
    )


def test_missing_vectors_are_reported_and_score_zero() -> None:
    fake = FakeEmbedder()
    stored = {1: item_vectors([ELECTROLYTE], fake)[0]}
    corpus = Corpus.build(ACHIEVEMENTS, kind="achievement", vectors=stored)
    assert corpus.missing_vectors == frozenset({2, 3, 4})
    matches = {m.id: m for m in recommend(corpus, WINTER, embedder=fake, limit=4)}
    assert matches[3].parts.semantic == 0.0
    assert matches[1].parts.semantic > 0.0
    assert Corpus.build(ACHIEVEMENTS, kind="achievement", vectors={}).semantic is False
    old_format = {1: ItemVectors(query=np.ones(2, dtype=np.float32), passage=np.ones(2, dtype=np.float32))}
    with pytest.raises(ValueError, match="stored vectors have 2 dimensions, fake makes 3"):
        Corpus.build(ACHIEVEMENTS, kind="achievement", vectors=old_format, embedder=fake)
    with pytest.raises(ValueError, match="item 2 has 3-dimensional vectors, expected 2"):
        Corpus.build(ACHIEVEMENTS, kind="achievement", vectors={**old_format, 2: stored[1]})


def test_lexical_weights_are_used_without_vectors(lexical: Corpus) -> None:
    expected = recommend(lexical, WINTER, weights=LEXICAL_WEIGHTS, limit=4)
    assert [m.score for m in recommend(lexical, WINTER, limit=4)] == [m.score for m in expected]


def test_an_english_demand_still_gets_lexical_candidates_in_english(lexical: Corpus) -> None:
    english = CatalogueText(id=3001, kind="demand", title="Anti-corrosion coating", fields=(MAT,))
    corpus = Corpus.build(
        [*ACHIEVEMENTS, achievement(5, "海洋防腐", title_en="Marine anti-corrosion coating", fields=(MAT,))],
        kind="achievement",
    )
    assert recommend(corpus, english, limit=1)[0].id == 5


def test_array_parts_equal_the_scalar_definitions(labelled: LabelledSet) -> None:
    """The corpus computes fields/maturity/budget for all candidates at once; they must equal the definitions."""
    extra_demands = [
        demand(9001, "无信息"),
        demand(9002, "预算为零", price=("0", "0"), maturity=Maturity.INDUSTRIALIZED, fields=(AGR, NEV)),
        demand(9003, "只有下限", price=("500000", None), maturity=Maturity.LABORATORY),
    ]
    demands = [*labelled.demands, *extra_demands]
    achievements = [*labelled.achievements, achievement(9999, "未定价", fields=())]
    forward = Corpus.build(achievements, kind="achievement").structured
    backward = Corpus.build(demands, kind="demand").structured
    for d in demands:
        fields, maturity, budget = forward.parts(d)
        assert fields.tolist() == pytest.approx([field_fit(d, a) for a in achievements])
        assert maturity.tolist() == pytest.approx([maturity_fit(d, a) for a in achievements])
        assert budget.tolist() == pytest.approx([budget_fit(d, a) for a in achievements])
    for a in achievements:
        fields, maturity, budget = backward.parts(a)
        assert fields.tolist() == pytest.approx([field_fit(a, d) for d in demands])
        assert maturity.tolist() == pytest.approx([maturity_fit(d, a) for d in demands])
        assert budget.tolist() == pytest.approx([budget_fit(d, a) for d in demands])


def test_across_languages_the_lexical_weight_goes_to_a_shifted_semantic_part() -> None:
    fake = FakeEmbedder()
    corpus = Corpus.build(ACHIEVEMENTS, kind="achievement", embedder=fake)
    assert corpus.chinese.tolist() == [True, True, True, True]
    # a demand vector at cosine exactly 0.85 from the electrolyte's passage vector
    passage = item_vectors([ELECTROLYTE], fake)[0].passage.astype(np.float64)
    other = np.array([0.0, 1.0, 0.0]) - passage * passage[1]
    other /= np.linalg.norm(other)
    probe = (0.85 * passage + np.sqrt(1 - 0.85**2) * other).astype(np.float32)
    vectors = ItemVectors(query=probe, passage=probe)
    english = CatalogueText(id=3002, kind="demand", title="Electric vans lose range in winter", fields=(NEV,))
    chinese = demand(3003, "冬季续航", fields=(NEV,))
    en = next(m for m in recommend(corpus, english, vectors=vectors, limit=4) if m.id == 1)
    zh = next(m for m in recommend(corpus, chinese, vectors=vectors, limit=4) if m.id == 1)
    assert zh.parts.semantic == pytest.approx((0.85 - 0.80) / 0.15, abs=1e-5)
    assert en.parts.semantic == pytest.approx((0.85 + 0.06 - 0.80) / 0.15, abs=1e-5)
    # English: 0.8 on the semantic part (its own 0.5 plus the lexical 0.3); fields 1; maturity and budget unknown
    assert en.score == pytest.approx(0.8 * en.parts.semantic + 0.1 + 0.05 * 0.5 + 0.05 * 0.5, abs=1e-4)
    assert zh.score == pytest.approx(
        0.5 * zh.parts.semantic + 0.3 * zh.parts.lexical + 0.1 + 0.05 * 0.5 + 0.05 * 0.5, abs=1e-4
    )
    assert en.score > zh.score
