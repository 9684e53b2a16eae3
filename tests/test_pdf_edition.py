"""The PDF of each chapter page (_ext/book_site/pdf_edition.py), read with Poppler's pdffonts and
pdftotext and with pikepdf: its page links to it; every font is embedded; its text is the page's
(headings, both frameworks' code, the answers' outputs) with no missing glyph; its outline lists
every section and exercise; its links work; its size and number of pages are sensible; printed
again from the same pages it has the same bytes; and without the fonts it needs, the build fails
instead of printing boxes."""

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import pikepdf
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode
from sphinx.errors import ExtensionError

from book_site import pdf_edition
from book_site.built_site import Page, Site
from book_site.catalogue import text
from book_site.languages import LANGUAGES
from support import REPO

MAX_BYTES = 3_000_000
PAGE_COUNTS = range(15, 41)  # 30 to 32 pages of A4 when written
MIN_WORDS_ON_A_PAGE = 20  # a footer alone is 4 words, a framework's label over an empty frame 7
A4_POINTS = (595.92, 842.88)
MATPLOTLIB_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def chapter_page(site: Path, language: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / "chapters" / language / "rmsprop.html").read_text(encoding="utf-8"))


def pdf_file(site: Path, language: str) -> Path:
    return site / f"rmsprop-{language}.pdf"


def heading_text(heading: LexborNode) -> str:
    """A heading's text without its "#" permalink."""
    return " ".join(node.text() for node in heading.iter(include_text=True)
                    if "headerlink" not in (node.attributes.get("class") or "")).strip()


def without_spaces(text: str) -> str:
    return "".join(text.split())


def lines_of(nodes: list[LexborNode]) -> list[str]:
    """The lines of the code or output in ``nodes``, without their spaces: on paper a line
    longer than the box wraps, and a table's columns are laid out with other spaces."""
    return [line for node in nodes for line in map(without_spaces, node.text().splitlines()) if line]


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles = []

    def walk(entries):
        for entry in entries:
            titles.append(entry.title)
            walk(entry.children)

    with pdf.open_outline() as outline:
        walk(outline.root)
    return titles


@pytest.fixture(scope="module")
def printed_text(built_site) -> dict[str, str]:
    """The text of each language's PDF as pdftotext reads it, laid out as printed (each row of a
    table on one line)."""
    return {language: subprocess.run(["pdftotext", "-layout", str(pdf_file(built_site, language)), "-"],
                                     capture_output=True, text=True, check=True).stdout
            for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_chapter_page_offers_its_pdf_in_its_language(built_site, language):
    page = chapter_page(built_site, language)
    link = page.css_first(".dropdown-download-buttons a.btn-download-pdf-button")
    target = (built_site / "chapters" / language / link.attributes["href"]).resolve()
    assert target == pdf_file(built_site, language).resolve() and target.is_file()
    assert link.text(strip=True) == text(language, pdf_edition.MENU_LABEL)
    assert link.attributes["title"] == text(language, pdf_edition.MENU_TOOLTIP, paper="A4")
    assert page.css('[onclick="window.print()"]') == []  # the PDF replaces the print button


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_embedded(built_site, language):
    header, _rule, *rows = subprocess.run(["pdffonts", str(pdf_file(built_site, language))],
                                          capture_output=True, text=True, check=True).stdout.splitlines()
    kind, encoding, embedded, subset = (header.index(column) for column in ("type", "encoding", "emb", "sub"))
    fonts = [(row[:kind].strip(), row[kind:encoding].strip(), row[embedded:embedded + 3],
              row[subset:subset + 3]) for row in rows]  # the columns are aligned under the header
    assert fonts and all(embedded == "yes" for _, _, embedded, _ in fonts), rows
    # Each font is the subset the text uses; Type 3 fonts (labels drawn over a halo) are made of
    # the glyphs used alone.
    assert all(subset == "yes" for _, kind, _, subset in fonts if kind != "Type 3"), rows
    names = {name.split("+")[-1] for name, *_ in fonts}
    assert {"KaTeX_Main-Regular", "KaTeX_Math-Italic"} <= names  # the formulas, typeset
    if language == "ko":
        assert {"NanumGothic", "NanumGothicCoding"} <= names
    if language != "en":
        assert "NotoSansMono-Regular" in names  # code with every Vietnamese letter


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_is_the_pages_with_no_missing_glyph(built_site, printed_text, language):
    article = chapter_page(built_site, language).css_first("article.bd-article")
    printed = printed_text[language]
    printed_lines = {" ".join(line.split()) for line in printed.splitlines()}
    headings = [heading_text(heading) for heading in article.css("h1, h2")]
    assert len(headings) == 10 and [heading for heading in headings if heading not in printed_lines] == []
    assert {"PyTorch", "TensorFlow"} <= printed_lines  # each framework's code under its label
    code = {framework: lines_of(article.css(f".cell.tag_{framework} .cell_input pre"))
            for framework in ("pytorch", "tensorflow")}
    answers = lines_of(article.css("div.solution .cell_output pre"))
    assert len(code["pytorch"]) > 60 and len(code["tensorflow"]) > 60 and len(answers) > 20
    printed_code = without_spaces(printed)
    for lines in [*code.values(), answers]:
        assert [line for line in lines if line not in printed_code] == []
    assert "\ufffd" not in printed
    with pikepdf.open(pdf_file(built_site, language)) as pdf:
        assert pdf_edition.notdef_glyphs(pdf) == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_outline_lists_every_section_and_exercise(built_site, language):
    article = chapter_page(built_site, language).css_first("article.bd-article")
    expected = [heading_text(node) for node in article.css(
        "h1, h2, div.exercise > p.admonition-title, div.solution > p.admonition-title")]
    assert len(expected) == 18  # the chapter, 9 sections, 4 exercises and 4 answers
    with pikepdf.open(pdf_file(built_site, language)) as pdf:
        titles = outline_titles(pdf)
    assert [title for title in titles if title in expected] == expected
    assert len(titles) == len(expected) + 1  # and the printed table of contents


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_jump_within_the_pdf_or_to_the_web(built_site, language):
    with pikepdf.open(pdf_file(built_site, language)) as pdf:
        page_number = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        internal, external = [], []
        for number, page in enumerate(pdf.pages, start=1):
            for link in page.get("/Annots", []):
                if "/Dest" in link:
                    internal.append((number, page_number[pdf.Root.Dests[link.Dest][0].objgen]))
                else:
                    external.append(str(link.A.URI))
        last = len(pdf.pages)
    # The contents' links and the citation lead to pages of the PDF: the citation to the
    # reference list on the last page, and the list's back link to the citation.
    assert len(internal) >= 11
    assert any(target == last for source, target in internal if source < last)
    assert any(target < last for source, target in internal if source == last)
    assert external and all(uri.startswith("https://") for uri in external), external
    assert f"https://d2lmini.github.io/rmsprop-book/chapters/{language}/rmsprop.html" in external


@pytest.mark.parametrize("language", LANGUAGES)
def test_size_pages_and_paper(built_site, language):
    path = pdf_file(built_site, language)
    assert path.stat().st_size <= MAX_BYTES
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) in PAGE_COUNTS
        assert all([float(side) for side in page.mediabox[2:]] == pytest.approx(A4_POINTS, abs=0.01)
                   for page in pdf.pages)
        assert pdf.Root.MarkInfo.Marked  # tagged for screen readers
        assert str(pdf.Root.Lang) == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_an_empty_frame(built_site, language):
    """Every page carries text beyond its footer (a cell's label, its frame and no code was one)."""
    path = pdf_file(built_site, language)
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    words = {page: len(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                                      capture_output=True, text=True, check=True).stdout.split())
             for page in range(1, pages + 1)}
    assert {page: count for page, count in words.items() if count < MIN_WORDS_ON_A_PAGE} == {}


@pytest.fixture
def site_copy(built_site, tmp_path) -> Site:
    """A copy of the built site, as the build's last phase sees it."""
    folder = tmp_path / "html"
    shutil.copytree(built_site, folder)
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    pages = [Page(path.relative_to(folder).with_suffix("").as_posix(), path,
                  LexborHTMLParser(path.read_text(encoding="utf-8")))
             for path in sorted(folder.rglob("*.html")) if "_static" not in path.parts]
    settings = SimpleNamespace(html_baseurl=config["html"]["baseurl"], html_title=config["title"],
                               author=config["author"], pdf_paper_format="A4")
    return Site(folder, pages, {page.name for page in pages}, REPO, settings)


def test_printed_again_the_pdfs_are_the_same_bytes(built_site, site_copy):
    pdf_edition.print_chapters(site_copy)
    for language in LANGUAGES:
        again = pdf_file(site_copy.folder, language).read_bytes()
        assert again == pdf_file(built_site, language).read_bytes(), language


def test_without_a_hangul_font_the_build_fails_instead_of_printing_boxes(site_copy, tmp_path,
                                                                          monkeypatch):
    # fontconfig with matplotlib's fonts only (DejaVu and STIX, no Hangul), and the page's web fonts
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{MATPLOTLIB_FONTS}</dir>'
                     f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts))
    site_copy.pages = [page for page in site_copy.pages if page.name == "chapters/ko/rmsprop"]
    with pytest.raises(ExtensionError, match="rmsprop-ko.pdf: .* empty boxes.* fonts-nanum"):
        pdf_edition.print_chapters(site_copy)
