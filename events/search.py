"""Catalogue search and precise matching over the database: ``events.matching`` wired to the catalogue.

One in-memory index per kind (achievements, demands) per worker process, rebuilt when the catalogue changes:

- The *version* of a kind is ``(count(*), items without vectors, max(updated_at))`` of its table, read from
  indexes: one cheap query per search tells whether the index is current. Rows are never edited without a new
  ``updated_at`` (or, for vectors filled later, a new count), so a changed version is the only signal needed.
- A rebuild reads only the rows whose ``(updated_at, has vector)`` changed since the last build (the rest of the
  analysed terms and vectors are kept per item in memory), then rebuilds the BM25 index and the vector matrix.
  Terms and vectors were computed when each item was saved (``search_terms``, ``search_vector``).
- A small catalogue is rebuilt inline, so a search always sees the last save. A large one (over
  :data:`INLINE_REBUILD_LIMIT` items, where a rebuild takes about a second) keeps answering from the previous
  index while one rebuild runs in a worker thread: like any near-real-time search engine, a save shows up in
  search about a second later. Whatever the index says, the rows shown are read from the database with the
  caller's filters, so nothing unpublished or deleted is ever shown.

Filters other than "published" select candidate ids in SQL; the index ranks them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from events import catalogue, embeddings
from events.bulk import update_rows
from events.catalogue import CatalogueFilter
from events.errors import NotFoundError
from events.matching import (
    DEFAULT_ANALYZER,
    GOOD_MATCH,
    CatalogueText,
    Corpus,
    DocumentTerms,
    ItemVectors,
    Kind,
    Match,
    Reason,
    analyse,
    best_per_organization,
    recommend,
    search,
)
from events.pagination import Page, PageRequest
from events.tables import Achievement, Demand, EventAchievement, EventDemand, Organization, Registration
from events.vocabulary import RegistrationRole, RegistrationStatus

logger = logging.getLogger("events.search")

INLINE_REBUILD_LIMIT = 1000
"""Up to this many items an out-of-date index is rebuilt before answering; above it, in the background."""
FETCH_CHUNK = 500
LEXICAL_GOOD_MATCH = 0.60
"""Without vectors (lexical ranking) a best match under this is "no good match": on the labelled set it flags 84%
of demands whose answers were taken out of the catalogue and 21% of those whose answers are there (the hybrid
threshold, ``events.matching.GOOD_MATCH``, is calibrated the same way)."""

TABLES: dict[Kind, Any] = {"achievement": Achievement, "demand": Demand}


# -- the per-process index ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    key: tuple[str, bool]  # (updated_at, has a vector): what tells that the row changed
    text: CatalogueText
    terms: DocumentTerms
    vectors: ItemVectors | None
    published: bool
    organization_id: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One built index of a kind: the corpus, and what it was built from."""

    kind: Kind
    version: tuple[Any, ...]
    corpus: Corpus
    entries: dict[int, _Entry]
    published_ids: frozenset[int]
    by_organization: dict[int, frozenset[int]]

    def organization_of(self, item_id: int) -> int | None:
        entry = self.entries.get(item_id)
        return entry.organization_id if entry else None

    @property
    def all_published(self) -> bool:
        return len(self.published_ids) == len(self.entries)


def _version_sql(table: str) -> str:
    # Each part reads an index (migration 2026-11-26T21:02:30): no row with its 3 KB of vectors is touched.
    return (
        f'SELECT (SELECT count(*) FROM "{table}") AS n, '  # noqa: S608 - table names are ours
        f'(SELECT count(*) FROM "{table}" WHERE search_vector IS NULL) AS w, '
        f'(SELECT max(updated_at) FROM "{table}") AS m'
    )


async def catalogue_version(kind: Kind) -> tuple[Any, ...]:
    """The cheap fingerprint of a kind's table; it changes whenever an item is added, changed or deleted, or gets
    its vectors."""
    table = TABLES[kind]
    rows = await table.raw(_version_sql(table._meta.tablename))
    row = rows[0] if rows else {}
    return (int(row.get("n") or 0), int(row.get("w") or 0), str(row.get("m") or ""))


def _item_columns(kind: Kind) -> list[Any]:
    table = TABLES[kind]
    names = ["id", "title", "title_en", "summary", "keywords", "fields", "transfer_modes", "published"]
    names += ["search_terms", "search_vector", "updated_at", "organization"]
    names += ["maturity", "price_low_fen", "price_high_fen"] if kind == "achievement" else []
    names += ["budget_low_fen", "budget_high_fen"] if kind == "demand" else []
    columns = [getattr(table, name) for name in names]
    columns += [table.organization.name, table.organization.kind, table.organization.district]
    return columns


def _entry(kind: Kind, row: dict[str, Any]) -> _Entry:
    text = catalogue.catalogue_text(
        row,
        kind=kind,
        item_id=int(row["id"]),
        organization_name=str(row.get("organization.name") or ""),
        organization_kind=str(row.get("organization.kind") or ""),
        district=str(row.get("organization.district") or ""),
    )
    terms: DocumentTerms | None = None
    stored = row.get("search_terms") or ""
    if stored:
        try:
            terms = DocumentTerms.from_text(stored)
        except ValueError:
            terms = None
    if terms is None or terms.analyzer != DEFAULT_ANALYZER.name:
        terms = analyse(text)
    vectors: ItemVectors | None = None
    if row.get("search_vector"):
        try:
            vectors = ItemVectors.from_bytes(bytes(row["search_vector"]))
        except ValueError:
            vectors = None
    return _Entry(
        key=(str(row["updated_at"]), vectors is not None),
        text=text,
        terms=terms,
        vectors=vectors,
        published=bool(row["published"]),
        organization_id=int(row["organization"]),
    )


def _build_corpus(kind: Kind, entries: dict[int, _Entry]) -> Corpus:
    ordered = [entries[i] for i in sorted(entries)]
    dimensions = [e.vectors.dimension for e in ordered if e.vectors is not None]
    dimension = max(set(dimensions), key=dimensions.count) if dimensions else None
    vectors = {e.text.id: e.vectors for e in ordered if e.vectors is not None and e.vectors.dimension == dimension}
    return Corpus.build(
        [e.text for e in ordered],
        kind=kind,
        terms={e.text.id: e.terms for e in ordered},
        vectors=vectors or None,
    )


class CatalogueIndex:
    """The index of one kind in this process (see the module documentation)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self._snapshot: Snapshot | None = None
        self._entries: dict[int, _Entry] = {}
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None
        self._background: asyncio.Task[Snapshot] | None = None

    def _loop_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
            self._background = None
        return self._lock

    async def snapshot(self) -> Snapshot:
        """The current index, rebuilt first when the catalogue changed (in the background when large)."""
        version = await catalogue_version(self.kind)
        current = self._snapshot
        if current is not None and current.version == version:
            return current
        if current is not None and len(current.entries) > INLINE_REBUILD_LIMIT:
            if self._background is None or self._background.done():
                self._background = asyncio.create_task(self._rebuild_locked())
            return current
        return await self._rebuild_locked()

    async def _rebuild_locked(self) -> Snapshot:
        async with self._loop_lock():
            version = await catalogue_version(self.kind)
            current = self._snapshot
            if current is not None and current.version == version:
                return current
            snapshot = await self._rebuild(version)
            self._snapshot = snapshot
            return snapshot

    async def _rebuild(self, version: tuple[Any, ...]) -> Snapshot:
        table = TABLES[self.kind]
        keys = await table.raw(
            f'SELECT id, updated_at, search_vector IS NOT NULL AS has_vector FROM "{table._meta.tablename}"'  # noqa: S608
        )
        wanted = {int(r["id"]): (str(r["updated_at"]), bool(r["has_vector"])) for r in keys}
        entries = {i: e for i, e in self._entries.items() if wanted.get(i) == e.key}
        changed = sorted(i for i in wanted if i not in entries)
        columns = _item_columns(self.kind)
        for start in range(0, len(changed), FETCH_CHUNK):
            chunk = changed[start : start + FETCH_CHUNK]
            rows = await table.select(*columns).where(table.id.is_in(chunk))
            for row in rows:
                entries[int(row["id"])] = _entry(self.kind, row)
        corpus = await asyncio.to_thread(_build_corpus, self.kind, entries)
        self._entries = entries
        published = frozenset(i for i, e in entries.items() if e.published)
        owned: dict[int, set[int]] = {}
        for item_id, entry in entries.items():
            owned.setdefault(entry.organization_id, set()).add(item_id)
        logger.info("rebuilt the %s index: %d items (%d re-read)", self.kind, len(entries), len(changed))
        return Snapshot(
            kind=self.kind,
            version=version,
            corpus=corpus,
            entries=entries,
            published_ids=published,
            by_organization={k: frozenset(v) for k, v in owned.items()},
        )


_INDEXES: dict[Kind, CatalogueIndex] = {}


def index_of(kind: Kind) -> CatalogueIndex:
    if kind not in _INDEXES:
        _INDEXES[kind] = CatalogueIndex(kind)
    return _INDEXES[kind]


async def snapshot_of(kind: Kind) -> Snapshot:
    return await index_of(kind).snapshot()


# -- full-text search ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relevance:
    score: float
    matched_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of catalogue rows; ``relevance`` is filled when the page answers a typed query."""

    page: Page[Any]
    relevance: dict[int, Relevance] = field(default_factory=dict)
    query: str = ""


def _conditions(kind: Kind, filters: CatalogueFilter) -> list[Any]:
    if kind == "achievement":
        return catalogue.achievement_conditions(filters)
    return catalogue.demand_conditions(filters)


def _narrowing(filters: CatalogueFilter) -> bool:
    """Whether the filters need SQL (anything beyond 'published only')."""
    return any(
        value is not None and value != ""
        for value in (
            filters.field,
            filters.maturity,
            filters.transfer_mode,
            filters.district,
            filters.organization_id,
            filters.event_id,
            filters.price_min,
            filters.price_max,
            filters.ids,
        )
    )


async def candidate_ids(kind: Kind, filters: CatalogueFilter, snapshot: Snapshot) -> Collection[int] | None:
    """The ids the filters allow (None: every indexed item)."""
    if _narrowing(filters):
        table = TABLES[kind]
        query = table.select(table.id)
        for condition in _conditions(kind, filters):
            query = query.where(condition)
        return {int(row["id"]) for row in await query}
    if filters.published_only and not snapshot.all_published:
        return snapshot.published_ids
    return None


def _shown_columns(kind: Kind) -> list[Any]:
    """Everything a list or a page shows of an item and its owner, without the stored terms and vectors."""
    table = TABLES[kind]
    own = table.all_columns(exclude=[table.search_vector, table.search_terms])
    return [*own, *table.organization.all_columns()]


async def rows_by_id(kind: Kind, ids: Sequence[int], filters: CatalogueFilter | None = None) -> list[Any]:
    """Rows (with their organization) in the order of ``ids``; rows the filters refuse are left out."""
    if not ids:
        return []
    table = TABLES[kind]
    query = table.select(*_shown_columns(kind)).where(table.id.is_in(list(ids))).output(nested=True)
    for condition in _conditions(kind, filters) if filters is not None else []:
        query = query.where(condition)
    found = {}
    for row in await query:
        owner = row.pop("organization")
        item = table(**row, organization=owner["id"], _exists_in_db=True)
        item.organization = Organization(**owner, _exists_in_db=True)
        found[item.id] = item
    return [found[i] for i in ids if i in found]


async def search_catalogue(kind: Kind, *, q: str, filters: CatalogueFilter, page: PageRequest) -> SearchResult:
    """The catalogue's list: relevance-ranked when ``q`` has words, otherwise newest first."""
    query = (q or "").strip()
    if not query:
        if kind == "achievement":
            listed: Page[Any] = await catalogue.list_achievements(page=page, filters=filters)
        else:
            listed = await catalogue.list_demands(page=page, filters=filters)
        return SearchResult(page=listed)
    snapshot = await snapshot_of(kind)
    candidates = await candidate_ids(kind, filters, snapshot)
    found = search(snapshot.corpus, query, limit=page.limit, offset=page.offset, candidate_ids=candidates)
    rows = await rows_by_id(kind, [hit.id for hit in found.hits], filters)
    relevance = {hit.id: Relevance(score=round(hit.score, 4), matched_terms=hit.matched_terms) for hit in found.hits}
    return SearchResult(
        page=Page(items=rows, total=found.total, limit=page.limit, offset=page.offset),
        relevance=relevance,
        query=query,
    )


async def field_counts(kind: Kind, *, q: str, filters: CatalogueFilter) -> dict[str, int]:
    """How many items of each primary field the list would show without its field filter (classified display)."""
    unfiltered = CatalogueFilter(**{**_filter_values(filters), "field": None})
    table = TABLES[kind]
    query_text = (q or "").strip()
    if not query_text:
        query = table.select(table.field)
        for condition in _conditions(kind, unfiltered):
            query = query.where(condition)
        counts: dict[str, int] = {}
        for row in await query:
            counts[row["field"]] = counts.get(row["field"], 0) + 1
        return counts
    snapshot = await snapshot_of(kind)
    candidates = await candidate_ids(kind, unfiltered, snapshot)
    lexical = snapshot.corpus.lexical
    terms = lexical.query_terms(query_text)
    total, _ = lexical.search(terms, limit=0, candidate_ids=candidates)
    _, hits = lexical.search(terms, limit=total, candidate_ids=candidates) if total else (0, [])
    counts = {}
    for hit in hits:
        fields = snapshot.entries[hit.id].text.fields
        if fields:
            counts[fields[0].value] = counts.get(fields[0].value, 0) + 1
    return counts


def _filter_values(filters: CatalogueFilter) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in CatalogueFilter.__dataclass_fields__}


# -- precise matching ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A ranked candidate of the other kind, with the row to show and the reasons a person reads."""

    row: Any
    score: float
    reasons: tuple[Reason, ...]
    parts: dict[str, float]


def other_kind(kind: Kind) -> Kind:
    return "demand" if kind == "achievement" else "achievement"


async def _query_item(kind: Kind, item_id: int) -> tuple[CatalogueText, ItemVectors | None, int]:
    table = TABLES[kind]
    row = await table.select(*_item_columns(kind)).where(table.id == item_id).first()
    if row is None:
        raise NotFoundError(f"unknown_{kind}", f"no {kind} with id {item_id}")
    entry = _entry(kind, row)
    vectors = entry.vectors
    if vectors is None and embeddings.semantic_enabled():
        computed = await embeddings.vectors_for([entry.text])
        vectors = ItemVectors.from_bytes(computed[0]) if computed[0] else None
    return entry.text, vectors, entry.organization_id


async def fair_item_ids(kind: Kind, event_id: int) -> set[int]:
    """Achievements presented at, or demands brought to, a fair."""
    if kind == "achievement":
        rows = await EventAchievement.select(EventAchievement.achievement).where(EventAchievement.event == event_id)
        return {int(r["achievement"]) for r in rows}
    rows = await EventDemand.select(EventDemand.demand).where(EventDemand.event == event_id)
    return {int(r["demand"]) for r in rows}


def _parts(match: Match) -> dict[str, float]:
    p = match.parts
    values = {"semantic": p.semantic, "lexical": p.lexical, "fields": p.fields, "maturity": p.maturity}
    values["budget"] = p.budget
    return {k: round(float(v), 4) for k, v in values.items()}


def _rank(
    snapshot: Snapshot,
    item: CatalogueText,
    vectors: ItemVectors | None,
    *,
    limit: int,
    candidates: Iterable[int],
    per_organization: bool,
) -> list[Match]:
    wanted = limit * 4 if per_organization else limit
    matches = recommend(
        snapshot.corpus,
        item,
        vectors=vectors if snapshot.corpus.semantic else None,
        limit=wanted,
        candidate_ids=set(candidates),
    )
    return best_per_organization(matches, limit=limit) if per_organization else matches[:limit]


@dataclass(frozen=True, slots=True)
class Recommendations:
    items: list[Recommendation]
    semantic: bool  # whether meaning was compared (vectors on both sides), not only words


async def matches_for(kind: Kind, item_id: int, *, limit: int = 10, event_id: int | None = None) -> Recommendations:
    """For a demand, the achievements that best answer it; for an achievement, the demands of the enterprises
    most likely to want it (one per enterprise). ``event_id`` keeps the candidates of one fair."""
    item, vectors, organization_id = await _query_item(kind, item_id)
    target = other_kind(kind)
    snapshot = await snapshot_of(target)
    candidates: Collection[int] = snapshot.published_ids - snapshot.by_organization.get(organization_id, frozenset())
    if event_id is not None:
        candidates = set(candidates) & await fair_item_ids(target, event_id)
    matches = _rank(snapshot, item, vectors, limit=limit, candidates=candidates, per_organization=kind == "achievement")
    rows = await rows_by_id(target, [m.id for m in matches], CatalogueFilter())
    by_id = {row.id: row for row in rows}
    items = [
        Recommendation(row=by_id[m.id], score=m.score, reasons=m.reasons, parts=_parts(m))
        for m in matches
        if m.id in by_id
    ]
    return Recommendations(items=items, semantic=snapshot.corpus.semantic and vectors is not None)


def good_match_threshold(semantic: bool) -> float:
    return GOOD_MATCH if semantic else LEXICAL_GOOD_MATCH


# -- matching within one fair ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FairItem:
    """An item presented at (or brought to) a fair, and by whom."""

    item_id: int
    registration_id: int | None


async def fair_items(kind: Kind, event_id: int) -> list[FairItem]:
    """Achievements presented at a fair (or demands brought to it), by participants still taking part."""
    inactive = [RegistrationStatus.REJECTED.value, RegistrationStatus.CANCELLED.value]
    if kind == "achievement":
        rows = await EventAchievement.select(
            EventAchievement.achievement.as_alias("item"),
            EventAchievement.registration,
            EventAchievement.registration.status.as_alias("status"),
        ).where(EventAchievement.event == event_id)
    else:
        rows = await EventDemand.select(
            EventDemand.demand.as_alias("item"),
            EventDemand.registration,
            EventDemand.registration.status.as_alias("status"),
        ).where(EventDemand.event == event_id)
    return [FairItem(int(r["item"]), r["registration"]) for r in rows if r["status"] not in inactive]


@dataclass(frozen=True, slots=True)
class PartnerItem:
    """One of the partner's items that answers one of mine."""

    item_id: int
    title: str
    score: float
    reasons: tuple[Reason, ...]
    mine_id: int
    mine_title: str


@dataclass(frozen=True, slots=True)
class Partner:
    """A participant of the fair recommended to another: a team for an enterprise, or the reverse."""

    registration_id: int
    name: str
    team_name: str
    score: float
    items: tuple[PartnerItem, ...]


async def recommended_partners(*, registration_id: int, event_id: int, limit: int = 8) -> list[Partner] | None:
    """The fair's teams whose achievements best answer an enterprise's demands there (or, for a team, the
    enterprises whose demands its achievements answer), best first; None when the participant brought nothing
    to match (no demand, no achievement)."""
    registration = await Registration.objects().where(Registration.id == registration_id).first()
    if registration is None:
        raise NotFoundError("unknown_registration", f"no registration with id {registration_id}")
    mine_kind: Kind = "achievement" if registration.role == RegistrationRole.TEAM.value else "demand"
    theirs_kind = other_kind(mine_kind)
    mine = [i.item_id for i in await fair_items(mine_kind, event_id) if i.registration_id == registration_id]
    if not mine:
        return None
    theirs = {
        i.item_id: i.registration_id
        for i in await fair_items(theirs_kind, event_id)
        if i.registration_id is not None and i.registration_id != registration_id
    }
    own_snapshot, snapshot = await snapshot_of(mine_kind), await snapshot_of(theirs_kind)
    candidates = set(theirs) & snapshot.published_ids
    best: dict[int, list[PartnerItem]] = {}
    for item_id in mine:
        entry = own_snapshot.entries.get(item_id)
        if entry is None or not candidates:
            continue
        vectors = entry.vectors if snapshot.corpus.semantic else None
        for match in recommend(snapshot.corpus, entry.text, vectors=vectors, limit=limit * 2, candidate_ids=candidates):
            best.setdefault(int(theirs[match.id]), []).append(
                PartnerItem(match.id, match.item.title, match.score, match.reasons, item_id, entry.text.title)
            )
    if not best:
        return []
    rows = await Registration.select(
        Registration.id, Registration.team_name, Registration.organization.name.as_alias("name")
    ).where(Registration.id.is_in(list(best)))
    names = {int(r["id"]): (str(r["name"] or ""), str(r["team_name"] or "")) for r in rows}
    partners = []
    for partner_id, items in best.items():
        ordered = tuple(sorted(items, key=lambda i: -i.score)[:3])
        name, team = names.get(partner_id, ("", ""))
        partners.append(Partner(partner_id, name, team, ordered[0].score, ordered))
    partners.sort(key=lambda p: (-p.score, p.registration_id))
    return partners[:limit]


@dataclass(frozen=True, slots=True)
class DemandCoverage:
    """A demand of a fair and its best answer among the fair's achievements."""

    demand_id: int
    title: str
    enterprise: str
    best_score: float
    best_id: int | None
    best_title: str
    reasons: tuple[Reason, ...]
    good: bool


async def demand_coverage(*, event_id: int) -> tuple[list[DemandCoverage], float, bool]:
    """Every demand brought to a fair with its best match among the achievements presented there, weakest
    first; plus the threshold below which a match is not a good one, and whether meaning was compared."""
    demands = await snapshot_of("demand")
    achievements = await snapshot_of("achievement")
    brought = sorted({i.item_id for i in await fair_items("demand", event_id)} & set(demands.entries))
    candidates = {i.item_id for i in await fair_items("achievement", event_id)} & achievements.published_ids
    semantic = achievements.corpus.semantic
    threshold = good_match_threshold(semantic)

    def rank() -> list[DemandCoverage]:
        out = []
        for demand_id in brought:
            entry = demands.entries[demand_id]
            found = (
                recommend(
                    achievements.corpus,
                    entry.text,
                    vectors=entry.vectors if semantic else None,
                    limit=1,
                    candidate_ids=candidates,
                )
                if candidates
                else []
            )
            top = found[0] if found else None
            out.append(
                DemandCoverage(
                    demand_id=demand_id,
                    title=entry.text.title,
                    enterprise=entry.text.organization,
                    best_score=top.score if top else 0.0,
                    best_id=top.id if top else None,
                    best_title=top.item.title if top else "",
                    reasons=top.reasons if top else (),
                    good=top is not None and top.score >= threshold,
                )
            )
        out.sort(key=lambda c: (c.best_score, c.demand_id))
        return out

    return await asyncio.to_thread(rank), threshold, semantic


# -- vectors filled after bulk saves ------------------------------------------------------------------------------


async def fill_missing_vectors(*, batch: int = 16, limit: int | None = None) -> int:
    """Compute and store the vectors of items saved without them (imports); returns how many were stored.

    Idempotent and safe to run in several workers at once: a row is only written while it has no vector.
    """
    if not embeddings.semantic_enabled() or await asyncio.to_thread(embeddings.current_embedder) is None:
        return 0
    stored = 0
    for kind in ("achievement", "demand"):
        table = TABLES[kind]
        skip: set[int] = set()
        while limit is None or stored < limit:
            query = table.select(*_item_columns(kind)).where(table.search_vector.is_null())
            if skip:
                query = query.where(table.id.not_in(sorted(skip)))
            rows = await query.order_by(table.id).limit(batch)
            if not rows:
                break
            texts = [_entry(kind, row).text for row in rows]
            vectors = await embeddings.vectors_for(texts)
            for row, vector in zip(rows, vectors, strict=True):
                skip.add(int(row["id"]))
                if vector is None:
                    continue
                await table.update({table.search_vector: vector}).where(
                    (table.id == row["id"]) & table.search_vector.is_null()
                )
                stored += 1
    return stored


async def fill_missing_terms(*, batch: int = 200) -> int:
    """Analyse and store the index terms of items saved without them (rows written by bulk loads)."""
    stored = 0
    for kind in ("achievement", "demand"):
        table = TABLES[kind]
        while True:
            rows = await table.select(*_item_columns(kind)).where(table.search_terms == "").limit(batch)
            if not rows:
                break
            terms = [(row["id"], _entry(kind, row).terms.to_text()) for row in rows]  # analyses them
            await update_rows(table, key=table.id, columns=[table.search_terms], rows=terms)  # one statement
            stored += len(rows)
    return stored


_BACKGROUND: set[asyncio.Task[int]] = set()


def schedule_vector_fill() -> None:
    """Fill missing vectors in the background of this process (after an import)."""
    if not embeddings.semantic_enabled():
        return
    task = asyncio.get_running_loop().create_task(fill_missing_vectors())
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)


VECTOR_FILL_LOCK = 20_261_127
"""The PostgreSQL advisory lock held by the worker that fills missing vectors after start-up (one at a time)."""


async def fill_missing_vectors_at_startup() -> int:
    """Fill the vectors of items saved without them (the demo, bulk loads), in batches in a worker thread.

    Started by the app after start-up; requests are served meanwhile and matching is lexical for the items still
    without vectors. On PostgreSQL only one worker process does it at a time (the others find the lock taken and
    leave it); the demo catalogue takes about 75 s on two cores. Returns how many vectors were stored.
    """
    from events.database import current_engine, is_postgres

    if not embeddings.semantic_enabled():
        return 0
    missing = [await TABLES[kind].exists().where(TABLES[kind].search_vector.is_null()) for kind in TABLES]
    if not any(missing):
        return 0  # the usual start: nothing to do, and no model to load
    engine = current_engine()
    pool = getattr(engine, "pool", None) if is_postgres(engine) else None
    started = time.perf_counter()
    try:
        if pool is None:
            stored = await fill_missing_vectors()
        else:
            async with pool.acquire() as connection:
                if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", VECTOR_FILL_LOCK):
                    return 0
                try:
                    stored = await fill_missing_vectors()
                finally:
                    await connection.execute("SELECT pg_advisory_unlock($1)", VECTOR_FILL_LOCK)
    except asyncio.CancelledError:
        raise
    except Exception:  # a background task must not die silently: say why semantic matching is incomplete
        logger.exception("filling the missing semantic vectors failed; run transferfair catalogue reindex")
        return 0
    if stored:
        logger.info("semantic vectors stored for %d catalogue items in %.0f s", stored, time.perf_counter() - started)
    return stored


def start_vector_fill() -> asyncio.Task[int] | None:
    """Start :func:`fill_missing_vectors_at_startup` in the background of this process; None when semantic
    matching is off."""
    if not embeddings.semantic_enabled():
        return None
    task = asyncio.get_running_loop().create_task(fill_missing_vectors_at_startup())
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)
    return task
