"""Resize text (WCAG 1.4.4) and text spacing (1.4.12): a box whose height follows its text is
no false alarm when the glyphs of a tightly set line stand past its line box (by as much as
the element's own font makes them); the same text in a box of fixed height is still cut off
or spills; a line cut off with an ellipsis at 200 % or by WCAG's spacing is to review.
Fixture pairs in Playwright: each check is one script in the page, which the engine only
carries there and back, as it carries every script of the scan (Selenium's carrying is tested by
the other checks' and axe-core's pages)."""

from __future__ import annotations

import pytest

from audit.standards import element_message
from tests.webscan.checks.conftest import own_verdicts

V, R = "violation", "needs-review"
EXPECTED = {
    # tight lines (line height 1.2, one set inline with !important) in a paragraph and in an
    # overflow:hidden box of automatic height, in a CJK font whose glyphs are ~1.45 em tall
    "text-resize-clean.html": {("text-spacing-important", "#inline", R, ("1.4.12",))},
    "text-resize-fail.html": {("resize-text-clipped", "#summary", V, ("1.4.4",)),
                              ("resize-text-clipped", "#bar", R, ("1.4.4",))},
    # one line cut at 200 % with an ellipsis: to review (can the full text be reached another
    # way?); the same line cut with nothing to say so: a violation
    "text-resize-ellipsis.html": {("resize-text-clipped", "#title", R, ("1.4.4",)),
                                  ("resize-text-clipped", "#cut", V, ("1.4.4",))},
    # a Latin font set solid, cut off at 200 % by less than a CJK font would overhang: the
    # overhang allowed is measured on the element's own font
    "text-resize-latin.html": {("resize-text-clipped", "#hours", V, ("1.4.4",))},
    # the same with WCAG's text spacing: a line cut with an ellipsis is to review, one cut
    # with nothing to say so fails (both are cut at 200 % too); one cut with an ellipsis whose
    # full text is the title of its item (#titled, spaced otherwise) loses nothing
    "text-spacing-ellipsis.html": {("text-spacing-clipped", "#guide", R, ("1.4.12",)),
                                   ("text-spacing-clipped", "#cut", V, ("1.4.12",)),
                                   ("resize-text-clipped", "#guide", R, ("1.4.4",)),
                                   ("resize-text-clipped", "#cut", V, ("1.4.4",))},
    # icon-font glyphs (a private-use character, ☰, ×) in boxes of their own size are no
    # text to lose; a tab's four characters in a box of fixed size are
    "text-icons.html": {("text-spacing-clipped", "#tab", V, ("1.4.12",)),
                        ("resize-text-clipped", "#tab", V, ("1.4.4",))},
}


@pytest.fixture(scope="module")
def run(check_site, scanners):
    urls = [check_site.url(page) for page in EXPECTED]
    return scanners["playwright"].scan(urls, concurrency=2,
                                       checks=("text-spacing", "resize-text"))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_pairs(run, name):
    assert own_verdicts(run, name) == EXPECTED[name]


def test_the_ellipsis_says_what_to_check(run):
    page = next(p for p in run.pages if p.url.endswith("/text-resize-ellipsis.html"))
    [cut] = [f for f in page.findings if f.selector == "#title"]
    assert element_message(cut.rule, cut.facts, "en", cut.message) == (
        "With text at 200 % this element cuts its line of text off with an ellipsis: "
        "\"关于开展老旧小区改造工作的通知\". Check that the full text can be reached another "
        "way (a link, a tooltip, a control that expands it); if not, it fails")


def test_the_ellipsis_under_text_spacing_says_what_to_check(run):
    page = next(p for p in run.pages if p.url.endswith("/text-spacing-ellipsis.html"))
    [cut] = [f for f in page.findings if f.selector == "#guide" and f.rule ==
             "text-spacing-clipped"]
    assert element_message(cut.rule, cut.facts, "zh", cut.message) == (
        "按 WCAG 的文本间距（行高 1.5 倍、字距 0.12em、词距 0.16em、段距 2 倍）显示时，"
        "此元素把一行文字截断并以省略号结尾：“残疾人证办理流程与材料”。"
        "请确认能以其他方式看到全文（链接、提示文字或展开按钮），否则不符合")
