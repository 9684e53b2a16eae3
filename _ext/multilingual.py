"""One book, three languages: each chapter page under chapters/<language>/ declares its own
language in <html lang> and links to the same page in the other languages.

Sphinx's ``language`` setting is one per build; this extension sets it per page instead.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

# Language code -> the language's name in that language, in the order of the switcher.
LANGUAGES = {"en": "English", "ko": "한국어", "vi": "Tiếng Việt"}


def page_language(pagename: str) -> str | None:
    """The language of a page named chapters/<language>/<name>, else None."""
    parts = pagename.split("/")
    if len(parts) >= 3 and parts[0] == "chapters" and parts[1] in LANGUAGES:
        return parts[1]
    return None


def add_language_to_page(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    """Set the page's language and the links of the language switcher."""
    language = page_language(pagename)
    if language is None:
        return
    context["language"] = language
    name = pagename.split("/", 2)[2]
    context["translations"] = [
        {"language": code, "name": label, "current": code == language,
         "url": context["pathto"](f"chapters/{code}/{name}")}
        for code, label in LANGUAGES.items()
        if f"chapters/{code}/{name}" in app.env.found_docs
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_language_to_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
