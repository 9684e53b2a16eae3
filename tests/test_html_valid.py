"""Every page of the built site is valid HTML, by the Nu HTML Checker (tests/support/html_checker.py)."""

from support.html_checker import html_errors


def test_every_page_is_valid_html(built_site):
    pages = sorted(path for path in built_site.rglob("*.html") if "_static" not in path.parts)
    assert len(pages) == 5  # the home page, the index and the three chapters
    assert html_errors(pages) == []
