"""``--lang`` and the default language of the command line, on a stored scan (no browser)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from audit.cli.main import cli
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
    return CliRunner().invoke(cli, list(args),
                              env={"A11Y_AUDIT_LANG": None, "COLUMNS": "200", **env})


def test_show_speaks_chinese_when_nothing_says_otherwise(db):
    result = _invoke("show", "1", "--db", db, LANG="C.UTF-8")
    assert result.exit_code == 0, result.output
    assert "图片缺少替代文本" in result.output and "键盘焦点被困" in result.output
    assert "按规则汇总（2 条规则）：" in result.output
    assert "Images must have alternative text" not in result.output


def test_scans_table_in_chinese_aligned_by_terminal_width(db):
    """A Chinese character takes two terminal columns: the columns line up on screen."""
    with open_store(db) as store:
        store.save_run(ScanRun(engine="playwright", standard="wcag22aa", tool_version="0.1.0",
                               axe_version="4.12.1", started_at="2026-12-02T08:00:00+00:00",
                               pages=[]), target="区门户网站")
    result = _invoke("scans", "--db", db, LANG="C.UTF-8")
    assert result.output.splitlines() == [
        "编号  开始时间                   状态    页面  未能检测  不符合项  致命/严重/中等/轻微  "
        "待确认  评估对象",
        "   2  2026-12-02T08:00:00+00:00  进行中     0         0         0  0/0/0/0                "
        "   0  区门户网站",
        "   1  2026-12-01T08:00:00+00:00  已完成     1         0         2  2/0/0/0                "
        "   0  -"]
    header, *rows = result.output.splitlines()
    targets = [header.index("评估对象"), rows[0].index("区门户网站"), rows[1].rindex("-")]
    widths = {cell_len(line[:at]) for line, at in zip([header, *rows], targets, strict=True)}
    assert len(widths) == 1


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


@pytest.mark.parametrize("lang, said", [("en", "wrote {}"), ("zh", "已写入 {}")])
def test_the_report_command_says_what_it_wrote_in_the_users_language(db, tmp_path, lang, said):
    output = tmp_path / "findings.csv"
    result = _invoke("report", "--db", db, "--format", "csv", "-o", str(output), "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stderr == said.format(output) + "\n"
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")


def test_diff_lists_findings_in_the_users_language(db):
    """Each new, fixed or persisting finding with its severity and viewport in Chinese (was
    "critical … (desktop)" among Chinese headings), aligned by terminal width."""
    with open_store(db) as store:
        store.save_run(ScanRun(
            engine="playwright", standard="wcag22aa", tool_version="0.1.0",
            started_at="2026-12-02T08:00:00+00:00", finished_at="2026-12-02T08:01:00+00:00",
            pages=[PageResult(url=URL, viewport=Viewport.DESKTOP, status=200, title="首页")]))
    diff = _invoke("diff", "1", "2", "--db", db, "--include-review")
    assert diff.exit_code == 0, diff.output
    lines = diff.stdout.splitlines()
    fixed = lines[lines.index("已修复（2）：") + 1:lines.index("已修复（2）：") + 3]
    assert fixed == [
        f"  致命      不符合        image-alt                 #logo  {URL}（桌面）",
        f"  致命      不符合        keyboard-trap             #widget  {URL}（桌面）"]
    english = _invoke("diff", "1", "2", "--db", db, "--lang", "en").stdout.splitlines()
    assert english[english.index("fixed (2):") + 1] == (
        f"  critical  image-alt                 #logo  {URL} (desktop)")


def test_diff_and_watch_speak_the_users_language(db):
    """A page the new scan could not scan is not comparable, its error in Chinese; ``show
    --watch`` on a finished scan says one line and stops."""
    with open_store(db) as store:
        store.save_run(ScanRun(
            engine="playwright", standard="wcag22aa", tool_version="0.1.0",
            started_at="2026-12-02T08:00:00+00:00", finished_at="2026-12-02T08:01:00+00:00",
            pages=[PageResult(url=URL, viewport=Viewport.DESKTOP,
                              error="the server answered HTTP 503")]))
    diff = _invoke("diff", "1", "2", "--db", db)
    assert diff.exit_code == 0, diff.output
    assert diff.stdout.splitlines() == [
        "检测 #1 → 检测 #2：新增 0 个，已修复 0 个，仍存在 0 个不符合项；1 个页面无法比较",
        "", "新增（0）：", "  无", "", "已修复（0）：", "  无", "", "仍存在（0）：", "  无", "",
        "无法比较（1）：这些页面在检测 #1 中的结果既不算已修复，也不算仍存在",
        f"  {URL}（桌面）：新一轮检测该页面时出错：服务器返回 HTTP 503；"
        "在检测 #1 中有 2 个不符合项"]
    watched = _invoke("show", "2", "--watch", "--db", db)
    assert watched.exit_code == 0, watched.output
    assert watched.stderr.splitlines()[0] == \
        "检测 #2：已完成；已完成 0/0 个页面，进行中 0，排队 0；1 个未能检测，不符合项 0 个"
