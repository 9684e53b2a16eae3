"""One book, three languages: each chapter page under chapters/<language>/ is a page of its
language's site. It declares its language in <html lang>, speaks it in the theme's interface,
carries it in its title, links to its other editions (the language switcher and hreflang
alternates) and leads to no page of another language by "previous"/"next".

Sphinx's ``language`` setting is one per build; this extension sets the language per page instead:
before Sphinx writes a page's body and before the theme fills in its template, the gettext
translators of the page's language take the place of the build's (for Sphinx's and
pydata-sphinx-theme's "sphinx" domain, and sphinx-book-theme's "booktheme"). They answer from
d2lmini.language.SITE_TEXTS first, then from the catalogues those packages ship.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pydata_sphinx_theme
import sphinx.locale
import sphinx_book_theme
from docutils import nodes
from sphinx.application import Sphinx

from d2lmini.language import SITE_TEXTS

# Language code -> the language's name in that language, in the order of the switcher.
LANGUAGES = {"en": "English", "ko": "한국어", "vi": "Tiếng Việt"}
SITE_LANGUAGE = "en"  # the pages outside chapters/ (home, search, index) and _config.yml's texts

# gettext domain -> the folders of the catalogues the packages ship for it, in Sphinx's order.
CATALOGUE_FOLDERS = {
    "sphinx": [Path(sphinx.locale.__file__).parent,
               Path(pydata_sphinx_theme.__file__).parent / "locale"],
    "booktheme": [Path(sphinx_book_theme.__file__).parent
                  / "theme" / "sphinx_book_theme" / "static" / "locales"],
}

# language -> domain -> translator; filled when the builder starts.
_translators: dict[str, dict[str, gettext.NullTranslations]] = {}


class SiteTexts(gettext.NullTranslations):
    """The site texts of one language (English text -> translation), before its fallbacks."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self._texts = texts

    def gettext(self, message: str) -> str:
        if message in self._texts:
            return self._texts[message]
        return super().gettext(message)


def shipped_translator(language: str, domain: str) -> gettext.NullTranslations:
    """SITE_TEXTS of ``language``, then the packages' catalogues of ``domain`` for it."""
    translator = SiteTexts(SITE_TEXTS[language])
    for folder in CATALOGUE_FOLDERS[domain]:
        try:
            translator.add_fallback(gettext.translation(domain, folder, [language]))
        except FileNotFoundError:  # this package ships no catalogue for the language
            pass
    return translator


def page_language(pagename: str) -> str | None:
    """The language of a page named chapters/<language>/<name>, else None."""
    parts = pagename.split("/")
    if len(parts) >= 3 and parts[0] == "chapters" and parts[1] in LANGUAGES:
        return parts[1]
    return None


def language_of(pagename: str) -> str:
    """The language a page is written in: its chapter's, else the site's."""
    return page_language(pagename) or SITE_LANGUAGE


def prepare_translators(app: Sphinx) -> None:
    """The build's own translators for the site language, new ones for the others."""
    _translators[SITE_LANGUAGE] = {domain: sphinx.locale.get_translator(domain)
                                   for domain in CATALOGUE_FOLDERS}
    for language in LANGUAGES.keys() - {SITE_LANGUAGE}:
        _translators[language] = {domain: shipped_translator(language, domain)
                                  for domain in CATALOGUE_FOLDERS}


def use_language(language: str) -> None:
    """Make every gettext call of Sphinx and the themes answer in ``language``."""
    for domain, translator in _translators[language].items():
        sphinx.locale.translators["general", domain] = translator


def write_body_in_page_language(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before Sphinx writes a page's body ("Link to this heading" …): the page's language."""
    use_language(language_of(docname))


def same_language_neighbours(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Drop the "previous"/"next" links that lead to a page in another language."""
    language = language_of(pagename)
    _parent, previous, following = app.env.collect_relations().get(pagename, [None] * 3)
    for key, neighbour in (("prev", previous), ("next", following)):
        if neighbour is not None and language_of(neighbour) != language:
            context[key] = None


def alternate_links(app: Sphinx, name: str) -> str:
    """<link rel="alternate" hreflang> to each edition of chapters/*/<name>, x-default English."""
    base = app.config.html_baseurl.rstrip("/")
    editions = {code: f"{base}/{app.builder.get_target_uri(f'chapters/{code}/{name}')}"
                for code in LANGUAGES if f"chapters/{code}/{name}" in app.env.found_docs}
    editions["x-default"] = editions[SITE_LANGUAGE]
    return "".join(f'\n<link rel="alternate" hreflang="{code}" href="{url}" />'
                   for code, url in editions.items())


def add_language_to_page(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    """Before the themes fill in a page (and drop the empty parts of its template): the page's
    translators, for Python and for the templates' _(), its title, neighbours, alternates and
    language switcher."""
    language = page_language(pagename)
    use_language(language or SITE_LANGUAGE)
    translator = _translators[language or SITE_LANGUAGE]["sphinx"]
    context["gettext"], context["ngettext"] = translator.gettext, translator.ngettext
    context["site_language"] = SITE_LANGUAGE  # the home page's, in _templates/sbt-sidebar-nav.html
    same_language_neighbours(app, pagename, context)
    if language is None:
        return
    context["language"] = language
    context["title"] = f"{context['title']} ({LANGUAGES[language]})"
    context["docstitle"] = translator.gettext(context["docstitle"])
    name = pagename.split("/", 2)[2]
    context["metatags"] = context.get("metatags", "") + alternate_links(app, name)
    context["translations"] = [
        {"language": code, "name": label, "current": code == language,
         "url": context["pathto"](f"chapters/{code}/{name}")}
        for code, label in LANGUAGES.items()
        if f"chapters/{code}/{name}" in app.env.found_docs
    ]


def translate_theme_texts(app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: Any) -> None:
    """After sphinx-book-theme has set them: its footer's author and its search field's text."""
    language = page_language(pagename)
    if language is None:
        return
    translate = _translators[language]["sphinx"].gettext
    context["theme_search_bar_text"] = translate(context["theme_search_bar_text"])
    if context.get("author"):
        context["author"] = translate(context["author"])


def restore_site_language(app: Sphinx, exception: Exception | None) -> None:
    """After the build, the build's own translators again."""
    if _translators:
        use_language(SITE_LANGUAGE)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", prepare_translators)
    app.connect("doctree-resolved", write_body_in_page_language)
    app.connect("html-page-context", add_language_to_page, priority=100)  # before the themes
    app.connect("html-page-context", translate_theme_texts, priority=600)  # after them
    app.connect("build-finished", restore_site_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
