"""Test servers for the built site: files from a folder on 127.0.0.1, text gzip-compressed as
a web server sends it; for the layout-shift test, ``serve_fonts_first`` sends a page's preloaded
fonts before its stylesheet."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import re
import threading
import urllib.parse
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files from ``directory``, text gzip-compressed when the browser accepts it; no logging."""

    def log_message(self, *args):
        pass

    def file_for(self, url_path: str) -> Path:
        path = Path(self.translate_path(url_path))
        return path / "index.html" if path.is_dir() else path

    def do_GET(self):
        path = self.file_for(self.path.split("?")[0])
        if not path.is_file():
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
        elif path.suffix == ".html" and path.is_file():
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
