"""Loading checklist files and folders, with every problem as file:line: item: what.

``check_file`` returns all problems of one file; ``load_checklist`` raises the first.
``load_folder`` / ``load_bundled`` load every ``*.yaml`` under a folder into a ``Catalogue``
and refuse two checklists with the same id. Items' examples are judged only when asked
(``examples=True``: ``a11y-audit checklist validate`` and the tests), not on every load.
The bundled checklists are loaded once per process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from audit.checklist.examples import check_examples
from audit.checklist.schema import Checklist
from audit.checklist.validation import check_checklist
from audit.errors import ChecklistError, ConfigError
from audit.resources import bundled
from audit.yamlfile import PathKey, YamlDoc, format_path, load_yaml, model_errors


def error_key(doc: YamlDoc, path: PathKey) -> str:
    """Name a place in a checklist by item or section id: ``item ramp_slope: rule.at_most``."""
    for depth, label in ((4, "item"), (2, "section")):
        if len(path) < depth or path[0] != "sections" or (depth == 4 and path[2] != "items"):
            continue
        ident = doc.get((*path[:depth], "id"))
        if isinstance(ident, str) and ident:
            rest = format_path(path[depth:])
            return f"{label} {ident}: {rest}" if rest else f"{label} {ident}"
    return format_path(path)


def check_doc(doc: YamlDoc, *, examples: bool = False
              ) -> tuple[Checklist | None, list[ChecklistError]]:
    """Validate parsed YAML as a checklist: the checklist, or None and every problem found;
    with ``examples`` also judge every item's examples."""
    if not isinstance(doc.data, dict):
        return None, [ChecklistError("a checklist file must be a YAML mapping", file=doc.file,
                                     line=doc.line(()))]
    try:
        checklist = Checklist.model_validate(doc.data)
    except ValidationError as exc:
        return None, model_errors(doc, exc, error_cls=ChecklistError, key=error_key)
    problems = check_checklist(checklist)
    if examples and not problems:
        problems = check_examples(checklist)
    errors = [ChecklistError(message, file=doc.file, line=doc.line(path),
                             key=error_key(doc, path) or None)
              for path, message in problems]
    return (None, errors) if errors else (checklist, [])


def check_file(path: str | os.PathLike[str], *, display: str | None = None,
               examples: bool = False) -> tuple[Checklist | None, list[ChecklistError]]:
    """Load one file: the checklist, or None and every problem (YAML errors stop at the first)."""
    try:
        doc = load_yaml(path, display=display)
    except ConfigError as err:  # unreadable file or YAML syntax
        return None, [ChecklistError(err.problem, file=err.file, line=err.line, key=err.key)]
    return check_doc(doc, examples=examples)


def load_checklist(path: str | os.PathLike[str], *, display: str | None = None) -> Checklist:
    """Load one checklist file; raise the first problem as ChecklistError."""
    checklist, errors = check_file(path, display=display)
    if errors or checklist is None:
        raise errors[0]
    return checklist


def checklist_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file under ``folder``, sorted."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Catalogue:
    """Checklists by id, and the file each came from."""

    checklists: dict[str, Checklist] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Checklist]:
        return iter(self.checklists.values())

    def __len__(self) -> int:
        return len(self.checklists)

    def get(self, checklist_id: str) -> Checklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            known = ", ".join(sorted(self.checklists)) or "none"
            raise ChecklistError(f"no checklist {checklist_id!r} (known: {known})") from None


def check_folder(folder: str | os.PathLike[str], *, display_root: str | os.PathLike[str]
                 | None = None) -> tuple[Catalogue, list[ChecklistError]]:
    """Load every checklist under ``folder``; also report duplicate checklist ids."""
    catalogue = Catalogue()
    errors: list[ChecklistError] = []
    for path in checklist_files(folder):
        display = _display(path, display_root)
        checklist, problems = check_file(path, display=display)
        errors += problems
        if checklist is None:
            continue
        if checklist.id in catalogue.checklists:
            other = catalogue.files[checklist.id]
            errors.append(ChecklistError(
                f"duplicate checklist id {checklist.id!r} (also in {other})",
                file=display, line=_line_of_id(path), key="id"))
            continue
        catalogue.checklists[checklist.id] = checklist
        catalogue.files[checklist.id] = display
    return catalogue, errors


def load_folder(folder: str | os.PathLike[str], *,
                display_root: str | os.PathLike[str] | None = None) -> Catalogue:
    """Load every checklist under ``folder``; raise the first problem."""
    catalogue, errors = check_folder(folder, display_root=display_root)
    if errors:
        raise errors[0]
    return catalogue


def bundled_folder() -> Path:
    return bundled("checklists")


@cache
def load_bundled() -> Catalogue:
    """The checklists shipped with a11y-audit (loaded once); files are named ``checklists/...``.

    The catalogue is shared: callers read it and do not change it.
    """
    folder = bundled_folder()
    return load_folder(folder, display_root=folder.parent)


def _display(path: Path, root: str | os.PathLike[str] | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return os.fspath(path)


def _line_of_id(path: Path) -> int | None:
    return load_yaml(path).lines.get(("id",))
