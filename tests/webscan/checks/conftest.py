from __future__ import annotations

from pathlib import Path

import pytest

from audit.model import ScanRun
from tests.support.site import FixtureSite

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
