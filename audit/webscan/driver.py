"""The one seam between the scanner and a browser: a small driver protocol.

A ``Browser`` is started once per scan and hands out ``Tab``s; a worker keeps one tab and
navigates it page after page (far cheaper than a new tab per page). Both engines
(Playwright, Selenium) implement these two protocols; everything above them is engine-free.

Problems with one page are raised as ``PageFault`` (the scanner records them as the page's
error and goes on); a tab that can no longer be used raises ``TabBroken`` and is replaced;
a browser that died raises ``BrowserGone`` and is relaunched once. A navigation the browser
gave up without showing or downloading anything raises ``NavigationAborted``: the page before
it in the tab can cause that, so the scanner tries once more in a fresh tab.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from audit.model import Note, NoteCode, Viewport


class PageFault(Exception):
    """This page could not be loaded or analysed; the message says why, for the user."""


class TabBroken(PageFault):
    """The tab crashed or hung; it must be replaced before the next page."""


class BrowserGone(TabBroken):
    """The browser process itself died."""


class ScriptTimeout(TabBroken):
    """A call into the page did not answer in the time allowed (a script still runs in it)."""


class ScriptFailed(PageFault):
    """A script of ours threw in the page (and the page was not leaving: ``LEAVING_GRACE_S``)."""


class NavigationAborted(PageFault):
    """The browser stopped loading the page and showed nothing, downloaded nothing.

    The page itself can be the cause (an HTTP 204 answer, a redirect to ``javascript:``), or
    the page before it in the same tab (a late navigation of its own); only a second try in a
    fresh tab tells them apart."""


ABORTED = ("the browser stopped loading the page and showed nothing: the server answered "
           "with no content or redirected to an address that is not a web page "
           "(such as javascript:)")
INTERFERED = ("the page before it in the tab opened a JavaScript dialog while this one was "
              "opening, and the page did not open")
MAX_DIALOG_NOTES = 5
# When a call into the page fails, the page gets a moment to show whether it is leaving: a
# navigation it began in the task that failed starts only after that task, and a document on
# its way out, torn down under a script, can fail it before the news of the navigation comes.
# Either way the failure is the navigation's, not the script's. (Only on failures.)
LEAVING_GRACE_S = 0.1
LEAVING_CHECK_S = 2.0  # the longest a question to the page about it may take
LOAD_NOTE = Note(NoteCode.LOAD_TIMEOUT)  # the load event did not fire in time
DIALOG_KINDS = ("alert", "beforeunload", "confirm", "prompt")  # Playwright's dialog types


@dataclass(frozen=True)
class ViewportSpec:
    """How a page is shown: size, and for phones touch, scale and a mobile user agent."""

    name: Viewport
    width: int
    height: int
    device_scale_factor: float = 1
    mobile: bool = False
    user_agent: str | None = None


# Phone emulation: many government "apps" are H5 pages that only show their real layout on
# a phone. 390x844 is a current mid-size phone; the UA is Chrome on Android.
VIEWPORTS: dict[Viewport, ViewportSpec] = {
    Viewport.DESKTOP: ViewportSpec(Viewport.DESKTOP, 1280, 800),
    Viewport.MOBILE: ViewportSpec(
        Viewport.MOBILE, 390, 844, device_scale_factor=3, mobile=True,
        user_agent=(
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"
        ),
    ),
}


@dataclass
class Navigation:
    """What the browser saw when it opened a page."""

    final_url: str
    status: int | None
    content_type: str | None
    notes: list[Note] = field(default_factory=list)  # e.g. dismissed dialogs, slow load


@dataclass(frozen=True)
class HeldNavigation:
    """A navigation of the page's own that the tab stopped (``Tab.hold``): where to, and
    whether keys had been pressed in the page since the hold began (it may answer one)."""

    url: str
    after_keys: bool


class Tab(Protocol):
    async def goto(self, url: str, timeout_s: float) -> Navigation:
        """Open ``url`` and wait for it to load; PageFault when it cannot be opened."""
        ...

    async def evaluate(self, function: str, arg: Any, timeout_s: float) -> Any:
        """Call the JS function source ``function`` (may be async) with ``arg`` in the top
        frame and return its JSON-able result."""
        ...

    async def inject(self, source: str, timeout_s: float, unless: str | None = None) -> None:
        """Run the script ``source`` in the top frame and in every child frame, but not in
        those where the JS expression ``unless`` is true."""
        ...

    async def preload(self, source: str, timeout_s: float, slot: str | None = None) -> None:
        """Run the script ``source`` in every frame of every page opened from now on, before
        the page's own scripts, where the engine can (nothing where it cannot; once, however
        often asked). ``inject`` it where it has not run (the page open now, frames the
        browser leaves out). A script preloaded under a ``slot`` takes the place of the one
        preloaded under it before (what it holds changed: pages opened later run only it)."""
        ...

    async def press(self, key: str, times: int, timeout_s: float) -> None:
        """Press ``key`` ``times`` times as real key events to whatever has focus.

        ``key`` is one of KEYS or a lower-case letter or digit, optionally with modifiers:
        "Tab", "Shift+Tab", "Escape", "F6", "Control+m".
        """
        ...

    async def set_viewport(self, width: int, height: int, timeout_s: float) -> None:
        """Resize the layout viewport to ``width`` x ``height`` CSS px (scale and touch kept)."""
        ...

    async def screenshot_region(self, x: float, y: float, width: float, height: float,
                                timeout_s: float) -> bytes:
        """A PNG of the region given in CSS px relative to the viewport's top left corner."""
        ...

    async def cookies(self) -> list[dict[str, Any]]:
        """Every cookie of the tab's browser context, Playwright's shape: name, value,
        domain, path, expires, httpOnly, secure, sameSite."""
        ...

    async def add_cookies(self, cookies: list[dict[str, Any]]) -> None:
        """Add cookies of that shape (or with ``url`` instead of domain and path)."""
        ...

    async def set_headers(self, headers: dict[str, str]) -> None:
        """Send these extra HTTP headers with every request from now on."""
        ...

    async def block(self, hosts: tuple[str, ...]) -> None:
        """From now on refuse trackers' scripts and beacons on these hosts
        (``audit.webscan.blocking``); ``blocked`` counts those refused since the last goto."""
        ...

    @property
    def blocked(self) -> int: ...

    async def hold(self) -> None:
        """From now on stop the page's own navigations (its main frame's; frames load as
        they will), leaving the page as it is, until ``release``: the page is analysed as it
        loaded. Where the engine cannot (a Selenium Grid), the page navigates as it will."""
        ...

    async def release(self) -> list[HeldNavigation]:
        """Let the page navigate again; the navigations stopped since ``hold``, in order."""
        ...

    async def close(self) -> None: ...


KEYS = ("Tab", "Escape", "Enter", "Space", "ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight",
        *(f"F{n}" for n in range(1, 13)))
MODIFIERS = ("Shift", "Control", "Alt", "Meta")
_CHARACTER = re.compile(r"[a-z0-9]")  # a letter or digit key, as in "Control+m"


def split_key(key: str) -> tuple[tuple[str, ...], str]:
    """ "Shift+Tab" -> (("Shift",), "Tab"); ValueError for a key the drivers do not know."""
    *modifiers, name = key.split("+")
    known = name in KEYS or _CHARACTER.fullmatch(name)
    if not known or any(m not in MODIFIERS for m in modifiers):
        raise ValueError(f"unknown key {key!r}")
    return tuple(modifiers), name


class Browser(Protocol):
    @property
    def engine(self) -> str:
        """"playwright" or "selenium"."""
        ...

    @property
    def version(self) -> str | None:
        """The browser's version; None until it is known (a remote Selenium browser tells it
        when its first tab opens)."""
        ...

    async def new_tab(self, viewport: ViewportSpec) -> Tab: ...

    async def close(self) -> None: ...


class DialogLog:
    """The JavaScript dialogs a page opened, for its notes: the first few by text, then a count
    (a page that opens hundreds must not bloat its result). Where the engine may report one
    dialog twice (``repeats_doubtful``: WebDriver), a text repeated straight after itself is
    counted but not named again, so the notes name the first few different dialogs."""

    def __init__(self, *, repeats_doubtful: bool = False) -> None:
        self.count = 0
        self._notes: list[Note] = []
        self._last: Note | None = None
        self._repeats_doubtful = repeats_doubtful

    def add(self, text: str, kind: str = "") -> None:
        self.count += 1
        note = dialog_note(text, kind)
        repeated = self._repeats_doubtful and note == self._last
        self._last = note
        if not repeated and len(self._notes) < MAX_DIALOG_NOTES:
            self._notes.append(note)

    def notes(self) -> list[Note]:
        more = self.count - len(self._notes)
        return [*self._notes, *([Note(NoteCode.DIALOGS_MORE, {"count": more})] if more else [])]

    def clear(self) -> None:
        self.count = 0
        self._notes = []
        self._last = None


def script_timeout(timeout_s: float) -> ScriptTimeout:
    """The fault for a page whose scripts keep the tab busy past the time allowed."""
    return ScriptTimeout(f"the page's scripts did not answer within {timeout_s:g} s "
                     "(the page may be stuck in a script)")


def script_error(message: str) -> ScriptFailed:
    """The fault for a script of ours that threw in the page (axe-core or a check)."""
    lines = message.strip().splitlines() or ["unknown error"]
    return ScriptFailed(f"a script failed in the page: {lines[0].removeprefix('Error: ')[:300]}")


def navigated_away() -> PageFault:
    """The fault for a page that went elsewhere (or reloaded) while it was being analysed."""
    return PageFault("the page navigated away (or reloaded itself) while it was being analysed")


def dialog_note(text: str, kind: str = "") -> Note:
    """The page note for a JavaScript dialog the scanner dismissed (its text as the page
    wrote it, cut short); a kind we do not know is not named."""
    if kind in DIALOG_KINDS:
        return Note(NoteCode.DIALOG_OF_KIND, {"kind": kind, "text": text[:200]})
    return Note(NoteCode.DIALOG, {"text": text[:200]})


def describe_net_error(message: str, url: str, timeout_s: float) -> str:
    """Turn a browser's navigation error text into a sentence for the user."""
    known = {
        "ERR_TOO_MANY_REDIRECTS": "the page redirects in a loop (too many redirects)",
        "ERR_CONNECTION_REFUSED": "could not connect: the server refused the connection",
        "ERR_NAME_NOT_RESOLVED": "could not connect: the host name does not resolve",
        "ERR_CONNECTION_RESET": "the connection was reset by the server",
        "ERR_EMPTY_RESPONSE": "the server closed the connection without answering",
        "ERR_CERT": "the site's TLS certificate is not valid",
        "Download is starting": "not an HTML page: the browser would download it",
        "ERR_UNSAFE_REDIRECT": "the page redirects to an address that is not a web page "
                               "(the browser refuses to follow it)",
        "ERR_INVALID_REDIRECT": "the page redirects to an invalid address",
        "ERR_INVALID_AUTH_CREDENTIALS": "the server asks for a user name and password "
                                        "(HTTP authentication)",
        "ERR_INTERNET_DISCONNECTED": "could not connect: no network",
        "ERR_ADDRESS_UNREACHABLE": "could not connect: the address is unreachable",
    }
    for marker, sentence in known.items():
        if marker in message:
            return sentence
    if "Timeout" in message or "timeout" in message:
        return f"timed out after {timeout_s:g} s waiting for the page to load"
    first_line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    first_line = re.sub(r"^\w+\.\w+: ", "", first_line)  # Playwright's "Page.goto: " prefix
    return f"could not open the page: {first_line[:300]}"


def is_aborted(message: str) -> bool:
    """A navigation error that means "stopped, nothing shown, nothing downloaded"."""
    return "ERR_ABORTED" in message or "interrupted by another navigation" in message \
        or "frame was detached" in message or "aborted by navigation" in message
