"""``a11y-audit ci``: every exit code from real runs, baselines, reports, Selenium Grid, and the
pipelines in docs/ci/ calling only commands and flags that exist."""

from __future__ import annotations

import json
import re
import shlex
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from junitparser import Failure, JUnitXml, Skipped

from audit.cli import ci, doctor, options, outcome, scan, setup
from audit.model import ScanRun
from audit.report.baseline import PLACEHOLDER_REASON, load_baseline
from audit.report.gate import GateSettings
from audit.report.scan_json import scan_schema
from audit.store import open_store
from tests.cli.conftest import ENGLISH, run_cli
from tests.report.ci_factory import hostile_run
from tests.report.sarif_check import assert_github_accepts, assert_valid_sarif
from tests.support.site import FixtureSite

REPO = Path(__file__).resolve().parents[2]
PIPELINES = REPO / "docs" / "ci"
pytestmark = pytest.mark.usefixtures("english")


def run_ci(*args: str, env: dict[str, str | None] | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``a11y-audit ci ARGS``, in-process (see ``run_cli``): exit codes, stdout, stderr."""
    return run_cli("ci", *args, env=env, cwd=str(cwd) if cwd else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Scanned:
    """One real ``ci`` run of barriers.html and shadow.html with ``--db``: what it printed,
    and the run read back from its store."""

    result: subprocess.CompletedProcess[str]
    db: Path
    run: ScanRun
    site: FixtureSite

    def url(self, path: str) -> str:
        return self.site.url(path)

    def only(self, path: str) -> ScanRun:
        """The run as if only ``path`` had been scanned."""
        return replace(self.run, pages=[p for p in self.run.pages if p.url == self.url(path)])


@pytest.fixture(scope="module")
def scanned(cli_site, tmp_path_factory) -> Scanned:
    db = tmp_path_factory.mktemp("scanned") / "ci.db"
    urls = [cli_site.url("barriers.html"), cli_site.url("shadow.html")]
    result = run_ci(*urls, "--db", str(db), env=ENGLISH)
    assert result.returncode == 1, result.stderr
    with open_store(db) as store:
        run = store.load_run(1)
    run.pages.sort(key=lambda page: urls.index(page.url))  # the order they were asked for
    assert [len(page.violations) for page in run.pages] == [6, 2]
    return Scanned(result, db, run, cli_site)


@dataclass(frozen=True)
class Clean:
    """One real ``ci`` run of clean.html and a page answering 404, started in an empty
    folder without ``--db`` or ``A11Y_AUDIT_DB``, its summary written elsewhere."""

    result: subprocess.CompletedProcess[str]
    folder: Path
    summary: Path


@pytest.fixture(scope="module")
def clean(cli_site, tmp_path_factory) -> Clean:
    folder, summary = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("md") / "s.md"
    result = run_ci(cli_site.url("clean.html"), cli_site.url("status/404"),
                    "--report", f"markdown={summary}",
                    env={**ENGLISH, "A11Y_AUDIT_DB": None}, cwd=folder)
    return Clean(result, folder, summary)


def gate(run: ScanRun, capsys: pytest.CaptureFixture[str], *, fail_on: str | None = None,
         max_violations: int | None = None, baseline_file: Path | None = None,
         update_baseline: bool = False) -> tuple[int, str, str]:
    """What ``ci`` does after its scan, with these gate flags: exit code, stdout, stderr."""
    capsys.readouterr()
    settings = options.gate_settings(fail_on, max_violations, baseline_file, update_baseline)
    code = outcome.finish(run, settings, (), settings.load_baseline(), lang="en")
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- exit codes ------------------------------------------------------------------------------

def test_clean_page_passes_with_exit_0(clean):
    assert clean.result.returncode == 0, clean.result.stderr
    assert clean.result.stdout.splitlines()[-1] == "PASSED"
    assert clean.summary.read_text(encoding="utf-8").startswith("## ✅ Accessibility gate passed")


def test_barriers_fail_the_gate_with_exit_1_and_a_short_summary(scanned):
    result = scanned.result  # barriers.html and shadow.html
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 page(s) scanned, 0 not scanned; 8 violation(s), 0 need review"
    assert lines[1] == ("gate: fail on serious or worse, 0 allowed; 8 counted, 0 accepted by "
                        "the baseline")
    assert lines[-1] == "FAILED: 8 violation(s) at serious or worse, 0 allowed"
    assert any(line.split()[:3] == ["critical", "image-alt", "#logo"] for line in lines)


def test_fail_on_and_max_violations(scanned, capsys):
    barriers = scanned.only("barriers.html")
    assert gate(barriers, capsys, fail_on="critical", max_violations=4)[0] == 0
    code, out, _ = gate(barriers, capsys, fail_on="critical", max_violations=3)
    assert code == 1
    assert out.splitlines()[-1] == "FAILED: 4 violation(s) at critical, 3 allowed"


@pytest.mark.parametrize(("args", "message"), [
    (["--report", "html=a.html"], "Invalid value for '--report': unknown report kind 'html'; "
                                  "choose one of: junit, sarif, codequality, markdown, json"),
    (["--report", "junit"], "Invalid value for '--report': 'junit' is not KIND=FILE"),
    (["--fail-on", "high"], "Invalid value for '--fail-on': 'high' is not one of 'critical', "
                            "'serious', 'moderate', 'minor'."),
    (["--max-violations", "-1"], "Invalid value for '--max-violations': -1 is not in the "
                                 "range x>=0."),
    (["--baseline", "missing.yml"], "error: baseline file missing.yml does not exist; create "
                                    "it with --update-baseline"),
    (["--update-baseline"], "error: --update-baseline needs --baseline FILE"),
])
def test_usage_errors_exit_2_before_scanning(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_ci("https://www.example.gov.cn/", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_no_url_and_non_http_url_exit_2():
    assert run_ci().stderr == "error: no URL to scan: give URLs as arguments or --urls FILE\n"
    result = run_ci("file:///etc/passwd")
    assert result.returncode == 2
    assert result.stderr.startswith("error: 'file:///etc/passwd' is not an http(s) URL")


def test_malformed_baseline_exits_2_naming_file_and_line(tmp_path):
    baseline = tmp_path / "baseline.yml"
    baseline.write_text("version: 1\nentries:\n  - fingerprint: abc\n    rule: label\n"
                        "    url: https://a.gov.cn/\n    reason: known\n    expires: soon\n",
                        encoding="utf-8")
    result = run_ci("https://www.example.gov.cn/", "--baseline", str(baseline))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {baseline}:7: entries[0].expires: Input should be "
                                    "a valid date")


def test_every_page_failing_exits_3_and_still_writes_reports(cli_site, tmp_path):
    """A page the server refuses (HTTP 503) and a site that is not there (unreachable): one
    run, one browser."""
    junit, unreachable = tmp_path / "junit.xml", f"http://127.0.0.1:{free_port()}/"
    result = run_ci(cli_site.url("status/503"), unreachable, "--timeout", "10",
                    "--report", f"junit={junit}")
    assert result.returncode == 3
    assert result.stderr.endswith("error: none of the 2 page(s) could be scanned\n")
    assert result.stdout.splitlines()[-1] == "NOT SCANNED: no page could be scanned"
    assert f"  not scanned: {unreachable}: could not connect: the server refused the " \
           "connection" in result.stdout.splitlines()
    assert JUnitXml.fromfile(str(junit)).errors == 2


def test_missing_browser_exits_3(cli_site):
    result = run_ci(cli_site.url("clean.html"), env={"A11Y_AUDIT_CHROMIUM": "/nonexistent/x"})
    assert result.returncode == 3
    assert result.stderr == "error: A11Y_AUDIT_CHROMIUM=/nonexistent/x is not an executable file\n"


def test_some_pages_failing_are_listed_but_judged_on_the_rest(clean, cli_site):
    assert clean.result.returncode == 0
    assert f"  not scanned: {cli_site.url('status/404')}: the server answered HTTP 404" in \
        clean.result.stdout.splitlines()


# --- storing ---------------------------------------------------------------------------------

def test_ci_stores_only_when_asked(clean, scanned):
    """(Asked by A11Y_AUDIT_DB: test_several_reports_at_once_from_a_real_run.)"""
    assert clean.result.returncode == 0
    assert list(clean.folder.iterdir()) == []  # no ./a11y-audit.db on a throwaway CI machine
    assert f"stored as scan 1 in {scanned.db}" in scanned.result.stderr
    with open_store(scanned.db) as store:
        assert [(s.status, s.violations, s.options["command"]) for s in store.scans()] == [
            ("finished", 8, "ci")]


def test_ci_with_a_bad_db_exits_3_before_scanning(tmp_path):
    missing = tmp_path / "nope" / "ci.db"
    result = run_ci("https://www.example.gov.cn/", "--db", str(missing))
    assert result.returncode == 3
    assert result.stderr == (f"error: cannot open database {missing}: folder {missing.parent} "
                             "does not exist\n")


# --- reports ---------------------------------------------------------------------------------

def test_several_reports_at_once_from_a_real_run(cli_site, tmp_path):
    out, env_db = tmp_path / "reports", tmp_path / "env.db"
    result = run_ci(cli_site.url("barriers.html"), cli_site.url("frames.html"),
                    "--report", f"junit={out}/a11y.xml", "--report", f"sarif={out}/a11y.sarif",
                    "--report", f"codequality={out}/gl-code-quality.json",
                    "--report", f"markdown={out}/summary.md", "--report", f"json={out}/scan.json",
                    env={"A11Y_AUDIT_DB": str(env_db)})
    assert result.returncode == 1, result.stderr
    with open_store(env_db) as from_env:  # A11Y_AUDIT_DB asks ci to store, as --db does
        assert [s.pages for s in from_env.scans()] == [2]
    junit = JUnitXml.fromfile(str(out / "a11y.xml"))
    assert (junit.failures, junit.errors) == (6, 0)
    frames = {case.name: case for case in list(junit)[1]}
    assert isinstance(frames["image-alt"].result[0], Failure)
    assert isinstance(frames["bypass"].result[0], Skipped)  # needs review is not a failure
    sarif = json.loads((out / "a11y.sarif").read_text(encoding="utf-8"))
    assert_valid_sarif(sarif)
    assert_github_accepts(sarif)
    results = sarif["runs"][0]["results"]
    assert len(results) == 8 and "bypass" not in {r["ruleId"] for r in results}
    host = f"127.0.0.1_{cli_site.port}"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {f"{host}/barriers.html", f"{host}/frames.html"}
    issues = json.loads((out / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert len(issues) == 8
    assert (out / "summary.md").read_text(encoding="utf-8").startswith(
        "## ❌ Accessibility gate failed")
    jsonschema.validate(json.loads((out / "scan.json").read_text(encoding="utf-8")),
                        scan_schema())


# --- baselines ---------------------------------------------------------------------------------

def test_update_baseline_writes_every_finding_and_the_baseline_then_passes(cli_site, tmp_path,
                                                                           capsys):
    """The baseline the command wrote passes the same run when ``ci`` judges it with
    ``--baseline`` (the gate as ``ci`` runs it after its scan: ``gate``; ``--baseline`` read
    by the command: test_malformed_baseline_exits_2_naming_file_and_line)."""
    baseline, db = tmp_path / "a11y-baseline.yml", tmp_path / "ci.db"
    written = run_ci(cli_site.url("barriers.html"), "--baseline", str(baseline),
                     "--update-baseline", "--db", str(db))
    assert written.returncode == 0, written.stderr
    assert f"baseline: wrote {baseline} (6 entries, 6 without a reason yet)" in written.stderr
    with open_store(db) as store:
        run = store.load_run(1)
    code, out, _ = gate(run, capsys, baseline_file=baseline)
    assert code == 0, out
    assert "0 counted, 6 accepted by the baseline" in out
    assert out.splitlines()[-1] == "PASSED"


def test_baseline_hides_known_findings_not_new_ones_and_expired_entries_fail(scanned, capsys,
                                                                           tmp_path):
    # The gate over one real run (``scanned``) as ``ci`` judges it after scanning; the
    # command end to end: test_update_baseline_writes_every_finding_and_the_baseline_then_passes.
    baseline = tmp_path / "a11y-baseline.yml"
    barriers, shadow = scanned.only("barriers.html"), scanned.url("shadow.html")
    code, _, err = gate(barriers, capsys, baseline_file=baseline, update_baseline=True)
    assert code == 0
    assert f"baseline: wrote {baseline} (6 entries, 6 without a reason yet)" in err
    assert gate(barriers, capsys, baseline_file=baseline)[0] == 0

    code, out, _ = gate(scanned.run, capsys, baseline_file=baseline)
    assert code == 1
    assert "2 counted, 6 accepted by the baseline" in out
    counted = [line.split() for line in out.splitlines() if line.startswith("  ")]
    assert [(row[1], row[-1]) for row in counted] == [("button-name", shadow),
                                                      ("image-alt", shadow)]

    yesterday = date.today() - timedelta(days=1)
    text = baseline.read_text(encoding="utf-8").replace(
        f"reason: {PLACEHOLDER_REASON}", f"reason: theme fix pending\n  expires: {yesterday}", 1)
    baseline.write_text(text, encoding="utf-8")
    code, out, _ = gate(barriers, capsys, baseline_file=baseline)
    assert code == 1
    assert out.splitlines()[-1] == (
        "FAILED: 1 violation(s) at serious or worse, 0 allowed; 1 of them were accepted by "
        f"baseline entries that expired ({yesterday})")


def test_update_baseline_round_trips_and_keeps_reasons_and_expiry(scanned, capsys, tmp_path):
    baseline = tmp_path / "baseline.yml"
    barriers = scanned.only("barriers.html")
    assert gate(barriers, capsys, baseline_file=baseline, update_baseline=True)[0] == 0
    first = load_baseline(baseline)
    reason = "第三方组件，供应商修复中"
    text = baseline.read_text(encoding="utf-8").replace(
        f"reason: {PLACEHOLDER_REASON}", f"reason: {reason}\n  expires: 2099-12-31", 1)
    baseline.write_text(text, encoding="utf-8")
    edited = load_baseline(baseline)
    code, out, _ = gate(scanned.run, capsys, baseline_file=baseline, update_baseline=True)
    assert code == 0, out
    updated = load_baseline(baseline)
    assert set(edited.entries) < set(updated.entries)
    assert len(updated.entries) == len(first.entries) + 2
    kept = next(e for e in updated.entries if e.expires)
    assert (kept.reason, kept.expires) == (reason, date(2099, 12, 31))
    assert gate(barriers, capsys, baseline_file=baseline, update_baseline=True)[0] == 0
    assert load_baseline(baseline) == updated  # shadow.html was not scanned: its entries stay


# --- Selenium Grid ---------------------------------------------------------------------------

@pytest.fixture
def chromedriver_remote():
    """A local chromedriver as the remote end of the Selenium protocol, like a Grid node."""
    port = free_port()
    process = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/status", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def test_remote_selenium_end(cli_site, chromedriver_remote, tmp_path):
    report = tmp_path / "scan.json"
    result = run_ci(cli_site.url("barriers.html"), "--engine", "selenium",
                    "--remote", chromedriver_remote, "--report", f"json={report}")
    assert result.returncode == 1, result.stderr
    document = json.loads(report.read_text(encoding="utf-8"))
    assert document["engine"] == "selenium"
    assert len(document["pages"][0]["findings"]) == 6


def test_remote_needs_the_selenium_engine():
    result = run_ci("https://www.example.gov.cn/", "--remote", "http://127.0.0.1:4444")
    assert result.returncode == 2
    assert result.stderr == "error: --remote works with --engine selenium only\n"


# --- in process, through click's runner -------------------------------------------------------

def test_click_runner_on_the_command_itself():
    # A passing scan through the runner: test_clean_page_passes_with_exit_0 (run_cli).
    result = CliRunner().invoke(ci.command, ["--fail-on", "severe", "https://a.gov.cn/"])
    assert result.exit_code == 2
    assert "Invalid value for '--fail-on': 'severe' is not one of" in result.output


def test_summary_keeps_terminal_escapes_from_pages_out(capsys):
    code = outcome.finish(hostile_run(), GateSettings(), lang="en")
    out = capsys.readouterr().out
    assert code == 1
    assert "\x1b" not in out and "\x01" not in out
    assert 'image-alt                img[alt="]]>?<b>"]' in out


def test_report_option_can_be_reused_by_other_commands(tmp_path):
    @click.command()
    @options.gate_options
    @options.report_option
    def other(**kwargs):
        click.echo(repr(sorted(kwargs.items())))

    result = CliRunner().invoke(other, ["--report", "sarif=out/a.sarif", "--report",
                                        "junit=j.xml", "--fail-on", "moderate"])
    assert result.exit_code == 0, result.output
    assert result.stdout == repr([
        ("baseline_file", None), ("fail_on", "moderate"), ("max_violations", None),
        ("reports", (("sarif", Path("out/a.sarif")), ("junit", Path("j.xml")))),
        ("update_baseline", False)]) + "\n"


def test_gate_options_without_a_default_gate_only_when_asked():
    @click.command()
    @options.gate_options(default_fail_on=None)
    def other(**kwargs):
        settings = options.gate_settings(**kwargs)
        click.echo(settings.fail_on or "no gate")

    def gate(*args: str) -> str:
        return CliRunner().invoke(other, list(args)).stdout.strip()

    assert gate() == "no gate"
    assert gate("--fail-on", "minor") == "minor"
    assert gate("--max-violations", "3") == "serious"
    assert gate("--baseline", "b.yml") == "serious"


def test_finish_without_a_gate_writes_reports_and_passes(tmp_path, capsys):
    report = tmp_path / "summary.md"
    code = outcome.finish(hostile_run(), GateSettings(fail_on=None), (("markdown", report),),
                     lang="en")
    assert code == 0
    assert capsys.readouterr().out == ""
    assert report.read_text(encoding="utf-8").startswith("## ")


# --- docs/ci pipelines -----------------------------------------------------------------------

COMMANDS = {c.name: c for c in (ci.command, scan.command, setup.command, doctor.command)}


SCRIPT_KEYS = ("run", "script", "before_script", "after_script")
SEPARATORS = ("&&", "||", "|", ";")
SAMPLE_VALUE = "https://www.example.gov.cn/"  # what CI variables stand for when parsing


def scripts(value: object) -> list[str]:
    """The shell scripts of a pipeline: GitHub's ``run`` steps, GitLab's ``*script`` lists."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SCRIPT_KEYS:
                found += [item] if isinstance(item, str) else [str(line) for line in item]
            else:
                found += scripts(item)
    elif isinstance(value, list):
        found += [s for item in value for s in scripts(item)]
    return found


def a11y_audit_calls(document: object) -> list[list[str]]:
    """Every ``a11y-audit ...`` command in a pipeline's scripts, as argument lists."""
    calls = []
    for script in scripts(document):
        for line in script.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            starts = [i for i, w in enumerate(words)
                      if w == "a11y-audit" and (i == 0 or words[i - 1] in SEPARATORS)]
            for start in starts:
                rest = words[start + 1:]
                end = next((i for i, w in enumerate(rest) if w in SEPARATORS), len(rest))
                calls.append(rest[:end])
    return calls


def check_call(words: list[str]) -> None:
    """The subcommand exists, and click parses its arguments (CI variables filled in)."""
    assert words and words[0] in COMMANDS, f"unknown subcommand: {words}"
    command = COMMANDS[words[0]]
    known = {opt for param in command.params for opt in param.opts}
    flags = [w.split("=", 1)[0] for w in words[1:] if w.startswith("-")]
    assert set(flags) <= known, f"unknown flags {set(flags) - known} in {words}"
    args = [re.sub(r"\$\{?\w+\}?/?", SAMPLE_VALUE, w) for w in words[1:]]
    command.make_context(f"a11y-audit {words[0]}", args)


def vendored_schema(name: str) -> dict:
    """GitHub Actions / GitLab CI schemas as check-jsonschema ships them (from SchemaStore)."""
    path = files("check_jsonschema.builtin_schemas.vendor").joinpath(name)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("file", "schema"), [("github-actions.yml", "github-workflows.json"),
                                              ("gitlab-ci.yml", "gitlab-ci.json")])
def test_pipeline_parses_matches_its_schema_and_calls_what_exists(file, schema):
    document = yaml.safe_load((PIPELINES / file).read_text(encoding="utf-8"))
    jsonschema.validate(document, vendored_schema(schema))
    calls = a11y_audit_calls(document)
    for call in calls:
        check_call(call)
    gate = next(c for c in calls if c[0] == "ci")
    assert {"junit", "sarif"} <= {w.split("=")[0] for w in gate if "=" in w}
    assert "pip install" in " ".join(scripts(document))


def test_github_workflow_uploads_sarif_and_junit():
    workflow = yaml.safe_load((PIPELINES / "github-actions.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"].endswith(".sarif")
    assert uses["github/codeql-action/upload-sarif"]["if"] == "always()"
    assert "actions/upload-artifact" in uses
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"]["security-events"] == "write"


def test_gitlab_job_reports_junit_and_code_quality():
    document = yaml.safe_load((PIPELINES / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = next(v for v in document.values() if isinstance(v, dict) and "script" in v)
    reports = job["artifacts"]["reports"]
    gate = next(c for c in a11y_audit_calls(job) if c[0] == "ci")
    targets = dict(w.split("=", 1) for w in gate if "=" in w and not w.startswith("-"))
    assert reports["junit"] == targets["junit"]
    assert reports["codequality"] == targets["codequality"]
    assert job["artifacts"]["when"] == "always"
    assert targets["sarif"] in job["artifacts"]["paths"]
