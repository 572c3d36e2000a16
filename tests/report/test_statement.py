"""The draft accessibility statement (无障碍声明): from the target's latest finished scan, honest
about what automated testing can show, in zh-CN and en, with an overridable template; and the
``a11y-audit statement`` command."""

from __future__ import annotations

import re
from html import unescape

import pytest
from click.testing import CliRunner

from audit.cli.statement import command
from audit.errors import UsageError
from audit.model import PageResult, ScanRun, Viewport
from audit.report.statement import (
    KNOWN_FAILURES,
    NO_AUTOMATED_FAILURES,
    StatementOptions,
    build_statement,
    render_statement,
)
from audit.store import Store
from tests.report.report_factory import GENERATED_AT, fixed_dataset


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("statement") / "audit.db"
    store = fixed_dataset(path, facilities=False)
    clean = PageResult(url="https://clean.example.cn/", viewport=Viewport.DESKTOP,
                       final_url="https://clean.example.cn/", status=200, title="首页",
                       passed_rules=["image-alt", "color-contrast"])
    store.save_target("clean-site", department="区残联")
    store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                           axe_version="4.12.1", browser_version="131.0.6778.85",
                           started_at="2025-06-20T02:00:00+00:00",
                           finished_at="2025-06-20T02:05:00+00:00", pages=[clean]),
                   target="clean-site")
    yield store
    store.close()


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def options(lang: str, **changes: object) -> StatementOptions:
    return StatementOptions(lang=lang, generated_at=GENERATED_AT, **changes)  # type: ignore


def test_known_barriers_come_from_the_latest_round_with_planned_dates(store):
    statement = build_statement(store, "district-portal", options("en"))
    assert statement.status == KNOWN_FAILURES
    assert statement.reviewed_on == "2025-06-30" and statement.prepared_on == "2025-07-01"
    assert statement.organisation == "区政府办公室"
    assert [(b.rule, b.impact, b.elements, b.pages, b.planned) for b in statement.barriers] == [
        ("link-name", "critical", 1, 1, "2025-07-16"),
        ("color-contrast", "serious", 2, 2, "2025-07-31"),
        ("focus-not-visible", "serious", 1, 1, "2025-07-31")]
    assert sorted(c.number for c in statement.failing_criteria) == \
        ["1.4.3", "2.4.4", "2.4.7", "4.1.2"]
    assert statement.not_checked  # criteria no automated check covered are listed


def test_the_english_statement_states_failures_and_never_claims_conformance(store):
    html = render_statement(build_statement(store, "district-portal", options("en")))
    words = text(html)
    assert '<html lang="en">' in html
    assert ("district-portal does not yet conform to WCAG 2.2 Level AA: automated testing of "
            "2 pages on 2025-06-30 found 4 violations of 4 success criteria (listed below)."
            ) in words
    assert "Email: [to be completed]" in words
    assert "This statement was prepared on 2025-07-01." in words
    assert re.search(r"\bconforms\b", words) is None


def test_a_site_without_automated_failures_still_makes_no_claim_zh(store):
    statement = build_statement(store, "clean-site", options("zh"))
    assert statement.status == NO_AUTOMATED_FAILURES and statement.barriers == []
    words = text(render_statement(statement))
    assert ("2025-06-20 对 1 个页面的自动检测未发现违规。自动检测只能发现部分无障碍问题，"
            "不能据此认定符合：在完成人工评估之前，clean-site 不声明符合") in words
    assert "区残联致力于使 clean-site 可供所有人使用" in words
    assert "完全符合" not in words


def test_contact_details_and_a_bad_feedback_address(store):
    given = options("zh", email="a11y@example.gov.cn", phone="12345",
                    feedback_url="https://example.gov.cn/feedback", organisation="示范区政府办公室")
    html = render_statement(build_statement(store, "district-portal", given))
    assert '<a href="mailto:a11y@example.gov.cn">a11y@example.gov.cn</a>' in html
    assert "示范区政府办公室致力于" in text(html)
    bad = options("en", feedback_url="javascript:alert(1)")
    with pytest.raises(UsageError, match="feedback URL 'javascript:alert\\(1\\)' is not an "
                                         "http\\(s\\) address"):
        build_statement(store, "district-portal", bad)


def test_a_target_without_a_finished_scan_is_a_clear_error(store):
    with pytest.raises(UsageError, match="no finished scan of target\\(s\\): nowhere"):
        build_statement(store, "nowhere", options("en"))


def test_the_template_can_be_overridden_by_extending_the_bundled_one(store, tmp_path):
    (tmp_path / "statement.html.j2").write_text(
        '{% extends "bundled:statement.html.j2" %}'
        '{% block commitment %}<p>Our own words for {{ s.target }}.</p>{% endblock %}',
        encoding="utf-8")
    given = options("en", templates=tmp_path)
    html = render_statement(build_statement(store, "district-portal", given), user_dir=tmp_path)
    assert "<p>Our own words for district-portal.</p>" in html
    assert "is committed to making" not in html
    assert "Known barriers" in html


@pytest.mark.parametrize(("lang", "title", "wrote"), [
    ("zh", "无障碍声明：district-portal", "已写入"),
    ("en", "Accessibility statement: district-portal", "wrote")])
def test_the_command_writes_the_statement(store, tmp_path, lang, title, wrote):
    output = tmp_path / "out" / "statement.html"
    result = CliRunner().invoke(command, ["district-portal", "--db", store.name, "--lang", lang,
                                          "-o", str(output)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{wrote} {output}\n"
    assert f"<h1>{title}</h1>" in output.read_text("utf-8")


def test_the_statement_words_exist_in_both_languages():
    import yaml

    from audit.i18n import text_keys
    from audit.report.datafiles import reports_dir

    keys = {lang: {k for k in text_keys(yaml.safe_load(
        (reports_dir() / "i18n" / f"{lang}.yaml").read_text("utf-8"))) if
        k.startswith("statement.")} for lang in ("zh-CN", "en")}
    assert keys["zh-CN"] == keys["en"] and len(keys["en"]) > 30
    used = set(re.findall(r"t\('(statement\.[a-z_-]+)'(?! ~)",
                          (reports_dir() / "templates" / "statement.html.j2").read_text("utf-8")))
    assert used and not used - keys["en"]
    assert {f"statement.status_{s}" for s in (KNOWN_FAILURES, NO_AUTOMATED_FAILURES)} <= keys["en"]

