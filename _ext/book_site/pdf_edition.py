"""The chapter as a PDF in each language, printed from its final page when the site is built.

Each chapter page ``chapters/<language>/<name>`` becomes ``<name>-<language>.pdf`` at the top
of the site, and its header's download menu links to it (in place of the theme's "Print to
PDF" button, which opened the browser's print dialog) with a label in the page's language.

How it is printed: by the headless Chromium the tests use (Debian's ``/usr/bin/chromium``),
through Playwright, which the build already installs. Its DevTools print (``Page.printToPDF``)
takes what Chromium's ``--print-to-pdf`` command line cannot: a paper size, a footer with page
numbers, the outline (bookmarks, from the headings), a tagged PDF for screen readers, and a
browser that waits for the page's fonts first. What is printed is the page as written, with the
book's print stylesheet (``_static/book.css``: both frameworks' code under their labels, the
answers open, no sliders), in a copy that only the printer sees and that has:

- the class ``pdf-edition`` on ``<html>``, for the stylesheet's rules that are for the PDF only;
- a title block: the book, the chapter, its authors, the language, the commit the book was built
  from, the web edition's address and the licences;
- the exercises' and answers' titles as headings, so that the outline lists them;
- under each build-time drawing of an interactive figure, a note for paper (the line for readers
  without JavaScript says that sliders are "here").

Served how: Chromium asks for the page at its published address (``html_baseurl``) and
Playwright answers each request for the site from the built folder and refuses every other one.
No port is opened, nothing is downloaded, and the PDF's links to other pages lead to the
published site rather than to a local address. JavaScript is off, as for a reader without it:
the figures are the build-time drawings, every image loads at once (browsers load images lazily
only with scripts on), and nothing on the page changes while it is printed.

Checked and made reproducible with pikepdf: a character that no installed font has is drawn with
the ``.notdef`` glyph (an empty box), and the build fails if any glyph of a PDF is one. Two
prints of the same page differ only in their creation and modification dates (Chromium 156),
which are set to the commit's date; the document id is derived from the content (qpdf's
deterministic id), and the streams are packed into object streams (a quarter smaller).
"""

from __future__ import annotations

import html
import io
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pikepdf
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import Route, sync_playwright
from selectolax.lexbor import LexborHTMLParser, LexborNode
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .built_site import Page, Site
from .catalogue import text
from .languages import LANGUAGES, chapter_language

logger = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
PDF_CLASS = "pdf-edition"
MARGINS = {"top": "14mm", "bottom": "16mm", "left": "16mm", "right": "16mm"}
# sphinx-book-theme fills the header's buttons at priority 501.
AFTER_THE_BOOK_THEME = 600
FONT_PACKAGES = "fonts-nanum and fonts-noto-mono"
# The texts of the content's headings that are printed, in order: those that the outline lists.
PRINTED_HEADINGS = """[...document.querySelectorAll(
    '.bd-content :is(h1, h2, h3, h4, h5, h6, [role=heading])')]
  .filter((heading) => heading.checkVisibility())
  .map((heading) => heading.innerText.replace(/\\s+/g, ' ').trim())"""

# The texts, in English; the book's catalogue has them in the other languages.
MENU_LABEL = "PDF of this chapter"
MENU_TOOLTIP = "Download this chapter as a PDF ({paper}), with both frameworks' code and the answers"
EDITION = "{language} edition of the web page {address}"
BUILT_FROM = "Printed from commit {commit} of {date}."
BUILT_FROM_CHANGED = "Printed from commit {commit} of {date}, with uncommitted changes."
NOT_FROM_GIT = "Printed from a copy of the book that is not a git checkout."
LICENCES = "The text is under CC BY-SA 4.0, the code under the MIT licence."
FIGURE_NOTE = ("This is the figure at the values in the code above. In the web edition, sliders "
               "let you change them.")


@dataclass(frozen=True)
class Commit:
    """The commit the book is built from, its date, and whether tracked files differ from it."""

    name: str
    date: datetime
    changed: bool


def built_from(folder: Path) -> Commit | None:
    """The commit checked out in ``folder``, or None if it is not a git checkout."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        name, seconds = git("log", "-1", "--format=%H %ct").split()
        changed = git("status", "--porcelain", "--untracked-files=no") != ""
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None
    return Commit(name[:12], datetime.fromtimestamp(int(seconds), timezone.utc), changed)


def pdf_name(pagename: str) -> str:
    """The PDF of the chapter page ``chapters/<language>/<name>``: ``<name>-<language>.pdf``."""
    _chapters, language, name = pagename.split("/", 2)
    return f"{name.replace('/', '-')}-{language}.pdf"


def add_to_download_menu(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    """The chapter's PDF in the header's download menu, where the theme's print button was."""
    language = chapter_language(pagename)
    if language is None:
        return
    link = {"type": "link", "url": context["pathto"](pdf_name(pagename), 1),
            "text": text(language, MENU_LABEL), "icon": "fas fa-file-pdf",
            "tooltip": text(language, MENU_TOOLTIP, paper=app.config.pdf_paper_format),
            "label": "download-pdf-button"}
    menus = [button for button in context.get("header_buttons", [])
             if button.get("label") == "download-buttons"]
    if not menus:
        raise ExtensionError(f"{pagename}: sphinx-book-theme made no download menu for the PDF")
    menus[0]["buttons"] = [link if button.get("label") == "download-pdf-button" else button
                           for button in menus[0]["buttons"]]
    if link not in menus[0]["buttons"]:
        menus[0]["buttons"].append(link)


def fragment(markup: str) -> LexborNode:
    """The element that ``markup`` is, to insert into a page."""
    return LexborHTMLParser(markup).body.child


def title_block(site: Site, page: Page, commit: Commit | None) -> tuple[str, str]:
    """The HTML before and after the chapter's title, in the page's language."""
    language, config = page.language, site.config
    address = f"{config.html_baseurl.rstrip('/')}/{page.name}.html"
    if commit is None:
        origin = text(language, NOT_FROM_GIT)
    else:
        origin = text(language, BUILT_FROM_CHANGED if commit.changed else BUILT_FROM,
                      commit=commit.name, date=commit.date.date().isoformat())
    link = f'<a href="{html.escape(address)}">{html.escape(address)}</a>'
    lines = [f"{html.escape(text(language, 'By'))} {html.escape(text(language, config.author))}",
             html.escape(text(language, EDITION)).format(language=LANGUAGES[language], address=link),
             f"{html.escape(origin)} {html.escape(text(language, LICENCES))}"]
    before = f'<p class="pdf-book-title">{html.escape(text(language, config.html_title))}</p>'
    after = "<div class=\"pdf-title-lines\">" + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
    return before, after


def print_copy(site: Site, page: Page, commit: Commit | None) -> str:
    """The page as it is printed (see the module's docstring)."""
    tree = LexborHTMLParser(page.html)
    root = tree.css_first("html")
    root.attrs["class"] = f"{root.attributes.get('class') or ''} {PDF_CLASS}".strip()
    title = tree.css_first("#jb-print-docs-body > h1")
    if title is None:
        raise ExtensionError(f"{page.name}: sphinx-book-theme's print title (#jb-print-docs-body "
                             "> h1) is missing; the PDF's title block goes around it")
    before, after = title_block(site, page, commit)
    title.insert_before(fragment(before))
    title.insert_after(fragment(after))
    for heading in tree.css("div.exercise > p.admonition-title, div.solution > p.admonition-title"):
        heading.attrs["role"], heading.attrs["aria-level"] = "heading", "3"
    note = html.escape(text(page.language, FIGURE_NOTE))
    for drawing in tree.css("div.d2lmini-static"):
        for line in drawing.parent.css("noscript"):  # its line for readers without JavaScript
            line.decompose()
        drawing.insert_after(fragment(f'<p class="pdf-figure-note">{note}</p>'))
    return tree.html


def notdef_glyphs(pdf: pikepdf.Pdf) -> int:
    """How many glyphs the pages draw with their font's ``.notdef`` glyph (code 0, an empty box),
    as Chromium does for a character that no installed font has."""
    def count(content: pikepdf.Object, resources: pikepdf.Dictionary, seen: set) -> int:
        fonts, forms = resources.get("/Font", {}), resources.get("/XObject", {})
        font, found = None, 0
        for operands, operator in pikepdf.parse_content_stream(content, "Tf Tj TJ Do"):
            name = str(operator)
            if name == "Tf":
                font = fonts[operands[0]]
            elif name == "Do":
                form = forms[operands[0]]
                if form.Subtype == "/Form" and form.objgen not in seen:
                    seen.add(form.objgen)
                    found += count(form, form.get("/Resources", resources), seen)
            else:  # Tj shows a string, TJ strings between kerning numbers
                width = 2 if font.Subtype == "/Type0" else 1  # Chromium's fonts: Identity-H or Type 3
                for string in operands[0] if name == "TJ" else operands:
                    if isinstance(string, pikepdf.String):
                        codes = bytes(string)
                        found += sum(codes[i:i + width] == bytes(width)
                                     for i in range(0, len(codes), width))
        return found
    return sum(count(page.obj, page.Resources, set()) for page in pdf.pages)


def footer(page: Page) -> str:
    """The footer of every printed page: the chapter and its language, and the page number."""
    chapter = page.tree.css_first("#jb-print-docs-body > h1").text(strip=True)
    return (f'<div style="display: flex; justify-content: space-between; box-sizing: border-box; '
            f'width: 100%; padding: 0 {MARGINS["left"]}; font: 8pt sans-serif; color: #555">'
            f"<span>{html.escape(chapter)} · {html.escape(LANGUAGES[page.language])}</span>"
            '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')


def outline_titles_from_headings(pdf: pikepdf.Pdf, headings: list[str], name: str) -> None:
    """Title the outline's entries (one per heading, in order) with the headings' texts.

    Chromium 156 titles the entry of a heading that it moves to the next page (the theme keeps
    a heading with what follows it) with the heading's text twice; the text on the page is right.
    """
    with pdf.open_outline() as outline:
        entries, pending = [], list(outline.root)
        while pending:
            entry = pending.pop(0)
            entries.append(entry)
            pending[:0] = entry.children
        if len(entries) != len(headings) or any(
                heading == "" or entry.title.replace(heading, "") != ""
                for entry, heading in zip(entries, headings)):
            raise ExtensionError(f"{name}: the outline {[entry.title for entry in entries]} does "
                                 f"not list the page's headings {headings}")
        for entry, heading in zip(entries, headings):
            entry.title = heading


def write_pdf(printed: bytes, headings: list[str], path: Path, commit: Commit | None) -> int:
    """Write the printed PDF to ``path``, its outline titled with the page's ``headings``, with the
    commit's date and an id made from its content; its number of pages. Fails if a glyph is
    missing."""
    with pikepdf.open(io.BytesIO(printed)) as pdf:
        boxes = notdef_glyphs(pdf)
        if boxes:
            raise ExtensionError(
                f"{path.name}: {boxes} characters are drawn as empty boxes: no installed font has "
                "them. The PDFs need a Hangul font and a monospace font with every Vietnamese "
                f"letter: on Debian, install {FONT_PACKAGES} (README.md, \"Run the tests\").")
        outline_titles_from_headings(pdf, headings, path.name)
        for key in ("/CreationDate", "/ModDate"):
            if commit is None:
                del pdf.docinfo[key]
            else:
                pdf.docinfo[key] = commit.date.strftime("D:%Y%m%d%H%M%S+00'00'")
        pdf.save(path, deterministic_id=True, compress_streams=True, recompress_flate=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(pdf.pages)


def print_page(tab: BrowserPage, url: str, paper: str, footer_template: str) -> tuple[bytes, list[str]]:
    """The page at ``url`` printed, once its fonts are in, and the texts of its printed headings."""
    tab.emulate_media(media="print")  # laid out for paper from the start: every font is asked for
    tab.goto(url, wait_until="networkidle")
    tab.evaluate("document.fonts.ready")
    headings = tab.evaluate(PRINTED_HEADINGS)
    printed = tab.pdf(format=paper, margin=MARGINS, print_background=True, tagged=True,
                      outline=True, display_header_footer=True, header_template="<span></span>",
                      footer_template=footer_template)
    return printed, headings


def print_chapters(site: Site) -> None:
    """Each chapter page printed to its PDF in the site's folder (see the module's docstring)."""
    started = time.perf_counter()
    chapters = [page for page in site.pages
                if page.name in site.documents and chapter_language(page.name) is not None]
    base = site.config.html_baseurl.rstrip("/") + "/"
    commit = built_from(site.source_folder)
    copies = {f"{base}{page.name}.html": print_copy(site, page, commit) for page in chapters}

    def answer(route: Route) -> None:
        """The print copies and the site's files at their published addresses; nothing else."""
        url = route.request.url.split("#")[0]
        file = site.folder / url.removeprefix(base).split("?")[0]
        if url in copies:
            route.fulfill(body=copies[url], content_type="text/html; charset=utf-8")
        elif url.startswith(base) and file.is_file():
            route.fulfill(path=file)
        else:
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for page in chapters:
                start = time.perf_counter()
                tab = browser.new_page(java_script_enabled=False)
                tab.route("**/*", answer)
                printed, headings = print_page(tab, f"{base}{page.name}.html",
                                               site.config.pdf_paper_format, footer(page))
                tab.close()
                path = site.folder / pdf_name(page.name)
                pages = write_pdf(printed, headings, path, commit)
                logger.info(f"{path.name}: {pages} pages, {path.stat().st_size / 1e6:.2f} MB, "
                            f"printed in {time.perf_counter() - start:.1f} s")
        finally:
            browser.close()
    logger.info(f"{len(chapters)} chapter pages printed in {time.perf_counter() - started:.1f} s")
