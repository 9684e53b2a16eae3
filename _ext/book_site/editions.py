"""One book, three editions: each chapter page under chapters/<language>/ is a page of its
language's site. Besides speaking its language (catalogue.py), it carries the language in
``<html lang>`` and its title, links to its other editions (the language switcher and
``hreflang`` alternates) and leads to no page of another language by "previous"/"next".
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .languages import LANGUAGES, SITE_LANGUAGE, chapter_language, language_of

# Before the themes fill in the page context: pydata-sphinx-theme drops the templates that
# render empty, such as the language switcher before its links are known.
BEFORE_THE_THEMES = 100


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


def add_edition_to_page(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: Any) -> None:
    """The page's language, title, site title, neighbours, alternates and language switcher."""
    context["site_language"] = SITE_LANGUAGE  # the home page's (theme/components/sbt-sidebar-nav.html)
    same_language_neighbours(app, pagename, context)
    language = chapter_language(pagename)
    if language is None:
        return
    context["language"] = language
    context["title"] = f"{context['title']} ({LANGUAGES[language]})"
    context["docstitle"] = app.translator.gettext(context["docstitle"])
    name = pagename.split("/", 2)[2]
    context["metatags"] = context.get("metatags", "") + alternate_links(app, name)
    context["translations"] = [
        {"language": code, "name": label, "current": code == language,
         "url": context["pathto"](f"chapters/{code}/{name}")}
        for code, label in LANGUAGES.items()
        if f"chapters/{code}/{name}" in app.env.found_docs
    ]
