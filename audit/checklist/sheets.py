"""Filled inspection sheets: one checklist answered for one facility, as YAML, JSON or CSV.

YAML and JSON hold the same document (``schema: a11y-audit/inspection/1``)::

    schema: a11y-audit/inspection/1
    facility: {code: FAC-001, name: 示范区政务服务中心, type: 政务服务中心,
               address: ..., lat: 30.27, lon: 120.15, department: 区行政审批局}
    checklist: gb55019-parking
    checklist_version: "2025.1"
    inspector: 王工
    date: 2025-03-14
    round: 1                      # optional: the facility's next round of this checklist
    building: existing            # new | existing
    notes: ...
    answers:
      has_parking: yes
      total_spaces: 120
      aisle_width: {value: 1100 mm, note: 被花坛占用, photos: [aisle.jpg]}
      bollard_spacing: n/a
      door_clear_width: {value: 820 mm, photos_before: [door-0.jpg], photos: [door-1.jpg]}

``facility`` may be just the code of a facility already in the store. A bare number takes the
item's unit, or ``unit:`` where the answer gives one. Photos are file names relative to the
photo folder given on import, or ``sha256:<hex>`` for a photo already in the store;
``photos_before`` (home modifications) are those of the state before the work.

An exported sheet ends with ``history:``, the record's change log (who changed what, when,
from what to what); it is evidence of where the answers came from and is not imported (the
importing store logs the import itself).

The CSV field sheet (``audit.checklist._sheet_csv``) carries the same fields: the header
fields one per row (``inspector,王工``), then a table with one row per item.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from audit.checklist import _sheet_csv
from audit.checklist._sheet_csv import write_csv
from audit.checklist.schema import Checklist
from audit.checklist.sheet_model import Sheet, SheetAnswer, entered_text
from audit.checklist.verdict import Answer, AnswerValue, Inspection, read_answers
from audit.errors import ChecklistError, ConfigError, UsageError
from audit.textfile import decode_utf8
from audit.yamlfile import (
    PathKey,
    YamlDoc,
    check_shape,
    format_path,
    model_errors,
    parse_yaml,
)

FORMATS = ("yaml", "json", "csv")
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}
_BARE_NUMBER = re.compile(r"^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*$")
_NO_UNIT_APPENDED = {"ratio"}  # "10 ratio" means nothing; a slope needs 1:10, % or degrees


@dataclass(frozen=True)
class ParsedSheet:
    """A sheet and where each of its parts is in the file (for file:line messages)."""

    sheet: Sheet
    doc: YamlDoc
    warnings: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.doc.file

    def error(self, problem: str, path: PathKey = (), key: str | None = None) -> ChecklistError:
        return ChecklistError(problem, file=self.doc.file, line=self.doc.line(path),
                              key=key or sheet_key(self.doc, path) or None)


class SheetErrors(ChecklistError):
    """Every problem of one sheet, one per line of the message."""

    def __init__(self, errors: list[ChecklistError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))
        first = errors[0]
        self.file, self.line, self.key = first.file, first.line, first.key


def sheet_key(doc: YamlDoc, path: PathKey) -> str:
    """``("answers", "ramp_slope", "value")`` -> ``item ramp_slope: value``."""
    if len(path) >= 2 and path[0] == "answers":
        rest = format_path(path[2:])
        return f"item {path[1]}: {rest}" if rest else f"item {path[1]}"
    return format_path(path)


def sheet_format(path: str | os.PathLike[str]) -> str:
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise ChecklistError("unknown sheet format: name the file .yaml, .json or .csv",
                             file=os.fspath(path))
    return found


def output_format(path: str | os.PathLike[str] | None, asked: str | None) -> str:
    """The format to write a sheet in: ``asked`` or the file name's (YAML to the terminal);
    UsageError when they disagree or neither says, so that a .csv file never holds YAML."""
    if path is None:
        return asked or "yaml"
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if asked and found and asked != found:
        raise UsageError(f"--format {asked} does not match the file name {os.fspath(path)}; "
                         f"leave out --format or name the file .{asked}")
    if asked or found:
        return asked or found or "yaml"
    raise UsageError(f"cannot tell the sheet format from {os.fspath(path)}: name the file "
                     ".yaml, .json or .csv, or give --format")


def read_sheet(path: str | os.PathLike[str], *, display: str | None = None) -> ParsedSheet:
    """Read a filled sheet (format by file suffix); SheetErrors lists every problem."""
    name = display or os.fspath(path)
    fmt = sheet_format(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ChecklistError(f"cannot read file: {err.strerror or err}", file=name) from None
    if fmt == "csv":
        return validate_doc(_sheet_csv.parse_csv(data, name))
    text = _utf8(data, name)
    return validate_doc(_parse_json(text, name) if fmt == "json" else _parse_yaml(text, name))


def validate_doc(doc: YamlDoc) -> ParsedSheet:
    if not isinstance(doc.data, dict):
        raise SheetErrors([ChecklistError("a sheet must be a mapping", file=doc.file,
                                          line=doc.line(()))])
    try:
        sheet = Sheet.model_validate(doc.data)
    except ValidationError as exc:
        raise SheetErrors(model_errors(doc, exc, error_cls=ChecklistError,
                                       key=sheet_key)) from None
    return ParsedSheet(sheet, doc)


def check_against(parsed: ParsedSheet, checklist: Checklist) -> list[str]:
    """Check the answers against the checklist; SheetErrors for bad ones, else warnings."""
    sheet = parsed.sheet
    _, _, problems = read_answers(checklist, to_inspection(sheet))
    errors = [ChecklistError(p.problem, file=parsed.file,
                             line=parsed.doc.line(("answers", (p.key or "").removeprefix("item "))),
                             key=p.key) for p in problems]
    if errors:
        raise SheetErrors(errors)
    warnings = []
    if sheet.checklist_version and sheet.checklist_version != checklist.version:
        warnings.append(f"{parsed.file}: the sheet was made for {checklist.id} version "
                        f"{sheet.checklist_version}; judged with version {checklist.version}")
    return warnings


def with_unit(value: str | None, unit: str | None) -> str | None:
    """A bare number with its unit appended ("850" + "mm" -> "850 mm"); anything else as is.

    A number is bare as ``units.parse`` reads it (NFKC): "１．５" typed on a Chinese keyboard
    is 1.5, and in metres stays in metres (it was judged 1.5 mm, the item's own unit)."""
    if (value is None or not unit or unit in _NO_UNIT_APPENDED
            or not _BARE_NUMBER.match(unicodedata.normalize("NFKC", value))):
        return value
    return f"{value.strip()} {unit}"


def to_inspection(sheet: Sheet, photos: dict[str, list[str]] | None = None) -> Inspection:
    """The sheet's answers as the verdict code takes them (photos: names or hashes by item)."""
    answers: dict[str, Answer | AnswerValue] = {}
    for item_id in sheet.answers:
        answer = sheet.answer(item_id)
        answers[item_id] = Answer(
            value=with_unit(entered_text(answer.value), answer.unit), na=answer.na,
            note=answer.note, photos=(photos or {}).get(item_id, answer.photos),
            photos_before=answer.photos_before)
    return Inspection(checklist=sheet.checklist, checklist_version=sheet.checklist_version,
                      building=sheet.building, answers=answers)


def sheet_data(sheet: Sheet) -> dict[str, Any]:
    """The sheet as plain data in the YAML/JSON layout (empty fields left out)."""
    data: dict[str, Any] = sheet.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["answers"] = {item_id: _compact(sheet.answer(item_id)) for item_id in sheet.answers}
    return data


def dump_sheet(sheet: Sheet, fmt: str, checklist: Checklist | None = None,
               lang: str = "zh") -> str:
    """The sheet as YAML, JSON or (with its checklist) a CSV field sheet."""
    if fmt == "csv":
        if checklist is None:
            raise ValueError("a CSV sheet needs its checklist")
        return write_csv(checklist, lang, sheet)
    data = sheet_data(sheet)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _compact(answer: SheetAnswer) -> Any:
    data = answer.model_dump(exclude_defaults=True)
    if set(data) <= {"value"}:
        return answer.value
    return data


def _utf8(data: bytes, name: str) -> str:
    return decode_utf8(data, name, error_cls=ChecklistError)


def _parse_yaml(text: str, name: str) -> YamlDoc:
    try:
        return parse_yaml(text, name)
    except ConfigError as err:
        raise ChecklistError(err.problem, file=err.file, line=err.line, key=err.key) from None


class _LongNumber(ValueError):
    """A JSON integer with more digits than Python reads."""


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > sys.get_int_max_str_digits():
        raise _LongNumber(digits)
    return int(digits)


def _parse_json(text: str, name: str) -> YamlDoc:
    """JSON parsed by ``json``; lines come from reading the same text as YAML (JSON is YAML),
    which also refuses deep nesting before ``json`` sees it."""
    try:
        check_shape(text, name)
    except ConfigError as err:
        raise ChecklistError(err.problem, file=err.file, line=err.line) from None
    try:
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as err:
        raise ChecklistError(f"JSON syntax error: {err.msg}", file=name,
                             line=err.lineno) from None
    except _LongNumber as err:
        digits = str(err)
        raise ChecklistError(f"a number of {len(digits.lstrip('-'))} digits is too long to "
                             f"read (at most {sys.get_int_max_str_digits()})", file=name,
                             line=text.count("\n", 0, text.find(digits)) + 1) from None
    try:
        lines = parse_yaml(text, name).lines
    except ConfigError:
        lines = {}
    return YamlDoc(file=name, data=data, lines=lines)
