"""The website's texts in the language of each page.

The book's own texts are a gettext catalogue per language, ``locales/<language>/LC_MESSAGES/
book.po``, whose msgids are the English texts. They come before the catalogues that Sphinx, the
themes and sphinx-exercise ship, so they also supply what those lack or garble in Korean and
Vietnamese.

Sphinx has one language per build. Here each gettext domain answers in the language of the page
that Sphinx is working on, whichever part of Sphinx or of a theme asks and whenever it asks:
while the page is read (sphinx-exercise's directives), resolved, written (its body) and filled
into its template. ``use_page_languages`` installs, once, for every domain, a translator that
asks ``page_now`` which page that is; nothing is switched from page to page, so no page of a
parallel build can take another page's language.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

import pydata_sphinx_theme
import sphinx.locale
import sphinx_book_theme
import sphinx_exercise
import sphinx_togglebutton
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from .languages import LANGUAGES, SITE_LANGUAGE, language_of

LOCALES = Path(__file__).with_name("locales")
# The gettext domains of the pages -> the folders of the catalogues that packages ship for it,
# in Sphinx's order. The build stops if an extension registers a domain this table lacks.
SHIPPED_CATALOGUES = {
    "sphinx": [Path(sphinx.locale.__file__).parent,
               Path(pydata_sphinx_theme.__file__).parent / "locale"],
    "booktheme": [Path(sphinx_book_theme.__file__).parent
                  / "theme" / "sphinx_book_theme" / "static" / "locales"],
    "exercise": [Path(sphinx_exercise.__file__).parent / "translations" / "locales"],
    "togglebutton": [Path(sphinx_togglebutton.__file__).parent / "translations" / "locales"],
}
# The domains of Sphinx's other builders (help files, JSON), whose texts no HTML page shows.
OTHER_BUILDERS = {"sphinxcontrib.applehelp", "sphinxcontrib.devhelp", "sphinxcontrib.htmlhelp",
                  "sphinxcontrib.qthelp", "sphinxcontrib.serializinghtml"}


@cache
def book_texts(language: str) -> dict[str, str]:
    """The book's catalogue of ``language``: English text -> translation (none for English)."""
    path = LOCALES / language / "LC_MESSAGES" / "book.po"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        return {message.id: message.string for message in read_po(file)
                if message.id and message.string}


def text(language: str, message: str, **values: Any) -> str:
    """The book's ``message`` in ``language``, its ``{placeholders}`` filled in with ``values``."""
    translated = book_texts(language).get(message, message)
    return translated.format(**values) if values else translated


class BookTexts(gettext.NullTranslations):
    """The book's texts of one language, before the shipped catalogues added as its fallbacks."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self._texts = texts

    def gettext(self, message: str) -> str:
        if message in self._texts:
            return self._texts[message]
        return super().gettext(message)


def translations(language: str, domain: str) -> gettext.NullTranslations:
    """The book's texts of ``language``, then the shipped catalogues of ``domain`` for it."""
    translator = BookTexts(book_texts(language))
    for folder in SHIPPED_CATALOGUES[domain]:
        try:
            translator.add_fallback(gettext.translation(domain, folder, [language]))
        except FileNotFoundError:  # this package ships no catalogue of the language
            pass
    return translator


class PageLanguageTranslations(gettext.NullTranslations):
    """One gettext domain in every language, answering in that of the page Sphinx is on."""

    def __init__(self, domain: str, page_now: Any) -> None:
        super().__init__()
        self._by_language = {language: translations(language, domain) for language in LANGUAGES}
        self._page_now = page_now

    def _now(self) -> gettext.NullTranslations:
        return self._by_language[language_of(self._page_now() or "")]

    def gettext(self, message: str) -> str:
        return self._now().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._now().ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._now().pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._now().npgettext(context, singular, plural, n)


def use_page_languages(app: Sphinx, config: Config) -> None:
    """Make every gettext domain of the pages answer in the language of the page at hand.

    Runs when the configuration is read: after the extensions have registered their catalogues
    and before the builder gives the templates their translator (``app.translator``).
    """
    if config.language != SITE_LANGUAGE:
        raise ExtensionError(f"the site's language is {SITE_LANGUAGE!r} (_ext/book_site/"
                             f"languages.py), but _config.yml says language: {config.language}")

    def page_now() -> str | None:
        """The page being written (writer.BookHTMLBuilder), else the one read or resolved."""
        writing = getattr(getattr(app, "builder", None), "page_being_written", None)
        environment = getattr(app, "env", None)
        return writing or (environment.temp_data.get("docname") if environment else None)

    for namespace, domain in list(sphinx.locale.translators):
        if namespace != "general":  # "console": the build's messages, not the pages'
            continue
        if domain in OTHER_BUILDERS:
            continue
        if domain not in SHIPPED_CATALOGUES:
            raise ExtensionError(f"the gettext domain {domain!r} is used by an extension but has no "
                                 "entry in SHIPPED_CATALOGUES (_ext/book_site/catalogue.py)")
        sphinx.locale.translators[namespace, domain] = PageLanguageTranslations(domain, page_now)
    app.translator = sphinx.locale.translators["general", "sphinx"]
