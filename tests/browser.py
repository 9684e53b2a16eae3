"""The built site in headless Chromium, offline.

The site is served from the build folder on 127.0.0.1. Requests to the CDN
(https://cdn.jsdelivr.net/npm/<package>@<version>/<file>) are answered from the npm
package itself (``npm_file``: _ext/npm_packages.py); every other
request to the outside fails and is recorded, as are console errors.

For timing (benchmarks/site.py) the answers must cross the browser's throttled network, which
requests answered by Playwright's ``route`` skip: there ``serve_cdn`` answers the CDN's https
address from a local server with a self-signed certificate, and ``cdn_flags`` points Chromium
at it. Both servers compress text with gzip, as a web server and the CDN do. For the layout-shift
test, ``serve_fonts_first`` sends a page's preloaded fonts before its stylesheet."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import re
import ssl
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))
from npm_packages import npm_file  # noqa: E402  (the build fetches npm packages the same way)
CDN = "https://cdn.jsdelivr.net/npm/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files from ``directory``, text gzip-compressed when the browser accepts it; no logging."""

    def log_message(self, *args):
        pass

    def file_for(self, url_path: str) -> Path | None:
        path = Path(self.translate_path(url_path))
        return path / "index.html" if path.is_dir() else path

    def do_GET(self):
        path = self.file_for(self.path.split("?")[0])
        if path is None or not path.is_file():
            return self.send_error(404)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = path.read_bytes()
        compress = ("gzip" in self.headers.get("Accept-Encoding", "")
                    and content_type.startswith(COMPRESSED_TYPES))
        if compress:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page was closed first
            self.end_headers()
            self.wfile.write(body)


class CdnHandler(StaticHandler):
    """``/npm/<package>@<version>/<file>`` from that npm package, as cdn.jsdelivr.net answers."""

    def file_for(self, url_path: str) -> Path | None:
        if not url_path.startswith("/npm/"):
            return None
        try:
            return npm_file(url_path[len("/npm/"):])
        except (ValueError, OSError, RuntimeError):
            return None


@contextlib.contextmanager
def _running(server: http.server.ThreadingHTTPServer):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1; yields the base address."""
    handler = functools.partial(StaticHandler, directory=str(directory))
    with _running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as port:
        yield f"http://127.0.0.1:{port}"


PRELOADED_FONT = re.compile(r'<link rel="preload" as="font"[^>]*href="([^"]+)"')


class FontsFirst:
    """The fonts a page preloads, and those of them sent so far (one page load at a time)."""

    def __init__(self):
        self.changed = threading.Condition()
        self.preloaded: set[str] = set()
        self.sent: set[str] = set()
        self.never_sent: set[str] = set()

    def page(self, url_path: str, html: str) -> None:
        with self.changed:
            self.preloaded = {urllib.parse.urljoin(url_path, href) for href in PRELOADED_FONT.findall(html)}
            self.sent = set()

    def font_sent(self, url_path: str) -> None:
        with self.changed:
            self.sent.add(url_path)
            self.changed.notify_all()

    def wait(self, seconds: float = 10) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: self.preloaded <= self.sent, timeout=seconds):
                self.never_sent |= self.preloaded - self.sent


class FontsFirstHandler(StaticHandler):
    """Holds a stylesheet back until every font its page preloads has been sent."""

    def __init__(self, *args, order: FontsFirst, **kwargs):
        self.order = order
        super().__init__(*args, **kwargs)

    def do_GET(self):
        url_path = self.path.split("?")[0]
        path = self.file_for(url_path)
        if url_path.endswith(".css"):
            self.order.wait()
        elif path is not None and path.suffix == ".html" and path.is_file():
            self.order.page(url_path, path.read_text(encoding="utf-8"))
        super().do_GET()
        if url_path.endswith(".woff2"):
            self.order.font_sent(url_path)


@contextlib.contextmanager
def serve_fonts_first(directory: Path):
    """Serve ``directory`` as ``serve`` does, but send a page's preloaded fonts before its
    stylesheets: the order the preloads at the top of the page ask for (on the benchmarks' slow
    phone the fonts are in by the first paint, and nothing shifts). Chromium holds the first
    paint for preloaded fonts only up to 0.1 s after the stylesheets are in; on a busy machine
    they can miss that, even from localhost, and the lines around the formulas re-wrap when they
    come (CI: 0.067 and 0.186), which measures the machine's load, not the page. Yields the base
    address and the order, whose ``never_sent`` names preloaded fonts a stylesheet waited for in
    vain."""
    order = FontsFirst()
    handler = functools.partial(FontsFirstHandler, directory=str(directory), order=order)
    with _running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as port:
        yield f"http://127.0.0.1:{port}", order


def self_signed_certificate() -> tuple[Path, Path]:
    """A certificate and key for the CDN's host name, made once with openssl."""
    folder = REPO / "_build" / "cdn-certificate"
    cert, key = folder / "cert.pem", folder / "key.pem"
    if not cert.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                        "-keyout", str(key), "-out", str(cert), "-subj", "/CN=cdn.jsdelivr.net",
                        "-addext", "subjectAltName=DNS:cdn.jsdelivr.net"], check=True, capture_output=True)
    return cert, key


@contextlib.contextmanager
def serve_cdn():
    """The CDN's npm files over https on 127.0.0.1; yields the port for ``cdn_flags``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CdnHandler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(*self_signed_certificate())
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    with _running(server) as port:
        yield port


def cdn_flags(port: int) -> list[str]:
    """Chromium flags that send cdn.jsdelivr.net to ``serve_cdn`` and accept its certificate."""
    return [f"--host-resolver-rules=MAP cdn.jsdelivr.net 127.0.0.1:{port}", "--ignore-certificate-errors"]


@dataclass
class PageLog:
    """What happened while pages loaded: console errors, failed or refused requests, and the
    size of each response body (uncompressed and gzip-compressed)."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int, int]] = field(default_factory=list)


def open_page(context, log: PageLog, base: str):
    """A new page whose outside requests are served from npm packages or refused.

    Only those pass through Python: the pattern is matched in the browser, so the site's own
    files reach the page as they would a reader's, without waiting on this process, which may be
    busy (KaTeX's fonts 0.2 s late, after the first paint, re-wrap the lines around formulas)."""
    page = context.new_page()

    def route(request_route, request):
        url = request.url
        if url.startswith(CDN):
            try:
                path = npm_file(url[len(CDN):].split("?")[0])
                body = path.read_bytes()
            except (ValueError, OSError, RuntimeError) as err:
                log.failed_requests.append(f"{url} ({err})")
                request_route.abort()
                return
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            request_route.fulfill(status=200, body=body, content_type=content_type,
                                  headers={"Access-Control-Allow-Origin": "*"})
        else:
            log.failed_requests.append(f"{url} (outside request refused)")
            request_route.abort()

    page.route(re.compile(f"^(?!{re.escape(base)}/)"), route)
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
