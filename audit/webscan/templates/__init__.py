"""Template-aware scanning: scan what a site's pages share once, not on every page.

Government portals put the same CMS template (banner, a menu of hundreds of links, footer) on
thousands of pages. A crawl with templates on (the default; ``--no-templates`` switches it off)
recognises those regions and, once it has seen what axe-core says about one, replays that on
the later pages instead of running axe-core over it again. Every page still gets exactly the
findings a full scan would give it (tests prove it on fixture sites); only the work is less.

**What a region is.** An element that is a landmark (header, nav, footer, aside and their
roles) or a child or grandchild of ``<body>``, with at least ``min_elements`` elements and no
frame, media, shadow root or main content inside (``rules.yaml``).

**When two regions are the same** (the identity key, a 106-bit hash computed in the page):

- the region's markup: every element's tag and attributes, and all text (whitespace runs
  collapsed), after dropping what changes from request to request without changing any result:
  ``nonce``, ``data-*`` attributes, the value of hidden inputs (CSRF tokens), and
  ``;jsessionid=`` in URLs;
- how it is drawn: for every element, its computed styles that axe-core's rules read (colours,
  backgrounds, fonts, visibility, position, ... in ``rules.yaml``) including those of its
  ``::before``/``::after``, and its layout box's width and height; the region's left edge
  (not its top: a footer moves down a longer page);
- where it sits: every ancestor's tag, attributes (but id, class and style, whose effect is in
  the styles) and computed styles, and the document's rendering mode;
- what it refers to and what refers to it: elements outside it named by its ``aria-*``,
  ``for``, ``headers``, ``list``, ``form`` or ``usemap`` references, elements outside that name
  an id inside it, and ids inside it that an earlier element of the page takes.

So an active menu item (a class or ``aria-current``), a changed link, a changed colour (in the
markup or in the page's CSS) or a different banner make a different region, scanned as page
content. A region that anything else on the page is drawn over or under (a box intersecting
the region or anything drawn from it, or the backdrop of an open dialog outside it, which
makes the rest of the page inert) is scanned as page content on that page.

**What is replayed.** Rules whose verdict on an element depends on the rest of the page always
run on the whole page: axe-core's page-level rules, every rule with a check comparing elements
across the page (duplicate ids, landmarks, heading order, region, ...) and the rules listed in
``rules.yaml`` (skip links, ...). A rule that judges an element by what lies within a short
reach of it (target size: the targets overlapping it or within its minimum spacing) is
replayed for a region only on a page where the region is isolated: nothing outside it (but
its ancestors, which must hold all it draws and not be focusable) overlaps what it draws,
nothing outside that could be focusable lies within reach of a focusable element inside it,
and it is a block (``rules.yaml``); elsewhere the rule runs over the region on the whole
page, and a sample learnt there leaves the rule out (so it disagrees with one learnt
isolated). The other rules' results for a region are learnt on the first pages where it is
seen (``SAMPLES`` of them, which must agree, else the
region is never replayed), and replayed later: each element found again by its position in
the region, its selector and HTML taken from this page, as axe-core would write them. Our own
checks (keyboard, reflow ...) always run on the whole page.

**One axe-core run a page.** ``axe.run`` builds its tree of the whole document each time it
is called, so a page gets one run over the whole document: the whole-page rules see all of
it, and the others skip the elements of replayed regions through a wrapper around each
rule's own ``matches`` (set with ``axe.configure``, put back after the run) — the nodes an
``exclude`` in the run's context would drop. The same wrapper counts the elements each rule
looked at inside the regions being learnt; a region's sample is the run's findings inside it
(by position), the rules that looked at more of its elements than they reported there
(passed) and those that looked at none (inapplicable), as a run on the region alone gives.
A region replayed whole (isolated, its sample learnt isolated) is also left out of the grid
of drawn boxes that axe-core builds for the rules asking what is drawn where
(color-contrast, target-size): nothing outside it overlaps or lies within reach of it, so
no question about another element meets it (on a portal page its menu was most of the
grid's cost).

The registry of regions lives as long as the crawl: a resumed crawl learns them again, and a
distributed crawl (each task a worker of its own) scans every page whole. What it confirmed
or found unstable is kept with the crawl when it ends (``learnt``), under a digest of what
the samples rest on besides the identity key (axe-core's source, the run's options, this
package's script and settings: ``learning_digest``); an incremental round starts from its
base round's (``teach``) when the digest is the same, so its changed pages replay the
regions confirmed there instead of learning them again. The base round is chosen with the
same deciding options (``audit.webscan.incremental``), so what invalidates carrying pages
forward invalidates this too (the browser's version, as there, does not: a region's
computed styles and box sizes are part of its key). A region no page has shown for the
round's ``max_age_days`` is not taught, so what is kept grows with the regions the site shows
now, not with its history.

Findings inside a region carry its key (``Finding.template``); a key seen on several pages is
a template, and reports group its findings with the pages it appears on.

**What goes into the page and back.** The crawl's plan (``known``: every confirmed sample,
~230 kB on a mature portal site) and the template run are preloaded into the tab and sent
again only when the plan changed (``Plan.kept``); a page whose document holds another plan
is sent the current one with its run. The page sends the findings it replayed back by
reference (the region, the node's index in its sample) with what this page gave them
(selector, HTML, the region they lie in); the rest is filled in from the plan
(``_filled``), so the result is the one a full run gives.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

from audit.webscan.axe import AXE_SHAPE, AxeScript, checked_result, keep_as, load_into, reach
from audit.webscan.driver import PageFault, Tab
from audit.yamlfile import load_data

SAMPLES = 2  # samples that must agree before a region's results are replayed
_MAX_SEEN_ONCE = 200  # regions seen on one page only, kept with their sample (a bound: flat memory)

# The template run and the crawl's plan (``known``) as a tab holds them: preloaded into the
# top frame of every page it opens (``Tab.preload`` under the slot ``templates``, replaced
# when the plan changed) and kept from the page as axe-core is (``keep_as``), so that a page
# is sent neither while the plan is the one its document holds. Where the document holds
# none or another (the tab's first page, a plan changed since the page opened, an engine
# that cannot preload), the page answers ``_NO_PLAN`` and is sent both, as before.
_SLOT = "templates"
_HANDLE, _SECRET = f"__templates_{secrets.token_hex(8)}", secrets.token_hex(16)
_NO_PLAN = "no plan"
_KEPT = """(() => {
if (window !== window.top) return;
const run = (axe) => (%s);
const kept = Object.freeze({plan: %s, known: %s, run});
%s
})();"""
_RUN_KEPT = f"""async (arg) => {{
  const kept = {reach(_HANDLE, _SECRET)};
  if (kept === undefined || kept.plan !== arg.plan) return {json.dumps(_NO_PLAN)};
  return await kept.run(axe)({{...arg, known: kept.known}});
}}"""


@cache
def settings() -> dict[str, Any]:
    """``rules.yaml``: what a region is, what is volatile, which rules see the whole page."""
    text = (resources.files(__package__) / "rules.yaml").read_text(encoding="utf-8")
    return load_data(text)


@cache
def script() -> str:
    body = (resources.files(__package__) / "scan.js").read_text(encoding="utf-8")
    return f"async (arg) => {{{AXE_SHAPE}\n{body}\n}}"


def learning_digest(axe: AxeScript, options: dict[str, Any]) -> str:
    """SHA-256 of what a region's sample rests on besides its identity key: axe-core itself,
    the options of its run, and the script and settings that take and replay samples."""
    deciding = {"axe": hashlib.sha256(axe.source.encode("utf-8")).hexdigest(),
                "options": options, "script": script(), "settings": settings()}
    text = json.dumps(deciding, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Plan:
    """``TemplateRegistry.known`` for a viewport as the JSON text handed to the page, under an
    id of its own (random: nothing in the page can make it up from the text)."""

    known: dict[str, dict[str, Any]]
    id: str = field(default_factory=lambda: secrets.token_hex(8))

    @cached_property
    def text(self) -> str:
        return json.dumps(self.known, ensure_ascii=False)

    @cached_property
    def kept(self) -> str:
        """The script a tab preloads: the template run and this plan, kept from the page."""
        return _KEPT % (script(), json.dumps(self.id), json.dumps(self.text, ensure_ascii=False),
                        keep_as(_HANDLE, _SECRET, "kept"))


@dataclass
class _Region:
    samples: list[dict[str, Any]] = field(default_factory=list)
    unstable: bool = False
    sighted_at: str | None = None  # when a page last showed it (None: in this crawl)

    @property
    def confirmed(self) -> dict[str, Any] | None:
        return self.samples[0] if len(self.samples) >= SAMPLES and not self.unstable else None


class TemplateRegistry:
    """What one crawl knows about its regions, per viewport; it lives as long as the crawl
    (a resumed crawl learns again). A page learns every region it is not told about (a
    sample costs nothing more than the page's own run); regions seen on one page only are
    kept with their sample in a bounded list, so memory stays flat however many pages the
    site has."""

    def __init__(self) -> None:
        self._seen_once: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
        self._regions: dict[tuple[str, str], _Region] = {}
        self._plans: dict[str, Plan] = {}  # viewport -> known() as JSON, until it changes

    def known(self, viewport: str) -> dict[str, dict[str, Any]]:
        """The argument for the page: what to replay, and which regions to scan as page
        content (their samples disagreed); a region not named is learnt."""
        plan: dict[str, dict[str, Any]] = {}
        for (view, key), region in self._regions.items():
            sample = region.confirmed
            if view == viewport and (sample or region.unstable):
                plan[key] = {"action": "reuse", "sample": sample} if sample else \
                    {"action": "content"}
        return plan

    def plan(self, viewport: str) -> Plan:
        """``known`` as handed to the page, written again only after it changed: a mature
        site's plan holds every confirmed sample, and writing it for every page cost the
        crawl more than the page's own findings."""
        if viewport not in self._plans:
            self._plans[viewport] = Plan(self.known(viewport))
        return self._plans[viewport]

    def learnt(self, now: str) -> dict[str, Any]:
        """What the crawl knows, for the next round to start from: each region confirmed
        (its sample) or scanned as page content (no sample), with when a page last showed
        it (``now`` for this crawl's pages)."""
        return {"regions": [
            {"viewport": view, "key": key, "sample": region.confirmed,
             "sighted_at": region.sighted_at or now}
            for (view, key), region in self._regions.items()
            if region.unstable or region.confirmed is not None]}

    def teach(self, learnt: dict[str, Any], since: str) -> int:
        """Start from what an earlier round learnt (``learnt`` as saved, under the same
        digest): each region a page showed at ``since`` or later is known as it was, a
        confirmed one replayed from the first page on; how many regions were taught."""
        taught = 0
        for item in learnt["regions"]:
            if item["sighted_at"] < since:
                continue
            sample = item["sample"]
            self._regions[(item["viewport"], item["key"])] = _Region(
                samples=[sample] * SAMPLES if sample is not None else [],
                unstable=sample is None, sighted_at=item["sighted_at"])
            taught += 1
        self._plans.clear()
        return taught

    def record(self, viewport: str, templates: list[dict[str, Any]],
               samples: dict[str, Any]) -> None:
        """What a page showed: the regions on it and the samples learnt."""
        for template in templates:
            shown = self._regions.get((viewport, template["key"]))
            if shown is not None:
                shown.sighted_at = None
            if template["action"] == "learn":
                key = (viewport, template["key"])
                before = self._entry(key)
                self._learn(key, samples.get(template["key"]))
                if self._entry(key) != before:
                    self._plans.pop(viewport, None)

    def _entry(self, key: tuple[str, str]) -> tuple[bool, bool] | None:
        """What ``known`` says of a region: nothing, replay or page content."""
        region = self._regions.get(key)
        return None if region is None else (region.unstable, region.confirmed is not None)

    def _learn(self, key: tuple[str, str], sample: dict[str, Any] | None) -> None:
        region = self._regions.get(key)
        if region is None and key in self._seen_once:
            region = self._regions[key] = _Region(samples=[self._seen_once.pop(key)])
        if region is None and sample is not None:
            self._see(key, sample)
        elif region is None:  # no sample could be taken: it cannot be replayed faithfully
            self._regions[key] = _Region(unstable=True)
        elif region.unstable:
            return
        elif sample is None or region.samples[0] != sample:
            region.unstable = True  # it cannot be replayed faithfully: always scan it
        elif len(region.samples) < SAMPLES:
            region.samples.append(sample)

    def _see(self, key: tuple[str, str], sample: dict[str, Any]) -> None:
        self._seen_once[key] = sample
        while len(self._seen_once) > _MAX_SEEN_ONCE:
            self._seen_once.popitem(last=False)


async def run_axe_with_templates(tab: Tab, axe: AxeScript, options: dict[str, Any],
                                 registry: TemplateRegistry, viewport: str,
                                 inject_s: float, run_s: float) -> dict[str, Any]:
    """``run_axe`` for a page of a crawl with templates on: the same result a full run gives,
    plus ``templates`` (the regions found, with what was done with each)."""
    await load_into(tab, axe, inject_s)
    plan = registry.plan(viewport)
    arg = {"options": options, "settings": settings(), "plan": plan.id}
    raw = await tab.evaluate(axe.bind(_RUN_KEPT), arg, run_s)
    if raw == _NO_PLAN:
        raw = await tab.evaluate(axe.bind(script()), {**arg, "known": plan.text}, run_s)
    raw = checked_result(raw, axe.version)
    samples = raw.pop("template_samples", None)
    templates = raw.get("templates")
    if not isinstance(samples, dict) or not isinstance(templates, list):
        raise PageFault("the page interfered with axe-core: the template regions it returned "
                        "are not ours")
    for group in ("violations", "incomplete"):
        for rule in raw[group]:
            rule["nodes"] = [_filled(node, plan.known, group, rule.get("id"))
                             for node in rule["nodes"]]
    registry.record(viewport, templates, samples)
    await tab.preload(registry.plan(viewport).kept, inject_s, slot=_SLOT)  # the next pages'
    return raw


def _filled(node: Any, known: dict[str, dict[str, Any]], group: str, rule: Any) -> Any:
    """A node the page replayed, sent back by reference (its region's key, its index in the
    sample's rule), as a full run gives it: the sample's node with this page's selector, HTML
    and region. (The samples are shared, never changed: findings only read them.)"""
    if not isinstance(node, dict) or "replayed" not in node:
        return node
    try:
        key, index = node["replayed"]
        sample = known[key]["sample"]
        [kept] = [r["nodes"][index] for r in sample[group] if r["id"] == rule]
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise PageFault("the page interfered with axe-core: the findings it replayed are not "
                        "ours") from err
    filled = {name: value for name, value in kept.items() if name != "path"}
    filled.update((name, node[name]) for name in ("target", "html", "template") if name in node)
    return filled
