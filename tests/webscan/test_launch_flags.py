"""Chromium is started with V8's tier-up thresholds raised (``audit.webscan.browser.LAUNCH_FLAGS``;
bench/README.md, "V8 and compositor flags"): with either engine, the renderer a page is
opened in carries them."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from audit.model import Viewport
from audit.webscan import engines
from audit.webscan.browser import launch_flags
from audit.webscan.driver import VIEWPORTS

V8_TIERS = "--js-flags=--invocation-count-for-maglev=5000 --invocation-count-for-turbofan=50000"


def _command_line(pid: int) -> str:
    """Chromium's children rewrite their argv as one string, spaces and all."""
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().decode().replace("\0", " ")
    except OSError:
        return ""  # gone meanwhile


def _parent(pid: int) -> int:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def renderers_of_browser_marked(marker: str) -> list[str]:
    """The command lines of the renderer processes below the browser whose command line holds
    ``marker`` (started by its zygote, so found by ancestry; the marker is not passed on)."""
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    marked = {pid for pid in pids if marker in _command_line(pid)}
    assert marked, f"no browser marked {marker}"
    found = []
    for pid in pids:
        above = _parent(pid)
        while above > 1 and above not in marked:
            above = _parent(above)
        if above in marked and " --type=renderer " in _command_line(pid):
            found.append(_command_line(pid))
    return found


async def renderer_command_lines(engine: str, url: str, *extra: str) -> list[str]:
    marker = f"--a11y-audit-test-marker={uuid.uuid4().hex}"  # Chromium ignores unknown flags
    browser = await engines.launch(engine, extra_args=(marker, *extra))
    try:
        tab = await browser.new_tab(VIEWPORTS[Viewport.DESKTOP])
        try:
            await tab.goto(url, timeout_s=60)
            return renderers_of_browser_marked(marker)
        finally:
            await tab.close()
    finally:
        await browser.close()


def test_a_launch_without_flags_of_the_callers_has_our_v8_tier_up_raised_once():
    """What each engine launches Chromium with (``launch_flags``, as the test below shows in
    real renderers) when the caller adds nothing."""
    flags = launch_flags()
    assert [flag for flag in flags if flag.startswith("--js-flags=")] == [V8_TIERS]


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_v8_flags_of_the_callers_are_added_to_ours_not_put_in_their_place(site, engine):
    """Chromium keeps the last --js-flags it is given: one in ``ScanOptions.browser_args``
    (the out-of-memory fault test passes a heap limit) used to drop ours. The renderer a page
    opens in carries ours, then the caller's (one launch an engine: the launch is the cost)."""
    renderers = asyncio.run(renderer_command_lines(engine, site.url("clean.html"),
                                                   "--js-flags=--stack-size=900"))
    assert renderers
    for command_line in renderers:
        assert command_line.count("--js-flags=") == 1
        assert f" {V8_TIERS} --stack-size=900 " in command_line
