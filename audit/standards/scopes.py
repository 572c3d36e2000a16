"""The conformance targets for ``--standard`` (``data/standards.yaml``): axe tags and scope."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from audit.errors import ConfigError, UsageError
from audit.standards._data import check_level_version, load, pick_title
from audit.standards.criteria import Criterion, all_criteria

_FILE = "standards.yaml"
BEST_PRACTICE_TAG = "best-practice"


@dataclass(frozen=True)
class Standard:
    """A conformance target such as WCAG 2.2 AA: which axe rules to run, which criteria count."""

    id: str
    title_en: str
    title_zh: str
    axe_tags: tuple[str, ...]
    version: str
    level: str

    def __post_init__(self) -> None:
        check_level_version(self.id, self.level, self.version)

    def title(self, lang: str = "en") -> str:
        """The title in "en" or "zh" ("zh-CN")."""
        return pick_title(lang, self.title_en, self.title_zh)

    def in_scope(self) -> list[Criterion]:
        """The success criteria this target requires, in spec order."""
        return [c for c in all_criteria() if c.applies(self.version, self.level)]


@cache
def _standards() -> dict[str, Standard]:
    found = {}
    for key, row in (load(_FILE).get("standards") or {}).items():
        try:
            found[key] = Standard(id=key, **{**row, "axe_tags": tuple(row["axe_tags"])})
        except (TypeError, KeyError) as err:
            raise ConfigError(f"bad standard: {err}", file=_FILE, key=key) from err
    return found


STANDARD_IDS: tuple[str, ...] = tuple(_standards())
DEFAULT_STANDARD = "wcag22aa"


def get_standard(id: str) -> Standard:
    """The standard called ``id``; UsageError naming the valid ids if there is none."""
    try:
        return _standards()[id]
    except KeyError:
        raise UsageError(
            f"unknown standard {id!r}; choose one of: {', '.join(STANDARD_IDS)}"
        ) from None


def axe_tags(id: str, best_practice: bool = False) -> list[str]:
    """The axe-core ``runOnly`` tags for standard ``id``, plus best-practice if asked."""
    tags = list(get_standard(id).axe_tags)
    return [*tags, BEST_PRACTICE_TAG] if best_practice else tags
