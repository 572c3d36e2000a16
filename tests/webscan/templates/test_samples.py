"""A region's sample, taken from the page's one axe-core run (the nodes each rule looked at
inside the region, the findings it reported there), is what axe-core finds when run on the
region alone with the same rules: the same findings at the same positions, the same passed
and inapplicable rules. On portal pages whose menu has a marked item (a passing and failing
contrast in one region), whose search field a label outside names, and plain ones."""

from __future__ import annotations

import json
from typing import Any

import pytest

from audit.standards import DEFAULT_STANDARD, axe_tags
from audit.webscan.axe import axe_options, load_axe
from audit.webscan.browser import find_browser, launch_flags
from audit.webscan.templates import script, settings
from tests.webscan.crawl.server import CrawlSite
from tests.webscan.templates.portal import write_portal

pytestmark = pytest.mark.browser

# The rules of the sample run on the region alone; each finding by its position in the region.
_REGION_ONLY = """async ([label, rules, options]) => {
  const region = document.querySelector(label);
  const pathOf = (el) => {
    const path = [];
    for (let x = el; x !== region; x = x.parentElement) {
      path.unshift([...x.parentElement.children].indexOf(x));
    }
    return path;
  };
  const r = await axe.run({include: [region]},
    {...options, runOnly: {type: 'rule', values: rules}});
  const found = (group) => r[group].map((rule) => [rule.id,
    rule.nodes.map((n) => pathOf(document.querySelector(n.target[0])))]);
  return {violations: found('violations'), incomplete: found('incomplete'),
    passes: r.passes.map((x) => x.id), inapplicable: r.inapplicable.map((x) => x.id)};
}"""


@pytest.fixture(scope="module")
def portal(chromium, tmp_path_factory):
    """A browser tab and the portal fixture's base URL."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("portal")
    write_portal(folder)
    with CrawlSite(folder) as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(find_browser().path),
                                    args=launch_flags())
        yield browser.new_page(), site.url("/")
        browser.close()


def _learnt(portal, name: str) -> tuple[dict[str, Any], Any]:
    """The page scanned with templates on, nothing known yet: its result and axe options."""
    page, base = portal
    page.goto(base + name)
    page.evaluate(load_axe().source)
    options = axe_options(axe_tags(DEFAULT_STANDARD), 5)
    arg = {"options": options, "settings": settings(), "known": "{}"}
    return json.loads(page.evaluate(script(), arg)), options


def _found(sample: dict[str, Any], group: str) -> list[list[Any]]:
    return [[rule["id"], [node["path"] for node in rule["nodes"]]] for rule in sample[group]]


@pytest.mark.parametrize("name", ["s1.html", "labelled.html", "a1.html"])
def test_a_sample_is_what_a_run_on_the_region_alone_finds(portal, name):
    raw, options = _learnt(portal, name)
    page = portal[0]
    learnt = [t for t in raw["templates"] if t["action"] == "learn"]
    assert [t["kind"] for t in learnt] == ["header", "navigation", "region", "footer"]
    # the menu's links are within reach of the search button beside them, outside the menu
    assert [t["isolated"] for t in learnt] == [True, False, True, True]
    ranks = page.evaluate("() => axe._audit.rules.map((rule) => rule.id)")
    whole = set(settings()["whole_page_rules"]) | {"region", "landmark-unique", "duplicate-id"}
    assert "target-size" not in whole
    for template in learnt:
        sample = raw["template_samples"][template["key"]]
        rules = sample["passes"] + sample["inapplicable"] + [
            rule["id"] for group in ("violations", "incomplete") for rule in sample[group]]
        assert "color-contrast" in rules and "image-alt" in rules and not whole & set(rules)
        assert ("target-size" in rules) == template["isolated"]
        alone = page.evaluate(_REGION_ONLY, [template["label"], rules, options])
        assert _found(sample, "violations") == alone["violations"], template["label"]
        assert _found(sample, "incomplete") == alone["incomplete"], template["label"]
        for group in ("passes", "inapplicable"):  # the page orders them as axe-core's rules
            assert sample[group] == sorted(alone[group], key=ranks.index), template["label"]


def test_a_rule_passing_and_failing_in_one_region_is_in_both(portal):
    raw, _ = _learnt(portal, "s1.html")  # the marked menu item is dark enough, the others not
    menu = next(t for t in raw["templates"] if t["kind"] == "navigation")
    sample = raw["template_samples"][menu["key"]]
    [contrast] = [rule for rule in sample["violations"] if rule["id"] == "color-contrast"]
    assert len(contrast["nodes"]) == 15 and "color-contrast" in sample["passes"]


# The page's own createTreeWalker, recording which elements the filter it is given rejects.
_RECORD_WALKS = """() => {
  const create = document.createTreeWalker;
  const label = (el) => `${el.localName}${el.id ? `#${el.id}` : ''}` +
    `${el.classList.length ? `.${el.classList[0]}` : ''}`;
  window.rejected = [];
  window.ownWalker = function (root, what, filter, ...rest) {
    for (const el of filter && filter.acceptNode ? document.querySelectorAll('*') : []) {
      if (filter.acceptNode(el) === NodeFilter.FILTER_REJECT) window.rejected.push(label(el));
    }
    return create.call(document, root, what, filter, ...rest);
  };
  document.createTreeWalker = window.ownWalker;
}"""


def _known(raw: dict[str, Any]) -> dict[str, Any]:
    """Every region the page learnt, replayed."""
    return {t["key"]: {"action": "reuse", "sample": raw["template_samples"][t["key"]]}
            for t in raw["templates"] if t["action"] == "learn"}


def test_a_region_replayed_whole_is_left_out_of_the_drawing_grid(portal):
    raw, options = _learnt(portal, "s1.html")
    page = portal[0]
    known = _known(raw)
    footer = next(t["key"] for t in raw["templates"] if t["kind"] == "footer")
    # as if learnt where it was not isolated: target-size runs over it, it stays in the grid
    known[footer]["sample"] = {**known[footer]["sample"], "isolated": False}
    page.goto(portal[1] + "s1.html")
    page.evaluate(load_axe().source)
    page.evaluate(_RECORD_WALKS)
    arg = {"options": options, "settings": settings(), "known": json.dumps(known)}
    replayed = json.loads(page.evaluate(script(), arg))
    # the menu lies in the banner, replayed with it (covered)
    assert [(t["kind"], t["action"], t["isolated"]) for t in replayed["templates"]] == [
        ("header", "reuse", True), ("navigation", "covered", False), ("region", "reuse", True),
        ("footer", "reuse", True)]
    assert page.evaluate("window.rejected") == [
        t["label"] for t in replayed["templates"] if t["kind"] in ("header", "region")]
    assert page.evaluate("document.createTreeWalker === window.ownWalker")  # the page's again
    assert [(r["id"], len(r["nodes"])) for r in replayed["violations"]] == [
        (r["id"], len(r["nodes"])) for r in raw["violations"]]


def test_a_page_that_holds_its_tree_walker_is_replayed_all_the_same(portal):
    raw, options = _learnt(portal, "s1.html")
    page = portal[0]
    page.goto(portal[1] + "s1.html")
    page.evaluate(load_axe().source)
    page.evaluate("""() => Object.defineProperty(document, 'createTreeWalker', {
      value: document.createTreeWalker.bind(document), writable: false, configurable: false})""")
    arg = {"options": options, "settings": settings(), "known": json.dumps(_known(raw))}
    replayed = json.loads(page.evaluate(script(), arg))
    assert [t["action"] for t in replayed["templates"]] == ["reuse", "covered", "reuse", "reuse"]
    assert [(r["id"], len(r["nodes"])) for r in replayed["violations"]] == [
        (r["id"], len(r["nodes"])) for r in raw["violations"]]
