"""Unknown keys in a YAML file validated by a pydantic model: the key meant, or the keys
allowed where it stands (``allowed_keys`` walks the model along pydantic's error location).

    unknown key (did you mean 'department'?)
    unknown key; the keys allowed here: name, start, include ...
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel


def unknown_key(key: str, allowed: Sequence[str]) -> str:
    """What to tell a user who wrote ``key`` where only ``allowed`` may stand."""
    meant = close_key(key, allowed)
    if meant is not None:
        return f"unknown key (did you mean {meant!r}?)"
    if allowed:
        return f"unknown key; the keys allowed here: {', '.join(allowed)}"
    return "unknown key"


def close_key(key: str, keys: Iterable[object]) -> str | None:
    """The one of ``keys`` that ``key`` most looks like a misspelling of, if any."""
    meant = get_close_matches(key, [k for k in keys if isinstance(k, str)], n=1, cutoff=0.6)
    return meant[0] if meant else None


def allowed_keys(model: type[BaseModel], loc: Iterable[Any]) -> list[str]:
    """The keys (aliases where set) of the mapping at ``loc`` of a document ``model``
    validates, in the models' order; empty when the location leads to no model."""
    found = [model]
    for part in loc:
        stepped = [inner for kind in found for inner in _step(kind, part)]
        found = stepped or found  # a union member's tag in the location: no step
    keys = (field.alias or name for kind in found if _is_model(kind)
            for name, field in kind.model_fields.items())
    return list(dict.fromkeys(keys))


def _step(kind: Any, part: Any) -> list[Any]:
    """The types one step into ``kind`` at ``part`` (a key or an index)."""
    out = []
    for member in _members(kind):
        if _is_model(member) and isinstance(part, str):
            field = next((f for name, f in member.model_fields.items()
                          if part in (name, f.alias)), None)
            out += [field.annotation] if field is not None else []
        elif typing.get_origin(member) in (list, tuple, set, frozenset) and isinstance(part, int):
            out.append(typing.get_args(member)[0])
        elif typing.get_origin(member) is dict and isinstance(part, str):
            out.append(typing.get_args(member)[1])
    return out


def _members(kind: Any) -> list[Any]:
    """``kind`` without ``Annotated`` and ``Optional``, a union as its members."""
    origin = typing.get_origin(kind)
    if origin is typing.Annotated:
        return _members(typing.get_args(kind)[0])
    if origin in (typing.Union, types.UnionType):
        return [inner for arg in typing.get_args(kind) for inner in _members(arg)]
    return [kind]


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)
