"""Scripted steps before scanning (pa11y's "actions"): log in once, reuse the session.

Steps run in one tab through the engine-neutral Tab protocol, so both engines run them. The
cookies the tab holds afterwards, and the extra headers, become a ``SessionState`` that every
worker's tab starts with; the state lives in memory only. Values may say ``${NAME}``: they are
read from the environment when the step runs and never written anywhere.
"""

from __future__ import annotations

import asyncio
import fnmatch
import os
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from audit.errors import ConfigError, ScanFailed
from audit.webscan.driver import PageFault, Tab
from audit.webscan.polling import LOADED, ask_until

_SECRET = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

_FILL = """(a) => {
  const el = document.querySelector(a.selector);
  if (!el) return false;
  el.focus();
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value");
  setter && setter.set ? setter.set.call(el, a.value) : (el.value = a.value);
  el.dispatchEvent(new Event("input", {bubbles: true}));
  el.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
}"""
_CLICK = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  el.scrollIntoView({block: "center"});
  el.click();
  return true;
}"""
_EXISTS = "(selector) => document.querySelector(selector) !== null"
_LOCATION = "() => [location.href, document.readyState]"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fill(_Strict):
    selector: str
    value: str


class Select(_Strict):
    selector: str
    value: str


class Cookie(_Strict):
    name: str
    value: str
    url: str | None = None  # default: the target's first start URL


class Step(_Strict):
    """One scripted action; exactly one key is set."""

    goto: str | None = None
    fill: Fill | None = None
    click: str | None = None
    press: str | None = None  # a key pressed in the focused element, e.g. "Enter"
    select: Select | None = None
    wait_for: str | None = None  # a selector that must appear
    wait_for_url: str | None = None  # a glob the page URL must match
    set_cookie: Cookie | None = None
    set_header: dict[str, str] | None = None

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        chosen = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(chosen) != 1:
            names = ", ".join(type(self).model_fields)
            raise ValueError(f"a step has exactly one of: {names} (this one has "
                             f"{', '.join(chosen) or 'none'})")
        return self

    @property
    def action(self) -> str:
        return next(name for name in type(self).model_fields if getattr(self, name) is not None)


@dataclass(frozen=True)
class SessionState:
    """What every tab of a target starts with: the logged-in cookies and extra headers."""

    cookies: tuple[dict[str, Any], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)

    async def apply(self, tab: Tab) -> None:
        if self.headers:
            await tab.set_headers(dict(self.headers))
        if self.cookies:
            await tab.add_cookies([dict(cookie) for cookie in self.cookies])


def resolve_secrets(value: str, environ: dict[str, str] | None = None) -> str:
    """``value`` with each ``${NAME}`` replaced from the environment, at the moment of use."""
    env = os.environ if environ is None else environ

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise ConfigError(f"the environment variable {name} is not set "
                              f"(the config asks for ${{{name}}})")
        return env[name]

    return _SECRET.sub(replace, value)


async def log_in(tab: Tab, steps: tuple[Step, ...], headers: dict[str, str],
                 default_url: str, timeout_s: float) -> SessionState:
    """Run ``steps`` in ``tab`` and return the session every tab should start with."""
    resolved = {key: resolve_secrets(value) for key, value in headers.items()}
    if resolved:
        await tab.set_headers(resolved)
    for number, step in enumerate(steps, start=1):
        try:
            resolved.update(await _run(tab, step, default_url, timeout_s) or {})
        except (PageFault, _StepFailed) as err:
            raise ScanFailed(f"login step {number} ({_describe(step)}) failed: {err}") from err
    return SessionState(cookies=tuple(await tab.cookies()) if steps else (), headers=resolved)


class _StepFailed(Exception):
    pass


async def _run(tab: Tab, step: Step, default_url: str,
               timeout_s: float) -> dict[str, str] | None:
    action = step.action
    if action == "goto":
        nav = await tab.goto(resolve_secrets(step.goto or ""), timeout_s)
        if nav.status is not None and nav.status >= 400:
            raise _StepFailed(f"the server answered HTTP {nav.status}")
    elif action in ("fill", "select"):
        field_ = step.fill or step.select
        assert field_ is not None
        arg = {"selector": field_.selector, "value": resolve_secrets(field_.value)}
        if not await tab.evaluate(_FILL, arg, timeout_s):
            raise _StepFailed(f"no element matches {field_.selector!r}")
    elif action == "click":
        if not await tab.evaluate(_CLICK, step.click, timeout_s):
            raise _StepFailed(f"no element matches {step.click!r}")
        await _settle(tab, timeout_s)
    elif action == "press":
        await tab.press(step.press or "", 1, timeout_s)
        await _settle(tab, timeout_s)
    elif action == "wait_for":
        await _until(tab, _EXISTS, step.wait_for, timeout_s, f"{step.wait_for!r} to appear")
    elif action == "wait_for_url":
        await _wait_for_url(tab, step.wait_for_url or "", timeout_s)
    elif action == "set_cookie":
        cookie = step.set_cookie
        assert cookie is not None
        await tab.add_cookies([{"name": cookie.name, "value": resolve_secrets(cookie.value),
                                "url": cookie.url or default_url}])
    elif action == "set_header":
        headers = {k: resolve_secrets(v) for k, v in (step.set_header or {}).items()}
        await tab.set_headers(headers)
        return headers
    return None


async def _settle(tab: Tab, timeout_s: float) -> None:
    """After a click or key press, let a navigation it started finish loading."""
    await asyncio.sleep(0.3)
    await ask_until(tab, LOADED, None, timeout_s, timeout_s)


async def _wait_for_url(tab: Tab, glob: str, timeout_s: float) -> None:
    def arrived(state: list[str]) -> bool:
        return fnmatch.fnmatchcase(state[0], glob) and state[1] == "complete"

    done, state = await ask_until(tab, _LOCATION, None, timeout_s, timeout_s, arrived)
    if not done:
        raise _StepFailed(f"the page URL did not match {glob!r} within {timeout_s:g} s "
                          f"(it is {state[0] if state else ''})")


async def _until(tab: Tab, function: str, arg: Any, timeout_s: float, what: str) -> None:
    done, _ = await ask_until(tab, function, arg, timeout_s, timeout_s)
    if not done:
        raise _StepFailed(f"waited {timeout_s:g} s for {what}")


def _describe(step: Step) -> str:
    value = getattr(step, step.action)
    if isinstance(value, BaseModel):
        value = value.model_dump().get("selector") or value.model_dump().get("name")
    elif isinstance(value, dict):
        value = ", ".join(value)
    return f"{step.action} {value}"
