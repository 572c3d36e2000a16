"""The config file of ``a11y-audit run`` (``a11y-audit.yml``): targets to audit and how.

Validated into pydantic models that forbid unknown keys; every error names the file, the line
and the key. Secrets never sit in the file: a value may say ``${PORTAL_PASSWORD}`` and is
resolved from the environment only when a step runs (``audit.webscan.steps``), so the file, the
store, logs and reports only ever hold the placeholder.

    schema: a11y-audit/config/1
    defaults: {standard: wcag22aa, max_pages: 500, depth: 5, max_document_mb: 50}
    targets:
      - name: 区政府门户网站
        department: 区政务服务数据管理局
        start: [https://www.example.gov.cn/]
        include: ["/zwgk/*"]
        exclude: ["*/print/*"]
        viewports: [desktop, mobile]
        templates: true          # scan shared banners/menus once (false: every page whole)
        incremental: true        # carry unchanged pages forward (default: scheduled rounds)
        max_age: 90              # days after which a page is checked in full anyway
        login:
          - goto: https://www.example.gov.cn/login
          - fill: {selector: "#user", value: "${PORTAL_USER}"}
          - fill: {selector: "#password", value: "${PORTAL_PASSWORD}"}
          - click: "button[type=submit]"
          - wait_for_url: "**/home*"
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from audit.errors import ConfigError, InvalidURLError
from audit.model import BROWSER_VIEWPORTS, Viewport
from audit.standards import DEFAULT_STANDARD, STANDARD_IDS
from audit.store import Store
from audit.webscan.checks import CHECK_NAMES, PROFILES, parse_checks, with_profiles
from audit.webscan.scanner import ScanOptions, default_concurrency
from audit.webscan.settle import DEFAULT_SETTLE_S
from audit.webscan.site_crawl import CrawlSettings
from audit.webscan.steps import Step
from audit.webscan.url_input import check_url
from audit.yamlfile import load_model

SCHEMA: Final = "a11y-audit/config/1"
DEFAULT_FILE = "a11y-audit.yml"
if TYPE_CHECKING:
    _Profile = str  # a check profile's name
else:  # pydantic refuses any other name, listing those it knows
    _Profile = Literal[tuple(PROFILES)]


def _in_browser(viewport: Viewport) -> Viewport:
    if viewport not in BROWSER_VIEWPORTS:
        raise ValueError(f"viewport must be one of {', '.join(BROWSER_VIEWPORTS)}")
    return viewport


_BrowserViewport = Annotated[Viewport, AfterValidator(_in_browser)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    engine: Literal["playwright", "selenium"] = "playwright"
    standard: Literal[STANDARD_IDS] = DEFAULT_STANDARD  # type: ignore[valid-type]
    best_practice: bool = False
    max_pages: Annotated[int, Field(ge=1, le=1_000_000)] = 500
    depth: Annotated[int, Field(ge=0, le=100)] = 5
    concurrency: Annotated[int, Field(ge=1, le=64)] | None = None
    timeout: Annotated[float, Field(ge=1, le=600)] = 30.0
    # seconds a page may take to settle before axe-core runs (--settle-limit); 0: no waiting
    settle_limit: Annotated[float, Field(ge=0, le=120)] = DEFAULT_SETTLE_S
    delay: Annotated[float, Field(ge=0, le=60)] = 0.0  # seconds between requests to one host
    viewports: tuple[_BrowserViewport, ...] = (Viewport.DESKTOP,)
    respect_robots: bool = True
    sitemaps: bool = True
    checks: tuple[str, ...] | None = None  # our own checks by name; default all, [] none
    profiles: tuple[_Profile, ...] = ()  # and the checks of these profiles (--profile)
    screenshots: Annotated[int, Field(ge=0, le=100)] = 5  # of violations, per page
    per_host: Annotated[int, Field(ge=1, le=16)] = 2  # requests to one host at once
    documents: bool = True  # check the PDF/Office documents found (false: record only)
    max_document_mb: Annotated[float, Field(ge=0.01, le=2048)] = 50.0  # larger: not fetched
    max_documents: Annotated[int, Field(ge=0, le=1_000_000)] = 500  # checked per crawl
    # scan shared template regions once (false: every page whole, like --no-templates)
    templates: bool = True
    # carry unchanged pages forward from the last complete round (crawl --incremental);
    # unset: off for `run`, on for scheduled rounds
    incremental: bool | None = None
    max_age: Annotated[float, Field(ge=0, le=3650)] = 90.0  # days; older: checked in full


class Target(_Strict):
    name: Annotated[str, Field(min_length=1)]
    engine: Literal["playwright", "selenium"] | None = None
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
    viewports: tuple[_BrowserViewport, ...] | None = None
    respect_robots: bool | None = None
    sitemaps: bool | None = None
    checks: tuple[str, ...] | None = None
    profiles: tuple[_Profile, ...] | None = None
    screenshots: Annotated[int, Field(ge=0, le=100)] | None = None
    per_host: Annotated[int, Field(ge=1, le=16)] | None = None
    documents: bool | None = None
    max_document_mb: Annotated[float, Field(ge=0.01, le=2048)] | None = None
    max_documents: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    templates: bool | None = None
    incremental: bool | None = None
    max_age: Annotated[float, Field(ge=0, le=3650)] | None = None
    settle_limit: Annotated[float, Field(ge=0, le=120)] | None = None

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
    targets: tuple[Target, ...]

    @field_validator("targets")
    @classmethod
    def _some_targets(cls, targets: tuple[Target, ...]) -> tuple[Target, ...]:
        if not targets:  # a validator, not min_length: item errors are reported first
            raise ValueError("the config needs at least one target")
        return targets

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        names = [target.name for target in self.targets]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"target names must be unique: {', '.join(duplicates)}")
        return self

    def with_profiles(self, profiles: tuple[str, ...]) -> Config:
        """This config with ``profiles`` added to the defaults and to every target's own."""
        def add(own: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys((*own, *profiles)))

        targets = tuple(target if target.profiles is None
                        else target.model_copy(update={"profiles": add(target.profiles)})
                        for target in self.targets)
        defaults = self.defaults.model_copy(update={"profiles": add(self.defaults.profiles)})
        return self.model_copy(update={"defaults": defaults, "targets": targets})

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



def crawl_plan(config: Config, target: Target, *,
               scheduled: bool = False) -> tuple[CrawlSettings, ScanOptions]:
    """What crawling ``target`` means (``run``, local or distributed, and scheduled rounds):
    its limits over the config's defaults. A scheduled round is incremental unless the
    config says ``incremental: false``."""
    limits = target.limits(config.defaults)
    incremental = limits.incremental if limits.incremental is not None else scheduled
    settings = CrawlSettings(
        start_urls=target.start, include=target.include, exclude=target.exclude,
        max_pages=limits.max_pages, depth=limits.depth, viewports=limits.viewports,
        respect_robots=limits.respect_robots, sitemaps=limits.sitemaps, delay_s=limits.delay,
        per_host=limits.per_host, documents=limits.documents,
        max_document_mb=limits.max_document_mb, max_documents=limits.max_documents,
        login=tuple(step.model_dump(exclude_none=True) for step in target.login),
        headers=dict(target.headers), templates=limits.templates, incremental=incremental,
        max_age_days=limits.max_age)
    checks = CHECK_NAMES if limits.checks is None else parse_checks(",".join(limits.checks))
    options = ScanOptions(engine=limits.engine, standard=limits.standard,
                          best_practice=limits.best_practice,
                          concurrency=limits.concurrency or default_concurrency(),
                          timeout_s=limits.timeout, settle_s=limits.settle_limit,
                          screenshots=limits.screenshots,
                          checks=with_profiles(checks, limits.profiles))
    return settings, options


def record_target(store: Store, target: Target) -> None:
    """Keep ``target`` (its department, its settings) in the store before it is crawled."""
    store.save_target(target.name, department=target.department,
                      settings=target.model_dump(mode="json"))  # ${SECRETS} stay placeholders
