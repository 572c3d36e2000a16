"""Starting the browser of the chosen engine."""

from __future__ import annotations

from audit.errors import UsageError
from audit.webscan.browser import find_browser
from audit.webscan.driver import Browser

ENGINES = ("playwright", "selenium")


async def launch(engine: str, *, remote_url: str | None = None,
                 extra_args: tuple[str, ...] = ()) -> Browser:
    """A running browser for ``engine``; BrowserNotFound/DriverNotFound say what is missing."""
    if engine == "playwright":
        if remote_url:
            raise UsageError("--remote works with --engine selenium only")
        from audit.webscan.playwright_driver import PlaywrightBrowser

        return await PlaywrightBrowser.launch(find_browser(), extra_args)
    if engine == "selenium":
        from audit.webscan.selenium_driver import SeleniumBrowser

        binary = None if remote_url else find_browser()
        return await SeleniumBrowser.launch(binary, remote_url=remote_url, extra_args=extra_args)
    raise UsageError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
