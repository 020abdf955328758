"""Semantic vectors of items saved without them are filled in the background once the app has started."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from events import search
from events.app import create_app
from events.database import current_engine, is_postgres, start_pool
from events.embeddings import configure_embedder
from events.matching.semantic import Vector
from events.settings import Settings
from events.tables import Achievement, Demand
from tests.factories import make_achievement, make_demand


class _CountingEmbedder:
    """A tiny stand-in for the model: a unit vector per text, and how many texts it was asked about."""

    name = "counting"
    dimension = 4

    def __init__(self) -> None:
        self.texts = 0

    def _vectors(self, texts: Sequence[str]) -> list[Vector]:
        self.texts += len(texts)
        return [np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32) for _ in texts]

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]:
        return self._vectors(texts)

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]:
        return self._vectors(texts)


async def _missing() -> int:
    return int(
        await Achievement.count().where(Achievement.search_vector.is_null())
        + await Demand.count().where(Demand.search_vector.is_null())
    )


def test_the_setting_is_on_from_the_environment_and_off_for_apps_built_in_code() -> None:
    assert Settings.from_env({}).fill_vectors
    assert not Settings.from_env({"TRANSFERFAIR_FILL_VECTORS": "0"}).fill_vectors
    assert not Settings().fill_vectors


# the app's start-up opens the pool the tests have already opened (PostgreSQL): Piccolo says so and keeps it
STARTED_TWICE = pytest.mark.filterwarnings("ignore:.*A pool already exists")


@STARTED_TWICE
async def test_the_app_fills_missing_vectors_after_start_up(settings: Settings, engine: Any) -> None:
    for _ in range(3):
        await make_achievement()  # saved without vectors: the tests run without the model
    await make_demand()
    assert await _missing() == 4
    embedder = _CountingEmbedder()
    configure_embedder(embedder)
    app = create_app(dataclasses.replace(settings, fill_vectors=True))
    try:
        async with app.lifespan():
            filling = app.state.vector_fill
            assert filling is not None
            assert await filling == 4
    finally:
        configure_embedder(None)
        await start_pool(engine, max_size=10)  # the app's shutdown closed the pool the tests share
    assert await _missing() == 0
    assert await search.fill_missing_vectors_at_startup() == 0  # nothing left: the model is not even asked
    assert embedder.texts == 2 * 4  # a query and a passage vector per item, once


@STARTED_TWICE
async def test_nothing_is_filled_without_the_setting_or_without_a_model(settings: Settings, engine: Any) -> None:
    await make_achievement()
    app = create_app(settings)
    try:
        async with app.lifespan():
            assert app.state.vector_fill is None
    finally:
        await start_pool(engine, max_size=10)
    configure_embedder(None)
    assert search.start_vector_fill() is None
    assert await search.fill_missing_vectors_at_startup() == 0
    assert await _missing() == 1


async def test_one_process_at_a_time_fills_them_on_postgres() -> None:
    """Workers of one PostgreSQL database: the one that holds the lock fills, the others leave it (SQLite: all do)."""
    await make_achievement()
    embedder = _CountingEmbedder()
    configure_embedder(embedder)
    engine = current_engine()
    try:
        if is_postgres(engine):
            async with engine.pool.acquire() as other_worker:
                assert await other_worker.fetchval("SELECT pg_try_advisory_lock($1)", search.VECTOR_FILL_LOCK)
                assert await search.fill_missing_vectors_at_startup() == 0
                assert await _missing() == 1
                await other_worker.execute("SELECT pg_advisory_unlock($1)", search.VECTOR_FILL_LOCK)
        assert await search.fill_missing_vectors_at_startup() == 1
    finally:
        configure_embedder(None)
    assert await _missing() == 0
