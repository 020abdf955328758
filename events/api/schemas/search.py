"""Search hits and recommendations of the catalogue."""

from __future__ import annotations

import msgspec

from events.api.schemas.catalogue import AchievementOut, DemandOut
from events.i18n import get_locale
from events.matching import Reason
from events.search import Recommendation, Relevance
from events.tables import Achievement, Demand


class AchievementHit(AchievementOut, kw_only=True):
    """An achievement of a list; ``score`` and ``matched_terms`` are set when the list answers a query ``q``."""

    score: float | None = None
    matched_terms: list[str] = []


class DemandHit(DemandOut, kw_only=True):
    score: float | None = None
    matched_terms: list[str] = []


def achievement_hit(item: Achievement, relevance: Relevance | None) -> AchievementHit:
    base = msgspec.structs.asdict(AchievementOut.of(item))
    if relevance is None:
        return AchievementHit(**base)
    return AchievementHit(**base, score=relevance.score, matched_terms=list(relevance.matched_terms))


def demand_hit(item: Demand, relevance: Relevance | None) -> DemandHit:
    base = msgspec.structs.asdict(DemandOut.of(item))
    if relevance is None:
        return DemandHit(**base)
    return DemandHit(**base, score=relevance.score, matched_terms=list(relevance.matched_terms))


class ReasonOut(msgspec.Struct, kw_only=True):
    """Why a candidate was recommended: ``text`` in the request's language, ``zh`` and ``en`` both."""

    code: str
    text: str
    zh: str
    en: str
    values: list[str]

    @classmethod
    def of(cls, reason: Reason) -> ReasonOut:
        return cls(
            code=reason.code, text=reason.text(get_locale()), zh=reason.zh, en=reason.en, values=list(reason.values)
        )


class ScorePartsOut(msgspec.Struct, kw_only=True):
    semantic: float
    lexical: float
    fields: float
    maturity: float
    budget: float


class AchievementMatch(msgspec.Struct, kw_only=True):
    """An achievement recommended for a demand."""

    score: float
    reasons: list[ReasonOut]
    parts: ScorePartsOut
    achievement: AchievementOut

    @classmethod
    def of(cls, rec: Recommendation) -> AchievementMatch:
        return cls(
            score=rec.score,
            reasons=[ReasonOut.of(r) for r in rec.reasons],
            parts=ScorePartsOut(**rec.parts),
            achievement=AchievementOut.of(rec.row),
        )


class DemandMatch(msgspec.Struct, kw_only=True):
    """An enterprise demand recommended for an achievement (the best one of each enterprise)."""

    score: float
    reasons: list[ReasonOut]
    parts: ScorePartsOut
    demand: DemandOut

    @classmethod
    def of(cls, rec: Recommendation) -> DemandMatch:
        return cls(
            score=rec.score,
            reasons=[ReasonOut.of(r) for r in rec.reasons],
            parts=ScorePartsOut(**rec.parts),
            demand=DemandOut.of(rec.row),
        )


class AchievementMatches(msgspec.Struct, kw_only=True):
    """Achievements for a demand, best first; ``semantic``: whether meaning was compared, not only words."""

    items: list[AchievementMatch]
    semantic: bool


class DemandMatches(msgspec.Struct, kw_only=True):
    """Demands for an achievement, best first (one per enterprise)."""

    items: list[DemandMatch]
    semantic: bool
