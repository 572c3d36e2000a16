"""The pytest plugin as a team uses it: a generated test file, run by pytest in a subprocess,
driving real Chromium through Playwright and Selenium against the fixture pages."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from junitparser import Failure, JUnitXml

from tests.support.site import FixtureSite
from tests.webscan.conftest import PAGES

TEST_FILE = '''
import pytest
from playwright.sync_api import sync_playwright
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from audit.pytest_plugin import AccessibilityError, assert_accessible
from audit.webscan.browser import find_browser, find_chromedriver, launch_flags

BARRIERS = "{barriers}"
CLEAN = "{clean}"


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(find_browser().path),
                                     args=launch_flags())
        yield browser.new_page()
        browser.close()


@pytest.fixture(scope="module")
def driver():
    binary = find_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = str(binary.path)
    for flag in (*launch_flags(), "--headless=new"):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(str(find_chromedriver(binary))), options=options)
    yield session
    session.quit()


def test_playwright_page_with_barriers(page):
    page.goto(BARRIERS)
    assert_accessible(page, standard="wcag22aa", fail_on="serious")


def test_playwright_clean_page(page):
    page.goto(CLEAN)
    assert assert_accessible(page, standard="wcag22aa", fail_on="serious") == []


def test_selenium_page_with_barriers(driver):
    driver.get(BARRIERS)
    assert_accessible(driver, standard="wcag21aa", fail_on="serious")


def test_selenium_clean_page(driver):
    driver.get(CLEAN)
    assert assert_accessible(driver) == []


def test_threshold_decides_what_fails(page):
    page.goto(BARRIERS)
    with pytest.raises(AccessibilityError) as critical:
        assert_accessible(page, fail_on="critical")
    assert sorted(f.rule for f in critical.value.findings) == [
        "button-name", "image-alt", "image-alt", "label"]


def test_fixture_uses_the_ini_defaults(page, a11y):
    page.goto(BARRIERS)
    a11y(page)
'''


@pytest.fixture(scope="module")
def site(chromium):
    with FixtureSite(PAGES) as running:
        yield running


@pytest.fixture(scope="module")
def outcome(site, subprocesses, tmp_path_factory):
    folder = tmp_path_factory.mktemp("plugin")
    (folder / "test_portal.py").write_text(textwrap.dedent(TEST_FILE).format(
        barriers=site.url("barriers.html"), clean=site.url("clean.html")), encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\na11y_fail_on = critical\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider",  # plugin: via its entry point
         "--junitxml", "results.xml", "-q", "test_portal.py"],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False)
    cases = {case.name: case for suite in JUnitXml.fromfile(str(folder / "results.xml"))
             for case in suite}
    return result, cases


def failure_text(case) -> str:
    assert case.result and isinstance(case.result[0], Failure), case.name
    return case.result[0].text


def test_fails_on_a_page_with_barriers_and_passes_on_a_clean_one(outcome):
    result, cases = outcome
    assert result.returncode == 1, result.stdout
    assert {name for name, case in cases.items() if case.is_passed} == {
        "test_playwright_clean_page", "test_selenium_clean_page",
        "test_threshold_decides_what_fails"}
    assert "3 failed, 3 passed" in result.stdout


def test_failure_lists_each_barrier_readably(outcome, site):
    _, cases = outcome
    text = failure_text(cases["test_playwright_page_with_barriers"])
    assert (f"AccessibilityError: 6 accessibility barrier(s) at serious or worse on "
            f"{site.url('barriers.html')} (wcag22aa):") in text
    assert "critical button-name (WCAG 4.1.2)  button" in text
    assert "critical image-alt (WCAG 1.1.1)  #logo" in text
    assert "serious  link-name (WCAG 2.4.4, 4.1.2)  a" in text
    assert "Images must have alternative text: Element does not have an alt attribute" in text
    assert '<img src="/img/logo.png" id="logo">' in text


def test_selenium_and_playwright_find_the_same_barriers(outcome):
    _, cases = outcome

    def barriers(name: str) -> list[str]:
        lines = failure_text(cases[name]).splitlines()
        return [line.strip() for line in lines if line.strip().startswith(("critical", "serious"))]

    assert barriers("test_selenium_page_with_barriers") == \
        barriers("test_playwright_page_with_barriers")


def test_fixture_takes_its_threshold_from_the_ini_file(outcome):
    _, cases = outcome
    text = failure_text(cases["test_fixture_uses_the_ini_defaults"])
    assert "4 accessibility barrier(s) at critical on" in text
    assert "serious" not in text.split("(wcag22aa):", 1)[1]
