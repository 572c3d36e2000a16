"""The checks find the barriers the demo portal was built with that axe-core cannot find."""

from __future__ import annotations

import pytest

from audit.demo import DemoPortal, load_expected
from audit.webscan.checks import CHECK_NAMES


@pytest.fixture(scope="module")
def pages(scanners):
    """(In the session's Playwright browser: no launch of its own.)"""
    with DemoPortal() as portal:
        urls = [portal.url, portal.url + "login.html"]
        return scanners["playwright"].scan(urls, concurrency=2, checks=CHECK_NAMES).pages


@pytest.fixture(scope="module")
def login(pages):
    return pages[1]


def test_keyboard_trap_of_the_slider_captcha(login):
    planned = next(b for page in load_expected()["pages"] if page["path"] == "/login.html"
                   for b in page["barriers"] if b.get("check") == "keyboard-trap")
    traps = [f for f in login.findings if f.rule == "keyboard-trap"]
    assert [(f.selector, str(f.outcome), f.wcag) for f in traps] == [
        (planned["where"], "violation", tuple(planned["wcag"]))]


def test_fixed_width_captcha_track_breaks_reflow(login):
    wide = [(f.selector, str(f.outcome)) for f in login.findings
            if f.rule == "reflow-horizontal-scroll"]
    assert wide == [("div.captcha-track", "violation")]


def test_no_other_own_findings_on_the_login_page(login):
    assert {f.rule for f in login.findings if f.source != "axe"} == {
        "keyboard-trap", "reflow-horizontal-scroll"}


def test_carousel_without_pause_control_needs_review(pages):
    home = pages[0]
    assert {(f.rule, f.selector, str(f.outcome)) for f in home.findings if f.source != "axe"} == {
        ("auto-advancing-content", "#carousel", "needs-review"),
        # the banner shown is a picture of text (the other slides are hidden)
        ("image-of-text", "div.slide.active > a > img", "needs-review"),
        # the social icons link to #weibo and #wechat, which are not on the page
        ("broken-in-page-link", "a.ico.ico-weibo", "needs-review"),
        ("broken-in-page-link", "a.ico.ico-wechat", "needs-review")}
