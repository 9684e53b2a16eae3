"""The built site in headless Chromium, offline.

The site is served from the build folder on 127.0.0.1. Requests to the CDN
(https://cdn.jsdelivr.net/npm/<package>@<version>/<file>) are answered from the npm
package itself, fetched once with ``npm pack`` into _build/npm-packages; every other
request to the outside fails and is recorded, as are console errors.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import re
import subprocess
import tarfile
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CDN = "https://cdn.jsdelivr.net/npm/"
PACKAGES = REPO / "_build" / "npm-packages"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def npm_file(spec: str) -> Path:
    """The file of ``<package>@<version>/<path>`` inside that npm package (fetched if missing)."""
    match = re.fullmatch(r"((?:@[^/]+/)?[^/@]+)@([^/]+)/(.+)", spec)
    if not match:
        raise ValueError(f"not a package@version/path: {spec}")
    name, version, path = match.groups()
    folder = PACKAGES / f"{name.replace('/', '__')}@{version}"
    if not (folder / "package").exists():
        with tempfile.TemporaryDirectory() as tmp:
            packed = subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=tmp,
                                    capture_output=True, text=True, check=True).stdout.split()[-1]
            folder.mkdir(parents=True, exist_ok=True)
            with tarfile.open(Path(tmp) / packed) as archive:
                archive.extractall(folder, filter="data")
    return folder / "package" / path


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1; yields the base address."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What happened while pages loaded: console errors, failed or refused requests, and the
    size of each response body (uncompressed and gzip-compressed)."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int, int]] = field(default_factory=list)


def open_page(context, log: PageLog, base: str):
    """A new page whose outside requests are served from npm packages or refused."""
    page = context.new_page()

    def route(request_route, request):
        url = request.url
        if url.startswith(base):
            request_route.continue_()
        elif url.startswith(CDN):
            try:
                path = npm_file(url[len(CDN):].split("?")[0])
                body = path.read_bytes()
            except (ValueError, OSError, subprocess.CalledProcessError) as err:
                log.failed_requests.append(f"{url} ({err})")
                request_route.abort()
                return
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            request_route.fulfill(status=200, body=body, content_type=content_type,
                                  headers={"Access-Control-Allow-Origin": "*"})
        else:
            log.failed_requests.append(f"{url} (outside request refused)")
            request_route.abort()

    page.route("**/*", route)
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


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
