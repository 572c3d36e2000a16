"""The PDF report: Chromium's print-to-PDF of the same HTML, with page numbers and bookmarks.

The caller says which Chromium to use (the CLI finds it with ``audit.webscan.browser``), so
this module needs no knowledge of browser discovery. The page gets no network: the HTML is
self-contained, and anything it might try to fetch is refused. Fonts are embedded by Chromium
(subsets of the installed Noto CJK fonts for Chinese).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from audit.errors import EnvironmentProblem

if TYPE_CHECKING:  # Playwright is imported when a PDF is made, not with this module
    from playwright.sync_api import PdfMargins

_FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#333;'
           'font-family:\'Noto Sans CJK SC\',\'Noto Sans SC\',sans-serif">{text}</div>')
_MARGIN: PdfMargins = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}


def footer_html(label: str) -> str:
    """The page footer from a label with ``{page}`` and ``{pages}`` (escaped otherwise)."""
    text = escape(label).replace("{page}", '<span class="pageNumber"></span>')
    return _FOOTER.format(text=text.replace("{pages}", '<span class="totalPages"></span>'))


def render_pdf(html: str, *, executable: Path | str | None, args: Sequence[str] = (),
               footer: str = "{page} / {pages}", timeout_s: float = 120) -> bytes:
    """The PDF bytes of ``html`` printed on A4 by headless Chromium."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(executable) if executable else None, args=list(args),
                headless=True)
            try:
                page = browser.new_page(java_script_enabled=False)
                page.route("**/*", lambda route: route.abort())
                page.set_content(html, wait_until="load", timeout=timeout_s * 1000)
                page.emulate_media(media="print")
                return page.pdf(format="A4", print_background=True, margin=_MARGIN,
                                display_header_footer=True, header_template="<span></span>",
                                footer_template=footer_html(footer), outline=True,
                                tagged=True)
            finally:
                browser.close()
    except PlaywrightError as err:
        raise EnvironmentProblem(f"Chromium could not print the report: "
                                 f"{str(err).splitlines()[0]}") from err
