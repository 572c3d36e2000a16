"""From the facts of a Word, Excel or PowerPoint file to issues (pure, like analyse_pdf)."""

from __future__ import annotations

from typing import Any

from audit.documents.issues import Issue, alt_issues, settings
from audit.model import Outcome


def analyse_office(facts: dict[str, Any]) -> list[Issue]:
    kind = facts["format"]
    issues = []
    if not facts["title"]:
        issues.append(Issue("office-no-title", "missing"))
    issues += _language(facts)
    images = [(_image_location(kind, image, number), image["descr"],
               {"name": image["name"] or f"#{number}"})
              for number, image in enumerate(facts["images"], 1) if not image["decorative"]]
    issues += alt_issues(images, "office-image-alt", "missing")
    issues += [Issue("office-table-header", "none", _table_location(kind, table, number),
                     {"rows": table["rows"]})
               for number, table in enumerate(facts["tables"], 1)
               if table["rows"] >= 2 and not table["header_row"]]
    if kind == "docx":
        issues += _headings(facts)
    if kind == "pptx":
        issues += [Issue("office-slide-title", "missing", f"slide {slide['slide']}",
                         outcome=Outcome.NEEDS_REVIEW)
                   for slide in facts["slides"] if not slide["title"]]
    return issues


def _language(facts: dict[str, Any]) -> list[Issue]:
    kind = facts["format"]
    if facts["lang"] or (kind == "docx" and facts["style_lang"]) or \
            (kind == "pptx" and facts["run_langs"]):
        return []
    if kind == "xlsx":
        return [Issue("office-no-lang", "spreadsheet", outcome=Outcome.NEEDS_REVIEW)]
    return [Issue("office-no-lang", "missing")]


def _headings(facts: dict[str, Any]) -> list[Issue]:
    rule = settings("office-no-headings")
    long = facts["characters"] >= rule["min_characters"] or \
        (facts["pages"] or 0) >= rule["min_pages"]
    if facts["headings"] or not long:
        return []
    return [Issue("office-no-headings", "none", facts={"characters": facts["characters"]},
                  outcome=Outcome.NEEDS_REVIEW)]


def _image_location(kind: str, image: dict[str, Any], number: int) -> str:
    name = f" {image['name'][:60]!r}" if image["name"] else ""
    if kind == "xlsx":
        return f"sheet {image['sheet'][:60]!r}, image {number}{name}"
    if kind == "pptx":
        return f"slide {image['slide']}, image {number}{name}"
    return f"image {number}{name}"


def _table_location(kind: str, table: dict[str, Any], number: int) -> str:
    if kind == "xlsx":
        return f"sheet {table['sheet'][:60]!r}, table {table['name'][:60]!r}"
    if kind == "pptx":
        return f"slide {table['slide']}, table {number}"
    return f"table {number}"
