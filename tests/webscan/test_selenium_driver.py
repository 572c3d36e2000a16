"""The Selenium tab's conversation with chromedriver, read from chromedriver's own log: one
request per call into the page, not two."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import stat
import time
from pathlib import Path

from audit.model import Viewport
from audit.webscan import selenium_driver
from audit.webscan.browser import find_browser, find_chromedriver
from audit.webscan.driver import VIEWPORTS, PageFault, ScriptTimeout
from audit.webscan.selenium_driver import SeleniumBrowser
from tests.support.site import marked_processes


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


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie, killed and not yet reaped, is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return children + [d for c in children for d in _descendants(c)]


async def close_with_a_frozen_driver(monkeypatch) -> tuple[float, list[int]]:
    """A tab whose chromedriver stops answering (frozen, as a driver waiting on a stuck
    renderer is): how long ``close`` takes, and the driver's and browser's processes."""
    monkeypatch.setattr(selenium_driver, "QUIT_S", 1.0)
    browser = await SeleniumBrowser.launch(find_browser())
    tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
    driver = tab._driver.service.process.pid
    processes = [driver, *_descendants(driver)]
    os.kill(driver, signal.SIGSTOP)
    started = time.monotonic()
    await tab.close()
    return time.monotonic() - started, processes


def test_a_driver_that_stops_answering_is_ended_with_its_browser_not_waited_for(
        chromium, monkeypatch):
    """A full run: a page stuck in a script left chromedriver without an answer to ``quit``;
    Selenium waits 120 s for it, asks again, then waits for the driver to stop: the scan stood
    still for 10 minutes. After QUIT_S the driver and its browser are killed."""
    took, processes = asyncio.run(close_with_a_frozen_driver(monkeypatch))
    assert len(processes) >= 3  # chromedriver, the browser, the browser's own processes
    assert took < 30  # not Selenium's 2 x 120 s and the driver's stop
    deadline = time.monotonic() + 10  # a killed process takes a moment to end
    while any(map(_alive, processes)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in processes if _alive(pid)] == []


async def close_on_a_frozen_grid(remote_url: str, monkeypatch) -> float:
    monkeypatch.setattr(selenium_driver, "QUIT_S", 1.0)
    browser = await SeleniumBrowser.launch(find_browser(), remote_url=remote_url)
    tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
    [grid] = marked_processes(f"--port={remote_url.rsplit(':', 1)[1]}\0")
    os.kill(grid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        await tab.close()
        return time.monotonic() - started
    finally:
        os.kill(grid, signal.SIGCONT)


def test_a_grid_that_stops_answering_is_left_after_the_limit(remote_url, monkeypatch):
    """Nothing of a Grid's can be killed from here: the session is left after QUIT_S and one
    more try (Selenium's own), not after 2 x 120 s."""
    assert asyncio.run(close_on_a_frozen_grid(remote_url, monkeypatch)) < 30


async def ask_a_frozen_driver(url: str, monkeypatch) -> tuple[BaseException | None, float]:
    monkeypatch.setattr(selenium_driver, "DRIVER_GRACE_S", 1.0)
    monkeypatch.setattr(selenium_driver, "QUIT_S", 1.0)
    browser = await SeleniumBrowser.launch(find_browser())
    tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
    try:
        await tab.goto(url, 20)
        os.kill(tab._driver.service.process.pid, signal.SIGSTOP)
        started = time.monotonic()
        try:
            await tab.evaluate("() => 1", None, 1)
        except PageFault as fault:
            return fault, time.monotonic() - started
        return None, time.monotonic() - started
    finally:
        await tab.close()


def test_a_driver_that_does_not_answer_a_call_is_a_page_stuck_in_a_script(site, monkeypatch):
    """A full run: chromedriver waited on a page stuck in a script past the script limit
    (5 s) and answered nothing; the call waited for Selenium's own 120 s. A call now waits
    its limit and DRIVER_GRACE_S, then the tab is given up as stuck."""
    fault, took = asyncio.run(ask_a_frozen_driver(site.url("clean.html"), monkeypatch))
    assert isinstance(fault, ScriptTimeout)
    assert str(fault) == ("the page's scripts did not answer within 1 s "
                          "(the page may be stuck in a script)")
    assert took < 30  # not 120 s
