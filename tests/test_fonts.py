"""Figures show Hangul, Vietnamese letters and the minus sign, and a missing glyph fails the build."""

import io
import shutil
import subprocess
import sys
import string
import textwrap
import warnings
from pathlib import Path

import pytest
from matplotlib import pyplot as plt

from book_site import node
from d2lmini import language, plotting  # noqa: F401  (plotting sets up the fonts)

REPO = Path(__file__).resolve().parents[1]
LABELS = {
    "ko": "과거 시간 스텝 − 가중치 γ = 0.90, 손실",
    "vi": "số bước thời gian về trước − trọng số, mất mát, ở bước 7: quỹ đạo ra khỏi khung hình",
}


def render(text, fmt):
    fig, axes = plt.subplots()
    axes.plot([-1, 0, 1], [-2, 0, 2])  # negative tick labels use U+2212
    axes.set(xlabel=text, ylabel=text, title=text)
    axes.legend([text])
    try:
        fig.savefig(io.BytesIO(), format=fmt)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize("lang", LABELS)
def test_no_glyph_is_missing(lang, fmt):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        render(LABELS[lang], fmt)


@pytest.mark.parametrize("lang", ["ko", "vi"])
def test_every_d2lmini_figure_text_renders(lang):
    original = language.get_language()
    language.set_language(lang)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message="Glyph .* missing")
            for key, message in language.MESSAGES[lang].items():
                fields = {name for _, name, _, _ in string.Formatter().parse(message) if name}
                render(language.text(key, **dict.fromkeys(fields, 0.4)), "svg")
    finally:
        language.set_language(original)


def test_a_missing_glyph_is_noticed():
    with pytest.warns(UserWarning, match="Glyph .* missing"):
        render("ภาษาไทย", "svg")  # Thai: in neither font


def test_set_language_rejects_unknown_languages():
    with pytest.raises(ValueError, match="language must be one of en, ko, vi, got 'fr'"):
        language.set_language("fr")


def test_strict_build_fails_on_a_missing_glyph(tmp_path):
    """A page whose figure lacks a glyph fails the book build configured like this one."""
    for name in ["_config.yml", "references.bib"]:
        shutil.copy(REPO / name, tmp_path)
    for folder in ["_ext", "_static"]:
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns("node_modules"))
    packages = Path("_ext/book_site/node/node_modules")  # installed already: shared, not copied
    (tmp_path / packages).symlink_to(node.installed())
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (tmp_path / "index.md").write_text(textwrap.dedent("""\
        ---
        kernelspec: {name: python3, display_name: Python 3, language: python}
        jupytext: {text_representation: {format_name: myst}}
        ---
        # A figure

        ```{code-cell} ipython3
        import d2lmini.plotting
        import matplotlib.pyplot as plt
        plt.plot([0, 1]); plt.xlabel('ภาษาไทย');
        ```
        """))
    build = subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(tmp_path),
                            "-W", "-n", "--keep-going"], capture_output=True, text=True)
    assert build.returncode != 0
    assert "stderr was found in the cell outputs" in build.stderr
    executed = (tmp_path / "_build" / "jupyter_execute" / "index.ipynb").read_text()
    assert "Glyph 3616" in executed  # matplotlib's warning about the first Thai letter
