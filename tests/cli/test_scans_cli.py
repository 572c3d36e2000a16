"""Scans stored as they run, and ``scans``, ``show``, ``diff`` over the store: real Chromium, pages
served over HTTP, the command line in a subprocess, SQLite files and a real PostgreSQL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from audit.cli import scan, scans
from audit.cli.options import gate_settings
from audit.cli.outcome import finish
from audit.report.i18n import Messages
from audit.report.scan_json import scan_schema
from audit.store import open_store
from tests.cli.conftest import ENGLISH, run_cli
from tests.report.ci_factory import finding, make_run, page_with
from tests.store import samples
from tests.store.conftest import pg_database, pg_url  # noqa: F401 - fixtures used below
from tests.support.own_scan import SharedScanner
from tests.support.site import FixtureSite

TIMES = ("started_at", "finished_at")
SHOW_ONLY = ("status", "target", "documents")

PAGE_V1 = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Services</title>
</head><body><main><h1>Services</h1>
<img src="/img/logo.png" id="logo">
<button type="button" id="go" style="width: 48px; height: 48px"></button>
</main></body></html>"""
# v2 fixes the image (alt text) and adds an unlabelled search box; the button stays broken.
PAGE_V2 = PAGE_V1.replace('id="logo">', 'id="logo" alt="District logo">').replace(
    "</main>", '<form action="/search"><input type="text" name="q"></form></main>')
OTHER = PAGE_V1.replace("Services", "News")
SCANNED = ("barriers.html", "status/503", "frames.html", "shadow.html", "status/404")


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def no_default_db(monkeypatch, tmp_path):
    """Nothing lands in the working directory: the default store lives in tmp_path."""
    monkeypatch.setenv("A11Y_AUDIT_DB", str(tmp_path / "env-default.db"))


def scan_json(*args: str, env: dict[str, str] | None = None, cwd: str | None = None) -> dict:
    result = run_cli("scan", *args, "--format", "json", env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- scan stores as it goes ------------------------------------------------------------------

@dataclass
class Stored:
    """The database the tests below read, and the two scans that wrote it."""

    db: str
    urls: list[str]  # scan 1's pages, in the order asked for
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]

    @property
    def document(self) -> dict:
        return json.loads(self.first.stdout)


@pytest.fixture(scope="module")
def stored(cli_site, tmp_path_factory) -> Stored:
    """Scan 1: five pages (two the server refuses) with our checks, three at a time, the
    database named by --db; scan 2: a target's two pages without checks, the database named
    by A11Y_AUDIT_DB. The tests only read it."""
    db = str(tmp_path_factory.mktemp("stored") / "audit.db")
    urls = [cli_site.url(page) for page in SCANNED]
    first = run_cli("scan", *urls, "--db", db, "--concurrency", "3", "--format", "json",
                    env=ENGLISH)
    second = run_cli("scan", cli_site.url("clean.html"), cli_site.url("status/503"),
                     "--target", "district-portal", "--no-checks", "--format", "json",
                     env={**ENGLISH, "A11Y_AUDIT_DB": db})
    return Stored(db, urls, first, second)


def test_scan_stores_pages_findings_and_raw_output_in_the_db_file(stored):
    db, result = stored.db, stored.first
    barriers, broken = stored.urls[0], stored.urls[1]
    assert result.returncode == 0, result.stderr  # no gate flags: violations do not fail it
    assert result.stderr.splitlines()[-1] == f"stored as scan 1 in {db}"
    assert stored.document["scan_id"] == 1
    with open_store(db) as store:
        summary = store.scan(1)
        run = store.load_run(1)
        raw = store.raw_artifact(1, barriers, "desktop")
    assert (summary.status, summary.pages, summary.pages_with_errors, summary.violations) == \
        ("finished", 5, 2, 10)
    assert summary.options["urls"] == stored.urls
    assert summary.options["settle_s"] > 0
    assert (run.axe_version, run.engine) == ("4.12.1", "playwright")
    assert run.browser_version and run.finished_at
    assert {page.url: len(page.findings) for page in run.pages} == dict(
        zip(stored.urls, (6, 0, 3, 2, 0), strict=True))
    assert {page.url: page.error for page in run.pages if page.error} == {
        broken: "the server answered HTTP 503", stored.urls[4]: "the server answered HTTP 404"}
    assert raw["violations"] and raw["title"] == "Barriers"
    assert raw["settle"]  # waited for the page to be quiet (not with --settle-limit 0, below)

    # ``show`` (text) of that scan: the scan text, rules and documents
    shown = run_cli("show", "1", "--db", db)
    assert shown.returncode == 0, shown.stderr
    out = " ".join(shown.stdout.split())
    assert out.startswith("scan 1: finished; playwright, wcag22aa; started ")
    assert "not scanned: the server answered HTTP 503" in out
    assert "not scanned: the server answered HTTP 404" in out
    assert "5 page(s), 2 not scanned; 10 violation(s) (8 critical, 2 serious" in out
    assert "1 need review" in out
    assert "findings by rule (6 rule(s)):" in out
    assert "critical image-alt violation 5 3" in out
    assert "serious bypass needs review 1 1" in out
    assert out.endswith("0 document(s) found (PDF, Word, Excel ...)")


def test_env_var_names_the_db(stored):
    result = stored.second
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"stored as scan 2 in {stored.db}"
    with open_store(stored.db) as store:
        assert (store.scan(2).pages, store.scan(2).target) == (2, "district-portal")


def test_default_db_is_the_working_directory_and_settle_limit_0_is_recorded(
        cli_site, tmp_path, monkeypatch):
    """Scans at once with --settle-limit 0 (a scan without it waits: test_scan_stores_...)."""
    monkeypatch.delenv("A11Y_AUDIT_DB")
    work, page = tmp_path / "work", cli_site.url("barriers.html")
    work.mkdir()
    result = run_cli("scan", page, "--settle-limit", "0", "--no-checks", cwd=str(work))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "stored as scan 1 in a11y-audit.db"
    with open_store(work / "a11y-audit.db") as store:
        assert [s.pages for s in store.scans()] == [1]
        assert store.scan(1).options["settle_s"] == 0.0
        assert store.raw_artifact(1, page, "desktop")["settle"] == []
    refused = CliRunner().invoke(scan.command, [page, "--settle-limit", "-1"])
    assert refused.exit_code == 2
    assert "Invalid value for '--settle-limit': -1.0 is not in the range 0<=x<=120." in \
        refused.output


def test_no_store_and_db_exclude_each_other(tmp_path):
    """(--no-store leaves no database: test_scan_exits_1_with_gate_flags_...)"""
    both = run_cli("scan", "http://127.0.0.1:9/never.html", "--no-store", "--db", "x.db")
    assert (both.returncode, both.stderr) == (2, "error: --no-store and --db exclude each "
                                                 "other\n")


def test_bad_db_fails_fast_with_exit_3_before_the_browser_starts(cli_site, tmp_path):
    missing = tmp_path / "no-such-folder" / "audit.db"
    result = run_cli("scan", cli_site.url("never-requested.html"), "--db", str(missing))
    assert result.returncode == 3
    assert result.stderr == (f"error: cannot open database {missing}: folder {missing.parent} "
                             "does not exist\n")
    assert "/never-requested.html" not in cli_site.requests
    url = run_cli("scan", cli_site.url("never-requested.html"), "--db", "mysql://u@h/db")
    assert url.returncode == 3
    assert url.stderr.startswith("error: unsupported database URL mysql://u@h/db")


def test_scan_into_postgresql_by_url(cli_site, request):
    url = request.getfixturevalue("pg_url")  # skips locally, fails under CI, when unreachable
    document = scan_json(cli_site.url("barriers.html"), "--db", url)
    with open_store(url) as store:
        summary = store.scan(document["scan_id"])
        run = store.load_run(summary.id)
    assert (summary.status, summary.pages, summary.violations) == ("finished", 1, 6)
    assert [len(p.findings) for p in run.pages] == [6]


# --- scans, show ---------------------------------------------------------------------------

def test_show_json_is_the_scan_document_plus_documents(stored):
    shown = run_cli("show", "1", "--db", stored.db, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    jsonschema.Draft202012Validator(
        scan_schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    assert (document["status"], document["target"], document["documents"]) == \
        ("finished", None, [])
    assert [p["url"] for p in document["pages"]] == stored.urls  # the order asked for

    def comparable(doc: dict) -> dict:
        return {key: value for key, value in doc.items() if key not in TIMES + SHOW_ONLY}

    assert comparable(document) == comparable(stored.document)


def test_scans_lists_every_scan_with_counts(stored):
    db = stored.db
    listed = run_cli("scans", "--db", db, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    document = json.loads(listed.stdout)
    assert (document["schema"], document["database"]) == ("a11y-audit/scans/1", db)
    assert [(s["id"], s["target"], s["status"], s["pages"], s["pages_with_errors"],
             s["violations"], s["violations_by_impact"]["critical"])
            for s in document["scans"]] == [(2, "district-portal", "finished", 2, 1, 0, 0),
                                            (1, None, "finished", 5, 2, 10, 8)]
    text = run_cli("scans", "--db", db)
    rows = [line.split() for line in text.stdout.splitlines()[1:]]  # the start: 3 words
    assert [(row[0], row[4], row[5], row[6], row[7], row[8], row[-1]) for row in rows] == [
        ("2", "finished", "2", "1", "0", "0/0/0/0", "district-portal"),
        ("1", "finished", "5", "2", "10", "8/2/0/0", "-")]


@pytest.mark.parametrize("args", [["show", "99"], ["diff", "1", "99"]])
def test_unknown_scan_id_is_a_usage_error(args, tmp_path):
    db = str(tmp_path / "audit.db")
    with open_store(db) as store:
        assert store.save_run(samples.sample_run()) == 1
    result = run_cli(*args, "--db", db)
    assert (result.returncode, result.stderr) == (2, f"error: no scan with id 99 in {db}\n")


def test_reading_a_store_that_does_not_exist_exits_3_and_creates_nothing(tmp_path):
    missing = tmp_path / "none.db"
    result = run_cli("scans", "--db", str(missing))
    assert result.returncode == 3
    assert result.stderr == (f"error: no database at {missing}: run `a11y-audit scan` first, "
                             "or give --db\n")
    assert not missing.exists()


# --- diff ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_rounds(own_scanner: SharedScanner, tmp_path_factory):
    """Scan 1 of a site, then the site changes (one barrier fixed, one added, a page removed),
    then scan 2; yields the database (the tests only read it). The scans are the process's
    shared browser's, stored as ``scan`` stores a run (the command itself: ``stored``): these
    tests are about ``diff``."""
    tmp_path = tmp_path_factory.mktemp("rounds")
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(PAGE_V1, encoding="utf-8")
    (root / "news.html").write_text(OTHER, encoding="utf-8")
    db = str(tmp_path / "rounds.db")
    with FixtureSite(root) as site, open_store(db) as store:
        urls = [site.url("index.html"), site.url("news.html")]
        assert store.save_run(own_scanner.scan(urls, checks=())) == 1
        (root / "index.html").write_text(PAGE_V2, encoding="utf-8")
        (root / "news.html").unlink()
        assert store.save_run(own_scanner.scan(urls, checks=())) == 2
        yield db, site


def test_diff_lists_new_fixed_persisting_and_not_comparable(two_rounds):
    db, site = two_rounds
    index, news = site.url("index.html"), site.url("news.html")
    result = run_cli("diff", "1", "2", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["schema"], document["old"], document["new"]) == ("a11y-audit/diff/1", 1, 2)

    def entries(key: str) -> list[tuple[str, str, str]]:
        return [(f["url"], f["rule"], f["selector"]) for f in document[key]]

    assert entries("new_findings") == [(index, "label", "input")]
    assert entries("fixed") == [(index, "image-alt", "#logo")]
    assert entries("persisting") == [(index, "button-name", "#go")]
    assert document["not_comparable_pages"] == [
        {"url": news, "viewport": "desktop", "old_findings": 2,
         "reason": "error in the new scan: the server answered HTTP 404"}]
    assert document["totals"]["new"] == document["totals"]["fixed"] == 1

    text = run_cli("diff", "1", "2", "--db", db).stdout.splitlines()
    assert text[0] == ("scan 1 -> scan 2: 1 new, 1 fixed, 1 persisting violation(s); 1 page(s) "
                       "not comparable")
    assert text[text.index("new (1):") + 1].split() == ["critical", "label", "input", index,
                                                        "(desktop)"]
    assert text[text.index("fixed (1):") + 1].split()[:3] == ["critical", "image-alt", "#logo"]
    assert text[-1] == (f"  {news} (desktop): error in the new scan: the server answered HTTP "
                        "404; 2 violation(s) in scan 1")


def test_diff_fail_on_new_exits_1_only_when_violations_are_new(two_rounds):
    db, _ = two_rounds
    assert run_cli("diff", "1", "2", "--db", db, "--fail-on-new").returncode == 1
    assert run_cli("diff", "2", "2", "--db", db, "--fail-on-new").returncode == 0
    backwards = json.loads(run_cli("diff", "2", "1", "--db", db, "--format", "json").stdout)
    # news.html could not be scanned in scan 2: its findings in scan 1 count as new
    assert sorted((f["url"].rsplit("/", 1)[1], f["rule"]) for f in backwards["new_findings"]) \
        == [("index.html", "image-alt"), ("news.html", "button-name"),
            ("news.html", "image-alt")]
    assert [f["rule"] for f in backwards["fixed"]] == ["label"]


# --- gate flags on scan ----------------------------------------------------------------------

def test_scan_exits_1_with_gate_flags_and_no_store_leaves_no_database(cli_site, tmp_path,
                                                                     monkeypatch):
    """(Without gate flags a scan exits 0: test_scan_stores_pages_...)"""
    monkeypatch.delenv("A11Y_AUDIT_DB")
    work, junit = tmp_path / "work", tmp_path / "junit.xml"
    work.mkdir()
    gated = run_cli("scan", cli_site.url("barriers.html"), "--no-store", "--no-checks",
                    "--fail-on", "serious", "--format", "json", "--report", f"junit={junit}",
                    cwd=str(work))
    assert gated.returncode == 1
    assert len(json.loads(gated.stdout)["pages"][0]["findings"]) == 6  # stdout stays JSON
    assert gated.stderr.splitlines()[-1] == "FAILED: 6 violation(s) at serious or worse, " \
                                            "0 allowed"
    assert "<failure" in junit.read_text(encoding="utf-8")
    assert "stored as" not in gated.stderr
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(("allowed", "code", "last"), [
    ("10", 0, "PASSED"), ("9", 1, "FAILED: 10 violation(s) at serious or worse, 9 allowed")],
    ids=["10-allowed", "9-allowed"])
def test_max_violations_alone_gates_a_scan_at_serious(stored, capsys, allowed, code, last):
    """What ``scan --max-violations N`` does once its pages are done, on scan 1 as stored."""
    with open_store(stored.db) as store:
        run = store.load_run(1)
    params = scan.command.make_context("scan", [stored.urls[0], "--max-violations", allowed]
                                       ).params
    settings = gate_settings(params["fail_on"], params["max_violations"],
                             params["baseline_file"], params["update_baseline"])
    capsys.readouterr()
    assert finish(run, settings, lang="en", summary_to_stderr=True) == code
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()[-1]) == ("", last)


# --- Ctrl-C ----------------------------------------------------------------------------------

def test_ctrl_c_marks_the_scan_interrupted_and_keeps_the_pages_done(cli_site, subprocesses,
                                                                   tmp_path):
    db = tmp_path / "audit.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", "scan", cli_site.url("clean.html"), cli_site.url("hang"),
         "--concurrency", "1", "--timeout", "20", "--no-checks", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # even if we ignore it
    try:
        # a bound for a scan that never stores its first page, not a measure of it (seconds
        # on an idle machine; at load 40 the start, the launch and the page took over 60 s)
        deadline = time.monotonic() + 120
        while not _pages_stored(db):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no page stored within 120 s"
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err.splitlines()[-1] == f"interrupted: 1 page(s) stored as scan 1 in {db}"
    with open_store(db) as store:
        assert store.scan(1).status == "interrupted"
        assert [page.url for page in store.load_run(1).pages] == [cli_site.url("clean.html")]


def _pages_stored(db: Path) -> int:
    if not db.exists():
        return 0
    with open_store(db) as store:
        return sum(s.pages for s in store.scans())


# --- in process, through click's runner (no browser) -------------------------------------------

def test_commands_in_process_on_a_stored_run(tmp_path):
    db = str(tmp_path / "audit.db")
    with open_store(db) as store:
        first = store.save_run(samples.sample_run(), target="区政府门户")
        store.add_document(first, "https://gov.example.cn/指南.pdf", "https://gov.example.cn/")
        later = samples.sample_run()
        later.pages = [samples.findings_page()]
        later.pages[0].findings = later.pages[0].findings[1:]  # image-alt fixed
        second = store.save_run(later)
    runner = CliRunner()
    shown = runner.invoke(scans.show_command, [str(first), "--db", db, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["documents"] == [
        {"url": "https://gov.example.cn/指南.pdf", "found_on": "https://gov.example.cn/",
         "state": "queued", "status": None}]
    text = runner.invoke(scans.show_command, [str(first), "--db", db]).stdout
    assert "target 区政府门户" in text and "https://gov.example.cn/指南.pdf" in text
    diff = runner.invoke(scans.diff_command, [str(first), str(second), "--db", db,
                                              "--include-review", "--format", "json"])
    document = json.loads(diff.stdout)
    assert [f["rule"] for f in document["fixed"]] == ["image-alt"]
    assert [f["rule"] for f in document["persisting"]] == ["color-contrast", "region"]
    assert [p["reason"] for p in document["not_comparable_pages"]] == [
        "not scanned in the new scan"]
    listed = runner.invoke(scans.scans_command, ["--db", db, "--limit", "1"])
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["id", str(second)]



def test_show_prints_a_stored_rule_id_as_text_not_terminal_codes(capsys):
    """A rule id comes from the stored (or imported) scan: its escape codes must not reach
    the terminal that runs ``show`` (they could clear it or retitle it)."""
    bad = finding(rule="image-alt\x1b[2J\x1b]0;owned\x07")
    scans._print_rules(make_run(page_with("https://a.gov.cn/", bad)), Messages("en"))
    out = capsys.readouterr().out
    assert "image-alt?[2J?]0;owned?" in out
    assert "\x1b" not in out and "\x07" not in out
