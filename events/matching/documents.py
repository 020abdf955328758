"""What the matching engine reads: one achievement or demand as plain, immutable values.

The database layer builds a :class:`CatalogueText` from a row (prices from fen with ``events.money.from_fen``);
the engine never touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from events.vocabulary import Field, Maturity, TransferMode

Kind = Literal["achievement", "demand"]
KINDS: tuple[Kind, ...] = ("achievement", "demand")


@dataclass(frozen=True, slots=True)
class CatalogueText:
    """An achievement (科技成果) or a demand (企业技术需求) as the engine sees it.

    For an achievement, ``maturity`` is how far it is from the market and ``price_low``/``price_high`` its price
    guidance; for a demand, ``maturity`` is the least maturity the enterprise will take and the prices its budget.
    Amounts are CNY. ``None`` means not stated (面议).
    """

    id: int
    kind: Kind
    title: str
    summary: str = ""
    keywords: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    maturity: Maturity | None = None
    transfer_modes: tuple[TransferMode, ...] = ()
    price_low: Decimal | None = None
    price_high: Decimal | None = None
    organization: str = ""
    district: str = ""
    university: str = ""
    title_en: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if not self.title.strip():
            raise ValueError("a catalogue item needs a title")
        for amount in (self.price_low, self.price_high):
            if amount is not None and amount < 0:
                raise ValueError("prices and budgets must not be negative")
        if self.price_low is not None and self.price_high is not None and self.price_low > self.price_high:
            raise ValueError("price_low must not exceed price_high")

    @property
    def headline(self) -> str:
        """Title, with the English title when there is one."""
        return f"{self.title} {self.title_en}".strip()

    def embedding_text(self) -> str:
        """The text a semantic model reads for this item: title, keywords, then summary."""
        parts = [self.headline, "、".join(self.keywords), self.summary]
        return "。".join(part for part in parts if part)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def from_mapping(data: Mapping[str, Any], *, kind: Kind) -> CatalogueText:
    """Build an item from a plain mapping (a JSON object, an import row): enum values as their machine values."""
    return CatalogueText(
        id=int(data["id"]),
        kind=kind,
        title=str(data["title"]),
        summary=str(data.get("summary") or ""),
        keywords=tuple(str(k) for k in data.get("keywords") or ()),
        fields=tuple(Field(f) for f in data.get("fields") or ()),
        maturity=Maturity(data["maturity"]) if data.get("maturity") else None,
        transfer_modes=tuple(TransferMode(m) for m in data.get("transfer_modes") or ()),
        price_low=_decimal(data.get("price_low")),
        price_high=_decimal(data.get("price_high")),
        organization=str(data.get("organization") or ""),
        district=str(data.get("district") or ""),
        university=str(data.get("university") or ""),
        title_en=str(data.get("title_en") or ""),
    )


def by_id(items: Iterable[CatalogueText]) -> dict[int, CatalogueText]:
    """Index items by id; refuses duplicates (two rows with one id would shadow each other silently)."""
    out: dict[int, CatalogueText] = {}
    for item in items:
        if item.id in out:
            raise ValueError(f"duplicate catalogue id {item.id}")
        out[item.id] = item
    return out
