"""The console's tabs and the portal's sections: each area adds its own, once."""

from __future__ import annotations

from typing import Any

import pytest

from events.pages import registry
from events.pages.registry import ConsoleTab, PortalSection


async def _nothing(*_: Any) -> dict[str, Any] | None:
    return None


@pytest.fixture
def clean_registries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "CONSOLE_TABS", [ConsoleTab(slug="", label="Overview", order=0)])
    monkeypatch.setattr(registry, "PORTAL_SECTIONS", [])


@pytest.mark.usefixtures("clean_registries")
def test_an_area_registered_twice_adds_its_tabs_and_sections_once() -> None:
    tab = ConsoleTab(slug="deals", label="Deals", organizer_only=True, order=40)
    section = PortalSection(key="deals", title="Deals", template="deals/portal.html", load=_nothing, order=30)

    registry.register(tabs=[tab], sections=[section])
    registry.register(tabs=[tab], sections=[section])

    assert [t.slug for t in registry.console_tabs(organizer=True)] == ["", "deals"]
    assert [t.slug for t in registry.console_tabs(organizer=False)] == [""]
    assert [s.key for s in registry.portal_sections()] == ["deals"]


@pytest.mark.usefixtures("clean_registries")
def test_tabs_and_sections_are_listed_in_their_order() -> None:
    late = PortalSection(key="late", title="Late", template="x.html", load=_nothing, order=90)
    early = PortalSection(key="early", title="Early", template="x.html", load=_nothing, order=10)

    registry.register(tabs=[ConsoleTab(slug="b", label="B", order=20), ConsoleTab(slug="a", label="A", order=10)])
    registry.register(sections=[late, early])

    assert [t.slug for t in registry.console_tabs(organizer=False)] == ["", "a", "b"]
    assert [s.key for s in registry.portal_sections()] == ["early", "late"]
