"""Quality on the hand-labelled set (tests/data/matching): the shipped method must reach the issue's targets.

These are quality assertions on fixed data, not timings; benchmarks/matching.py prints the full comparison.
"""

from __future__ import annotations

from events.matching import Corpus, ItemVectors, recommend
from events.matching.evaluation import LabelledSet, quality


def test_labelled_set_has_the_promised_shape(labelled: LabelledSet) -> None:
    assert len(labelled.achievements) >= 200
    assert len(labelled.demands) >= 60
    assert all(1 <= len(ids) <= 3 for ids in labelled.relevant.values())
    english = [d for d in labelled.demands if not any("\u4e00" <= c <= "\u9fff" for c in d.title)]
    assert 6 <= len(english) <= 12
    assert len({a.id for a in labelled.achievements}) == len(labelled.achievements)


def test_shipped_hybrid_reaches_the_targets(
    labelled: LabelledSet, labelled_vectors: tuple[Corpus, dict[int, ItemVectors]]
) -> None:
    corpus, demand_vectors = labelled_vectors
    by_id = {d.id: d for d in labelled.demands}

    def rank(demand_id: int) -> list[int]:
        matches = recommend(corpus, by_id[demand_id], vectors=demand_vectors[demand_id], limit=20)
        return [m.id for m in matches]

    result = quality(sorted(by_id), rank, labelled.relevant)
    assert result.queries == len(labelled.demands)
    assert result.recall >= 0.95
    assert result.mrr >= 0.9


def test_lexical_fallback_stays_useful(labelled: LabelledSet) -> None:
    corpus = Corpus.build(labelled.achievements, kind="achievement")
    by_id = {d.id: d for d in labelled.demands}
    result = quality(sorted(by_id), lambda d: [m.id for m in recommend(corpus, by_id[d], limit=20)], labelled.relevant)
    assert result.recall >= 0.9
    assert result.mrr >= 0.85


def test_quality_metric_counts_recall_and_reciprocal_rank() -> None:
    relevant = {1: frozenset({10, 11}), 2: frozenset({20})}
    rankings = {1: [10, 5, 6, 7, 8, 11], 2: [3, 20]}
    result = quality([1, 2], lambda q: rankings[q], relevant)
    assert result.recall == (0.5 + 1.0) / 2
    assert result.mrr == (1.0 + 0.5) / 2
    assert result.k == 5
