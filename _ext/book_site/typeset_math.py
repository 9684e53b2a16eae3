"""The formulas typeset when the book is built: pages load no math JavaScript.

Every ``math`` and ``math_block`` node of a page is rendered by KaTeX into HTML (what readers
see, drawn with KaTeX's stylesheet and fonts) plus MathML (what screen readers read), by the
KaTeX of the npm package in node/package-lock.json (node/render-math.mjs): one Node process per
page. Readers without JavaScript and print get the same typeset formulas.

Each formula's text in the doctree becomes a plain-Unicode reading of it (``𝐬ₜ ← γ𝐬ₜ₋₁``), so
what reads a page's text, such as sphinxext-opengraph's meta description, shows no TeX.

Pages with math load KaTeX's stylesheet and fonts from the site itself (``_static/katex``), no
third-party origin: they come from the same npm package. The fonts a page's
formulas use are preloaded: they arrive with the stylesheet instead of after the first layout,
which would re-wrap the lines around the formulas (a layout shift of 0.1 to 0.19 without). To
arrive sooner, each font keeps only the characters that the site's formulas draw (fontTools'
subsetter; glyph shapes, widths, metrics and hinting unchanged): a chapter's six fonts are 25 KB
instead of 84 KB.
"""

from __future__ import annotations

import json
import logging
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

from docutils import nodes
from fontTools import subset
from selectolax.lexbor import LexborHTMLParser
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from .built_site import Site
from .node import package_file, run_node

KATEX_STATIC = "katex"  # the folder in the site's _static that holds katex.min.css and fonts/
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
    result = json.loads(run_node("render-math.mjs", input=json.dumps(formulas)))
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
    elements = {frozenset(element.attributes["class"].split())
                for element in LexborHTMLParser(markup).css("[class]")}
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


def formula_characters(site: Site) -> str:
    """Every character that the formulas of the site's pages draw with KaTeX's fonts."""
    return "".join(sorted({character for page in site.pages
                           for formula in page.tree.css(".katex-html")
                           for character in formula.text(deep=True)}))


def subset_font(source: Path, characters: str, target: Path) -> None:
    """``source`` (a woff2 font) with only the glyphs of ``characters``, as woff2 in ``target``."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # not its steps in the build's log
    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def katex_assets(site: Site) -> None:
    """katex.min.css and its woff2 fonts into the site's _static/katex, each font with only the
    characters that the formulas of the site's pages draw."""
    css = package_file("katex", "dist/katex.min.css")
    target = site.static / KATEX_STATIC
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(css, target / css.name)
    characters = formula_characters(site)
    for font in (css.parent / "fonts").glob("*.woff2"):
        subset_font(font, characters, target / "fonts" / font.name)
