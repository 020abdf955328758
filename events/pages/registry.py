"""Extension points shared by the areas: tabs of the per-fair console and sections of the participant portal.

An area adds its tab or section here (one line each) and serves the page itself; the console and the
portal only render what is registered, so they never link to something that does not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from events.i18n import N_
from events.tables import Event, Registration


@dataclass(frozen=True, slots=True)
class ConsoleTab:
    """A tab of ``/console/fairs/{event_id}/...``; ``slug`` is the last path segment ('' for the overview)."""

    slug: str
    label: str  # an English msgid, translated when rendered
    organizer_only: bool = False
    order: int = 100


@dataclass(frozen=True, slots=True)
class PortalSection:
    """A section of the participant's personal page ``/p/{token}``.

    ``load`` returns the template context of the section, or None to hide it for this participant.
    """

    key: str
    title: str  # an English msgid
    template: str  # rendered with the context returned by ``load`` plus ``registration`` and ``event``
    load: Callable[[Registration, Event], Awaitable[dict[str, Any] | None]]
    order: int = 100


CONSOLE_TABS: list[ConsoleTab] = [
    ConsoleTab(slug="", label=N_("Overview"), order=0),
    ConsoleTab(slug="registrations", label=N_("Registrations"), organizer_only=True, order=10),
    ConsoleTab(slug="registration-settings", label=N_("Registration settings"), organizer_only=True, order=12),
    ConsoleTab(slug="import", label=N_("Import and export"), organizer_only=True, order=14),
    ConsoleTab(slug="schedule", label=N_("Schedule"), organizer_only=True, order=25),
]

PORTAL_SECTIONS: list[PortalSection] = []


def console_tabs(*, organizer: bool) -> list[ConsoleTab]:
    return sorted((t for t in CONSOLE_TABS if organizer or not t.organizer_only), key=lambda t: t.order)


def portal_sections() -> list[PortalSection]:
    return sorted(PORTAL_SECTIONS, key=lambda s: s.order)


def register(*, tabs: Iterable[ConsoleTab] = (), sections: Iterable[PortalSection] = ()) -> None:
    """Add an area's console tabs and portal sections, each once (a tab by its slug, a section by its key)."""
    for tab in tabs:
        if all(t.slug != tab.slug for t in CONSOLE_TABS):
            CONSOLE_TABS.append(tab)
    for section in sections:
        if all(s.key != section.key for s in PORTAL_SECTIONS):
            PORTAL_SECTIONS.append(section)
