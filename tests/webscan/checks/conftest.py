from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from audit.model import ScanRun
from audit.webscan.scanner import ScanOptions
from tests.support.own_scan import SharedScanner
from tests.support.site import FixtureSite

CHECK_PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def check_site(chromium) -> FixtureSite:
    with FixtureSite(CHECK_PAGES) as running:
        yield running


class EngineScanners(dict[str, SharedScanner]):
    """One scanner per engine, started when a test first asks for it, for every check test
    of the process: a browser launch costs seconds on a busy machine, more than many of the
    scans. Each ``scan`` is still a run of its own (fresh tabs, its own judging)."""

    def __init__(self, stack: ExitStack) -> None:
        super().__init__()
        self._stack = stack

    def __missing__(self, engine: str) -> SharedScanner:
        self[engine] = self._stack.enter_context(SharedScanner(ScanOptions(engine=engine)))
        return self[engine]


@pytest.fixture(scope="session")
def scanners(chromium) -> Iterator[EngineScanners]:
    with ExitStack() as stack:
        yield EngineScanners(stack)


def own_verdicts(run: ScanRun, name: str) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """(rule, selector, outcome, criteria) of our own checks' findings on fixture page
    ``name`` of ``run``, which must have been scanned without error or note."""
    page = next(p for p in run.pages if p.url.endswith("/" + name))
    assert page.error is None
    assert page.notes == []
    return {(f.rule, f.selector, str(f.outcome), f.wcag) for f in page.findings
            if f.source != "axe"}
