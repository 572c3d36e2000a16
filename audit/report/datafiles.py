"""The report's data files in reports/: policy.yaml and the translations in i18n/.

A ``--templates`` folder may hold its own ``policy.yaml`` and ``i18n/<lang>.yaml``; their keys
are laid over the bundled ones, so a user changes one wording without copying the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from audit.errors import ConfigError
from audit.resources import bundled
from audit.yamlfile import load_data


def reports_dir() -> Path:
    return bundled("reports")


def load_policy(user_dir: Path | None = None) -> dict[str, Any]:
    return _layered("policy.yaml", user_dir)


def load_messages(lang: str, user_dir: Path | None = None) -> dict[str, Any]:
    return _layered(f"i18n/{lang}.yaml", user_dir)


def _layered(name: str, user_dir: Path | None) -> dict[str, Any]:
    data = _read(reports_dir() / name)
    if user_dir is not None and (user_dir / name).is_file():
        data = merge(data, _read(user_dir / name))
    return data


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``: nested mappings merge, anything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError("report data file is missing", file=str(path)) from err
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"cannot read report data: {err}", file=str(path)) from err
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping at the top level", file=str(path))
    return data
