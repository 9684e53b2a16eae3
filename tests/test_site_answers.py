"""The exercises' worked answers on the built website, in headless Chromium, offline: hidden
until opened (by click and by keyboard), titled and named in the page's language, and shown
in full without JavaScript and in print."""

import pytest
from book_site.languages import LANGUAGES

from support.browser import shown_texts

BUTTON_NAMES = {"en": "Show or hide the answer", "ko": "풀이 보기 또는 숨기기", "vi": "Hiện hoặc ẩn lời giải"}
# A sentence of each language's first answer: the answer's text, not only its title.
FIRST_ANSWER_TEXT = {"en": "no gradient ever enters it", "ko": "어떤 그래디언트도",
                     "vi": "không một gradient nào"}


def answer(page, language, number):
    return page.locator(f"#answer_rmsprop-{language}-{number}")


def first_paragraph(page, language, number):
    """The answer's first paragraph of text (below its title)."""
    return answer(page, language, number).locator("p:not(.admonition-title)").first


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_are_hidden_until_opened_by_click(visit, language):
    page = visit(f"chapters/{language}/rmsprop.html")
    for number in range(1, 5):
        assert first_paragraph(page, language, number).is_hidden()
    assert page.locator(".solution.toggle-hidden").count() == 4
    answer(page, language, 2).locator(".admonition-title").click()
    assert first_paragraph(page, language, 2).is_visible()
    assert first_paragraph(page, language, 1).is_hidden()  # the others stay closed
    answer(page, language, 2).locator(".admonition-title").click()
    assert first_paragraph(page, language, 2).is_hidden()


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_open_by_keyboard_with_a_named_button(visit, language):
    page = visit(f"chapters/{language}/rmsprop.html")
    button = answer(page, language, 1).locator("button.toggle-button")
    assert button.get_attribute("aria-label") == BUTTON_NAMES[language]
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert first_paragraph(page, language, 1).is_visible()
    assert FIRST_ANSWER_TEXT[language] in shown_texts(answer(page, language, 1))[0]
    page.keyboard.press("Space")
    assert first_paragraph(page, language, 1).is_hidden()


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_show_in_full_without_javascript(visit, language):
    page = visit(f"chapters/{language}/rmsprop.html", java_script_enabled=False)
    for number in range(1, 5):
        assert first_paragraph(page, language, number).is_visible()
    assert FIRST_ANSWER_TEXT[language] in shown_texts(answer(page, language, 1))[0]
    assert page.locator("button.toggle-button").count() == 0


# Of each code block and output of the open answers: its height, and the height it would take if
# its lines did not wrap; and every inline code's overshoot past the right edge of its text.
LINES_KEPT = """() => {
    const blocks = Array.from(document.querySelectorAll('.solution pre'), pre => {
        const unwrapped = pre.cloneNode(true);
        unwrapped.style.whiteSpace = 'pre';
        pre.after(unwrapped);
        const heights = [pre.offsetHeight, unwrapped.offsetHeight];
        unwrapped.remove();
        return heights;
    });
    const overshoots = Array.from(document.querySelectorAll('.bd-article :not(pre) > code'), code =>
        code.getBoundingClientRect().right - code.parentElement.getBoundingClientRect().right);
    return {blocks, overshoots};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_keep_code_lines_and_inline_code_within_the_text_on_a_phone(visit, language):
    page = visit(f"chapters/{language}/rmsprop.html", viewport={"width": 390, "height": 844})
    for number in range(1, 5):
        answer(page, language, number).locator(".admonition-title").click()
        shown_texts(first_paragraph(page, language, number))  # scrolled to, so laid out
    for section in page.locator(".solution").all():
        shown_texts(section.locator("pre, p code"))
    found = page.evaluate(LINES_KEPT)
    assert len(found["blocks"]) >= 10
    assert [height for height, unwrapped in found["blocks"] if height != unwrapped] == []
    assert len(found["overshoots"]) >= 3 and max(found["overshoots"]) <= 1


@pytest.mark.parametrize("javascript", [True, False])
def test_answers_are_printed_open(visit, javascript):
    page = visit("chapters/en/rmsprop.html", java_script_enabled=javascript)
    page.emulate_media(media="print")
    for number in range(1, 5):
        assert first_paragraph(page, "en", number).is_visible()
        assert answer(page, "en", number).locator(".cell").first.is_visible()
    assert page.locator("button.toggle-button:visible").count() == 0
