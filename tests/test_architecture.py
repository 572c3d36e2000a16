"""The direction of imports (DESIGN.md, docs/architecture.md) as tests: the import-linter
contracts of pyproject.toml, and no module importing another package's ``_private`` names."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

PACKAGE = Path(__file__).resolve().parents[1] / "audit"


def test_the_import_contracts_hold():
    assert lint_imports(config_filename=str(PACKAGE.parent / "pyproject.toml")) == 0


def private_names_from_other_packages(path: Path, package: Path = PACKAGE) -> list[str]:
    """``from audit.<other>... import _name`` in ``path`` (dunder names are public)."""
    own = path.relative_to(package).parts[0].removesuffix(".py")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "audit" or len(parts) < 2 or parts[1] == own:
            continue
        found += [f"{path.relative_to(package.parent)}:{node.lineno} imports "
                  f"{node.module}.{alias.name}" for alias in node.names
                  if alias.name.startswith("_") and not alias.name.startswith("__")]
    return found


def test_no_module_imports_the_private_names_of_another_package():
    found = [hit for path in sorted(PACKAGE.rglob("*.py"))
             for hit in private_names_from_other_packages(path)]
    assert found == []


def test_the_private_name_check_sees_one(tmp_path):
    fake = tmp_path / "audit" / "distributed" / "politeness.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from audit.webscan.crawl.politeness import _secret, __version__\n",
                    encoding="utf-8")
    assert private_names_from_other_packages(fake, tmp_path / "audit") == [
        "audit/distributed/politeness.py:1 imports audit.webscan.crawl.politeness._secret"]
