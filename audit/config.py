"""The config file of ``a11y-audit run`` (``a11y-audit.yml``): targets to audit and how.

Validated into pydantic models that forbid unknown keys; every error names the file, the line
and the key. Secrets never sit in the file: a value may say ``${PORTAL_PASSWORD}`` and is
resolved from the environment only when a step runs (``resolve_secrets``), so the file, the
store, logs and reports only ever hold the placeholder.

    schema: a11y-audit/config/1
    defaults: {standard: wcag22aa, max_pages: 500, depth: 5}
    targets:
      - name: 区政府门户网站
        department: 区政务服务数据管理局
        start: [https://www.example.gov.cn/]
        include: ["/zwgk/*"]
        exclude: ["*/print/*"]
        viewports: [desktop, mobile]
        login:
          - goto: https://www.example.gov.cn/login
          - fill: {selector: "#user", value: "${PORTAL_USER}"}
          - fill: {selector: "#password", value: "${PORTAL_PASSWORD}"}
          - click: "button[type=submit]"
          - wait_for_url: "**/home*"
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from audit.errors import ConfigError, InvalidURLError
from audit.model import Viewport
from audit.standards import DEFAULT_STANDARD, STANDARD_IDS
from audit.webscan.urls import check_url
from audit.yamlfile import load_model

SCHEMA = "a11y-audit/config/1"
DEFAULT_FILE = "a11y-audit.yml"
_SECRET = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


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
    """One scripted action before scanning (pa11y's "actions"); exactly one key is set."""

    goto: str | None = None
    fill: Fill | None = None
    click: str | None = None
    press: str | None = None  # a key, e.g. "Enter", pressed in the focused element
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


class Limits(_Strict):
    standard: Literal[STANDARD_IDS] = DEFAULT_STANDARD  # type: ignore[valid-type]
    best_practice: bool = False
    max_pages: Annotated[int, Field(ge=1, le=1_000_000)] = 500
    depth: Annotated[int, Field(ge=0, le=100)] = 5
    concurrency: Annotated[int, Field(ge=1, le=64)] | None = None
    timeout: Annotated[float, Field(ge=1, le=600)] = 30.0
    delay: Annotated[float, Field(ge=0, le=60)] = 0.0  # seconds between requests to one host
    viewports: tuple[Viewport, ...] = (Viewport.DESKTOP,)
    respect_robots: bool = True
    sitemaps: bool = True


class Target(_Strict):
    name: Annotated[str, Field(min_length=1)]
    department: str | None = None  # 责任部门: who must fix what is found
    start: Annotated[tuple[str, ...], Field(min_length=1)]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    login: tuple[Step, ...] = ()
    headers: dict[str, str] = Field(default_factory=dict)
    standard: Literal[STANDARD_IDS] | None = None  # type: ignore[valid-type]
    best_practice: bool | None = None
    max_pages: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    depth: Annotated[int, Field(ge=0, le=100)] | None = None
    viewports: tuple[Viewport, ...] | None = None
    respect_robots: bool | None = None
    sitemaps: bool | None = None

    @field_validator("start")
    @classmethod
    def _http_urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        try:
            return tuple(check_url(url) for url in urls)
        except InvalidURLError as err:
            raise ValueError(str(err)) from err

    def limits(self, defaults: Limits) -> Limits:
        """The defaults with whatever this target sets itself."""
        own = {key: value for key, value in self.model_dump(include=set(Limits.model_fields))
               .items() if value is not None}
        return defaults.model_copy(update=own)


class Config(_Strict):
    schema_: Literal["a11y-audit/config/1"] = Field(SCHEMA, alias="schema")
    db: str | None = None
    defaults: Limits = Limits()
    targets: Annotated[tuple[Target, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        names = [target.name for target in self.targets]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"target names must be unique: {', '.join(duplicates)}")
        return self

    def target(self, name: str) -> Target:
        for target in self.targets:
            if target.name == name:
                return target
        known = ", ".join(t.name for t in self.targets)
        raise ConfigError(f"no target named {name!r}; the config has: {known}")


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate a config file; ConfigError names file, line and key."""
    path = Path(path or DEFAULT_FILE)
    if not path.is_file():
        raise ConfigError(f"no config file {path}; write one (see README.md, 'Config file') "
                          f"or name it: a11y-audit run FILE")
    return load_model(path, Config)


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
