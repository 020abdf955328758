"""Small hand-made catalogue items for the matching tests."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from events.matching import CatalogueText
from events.vocabulary import Field, Maturity, TransferMode


def achievement(
    item_id: int,
    title: str,
    summary: str = "",
    *,
    keywords: tuple[str, ...] = (),
    fields: tuple[Field, ...] = (),
    maturity: Maturity | None = None,
    modes: tuple[TransferMode, ...] = (),
    price: tuple[str | None, str | None] = (None, None),
    organization: str = "",
    district: str = "",
    university: str = "",
    title_en: str = "",
) -> CatalogueText:
    return CatalogueText(
        id=item_id,
        kind="achievement",
        title=title,
        summary=summary,
        keywords=keywords,
        fields=fields,
        maturity=maturity,
        transfer_modes=modes,
        price_low=Decimal(price[0]) if price[0] is not None else None,
        price_high=Decimal(price[1]) if price[1] is not None else None,
        organization=organization,
        district=district,
        university=university,
        title_en=title_en,
    )


def demand(item_id: int, title: str, summary: str = "", **options: Any) -> CatalogueText:
    return replace(achievement(item_id, title, summary, **options), kind="demand")
