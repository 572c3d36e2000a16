"""``a11y-audit inspect new``: walk a checklist in the terminal, saving each answer as typed.

Items that do not apply given the answers so far are skipped; an empty answer leaves an item
unanswered; ``n/a`` marks it not applicable. A bad answer is explained and asked again.
Where the item's photo policy wants a photo (always, or on a fail) a photo file is asked for.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from audit.checklist import (
    Catalogue,
    Checklist,
    Item,
    ItemType,
    load_bundled,
    load_folder,
    read_value,
)
from audit.checklist.expr import Value
from audit.checklist.intake import applies, judge, stored_answer
from audit.checklist.sheet_model import SheetAnswer
from audit.checklist.units import UnitError
from audit.cli._inspect_view import counts_line
from audit.cli.actor import cli_actor
from audit.cli.options import lang_option
from audit.cli.stored import existing_store
from audit.errors import AuditError
from audit.evidence import keep_photo
from audit.model import ItemOutcome
from audit.report.i18n import Messages
from audit.store import Store
from audit.terminal import plain

_NA = {"n/a", "na", "不适用"}


@click.command("new")
@click.option("--facility", required=True, help="The facility's code (see `facility list`).")
@click.option("--checklist", "checklist_id", required=True, help="e.g. gb55019-curb-ramps")
@click.option("--inspector", default=None)
@click.option("--date", "day", default=None, help="YYYY-MM-DD [default: today]")
@click.option("--round", "round_", type=click.IntRange(min=1), default=None,
              help="[default: the facility's next round of this checklist]")
@click.option("--building", type=click.Choice(["new", "existing"]), default="new",
              show_default=True)
@lang_option
@click.option("--db", envvar="A11Y_AUDIT_DB", default=None)
@click.option("--files", "files_dir", envvar="A11Y_AUDIT_FILES", default=None,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--dir", "folder", type=click.Path(file_okay=False, exists=True,
                                                 path_type=Path))
def new(facility: str, checklist_id: str, inspector: str | None, day: str | None,
        round_: int | None, building: str, lang: str, db: str | None, files_dir: Path | None,
        folder: Path | None) -> None:
    """Enter an inspection item by item in the terminal (saved as you go, as a draft)."""
    checklist = (load_folder(folder) if folder else load_bundled()).get(checklist_id)
    msg = Messages(lang)
    with existing_store(db, lang, files_dir=files_dir) as store:
        store.facility(facility)
        inspection_id = store.create_inspection(
            facility, checklist.id, checklist.version, inspector=inspector,
            inspected_on=day or date.today().isoformat(), round=round_, building=building,
            by=cli_actor())
        click.echo(plain(msg.t("field_cli.new_start", id=inspection_id,
                               title=checklist.title.get(lang), checklist=checklist.id,
                               facility=facility)))
        _walk(store, inspection_id, checklist, msg)
        record = store.inspection(inspection_id)
    _, result = judge(record, _single(checklist))
    click.echo(msg.t("field_cli.new_saved", id=inspection_id, counts=counts_line(result, msg)))


def _single(checklist: Checklist) -> Catalogue:
    return Catalogue(checklists={checklist.id: checklist})


def _walk(store: Store, inspection_id: int, checklist: Checklist, msg: Messages) -> None:
    values: dict[str, Value] = {}
    for section in checklist.sections:
        click.echo(f"\n## {section.title.get(msg.lang)}")
        for item in section.items:
            if not applies(checklist, item.id, values):
                continue
            answer = _ask(item, msg, values)
            if answer is None:
                continue
            store.save_answer(inspection_id, stored_answer(checklist, item.id, answer),
                              by=cli_actor())
            if _wants_photo(store, inspection_id, checklist, item):
                _ask_photos(store, inspection_id, item, msg)


def _ask(item: Item, msg: Messages, values: dict[str, Value]) -> SheetAnswer | None:
    hint = _hint(item, msg)
    label = f"{item.prompt.get(msg.lang)} [{item.id}"
    label += f"{msg.t('field_cli.hint_separator')}{hint}]" if hint else "]"
    while True:
        raw = click.prompt(label, default="", show_default=False).strip()
        if not raw:
            return None
        if raw.lower() in _NA:
            if item.allow_na:
                return SheetAnswer(na=True)
            click.echo(msg.t("field_cli.cannot_na"), err=True)
            continue
        try:
            values[item.id] = read_value(item, raw)
        except (ValueError, UnitError) as err:
            click.echo(msg.t("field_cli.try_again", error=err), err=True)
            continue
        return SheetAnswer(value=raw)


def _hint(item: Item, msg: Messages) -> str:
    """What an answer looks like: the unit, yes/no (是/否) or the choices."""
    if item.type is ItemType.MEASUREMENT:
        return str(item.unit)
    if item.type is ItemType.YES_NO:
        return msg.t("field_cli.hint_yes_no")
    if item.type is ItemType.CHOICE:
        return "/".join(c.id for c in item.choices or [])
    return ""


def _wants_photo(store: Store, inspection_id: int, checklist: Checklist, item: Item) -> bool:
    if item.rule is None:
        return False
    _, result = judge(store.inspection(inspection_id), _single(checklist))
    found = next((r for r in result.results if r.item == item.id), None)
    return found is not None and not found.photo_ok and found.outcome in (
        ItemOutcome.PASS, ItemOutcome.FAIL)


def _ask_photos(store: Store, inspection_id: int, item: Item, msg: Messages) -> None:
    raw = click.prompt(msg.t("field_cli.photo_prompt"), default="", show_default=False)
    for name in (n.strip() for n in raw.split(";") if n.strip()):
        try:
            data = Path(name).expanduser().read_bytes()
            photo = keep_photo(store, data, name=Path(name).name)
        except OSError as err:
            click.echo(plain(msg.t("field_cli.cannot_read", name=name,
                                   reason=err.strerror or err)), err=True)
            continue
        except AuditError as err:
            click.echo(plain(msg.t("field_cli.photo_walk_refused", error=err)), err=True)
            continue
        store.attach_photo(inspection_id, item.id, photo.sha256, by=cli_actor())
        click.echo(msg.t("field_cli.photo_attached", sha=photo.sha256[:12]))
