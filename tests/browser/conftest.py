"""What every browser test shares: one headless Chromium (Debian's package, driven by Playwright), the launch
flags, phone and desktop sizes, a watcher that turns script errors, failed requests and unexpected HTTP
refusals into test failures, sign-in, and the axe-core accessibility check.

Chromium is ``/usr/bin/chromium`` (``apt-get install chromium``; Playwright's own browser download does not work
on these machines), or the path in ``TRANSFERFAIR_CHROMIUM``. Without it the browser tests say so and skip:
the one skip the suite allows, because it depends on the machine, not on the code. In CI (``CI=true``) a missing
browser fails the run instead, so the browser tests are always proven there.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, async_playwright

CHROMIUM = os.environ.get("TRANSFERFAIR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
BROWSER_LOCALES = {"zh": "zh-CN", "en": "en-US"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # git-ignored
# axe-core impacts that fail a test; "moderate" and "minor" findings are reported by the checker but allowed.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    if in_ci():
        pytest.fail(f"CI=true but there is no Chromium at {CHROMIUM}: install Debian's chromium (.ci/run does)")
    pytest.skip(
        f"no Chromium at {CHROMIUM} on this machine (apt-get install chromium): the browser tests skip here, "
        "the one allowed skip; in CI (CI=true) a missing browser fails the run"
    )


@pytest.fixture(scope="session")
async def browser(chromium_executable: str) -> AsyncIterator[Browser]:
    """One headless Chromium for the whole session; each test opens its own contexts (cookies, storage)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Allowed:
    status: int
    url: re.Pattern[str]
    seen: int = 0


@dataclass
class Problems:
    """Everything a page did wrong: script errors, console errors, failed requests and HTTP refusals (≥ 400).

    A step that expects a refusal says so with :meth:`allow` (status and URL pattern); the refusal and the
    browser's matching "Failed to load resource" console line are then not problems.
    """

    found: list[str] = field(default_factory=list)
    allowed: list[Allowed] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return page

    @contextmanager
    def allow(self, status: int, url: str) -> Iterator[Allowed]:
        """Expect ``status`` answers (0: no answer at all, the network is down) from URLs matching ``url``."""
        allowed = Allowed(status, re.compile(url))
        self.allowed.append(allowed)
        try:
            yield allowed
        finally:
            self.allowed.remove(allowed)

    def _is_allowed(self, status: int | None, url: str) -> bool:
        """Whether an answer was expected; ``status`` None (the console's echo of it) is not counted again."""
        for allowed in self.allowed:
            if (status is None or allowed.status == status) and allowed.url.search(url):
                allowed.seen += status is not None
                return True
        return False

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = str(message.location.get("url", ""))
        if message.text.startswith("Failed to load resource") and self._is_allowed(None, url):
            return
        self.found.append(f"console error: {message.text} ({url})")

    def _failed(self, request: Request) -> None:
        if self._is_allowed(0, request.url):  # status 0: the request never got an answer (offline)
            return
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/static/favicon.svg"):
            return  # the browser's own fetch of the tab icon, cancelled because the test moved on to the next page
        self.found.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and not self._is_allowed(response.status, response.url):
            self.found.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def assert_none(self) -> None:
        assert self.found == [], "the browser met problems:\n" + "\n".join(self.found)


@pytest.fixture
def problems() -> Problems:
    return Problems()


async def new_page(
    browser: Browser, problems: Problems, *, lang: str = "zh", phone: bool = False, **options: Any
) -> Page:
    """A page in a fresh context (its own cookies) whose browser speaks ``lang``, watched for problems."""
    context: BrowserContext = await browser.new_context(
        locale=BROWSER_LOCALES[lang], **(PHONE if phone else DESKTOP), **options
    )
    return problems.watch(await context.new_page())


async def sign_in(page: Page, base: str, username: str, password: str, *, next_path: str = "") -> None:
    """Sign in through the login page (the form a person uses) and wait to land on ``next_path`` or the console."""
    await page.goto(f"{base}/login" + (f"?next={next_path}" if next_path else ""))
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.click("main form button[type=submit]")
    await page.wait_for_url(re.compile(r".*/$|.*/console.*") if not next_path else f"{base}{next_path}")


_AXE = Axe()


async def accessibility_problems(page: Page) -> list[str]:
    """Serious and critical axe-core findings on the page as it is now (axe.min.js is shipped by the package)."""
    results = await _AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{violation['impact']} {violation['id']} ({violation['help']}) at {targets}")
    return found


async def assert_accessible(page: Page) -> None:
    found = await accessibility_problems(page)
    assert found == [], f"axe-core on {page.url}:\n" + "\n".join(found)


STICKING_OUT = """(width) => {
  const wide = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > width + 1);
  const free = wide.filter((el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return false;
    }
    return true;
  });
  const name = (el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px `
    + (el.innerText || "").slice(0, 40);
  return (free.length ? free : wide).slice(0, 8).map(name);
}"""


async def fits_width(page: Page) -> bool:
    """Nothing sticks out sideways: the page scrolls only vertically on its viewport's width."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width: int = await page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width + 1:
        culprits = await page.evaluate(STICKING_OUT, width)
        raise AssertionError(f"{page.url} is {scroll_width}px wide on a {width}px screen: {culprits}")
    return True


_WRITTEN: list[Path] = []


def record_artifacts(folder: Path) -> None:
    """Name ``folder`` in the run's closing summary (screenshots a person may want to look at)."""
    if folder not in _WRITTEN:
        _WRITTEN.append(folder)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in _WRITTEN:
        terminalreporter.write_line(f"browser screenshots: {folder}")


def artifact_folder(*parts: str) -> Path:
    folder = ARTIFACTS.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
