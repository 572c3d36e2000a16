"""A chromedriver that fails to come up once (it happens on a busy machine) costs no scan."""

from __future__ import annotations

import asyncio
import stat

import pytest

from audit.errors import BrowserNotFound
from audit.model import Viewport
from audit.webscan.browser import find_browser, find_chromedriver
from audit.webscan.driver import VIEWPORTS
from audit.webscan.selenium_driver import SeleniumBrowser


def driver_failing(tmp_path, times: int):
    """A chromedriver that exits 1 on its first ``times`` starts, then is the real one."""
    script = tmp_path / "chromedriver"
    script.write_text(
        "#!/bin/sh\n"
        f'count=$(cat "{tmp_path}/starts" 2>/dev/null || echo 0)\n'
        f'echo $((count + 1)) > "{tmp_path}/starts"\n'
        f'[ "$count" -lt {times} ] && exit 1\n'
        f'exec "{find_chromedriver()}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


async def open_tab(driver) -> str:
    browser = SeleniumBrowser(find_browser(), str(driver), None, ())
    tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
    try:
        return tab.browser_version
    finally:
        await tab.close()


def test_a_driver_that_fails_once_is_started_again(chromium, tmp_path):
    driver = driver_failing(tmp_path, times=1)
    assert asyncio.run(open_tab(driver))
    assert (tmp_path / "starts").read_text().strip() == "2"


def test_a_driver_that_keeps_failing_is_a_clear_error(chromium, tmp_path):
    driver = driver_failing(tmp_path, times=5)
    with pytest.raises(BrowserNotFound) as caught:
        asyncio.run(open_tab(driver))
    assert str(caught.value) == (f"could not start a Selenium session ({driver}): Service "
                                 f"{driver} unexpectedly exited. Status code was: 1")
    assert (tmp_path / "starts").read_text().strip() == "2"
