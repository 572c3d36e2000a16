"""Text lost at another presentation: cut off fails, spilling and an ellipsis are to review,
whatever the criterion that measured it. Browser-free."""

from __future__ import annotations

import pytest

from audit.webscan.checks.clipping import text_losses


def item(**state):
    return {"selector": "#t", "html": "<p id=\"t\">", "tag": "p", "text": "通知公告",
            "clipped": False, "spills": False, "ellipsis": False, **state}


CUT = [({"clipped": True}, "violation", "clipped"),
       ({"clipped": True, "ellipsis": True}, "needs-review", "ellipsis")]
SPILLS = ({"spills": True}, "needs-review", "overflows")  # reflow reports cut text only


@pytest.mark.parametrize(("rule", "state", "outcome", "message"), [
    *[("reflow-clipped", *case) for case in CUT],
    *[(rule, *case) for rule in ("resize-text-clipped", "text-spacing-clipped")
      for case in (*CUT, SPILLS)],
])
def test_one_verdict_for_every_criterion(rule, state, outcome, message):
    [finding] = text_losses([item(**state)], rule, {"width": 320, "percent": 200},
                            "http://example.gov.cn/")
    assert (finding.rule, str(finding.outcome), finding.facts["message"]) == (
        rule, outcome, message)
    assert finding.facts["values"]["text"] == "通知公告"


def test_an_item_stored_before_the_ellipsis_was_measured_is_judged_as_before():
    stored = item(clipped=True)
    del stored["ellipsis"]
    [finding] = text_losses([stored], "reflow-clipped", {"width": 320}, "http://example.gov.cn/")
    assert str(finding.outcome) == "violation"


def test_a_line_cut_with_an_ellipsis_whose_title_holds_it_all_loses_nothing():
    items = [item(clipped=True, ellipsis=True, titled=True, selector="#full"),
             item(clipped=True, ellipsis=False, titled=False, selector="#cut")]
    found = text_losses(items, "reflow-clipped", {"width": 320}, "http://example.gov.cn/")
    assert [(f.selector, str(f.outcome)) for f in found] == [("#cut", "violation")]
