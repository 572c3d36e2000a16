"""The change log as the app shows it: when (local time), who, what, from what to what, in
the user's language (answers with their option labels and units)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.checklist import Checklist
from audit.fieldapp.saving import shown_answer
from audit.fieldapp.timefmt import local_time
from audit.fieldapp.web import cl, t
from audit.store import Change, StoredAnswer

_FACILITY_FIELDS = ("name", "type", "address", "department", "lat", "lon")
_HEADER_WORDS = ("inspector", "inspected_on", "notes")


@dataclass(frozen=True)
class Row:
    at: str
    actor: str
    what: str
    old: str
    new: str
    photo: str | None = None  # the SHA-256 of a photo added or removed


def rows(changes: list[Change], checklist: Checklist | None) -> list[Row]:
    return [_row(change, checklist) for change in changes]


def _row(change: Change, checklist: Checklist | None) -> Row:
    what, old, new, photo = _describe(change, checklist)
    return Row(local_time(change.at), change.actor or t("history.unknown_actor"), what, old,
               new, photo)


def _describe(change: Change, checklist: Checklist | None) -> tuple[str, str, str, str | None]:
    subject, action = change.subject, change.action
    if subject in ("answer", "draft"):
        return (_prompt(checklist, change.item_id) + (t("history.discarded")
                                                      if subject == "draft" else ""),
                _answer(checklist, change.item_id, change.old),
                _answer(checklist, change.item_id, change.new), None)
    if subject == "photo":
        sha = change.new or change.old
        label = t("history.photo_added" if action == "add" else "history.photo_removed")
        return f"{_prompt(checklist, change.item_id)} · {label}", "", "", sha
    if subject == "status":
        return (t("history.status"), t(f"status.{change.old}"), t(f"status.{change.new}"),
                None)
    if subject == "inspector":
        return t("history.handed_over"), change.old or "—", change.new or "", None
    if subject == "review":
        return t(f"history.review.{action}"), "", change.new or "", None
    if subject == "facility":
        return (t(f"history.facility.{action}", code=change.facility),
                _fields(change.old), _fields(change.new), None)
    if subject == "assignment":
        who = change.new or change.old or {}
        return (t(f"history.assignment.{action}"),
                "", t(f"access.{who.get('kind', 'user')}", name=who.get("name", "")), None)
    if subject == "user" and action == "logout":
        return (t("history.user.logout", name=change.item_id,
                  n=(change.new or {}).get("sessions", 0)), "", "", None)
    if subject == "user":
        return (t(f"history.user.{action}", name=change.item_id), _account(change.old),
                _account(change.new), None)
    if subject == "answers":
        return t("history.answers_cleared"), t("history.count", n=len(change.old or {})), \
            "", None
    return t(f"history.inspection.{action}"), _header(change.old), _header(change.new), None


def _prompt(checklist: Checklist | None, item_id: str | None) -> str:
    if checklist is None or item_id is None:
        return item_id or ""
    try:
        return checklist.item(item_id).prompt.get(cl())
    except KeyError:
        return item_id


def _answer(checklist: Checklist | None, item_id: str | None, entry: Any) -> str:
    if not isinstance(entry, dict) or item_id is None:
        return ""
    answer = StoredAnswer(item_id, entry.get("value"), entry.get("unit"),
                          bool(entry.get("na")), entry.get("note"))
    try:
        item = checklist.item(item_id) if checklist is not None else None
    except KeyError:
        item = None
    if item is None:
        return " ".join(str(v) for v in (answer.value, answer.unit, answer.note) if v)
    return shown_answer(item, answer)


def _fields(values: Any) -> str:
    if not isinstance(values, dict):
        return ""
    return "；".join(f"{t('facility.' + name)}：{'—' if values[name] is None else values[name]}"
                    for name in _FACILITY_FIELDS if name in values)


def _account(values: Any) -> str:
    if not isinstance(values, dict):
        return ""
    words = {"role": lambda v: t(f"role.{v}"), "team": lambda v: v or "—",
             "disabled": lambda v: t("admin.disabled" if v else "admin.enabled"),
             "password": lambda v: t("history.password_changed")}
    return "；".join(f"{t('admin.' + key)}：{words[key](value)}" for key, value in values.items()
                    if key in words)


def _header(values: Any) -> str:
    if not isinstance(values, dict):
        return ""
    round_ = values.get("round")
    building = values.get("building")
    parts = [t("inspection.round", n=round_) if round_ else "",
             t(f"building.{building}") if building in ("new", "existing") else "",
             *(t(f"history.{key}", value=values[key] or "—") for key in _HEADER_WORDS
               if key in values)]
    return " · ".join(part for part in parts if part)
