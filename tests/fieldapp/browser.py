"""Helpers for the field app's browser tests (the ``browser`` fixture, one Chromium per
module, is in conftest): phone-sized pages, logging in through the form or with a session
made over HTTP, waiting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from audit.fieldapp.server import FieldServer
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import PASSWORD

COOKIE = "a11y_field_session"


def phone(browser: Any, *, javascript: bool = True, mobile: bool = True, locale: str = "en-US",
          width: int = 390) -> Any:
    context = browser.new_context(locale=locale, java_script_enabled=javascript,
                                  viewport={"width": width, "height": 844} if mobile else None,
                                  has_touch=mobile)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def log_in(page: Any, server: FieldServer, name: str = "alice") -> None:
    page.goto(server.url + "/login")
    page.locator("#name").fill(name)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(server.url + "/")


def signed_in(page: Any, server: FieldServer, name: str = "alice") -> None:
    """``page`` on the home page as ``name``, the session made by a real login over HTTP and
    given to the browser: for tests about what comes after the login (the form itself is
    driven by ``log_in``, test_keyboard_alone and the dashboard's keyboard test)."""
    client = Client(server.url)
    assert client.log_in(name, PASSWORD).status == 303
    page.context.add_cookies([{"name": COOKIE, "value": client.cookie(COOKIE),
                               "url": server.url}])
    page.goto(server.url + "/")


def eventually(page: Any, check: Callable[[], Any], what: str = "it") -> Any:
    for _ in range(150):
        found = check()
        if found:
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"{what} did not happen within 15 s")
