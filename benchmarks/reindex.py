"""`transferfair catalogue reindex`: storing the index terms of catalogue items saved without them (bulk loads).

    uv run python benchmarks/reindex.py [--database URL] [--items 2000]

Seeds the synthetic catalogue of ``benchmarks/catalogue_search.py`` (``--items`` achievements, a fifth as many
demands), blanks every stored term and computes them again three ways, in one process:

- analysis only: the Chinese and English text of every item analysed, nothing written (the floor);
- the baseline: analysed, then one UPDATE per item, each its own commit (what ``fill_missing_terms`` did before);
- ``events.search.fill_missing_terms``: analysed, then one UPDATE per batch of 200 items (``events.bulk``).

The stored terms are checked to be identical after the baseline and after ``fill_missing_terms``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue_search import run_on_database, seeded_catalogue

from events import search
from events.tables import Achievement, Demand

TABLES = {"achievement": Achievement, "demand": Demand}


async def blank_terms() -> None:
    for table in TABLES.values():
        await table.update({table.search_terms: ""}, force=True)


async def stored_terms() -> dict[tuple[str, int], str]:
    terms: dict[tuple[str, int], str] = {}
    for kind, table in TABLES.items():
        for row in await table.select(table.id, table.search_terms):
            terms[kind, row["id"]] = row["search_terms"]
    return terms


async def analysis_only() -> int:
    """Analyse every item's text (jieba) without writing anything; returns how many were analysed."""
    analysed = 0
    for kind, table in TABLES.items():
        for row in await table.select(*search._item_columns(kind)):
            search._entry(kind, row)
            analysed += 1
    return analysed


async def commit_per_row() -> int:
    """The baseline: each item's terms written in its own statement and commit."""
    stored = 0
    for kind, table in TABLES.items():
        for row in await table.select(*search._item_columns(kind)).where(table.search_terms == ""):
            entry = search._entry(kind, row)
            await table.update({table.search_terms: entry.terms.to_text()}).where(table.id == row["id"])
            stored += 1
    return stored


async def run(args: argparse.Namespace, database_url: str) -> int:
    demands = args.items // 5
    async with seeded_catalogue(database_url, items=args.items, demands=demands, seed_value=args.seed):
        expected = await stored_terms()
        items = len(expected)
        print(f"{args.items} achievements and {demands} demands ({database_url.split(':', maxsplit=1)[0]})")

        await blank_terms()  # (with terms stored, an item's entry would read them instead of analysing)
        started = time.perf_counter()
        assert await analysis_only() == items
        analysis_s = time.perf_counter() - started

        started = time.perf_counter()
        assert await commit_per_row() == items
        baseline_s = time.perf_counter() - started
        assert await stored_terms() == expected

        await blank_terms()
        started = time.perf_counter()
        assert await search.fill_missing_terms() == items
        batched_s = time.perf_counter() - started
        assert await stored_terms() == expected

        print(f"{'analysis only (nothing written)':<44} {analysis_s:7.2f} s")
        print(f"{'baseline: a commit per item':<44} {baseline_s:7.2f} s")
        print(f"{'fill_missing_terms: one UPDATE per 200 items':<44} {batched_s:7.2f} s")
        print(f"fill_missing_terms is {baseline_s / batched_s:.1f}x faster than a commit per item; stored terms equal")
        return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261127)
    return run_on_database(run, parser, file="reindex.db")


if __name__ == "__main__":
    sys.exit(main())
