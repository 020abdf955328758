"""The BM25F index and the catalogue's full-text search."""

from __future__ import annotations

import pytest

from events.matching import (
    FOCUSED_SEARCH,
    Analyzer,
    Corpus,
    DocumentTerms,
    FieldWeights,
    LexicalIndex,
    analyse,
    search,
)
from events.matching.evaluation import LabelledSet
from events.vocabulary import Field
from tests.matching.helpers import achievement

LFP = achievement(
    1,
    "磷酸铁锂电池低温电解液",
    "新型锂盐与低凝固点共溶剂，-30℃放电容量保持率85%。",
    keywords=("低温电解液",),
    fields=(Field.NEW_ENERGY_VEHICLES,),
)
LITHIUM_MINE = achievement(2, "锂矿资源综合利用", "从锂云母中提取碳酸锂的选矿工艺。", fields=(Field.NEW_MATERIALS,))
POND = achievement(3, "池塘养殖智能增氧", "鱼塘溶解氧在线监测与自动增氧。", fields=(Field.MODERN_AGRICULTURE,))
SODIUM = achievement(4, "钠离子电池正极材料", "层状氧化物正极，低成本，不含锂。", fields=(Field.NEW_MATERIALS,))
SMALL = [LFP, LITHIUM_MINE, POND, SODIUM]


@pytest.fixture(scope="module")
def small() -> Corpus:
    return Corpus.build(SMALL, kind="achievement")


def ids(page: object) -> list[int]:
    return [h.id for h in page.hits]  # type: ignore[attr-defined]


def test_segmented_query_finds_the_compound_word(small: Corpus) -> None:
    page = search(small, "锂电池")
    assert ids(page)[0] == 1
    assert page.hits[0].matched_terms == ("锂电池",)


def test_sharing_one_character_is_not_a_match(small: Corpus) -> None:
    assert ids(search(small, "池塘")) == [3]
    assert ids(search(small, "锂矿")) == [2]


def test_any_shared_term_is_a_hit_unless_the_search_is_focused(small: Corpus) -> None:
    assert ids(search(small, "低温 电池")) == [1, 4]
    assert ids(search(small, "低温 电池", min_coverage=FOCUSED_SEARCH)) == [1]
    assert ids(search(small, "低温 电池", min_coverage=1.0)) == [1]
    with pytest.raises(ValueError, match="between 0 and 1"):
        search(small, "电池", min_coverage=1.5)


def test_a_longer_word_does_not_match_its_prefix_alone() -> None:
    corpus = Corpus.build(
        [
            achievement(1, "碳化硅单晶衬底", "功率器件用衬底。"),
            achievement(2, "碳化钨耐磨涂层", "激光熔覆，碳化颗粒增强。"),
            achievement(3, "一体化压铸铝合金", "免热处理。"),
            achievement(4, "果园水肥一体化", "滴灌施肥。"),
        ],
        kind="achievement",
    )
    assert ids(search(corpus, "碳化硅", min_coverage=FOCUSED_SEARCH)) == [1]
    assert ids(search(corpus, "碳化硅")) == [1, 2]
    assert ids(search(corpus, "水肥一体化", min_coverage=FOCUSED_SEARCH)) == [4]
    assert sorted(ids(search(corpus, "一体化", min_coverage=FOCUSED_SEARCH))) == [3, 4]


def test_english_query_matches_english_titles_with_stemming() -> None:
    corpus = Corpus.build(
        [
            achievement(1, "电动汽车无线充电系统", title_en="Wireless charging for electric vehicles"),
            achievement(2, "充电桩有序调度", title_en="Ordered charge scheduling of charging piles"),
            achievement(3, "光伏逆变器", title_en="Photovoltaic inverters"),
        ],
        kind="achievement",
    )
    assert ids(search(corpus, "wireless charges")) == [1, 2]
    assert ids(search(corpus, "wireless charges", min_coverage=FOCUSED_SEARCH)) == [1]
    assert ids(search(corpus, "charges")) == [2, 1]
    assert ids(search(corpus, "INVERTER")) == [3]
    assert search(corpus, "the and of").total == 0


def test_title_counts_more_than_summary() -> None:
    corpus = Corpus.build(
        [
            achievement(1, "高效热泵系统", "用于建筑供暖，结合气凝胶保温。"),
            achievement(2, "气凝胶隔热毡", "用于建筑供暖管道保温，结合热泵。"),
        ],
        kind="achievement",
    )
    assert ids(search(corpus, "气凝胶")) == [2, 1]
    assert ids(search(corpus, "热泵")) == [1, 2]


def test_candidate_ids_restrict_the_search(small: Corpus) -> None:
    page = search(small, "锂", candidate_ids={2, 4})
    assert page.total == 0
    page = search(small, "电池 锂矿", candidate_ids={2, 4})
    assert sorted(ids(page)) == [2, 4]
    assert search(small, "电池", candidate_ids=set()).total == 0


def test_pagination_reports_the_total_and_pages_in_order() -> None:
    items = [achievement(i, f"电池管理系统第{i}代", "电池" * (i % 5 + 1)) for i in range(1, 31)]
    corpus = Corpus.build(items, kind="achievement")
    everything = search(corpus, "电池", limit=100)
    assert everything.total == 30
    first, second = search(corpus, "电池", limit=12), search(corpus, "电池", limit=12, offset=12)
    assert ids(first) + ids(second) == ids(everything)[:24]
    assert ids(search(corpus, "电池", limit=12, offset=24)) == ids(everything)[24:]
    assert search(corpus, "电池", limit=12, offset=40).hits == ()
    assert search(corpus, "电池", limit=0).total == 30
    scores = [h.score for h in everything.hits]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(ValueError, match="must not be negative"):
        search(corpus, "电池", offset=-1)


def test_stored_terms_round_trip_and_rebuild_the_same_index() -> None:
    stored = {item.id: analyse(item).to_text() for item in SMALL}
    assert DocumentTerms.from_text(stored[1]) == analyse(LFP)
    from_text = LexicalIndex.build(SMALL)
    from_terms = LexicalIndex.build(SMALL, terms={i: DocumentTerms.from_text(t) for i, t in stored.items()})
    query = from_text.query_terms("锂电池 低温")
    assert from_terms.scores(query).tolist() == from_text.scores(query).tolist()
    with pytest.raises(ValueError, match="not a stored DocumentTerms"):
        DocumentTerms.from_text("hello")


def test_terms_from_another_analyzer_are_redone() -> None:
    stale = {1: analyse(LFP, analyzer=Analyzer(words=False, bigrams=True))}
    index = LexicalIndex.build([LFP], terms=stale)
    assert index.scores(index.query_terms("电解液")).tolist()[0] > 0


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Corpus.build([LFP, LFP], kind="achievement")


def test_names_count_least_and_can_be_switched_off() -> None:
    items = [
        achievement(1, "智能灌溉系统", university="滨江农业大学"),
        achievement(2, "滨江农业大学 校史展览"),
    ]
    assert ids(search(Corpus.build(items, kind="achievement"), "滨江农业大学")) == [2, 1]
    no_names = Corpus.build(items, kind="achievement", field_weights=FieldWeights(names=0.0))
    assert ids(search(no_names, "滨江农业大学")) == [2]


def test_labelled_catalogue_search(labelled: LabelledSet) -> None:
    corpus = Corpus.build(labelled.achievements, kind="achievement")
    assert ids(search(corpus, "低温电解液", limit=3))[0] == 1
    assert ids(search(corpus, "亚硝胺", limit=3)) == [37]
    assert ids(search(corpus, "CBAM"))[0] == 159
    assert sorted(ids(search(corpus, "气凝胶", limit=2))) == [45, 204]


def test_generic_words_count_but_are_not_shown() -> None:
    corpus = Corpus.build([achievement(1, "电池回收技术"), achievement(2, "果园灌溉技术")], kind="achievement")
    page = search(corpus, "电池 技术")
    assert ids(page) == [1, 2]
    assert page.hits[0].matched_terms == ("电池",)
    assert page.hits[1].matched_terms == ()
    assert corpus.lexical.matched_terms_of(corpus.lexical.query_terms("电池 灌溉"), [2, 1]) == {
        2: ["灌溉"],
        1: ["电池"],
    }
