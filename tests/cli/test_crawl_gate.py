"""Issue 8's gate flags on `crawl` and `run`: exit 1 over the gate, reports written."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.cli.conftest import run_cli

pytestmark = pytest.mark.usefixtures("english")


def test_crawl_without_a_gate_exits_0_and_with_one_exits_1(cli_site, tmp_path):
    start = cli_site.url("barriers.html")
    common = ("crawl", start, "--depth", "0", "--no-sitemaps", "--no-checks",
              "--screenshots", "0")
    plain = run_cli(*common, "--db", str(tmp_path / "a.db"))
    assert plain.returncode == 0, plain.stderr
    assert plain.stderr.splitlines()[:2] == [
        f"crawl stored as scan 1 in {tmp_path / 'a.db'}",
        f"[1/1] {start} — 6 violation(s), 0 need review"]
    sarif = tmp_path / "out.sarif"
    # the gated crawl in Chinese: one crawl for the gate and the words
    gated = run_cli(*common, "--db", str(tmp_path / "a.db"), "--fail-on", "serious",
                    "--report", f"sarif={sarif}", "--lang", "zh")
    assert gated.returncode == 1, gated.stderr
    assert gated.stderr.splitlines()[:2] == [
        f"本次检测记为检测 #2，存于 {tmp_path / 'a.db'}",
        f"[1/1] {start} — 不符合项 6 个，待人工确认 0 个"]
    assert any(line.startswith("不通过：") for line in gated.stderr.splitlines())
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == 6


def test_run_gates_each_target(cli_site, tmp_path):
    config = tmp_path / "a11y-audit.yml"
    config.write_text(textwrap.dedent(f"""\
        defaults: {{depth: 0, sitemaps: false, checks: [], screenshots: 0}}
        targets:
          - name: clean
            start: ["{cli_site.url('clean.html')}"]
          - name: barriers
            start: ["{cli_site.url('barriers.html')}"]
        """), encoding="utf-8")
    result = run_cli("run", str(config), "--db", str(tmp_path / "r.db"), "--fail-on", "critical",
                     "--report", f"junit={tmp_path / 'j.xml'}")
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in tmp_path.glob("j-*.xml")) == ["j-1.xml", "j-2.xml"]


def test_ci_with_a_config_gates_at_serious_by_default(cli_site, tmp_path):
    config = tmp_path / "a11y-audit.yml"
    config.write_text(textwrap.dedent(f"""\
        defaults: {{depth: 0, sitemaps: false, checks: [], screenshots: 0}}
        targets:
          - name: barriers
            start: ["{cli_site.url('barriers.html')}"]
        """), encoding="utf-8")
    result = run_cli("ci", "--config", str(config))
    assert result.returncode == 1, result.stderr
    assert "FAILED" in result.stderr
    both = run_cli("ci", cli_site.url("clean.html"), "--config", str(config))
    assert both.returncode == 2
    assert "give URLs or --config, not both" in both.stderr
