from decimal import Decimal

import pytest

from events.errors import DomainError
from events.money import from_fen, to_fen


@pytest.mark.parametrize(
    ("text", "fen"), [("0", 0), ("0.01", 1), ("1,250,000.00", 125000000), (Decimal("99.9"), 9990), (12, 1200)]
)
def test_exact_conversion(text: object, fen: int) -> None:
    assert to_fen(text) == fen  # type: ignore[arg-type]
    assert from_fen(fen) == Decimal(fen) / 100


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.001", "too_many_decimals"),
        ("-5", "negative_amount"),
        ("abc", "invalid_amount"),
        ("NaN", "invalid_amount"),
        ("1e13", "amount_too_large"),
    ],
)
def test_refusals(text: str, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        to_fen(text)
    assert caught.value.code == code


def test_sums_of_fen_are_exact() -> None:
    amounts = ["0.10", "0.20", "0.70"] * 1000
    assert from_fen(sum(to_fen(a) for a in amounts)) == Decimal("1000.00")
