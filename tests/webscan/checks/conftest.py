from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.site import FixtureSite

CHECK_PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def check_site(chromium) -> FixtureSite:
    with FixtureSite(CHECK_PAGES) as running:
        yield running
