"""Catalogue full-text search latency on a seeded synthetic catalogue of 5,000 achievements.

    uv run python benchmarks/search.py [--items 5000] [--seed 20261126]

The catalogue is recombined from the labelled set's vocabulary (keywords, summary sentences, labs), so its
terms have realistic frequencies; one item in ten also has an English title. Every query runs through
``events.matching.search`` (BM25F over jieba words + character bigrams; "hits" is the total with the default
any-term matching, "focus" with ``min_coverage=FOCUSED_SEARCH``) and, in the same process, through a
naive baseline that scans every item for the query's words as substrings (what ``LIKE '%...%'`` does), then
the figures and their ratios are printed. Target: a search under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from events.matching import FOCUSED_SEARCH, CatalogueText, Corpus, analyse, filter_ids, search
from events.matching.evaluation import load_labelled
from events.vocabulary import Field

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "matching"

CHINESE_QUERIES = [
    "锂电池",
    "低温电解液",
    "磷酸铁锂电池低温",
    "缺陷检测",
    "工业视觉 表面缺陷",
    "碳化硅",
    "水肥一体化",
    "无人机 巡检",
    "印染废水",
    "可降解 地膜",
    "机器人焊接",
    "燃料电池 冷启动",
    "中药 苦味",
    "北斗 定位",
    "余热发电",
]
ENGLISH_QUERIES = [
    "battery",
    "low temperature electrolyte",
    "drone",
    "wastewater treatment",
    "machine vision defect inspection",
    "solar",
    "hydrogen fuel cell",
    "wireless charging",
]
ENGLISH_WORDS = [
    "battery",
    "electrolyte",
    "low-temperature",
    "lithium",
    "drone",
    "inspection",
    "machine vision",
    "defect",
    "wastewater",
    "treatment",
    "solar",
    "hydrogen",
    "fuel cell",
    "wireless charging",
    "robot",
    "welding",
    "sensor",
    "coating",
    "catalyst",
    "irrigation",
]


def synthetic_catalogue(n: int, seed: int) -> list[CatalogueText]:
    """``n`` achievements recombined from the labelled set, deterministic for a seed."""
    rng = random.Random(seed)
    base = load_labelled(DATA).achievements
    sentences = [s for a in base for s in re.split(r"(?<=[。；])", a.summary) if len(s) > 6]
    suffixes = ["技术", "系统", "装置", "方法", "工艺", "平台", "材料", "设备"]
    out: list[CatalogueText] = []
    for i in range(n):
        model = rng.choice(base)
        other = rng.choice([a for a in base if set(a.fields) & set(model.fields)] or base)
        keywords = tuple(rng.sample(model.keywords, k=min(3, len(model.keywords)))) + tuple(
            rng.sample(other.keywords, k=min(2, len(other.keywords)))
        )
        title = f"{keywords[0]}{rng.choice(['', '与' + keywords[-1]])}{rng.choice(suffixes)}"
        summary = "".join(rng.sample(sentences, k=rng.randint(2, 4)))
        title_en = " ".join(rng.sample(ENGLISH_WORDS, k=3)) if rng.random() < 0.1 else ""
        low = Decimal(rng.randrange(10, 500) * 10000)
        out.append(
            replace(
                model,
                id=100_000 + i,
                title=title,
                title_en=title_en,
                summary=summary,
                keywords=keywords,
                fields=tuple(dict.fromkeys([*model.fields, *rng.sample(list(Field), k=rng.randint(0, 1))])),
                price_low=low,
                price_high=low * 2,
            )
        )
    return out


def naive_scan(items: Sequence[CatalogueText], query: str, limit: int = 20) -> list[int]:
    """Baseline: every item, every query word as a case-insensitive substring; score = occurrences."""
    words = query.lower().split()
    scored = []
    for item in items:
        text = f"{item.title} {item.title_en} {' '.join(item.keywords)} {item.summary}".lower()
        score = sum(text.count(w) for w in words)
        if score:
            scored.append((-score, item.id))
    scored.sort()
    return [i for _, i in scored[:limit]]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p99(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    items = synthetic_catalogue(args.items, args.seed)
    print(f"synthetic catalogue: {len(items)} achievements (seed {args.seed}), {args.repeat} runs per query")

    t0 = time.perf_counter()
    terms = {item.id: analyse(item).to_text() for item in items}
    analyse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    corpus = Corpus.build(items, kind="achievement")
    build_text_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    Corpus.build(items, kind="achievement", terms=terms)
    build_terms_s = time.perf_counter() - t0
    print(
        f"analyse all items (jieba, done once when saved): {analyse_s:.2f} s; build index from text: "
        f"{build_text_s:.2f} s; from stored terms: {build_terms_s:.2f} s"
    )
    energy = filter_ids(items, fields=[Field.NEW_ENERGY_VEHICLES, Field.NEW_ENERGY])
    print(f"filtered run: candidate set of {len(energy)} items (fields new energy vehicles / new energy)\n")

    header = (
        f"{'query':<34} {'hits':>5} {'focus':>5} {'p50 ms':>8} {'p99 ms':>8} {'filtered p50':>13}"
        f" {'scan p50':>9} {'ratio':>7}"
    )
    print(header)
    all_index: list[float] = []
    all_scan: list[float] = []
    for query in CHINESE_QUERIES + ENGLISH_QUERIES:
        page = search(corpus, query, limit=20)
        focused = search(corpus, query, limit=20, min_coverage=FOCUSED_SEARCH)
        index_ms = timed(lambda q=query: search(corpus, q, limit=20, offset=20), args.repeat)
        filtered_ms = timed(lambda q=query: search(corpus, q, limit=20, candidate_ids=energy), args.repeat)
        scan_ms = timed(lambda q=query: naive_scan(items, q), max(3, args.repeat // 5))
        all_index += index_ms
        all_scan += scan_ms
        ratio = statistics.median(scan_ms) / statistics.median(index_ms)
        print(
            f"{query:<34} {page.total:>5} {focused.total:>5} {statistics.median(index_ms):>8.2f} {p99(index_ms):>8.2f}"
            f" {statistics.median(filtered_ms):>13.2f} {statistics.median(scan_ms):>9.2f} {ratio:>6.0f}x"
        )
    print(
        f"\nall queries: index p50 {statistics.median(all_index):.2f} ms, p99 {p99(all_index):.2f} ms, "
        f"max {max(all_index):.2f} ms; naive scan p50 {statistics.median(all_scan):.2f} ms "
        f"({statistics.median(all_scan) / statistics.median(all_index):.0f}x slower)"
    )
    met = p99(all_index) < 50.0
    print(f"target: a search under 50 ms (p99): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
