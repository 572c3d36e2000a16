"""pytest plugin: assert accessibility inside your own Playwright or Selenium tests.

    from audit.pytest_plugin import assert_accessible

    def test_service_form(page):            # a Playwright sync Page
        page.goto("https://www.example.gov.cn/banshi/")
        page.get_by_role("button", name="下一步").click()
        assert_accessible(page, standard="wcag22aa", fail_on="serious")

The same axe-core script and options as ``a11y-audit scan`` are injected into the page as it
is now (frames included), so a test sees what the scanner would. A Selenium ``WebDriver`` works
the same way. The ``a11y`` fixture is ``assert_accessible`` with defaults from the ini options
``a11y_standard`` and ``a11y_fail_on``. Loaded through the ``pytest11`` entry point, or with
``-p audit.pytest_plugin``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest

from audit.model import Finding, Outcome, Severity
from audit.standards import DEFAULT_STANDARD, axe_tags
from audit.webscan.axe import RUN_AXE, axe_options, load_axe
from audit.webscan.findings import findings_from_axe

_FRAME_WAIT_S = 10.0
_FRAME_DEPTH = 5
# execute_async_script calls back with the value of the (async) function RUN_AXE.
_ASYNC_CALL = """const done = arguments[arguments.length - 1];
Promise.resolve((%s)(arguments[0])).then((value) => done({ok: value}),
  (error) => done({error: String((error && error.message) || error)}));"""


class AccessibilityError(AssertionError):
    """The page has barriers at or over the threshold; ``findings`` lists them."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


def assert_accessible(page_or_driver: Any, standard: str = DEFAULT_STANDARD,
                      fail_on: str = "serious", best_practice: bool = False,
                      timeout_s: float = 30.0) -> list[Finding]:
    """Run axe-core on the page as it is now; fail listing each violation at ``fail_on`` or
    worse. Returns every finding (needs-review and milder violations too) when it passes."""
    threshold = Severity(fail_on)
    options = axe_options(axe_tags(standard, best_practice), min(timeout_s, _FRAME_WAIT_S))
    raw = _axe_results(page_or_driver, options, timeout_s)
    url = raw.get("url") or ""
    findings = findings_from_axe(raw, url)
    barriers = [f for f in findings
                if f.outcome is Outcome.VIOLATION and f.impact.at_least(threshold)]
    if barriers:
        raise AccessibilityError(describe(barriers, url, standard, threshold), barriers)
    return findings


def describe(barriers: list[Finding], url: str, standard: str, threshold: Severity) -> str:
    """The failure message: one block per barrier, worst first."""
    worse = "" if threshold is Severity.CRITICAL else " or worse"
    lines = [f"{len(barriers)} accessibility barrier(s) at {threshold}{worse} on {url} "
             f"({standard}):"]
    for f in sorted(barriers, key=lambda f: (f.impact.rank, f.rule)):
        wcag = f" (WCAG {', '.join(f.wcag)})" if f.wcag else ""
        lines += [f"  {f.impact:<8} {f.rule}{wcag}  {f.selector}", f"      {f.message}",
                  f"      {f.html}"]
    return "\n".join(lines)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("a11y_standard", "WCAG target of the a11y fixture", default=DEFAULT_STANDARD)
    parser.addini("a11y_fail_on", "lowest impact that fails the a11y fixture",
                  default="serious")


@pytest.fixture
def a11y(request: pytest.FixtureRequest) -> Callable[..., list[Finding]]:
    """``assert_accessible`` with the project's ini defaults; keywords still override them."""
    return functools.partial(assert_accessible,
                             standard=request.config.getini("a11y_standard"),
                             fail_on=request.config.getini("a11y_fail_on"))


def _axe_results(target: Any, options: dict[str, Any], timeout_s: float) -> dict[str, Any]:
    from playwright.sync_api import Page
    from selenium.webdriver.remote.webdriver import WebDriver

    if isinstance(target, Page):
        return _playwright(target, options)
    if isinstance(target, WebDriver):
        return _selenium(target, options, timeout_s)
    raise TypeError(f"assert_accessible needs a Playwright sync Page or a Selenium WebDriver, "
                    f"not {type(target).__name__}")


def _playwright(page: Any, options: dict[str, Any]) -> dict[str, Any]:
    from playwright.sync_api import Error

    source = load_axe().source
    page.main_frame.evaluate(source)
    for frame in page.frames[1:]:
        try:
            frame.evaluate(source)
        except Error:
            pass  # a frame that detached or navigated meanwhile; axe reports it as untested
    return page.evaluate(RUN_AXE, options)


def _selenium(driver: Any, options: dict[str, Any], timeout_s: float) -> dict[str, Any]:
    driver.set_script_timeout(timeout_s)
    driver.switch_to.default_content()
    _inject_frames(driver, load_axe().source, depth=0)
    driver.switch_to.default_content()
    result = driver.execute_async_script(_ASYNC_CALL % RUN_AXE, options)
    if "error" in result:
        raise RuntimeError(f"axe-core failed on the page: {result['error']}")
    return result["ok"]


def _inject_frames(driver: Any, source: str, depth: int) -> None:
    """Run ``source`` in the current frame and its child frames, as the scanner does."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    driver.execute_script(source)
    if depth >= _FRAME_DEPTH:
        return
    for frame in driver.find_elements(By.CSS_SELECTOR, "iframe, frame"):
        try:
            driver.switch_to.frame(frame)
        except WebDriverException:
            continue  # detached meanwhile; axe reports it as not tested
        try:
            _inject_frames(driver, source, depth + 1)
        except WebDriverException:
            pass
        finally:
            driver.switch_to.parent_frame()
