from datetime import UTC, datetime
from decimal import Decimal

from events.i18n import format_datetime, format_money, gettext, negotiate, normalise_locale, reset_locale, set_locale


def test_chinese_is_default_and_english_switchable() -> None:
    token = set_locale("zh_CN")
    try:
        assert gettext("Sign in") == "登录"
        set_locale("en")
        assert gettext("Sign in") == "Sign in"
    finally:
        reset_locale(token)


def test_negotiation() -> None:
    assert negotiate("en-US,en;q=0.9,zh;q=0.5") == "en"
    assert negotiate("zh-CN,zh;q=0.9,en;q=0.8") == "zh_CN"
    assert negotiate("fr-FR") is None
    assert normalise_locale("zh-Hans-CN") == "zh_CN"


def test_formats() -> None:
    moment = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert format_datetime(moment, locale="zh_CN") == "2026年12月3日 09:00"
    assert format_datetime(moment, locale="en") == "Dec 3, 2026, 09:00"
    assert format_money(Decimal("1250000"), locale="zh_CN") == "¥1,250,000.00"
    assert format_money(Decimal("0.5"), locale="en") == "¥0.50"
