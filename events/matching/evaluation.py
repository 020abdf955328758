"""Reading a labelled set and scoring rankings against it (recall@k, MRR), for tests and benchmarks."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from events.matching.documents import CatalogueText, from_mapping


@dataclass(frozen=True, slots=True)
class LabelledSet:
    achievements: tuple[CatalogueText, ...]
    demands: tuple[CatalogueText, ...]
    relevant: Mapping[int, frozenset[int]]
    """demand id → the achievement ids that answer it"""


def load_labelled(directory: Path) -> LabelledSet:
    """``achievements.jsonl`` and ``demands.jsonl`` (each demand with ``relevant`` achievement ids)."""
    achievements = tuple(
        from_mapping(json.loads(line), kind="achievement")
        for line in (directory / "achievements.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    raw = [
        json.loads(line)
        for line in (directory / "demands.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    demands = tuple(from_mapping(row, kind="demand") for row in raw)
    relevant = {int(row["id"]): frozenset(int(i) for i in row["relevant"]) for row in raw}
    known = {a.id for a in achievements}
    for demand_id, ids in relevant.items():
        if not ids or not ids <= known:
            raise ValueError(f"demand {demand_id} must name 1 or more existing achievements")
    return LabelledSet(achievements=achievements, demands=demands, relevant=relevant)


@dataclass(frozen=True, slots=True)
class Quality:
    recall: float
    """mean recall@k"""
    mrr: float
    queries: int
    k: int


def quality(
    queries: Sequence[int], rank: Callable[[int], Sequence[int]], relevant: Mapping[int, frozenset[int]], *, k: int = 5
) -> Quality:
    """Mean recall@k (share of a query's relevant ids in its top k) and mean reciprocal rank of the first
    relevant id (0 when none is ranked)."""
    if not queries:
        raise ValueError("no queries")
    recall = 0.0
    reciprocal = 0.0
    for query in queries:
        ranked = list(rank(query))
        wanted = relevant[query]
        recall += len(wanted.intersection(ranked[:k])) / len(wanted)
        first = next((pos for pos, item in enumerate(ranked) if item in wanted), None)
        reciprocal += 0.0 if first is None else 1.0 / (first + 1)
    return Quality(recall=recall / len(queries), mrr=reciprocal / len(queries), queries=len(queries), k=k)
