"""axe-core: where its script comes from, how it is configured, and running it in a tab.

The script is the ``axe.min.js`` shipped by the PyPI package axe-playwright-python (a current
axe-core release); ``--axe-script`` points at another build. The same script and options go
to both engines, so they report the same findings.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from audit.errors import UsageError
from audit.webscan.driver import PageFault, Tab

MINIMUM_VERSION = (4, 10)
_VERSION = re.compile(r"axe v(\d+)\.(\d+)\.(\d+)")

# Runs in the page. Only what findings and counts need comes back: nodes of violations and
# incomplete results; passed and inapplicable rules by id (selectors for passes are skipped
# through resultTypes, which is most of axe's cost on big pages). Each node keeps the checks
# that failed or could not decide, with the facts axe-core found (data) and which of the
# check's messages it chose (kind: fail or incomplete, key: the variant), so that reports can
# word them in any language later (audit.standards.wording).
AXE_SHAPE = """
  const variant = (c) => {
    const messages = ((axe._audit.data.checks || {})[c.id] || {}).messages || {};
    for (const kind of ['fail', 'incomplete']) {
      const texts = messages[kind];
      if (texts === undefined || texts === null) continue;
      for (const key of typeof texts === 'object' ? Object.keys(texts) : [null]) {
        const text = key === null ? texts : texts[key];
        const data = Array.isArray(c.data) ? [...c.data] : c.data;
        if (typeof text === 'string' && axe.utils.processMessage(text, data) === c.message) {
          return {kind, key};
        }
      }
    }
    return {kind: null, key: null};
  };
  const check = (c) => ({id: c.id, ...variant(c), data: c.data ?? null, message: c.message});
  const slim = (rule) => ({id: rule.id, impact: rule.impact, tags: rule.tags,
    description: rule.description, help: rule.help, helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((n) => ({target: n.target, html: n.html, impact: n.impact,
      failureSummary: n.failureSummary,
      checks: {any: n.any.map(check), all: n.all.map(check), none: n.none.map(check)}}))});
  const shape = (r) => ({
    testEngine: r.testEngine, testRunner: r.testRunner, testEnvironment: r.testEnvironment,
    timestamp: r.timestamp, url: r.url, title: document.title,
    violations: r.violations.map(slim), incomplete: r.incomplete.map(slim),
    passes: r.passes.map((x) => x.id), inapplicable: r.inapplicable.map((x) => x.id),
  });
"""
RUN_AXE = "async (options) => {" + AXE_SHAPE + """
  return shape(await axe.run(document, options));
}"""
# The same, handed back as JSON text: a browser driver turns a big result object into Python
# value by value (80–190 ms for the 180 kB of a portal page), JSON text in about 15 ms.
# ``toJSON`` methods are passed over (``AS_IS``, a replacer that hands on each value as it is):
# Prototype.js 1.6 gives every array one that turns it into a string.
AS_IS = "function (key) { return this[key]; }"
_RUN_AXE_TEXT = "async (options) => {" + AXE_SHAPE + """
  return JSON.stringify(shape(await axe.run(document, options)), """ + AS_IS + """);
}"""


# axe-core only talks to frames of its own origin unless told otherwise; cross-origin
# iframes (maps, video, service widgets) are part of the page a user meets.
_ORIGINS = "{allowedOrigins: ['<unsafe_all_origins>']}"
_CONFIGURE = f"\n;axe.configure({_ORIGINS});"

# axe-core as a tab of ours holds it: loaded into every document before the page's own
# scripts (``Tab.preload``; injected where that could not be done: a frame the browser did not
# run it in, a page opened before it was preloaded) and kept in a closure, not in `window.axe`.
# axe-core's script hands itself to a `module` of ours; the page's own `axe`, if it has one,
# is put back as it was, and ours is reached only through a read-only function under a random
# name that answers to a random secret (``AxeScript.bind``). A page that defines `axe` can
# then neither be handed our axe-core nor answer for it. Where the page holds `axe` so that it
# cannot be put back (a fixed getter or setter: only a script injected after the page's own
# can meet one), nothing is loaded, and the run finds no axe-core: refused as interfered.
_KEEP = """(() => {
const own = Object.getOwnPropertyDescriptor(window, 'axe');
if (own && !own.configurable && !own.writable) return;
if (own && own.configurable) delete window.axe;
const module = {exports: {}}, define = undefined;
%s
;const ours = module.exports;
if (own && own.configurable) Object.defineProperty(window, 'axe', own);
else if (own) window.axe = own.value;
else delete window.axe;
ours.configure(%s);
%s
})();"""
_BOUND = """async (arg) => {
  const axe = %s;
  return axe === undefined ? null : await (%s)(arg);
}"""


def keep_as(handle: str, secret: str, value: str) -> str:
    """A JS statement for a script run before the page's own: the JS expression ``value``
    kept from the page, reached only by ``reach(handle, secret)`` (a read-only function of
    `window` under the random name ``handle`` that answers only to the random ``secret``)."""
    return (f"Object.defineProperty(window, {json.dumps(handle)}, {{value: (secret) => "
            f"(secret === {json.dumps(secret)} ? {value} : undefined)}});")


def reach(handle: str, secret: str) -> str:
    """A JS expression: what ``keep_as`` kept in this document, or undefined."""
    return f"window[{json.dumps(handle)}]?.({json.dumps(secret)})"


@dataclass(frozen=True)
class AxeScript:
    core: str = field(repr=False)  # axe-core's own script
    version: str
    path: Path
    # where the page keeps axe-core for us (``kept``): random, new for each script loaded
    # (once a process)
    handle: str = field(default_factory=lambda: f"__axe_{secrets.token_hex(8)}", repr=False,
                        compare=False)
    secret: str = field(default_factory=lambda: secrets.token_hex(16), repr=False,
                        compare=False)

    @cached_property
    def source(self) -> str:
        """axe-core and our configuration, as a script that sets `window.axe`."""
        return self.core + _CONFIGURE

    @cached_property
    def kept(self) -> str:
        """axe-core as a script that keeps it from the page (see ``_KEEP``)."""
        return _KEEP % (self.core, _ORIGINS, keep_as(self.handle, self.secret, "ours"))

    @cached_property
    def present(self) -> str:
        """A JS expression: true where ``kept`` already ran in the document."""
        return f"typeof window[{json.dumps(self.handle)}] === 'function'"

    def bind(self, function: str) -> str:
        """The JS function source ``function`` (``async (arg) => ...``) with `axe` meaning
        the axe-core ``kept`` loaded; it answers null where there is none."""
        return _BOUND % (reach(self.handle, self.secret), function)


async def load_into(tab: Tab, axe: AxeScript, timeout_s: float) -> None:
    """Have axe-core in every frame of the page open in ``tab`` (and, where the engine can,
    in every page it opens later, before their own scripts): injected only where it is not
    yet. Run functions in the page through ``axe.bind``. (A page could fake "already there"
    only in a frame, which then goes untested, as it could by many other means.)"""
    await tab.preload(axe.kept, timeout_s)
    await tab.inject(axe.kept, timeout_s, unless=axe.present)


def default_axe_path() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


@cache
def load_axe(path: Path | None = None) -> AxeScript:
    """Read and check an axe-core build; UsageError when it is missing, not axe, or too old."""
    path = path or default_axe_path()
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot read the axe-core script {path}: {err.strerror}") from err
    except UnicodeDecodeError:
        raise UsageError(f"{path} does not look like axe-core (not UTF-8 text)") from None
    match = _VERSION.search(source[:500])
    if not match:
        raise UsageError(f"{path} does not look like axe-core (no 'axe vX.Y.Z' banner)")
    version = tuple(int(part) for part in match.groups())
    if version[:2] < MINIMUM_VERSION:
        wanted = ".".join(map(str, MINIMUM_VERSION))
        raise UsageError(f"{path} is axe-core {'.'.join(map(str, version))}; "
                         f"a11y-audit needs {wanted} or newer")
    return AxeScript(core=source, version=".".join(map(str, version)), path=path)


def axe_options(tags: list[str], frame_wait_s: float) -> dict[str, Any]:
    """The options given to ``axe.run``: which rules, which results, how long to wait."""
    return {
        "runOnly": {"type": "tag", "values": tags},
        "resultTypes": ["violations", "incomplete"],
        "iframes": True,
        "frameWaitTime": int(frame_wait_s * 1000),
        "selectors": True,
        "ancestry": False,
        "xpath": False,
        "absolutePaths": False,
        "performanceTimer": False,
    }


async def run_axe(tab: Tab, axe: AxeScript, options: dict[str, Any], inject_s: float,
                  run_s: float) -> dict[str, Any]:
    """axe-core in the page (and its frames: ``load_into``) and its slimmed results.

    Injecting takes a page that answers a moment, so ``inject_s`` (the load time limit) finds
    a page stuck in a script early; ``run_s`` is axe-core's own, longer, limit. A page can
    break axe-core (JavaScript's built-ins replaced) but not answer for it (``_KEEP``):
    results that are not axe-core's own are refused, never taken as a clean page."""
    await load_into(tab, axe, inject_s)
    raw = await tab.evaluate(axe.bind(_RUN_AXE_TEXT), options, run_s)
    return checked_result(raw, axe.version)


# Which of ``ids`` a run with these tags has (axe-core's own list, so a newer build counts).
_RULES_IN_RUN = """(arg) => axe.getRules(arg.tags).map((rule) => rule.ruleId)
  .filter((id) => arg.ids.includes(id))"""


async def rules_in_run(tab: Tab, axe: AxeScript, options: dict[str, Any],
                       rules: tuple[str, ...], timeout_s: float) -> list[str]:
    """Which of ``rules`` a run with ``options`` has, asked of axe-core in ``tab`` (a blank
    one will do: the answer depends on the build and the tags only)."""
    await load_into(tab, axe, timeout_s)
    tags = options["runOnly"]["values"]
    found = await tab.evaluate(axe.bind(_RULES_IN_RUN), {"tags": tags, "ids": list(rules)},
                               timeout_s)
    return [rule for rule in rules if isinstance(found, list) and rule in found]


def without_rules(options: dict[str, Any], rules: list[str]) -> dict[str, Any]:
    """``options`` with ``rules`` switched off."""
    return {**options, "rules": {rule: {"enabled": False} for rule in rules}}


def checked_result(raw: Any, version: str) -> dict[str, Any]:
    """``raw`` (or the JSON text of it) when it is axe-core's own result shape; PageFault
    when the page interfered."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not _is_axe_result(raw, version):
        raise PageFault(f"the page interfered with axe-core: the results are not those of "
                        f"axe-core {version} (the page may define its own `axe` or replace "
                        "JavaScript's own functions)")
    return raw


_LISTS = ("violations", "incomplete", "passes", "inapplicable")


def _is_axe_result(raw: Any, version: str) -> bool:
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        return False
    engine = raw.get("testEngine")
    if not isinstance(engine, dict) or engine.get("version") != version:
        return False
    return all(isinstance(raw.get(key), list) for key in _LISTS) and \
        all(isinstance(rule, dict) and isinstance(rule.get("nodes"), list)
            for key in ("violations", "incomplete") for rule in raw[key])
