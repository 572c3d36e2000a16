"""What a crawl learns about its template regions: seen once → learn; two agreeing samples →
replay; samples that disagree or cannot be taken → never replayed; per viewport; bounded."""

from __future__ import annotations

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
    registry.record("desktop", [_region("k1", "content")], {})
    assert registry.known("desktop") == {"k1": {"action": "learn"}}
    assert registry.known("mobile") == {}
    registry.record("desktop", [_region("k1", "learn")], {"k1": SAMPLE})
    assert registry.known("desktop") == {"k1": {"action": "learn"}}
    registry.record("desktop", [_region("k1", "learn")], {"k1": SAMPLE})
    assert registry.known("desktop") == {"k1": {"action": "reuse", "sample": SAMPLE}}


def test_disagreeing_or_missing_samples_keep_a_region_page_content():
    registry = TemplateRegistry()
    registry.record("desktop", [_region("k1", "learn"), _region("k2", "learn")],
                    {"k1": SAMPLE})  # k2's elements could not be found again: no sample
    registry.record("desktop", [_region("k1", "learn")], {"k1": OTHER})
    assert registry.known("desktop") == {}
    registry.record("desktop", [_region("k1", "content"), _region("k2", "content")], {})
    assert registry.known("desktop") == {}


def test_regions_seen_once_are_remembered_within_a_bound(monkeypatch):
    monkeypatch.setattr(templates, "_MAX_SEEN_ONCE", 3)
    registry = TemplateRegistry()
    for key in ("a", "b", "c", "d"):
        registry.record("desktop", [_region(key, "content")], {})
    assert sorted(registry.known("desktop")) == ["b", "c", "d"]
