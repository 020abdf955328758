"""What every template can use: translations, formatting, labels, the visitor."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import Environment

from events import vocabulary
from events.i18n import format_date, format_datetime, format_money, format_number, format_time, get_locale, gettext
from events.i18n import ngettext as _ngettext
from events.money import from_fen

ENUMS: dict[str, type[vocabulary.Labelled]] = {cls.__name__: cls for cls in vocabulary.Labelled.__subclasses__()}


def label(enum_name: str, value: str | None) -> str:
    """The label of an enum value in the current language (``label('Field', 'biomedicine')`` → 生物医药)."""
    if value is None or value == "":
        return ""
    try:
        return ENUMS[enum_name](value).label(get_locale())
    except (KeyError, ValueError):
        return value


def choices(enum_name: str) -> list[tuple[str, str]]:
    return vocabulary.choices(ENUMS[enum_name], get_locale())


def money_fen(fen: int | None) -> str:
    return format_money(from_fen(fen), locale=get_locale())


def money(amount: Decimal | int | None) -> str:
    return format_money(amount, locale=get_locale())


def when(value: datetime | date | None, time_zone: str = "Asia/Shanghai") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, time_zone=time_zone, locale=get_locale())
    return format_date(value, locale=get_locale())


def hhmm(value: datetime | None, time_zone: str = "Asia/Shanghai") -> str:
    return format_time(value, time_zone=time_zone, locale=get_locale()) if value else ""


def localized(item: Any, field: str) -> str:
    """The English variant of a field (``title_en``) when the page is English and one exists."""
    text = getattr(item, field, None) if not isinstance(item, dict) else item.get(field)
    if get_locale() == "en":
        english = getattr(item, f"{field}_en", None) if not isinstance(item, dict) else item.get(f"{field}_en")
        if english:
            return str(english)
    return str(text or "")


def install(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        _=gettext,
        label=label,
        choices=choices,
        money=money,
        money_fen=money_fen,
        when=when,
        hhmm=hhmm,
        number=lambda value: format_number(value, locale=get_locale()),
        localized=localized,
        current_locale=get_locale,
    )
