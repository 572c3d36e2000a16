from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from audit.model import ScanRun, Viewport
from audit.webscan.driver import Tab
from tests.support.own_scan import SharedScanner
from tests.support.site import FixtureSite

T = TypeVar("T")

CHECK_PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def check_site(chromium) -> FixtureSite:
    with FixtureSite(CHECK_PAGES) as running:
        yield running


def own_verdicts(run: ScanRun, name: str) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """(rule, selector, outcome, criteria) of our own checks' findings on fixture page
    ``name`` of ``run``, which must have been scanned without error or note."""
    page = next(p for p in run.pages if p.url.endswith("/" + name))
    assert page.error is None
    assert page.notes == []
    return {(f.rule, f.selector, str(f.outcome), f.wcag) for f in page.findings
            if f.source != "axe"}


def in_shared_browser(scanner: SharedScanner,
                      work: Callable[[Callable[[], Awaitable[Tab]]], Awaitable[T]]) -> T:
    """``work(new_tab)`` run in the browser of ``scanner`` (a ``scanners`` one), for tests
    that drive a check in a tab of their own: ``await new_tab()`` opens a fresh desktop tab,
    which ``work`` closes."""
    return scanner.run(work(lambda: scanner.new_tab(Viewport.DESKTOP)))
