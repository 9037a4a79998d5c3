"""Headless Debian chromium driven by Playwright, with every page watched for console errors and for
requests that would leave loopback (those are refused and reported)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class WatchedPage:
    """A page plus what went wrong on it: console errors, uncaught exceptions, off-loopback requests."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.foreign_requests == [], f"requests leaving loopback: {self.foreign_requests}"
        assert self.requests, "the page made no request at all"


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS


@pytest.fixture
def open_page(browser: Browser) -> Iterator[object]:
    """open_page(url, locale=..., viewport=...) -> WatchedPage; its context is closed after the test."""
    contexts = []

    def opener(url: str, locale: str = "uk-UA", width: int = 1280, height: int = 800) -> WatchedPage:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        watched = WatchedPage(page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                watched.errors.append(f"{message.text} @ {message.location}")

        def on_request(request: Request) -> None:
            watched.requests.append(request.url)
            if not is_loopback(request.url):
                watched.foreign_requests.append(request.url)

        def refuse(route: Route) -> None:
            route.abort("blockedbyclient")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: watched.errors.append(f"uncaught: {exc}"))
        page.on("request", on_request)
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/]|\[::1\][:/])"), refuse)
        page.goto(url)
        page.wait_for_function("window.airwarn && window.airwarn.ready === true", timeout=30_000)
        return watched

    yield opener
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot of the page under out/test-artifacts/ (the test run's artifact)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path
