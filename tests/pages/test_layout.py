"""The layout every page shares: navigation per role, the way back to "my page", the language switch that
keeps the page's query, error pages in the visitor's language, dates of slots per locale."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.factories import make_fair, make_registration

HTML = {"accept": "text/html"}


def nav(html: str) -> str:
    match = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    assert match is not None
    return match.group(0)


async def test_anonymous_visitors_see_the_public_pages_and_sign_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/", headers=HTML)
    menu = nav(page.text)
    for href in ('href="/"', 'href="/catalogue/achievements"', 'href="/catalogue/demands"'):
        assert href in menu
    assert "/console" not in menu
    assert 'href="/me"' not in menu
    assert 'href="/login?next=/"' in page.text


async def test_organizers_see_the_console_and_reports(organizer_client: httpx.AsyncClient) -> None:
    menu = nav((await organizer_client.get("/", headers=HTML)).text)
    assert 'href="/console"' in menu
    assert 'href="/console/reports"' in menu
    assert "控制台" in menu


async def test_staff_see_their_fairs_but_not_reports(staff_client: httpx.AsyncClient) -> None:
    menu = nav((await staff_client.get("/", headers=HTML)).text)
    assert 'href="/console"' in menu
    assert "我的对接会" in menu
    assert "/console/reports" not in menu


async def test_a_participant_finds_the_way_back_to_their_page(client: httpx.AsyncClient) -> None:
    fair = await make_fair(slug="me-fair")
    registration = await make_registration(event_id=fair.id)
    first = await client.get(f"/p/{registration.portal_token}", headers=HTML)
    assert 'href="/me"' in nav(first.text)  # the link is there on the very first visit
    assert "/login?next" not in first.text  # a participant has nothing to sign in to
    catalogue = await client.get("/catalogue/achievements", headers=HTML)
    assert 'href="/me"' in nav(catalogue.text)
    assert registration.portal_token not in catalogue.text  # the secret stays out of other pages
    back = await client.get("/me")
    assert back.status_code == 303
    assert back.headers["location"] == f"/p/{registration.portal_token}"


async def test_my_page_without_a_personal_link_goes_to_the_start(client: httpx.AsyncClient) -> None:
    answer = await client.get("/me")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    client.cookies.set("tf_portal", "not-a-real-token")
    assert (await client.get("/me")).headers["location"] == "/"


async def test_the_language_switch_comes_back_to_the_same_query(client: httpx.AsyncClient) -> None:
    page = await client.get("/catalogue/achievements", params={"q": "电池", "lang": "en"}, headers=HTML)
    assert 'href="/lang/zh?next=/catalogue/achievements%3Fq%3D%25E7%2594%25B5%25E6%25B1%25A0"' in page.text
    switched = await client.get("/lang/zh", params={"next": "/catalogue/achievements?q=%E7%94%B5%E6%B1%A0"})
    assert switched.headers["location"] == "/catalogue/achievements?q=%E7%94%B5%E6%B1%A0"


async def test_a_page_no_route_serves_speaks_the_visitors_language(client: httpx.AsyncClient) -> None:
    english = await client.get("/no/such/page", headers={**HTML, "accept-language": "en-US,en;q=0.9"})
    assert english.status_code == 404
    assert '<html lang="en">' in english.text
    assert "<h1>Not found</h1>" in english.text
    assert "未找到" not in english.text
    chinese = await client.get("/no/such/page", headers=HTML)
    assert "<h1>未找到</h1>" in chinese.text
    by_query = await client.get("/no/such/page?lang=en", headers=HTML)
    assert "<h1>Not found</h1>" in by_query.text


async def test_slot_days_are_dates_in_either_language(client: httpx.AsyncClient, db: Any) -> None:
    await make_fair(slug="days-fair")
    chinese = await client.get("/fairs/days-fair", headers=HTML)
    assert "<h3>2026年12月3日</h3>" in chinese.text
    english = await client.get("/fairs/days-fair?lang=en", headers=HTML)
    assert "<h3>Dec 3, 2026</h3>" in english.text
