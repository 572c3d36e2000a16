"""Our own checks: what axe-core cannot test from one static state of the page.

Each check drives the tab (keys, viewport size, styles) after axe has run, returns its raw
measurements, and a pure analyser turns them into findings in the same vocabulary as axe's
(``source`` = the check's name). ``CHECKS`` maps the names users give to ``--checks``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from audit.errors import UsageError
from audit.model import Finding
from audit.standards import get_standard
from audit.webscan.checks import (
    keyboard,
    keyboard_rules,
    orientation,
    pagelevel,
    reflow,
    textstyle,
)
from audit.webscan.checks.base import Check, CheckContext, Raw
from audit.webscan.driver import PageFault, TabBroken

__all__ = ["CHECKS", "CHECK_NAMES", "Check", "CheckContext", "CheckRun", "findings_from_checks",
           "parse_checks", "run_checks"]

# In the order they run: the ones that only read the page first, then those that press keys,
# then those that resize the viewport or restyle text (each puts the page back as it was).
CHECKS: dict[str, Check] = {check.name: check for check in (
    Check("bypass", pagelevel.gather_bypass, pagelevel.analyse_bypass, ("2.4.1",)),
    Check("autoplay", pagelevel.gather_autoplay, pagelevel.analyse_autoplay, ("2.2.2",)),
    Check("keyboard", keyboard.gather, keyboard_rules.analyse,
          ("2.1.1", "2.1.2", "2.4.7", "2.4.11")),
    Check("reflow", reflow.gather, reflow.analyse, ("1.4.10",)),
    Check("orientation", orientation.gather, orientation.analyse, ("1.3.4",)),
    Check("text-spacing", textstyle.gather_spacing, textstyle.analyse_spacing, ("1.4.12",)),
    Check("resize-text", textstyle.gather_resize, textstyle.analyse_resize, ("1.4.4",)),
)}
CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)


def parse_checks(text: str) -> tuple[str, ...]:
    """ "keyboard,reflow" -> ("keyboard", "reflow"); UsageError naming the known checks."""
    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        raise UsageError(f"unknown check(s): {', '.join(unknown)}; "
                         f"choose from: {', '.join(CHECK_NAMES)}")
    return names


@dataclass
class CheckRun:
    """What running the checks on one page gave: raw output per check, notes, findings."""

    raw: dict[str, Raw] = field(default_factory=dict)
    timings_ms: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    broken: TabBroken | None = None  # the tab died during a check: replace it


async def run_checks(ctx: CheckContext, names: tuple[str, ...], page_url: str,
                     standard: str) -> CheckRun:
    """Run the checks ``names`` in their set order; a check that fails becomes a note."""
    result = CheckRun()
    for name in (name for name in CHECK_NAMES if name in names):
        started = time.monotonic()
        try:
            result.raw[name] = await CHECKS[name].gather(ctx)
        except TabBroken as fault:
            result.notes.append(f"check {name} failed: {fault}")
            result.broken = fault
            break
        except PageFault as fault:
            result.notes.append(f"check {name} failed: {fault}")
            continue
        except Exception as err:  # a bug in one check must not lose axe's results
            result.notes.append(f"check {name} failed: {type(err).__name__}: {err}")
            continue
        finally:
            result.timings_ms[name] = round((time.monotonic() - started) * 1000)
    for name, output in result.raw.items():
        try:
            result.findings += findings_from_checks({name: output}, page_url, standard)
        except Exception as err:  # the raw output is kept: it can be analysed again
            result.notes.append(f"check {name} could not be analysed: "
                                f"{type(err).__name__}: {err}")
    return result


def findings_from_checks(raw: dict[str, Raw], page_url: str, standard: str) -> list[Finding]:
    """Findings from the stored raw output of the checks, limited to the standard's criteria."""
    in_scope = {c.number for c in get_standard(standard).in_scope()}
    findings = []
    for name, output in raw.items():
        if name in CHECKS and isinstance(output, dict):
            findings += [f for f in CHECKS[name].analyse(output, page_url)
                         if set(f.wcag) & in_scope]
    return findings
