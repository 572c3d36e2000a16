"""The Selenium tab's conversation with chromedriver, read from chromedriver's own log: one
request per call into the page, not two."""

from __future__ import annotations

import asyncio
import re
import stat
from pathlib import Path

from audit.model import Viewport
from audit.webscan.browser import find_browser, find_chromedriver
from audit.webscan.driver import VIEWPORTS
from audit.webscan.selenium_driver import SeleniumBrowser


def logging_driver(tmp_path: Path) -> tuple[Path, Path]:
    """The real chromedriver, writing every command it gets to a log: (driver, log)."""
    log = tmp_path / "chromedriver.log"
    script = tmp_path / "chromedriver"
    script.write_text(f'#!/bin/sh\nexec "{find_chromedriver()}" "$@" --log-path="{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, log


async def calls_into_a_page(driver: Path, url: str) -> list[object]:
    browser = SeleniumBrowser(find_browser(), str(driver), None, ())
    tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
    try:
        await tab.goto(url, 20)
        answers = [await tab.evaluate("(n) => n * 2", n, 20) for n in range(5)]
        answers.append(await tab.evaluate("(n) => n * 2", 5, 7))  # another limit: told once
        await tab.goto(url, 20)
        return answers
    finally:
        await tab.close()


def test_the_session_is_told_a_limit_only_when_it_changes(chromium, site, tmp_path):
    driver, log = logging_driver(tmp_path)
    answers = asyncio.run(calls_into_a_page(driver, site.url("clean.html")))
    assert answers == [0, 2, 4, 6, 8, 10]
    commands = re.findall(r"COMMAND (\w+)", log.read_text(encoding="utf-8"))
    assert commands.count("ExecuteAsyncScript") == 6
    # the script limit 20 s, then 7 s; the page-load limit once for both navigations
    assert commands.count("SetTimeouts") == 3
