"""Languages: Chinese (zh_CN) first, English second.

Messages are written in English in the code and templates (``_("Sign in")``) and translated in gettext
catalogs under ``events/locale/<locale>/LC_MESSAGES/*.po`` (one file per area of the app, merged at load),
read with Babel; no compiled ``.mo`` files are kept in the repository. The current request's locale lives in a
context variable set by the locale middleware, so domain code and templates share one ``gettext``.
Dates, times and amounts are formatted per locale with Babel.
"""

from __future__ import annotations

import contextvars
import io
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.core import negotiate_locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED_LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LOCALE_COOKIE = "tf_lang"

_current_locale: contextvars.ContextVar[str] = contextvars.ContextVar("current_locale", default=DEFAULT_LOCALE)


def set_locale(locale: str) -> contextvars.Token[str]:
    return _current_locale.set(normalise_locale(locale) or DEFAULT_LOCALE)


def reset_locale(token: contextvars.Token[str]) -> None:
    _current_locale.reset(token)


def get_locale() -> str:
    return _current_locale.get()


def normalise_locale(value: str | None) -> str | None:
    """'zh', 'zh-CN', 'zh_Hans_CN' -> 'zh_CN'; 'en-US' -> 'en'; anything else -> None."""
    if not value:
        return None
    folded = value.strip().replace("-", "_").lower()
    if folded.startswith("zh"):
        return "zh_CN"
    if folded.startswith("en"):
        return "en"
    return None


def negotiate(accept_language: str | None) -> str | None:
    """The best supported locale for an Accept-Language header, or None."""
    if not accept_language:
        return None
    preferred: list[tuple[float, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        preferred.append((-quality + index * 1e-6, tag.strip()))
    tags = [tag.replace("-", "_") for _, tag in sorted(preferred)]
    chosen = negotiate_locale(tags, ["zh_CN", "zh", "en"], sep="_")
    return normalise_locale(chosen) if chosen else next(filter(None, map(normalise_locale, tags)), None)


@cache
def catalog_files(locale: str) -> tuple[Path, ...]:
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    return tuple(sorted(folder.glob("*.po"))) if folder.is_dir() else ()


@cache
def translations(locale: str) -> Translations:
    """All catalogs of a locale merged into one Translations object (English is the identity).

    Each ``.po`` file is compiled in memory with Babel (``write_mo``), so no ``.mo`` file is kept.
    """
    merged: Translations | None = None
    for path in catalog_files(locale):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        part = Translations(fp=buffer)
        # The first catalog is the base, so that the locale's plural rule (one form in Chinese) is kept.
        merged = part if merged is None else merged.merge(part)
    return merged if merged is not None else Translations()


def gettext(message: str, **params: Any) -> str:
    text: str = translations(get_locale()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    text: str = translations(get_locale()).ngettext(singular, plural, n)
    params.setdefault("num", n)
    return text % params


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a message for extraction without translating it now (translated where it is shown)."""
    return message


def babel_locale(locale: str | None = None) -> Locale:
    try:
        return Locale.parse(locale or get_locale())
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


def format_datetime(value: datetime, *, time_zone: str = "Asia/Shanghai", locale: str | None = None) -> str:
    """2026年12月3日 09:00 in Chinese, Dec 3, 2026, 09:00 in English, in the fair's time zone."""
    local = value.astimezone(ZoneInfo(time_zone))
    loc = babel_locale(locale)
    pattern = "y年M月d日 HH:mm" if loc.language == "zh" else "MMM d, y, HH:mm"
    return babel_format_datetime(local, pattern, locale=loc)


def format_date(value: date, *, locale: str | None = None) -> str:
    loc = babel_locale(locale)
    pattern = "y年M月d日" if loc.language == "zh" else "MMM d, y"
    return babel_format_date(value, pattern, locale=loc)


def format_time(value: datetime, *, time_zone: str = "Asia/Shanghai", locale: str | None = None) -> str:
    return babel_format_time(value.astimezone(ZoneInfo(time_zone)), "HH:mm", locale=babel_locale(locale))


def format_money(amount: Decimal | int | None, *, locale: str | None = None) -> str:
    """¥1,250,000.00 (CNY, exact, two decimals) in either language."""
    if amount is None:
        return "—"
    return "¥" + format_decimal(Decimal(amount), format="#,##0.00", locale=babel_locale(locale))


def format_number(value: int | float | Decimal, *, locale: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(locale))
