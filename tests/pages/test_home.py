"""The public pages: index, a fair's page, language switch, error pages."""

from __future__ import annotations

import httpx

from tests.factories import make_fair

HTML = {"accept": "text/html"}


async def test_index_lists_fairs_in_chinese_by_default(client: httpx.AsyncClient) -> None:
    await make_fair(slug="winter-fair", title_en="Winter Fair")
    page = await client.get("/", headers=HTML)
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert "科技成果对接会" in page.text
    assert 'href="/fairs/winter-fair"' in page.text
    assert "/schema/swagger" in page.text


async def test_english_from_the_browser_and_the_switch(client: httpx.AsyncClient) -> None:
    await make_fair(slug="winter-fair", title_en="Winter Fair")
    english = await client.get("/", headers={**HTML, "accept-language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in english.text
    assert "Winter Fair" in english.text
    switched = await client.get("/lang/zh", params={"next": "/fairs/winter-fair"})
    assert switched.status_code == 302
    assert switched.headers["location"] == "/fairs/winter-fair"
    assert "tf_lang=zh_CN" in switched.headers["set-cookie"]
    chinese = await client.get("/", headers={**HTML, "accept-language": "en"})
    assert '<html lang="zh-CN">' in chinese.text  # the remembered choice wins over the browser
    assert (await client.get("/lang/en", params={"next": "https://evil.example"})).headers["location"] == "/"


async def test_fair_page_shows_slots_in_the_fair_time_zone(client: httpx.AsyncClient) -> None:
    await make_fair(slug="grid-fair", sessions=(("09:00", "10:00"),), tables=4)
    page = await client.get("/fairs/grid-fair", headers=HTML)
    assert page.status_code == 200
    assert "09:00–09:20" in page.text
    assert "09:40–10:00" in page.text
    assert "4 张洽谈桌" in page.text


async def test_unknown_pages_render_the_error_page(client: httpx.AsyncClient) -> None:
    page = await client.get("/fairs/nothing-here", headers=HTML)
    assert page.status_code == 404
    assert "unknown_event" in page.text
    assert "<html" in page.text
    api = await client.get("/api/events/424242", headers=HTML)
    assert api.headers["content-type"].startswith("application/json")
