"""The built site in headless Chromium (Debian's, driven by Playwright), offline: every request
to another origin is refused and recorded, as are console errors."""

from __future__ import annotations

import contextlib
import gzip
import re
from dataclasses import dataclass, field

from book_site.pdf_edition import CHROMIUM  # Debian's, which the build prints the PDFs with

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@dataclass
class PageLog:
    """What happened while pages loaded: console errors, failed or refused requests, and the
    size of each response body (uncompressed and gzip-compressed)."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int, int]] = field(default_factory=list)


def open_page(context, log: PageLog, base: str):
    """A new page whose requests to other origins than ``base`` are refused and recorded.

    Only those pass through Python: the pattern is matched in the browser, so the site's own
    files reach the page as they would a reader's, without waiting on this process, which may be
    busy (KaTeX's fonts 0.2 s late, after the first paint, re-wrap the lines around formulas)."""
    page = context.new_page()

    def refuse(request_route, request):
        log.failed_requests.append(f"{request.url} (outside request refused)")
        request_route.abort()

    page.route(re.compile(f"^(?!{re.escape(base)}/)"), refuse)
    page.on("console", lambda message: message.type == "error"
            and log.console_errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: log.console_errors.append(f"{page.url}: {error}"))
    page.on("requestfailed", lambda request: log.failed_requests.append(
        f"{request.url} ({request.failure})"))

    def record(response):
        if response.status >= 400:
            log.failed_requests.append(f"{response.url} (HTTP {response.status})")
        with contextlib.suppress(Exception):  # redirects and aborted requests have no body
            body = response.body()
            log.responses.append((response.url, len(body), len(gzip.compress(body))))

    page.on("response", record)
    return page


def launch(playwright, extra_flags: list[str] = ()):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS + list(extra_flags))


def shown_texts(locator) -> list[str]:
    """The texts of the elements of ``locator`` that a reader sees, each read once scrolled to.

    A chapter section is laid out only near the screen (``content-visibility: auto``); until the
    browser has drawn it there, it gives it no rendered text (``innerText`` is empty). Elements
    that are hidden (say, the other framework's tab) are left out.
    """
    texts = []
    for element in locator.all():
        if not element.evaluate("e => e.checkVisibility({visibilityProperty: true})"):
            continue
        scroll_to_and_wait_until_drawn(element)
        texts.append(element.inner_text())
    return texts


def scroll_to_and_wait_until_drawn(element) -> None:
    """Scroll to ``element`` and wait until the browser has laid it out and drawn it there (its
    section leaves ``content-visibility: auto``'s skipped state in the next frames). Polled from
    Python, so it works on pages without JavaScript too."""
    element.scroll_into_view_if_needed()
    for _ in range(100):
        if element.evaluate("e => e.checkVisibility({contentVisibilityAuto: true})"):
            return
        element.page.wait_for_timeout(20)
    raise AssertionError(f"{element} was never drawn on screen")
