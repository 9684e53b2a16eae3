"""Test set-up: headless matplotlib and the airfoil data from a local copy when there is one."""

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from filelock import FileLock
from matplotlib import pyplot as plt
from playwright.sync_api import sync_playwright

import support  # noqa: F401  (the book's build package, _ext/book_site, on the path)
from support.browser import PageLog, launch, open_page
from support.servers import serve

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
LOCAL_DATA = REPO.parent / "shared" / "data"

# CI sets D2LMINI_DATA_DIR; a checkout next to ../shared works offline without it.
if "D2LMINI_DATA_DIR" not in os.environ and (LOCAL_DATA / "airfoil_self_noise.dat").exists():
    os.environ["D2LMINI_DATA_DIR"] = str(LOCAL_DATA)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id):
    """The book built from scratch, strictly (-W), once per test run and shared by the workers."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    out = shared / "book"
    with FileLock(str(shared / "book.lock")):
        if not (out / "returncode").exists():
            build = subprocess.run(
                [str(Path(sys.executable).with_name("jupyter-book")), "build", str(REPO),
                 "--path-output", str(out), "-W", "-n", "--keep-going"],
                capture_output=True, text=True)
            (out / "log.txt").write_text(build.stdout[-5000:] + build.stderr[-5000:])
            (out / "returncode").write_text(str(build.returncode))
    assert (out / "returncode").read_text() == "0", (out / "log.txt").read_text()
    return out / "_build" / "html"


@pytest.fixture(scope="module")
def site_address(built_site):
    """The built site served on 127.0.0.1 (see tests/browser.py)."""
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, driven by Playwright."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def visit(chromium, site_address):
    """Opens a page of the built site once it has loaded and, with JavaScript, its live figures
    are drawn. Each set of options (as for Playwright's ``new_context``; a desktop's width unless
    ``viewport`` says otherwise) gets a fresh browser profile, which the test's later pages with the
    same options share (a reader's choices persist across them). Afterwards nothing may have gone
    wrong: no console error, no failed request (without JavaScript the browser refuses the page's
    scripts: "csp")."""
    profiles = {}

    def open_site_page(path, **options):
        javascript = options.get("java_script_enabled", True)
        key = json.dumps(options, sort_keys=True)
        if key not in profiles:
            context = chromium.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
            profiles[key] = (context, PageLog(), javascript)
        context, log, _ = profiles[key]
        page = open_page(context, log, site_address)
        page.goto(f"{site_address}/{path}")
        page.wait_for_load_state("load")
        if javascript:
            page.wait_for_load_state("networkidle")
            # Every live figure is drawn: the renderer removes each build-time drawing as it does.
            page.wait_for_function("() => !document.querySelector('.d2lmini-static')", timeout=60_000)
        return page

    yield open_site_page
    for context, log, javascript in profiles.values():
        for page in context.pages:  # let late requests (the favicon) finish before closing
            page.wait_for_load_state("networkidle")
        context.close()
        assert log.console_errors == []
        refused = [] if javascript else [r for r in log.failed_requests if r.endswith(" (csp)")]
        assert [r for r in log.failed_requests if r not in refused] == []


@pytest.fixture(params=["torch", "tensorflow"])
def d2l(request):
    """d2lmini's module for each framework, as the chapter imports it."""
    return importlib.import_module(f"d2lmini.{request.param}")


@pytest.fixture
def concise_losses(monkeypatch):
    """Runs ``d2l.train_concise_ch11(*args)``, which returns nothing (as d2l's does), and returns
    the training times and losses it drew."""
    def run(d2l, *args, **kwargs):
        recorded = []
        fit = d2l.fit
        monkeypatch.setattr(d2l, "fit", lambda *a, **k: recorded.append(fit(*a, **k)))
        assert d2l.train_concise_ch11(*args, **kwargs) is None
        monkeypatch.setattr(d2l, "fit", fit)
        return recorded[0]
    return run


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")
