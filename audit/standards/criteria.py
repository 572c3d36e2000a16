"""WCAG 2.x success criteria (``data/wcag.yaml``) and lookups over them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from audit.errors import ConfigError
from audit.standards._data import LEVELS, VERSIONS, check_level_version, load, pick_title

_FILE = "wcag.yaml"
# wcag111 -> 1.1.1, wcag1410 -> 1.4.10: principle and guideline are one digit each.
_SC_TAG = re.compile(r"wcag([1-4])([1-9])([1-9][0-9]?)")


@dataclass(frozen=True)
class Criterion:
    """One success criterion: "1.4.3", AA, introduced in 2.0, "Contrast (Minimum)"."""

    number: str
    level: str
    version: str
    title_en: str
    title_zh: str
    removed_in: str | None = None

    def __post_init__(self) -> None:
        check_level_version(self.number, self.level, self.version)
        if self.removed_in is not None and self.removed_in not in VERSIONS:
            raise ConfigError(f"removed_in {self.removed_in!r} is not a version", key=self.number)

    @property
    def principle(self) -> str:
        """The principle number: "1" for 1.4.3."""
        return self.number.split(".")[0]

    @property
    def guideline(self) -> str:
        """The guideline number: "1.4" for 1.4.3."""
        return self.number.rsplit(".", 1)[0]

    def title(self, lang: str = "en") -> str:
        """The short name in "en" or "zh" ("zh-CN")."""
        return pick_title(lang, self.title_en, self.title_zh)

    def applies(self, version: str, level: str) -> bool:
        """Whether a WCAG ``version`` conformance target at ``level`` includes this criterion."""
        removed = self.removed_in is not None and _rank(self.removed_in) <= _rank(version)
        return (_rank(self.version) <= _rank(version)
                and LEVELS.index(self.level) <= LEVELS.index(level) and not removed)


def _rank(version: str) -> int:
    return VERSIONS.index(version)


def _spec_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


@cache
def _catalogue() -> dict[str, Criterion]:
    rows = load(_FILE).get("criteria") or []
    found: dict[str, Criterion] = {}
    for row in rows:
        try:
            item = Criterion(**row)
        except TypeError as err:
            raise ConfigError(f"bad criterion {row!r}: {err}", file=_FILE) from err
        if item.number in found:
            raise ConfigError("listed twice", file=_FILE, key=item.number)
        found[item.number] = item
    return dict(sorted(found.items(), key=lambda kv: _spec_order(kv[0])))


def criterion(number: str) -> Criterion:
    """The success criterion numbered ``number`` ("1.4.3"); KeyError if WCAG 2 has none."""
    try:
        return _catalogue()[number]
    except KeyError:
        raise KeyError(f"no WCAG 2 success criterion numbered {number!r}") from None


def all_criteria() -> list[Criterion]:
    """Every criterion in spec order, 1.1.1 to 4.1.3, including the removed 4.1.1."""
    return list(_catalogue().values())


def criteria_for_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """The criteria named by axe-core tags (wcag1410 -> "1.4.10"), unique, in spec order.

    Tags that name no success criterion (wcag2aa, best-practice, cat.color, ...) are ignored.
    """
    catalogue = _catalogue()
    numbers = set()
    for tag in tags:
        match = _SC_TAG.fullmatch(tag)
        if match and ".".join(match.groups()) in catalogue:
            numbers.add(".".join(match.groups()))
    return tuple(sorted(numbers, key=_spec_order))


def understanding_url(number: str) -> str:
    """The W3C "Understanding" page of success criterion ``number``."""
    slug = criterion(number).title_en.lower()
    for old, new in (("(", ""), (")", ""), (",", ""), (" ", "-")):
        slug = slug.replace(old, new)
    return f"https://www.w3.org/WAI/WCAG22/Understanding/{slug}.html"


def level_of(numbers: Iterable[str]) -> str | None:
    """The lowest level among the criteria ("A" if any is A); None if there are none."""
    levels = [LEVELS.index(criterion(number).level) for number in numbers]
    return LEVELS[min(levels)] if levels else None
