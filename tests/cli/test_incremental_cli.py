"""What ``show``, the crawl summary and the report say of an incremental round, in English and
Chinese, from a real SQLite store: pages checked in full, pages carried forward and since
when, or why nothing was carried forward."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from audit.cli import scans
from audit.cli.crawl import summarise
from audit.model import PageVersion, Resource
from audit.report.assemble import ReportOptions, build_report
from audit.report.html import render_html
from audit.store import open_store
from tests.store import samples


@pytest.fixture
def rounds(tmp_path):
    """Scan 1 (a full round), scan 2 (carries scan 1's page forward), scan 3 (made with other
    options: nothing carried)."""
    db = str(tmp_path / "rounds.db")
    with open_store(db) as store:
        page = samples.findings_page()
        page.version = PageVersion(Resource(page.url, "ab" * 32, '"v1"'))
        first = store.begin_scan(samples.sample_run(), target="区政府门户",
                                 options={"incremental": {"base": None, "why_none": "first",
                                                          "previous": None}})
        store.save_page(first, page)
        store.finish_scan(first, finished_at="2026-12-01T10:00:00+00:00")
        second = store.begin_scan(samples.sample_run(), target="区政府门户",
                                  options={"incremental": {"base": first, "why_none": None,
                                                           "previous": first}})
        store.carry_page(second, first, page.url, page.viewport)
        other = samples.findings_page()
        other.url = "https://gov.example.cn/new.html"
        store.save_page(second, other)
        store.finish_scan(second, finished_at="2026-12-02T10:00:00+00:00")
        third = store.begin_scan(samples.sample_run(), target="区政府门户",
                                 options={"incremental": {"base": None, "why_none": "options",
                                                          "previous": second}})
        store.finish_scan(third, finished_at="2026-12-03T10:00:00+00:00")
        oldest = store.scan(second).oldest_carried
    return db, oldest


def _show(db: str, scan_id: int, lang: str) -> str:
    result = CliRunner().invoke(scans.show_command, [str(scan_id), "--db", db, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_says_how_many_pages_were_checked_and_carried_forward(rounds):
    db, oldest = rounds
    assert (f"Incremental round: 1 page(s) checked in full in this round; 1 unchanged since "
            f"the last complete round (scan 1), their findings carried forward (last "
            f"verified {oldest} at the earliest)") in _show(db, 2, "en")
    assert (f"增量检测：本轮完整检测 1 个页面；1 个页面自上一轮完整检测（检测 #1）以来未变化，"
            f"沿用其检测结果（最早核验于 {oldest}）") in _show(db, 2, "zh")
    assert ("Incremental round: the last complete round (scan 2) was made with other options "
            "(tool or axe-core version, standard, checks, viewports, blocked trackers): every "
            "page was checked in full") in _show(db, 3, "en")
    assert "增量检测：该评估对象此前没有完整的检测轮次：所有页面均已完整检测" in _show(db, 1, "zh")


def test_a_scan_that_was_no_incremental_round_says_nothing_of_it(tmp_path):
    db = str(tmp_path / "plain.db")
    with open_store(db) as store:
        scan_id = store.save_run(samples.sample_run())
    assert "Incremental" not in _show(db, scan_id, "en")


def test_the_crawl_summary_and_the_report_say_it_too(rounds, capsys):
    db, oldest = rounds
    with open_store(db) as store:
        summarise(store, 2, "en", exit_when_all_failed=False)
        html = {lang: render_html(build_report(store, ReportOptions(lang=lang, scan_ids=(2,))))
                for lang in ("en", "zh-CN")}
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Incremental round: 1 page(s) checked in full in this round; 1 unchanged since the "
        f"last complete round (scan 1), their findings carried forward (last verified "
        f"{oldest} at the earliest)")
    assert (f"1 page(s) checked in full in this round; 1 unchanged since the last complete "
            f"round (scan 1), their findings carried forward (last verified {oldest} at the "
            f"earliest)") in html["en"]
    assert "本轮完整检测 1 个页面；1 个页面自上一轮完整检测（检测 #1）以来未变化" in html["zh-CN"]


def test_json_marks_each_carried_page_with_its_last_verification(rounds):
    db, oldest = rounds
    result = CliRunner().invoke(scans.show_command, ["2", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    marks = {page["url"]: (page["carried_from"], page["verified_at"]) for page in
             document["pages"]}
    new = marks.pop("https://gov.example.cn/new.html")
    assert list(marks.values()) == [(1, oldest)]
    assert new[0] is None and new[1] is not None and new[1] >= oldest
