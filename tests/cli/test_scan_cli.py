"""``a11y-audit scan`` and ``doctor`` as a user runs them: output, files and exit codes."""

from __future__ import annotations

import json

import jsonschema
import pytest

from audit.report.scan_json import scan_schema
from tests.cli.conftest import run_cli

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def store_in_tmp(monkeypatch, tmp_path):
    """``scan`` stores by default; keep those stores out of the working directory."""
    monkeypatch.setenv("A11Y_AUDIT_DB", str(tmp_path / "a11y-audit.db"))


def test_text_output_of_a_urls_file_lists_barriers_grouped_by_rule(cli_site, tmp_path):
    urls = tmp_path / "urls.txt"
    barriers = cli_site.url("barriers.html")
    urls.write_text(f"# portal\n{barriers}\n\n", encoding="utf-8")  # comments, blank lines
    result = run_cli("scan", "--urls", str(urls))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if "://" in line] == [f"{barriers} — Barriers (desktop)"]
    rules = [line.split()[1] for line in lines if line.startswith(("critical", "serious"))]
    assert rules == ["button-name", "image-alt", "label", "color-contrast", "link-name"]
    assert "1 page(s), 0 not scanned; 6 violation(s) (4 critical, 2 serious, 0 moderate, " \
           "0 minor)" in " ".join(result.stdout.split())


def test_json_output_to_a_file_validates(cli_site, tmp_path):
    out = tmp_path / "scan.json"
    result = run_cli("scan", cli_site.url("clean.html"), cli_site.url("shadow.html"),
                     "--format", "json", "-o", str(out), "--concurrency", "2")
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, scan_schema())
    assert [len(p["findings"]) for p in document["pages"]] == [0, 2]
    assert document["scan_id"] == 1
    assert result.stdout == ""


def test_bad_line_in_urls_file_names_file_and_line(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://www.example.gov.cn/\nftp://files.example.gov.cn/\n", encoding="utf-8")
    result = run_cli("scan", "--urls", str(urls))
    assert result.returncode == 2
    assert result.stderr == (f"error: {urls}:2: 'ftp://files.example.gov.cn/' is not an http(s) "
                             "URL; a11y-audit scans web pages only (write the full address, e.g. "
                             "https://www.example.gov.cn/)\n")


def test_non_http_url_is_a_usage_error():
    result = run_cli("scan", "file:///etc/passwd")
    assert result.returncode == 2
    assert result.stderr.startswith("error: 'file:///etc/passwd' is not an http(s) URL")


def test_no_url_is_a_usage_error():
    result = run_cli("scan")
    assert result.returncode == 2
    assert result.stderr == "error: no URL to scan: give URLs as arguments or --urls FILE\n"


def test_remote_needs_the_selenium_engine(cli_site):
    result = run_cli("scan", cli_site.url("clean.html"), "--remote", "http://127.0.0.1:4444")
    assert result.returncode == 2
    assert result.stderr == "error: --remote works with --engine selenium only\n"


def test_every_page_failing_exits_3(cli_site):
    result = run_cli("scan", cli_site.url("status/503"), "--format", "json")
    assert result.returncode == 3
    assert json.loads(result.stdout)["pages"][0]["error"] == "the server answered HTTP 503"
    assert result.stderr.endswith("error: none of the 1 page(s) could be scanned\n")


def test_missing_browser_exits_3_with_what_to_do(cli_site):
    result = run_cli("scan", cli_site.url("clean.html"),
                     env={"A11Y_AUDIT_CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 3
    assert result.stderr == ("error: A11Y_AUDIT_CHROMIUM=/nonexistent/chromium is not an "
                             "executable file\n")


def test_selenium_engine_from_the_command_line(cli_site):
    result = run_cli("scan", cli_site.url("barriers.html"), "--engine", "selenium",
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["engine"] == "selenium"
    assert len(document["pages"][0]["findings"]) == 6


def test_doctor_reports_what_is_installed(chromium):
    result = run_cli("doctor")
    assert result.returncode == 0
    out = " ".join(result.stdout.split())
    for label in ("a11y-audit", "Python", "SQLite", "browser", "chromedriver", "axe-core 4.12.1",
                  "Playwright", "Selenium", "CJK fonts"):
        assert label in out
    assert "everything is in place" in out


def test_doctor_says_what_to_install_when_the_browser_is_missing(chromium):
    result = run_cli("doctor", env={"A11Y_AUDIT_CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 0
    out = " ".join(result.stdout.split())
    assert "A11Y_AUDIT_CHROMIUM=/nonexistent/chromium is not an executable file" in out
    assert "run `a11y-audit setup`" in out
