"""``a11y-audit inspect``: facility inspections — field sheets in and out, verdicts, rounds.

    a11y-audit inspect template gb55019-parking -o parking.csv     # a sheet to fill in Excel
    a11y-audit inspect import parking.csv --photos photos/          # YAML, JSON or CSV
    a11y-audit inspect show 1                                       # verdict per item
    a11y-audit inspect new --facility FAC-001 --checklist gb55019-curb-ramps
    a11y-audit inspect compare --facility FAC-001                   # last two rounds
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from audit.checklist import Catalogue, load_bundled, load_folder
from audit.checklist.intake import export_photos, import_sheet, judge, to_sheet
from audit.checklist.rounds import compare
from audit.checklist.sheets import FORMATS, dump_sheet, output_format, write_csv
from audit.cli import _inspect_new, _inspect_view
from audit.cli.actor import cli_actor
from audit.cli.exitcodes import ExitCode
from audit.cli.options import STORED_ID, lang_option
from audit.cli.stored import existing_store
from audit.cli.written import say_written
from audit.errors import ChecklistError, ConflictError, UsageError
from audit.report.i18n import Messages
from audit.store import InspectionStatus, Store, open_store
from audit.terminal import plain

command = click.Group(name="inspect", help="Facility inspections: import and export field "
                      "sheets, show verdicts, enter one in the terminal, compare rounds.")

DB = click.option("--db", envvar="A11Y_AUDIT_DB", default=None,
                  help="The store: a SQLite file or postgresql:// URL "
                       "[default: $A11Y_AUDIT_DB or ./a11y-audit.db]")
FILES = click.option("--files", "files_dir", envvar="A11Y_AUDIT_FILES", default=None,
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Folder for photo files [default: $A11Y_AUDIT_FILES, else "
                          "<db file>.files next to a SQLite store]")
DIR = click.option("--dir", "folder", type=click.Path(file_okay=False, exists=True,
                                                      path_type=Path),
                   help="Read checklists from this folder instead of the bundled ones.")


def catalogue(folder: Path | None) -> Catalogue:
    return load_folder(folder) if folder else load_bundled()


@command.command("template")
@click.argument("checklist_id", metavar="CHECKLIST_ID")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the CSV here (UTF-8 with BOM, for Excel) instead of stdout.")
@lang_option
@DIR
def template(checklist_id: str, output: Path | None, lang: str, folder: Path | None) -> None:
    """Write a blank CSV field sheet for CHECKLIST_ID: header fields, then one row per item."""
    _write(write_csv(catalogue(folder).get(checklist_id), lang), output, lang)


@command.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--photos", "photos_dir", type=click.Path(file_okay=False, exists=True,
                                                        path_type=Path),
              help="Folder the sheets' photo names are relative to [default: the sheet's].")
@click.option("--replace", is_flag=True,
              help="Overwrite an inspection already stored for the same facility, checklist "
                   "and round.")
@lang_option
@DB
@FILES
@DIR
def import_(files: tuple[Path, ...], photos_dir: Path | None, replace: bool, lang: str,
            db: str | None, files_dir: Path | None, folder: Path | None) -> None:
    """Import filled sheets (YAML, JSON or CSV). A refused photo is reported and skipped;
    everything else is kept. Exit code 2 when a sheet or a photo was refused."""
    cat, t = catalogue(folder), Messages(lang).t
    failed = refused = 0
    with open_store(db, files_dir=files_dir) as store:
        for path in files:
            try:
                result = import_sheet(store, path, photos_dir=photos_dir, catalogue=cat,
                                      replace=replace, by=cli_actor())
            except (ChecklistError, ConflictError) as err:
                said = str(err) if isinstance(err, ChecklistError) \
                    else t("field_cli.approved_not_replaced", path=path)
                click.echo(plain(said), err=True)
                click.echo(t("field_cli.sheet_refused", path=path), err=True)
                failed += 1
                continue
            for warning in result.warnings:
                click.echo(t("cli.warning", warning=plain(warning)), err=True)
            for photo in result.refused:
                click.echo(plain(t("field_cli.photo_refused", path=path, item=photo.item,
                                   message=photo.message)), err=True)
            refused += len(result.refused)
            said = "field_cli.replaced" if result.replaced else "field_cli.imported"
            click.echo(plain(t(said, path=path, id=result.inspection_id, facility=result.facility,
                               checklist=result.checklist, round=result.round,
                               answers=result.answers, photos=result.photos_attached)))
    if refused:
        click.echo(t("field_cli.photos_refused", count=refused), err=True)
    if failed:
        click.echo(t("field_cli.sheets_refused", count=failed), err=True)
    if failed or refused:
        raise SystemExit(ExitCode.USAGE)


@command.command("export")
@click.argument("inspection_id", type=STORED_ID, metavar="ID")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="yaml, json or csv [default: from the -o file name, else yaml]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the sheet here (.yaml, .json or .csv) instead of stdout.")
@click.option("--photos", "photos_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the photos into this folder; the sheet names them by file.")
@click.option("--strip-metadata", is_flag=True,
              help="Exported photos without GPS and other EXIF (for sending outside).")
@lang_option
@DB
@FILES
@DIR
def export(inspection_id: int, fmt: str | None, output: Path | None, photos_dir: Path | None,
           strip_metadata: bool, lang: str, db: str | None, files_dir: Path | None,
           folder: Path | None) -> None:
    """Write inspection ID as a sheet that imports back to the same answers and photos, with
    its change log (who changed what, when, from what to what; not imported)."""
    fmt = output_format(output, fmt)
    if strip_metadata and photos_dir is None:
        raise UsageError("--strip-metadata needs --photos DIR")
    with existing_store(db, lang, files_dir=files_dir) as store:
        record = store.inspection(inspection_id)
        names = export_photos(store, record, photos_dir, strip=strip_metadata) \
            if photos_dir else None
        history = store.history(inspection_id=inspection_id)
    cat = catalogue(folder)
    checklist = cat.get(record.info.checklist_id) if fmt == "csv" else None
    sheet = to_sheet(record, photo_names=names, history=history)
    _write(dump_sheet(sheet, fmt, checklist, lang), output, lang)


@command.command("show")
@click.argument("inspection_id", type=STORED_ID, metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
@DB
@FILES
@DIR
def show(inspection_id: int, fmt: str, lang: str, db: str | None, files_dir: Path | None,
         folder: Path | None) -> None:
    """Per item: measured vs required, pass / fail / not-applicable / unanswered, clause,
    severity and photos (SHA-256, time taken, GPS)."""
    with existing_store(db, lang, files_dir=files_dir) as store:
        record = store.inspection(inspection_id)
    checklist, result = judge(record, catalogue(folder))
    msg = Messages(lang)
    warnings = []
    if record.info.checklist_version != checklist.version:
        warnings.append(msg.t("field_cli.version_warning", checklist=checklist.id,
                              entered=record.info.checklist_version, version=checklist.version))
    if fmt == "json":
        doc = _inspect_view.show_json(record, result, warnings)
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(plain(_inspect_view.show_text(record, checklist, result, msg, warnings)))


@command.command("list")
@click.option("--facility", help="Only this facility (its code).")
@DB
@FILES
def list_(facility: str | None, db: str | None, files_dir: Path | None) -> None:
    """List the stored inspections: id, facility, checklist, round, date, inspector, status."""
    with existing_store(db, files_dir=files_dir) as store:
        found = store.inspections(facility=facility)
    for info in found:
        click.echo(plain(f"{info.id}\t{info.facility}\t{info.checklist_id}\tround {info.round}\t"
                         f"{info.inspected_on or '-'}\t{info.inspector or '-'}\t{info.status}"))


_DECISIONS = (InspectionStatus.APPROVED, InspectionStatus.RETURNED)
_UNDECIDED = (InspectionStatus.DRAFT, InspectionStatus.SUBMITTED, InspectionStatus.RETURNED)


@command.command("status")
@click.argument("inspection_id", type=STORED_ID, metavar="ID")
@click.argument("status", type=click.Choice([s.value for s in InspectionStatus]))
@lang_option
@DB
@FILES
def status(inspection_id: int, status: str, lang: str, db: str | None,
           files_dir: Path | None) -> None:
    """Set an inspection's status: draft or submitted. Approving or sending back is a
    reviewer's decision in the field app (four-eyes rule); an approved inspection stays so."""
    msg = Messages(lang)
    if InspectionStatus(status) in _DECISIONS:
        raise UsageError(msg.t("field_cli.decided_in_app", id=inspection_id,
                               status=msg.t(f"inspection_status.{status}")))
    with existing_store(db, lang, files_dir=files_dir) as store:
        try:
            store.set_inspection_status(inspection_id, status, by=cli_actor(),
                                        expect=_UNDECIDED)
        except ConflictError:
            raise ConflictError(msg.t("field_cli.decided_unchanged", id=inspection_id)) \
                from None
    click.echo(msg.t("field_cli.status_set", id=inspection_id,
                     status=msg.t(f"inspection_status.{status}")))


@command.command("compare")
@click.argument("ids", nargs=-1, type=STORED_ID, metavar="[OLD_ID NEW_ID]")
@click.option("--facility", help="Compare this facility's last two rounds (per checklist).")
@click.option("--checklist", "checklist_id", help="With --facility: only this checklist.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
@DB
@FILES
@DIR
def compare_(ids: tuple[int, ...], facility: str | None, checklist_id: str | None, fmt: str,
             lang: str, db: str | None, files_dir: Path | None, folder: Path | None) -> None:
    """Re-inspection: fixed, still failing, newly failing (and not re-checked) item by item."""
    cat = catalogue(folder)
    with existing_store(db, lang, files_dir=files_dir) as store:
        pairs = _pairs(store, ids, facility, checklist_id)
        records = [(store.inspection(a), store.inspection(b)) for a, b in pairs]
    docs, texts = [], []
    for old, new in records:
        comparison = compare(judge(old, cat)[1], judge(new, cat)[1])
        docs.append(_inspect_view.compare_json(old.info, new.info, comparison))
        texts.append(_inspect_view.compare_text(old.info, new.info, comparison, Messages(lang)))
    if fmt == "json":
        click.echo(json.dumps(docs[0] if ids else docs, ensure_ascii=False, indent=2))
    else:
        click.echo(plain("\n\n".join(texts)))


def _pairs(store: Store, ids: tuple[int, ...], facility: str | None,
           checklist_id: str | None) -> list[tuple[int, int]]:
    if ids:
        if len(ids) != 2 or facility:
            raise UsageError("give two inspection ids (OLD_ID NEW_ID) or --facility CODE")
        return [(ids[0], ids[1])]
    if not facility:
        raise UsageError("give two inspection ids (OLD_ID NEW_ID) or --facility CODE")
    store.facility(facility)
    by_checklist: dict[str, list[int]] = {}
    for info in store.inspections(facility=facility, checklist_id=checklist_id):
        by_checklist.setdefault(info.checklist_id, []).append(info.id)  # ordered by round
    pairs = [(found[-2], found[-1]) for found in by_checklist.values() if len(found) >= 2]
    if not pairs:
        raise UsageError(f"facility {facility} has no checklist inspected in two rounds yet")
    return pairs


command.add_command(_inspect_new.new)


def _write(text: str, output: Path | None, lang: str) -> None:
    """To a file as it is (a CSV keeps its BOM for Excel), or to stdout without the BOM."""
    if output is None:
        click.echo(text.removeprefix("\ufeff"), nl=False)
        return
    output.write_text(text, encoding="utf-8", newline="")
    say_written(lang, output)
