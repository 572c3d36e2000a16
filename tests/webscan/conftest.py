from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.site import FixtureSite

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def site(chromium) -> FixtureSite:
    with FixtureSite(PAGES) as running:
        yield running
