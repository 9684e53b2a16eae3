"""The book's languages: one table that the build and the tests read.

A page under ``chapters/<code>/`` is in that language; every other page (home, index) is in
the site's language.
"""

from __future__ import annotations

# Code (as in <html lang> and chapters/<code>/) -> the language's name in that language, in the
# order of the language switcher and of the sidebar.
LANGUAGES = {"en": "English", "ko": "한국어", "vi": "Tiếng Việt"}
SITE_LANGUAGE = "en"


def chapter_language(pagename: str) -> str | None:
    """The language of a page named chapters/<language>/<name>, else None."""
    parts = pagename.split("/")
    if len(parts) >= 3 and parts[0] == "chapters" and parts[1] in LANGUAGES:
        return parts[1]
    return None


def language_of(pagename: str) -> str:
    """The language a page is written in: its chapter's, else the site's."""
    return chapter_language(pagename) or SITE_LANGUAGE
