"""Our own checks: what axe-core cannot test from one static state of the page.

Each check drives the tab (keys, viewport size, styles) after axe has run, returns its raw
measurements, and a pure analyser turns them into findings in the same vocabulary as axe's
(``source`` = the check's name). ``CHECKS`` maps the names users give to ``--checks``;
``PROFILES`` maps the names users give to ``--profile`` to the checks a profile adds, which do
not run by default.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from audit.errors import UsageError
from audit.model import Finding, Note, NoteCode
from audit.standards import get_standard
from audit.webscan.checks import (
    elderly,
    images_of_text,
    keyboard,
    keyboard_rules,
    label_name,
    language,
    media,
    orientation,
    pagelevel,
    reflow,
    site,
    textstyle,
)
from audit.webscan.checks.base import Check, CheckContext, Raw, SiteFinding, SitePage
from audit.webscan.driver import PageFault, TabBroken

__all__ = ["CHECKS", "CHECK_NAMES", "PROFILES", "Check", "CheckContext", "CheckRun",
           "SiteFinding", "SitePage", "findings_from_checks", "judge_site", "parse_checks",
           "parse_profiles", "run_checks", "with_profiles"]

# In the order they run: the ones that only read the page first, then those that press keys,
# then those that resize the viewport or restyle text (each puts the page back as it was).
CHECKS: dict[str, Check] = {check.name: check for check in (
    Check("bypass", pagelevel.gather_bypass, pagelevel.analyse_bypass),
    Check("autoplay", pagelevel.gather_autoplay, pagelevel.analyse_autoplay),
    Check("label-in-name", label_name.gather, label_name.analyse),
    Check("language", language.gather, language.analyse),
    Check("media", media.gather, media.analyse),  # plays each video muted a moment
    Check("image-of-text", images_of_text.gather, images_of_text.analyse),  # OCR, capped
    Check("elderly", elderly.gather, elderly.analyse),  # before keys close pop-ups
    Check("keyboard", keyboard.gather, keyboard_rules.analyse),
    Check("reflow", reflow.gather, reflow.analyse),
    Check("orientation", orientation.gather, orientation.analyse),
    Check("text-spacing", textstyle.gather_spacing, textstyle.analyse_spacing),
    Check("resize-text", textstyle.gather_resize, textstyle.analyse_resize),
    Check("accessibility-entry", site.gather_entries, site.no_page_findings,
          site.analyse_entries),
    Check("page-titles", None, site.no_page_findings, site=site.analyse_titles),
)}
PROFILES: dict[str, tuple[str, ...]] = {"elderly": ("elderly",)}
# What runs by default: every check but those that profiles add.
CHECK_NAMES: tuple[str, ...] = tuple(
    name for name in CHECKS if not any(name in checks for checks in PROFILES.values()))


def parse_checks(text: str) -> tuple[str, ...]:
    """ "keyboard,reflow" -> ("keyboard", "reflow"); UsageError naming the known checks."""
    return _parse(text, "check", tuple(CHECKS))


def parse_profiles(text: str) -> tuple[str, ...]:
    """ "elderly" -> ("elderly",); UsageError naming the known profiles."""
    return _parse(text, "profile", tuple(PROFILES))


def with_profiles(checks: tuple[str, ...], profiles: tuple[str, ...]) -> tuple[str, ...]:
    """``checks`` and the checks of ``profiles``, each once."""
    return tuple(dict.fromkeys([*checks, *(c for name in profiles for c in PROFILES[name])]))


def _parse(text: str, kind: str, known: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"unknown {kind}(s): {', '.join(unknown)}; "
                         f"choose from: {', '.join(known)}")
    return names


@dataclass
class CheckRun:
    """What running the checks on one page gave: raw output per check, notes, findings."""

    raw: dict[str, Raw] = field(default_factory=dict)
    timings_ms: dict[str, int] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    broken: TabBroken | None = None  # the tab died during a check: replace it


async def run_checks(ctx: CheckContext, names: tuple[str, ...], page_url: str,
                     standard: str) -> CheckRun:
    """Run the checks ``names`` in their set order; a check that fails becomes a note."""
    result = CheckRun()
    gatherers = [(name, gather) for name, check in CHECKS.items()
                 if name in names and (gather := check.gather) is not None]
    for name, gather in gatherers:
        started = time.monotonic()
        try:
            result.raw[name] = await gather(ctx)
        except TabBroken as fault:
            result.notes.append(_failed(name, str(fault)))
            result.broken = fault
            break
        except PageFault as fault:
            result.notes.append(_failed(name, str(fault)))
            continue
        except Exception as err:  # a bug in one check must not lose axe's results
            result.notes.append(_failed(name, f"{type(err).__name__}: {err}"))
            continue
        finally:
            result.timings_ms[name] = round((time.monotonic() - started) * 1000)
        skipped = result.raw.get(name, {}).get("skipped")
        if skipped:  # it could not run here (a program missing): the page record says why
            result.notes.append(Note(NoteCode.CHECK_SKIPPED,
                                     {"check": name, "reason": str(skipped)}))
    for name, output in result.raw.items():
        try:
            result.findings += findings_from_checks({name: output}, page_url, standard)
        except Exception as err:  # the raw output is kept: it can be analysed again
            result.notes.append(Note(NoteCode.CHECK_NOT_ANALYSED, {
                "check": name, "reason": f"{type(err).__name__}: {err}"}))
    return result


def _failed(check: str, reason: str) -> Note:
    return Note(NoteCode.CHECK_FAILED, {"check": check, "reason": reason})


def findings_from_checks(raw: dict[str, Raw], page_url: str, standard: str) -> list[Finding]:
    """Findings from the stored raw output of the checks, limited to the standard's criteria
    (findings with no WCAG criterion, of another specification, are kept)."""
    in_scope = {c.number for c in get_standard(standard).in_scope()}
    findings = []
    for name, output in raw.items():
        if name in CHECKS and isinstance(output, dict):
            findings += [f for f in CHECKS[name].analyse(output, page_url)
                         if not f.wcag or set(f.wcag) & in_scope]
    return findings


def judge_site(pages: Iterable[SitePage], names: tuple[str, ...],
               standard: str) -> list[SiteFinding]:
    """The site-level findings of the checks ``names`` over all pages of a scan, limited to
    the standard's criteria (findings with no WCAG criterion are kept)."""
    in_scope = {c.number for c in get_standard(standard).in_scope()}
    analysers = [check.site for name, check in CHECKS.items() if name in names and check.site]
    return [found for found in site.site_findings(pages, analysers)
            if not found.finding.wcag or set(found.finding.wcag) & in_scope]
