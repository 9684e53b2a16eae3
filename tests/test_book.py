"""The strict book build: no warnings, executed outputs, launch buttons and citations on the page."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build the book from scratch (empty execution cache) with warnings as errors."""
    out = tmp_path_factory.mktemp("book")
    build = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(REPO), "--path-output", str(out), "-W", "-n", "--keep-going"],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return out / "_build" / "html"


def page(site, name):
    return (site / name).read_text(encoding="utf-8")


def test_chapter_shows_executed_outputs(site):
    html = page(site, "chapters/en/rmsprop.html")
    assert "epoch 20, x1: -0.010599, x2: 0.000000" in html
    losses = [float(v) for v in re.findall(r"loss: (\d\.\d{3}), \d+\.\d{3} sec/epoch", html)]
    assert len(losses) == 4 and all(0.238 <= v <= 0.255 for v in losses), losses
    figures = re.findall(r'<img alt="[^"]*" src="(\.\./\.\./_images/[^"]+\.svg)"', html)
    assert len(figures) == 6  # weights, trace, and four loss curves
    for figure in figures:
        assert (site / "chapters/en" / figure).resolve().stat().st_size > 1000
    assert "stderr" not in html, "a cell wrote to stderr"


def test_install_cell_is_hidden(site):
    html = page(site, "chapters/en/rmsprop.html")
    assert "find_spec" not in html and "pip" not in html


def test_launch_and_download_buttons(site):
    html = page(site, "chapters/en/rmsprop.html")
    assert ("https://colab.research.google.com/github/d2lmini/rmsprop-book/blob/main/"
            "chapters/en/rmsprop.ipynb") in html
    assert "_sources/chapters/en/rmsprop.ipynb" in html
    assert (site / "_sources/chapters/en/rmsprop.ipynb").exists()


def test_citation_and_bibliography(site):
    html = page(site, "chapters/en/rmsprop.html")
    assert re.search(r"Tieleman and Hinton \[<a [^>]*>2012</a>\]", html)  # {cite:t}
    bibliography = html[html.index('id="references"'):]
    assert "Lecture 6.5 - rmsprop: Divide the gradient by a running average of its recent magnitude" in bibliography
    assert "COURSERA: Neural Networks for Machine Learning" in bibliography
    assert "https://d2l.ai/chapter_optimization/adagrad.html" in html
    assert "https://d2l.ai/chapter_optimization/momentum.html" in html


def test_pages_declare_english(site):
    for name in ["index.html", "chapters/en/rmsprop.html"]:
        assert '<html lang="en"' in page(site, name)
