"""Full-text search and precise matching (精准匹配) over one kind of catalogue item.

A :class:`Corpus` holds the items of one kind (achievements, or demands) with their BM25 index and, when the
semantic model is available, their stored vectors. :func:`search` answers the catalogue browser's typed query;
:func:`recommend` ranks the corpus for an item of the other kind (a demand → achievements, an achievement →
demands) with a score in [0, 1] and the reasons a person reads.

The score is a weighted sum of five parts, each in [0, 1]:

- ``semantic``: cosine of the item's E5 query vector and the candidate's passage vector, mapped linearly from
  [0.80, 0.95] onto [0, 1] (multilingual-e5-small puts unrelated texts near 0.8);
- ``lexical``: BM25F score ``s`` of the item's terms against the candidate, as ``s / (s + 40)``;
- ``fields``: the share of the item's fields the candidate covers;
- ``maturity``: 1 when the achievement is at least as mature as the demand asks, less per missing stage;
- ``budget``: 1 when the lowest asking price is within the budget, falling to 0 at twice the budget's top.

Unknown maturity, fields or money count as a neutral 0.5. Without vectors the semantic weight goes to the
lexical part (:data:`LEXICAL_WEIGHTS`). Across languages (an English demand, a Chinese achievement) words cannot
match: for such a pair the lexical weight goes to the semantic part, whose cosine is first raised by
:data:`CROSS_LANGUAGE_SHIFT`, so that a score means the same whatever language the enterprise wrote in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from events.matching.documents import CatalogueText, Kind, by_id
from events.matching.lexical import DocumentTerms, FieldWeights, LexicalIndex
from events.matching.semantic import Embedder, ItemVectors, item_vectors
from events.matching.text import DEFAULT_ANALYZER, Analyzer
from events.vocabulary import Field, Maturity

SEMANTIC_FLOOR = 0.80
SEMANTIC_CEILING = 0.95
CROSS_LANGUAGE_SHIFT = 0.06
"""E5 cosines of an English text against Chinese ones run about this much lower than within Chinese (on the
labelled set: median of all pairs 0.797 against 0.853, best answer 0.848 against 0.916)."""
LEXICAL_HALF = 40.0
NEUTRAL = 0.5
FOCUSED_SEARCH = 0.5
"""A ``min_coverage`` for :func:`search` that keeps only items carrying half the query's IDF weight."""
GOOD_MATCH = 0.70
"""With the hybrid weights, a best match scoring below this is not a good one ("demands with no good match"):
on the labelled set it flags 93% of demands whose answers were taken out of the catalogue and 9% of those whose
answers are there (``benchmarks/matching.py``). A hint for organizers, not a verdict. Lexical-only scores run
lower and are not calibrated to it."""

_MATURITY_ORDER = {m: i for i, m in enumerate(Maturity)}
_MATURITY_SHORTFALL = (1.0, 0.5, 0.2, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the score's parts; they must add up to 1 so that the score stays in [0, 1]."""

    semantic: float = 0.5
    lexical: float = 0.3
    fields: float = 0.1
    maturity: float = 0.05
    budget: float = 0.05

    def __post_init__(self) -> None:
        parts = (self.semantic, self.lexical, self.fields, self.maturity, self.budget)
        if any(p < 0 for p in parts) or abs(sum(parts) - 1.0) > 1e-9:
            raise ValueError("weights must be non-negative and add up to 1")


HYBRID_WEIGHTS = Weights()
LEXICAL_WEIGHTS = Weights(semantic=0.0, lexical=0.8, fields=0.1, maturity=0.05, budget=0.05)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a candidate was recommended: a machine ``code``, text in Chinese and English, and the values shown
    (field values, terms, maturity values, amounts) for a UI that formats them itself."""

    code: str
    zh: str
    en: str
    values: tuple[str, ...] = ()

    def text(self, locale: str = "zh") -> str:
        return self.en if locale.startswith("en") else self.zh


@dataclass(frozen=True, slots=True)
class ScoreParts:
    semantic: float
    lexical: float
    fields: float
    maturity: float
    budget: float


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    score: float
    parts: ScoreParts
    reasons: tuple[Reason, ...]
    item: CatalogueText


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: int
    score: float
    """BM25F score: only comparable between hits of one query."""
    matched_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int
    """How many items match the query (and the candidate set), for pagination."""
    hits: tuple[SearchHit, ...]


class Corpus:
    """The items of one kind, indexed for search and matching. Immutable: rebuild it when the catalogue changes."""

    def __init__(
        self,
        *,
        kind: Kind,
        items: dict[int, CatalogueText],
        lexical: LexicalIndex,
        vectors: _VectorTable | None,
    ) -> None:
        self.kind = kind
        self.items = items
        self.lexical = lexical
        self._vectors = vectors
        self.structured = _StructuredTable.build(kind, [items[i] for i in lexical.ids])
        self.chinese = np.array([has_chinese(items[i]) for i in lexical.ids], dtype=np.bool_)
        """Per item, whether its text has Chinese characters (pairs across languages are scored apart)."""

    @classmethod
    def build(
        cls,
        items: Sequence[CatalogueText],
        *,
        kind: Kind,
        vectors: Mapping[int, ItemVectors | bytes] | None = None,
        terms: Mapping[int, DocumentTerms | str] | None = None,
        embedder: Embedder | None = None,
        analyzer: Analyzer = DEFAULT_ANALYZER,
        field_weights: FieldWeights | None = None,
    ) -> Corpus:
        """Index ``items`` (all of ``kind``).

        ``vectors``: stored vectors by id (:class:`ItemVectors` or their bytes). Items without them get theirs
        from ``embedder`` when given, otherwise a semantic part of 0. With neither ``vectors`` nor ``embedder``
        the corpus is lexical only. ``terms``: stored analyses by id (:class:`DocumentTerms` or their text), which
        saves re-running jieba.
        """
        for item in items:
            if item.kind != kind:
                raise ValueError(f"item {item.id} is a {item.kind}, not a {kind}")
        table = by_id(items)
        parsed_terms = None
        if terms is not None:
            parsed_terms = {
                i: t if isinstance(t, DocumentTerms) else DocumentTerms.from_text(t) for i, t in terms.items()
            }
        lexical = LexicalIndex.build(items, analyzer=analyzer, weights=field_weights, terms=parsed_terms)
        table_vectors = None
        if vectors is not None or embedder is not None:
            table_vectors = _VectorTable.build(items, vectors or {}, embedder)
        return cls(kind=kind, items=table, lexical=lexical, vectors=table_vectors)

    @property
    def semantic(self) -> bool:
        """Whether this corpus carries vectors (otherwise matching is lexical only)."""
        return self._vectors is not None

    @property
    def missing_vectors(self) -> frozenset[int]:
        """Ids of items that had no stored vector (their semantic part is 0): compute and store theirs."""
        if self._vectors is None:
            return frozenset(self.items)
        return frozenset(i for i, ok in zip(self.lexical.ids, self._vectors.present, strict=True) if not ok)

    def __len__(self) -> int:
        return len(self.items)

    def semantic_scores(self, vectors: ItemVectors, *, chinese: bool = True) -> npt.NDArray[np.float32]:
        """The semantic part (in [0, 1]) of every item for an item of the other kind, in index order.

        A pair is always read the same way round, the demand as an E5 query and the achievement as a passage,
        so a demand and an achievement get the same semantic part whichever of the two is looking. ``chinese``
        tells whether the asking item's text has Chinese characters: a pair across languages has its cosine
        raised by :data:`CROSS_LANGUAGE_SHIFT` (E5 puts such pairs lower), so that scores mean the same.
        """
        if self._vectors is None:
            raise ValueError("this corpus has no vectors")
        table = self._vectors
        if self.kind == "achievement":
            matrix, probe = table.passages, vectors.query
        else:
            matrix, probe = table.queries, vectors.passage
        if probe.shape != (matrix.shape[1],):
            raise ValueError(f"vector has shape {probe.shape}, the corpus holds ({matrix.shape[1]},)")
        # einsum, not BLAS: a threaded BLAS on a busy 2-core machine took 25 ms for this 5,000 x 384 product
        # instead of 0.1 ms; numpy's own loop stays at about 0.15 ms whatever else runs.
        cosine = np.einsum("ij,j->i", matrix, probe)
        cosine = cosine + np.where(self.chinese != chinese, np.float32(CROSS_LANGUAGE_SHIFT), np.float32(0.0))
        mapped = np.clip((cosine - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR), 0.0, 1.0)
        return np.where(table.present, mapped, 0.0).astype(np.float32)


@dataclass(frozen=True, slots=True)
class _VectorTable:
    queries: npt.NDArray[np.float32]
    passages: npt.NDArray[np.float32]
    present: npt.NDArray[np.bool_]

    @classmethod
    def build(
        cls, items: Sequence[CatalogueText], vectors: Mapping[int, ItemVectors | bytes], embedder: Embedder | None
    ) -> _VectorTable | None:
        rows: list[ItemVectors | None] = []
        for item in items:
            stored = vectors.get(item.id)
            if stored is not None and not isinstance(stored, ItemVectors):
                stored = ItemVectors.from_bytes(stored)
            rows.append(stored)
        missing = [i for i, r in enumerate(rows) if r is None]
        if missing and embedder is not None:
            computed = item_vectors([items[i] for i in missing], embedder)
            for i, v in zip(missing, computed, strict=True):
                rows[i] = v
        dimension = next((r.dimension for r in rows if r is not None), 0)
        if dimension == 0:
            return None
        if embedder is not None and dimension != embedder.dimension:
            raise ValueError(f"stored vectors have {dimension} dimensions, {embedder.name} makes {embedder.dimension}")
        queries = np.zeros((len(items), dimension), dtype=np.float32)
        passages = np.zeros((len(items), dimension), dtype=np.float32)
        present = np.zeros(len(items), dtype=np.bool_)
        for i, r in enumerate(rows):
            if r is None:
                continue
            if r.dimension != dimension:
                raise ValueError(f"item {items[i].id} has {r.dimension}-dimensional vectors, expected {dimension}")
            queries[i] = r.query
            passages[i] = r.passage
            present[i] = True
        return cls(queries=queries, passages=passages, present=present)


_FloatArray = npt.NDArray[np.float32]
_MATURITY_TABLE = np.array(_MATURITY_SHORTFALL, dtype=np.float32)


def _amount_range(item: CatalogueText) -> tuple[float, float]:
    span = _range(item.price_low, item.price_high)
    return (float(span[0]), float(span[1])) if span is not None else (np.nan, np.nan)


@dataclass(frozen=True, slots=True)
class _StructuredTable:
    """Fields, maturity and money of a corpus as arrays, so the three structured parts of every candidate are
    computed at once (same values as :func:`field_fit`, :func:`maturity_fit`, :func:`budget_fit`)."""

    kind: Kind
    field_masks: npt.NDArray[np.int64]
    maturity: npt.NDArray[np.int64]  # position in Maturity, -1 when unknown
    low: npt.NDArray[np.float64]  # price guidance (achievements) or budget (demands), NaN when unknown
    high: npt.NDArray[np.float64]

    @classmethod
    def build(cls, kind: Kind, items: Sequence[CatalogueText]) -> _StructuredTable:
        spans = [_amount_range(i) for i in items]
        return cls(
            kind=kind,
            field_masks=np.array([_field_mask(i.fields) for i in items], dtype=np.int64),
            maturity=np.array([_MATURITY_ORDER[i.maturity] if i.maturity else -1 for i in items], dtype=np.int64),
            low=np.array([lo for lo, _ in spans], dtype=np.float64),
            high=np.array([hi for _, hi in spans], dtype=np.float64),
        )

    def parts(self, query: CatalogueText) -> tuple[_FloatArray, _FloatArray, _FloatArray]:
        return self._fields(query), self._maturity(query), self._budget(query)

    def _fields(self, query: CatalogueText) -> _FloatArray:
        wanted = _field_mask(query.fields)
        if not wanted:
            return np.full(self.field_masks.shape, NEUTRAL, dtype=np.float32)
        shared = np.bitwise_count(self.field_masks & wanted).astype(np.float32) / np.float32(len(set(query.fields)))
        return np.where(self.field_masks == 0, np.float32(NEUTRAL), shared).astype(np.float32)

    def _maturity(self, query: CatalogueText) -> _FloatArray:
        if query.maturity is None:
            return np.full(self.maturity.shape, NEUTRAL, dtype=np.float32)
        mine = _MATURITY_ORDER[query.maturity]
        # shortfall = the demand's wanted stage minus the achievement's stage
        shortfall = mine - self.maturity if self.kind == "achievement" else self.maturity - mine
        fit = _MATURITY_TABLE[np.clip(shortfall, 0, len(_MATURITY_SHORTFALL) - 1)]
        return np.where(self.maturity < 0, np.float32(NEUTRAL), fit).astype(np.float32)

    def _budget(self, query: CatalogueText) -> _FloatArray:
        q_low, q_high = _amount_range(query)
        if np.isnan(q_low):
            return np.full(self.low.shape, NEUTRAL, dtype=np.float32)
        if self.kind == "achievement":  # the query is a demand: its budget against each price
            price_low, budget_high = self.low, np.full(self.low.shape, q_high)
        else:  # the query is an achievement: its price against each budget
            price_low, budget_high = np.full(self.high.shape, q_low), self.high
        with np.errstate(divide="ignore", invalid="ignore"):
            falling = np.clip(2.0 - price_low / budget_high, 0.0, 1.0)
        fit = np.where(price_low <= budget_high, 1.0, np.where(budget_high <= 0, 0.0, falling))
        unknown = np.isnan(self.low)
        return np.where(unknown, NEUTRAL, fit).astype(np.float32)


def _field_mask(fields: Iterable[Field]) -> int:
    mask = 0
    for f in fields:
        mask |= 1 << _FIELD_BITS[f]
    return mask


_FIELD_BITS = {f: i for i, f in enumerate(Field)}


# -- full-text search ------------------------------------------------------------------------------------------


def search(
    corpus: Corpus,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    candidate_ids: Collection[int] | None = None,
    min_coverage: float = 0.0,
) -> SearchPage:
    """Relevance-ranked full-text search (Chinese segmented, English stemmed), one page of hits.

    ``candidate_ids`` restricts the search to items that passed the browser's filters (see
    :func:`events.matching.filters.filter_ids` or an SQL ``WHERE``). By default any shared term makes a hit
    (ranked by BM25F, so partial matches come last); ``min_coverage=FOCUSED_SEARCH`` keeps only items carrying at
    least half the query's IDF-weighted terms ("碳化硅" then finds 碳化硅, not every 碳化钨), which keeps the
    total of a broad catalogue honest. An empty or stop-word-only query matches nothing: the caller lists the
    catalogue in its own order then.
    """
    terms = corpus.lexical.query_terms(query)
    total, hits = corpus.lexical.search(
        terms, limit=limit, offset=offset, candidate_ids=candidate_ids, min_coverage=min_coverage
    )
    matched = corpus.lexical.matched_terms_of(terms, [h.id for h in hits])
    return SearchPage(
        total=total,
        hits=tuple(SearchHit(id=h.id, score=h.score, matched_terms=tuple(matched[h.id])) for h in hits),
    )


# -- recommendations --------------------------------------------------------------------------------------------


def recommend(
    corpus: Corpus,
    item: CatalogueText,
    *,
    vectors: ItemVectors | bytes | None = None,
    embedder: Embedder | None = None,
    limit: int = 10,
    candidate_ids: Collection[int] | None = None,
    weights: Weights | None = None,
    min_score: float = 0.0,
) -> list[Match]:
    """The corpus items that best answer ``item`` (of the other kind), best first.

    ``vectors``: the item's stored vectors; without them, ``embedder`` embeds the item now (about 35 ms on an
    idle machine). When neither is there, or the corpus has no vectors, ranking is lexical
    (:data:`LEXICAL_WEIGHTS`).
    ``candidate_ids`` restricts the candidates (e.g. achievements presented at one fair).
    """
    if item.kind == corpus.kind:
        raise ValueError(f"recommend matches across kinds: a {item.kind} against a corpus of {corpus.kind}s")
    if limit < 0:
        raise ValueError("limit must not be negative")
    own_vectors = _own_vectors(corpus, item, vectors, embedder) if corpus.semantic else None
    if weights is None:
        weights = HYBRID_WEIGHTS if own_vectors is not None else LEXICAL_WEIGHTS
    elif weights.semantic > 0 and own_vectors is None:
        raise ValueError("semantic weight given but no vectors for the item or the corpus")

    lexical = corpus.lexical
    terms = lexical.item_query_terms(item)
    raw = lexical.scores(terms)
    lexical_part = raw / (raw + np.float32(LEXICAL_HALF))
    semantic_part = None
    if own_vectors is not None and weights.semantic > 0:
        chinese = has_chinese(item)
        semantic_part = corpus.semantic_scores(own_vectors, chinese=chinese)
        # Across languages words cannot match: the lexical weight goes to the semantic part for those pairs.
        across = corpus.chinese != chinese
        lexical_weight = np.where(across, np.float32(0.0), np.float32(weights.lexical))
        semantic_weight = np.where(across, np.float32(weights.semantic + weights.lexical), np.float32(weights.semantic))
        total = lexical_weight * lexical_part + semantic_weight * semantic_part
    else:
        total = np.float32(weights.lexical) * lexical_part

    fields_part, maturity_part, budget_part = corpus.structured.parts(item)
    total = (
        total
        + np.float32(weights.fields) * fields_part
        + np.float32(weights.maturity) * maturity_part
        + np.float32(weights.budget) * budget_part
    )
    mask = lexical.candidate_mask(candidate_ids)
    if mask is not None:
        total = np.where(mask, total, np.float32(-1.0))
    order = np.lexsort((np.arange(total.size), -total))
    chosen: list[tuple[int, float]] = []
    for position in order[: limit if limit else 0]:
        score = round(min(max(float(total[position]), 0.0), 1.0), 4)
        if total[position] < 0 or score < min_score:
            break
        chosen.append((int(position), score))
    matched = lexical.matched_terms_of(terms, [lexical.ids[p] for p, _ in chosen])
    matches: list[Match] = []
    for position, score in chosen:
        candidate_id = lexical.ids[position]
        candidate = corpus.items[candidate_id]
        parts = ScoreParts(
            semantic=float(semantic_part[position]) if semantic_part is not None else 0.0,
            lexical=float(lexical_part[position]),
            fields=float(fields_part[position]),
            maturity=float(maturity_part[position]),
            budget=float(budget_part[position]),
        )
        reasons = explain(item, candidate, parts=parts, terms=matched[candidate_id])
        matches.append(Match(id=candidate_id, score=score, parts=parts, reasons=reasons, item=candidate))
    return matches


def best_per_organization(matches: Iterable[Match], *, limit: int | None = None) -> list[Match]:
    """Keep each organisation's best match (an achievement → the enterprises most likely to want it)."""
    seen: set[str] = set()
    out: list[Match] = []
    for match in matches:
        key = match.item.organization or f"#{match.id}"
        if key in seen:
            continue
        seen.add(key)
        out.append(match)
        if limit is not None and len(out) == limit:
            break
    return out


def has_chinese(item: CatalogueText) -> bool:
    """Whether an item's text (title, keywords, summary) has any Chinese character."""
    return _CHINESE.search(item.embedding_text()) is not None


_CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def _own_vectors(
    corpus: Corpus, item: CatalogueText, vectors: ItemVectors | bytes | None, embedder: Embedder | None
) -> ItemVectors | None:
    if vectors is not None:
        return vectors if isinstance(vectors, ItemVectors) else ItemVectors.from_bytes(vectors)
    if embedder is None:
        return None
    # Not stored: embed only the side this direction reads (a demand as a query, an achievement as a passage).
    text = [item.embedding_text()]
    vector = (embedder.embed_queries if corpus.kind == "achievement" else embedder.embed_passages)(text)[0]
    return ItemVectors(query=vector, passage=vector)


# -- the structured parts -----------------------------------------------------------------------------------------


def _roles(a: CatalogueText, b: CatalogueText) -> tuple[CatalogueText, CatalogueText]:
    """(demand, achievement) of a pair, whichever way round it was asked."""
    return (a, b) if a.kind == "demand" else (b, a)


def field_fit(query: CatalogueText, candidate: CatalogueText) -> float:
    """The share of the query item's fields that the candidate shares (neutral when either has none)."""
    if not query.fields or not candidate.fields:
        return NEUTRAL
    wanted = set(query.fields)
    return len(wanted & set(candidate.fields)) / len(wanted)


def maturity_fit(demand: CatalogueText, achievement: CatalogueText) -> float:
    """1 when the achievement is at least as mature as the demand asks; 0.5, 0.2, 0 for one, two, more stages
    short; neutral when either is unknown."""
    if demand.maturity is None or achievement.maturity is None:
        return NEUTRAL
    shortfall = _MATURITY_ORDER[demand.maturity] - _MATURITY_ORDER[achievement.maturity]
    return _MATURITY_SHORTFALL[max(shortfall, 0)]


def _range(low: Decimal | None, high: Decimal | None) -> tuple[Decimal, Decimal] | None:
    if low is None and high is None:
        return None
    lo = low if low is not None else high
    hi = high if high is not None else low
    assert lo is not None
    assert hi is not None
    return lo, hi


def budget_fit(demand: CatalogueText, achievement: CatalogueText) -> float:
    """1 when the achievement's price guidance starts within the budget; falls linearly to 0 when its lowest
    price is twice the top of the budget; neutral when either amount is not stated."""
    budget = _range(demand.price_low, demand.price_high)
    price = _range(achievement.price_low, achievement.price_high)
    if budget is None or price is None:
        return NEUTRAL
    if price[0] <= budget[1]:
        return 1.0
    if budget[1] <= 0:
        return 0.0
    ratio = float(price[0] / budget[1])
    return max(0.0, 2.0 - ratio)


# -- reasons -----------------------------------------------------------------------------------------------------


def _wan(amount: Decimal) -> str:
    value = amount / Decimal(10000)
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _money_zh(span: tuple[Decimal, Decimal]) -> str:
    lo, hi = span
    return f"{_wan(lo)}万元" if lo == hi else f"{_wan(lo)}–{_wan(hi)}万元"


def _money_en(span: tuple[Decimal, Decimal]) -> str:
    lo, hi = span
    return f"CNY {lo:,.0f}" if lo == hi else f"CNY {lo:,.0f}–{hi:,.0f}"


def explain(
    query: CatalogueText, candidate: CatalogueText, *, parts: ScoreParts, terms: Sequence[str]
) -> tuple[Reason, ...]:
    """The reasons shown with a recommendation, strongest evidence first."""
    reasons: list[Reason] = []
    demand, achievement = _roles(query, candidate)
    shared: list[Field] = [f for f in query.fields if f in set(candidate.fields)]
    if shared:
        reasons.append(
            Reason(
                code="shared_fields",
                zh="同属领域：" + "、".join(f.zh for f in shared),
                en="Shared fields: " + ", ".join(f.en for f in shared),
                values=tuple(f.value for f in shared),
            )
        )
    if terms:
        reasons.append(
            Reason(
                code="matching_terms",
                zh="共同词语：" + "、".join(terms),
                en="Matching terms: " + ", ".join(terms),
                values=tuple(terms),
            )
        )
    if parts.semantic >= 0.5:
        reasons.append(
            Reason(
                code="similar_meaning",
                zh="需求描述与成果内容语义相近",
                en="The demand and the achievement describe closely related things",
            )
        )
    if demand.maturity is not None and achievement.maturity is not None:
        wanted, has = demand.maturity, achievement.maturity
        if parts.maturity >= 1.0:
            reasons.append(
                Reason(
                    code="maturity_fit",
                    zh=f"成熟度满足要求：{has.zh}（需求：{wanted.zh}及以上）",
                    en=f"Maturity fits: {has.en} (wanted: {wanted.en} or later)",
                    values=(has.value, wanted.value),
                )
            )
        else:
            reasons.append(
                Reason(
                    code="maturity_below",
                    zh=f"成熟度低于要求：{has.zh}（需求：{wanted.zh}及以上）",
                    en=f"Less mature than wanted: {has.en} (wanted: {wanted.en} or later)",
                    values=(has.value, wanted.value),
                )
            )
    budget = _range(demand.price_low, demand.price_high)
    price = _range(achievement.price_low, achievement.price_high)
    if budget is not None and price is not None:
        values = tuple(str(v) for v in (*price, *budget))
        if parts.budget >= 1.0:
            reasons.append(
                Reason(
                    code="budget_fit",
                    zh=f"报价在预算内：成果报价{_money_zh(price)}，需求预算{_money_zh(budget)}",
                    en=f"Price within budget: asking {_money_en(price)}, budget {_money_en(budget)}",
                    values=values,
                )
            )
        else:
            reasons.append(
                Reason(
                    code="price_above_budget",
                    zh=f"报价高于预算：成果报价{_money_zh(price)}，需求预算{_money_zh(budget)}",
                    en=f"Price above budget: asking {_money_en(price)}, budget {_money_en(budget)}",
                    values=values,
                )
            )
    modes = [m for m in demand.transfer_modes if m in set(achievement.transfer_modes)]
    if modes:
        reasons.append(
            Reason(
                code="transfer_modes",
                zh="合作方式一致：" + "、".join(m.zh for m in modes),
                en="Matching cooperation: " + ", ".join(m.en for m in modes),
                values=tuple(m.value for m in modes),
            )
        )
    return tuple(reasons)
