"""Identifiers that look real and are not: credit codes, patent and registration numbers, phone numbers."""

from __future__ import annotations

import random

from events.directory import CREDIT_CODE_ALPHABET, credit_code_check_digit

# GB 11714 organization code: 8 characters and a check character.
ORGANIZATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Chinese patent application numbers (since 2003): 12 digits and a check character.
PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

# The first two characters of a unified social credit code: who registered the organization, and its kind.
REGISTERED_ENTERPRISE = "91"  # market regulator, enterprise
PUBLIC_INSTITUTION = "12"  # institutional organs (事业单位): public universities and institutes
GOVERNMENT_ORGAN = "11"  # government bodies

# Patent types in an application number.
INVENTION = "1"
UTILITY_MODEL = "2"
DESIGN = "3"

# Demo phone numbers: 138-0013-xxxx, a range used for examples and not assigned to people.
PHONE_PREFIX = "1380013"


def organization_code(rng: random.Random) -> str:
    body = f"{rng.randrange(10_000_000, 100_000_000)}"
    total = sum(int(ch) * w for ch, w in zip(body, ORGANIZATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, *, prefix: str, division: str) -> str:
    """A unified social credit code (统一社会信用代码) with valid organization-code and overall check digits."""
    first17 = prefix + division + organization_code(rng)
    assert len(first17) == 17
    assert all(ch in CREDIT_CODE_ALPHABET for ch in first17)
    return first17 + credit_code_check_digit(first17)


def patent_check(digits: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(digits, PATENT_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def patent_number(rng: random.Random, *, kind: str, year: int) -> str:
    """A granted patent number such as ZL202310123456.7 (year, type, serial, check digit)."""
    digits = f"{year}{kind}{rng.randrange(10_000, 2_000_000):07d}"
    return f"ZL{digits}.{patent_check(digits)}"


def software_registration(rng: random.Random, *, year: int) -> str:
    """A software copyright registration number such as 2024SR0123456."""
    return f"{year}SR{rng.randrange(10_000, 2_000_000):07d}"


def plant_variety_right(rng: random.Random, *, year: int) -> str:
    """A plant variety right number such as CNA20201234.5."""
    return f"CNA{year}{rng.randrange(1000, 10_000)}.{rng.randrange(10)}"


class PhoneBook:
    """Distinct demo mobile numbers in the 1380013xxxx range, handed out in a seeded order."""

    def __init__(self, rng: random.Random) -> None:
        self._free = list(range(10_000))
        rng.shuffle(self._free)

    def next(self) -> str:
        return f"{PHONE_PREFIX}{self._free.pop():04d}"
