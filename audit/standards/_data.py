"""Reading the bundled YAML data files of the standards catalogue, once each."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from audit.errors import ConfigError
from audit.i18n import pick
from audit.yamlfile import PathKey, YamlDoc, load_data

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataModel(BaseModel):
    """A record of a data file: unknown keys refused, never changed once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
LEVELS = ("A", "AA", "AAA")
VERSIONS = ("2.0", "2.1", "2.2")


@cache
def load(name: str) -> dict[str, Any]:
    """The top-level mapping of ``data/<name>``; ConfigError if it is missing or malformed."""
    path = DATA_DIR / name
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"cannot read standards data: {err}", file=str(path)) from err
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping at the top level", file=str(path))
    return data


def located(doc: YamlDoc, path: PathKey, problem: str) -> ConfigError:
    """A ConfigError naming the file and line of ``path`` in ``doc``."""
    return ConfigError(problem, file=doc.file, line=doc.line(path))


def check_level_version(where: str, level: str, version: str) -> None:
    """Raise ConfigError unless ``level`` and ``version`` are ones WCAG 2 has."""
    if level not in LEVELS:
        raise ConfigError(f"level {level!r} is not one of {', '.join(LEVELS)}", key=where)
    if version not in VERSIONS:
        raise ConfigError(f"version {version!r} is not one of {', '.join(VERSIONS)}", key=where)


def pick_title(lang: str, title_en: str, title_zh: str) -> str:
    """``title_en`` for "en", ``title_zh`` for "zh" or "zh-CN"; UsageError for others."""
    return pick(lang, title_zh, title_en)
