"""A BM25F index over catalogue items, held in memory as numpy postings.

Each item is analysed into four parts (title, keywords, summary, names of its organisation/university/district);
a term's frequency is the weighted sum over the parts (title counts most), and the document length is weighted
the same way (BM25F with one shared ``b``). Scores are computed eagerly at build time, one float per
(term, item), so a query only adds a few posting arrays: well under a millisecond for 5,000 items.

The analysed terms of an item (:class:`DocumentTerms`) can be stored beside the row as text
(:meth:`DocumentTerms.to_text`), so that a worker rebuilds its index without re-running jieba.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from events.matching.documents import CatalogueText
from events.matching.text import DEFAULT_ANALYZER, Analyzer, display_term, is_bigram

FloatArray = npt.NDArray[np.float32]

_TERMS_FORMAT = "terms-v1"

_GENERIC_TEXT = "技术 系统 方法 产品 生产 设备 应用 研究 开发 提高 提供 实现 能力 效果 使用 进行"
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
"""Counted by BM25 (with their low IDF) but never shown as a matching term: they explain nothing."""


@dataclass(frozen=True, slots=True)
class FieldWeights:
    """How much one occurrence of a term counts in each part of an item."""

    title: float = 3.0
    keywords: float = 2.0
    summary: float = 1.0
    names: float = 0.5


@dataclass(frozen=True, slots=True)
class DocumentTerms:
    """The analysed terms of one item, by part, with the analyzer that produced them."""

    analyzer: str
    title: tuple[str, ...]
    keywords: tuple[str, ...]
    summary: tuple[str, ...]
    names: tuple[str, ...]

    def to_text(self) -> str:
        """A compact, line-based form to store in a text column (terms never contain spaces)."""
        parts = (self.title, self.keywords, self.summary, self.names)
        return "\n".join([f"{_TERMS_FORMAT} {self.analyzer}", *(" ".join(p) for p in parts)])

    @classmethod
    def from_text(cls, text: str) -> DocumentTerms:
        lines = text.split("\n")
        header = lines[0].split(" ")
        if len(lines) != 5 or len(header) != 2 or header[0] != _TERMS_FORMAT:
            raise ValueError("not a stored DocumentTerms text")
        title, keywords, summary, names = (tuple(line.split()) for line in lines[1:])
        return cls(analyzer=header[1], title=title, keywords=keywords, summary=summary, names=names)

    def weighted_counts(self, weights: FieldWeights) -> dict[str, float]:
        counts: dict[str, float] = {}
        for terms, weight in (
            (self.title, weights.title),
            (self.keywords, weights.keywords),
            (self.summary, weights.summary),
            (self.names, weights.names),
        ):
            if weight and terms:
                for term, occurrences in Counter(terms).items():
                    counts[term] = counts.get(term, 0.0) + occurrences * weight
        return counts

    def weighted_length(self, weights: FieldWeights) -> float:
        return (
            len(self.title) * weights.title
            + len(self.keywords) * weights.keywords
            + len(self.summary) * weights.summary
            + len(self.names) * weights.names
        )


def analyse(item: CatalogueText, *, analyzer: Analyzer = DEFAULT_ANALYZER) -> DocumentTerms:
    """Analyse an item into its index terms (run this when an item is saved, and store ``to_text()``)."""
    return DocumentTerms(
        analyzer=analyzer.name,
        title=tuple(analyzer.tokens(item.headline)),
        keywords=tuple(t for k in item.keywords for t in analyzer.tokens(k)),
        summary=tuple(analyzer.tokens(item.summary)),
        names=tuple(analyzer.tokens(" ".join(n for n in (item.organization, item.university, item.district) if n))),
    )


@dataclass(frozen=True, slots=True)
class LexicalHit:
    id: int
    score: float


class LexicalIndex:
    """BM25F over a fixed set of items. Build once (per catalogue version), query many times; read-only."""

    def __init__(
        self,
        *,
        ids: tuple[int, ...],
        postings: dict[str, tuple[npt.NDArray[np.int32], FloatArray]],
        idf: dict[str, float],
        analyzer: Analyzer,
        weights: FieldWeights,
        k1: float,
    ) -> None:
        self.ids = ids
        self._positions = {item_id: pos for pos, item_id in enumerate(ids)}
        self._postings = postings
        self._idf = idf
        self.analyzer = analyzer
        self.weights = weights
        self.k1 = k1

    @classmethod
    def build(
        cls,
        items: Sequence[CatalogueText],
        *,
        analyzer: Analyzer = DEFAULT_ANALYZER,
        weights: FieldWeights | None = None,
        terms: Mapping[int, DocumentTerms] | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> LexicalIndex:
        """Index ``items``. ``terms`` gives stored analyses by id (those made by another analyzer are redone)."""
        weights = weights or FieldWeights()
        analysed: list[DocumentTerms] = []
        for item in items:
            stored = terms.get(item.id) if terms is not None else None
            analysed.append(
                stored if stored is not None and stored.analyzer == analyzer.name else analyse(item, analyzer=analyzer)
            )
        return cls._from_terms(tuple(i.id for i in items), analysed, analyzer=analyzer, weights=weights, k1=k1, b=b)

    @classmethod
    def _from_terms(
        cls,
        ids: tuple[int, ...],
        analysed: Sequence[DocumentTerms],
        *,
        analyzer: Analyzer,
        weights: FieldWeights,
        k1: float,
        b: float,
    ) -> LexicalIndex:
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate ids in the index")
        n = len(ids)
        lengths = np.array([a.weighted_length(weights) for a in analysed], dtype=np.float64)
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        norm = k1 * (1.0 - b + b * lengths / avg)
        vocabulary: dict[str, int] = {}
        term_ids: list[int] = []
        doc_positions: list[int] = []
        frequencies: list[float] = []
        for pos, analysis in enumerate(analysed):
            for term, tf in analysis.weighted_counts(weights).items():
                term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_positions.append(pos)
                frequencies.append(tf)
        terms_arr = np.array(term_ids, dtype=np.int64)
        docs_arr = np.array(doc_positions, dtype=np.int32)
        tf_arr = np.array(frequencies, dtype=np.float64)
        df = np.bincount(terms_arr, minlength=len(vocabulary)).astype(np.float64)
        idf_arr = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        scores = (idf_arr[terms_arr] * tf_arr * (k1 + 1.0) / (tf_arr + norm[docs_arr])).astype(np.float32)
        order = np.argsort(terms_arr, kind="stable")  # stable: positions stay ascending within a term
        docs_sorted, scores_sorted = docs_arr[order], scores[order]
        ends = np.cumsum(df.astype(np.int64))
        postings: dict[str, tuple[npt.NDArray[np.int32], FloatArray]] = {}
        idf: dict[str, float] = {}
        for term, term_id in vocabulary.items():
            start, end = int(ends[term_id] - df[term_id]), int(ends[term_id])
            postings[term] = (docs_sorted[start:end], scores_sorted[start:end])
            idf[term] = float(idf_arr[term_id])
        return cls(ids=ids, postings=postings, idf=idf, analyzer=analyzer, weights=weights, k1=k1)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._positions

    def position(self, item_id: int) -> int:
        return self._positions[item_id]

    # -- queries ---------------------------------------------------------------------------------------------

    def query_terms(self, text: str) -> dict[str, float]:
        """Terms of a typed query with their weights (a repeated term counts more, with diminishing returns)."""
        return _saturate(Counter(self.analyzer.tokens(text)))

    def item_query_terms(self, item: CatalogueText) -> dict[str, float]:
        """Terms of an item used as a query (a demand looking for achievements, or the reverse)."""
        analysed = analyse(item, analyzer=self.analyzer)
        counts = analysed.weighted_counts(FieldWeights(title=2.0, keywords=1.5, summary=1.0, names=0.0))
        return _saturate(counts)

    def contains(self, term: str, position: int) -> bool:
        """Whether the item at ``position`` contains ``term`` (postings are sorted by position)."""
        posting = self._postings.get(term)
        if posting is None:
            return False
        positions = posting[0]
        at = int(np.searchsorted(positions, position))
        return at < positions.size and int(positions[at]) == position

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    def scores(self, query: Mapping[str, float]) -> FloatArray:
        """BM25F score of every indexed item, in index order."""
        out = np.zeros(len(self.ids), dtype=np.float32)
        for term, weight in query.items():
            posting = self._postings.get(term)
            if posting is not None:
                positions, values = posting
                out[positions] += values * np.float32(weight)
        return out

    def coverage(self, query: Mapping[str, float]) -> FloatArray:
        """For every item, the share of the query's weight (term weight × IDF) found in it, in [0, 1]."""
        out = np.zeros(len(self.ids), dtype=np.float32)
        total = sum(w * self._idf.get(t, 0.0) for t, w in query.items())
        if total <= 0:
            return out
        for term, weight in query.items():
            posting = self._postings.get(term)
            if posting is not None:
                out[posting[0]] += np.float32(weight * self._idf[term] / total)
        return out

    def ceiling(self, query: Mapping[str, float]) -> float:
        """An upper bound of any item's score for ``query`` (every known term at full saturation)."""
        return sum(w * self._idf[t] * (self.k1 + 1.0) for t, w in query.items() if t in self._idf)

    def candidate_mask(self, candidate_ids: Collection[int] | None) -> npt.NDArray[np.bool_] | None:
        if candidate_ids is None:
            return None
        mask = np.zeros(len(self.ids), dtype=np.bool_)
        positions = [self._positions[i] for i in candidate_ids if i in self._positions]
        if positions:
            mask[np.array(positions, dtype=np.int64)] = True
        return mask

    def search(
        self,
        query: Mapping[str, float],
        *,
        limit: int = 20,
        offset: int = 0,
        candidate_ids: Collection[int] | None = None,
        min_coverage: float = 0.0,
    ) -> tuple[int, list[LexicalHit]]:
        """Items with a positive score, best first: (how many matched, the page ``offset:offset+limit``).

        ``min_coverage``: the share of the query's weight (term weight × IDF) an item must contain to count as
        a hit, so that "碳化硅" does not list every item that merely mentions "碳化". Ties are broken by index
        order (stable), so equal scores keep the order the items were indexed in.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        if not 0.0 <= min_coverage <= 1.0:
            raise ValueError("min_coverage is a share between 0 and 1")
        scores = self.scores(query)
        if min_coverage > 0.0:
            scores = np.where(self.coverage(query) >= min_coverage - 1e-6, scores, np.float32(0.0))
        mask = self.candidate_mask(candidate_ids)
        if mask is not None:
            scores = np.where(mask, scores, np.float32(0.0))
        matched = np.flatnonzero(scores > 0)
        total = int(matched.size)
        if total == 0 or limit == 0 or offset >= total:
            return total, []
        wanted = min(offset + limit, total)
        matched_scores = scores[matched]
        if wanted < total:
            part = np.argpartition(-matched_scores, wanted - 1)[:wanted]
            matched, matched_scores = matched[part], matched_scores[part]
        order = np.lexsort((matched, -matched_scores))[offset:wanted]
        return total, [LexicalHit(self.ids[int(matched[o])], float(matched_scores[o])) for o in order]

    def matched_terms(self, query: Mapping[str, float], item_id: int, *, limit: int = 5) -> list[str]:
        """The query's terms found in an item, most telling first, readable (no bigram marks, no term that
        is only a piece of another shown term, no generic word such as 技术)."""
        return self.matched_terms_of(query, [item_id], limit=limit)[item_id]

    def matched_terms_of(
        self, query: Mapping[str, float], item_ids: Sequence[int], *, limit: int = 5
    ) -> dict[int, list[str]]:
        """:meth:`matched_terms` for several items at once (one posting lookup per query term)."""
        positions = np.array([self._positions[i] for i in item_ids], dtype=np.int32)
        present: dict[int, list[str]] = {i: [] for i in item_ids}
        for term in query:
            posting = self._postings.get(term)
            if posting is None or not positions.size:
                continue
            where = posting[0]
            at = np.minimum(np.searchsorted(where, positions), where.size - 1)
            for k in np.flatnonzero(where[at] == positions):
                present[item_ids[int(k)]].append(term)
        return {i: self._readable(query, terms, limit) for i, terms in present.items()}

    def _readable(self, query: Mapping[str, float], present: list[str], limit: int) -> list[str]:
        words = [t for t in present if not is_bigram(t)] or present
        words = [t for t in words if display_term(t) not in GENERIC_WORDS]
        ranked = sorted(words, key=lambda t: (-self._idf.get(t, 0.0) * query[t], t))
        shown: list[str] = []
        for term in ranked:
            text = display_term(term)
            if any(text in other for other in shown):
                continue
            shown = [s for s in shown if s not in text]
            shown.append(text)
            if len(shown) == limit:
                break
        return shown

    def vocabulary(self) -> Iterable[str]:
        return self._postings.keys()


def _saturate(counts: Mapping[str, float]) -> dict[str, float]:
    """Query term weights: 1 for one occurrence, then slowly more (k3 = 2)."""
    return {term: 3.0 * c / (2.0 + c) for term, c in counts.items() if c > 0}
