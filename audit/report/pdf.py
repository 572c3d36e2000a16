"""The PDF report: Chromium's print-to-PDF of the same HTML, with page numbers and bookmarks.

The caller says which Chromium to use (the CLI finds it with ``audit.webscan.browser``), so
this module needs no knowledge of browser discovery. The page gets no network: the HTML is
self-contained, and anything it might try to fetch is refused. Fonts are embedded by Chromium
(subsets of the installed Noto CJK fonts for Chinese).

``render_pdf`` prints one PDF in a browser of its own; a ``PdfPrinter`` prints several in one
browser (a report in two languages, a test session's reports).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from audit.errors import EnvironmentProblem

if TYPE_CHECKING:  # Playwright is imported when a PDF is made, not with this module
    from playwright.sync_api import Browser, PdfMargins, Playwright

T = TypeVar("T")
_FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#333;'
           'font-family:\'Noto Sans CJK SC\',\'Noto Sans SC\',sans-serif">{text}</div>')
_MARGIN: PdfMargins = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
DEFAULT_FOOTER = "{page} / {pages}"


def footer_html(label: str) -> str:
    """The page footer from a label with ``{page}`` and ``{pages}`` (escaped otherwise)."""
    text = escape(label).replace("{page}", '<span class="pageNumber"></span>')
    return _FOOTER.format(text=text.replace("{pages}", '<span class="totalPages"></span>'))


def render_pdf(html: str, *, executable: Path | str | None, args: Sequence[str] = (),
               footer: str = DEFAULT_FOOTER, timeout_s: float = 120) -> bytes:
    """The PDF bytes of ``html`` printed on A4 by a headless Chromium started for it."""
    with PdfPrinter(executable=executable, args=args) as printer:
        return printer.print_pdf(html, footer=footer, timeout_s=timeout_s)


class PdfPrinter:
    """One headless Chromium that prints several PDFs:
    ``with PdfPrinter(executable=path) as printer: printer.print_pdf(html)``.

    Playwright's sync API runs in a thread of the printer's own, so a caller that already
    holds a sync Playwright in its thread (which refuses a second one) or runs an asyncio loop
    can print all the same; prints from several threads take turns. A browser that died
    between two prints, or during one, is launched again (and that print tried once more).
    """

    def __init__(self, *, executable: Path | str | None, args: Sequence[str] = ()) -> None:
        self._executable = str(executable) if executable else None
        self._args = list(args)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-printer")
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self.launches = 0  # Chromiums started: 1, more after a crash

    def __enter__(self) -> PdfPrinter:
        try:
            self._in_thread(self._start)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._thread.submit(self._stop).result()
        finally:
            self._thread.shutdown()

    def print_pdf(self, html: str, *, footer: str = DEFAULT_FOOTER,
                  timeout_s: float = 120) -> bytes:
        """The PDF bytes of ``html`` printed on A4 (JavaScript off, no network)."""
        return self._in_thread(lambda: self._print(html, footer, timeout_s))

    def _in_thread(self, work: Callable[[], T]) -> T:
        """``work()`` in the printer's thread, a Playwright error as the user's problem."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            return self._thread.submit(work).result()
        except PlaywrightError as err:
            raise EnvironmentProblem(f"Chromium could not print the report: "
                                     f"{str(err).splitlines()[0]}") from err

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._launch()

    def _launch(self) -> None:
        assert self._playwright is not None
        self._browser = self._playwright.chromium.launch(
            executable_path=self._executable, args=self._args, headless=True)
        self.launches += 1

    def _print(self, html: str, footer: str, timeout_s: float) -> bytes:
        """Print in the browser, launched again if it died since the last print or during
        this one (then the print is tried once more)."""
        from playwright.sync_api import Error as PlaywrightError

        assert self._browser is not None, "print_pdf is called inside `with PdfPrinter(...)`"
        if not self._browser.is_connected():
            self._launch()
        try:
            return self._print_page(self._browser, html, footer, timeout_s)
        except PlaywrightError:
            if self._browser.is_connected():
                raise
        self._launch()
        return self._print_page(self._browser, html, footer, timeout_s)

    @staticmethod
    def _print_page(browser: Browser, html: str, footer: str, timeout_s: float) -> bytes:
        page = browser.new_page(java_script_enabled=False)
        try:
            page.route("**/*", lambda route: route.abort())
            page.set_content(html, wait_until="load", timeout=timeout_s * 1000)
            page.emulate_media(media="print")
            return page.pdf(format="A4", print_background=True, margin=_MARGIN,
                            display_header_footer=True, header_template="<span></span>",
                            footer_template=footer_html(footer), outline=True, tagged=True)
        finally:
            if browser.is_connected():
                page.close()

    def _stop(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()

