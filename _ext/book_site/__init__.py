"""The book's website: how Sphinx (through Jupyter Book) turns the chapters into the site.

``setup`` lists the build's phases in the order they run, each with the functions this package
adds to it; the modules hold what each does and why. What happens to a page:

1. Sphinx reads its Markdown: the chapters' plain-Markdown labels, citations, exercises and
   answers become MyST (notebook_markdown).
2. Its doctree is transformed: framework cells into tabs, formulas kept with their word
   (typography), formulas typeset by KaTeX (typeset_math), interactive figures drawn for
   readers without JavaScript (static_figures), exercises titled in the page's language.
3. Sphinx writes its body (writer) and fills the book's theme (theme/) with the page context:
   its edition (editions), description, scripts and stylesheets.
4. After the whole site is written, each page is read once, rewritten in memory by
   ``PAGE_REWRITES`` and then, with all pages, by ``SITE_STEPS``, and written once (built_site).
   Then ``AFTER_WRITING`` reads the site as written: each chapter page is printed to a PDF in its
   language (pdf_edition), which the page's download menu links to since step 3. The cells
   tagged run-in-browser get buttons that run them in Pyodide, served by the site (run_in_browser).

Every text of a page is in the page's language (catalogue, languages) in all of these phases.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import (built_site, catalogue, editions, framework_tabs, live_figures, notebook_markdown,
               page_assets, page_description, pdf_edition, run_in_browser, site_search,
               social_card_fonts, static_figures, theme, typeset_math, typography, writer)

# Run third-party handlers of the same event first or last where it matters.
BEFORE_OPENGRAPH = 400  # the page's description, which sphinxext-opengraph then keeps
BEFORE_THE_THEMES = editions.BEFORE_THE_THEMES
AFTER_THE_SCRIPTS = 900  # after every handler that adds a script to the page: its list is replaced
AFTER_THE_THEMES_FILES = 900  # pydata-sphinx-theme writes _static/pygments.css when the build ends

# After Sphinx has written the site: what is done to each page, in this order.
PAGE_REWRITES: list[built_site.PageRewrite] = [
    theme.without_icon_script,
    page_assets.sizes_for_images,
    page_assets.widget_state_last,
    run_in_browser.run_controls,         # Run/Stop/Reset on the cells tagged run-in-browser
]
# Then what needs the whole site, in this order (a step may change pages too).
SITE_STEPS: list[built_site.SiteStep] = [
    theme.theme_script_without_load_check,
    notebook_markdown.offer_the_chapter_notebooks,
    run_in_browser.served_files,         # Pyodide and d2lmini's standard-library part, for those cells
    typeset_math.katex_assets,           # KaTeX's stylesheet and fonts, cut to the formulas' characters
    page_assets.bundle_stylesheets,      # needs KaTeX's stylesheet in place, and the final pages
    live_figures.figure_files,           # after the bundle, which keeps the rules the figures' module uses
    site_search.without_sphinx_search,
    site_search.search_index,            # indexes the pages as they will be written
]
# Then, once the pages are written, what reads the final site.
AFTER_WRITING: list[built_site.SiteStep] = [
    pdf_edition.print_chapters,          # each chapter page printed to <chapter>-<language>.pdf
]


def finish_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        built_site.finish(app, PAGE_REWRITES, SITE_STEPS, AFTER_WRITING)


def setup(app: Sphinx) -> dict[str, Any]:
    # Configuration: the theme, the builder and translator, and the pages' languages.
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_exercise")
    theme.register(app)
    app.add_builder(writer.BookHTMLBuilder, override=True)
    app.set_translator("html", writer.BookTranslator)
    app.connect("config-inited", theme.components_first)
    app.connect("config-inited", catalogue.use_page_languages)
    app.connect("builder-inited", theme.offer_svg_icon)
    app.connect("builder-inited", site_search.turn_off_sphinx_search)
    app.connect("builder-inited", theme.tab_stops_as_laid_out)
    app.add_config_value("pdf_paper_format", "A4", "html", types=[str])  # or "Letter": README
    social_card_fonts.register_fonts()

    # 1. Reading the sources.
    app.connect("source-read", notebook_markdown.convert)

    # 2. The doctree: read, then resolved.
    app.add_transform(framework_tabs.FrameworkTabs)
    app.add_transform(typography.KeepFormulaWithItsWord)
    app.add_post_transform(framework_tabs.TabLabelsWithoutAriaControls)
    app.add_post_transform(notebook_markdown.ExerciseTitlesInThePagesLanguage)
    app.connect("doctree-resolved", typeset_math.typeset_formulas)
    app.connect("doctree-resolved", static_figures.add_static_figures)

    # 3. Writing: the body (writer.BookTranslator, and the formulas), then the page context.
    app.add_html_math_renderer("katex-prerendered", (typeset_math.visit_math, None),
                               (typeset_math.visit_math_block, None))
    app.connect("html-page-context", editions.add_edition_to_page, priority=BEFORE_THE_THEMES)
    app.connect("html-page-context", page_description.set_description, priority=BEFORE_OPENGRAPH)
    app.connect("html-page-context", site_search.add_search_script)
    app.connect("html-page-context", notebook_markdown.toggle_texts_in_the_pages_language)
    app.connect("html-page-context", typeset_math.add_stylesheet)
    app.connect("html-page-context", static_figures.link_figure_stylesheets)
    app.connect("html-page-context", pdf_edition.add_to_download_menu,
                priority=pdf_edition.AFTER_THE_BOOK_THEME)
    app.connect("html-page-context", page_assets.drop_unneeded_scripts, priority=AFTER_THE_SCRIPTS)
    app.connect("html-page-context", page_assets.defer_local_scripts, priority=AFTER_THE_SCRIPTS)

    # 4. After the site is written.
    app.connect("build-finished", finish_site, priority=AFTER_THE_THEMES_FILES)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
