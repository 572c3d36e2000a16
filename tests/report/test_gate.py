"""The gate: thresholds, allowances, baselines with expiry; needs-review never fails."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit.errors import UsageError
from audit.model import Outcome, Severity
from audit.report.baseline import PLACEHOLDER_REASON, Baseline, BaselineEntry, load_baseline
from audit.report.gate import GateSettings, evaluate_gate, every_page_failed, judge
from audit.report.gate_text import reasons
from audit.report.i18n import Messages
from tests.report.ci_factory import (
    PORTAL,
    barriers_page,
    barriers_run,
    error_page,
    finding,
    make_run,
    page_with,
)

TODAY = date(2025, 6, 30)

EN = Messages("en")


def accept(run, *, rules=None, expires=None) -> Baseline:
    return Baseline(tuple(
        BaselineEntry(f.fingerprint, f.rule, page.url, "known; redesign in Q3", expires)
        for page in run.pages for f in page.violations if rules is None or f.rule in rules))


def test_default_gate_fails_on_serious_or_worse():
    result = evaluate_gate(barriers_run(), today=TODAY)
    assert not result.passed
    assert [f.rule for _, f in result.counted] == [
        "button-name", "color-contrast", "image-alt", "image-alt", "label", "link-name"]
    assert {url for url, _ in result.counted} == {PORTAL}
    assert reasons(result, EN) == ["6 violation(s) at serious or worse, 0 allowed"]


def test_fail_on_critical_counts_critical_only():
    result = evaluate_gate(barriers_run(), Severity.CRITICAL, today=TODAY)
    assert len(result.counted) == 4
    assert reasons(result, EN) == ["4 violation(s) at critical, 0 allowed"]


def test_max_violations_is_an_allowance():
    run = barriers_run()
    assert evaluate_gate(run, Severity.CRITICAL, max_violations=4, today=TODAY).passed
    result = evaluate_gate(run, Severity.CRITICAL, max_violations=3, today=TODAY)
    assert not result.passed
    assert reasons(result, EN) == ["4 violation(s) at critical, 3 allowed"]


def test_milder_violations_and_needs_review_do_not_count():
    run = make_run(page_with("https://a.gov.cn/", finding(impact=Severity.MODERATE),
                             finding(outcome=Outcome.NEEDS_REVIEW, fingerprint="r" * 20)))
    assert evaluate_gate(run, Severity.SERIOUS, today=TODAY).passed
    assert not evaluate_gate(run, Severity.MODERATE, today=TODAY).passed
    assert len(evaluate_gate(run, Severity.MINOR, today=TODAY).counted) == 1


def test_baseline_hides_known_findings_but_not_a_new_one():
    known = barriers_run()
    baseline = accept(known)
    new = finding(rule="document-title", fingerprint="n" * 20)
    run = make_run(barriers_page(), page_with("https://www.example.gov.cn/new.html", new))
    result = evaluate_gate(run, baseline=baseline, today=TODAY)
    assert not result.passed
    assert [f.fingerprint for _, f in result.counted] == ["n" * 20]
    assert len(result.suppressed) == 6
    assert all(result.is_accepted(f) for _, f in result.suppressed)
    assert evaluate_gate(known, baseline=baseline, today=TODAY).passed


def test_entry_counts_through_its_expiry_day_and_fails_after_it():
    run = barriers_run()
    baseline = accept(run, expires=TODAY)
    assert evaluate_gate(run, baseline=baseline, today=TODAY).passed
    result = evaluate_gate(run, baseline=baseline, today=date(2025, 7, 1))
    assert not result.passed
    assert len(result.counted) == 6 and not result.suppressed
    assert len(result.expired) == 6
    assert reasons(result, EN)[1] == ("6 of them were accepted by baseline entries that expired "
                                 "(2025-06-30)")


def test_expired_entry_of_a_mild_finding_is_reported_but_does_not_fail():
    run = make_run(page_with("https://a.gov.cn/", finding(impact=Severity.MINOR)))
    result = evaluate_gate(run, baseline=accept(run, expires=date(2025, 1, 1)), today=TODAY)
    assert result.passed and len(result.expired) == 1 and not reasons(result, EN)


def test_entries_that_match_nothing_are_stale():
    run = barriers_run()
    gone = BaselineEntry("0" * 20, "label", PORTAL, "fixed since")
    elsewhere = BaselineEntry("1" * 20, "label", "https://other.gov.cn/", "not scanned today")
    result = evaluate_gate(run, baseline=Baseline((gone, elsewhere)), today=TODAY)
    assert result.stale == (gone,)


def test_page_errors_are_listed_and_all_errors_is_told_apart():
    run = make_run(barriers_page(), error_page())
    result = evaluate_gate(run, today=TODAY)
    assert result.errors == (("https://www.example.gov.cn/ztzl/", "the server answered HTTP 503"),)
    assert not every_page_failed(run)
    assert every_page_failed(make_run(error_page()))
    assert every_page_failed(make_run())


# --- the gate a command asks for, and judging a run against it ------------------------------

def test_flags_without_a_threshold_gate_only_when_one_asks_for_it():
    assert GateSettings.asked(None, None, None, False).fail_on is None
    assert GateSettings.asked("minor", None, None, False).fail_on is Severity.MINOR
    assert GateSettings.asked(None, 3, None, False) == GateSettings(Severity.SERIOUS, 3)
    assert GateSettings.asked(None, None, Path("b.yml"), False).fail_on is Severity.SERIOUS
    assert GateSettings.asked(None, None, None, True).fail_on is Severity.SERIOUS


def test_baseline_is_read_before_the_scan_and_refused_when_missing(tmp_path):
    missing = tmp_path / "b.yml"
    assert GateSettings().load_baseline() is None
    assert GateSettings(baseline_file=missing, update_baseline=True).load_baseline() == Baseline()
    with pytest.raises(UsageError, match=r"b\.yml does not exist; create it with "
                                         r"--update-baseline$"):
        GateSettings(baseline_file=missing).load_baseline()
    with pytest.raises(UsageError, match="^--update-baseline needs --baseline FILE$"):
        GateSettings(update_baseline=True).load_baseline()


def test_judge_without_a_gate_judges_nothing():
    assert judge(barriers_run(), GateSettings(fail_on=None)).gate is None


def test_judge_writes_the_updated_baseline_and_then_passes(tmp_path):
    file = tmp_path / "baseline.yml"
    settings = GateSettings(Severity.SERIOUS, baseline_file=file, update_baseline=True)
    judgement = judge(barriers_run(), settings, Baseline(), today=TODAY)
    assert judgement.gate.passed and len(judgement.gate.suppressed) == 6
    assert len(judgement.written.entries) == 6 == judgement.written.without_reason()
    assert load_baseline(file).entries == judgement.written.entries
    assert {e.reason for e in judgement.written.entries} == {PLACEHOLDER_REASON}


def test_judge_never_writes_a_baseline_from_a_scan_where_every_page_failed(tmp_path):
    file = tmp_path / "baseline.yml"
    settings = GateSettings(Severity.SERIOUS, baseline_file=file, update_baseline=True)
    judgement = judge(make_run(error_page()), settings, Baseline(), today=TODAY)
    assert judgement.written is None and not file.exists()
    assert judgement.gate.passed and judgement.gate.errors


def test_judge_says_which_baseline_file_cannot_be_written(tmp_path):
    file = tmp_path / "no-such-folder" / "baseline.yml"
    settings = GateSettings(Severity.SERIOUS, baseline_file=file, update_baseline=True)
    with pytest.raises(UsageError, match=f"^cannot write {file}: No such file or directory$"):
        judge(barriers_run(), settings, Baseline(), today=TODAY)
