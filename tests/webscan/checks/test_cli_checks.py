"""``a11y-audit scan --checks`` / ``--no-checks`` as a user runs them."""

from __future__ import annotations

import json

from tests.cli.conftest import run_cli


def test_checks_run_by_default_and_report_in_the_same_document(check_site):
    result = run_cli("scan", check_site.url("kb-trap.html"), "--format", "json")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)["pages"][0]
    assert set(page["timings_ms"]) == {"load", "axe", "checks"}
    trap = next(f for f in page["findings"] if f["rule"] == "keyboard-trap")
    assert (trap["source"], trap["selector"], trap["wcag"]) == ("keyboard", "#knob", ["2.1.2"])


def test_no_checks_runs_axe_only(check_site):
    result = run_cli("scan", check_site.url("kb-trap.html"), "--format", "json", "--no-checks")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)["pages"][0]
    assert set(page["timings_ms"]) == {"load", "axe"}
    assert {f["source"] for f in page["findings"]} <= {"axe"}


def test_unknown_check_is_a_usage_error(check_site):
    result = run_cli("scan", check_site.url("kb-trap.html"), "--checks", "keyboard,zoom")
    assert result.returncode == 2
    assert result.stderr == ("error: unknown check(s): zoom; choose from: bypass, autoplay, "
                             "label-in-name, language, media, image-of-text, elderly, keyboard, "
                             "reflow, orientation, text-spacing, resize-text, "
                             "accessibility-entry, page-titles\n")
