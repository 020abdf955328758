"""A fair's badges as one self-contained HTML file (the stylesheet inlined), for printing without the app."""

from __future__ import annotations

from markupsafe import Markup

from events.checkin.qr import qr_svg
from events.checkin.tickets import badges
from events.checkin.tokens import ticket_url
from events.fairs import get_fair_by_slug
from events.i18n import reset_locale, set_locale
from events.settings import FRONTEND_DIR

PER_SHEET = 8
BATCH = 200


async def badge_sheets_html(*, event_slug: str, base_url: str, locale: str = "zh_CN") -> tuple[str, int]:
    """(the HTML, how many badges) for every approved registration of the fair, tickets issued where missing."""
    from events.app import template_environment

    event = await get_fair_by_slug(slug=event_slug)
    items = []
    offset = 0
    while True:
        page, total = await badges(event_id=event.id, offset=offset, limit=BATCH)
        for badge in page:
            svg = Markup(qr_svg(ticket_url(base_url, badge.token)))  # noqa: S704 - our own SVG
            items.append({"attendee": badge.attendee, "svg": svg, "code": badge.token[-6:]})
        offset += BATCH
        if offset >= total:
            break
    token = set_locale(locale)
    try:
        template = template_environment().get_template("checkin/badges_print.html")
        html = template.render(
            event=event,
            sheets=[items[i : i + PER_SHEET] for i in range(0, len(items), PER_SHEET)],
            stylesheet=Markup((FRONTEND_DIR / "static" / "css" / "app.css").read_text(encoding="utf-8")),  # noqa: S704
            lang="zh-CN" if locale == "zh_CN" else "en",
        )
    finally:
        reset_locale(token)
    return html, len(items)
