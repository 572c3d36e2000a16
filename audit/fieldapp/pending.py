"""Entries of a section that could not be saved (a bad value, a refused photo), kept in the
session until the section is saved cleanly: a reload or a closed tab loses nothing typed, and
the page shows the same errors again. Only translation keys are kept, to keep the cookie small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import session

from audit.checklist import Checklist

_KEY = "pending"
Problem = tuple[str, dict[str, str]]


@dataclass(frozen=True)
class Pending:
    errors: dict[str, list[Problem]]  # field id -> (translation key, values) ...
    entered: dict[str, str]  # field name -> the text as typed


def get(key: str) -> Pending | None:
    found: Any = session.get(_KEY, {}).get(key)
    if not found:
        return None
    errors = {field: [(str(k), dict(v)) for k, v in problems]
              for field, problems in found.get("errors", {}).items()}
    return Pending(errors, dict(found.get("entered", {})))


def put(key: str, errors: dict[str, list[Problem]], entered: dict[str, str]) -> None:
    """Remember the section's problems, or forget them when there are none."""
    everything = dict(session.get(_KEY, {}))
    if errors:
        everything[key] = {"errors": errors, "entered": entered}
    else:
        everything.pop(key, None)
    session[_KEY] = everything


def forget_item(inspection_id: int, checklist: Checklist, item_id: str) -> None:
    """An item saved on its own (by the script) no longer has a pending bad value."""
    number = next(n for n, s in enumerate(checklist.sections, start=1)
                  if any(i.id == item_id for i in s.items))
    key = f"{inspection_id}/{number}"
    state = get(key)
    if state is None:
        return
    errors = {f: p for f, p in state.errors.items() if f != f"v-{item_id}"}
    entered = {f: v for f, v in state.entered.items() if not f.endswith(f"-{item_id}")}
    put(key, errors, entered)
