"""What a crawl learns about its template regions: every region not named is learnt; two
agreeing samples → replay; samples that disagree or cannot be taken → page content, never
replayed; per viewport; regions seen once kept with their sample within a bound."""

from __future__ import annotations

import json

from audit.webscan import templates
from audit.webscan.templates import TemplateRegistry

SAMPLE = {"violations": [{"id": "image-alt", "nodes": [{"path": [0, 2], "impact": "critical"}]}],
          "incomplete": [], "passes": ["list"], "inapplicable": ["video-caption"]}
OTHER = {**SAMPLE, "passes": []}


def _region(key, action):
    return {"key": key, "kind": "header", "label": "div#top", "action": action, "elements": 40}


def test_a_region_is_replayed_after_two_agreeing_samples():
    registry = TemplateRegistry()
    assert registry.known("desktop") == {}
    registry.record("desktop", [_region("k1", "learn")], {"k1": SAMPLE})
    assert registry.known("desktop") == {}  # still learnt
    registry.record("mobile", [_region("k1", "learn")], {"k1": SAMPLE})
    assert registry.known("mobile") == {}
    registry.record("desktop", [_region("k1", "learn")], {"k1": SAMPLE})
    assert registry.known("desktop") == {"k1": {"action": "reuse", "sample": SAMPLE}}
    registry.record("mobile", [_region("k1", "learn")], {"k1": SAMPLE})
    assert registry.known("mobile") == {"k1": {"action": "reuse", "sample": SAMPLE}}


def test_disagreeing_or_missing_samples_keep_a_region_page_content():
    registry = TemplateRegistry()
    registry.record("desktop", [_region("k1", "learn"), _region("k2", "learn")],
                    {"k1": SAMPLE})  # k2's elements could not be found again: no sample
    registry.record("desktop", [_region("k1", "learn")], {"k1": OTHER})
    content = {"action": "content"}
    assert registry.known("desktop") == {"k1": content, "k2": content}
    registry.record("desktop", [_region("k1", "learn"), _region("k2", "learn")],
                    {"k1": SAMPLE, "k2": SAMPLE})
    assert registry.known("desktop") == {"k1": content, "k2": content}


def test_a_sample_that_disagrees_after_confirmation_stops_the_replay():
    registry = TemplateRegistry()
    for _ in range(2):
        registry.record("desktop", [_region("k1", "learn")], {"k1": SAMPLE})
    registry.record("desktop", [_region("k1", "learn")], {"k1": OTHER})  # replay fell back
    assert registry.known("desktop") == {"k1": {"action": "content"}}


def test_regions_seen_once_are_remembered_within_a_bound(monkeypatch):
    monkeypatch.setattr(templates, "_MAX_SEEN_ONCE", 3)
    registry = TemplateRegistry()
    for key in ("a", "b", "c", "d"):
        registry.record("desktop", [_region(key, "learn")], {key: SAMPLE})
    for key in ("d", "c", "b", "a"):  # "a" was forgotten: a first sample again
        registry.record("desktop", [_region(key, "learn")], {key: SAMPLE})
    assert sorted(registry.known("desktop")) == ["b", "c", "d"]
    registry.record("desktop", [_region("a", "learn")], {"a": SAMPLE})
    assert sorted(registry.known("desktop")) == ["a", "b", "c", "d"]


def test_the_plan_handed_to_the_page_is_written_again_only_when_it_changes():
    registry = TemplateRegistry()
    steps = [("desktop", "k1", SAMPLE), ("desktop", "k2", SAMPLE), ("mobile", "k1", SAMPLE),
             ("desktop", "k1", SAMPLE), ("desktop", "k1", SAMPLE), ("desktop", "k2", OTHER),
             ("mobile", "k1", SAMPLE), ("desktop", "k3", None), ("desktop", "k2", SAMPLE)]
    plans = []
    for viewport, key, sample in steps:
        registry.record(viewport, [_region(key, "learn")], {key: sample} if sample else {})
        for view in ("desktop", "mobile"):
            assert json.loads(registry.plan(view).text) == registry.known(view)
        plans.append(registry.plan("desktop"))
    # the same plan while the desktop plan stood still: k1 confirmed at step 4, k2 page
    # content at step 6, k3 page content at step 8; a new id (and script kept in the tab)
    # with each change
    assert [plans[i] is plans[i - 1] for i in range(1, len(plans))] == [
        True, True, False, True, False, True, False, True]
    assert len({plan.id for plan in plans}) == len({plan.kept for plan in plans}) == 4


def test_what_a_round_learnt_is_taught_to_the_next_within_the_max_age():
    base = TemplateRegistry()
    for _ in range(2):
        base.record("desktop", [_region("menu", "learn"), _region("banner", "learn")],
                    {"menu": SAMPLE, "banner": SAMPLE})
    base.record("desktop", [_region("banner", "learn")], {"banner": OTHER})  # unstable
    base.record("desktop", [_region("once", "learn")], {"once": SAMPLE})  # seen once: not kept
    learnt = base.learnt("2026-12-05T21:00:00+00:00")
    assert learnt == {"regions": [
        {"viewport": "desktop", "key": "menu", "sample": SAMPLE,
         "sighted_at": "2026-12-05T21:00:00+00:00"},
        {"viewport": "desktop", "key": "banner", "sample": None,
         "sighted_at": "2026-12-05T21:00:00+00:00"}]}
    taught = TemplateRegistry()
    assert taught.teach(learnt, "2026-12-05T21:00:00+00:00") == 2
    assert taught.known("desktop") == {"menu": {"action": "reuse", "sample": SAMPLE},
                                       "banner": {"action": "content"}}
    assert taught.known("mobile") == {}
    assert TemplateRegistry().teach(learnt, "2026-12-05T21:00:01+00:00") == 0  # too old


def test_a_taught_region_keeps_when_it_was_last_shown_until_a_page_shows_it_again():
    taught = TemplateRegistry()
    old = "2026-09-01T00:00:00+00:00"
    taught.teach({"regions": [{"viewport": "desktop", "key": key, "sample": SAMPLE,
                               "sighted_at": old} for key in ("menu", "footer")]}, old)
    taught.record("desktop", [_region("menu", "reuse")], {})
    now = "2026-12-05T21:00:00+00:00"
    assert [(r["key"], r["sighted_at"]) for r in taught.learnt(now)["regions"]] == [
        ("menu", now), ("footer", old)]
    # a taught sample that a page of this round contradicts stops the replay
    taught.record("desktop", [_region("footer", "learn")], {"footer": OTHER})
    assert taught.known("desktop")["footer"] == {"action": "content"}
