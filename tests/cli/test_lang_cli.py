"""``--lang`` and the default language of the command line, on a stored scan (no browser)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from audit.cli.main import _register, cli
from audit.model import PageResult, ScanRun, Viewport
from audit.store import open_store
from audit.webscan.checks.keyboard_rules import analyse
from audit.webscan.findings import findings_from_axe

URL = "https://www.example.gov.cn/"
AXE_RAW = {"violations": [{
    "id": "image-alt", "impact": "critical", "tags": ["wcag2a", "wcag111"],
    "help": "Images must have alternative text",
    "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/image-alt",
    "nodes": [{"target": ["#logo"], "html": "<img id=\"logo\" src=\"/logo.png\">",
               "impact": "critical",
               "failureSummary": "Fix any of the following:\n"
                                 "  Element does not have an alt attribute",
               "checks": {"any": [{"id": "has-alt", "kind": "fail", "key": None, "data": None,
                                   "message": "Element does not have an alt attribute"}],
                          "all": [], "none": []}}]}]}
TRAP_RAW = {"tabbable": 5, "elements": [{"selector": "#a", "html": "<a id=a>"},
                                        {"selector": "#b", "html": "<a id=b>"}],
            "trap": {"cycle": [0, 1], "backward_stuck": True, "in_dialog": False,
                     "escape_released": False, "container": {"selector": "#widget",
                                                             "html": "<div id=widget>"}}}


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "audit.db")
    page = PageResult(url=URL, viewport=Viewport.DESKTOP, status=200, title="首页",
                      findings=[*findings_from_axe(AXE_RAW, URL), *analyse(TRAP_RAW, URL)])
    with open_store(path) as store:
        store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                               axe_version="4.12.1", started_at="2026-12-01T08:00:00+00:00",
                               finished_at="2026-12-01T08:01:00+00:00", pages=[page]))
    return path


def _invoke(*args: str, **env: str | None):
    _register()
    return CliRunner().invoke(cli, list(args),
                              env={"A11Y_AUDIT_LANG": None, "COLUMNS": "200", **env})


def test_show_speaks_chinese_when_nothing_says_otherwise(db):
    result = _invoke("show", "1", "--db", db, LANG="C.UTF-8")
    assert result.exit_code == 0, result.output
    assert "图片缺少替代文本" in result.output and "键盘焦点被困" in result.output
    assert "按规则汇总（2 条规则）：" in result.output
    assert "Images must have alternative text" not in result.output


@pytest.mark.parametrize(("env", "args"), [
    ({"LANG": "en_US.UTF-8"}, ()),
    ({"LANG": "zh_CN.UTF-8", "A11Y_AUDIT_LANG": "en"}, ()),
    ({"A11Y_AUDIT_LANG": "zh"}, ("--lang", "en")),
])
def test_english_from_lang_from_our_variable_or_from_the_flag(db, env, args):
    result = _invoke("show", "1", "--db", db, *args, **env)
    assert result.exit_code == 0, result.output
    assert "Images must have alternative text" in result.output
    assert "findings by rule (2 rule(s)):" in result.output
    assert "图片缺少替代文本" not in result.output


def test_an_unknown_language_in_the_environment_is_a_usage_error(db):
    result = _invoke("show", "1", "--db", db, A11Y_AUDIT_LANG="fr")
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "error: $A11Y_AUDIT_LANG='fr' is not a language we have; set it to zh or en")


@pytest.mark.parametrize(("lang", "shown", "absent"), [
    ("zh", "键盘焦点无法离开该组件：Tab 和 Shift+Tab 都使焦点停留在 #a、#b 之间", "Keyboard focus"),
    ("en", "Keyboard focus cannot leave this component: Tab and Shift+Tab keep focus on #a, #b",
     "键盘焦点"),
])
def test_the_report_words_each_element_in_its_language(db, tmp_path, lang, shown, absent):
    out = tmp_path / "report.html"
    result = _invoke("report", "--db", db, "--lang", lang, "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert shown in html and absent not in html
