"""The catalogue against the axe-core that ships with axe-playwright-python (axe.min.js)."""

import importlib.util
import re
from pathlib import Path

import pytest

from audit.standards import criteria_for_tags, criterion, level_of

# axe-core's rule level tags: (WCAG version, level) of the rule's lowest-level criteria.
_LEVEL_TAGS = {
    "wcag2a": ("2.0", "A"), "wcag2aa": ("2.0", "AA"), "wcag2aaa": ("2.0", "AAA"),
    "wcag21a": ("2.1", "A"), "wcag21aa": ("2.1", "AA"), "wcag22aa": ("2.2", "AA"),
}


@pytest.fixture(scope="module")
def axe_js() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rule_tags(axe_js) -> dict[str, list[str]]:
    rules = re.finditer(r'\{id:"([\w-]+)"[^{}]*?tags:\[([^\]]*)\]', axe_js)
    return {m[1]: re.findall(r'"([^"]+)"', m[2]) for m in rules}


def test_it_is_axe_4_12(axe_js):
    assert re.match(r"/\*! axe v4\.12\.\d+", axe_js)


def test_every_sc_tag_in_axe_core_maps_to_a_known_criterion(axe_js):
    sc_tags = set(re.findall(r'"(wcag\d{3,4})"', axe_js))
    assert len(sc_tags) >= 20
    unmapped = sorted(t for t in sc_tags if len(criteria_for_tags([t])) != 1)
    assert unmapped == []


def test_the_rule_table_was_found(rule_tags):
    assert len(rule_tags) >= 90
    assert rule_tags["color-contrast"][:3] == ["cat.color", "wcag2aa", "wcag143"]


@pytest.mark.parametrize(
    ("rule", "criteria"),
    [
        ("image-alt", ("1.1.1",)),
        ("color-contrast", ("1.4.3",)),
        ("avoid-inline-spacing", ("1.4.12",)),
        ("link-name", ("2.4.4", "4.1.2")),
        ("target-size", ("2.5.8",)),
        ("duplicate-id", ("4.1.1",)),
        ("region", ()),
    ],
)
def test_known_rules_map_to_their_criteria(rule_tags, rule, criteria):
    assert criteria_for_tags(rule_tags[rule]) == criteria


def test_axe_level_tags_agree_with_our_levels_and_versions(rule_tags):
    disagreements = []
    for rule, tags in rule_tags.items():
        numbers = criteria_for_tags(tags)
        for tag in (t for t in tags if t in _LEVEL_TAGS):
            version, level = _LEVEL_TAGS[tag]
            ours = {(criterion(n).version, criterion(n).level) for n in numbers}
            if level_of(numbers) != level or (version, level) not in ours:
                disagreements.append((rule, tag, sorted(ours)))
    assert disagreements == []
