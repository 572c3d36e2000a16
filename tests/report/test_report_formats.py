"""JSON (validated against the shipped schema), CSV, Markdown, and the ``report`` command."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import jsonschema
import pytest
from click.testing import CliRunner

from audit.cli.report import command
from audit.report.assemble import build_report
from audit.report.exports import findings_csv, markdown_report, report_document, report_schema
from audit.report.i18n import Messages
from audit.store import open_store
from tests.report.report_factory import (
    PORTAL,
    finding,
    fixed_dataset,
    hostile_run,
    options,
    page,
    run,
)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "audit.db"
    fixed_dataset(path).close()
    return path


def _validate(document):
    validator = jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    validator.validate(document)


def test_the_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_json_document_validates(db):
    with open_store(db) as store:
        document = report_document(build_report(store, options()))
    _validate(json.loads(json.dumps(document)))
    assert document["schema"] == "a11y-audit/report/1"
    assert document["web"][0]["changes"]["fixed"][0]["rule"] == "image-alt"


def test_json_schema_rejects_a_renamed_field(db):
    with open_store(db) as store:
        document = report_document(build_report(store, options()))
    document["summary"]["pages_checked"] = document["summary"].pop("pages")
    with pytest.raises(jsonschema.ValidationError):
        _validate(document)


def test_csv_has_every_finding_and_defuses_formulas(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(hostile_run(), target="=HYPERLINK(\"http://x\")")
        text = findings_csv(store, build_report(store, options()))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[0]["target"].startswith("'=HYPERLINK")
    assert rows[0]["rule"] == "image-alt" and rows[0]["outcome"] == "violation"


@pytest.mark.parametrize(("lang", "message"), [
    ("zh-CN", "图片中的文字（请确认能否改用文本）：图片中识别出文字“政务服务中心”：请确认这些文字"
              "能否改用网页文本呈现（标志和必要的图片除外）"),
    ("en", "Text in a picture (check whether it could be real text): Text was read in this "
           "picture: \"政务服务中心\"; check whether it could be real text (logos and essential "
           "pictures are exempt)")], ids=["zh-CN", "en"])
def test_csv_says_why_each_element_failed_in_the_reports_language(tmp_path, lang, message):
    # the Chinese report sends its reader to the CSV for the elements it does not list: the
    # web rows' message is worded like the report's (as the facility rows' already are), not
    # the scanner's English
    banner = replace(finding("image-of-text", "img.banner", wcag=("1.4.5",),
                             source="image-of-text", message="image-of-text: text"),
                     facts={"message": "text", "values": {"text": "政务服务中心"}})
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(run("2025-06-30", page(f"{PORTAL}/news/", banner)), target="portal")
        rows = list(csv.DictReader(io.StringIO(findings_csv(store, build_report(
            store, options(lang))))))
    assert [(row["rule"], row["message"]) for row in rows] == [("image-of-text", message)]


def test_csv_counts_all_findings_not_only_examples(db):
    with open_store(db) as store:
        rows = list(csv.DictReader(io.StringIO(findings_csv(store, build_report(store,
                                                                                 options())))))
    assert len(rows) == 4 + 2 + 11  # portal's latest round, the service hall, the facility
    assert [r["kind"] for r in rows].count("physical") == 11


def test_markdown_summary_is_translated_and_inert(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(hostile_run(), target="portal")
        report = build_report(store, options("en"))
    text = markdown_report(report, Messages("en"))
    assert text.startswith("# Accessibility compliance report")
    assert "<script" not in text
    zh = markdown_report(report, Messages("zh"))
    assert "二、执行摘要" in zh


def test_markdown_report_in_chinese_uses_chinese_punctuation(db):
    with open_store(db) as store:
        lines = markdown_report(build_report(store, options()), Messages("zh")).splitlines()
    assert "评估轮次：2025 年第二季度" in lines and "待人工确认：1" in lines
    assert "- 区政府办公室：致命 1，严重 3，中等 0，轻微 0" in lines


@pytest.mark.parametrize("fmt", ["html", "json", "csv", "md"])
def test_report_command_writes_each_format(db, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(command, ["--db", str(db), "--format", fmt, "--lang", "en",
                                          "--round", "Q2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data
    if fmt == "json":
        _validate(json.loads(data))
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbfkind,target")  # UTF-8 with BOM for Excel


def test_report_command_with_explicit_scans_and_targets(db, tmp_path):
    out = tmp_path / "r.json"
    runner = CliRunner()
    result = runner.invoke(command, ["--db", str(db), "--scan", "3", "--previous", "1",
                                     "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [w["scan_id"] for w in document["web"]] == [3]
    assert document["web"][0]["changes"]["previous_scan_id"] == 1
    result = runner.invoke(command, ["--db", str(db), "--target", "nowhere", "-o", str(out)])
    assert result.exit_code != 0
