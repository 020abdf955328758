"""Plausible, distinct names for people and companies, drawn with the demo's seed."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from events.demo.data.organizations import BRANDS, INDUSTRIES, LEGAL_FORMS
from events.demo.data.people import GIVEN_NAME_CHARACTERS, SURNAMES
from events.demo.data.places import CITY_EN
from events.vocabulary import Field

CITY_PREFIX = "江城"
CITY_PREFIX_SHARE = 0.45


@dataclass(frozen=True, slots=True)
class PersonName:
    name: str
    pinyin: str  # for the e-mail address, e.g. wangjianguo


class PersonNames:
    """Chinese names, common surnames more often, never the same full name twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._surname_weights = [1 / (rank + 6) for rank in range(len(SURNAMES))]

    def next(self) -> PersonName:
        while True:
            surname, surname_pinyin = self._rng.choices(SURNAMES, weights=self._surname_weights)[0]
            length = 1 if self._rng.random() < 0.3 else 2
            given = self._rng.sample(GIVEN_NAME_CHARACTERS, length)
            name = surname + "".join(ch for ch, _ in given)
            if name not in self._used:
                self._used.add(name)
                return PersonName(name=name, pinyin=surname_pinyin + "".join(py for _, py in given))


@dataclass(frozen=True, slots=True)
class CompanyName:
    name: str
    name_en: str
    slug: str  # for the web site and e-mail domain


class CompanyNames:
    """Company names from a city prefix, a brand, an industry and a legal form, never the same twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._slugs: set[str] = set()

    def reserve(self, name: str) -> None:
        self._used.add(name)

    def next(self, industry_field: Field) -> CompanyName:
        while True:
            brand, brand_en = self._rng.choice(BRANDS)
            industry, industry_en = self._rng.choice(INDUSTRIES[industry_field])
            forms = [f for f in LEGAL_FORMS if not (industry.endswith(("科技", "软件")) and f[0] == "科技有限公司")]
            form, form_en, _ = self._rng.choices(forms, weights=[f[2] for f in forms])[0]
            prefixed = self._rng.random() < CITY_PREFIX_SHARE
            name = (CITY_PREFIX if prefixed else "") + brand + industry + form
            if name in self._used:
                continue
            self._used.add(name)
            if form_en.startswith("Technology") and industry_en.endswith("Technology"):
                form_en = form_en.removeprefix("Technology ")
            words = [CITY_EN] if prefixed else []
            words += [brand_en, industry_en, form_en]
            return CompanyName(name=name, name_en=" ".join(words), slug=self._unique_slug(f"{brand_en} {industry_en}"))

    def _unique_slug(self, text: str) -> str:
        base = slugify(text)
        slug, number = base, 1
        while slug in self._slugs:
            number += 1
            slug = f"{base}-{number}"
        self._slugs.add(slug)
        return slug


def slugify(text: str) -> str:
    ascii_text = text.replace("ü", "v").replace("Ü", "V").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
