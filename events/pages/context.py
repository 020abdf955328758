"""What every template can use: translations, formatting, labels, the visitor."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

from jinja2 import Environment

from events import vocabulary
from events.accounts import Principal
from events.api.security import principal_of
from events.checkin.service import table_of_place
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


def date_of(value: datetime | None, time_zone: str = "Asia/Shanghai") -> str:
    """The date of a moment in the fair's time zone (2026年12月3日, Dec 3, 2026)."""
    return format_date(value.astimezone(ZoneInfo(time_zone)).date(), locale=get_locale()) if value else ""


def visitor(request: Any) -> Principal:
    """Who is looking at the page (signed-in user, participant through their personal link, or anonymous)."""
    return principal_of(request)


def here(request: Any) -> str:
    """The current path and query without ``lang=``, for the language switch to come back to."""
    query = [(k, v) for k, v in parse_qsl(request.url.query or "", keep_blank_values=True) if k != "lang"]
    path: str = request.url.path
    return path + (f"?{urlencode(query)}" if query else "")


def common_texts() -> str:
    """Messages that ``/static/js/app.js`` shows (busy forms, downloads, network trouble), translated, as JSON.

    The JS modules hold no text of their own: each page hands them its messages in a JSON block.
    """
    texts = {
        "working": gettext("Working…"),
        "downloading": gettext("Preparing the file…"),
        "downloaded": gettext("Download ready."),
        "failed": gettext("That did not work: %(reason)s"),
        "offline": gettext("No connection. Try again when the network is back."),
    }
    return json.dumps(texts, ensure_ascii=False).replace("<", "\\u003c")


def place(gate: str | None) -> str:
    """Where a scan or check-in happened, in words: the gate as typed, or a table (T17 号桌, Table T17)."""
    table = table_of_place(gate or "")
    return gettext("Table %(table)s") % {"table": table} if table is not None else (gate or "")


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
        place=place,
        date_of=date_of,
        visitor=visitor,
        here=here,
        common_texts=common_texts,
        number=lambda value: format_number(value, locale=get_locale()),
        localized=localized,
        current_locale=get_locale,
    )
