"""The CSV field sheet: a checklist as a table an inspector fills in a spreadsheet.

Layout (UTF-8 with a byte-order mark, so Excel shows Chinese right)::

    # a11y-audit field sheet,a11y-audit/inspection/1,...
    checklist（检查表）,gb55019-parking,...
    checklist_version（版本）,2025.1
    facility（设施编号）,FAC-001
    facility_name（设施名称）,示范区政务服务中心
    ... facility_type, address, lat, lon, department, inspector, date, round, building, notes
    <blank row>
    item_id,section（分部）,prompt（检查内容）,answer_format（填写方式）,unit（单位）,
        required（要求）,value（实测值）,not_applicable（不适用）,note（备注）,photos（照片）
    has_parking,停车场概况,该场所是否设有……,是/否 yes/no,,,yes,,,

An exported sheet ends with the inspection's change log as comment rows (``# <when>``, who,
what, item, old, new): shown in a spreadsheet, skipped on import.

Only the part of a header cell before a bracket counts, so the labels may be translated.
Cells that would start a formula in a spreadsheet are written with a leading apostrophe,
which reading takes off again (``audit.csvcells``).
Rows whose first cell starts with ``#`` are comments; empty rows are skipped. On import only
``item_id``, ``unit``, ``value``, ``not_applicable``, ``note``, ``photos`` and (for checklists
with before-and-after photos, such as home modifications) ``photos_before（改造前照片）`` are
read; text anywhere else in the table (a column added, a cell beyond the last heading, a row
without ``item_id``), a column read twice or a header field given twice is an error naming the
line, so that nothing an inspector wrote is dropped unseen. A bare number in ``value`` takes
``unit``. Photos are separated by ``;`` or new lines.
Dates may be written as Excel does (``2025/3/14``). A sheet saved by Excel in GBK
(ANSI on Chinese Windows) is read too.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from typing import Any

from audit.checklist.describe import requirement_by_building
from audit.checklist.schema import Checklist, Item, ItemType, PhotoPolicy
from audit.checklist.sheet_model import SHEET_SCHEMA, Sheet, entered_text
from audit.csvcells import from_cell, to_cell
from audit.errors import ChecklistError
from audit.textfile import not_utf8
from audit.yamlfile import PathKey, YamlDoc

_FACILITY = {"facility": "code", "facility_name": "name", "facility_type": "type",
             "address": "address", "lat": "lat", "lon": "lon", "department": "department"}
_HEADER: list[tuple[str, str, str]] = [  # key, zh label, hint
    ("checklist", "检查表", ""), ("checklist_version", "版本", ""),
    ("facility", "设施编号", "e.g. FAC-001"), ("facility_name", "设施名称", ""),
    ("facility_type", "设施类型", ""), ("address", "地址", ""),
    ("lat", "纬度", "WGS-84, e.g. 30.2741"), ("lon", "经度", "WGS-84, e.g. 120.1551"),
    ("department", "责任部门", ""), ("inspector", "检查人", ""),
    ("date", "检查日期", "YYYY-MM-DD"), ("round", "轮次", "1, 2, ... (blank: next)"),
    ("building", "新建/既有", "new | existing"), ("notes", "备注", ""),
]
_META = {key for key, _, _ in _HEADER} | {"schema"}
_COLUMNS: list[tuple[str, str]] = [
    ("item_id", ""), ("section", "分部"), ("prompt", "检查内容"),
    ("answer_format", "填写方式"), ("unit", "单位"), ("required", "要求"),
    ("value", "实测值"), ("not_applicable", "不适用"), ("note", "备注"), ("photos", "照片"),
]
_BEFORE_COLUMN = ("photos_before", "改造前照片")
_READ = ("item_id", "unit", "value", "not_applicable", "note", "photos", "photos_before")
_SHOWN = tuple(key for key, _ in _COLUMNS if key not in _READ)  # the template's, not read
_TRUE = {"x", "✓", "√", "yes", "y", "true", "1", "是", "n/a", "na", "不适用"}
_FALSE = {"", "no", "n", "false", "0", "否"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_PHOTO_SPLIT = re.compile(r"[;；\n]+")


def cell_key(cell: str) -> str:
    """``"value（实测值）"`` -> ``"value"``."""
    head = re.split(r"[(（]", cell, maxsplit=1)[0]
    return head.strip().lower().replace(" ", "_")


def parse_csv(data: bytes, name: str) -> YamlDoc:
    """The sheet's data as the YAML layout, with the line of every field and item row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise not_utf8(err, name, error_cls=ChecklistError, also=" (nor GBK)") from None
    reader = _Rows(text, name)
    out: dict[str, Any] = {"schema": SHEET_SCHEMA}
    lines: dict[PathKey, int] = {(): 1}
    facility: dict[str, str] = {}
    for line, row in reader:
        key = cell_key(row[0])
        if key == "item_id":
            _items(reader, row, line, out, lines, name)
            break
        if key not in _META:
            raise ChecklistError(f"unknown field {row[0].strip()!r} (known: "
                                 f"{', '.join(k for k, _, _ in _HEADER)}, or the item_id row)",
                                 file=name, line=line)
        value = from_cell(row[1].strip()) if len(row) > 1 else ""
        if not value:
            continue
        path = ("facility", _FACILITY[key]) if key in _FACILITY else (key,)
        if path in lines:
            raise ChecklistError(f"{key} is given twice (first at line {lines[path]}); keep one",
                                 file=name, line=line)
        if key in _FACILITY:
            facility[_FACILITY[key]] = value
            lines[("facility", _FACILITY[key])] = line
            lines.setdefault(("facility",), line)
        else:
            out[key] = _date(value) if key == "date" else value
            lines[(key,)] = line
    else:
        raise ChecklistError("no item table: a row starting with item_id is missing",
                             file=name, line=reader.last_line)
    if facility:
        out["facility"] = facility
    return YamlDoc(file=name, data=out, lines=lines)


def _columns(row: list[str], name: str, line: int) -> list[str]:
    """The keys of the item table's columns; ChecklistError when a column that is read is
    there twice (one of the two would be lost)."""
    header = [cell_key(cell) for cell in row]
    for number, key in enumerate(header, 1):
        if key in _READ and header.index(key) + 1 < number:
            raise ChecklistError(f"the column {key} appears twice (columns "
                                 f"{header.index(key) + 1} and {number})", file=name, line=line)
    return header


def _unread_cell(row: list[str], header: list[str], heading: list[str]) -> str | None:
    """Why a cell of ``row`` would be lost (it has text in a column that is not read)."""
    known = ", ".join(_READ)
    for number, cell in enumerate(row, 1):
        key = header[number - 1] if number <= len(header) else ""
        if not cell.strip() or key in _READ or key in _SHOWN:
            continue
        if key:
            return (f"{cell!r} is in the column {heading[number - 1].strip()!r}, which is not "
                    f"read (only {known} are); move it to note")
        return (f"{cell!r} is in column {number}, which has no heading (only {known} are "
                "read); move it to note")
    return None


def _check_nothing_held(cells: dict[str, str], name: str, line: int) -> None:
    """A row without an item id is skipped; ChecklistError when it holds an answer."""
    held = next((cells[key] for key in _READ if cells.get(key) and key != "unit"), None)
    if held:
        raise ChecklistError(f"a row without item_id holds {held!r}; write the item's id in "
                             "its first cell, or move what it says to that item's note",
                             file=name, line=line)


def _items(reader: _Rows, heading: list[str], heading_line: int, out: dict[str, Any],
           lines: dict[PathKey, int], name: str) -> None:
    header = _columns(heading, name, heading_line)
    answers: dict[str, Any] = {}
    for line, row in reader:
        cells = dict(zip(header, (from_cell(c.strip()) for c in row), strict=False))
        item_id = cells.get("item_id", "")
        if not item_id:
            _check_nothing_held(cells, name, line)
            continue
        lost = _unread_cell(row, header, heading)
        if lost:
            raise ChecklistError(lost, file=name, line=line, key=f"item {item_id}")
        if item_id in answers:
            raise ChecklistError(f"item {item_id} has two rows (first at line "
                                 f"{lines[('answers', item_id)]})", file=name, line=line)
        lines[("answers", item_id)] = line
        answer = _answer(cells, name, line, item_id)
        if answer:
            answers[item_id] = answer
    out["answers"] = answers


def _answer(cells: dict[str, str], name: str, line: int, item_id: str) -> dict[str, Any]:
    flag = cells.get("not_applicable", "").lower()
    if flag not in _TRUE | _FALSE:
        raise ChecklistError(f"not_applicable must be empty or yes, got {flag!r}", file=name,
                             line=line, key=f"item {item_id}")
    answer: dict[str, Any] = {}
    for key in ("value", "unit", "note"):
        if cells.get(key):
            answer[key] = cells[key]
    if flag in _TRUE:
        answer["na"] = True
    for key in ("photos", "photos_before"):
        photos = [p.strip() for p in _PHOTO_SPLIT.split(cells.get(key, "")) if p.strip()]
        if photos:
            answer[key] = photos
    if set(answer) == {"unit"}:
        return {}  # the template's unit alone is not an answer
    return answer


def _date(text: str) -> str:
    match = _DATE.match(text)
    if not match:
        return text  # the model says what is wrong with it
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return text


class _Rows:
    """CSV records with the line each starts on (a quoted cell may span lines)."""

    def __init__(self, text: str, name: str) -> None:
        self._reader = csv.reader(io.StringIO(text, newline=""))
        self._name = name
        self.last_line = 1

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        while True:
            start = self._reader.line_num + 1
            try:
                row = next(self._reader)
            except csv.Error as err:
                raise ChecklistError(f"CSV error: {err}", file=self._name,
                                     line=self._reader.line_num) from None
            self.last_line = self._reader.line_num
            if row and any(c.strip() for c in row) and not row[0].lstrip().startswith("#"):
                return start, row


# -- writing ---------------------------------------------------------------------------------

def write_csv(checklist: Checklist, lang: str, sheet: Sheet | None = None) -> str:
    """A field sheet for ``checklist``: blank (a template) or filled from ``sheet``. No cell
    starts a formula (``audit.csvcells``): what people typed is shown as text."""
    out = io.StringIO()
    writer = _CellWriter(out)
    zh = lang.startswith("zh")
    writer.writerow(["# a11y-audit field sheet" + (" 无障碍现场检查表" if zh else ""),
                     SHEET_SCHEMA, checklist.title.get(lang)])
    values = _header_values(checklist, sheet)
    for key, label, hint in _HEADER:
        writer.writerow([f"{key}（{label}）" if zh else key, values.get(key, ""), hint])
    writer.writerow([])
    before = any(item.photo is PhotoPolicy.BEFORE_AFTER for item in checklist.items)
    columns = [*_COLUMNS, _BEFORE_COLUMN] if before else _COLUMNS
    writer.writerow([f"{key}（{label}）" if zh and label else key for key, label in columns])
    for section in checklist.sections:
        for item in section.items:
            row = _item_row(item, section.title.get(lang), lang, sheet)
            writer.writerow(row if before else row[:len(_COLUMNS)])
    writer.writerows(_history_rows(sheet, zh))
    return "\ufeff" + out.getvalue()


def _history_rows(sheet: Sheet | None, zh: bool) -> list[list[str]]:
    """The change log as comment rows (skipped on import)."""
    if sheet is None or not sheet.history:
        return []
    rows = [[], ["# history（修改记录）" if zh else "# history", "by", "subject", "action",
                 "item", "old", "new"]]
    for change in sheet.history:
        rows.append([f"# {change.at}", change.by or "", change.subject, change.action,
                     change.item or "", _shown(change.old), _shown(change.new)])
    return rows


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _CellWriter:
    """``csv.writer`` whose every cell goes through the CSV policy."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: list[str]) -> None:
        self._writer.writerow([to_cell(cell) for cell in row])

    def writerows(self, rows: list[list[str]]) -> None:
        for row in rows:
            self.writerow(row)


def _header_values(checklist: Checklist, sheet: Sheet | None) -> dict[str, str]:
    values = {"checklist": checklist.id, "checklist_version": checklist.version,
              "building": "new"}
    if sheet is None:
        return values
    data = sheet.model_dump(mode="json", by_alias=True, exclude_none=True)
    facility = data.pop("facility")
    facility = {"code": facility} if isinstance(facility, str) else facility
    for key, field_name in _FACILITY.items():
        if facility.get(field_name) is not None:
            values[key] = str(facility[field_name])
    for key in ("checklist_version", "inspector", "date", "round", "building", "notes"):
        if data.get(key) is not None:
            values[key] = str(data[key])
    return values


def _item_row(item: Item, section: str, lang: str, sheet: Sheet | None) -> list[str]:
    required = requirement_by_building(item)
    row = [item.id, section, item.prompt.get(lang), _format_hint(item, lang), item.unit or "",
           required.get(lang) if required else "", "", "", "", "", ""]
    if sheet is not None and item.id in sheet.answers:
        answer = sheet.answer(item.id)
        row[4] = answer.unit or row[4]
        row[6] = entered_text(answer.value) or ""
        row[7] = "yes" if answer.na else ""
        row[8] = answer.note or ""
        row[9] = "; ".join(answer.photos)
        row[10] = "; ".join(answer.photos_before)
    return row


def _format_hint(item: Item, lang: str) -> str:
    zh = lang.startswith("zh")
    if item.type is ItemType.YES_NO:
        return "是/否 (yes/no)" if zh else "yes / no"
    if item.type is ItemType.COUNT:
        return "数量" if zh else "a number"
    if item.type is ItemType.CHOICE:
        return " | ".join(f"{c.id}={c.label.get(lang)}" for c in item.choices or [])
    if item.type is ItemType.MEASUREMENT:
        hint = "1:12, 8.33%, 4.76°" if item.unit == "ratio" else (item.unit or "")
        return f"{'测量值' if zh else 'measured'}: {hint}"
    return "文字" if zh else "text"
