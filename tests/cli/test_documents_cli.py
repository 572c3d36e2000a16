"""``scan`` with documents (local files, folders, URLs) and the document findings in the gate,
``show``, ``diff`` and the machine formats, as a user runs them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from audit.report.scan_json import scan_schema
from tests.cli.conftest import run_cli
from tests.documents import factory as make
from tests.support.site import FixtureSite


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("downloads")
    make.word(root / "通知.docx")
    make.word(root / "careless.docx", title=None, alt=None)
    (root / "forms").mkdir()
    make.many_pages(root / "forms" / "form.pdf", 1)
    make.ole2(root / "old.wps")
    (root / "notes.md").write_text("not a document", "utf-8")
    return root


def test_scan_checks_local_documents_without_a_browser(folder, tmp_path):
    out = tmp_path / "scan.json"
    result = run_cli("scan", str(folder), "--format", "json", "-o", str(out),
                     "--db", str(tmp_path / "a.db"))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, scan_schema())
    pages = {p["url"].rsplit("/", 1)[1]: p for p in document["pages"]}
    assert sorted(pages) == ["careless.docx", "form.pdf", "old.wps", "通知.docx"]
    assert {name: p["document"]["status"] for name, p in pages.items()} == {
        "careless.docx": "checked", "form.pdf": "checked", "old.wps": "manual-review",
        "通知.docx": "checked"}
    assert [f["rule"] for f in pages["careless.docx"]["findings"]] == [
        "office-no-title", "office-image-alt"]
    assert {p["viewport"] for p in document["pages"]} == {"document"}
    assert document["browser_version"] is None  # no browser was started


def test_document_findings_fail_the_gate_and_reach_sarif(folder, tmp_path):
    sarif = tmp_path / "out.sarif"
    result = run_cli("scan", str(folder / "careless.docx"), "--fail-on", "critical",
                     "--report", f"sarif={sarif}", "--no-store")
    assert result.returncode == 1, result.stderr
    rules = {r["ruleId"] for r in json.loads(sarif.read_text("utf-8"))["runs"][0]["results"]}
    assert rules == {"office-image-alt", "office-no-title"}


def test_a_missing_file_is_a_usage_error(tmp_path):
    result = run_cli("scan", str(tmp_path / "nowhere.pdf"), "--no-store")
    assert result.returncode == 2
    assert f"{tmp_path / 'nowhere.pdf'}: no such file or folder, and not an http(s) URL" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_document_urls_are_fetched_and_show_lists_them(folder, tmp_path):
    db = str(tmp_path / "b.db")
    with FixtureSite(folder) as site:
        result = run_cli("scan", site.url("通知.docx"), site.url("missing.pdf"), "--db", db)
    assert result.returncode == 0, result.stderr
    shown = run_cli("show", "1", "--db", db, "--format", "json")
    document = json.loads(shown.stdout)
    jsonschema.validate(document, scan_schema())
    errors = {p["url"].rsplit("/", 1)[1]: p["error"] for p in document["pages"]}
    assert errors == {"通知.docx": None,
                      "missing.pdf": "document not checked: the server answered HTTP 404"}
    assert [(d["state"], d["status"]) for d in document["documents"]] == [
        ("done", "checked"), ("done", "failed")]
