"""``a11y-audit checklist``: validate checklist files, list and show the bundled checklists."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from audit.checklist import (
    Catalogue,
    Checklist,
    check_file,
    checklist_files,
    load_bundled,
    load_folder,
    requirement_by_building,
)
from audit.cli.exitcodes import ExitCode
from audit.cli.options import lang_option
from audit.errors import ChecklistError

command = click.Group(
    name="checklist",
    help="Field checklists (GB 55019, ADA 2010, manual WCAG, MIIT APP): validate, list, show.",
)

_DIR = click.option("--dir", "folder", type=click.Path(file_okay=False, exists=True,
                                                       path_type=Path),
                    help="Read checklists from this folder instead of the bundled ones.")


def _catalogue(folder: Path | None) -> Catalogue:
    return load_folder(folder) if folder else load_bundled()


@command.command("validate")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check checklist FILEs (or folders of them) and judge every item's examples; print every
    problem as file:line: item: what."""
    seen: dict[str, str] = {}
    failed = False
    for path in [f for arg in files for f in (checklist_files(arg) if arg.is_dir() else [arg])]:
        checklist, errors = check_file(path, examples=True)
        if checklist is not None and checklist.id in seen:
            errors = [ChecklistError(f"duplicate checklist id {checklist.id!r} "
                                     f"(also in {seen[checklist.id]})", file=str(path), key="id")]
        for error in errors:
            click.echo(str(error), err=True)
        if errors or checklist is None:
            failed = True
            continue
        seen[checklist.id] = str(path)
        click.echo(f"ok: {path} ({len(checklist.items)} items)")
    if failed:
        raise SystemExit(ExitCode.USAGE)


@command.command("list")
@lang_option
@_DIR
def list_(lang: str, folder: Path | None) -> None:
    """List the checklists: id, version, standard, title and number of items."""
    table = Table("id", "version", "standard", "title", "items")
    for checklist in sorted(_catalogue(folder), key=lambda c: c.id):
        table.add_row(checklist.id, checklist.version, checklist.standard,
                      checklist.title.get(lang), str(len(checklist.items)))
    Console(width=160).print(table)


@command.command("show")
@click.argument("checklist_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
@_DIR
def show(checklist_id: str, fmt: str, lang: str, folder: Path | None) -> None:
    """Show one checklist: its sections and items with rules, clauses and severities."""
    checklist = _catalogue(folder).get(checklist_id)
    if fmt == "json":
        data = checklist.model_dump(mode="json", by_alias=True, exclude_none=True)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_text(checklist, lang))


def _text(checklist: Checklist, lang: str) -> str:
    lines = [f"{checklist.title.get(lang)} — {checklist.id} {checklist.version} "
             f"({checklist.standard})"]
    for section in checklist.sections:
        when = f"  [when {section.applies_when}]" if section.applies_when else ""
        lines += ["", f"## {section.title.get(lang)} ({section.id}){when}"]
        for item in section.items:
            kind = item.type.value + (f", {item.unit}" if item.unit else "")
            lines.append(f"- {item.id} [{kind}] {item.prompt.get(lang)}")
            required = requirement_by_building(item)
            if required is not None:
                flag = "" if item.confirmed else " — UNCONFIRMED"
                lines.append(f"    requires: {required.get(lang)} | {item.clause} | "
                             f"{item.severity} | photo {item.photo.value}{flag}")
            for case in item.cases:
                lines.append(f"    where {case.when}: {case.clause}, rests on "
                             f"{case.source.basis.value} — {case.source.seen}")
            if item.source is not None:
                lines.append(f"    rests on: {item.source.basis.value} — {item.source.seen}")
            if item.applies_when:
                lines.append(f"    when: {item.applies_when}")
            if item.help:
                lines.append(f"    help: {item.help.get(lang)}")
    return "\n".join(lines)
