"""Resize text (WCAG 1.4.4) and text spacing (1.4.12): a box whose height follows its text is
no false alarm when the glyphs of a tightly set line stand past its line box; the same text
in a box of fixed height is still cut off or spills. Fixture pairs on both engines."""

from __future__ import annotations

import pytest

from tests.webscan.checks.conftest import own_verdicts

ENGINES = ("playwright", "selenium")
V, R = "violation", "needs-review"
EXPECTED = {
    # tight lines (line height 1.2, one set inline with !important) in a paragraph and in an
    # overflow:hidden box of automatic height, in a CJK font whose glyphs are ~1.45 em tall
    "text-resize-clean.html": {("text-spacing-important", "#inline", R, ("1.4.12",))},
    "text-resize-fail.html": {("resize-text-clipped", "#summary", V, ("1.4.4",)),
                              ("resize-text-clipped", "#bar", R, ("1.4.4",))},
}


@pytest.fixture(scope="module", params=ENGINES)
def run(request, check_site, scanners):
    urls = [check_site.url(page) for page in EXPECTED]
    return scanners[request.param].scan(urls, concurrency=2, settle_s=0.5,
                                        checks=("text-spacing", "resize-text"))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_pairs(run, name):
    assert own_verdicts(run, name) == EXPECTED[name]
