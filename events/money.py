"""Amounts in CNY: exact decimals at the edges, whole fen (1/100 yuan) in the database."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from events.errors import DomainError

MAX_YUAN = Decimal("1000000000000")  # one trillion yuan: far above any technology contract


def to_fen(amount: Decimal | int | str, *, field: str = "amount") -> int:
    """Exact conversion; refuses more than two decimal places, negatives and absurd amounts."""
    try:
        value = Decimal(str(amount).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError("invalid_amount", f"{field}: {amount!r} is not an amount in yuan", field=field) from None
    if not value.is_finite():
        raise DomainError("invalid_amount", f"{field}: {amount!r} is not an amount in yuan", field=field)
    if value < 0:
        raise DomainError("negative_amount", f"{field} must not be negative", field=field)
    if value > MAX_YUAN:
        raise DomainError("amount_too_large", f"{field} must be at most {MAX_YUAN} yuan", field=field)
    fen = value * 100
    if fen != fen.to_integral_value():
        raise DomainError("too_many_decimals", f"{field}: {amount} has more than two decimal places (fen)", field=field)
    return int(fen)


def from_fen(fen: int | None) -> Decimal | None:
    if fen is None:
        return None
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))
