"""Page notes (how a page was scanned) in the reader's language: every note code's exact words
in zh-CN and en, in the HTML report and in ``show``; notes an older version stored as plain
strings are shown as they were; the scan JSON keeps its English ``notes`` and adds the codes.
Why a page failed, stored in the scanner's English, is shown in Chinese where it is ours.

A real SQLite store; the old-format row is written in SQL as the previous version wrote it.
"""

from __future__ import annotations

import ast
import json
import signal
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from markupsafe import escape

import audit
from audit.cli import scans
from audit.documents._worker import _why
from audit.documents.sandbox import Limits, _why_it_stopped
from audit.model import Note, NoteCode, PageResult, Viewport
from audit.report.assemble import build_report
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.report.notes import error_text, note_text
from audit.report.scan_json import scan_document, scan_schema
from audit.store import open_store
from audit.webscan.checks import CHECKS
from audit.webscan.driver import (
    ABORTED,
    INTERFERED,
    PageFault,
    describe_net_error,
    navigated_away,
    script_error,
    script_timeout,
)
from tests.report.report_factory import PORTAL, options, run

DIALOG_TEXT = "<b>欢迎</b> & {name} \"quoted\""  # the page's own words: verbatim, escaped
# (note, English, Chinese): one for each code but ``text`` (the old notes, below)
CASES: list[tuple[Note, str, str]] = [
    (Note(NoteCode.LOAD_TIMEOUT),
     "the load event did not fire in time; the page was scanned as it was",
     "页面的 load 事件未在限定时间内触发；已按页面当时的状态检测"),
    (Note(NoteCode.RETRIED),
     "the first attempt to open the page was aborted (the page before it in the tab can cause "
     "that); it was opened again in a fresh tab",
     "第一次打开页面时加载被中止（同一标签页中的上一个页面可能导致这种情况）；已在新标签页中重新打开"),
    (Note(NoteCode.DIALOG, {"text": DIALOG_TEXT}),
     f"dismissed a JavaScript dialog: {DIALOG_TEXT}",
     f"已关闭页面弹出的 JavaScript 对话框：{DIALOG_TEXT}"),
    (Note(NoteCode.DIALOG_OF_KIND, {"kind": "confirm", "text": "Accept cookies?"}),
     "dismissed a JavaScript confirm dialog: Accept cookies?",
     "已关闭页面弹出的 JavaScript 确认（confirm）对话框：Accept cookies?"),
    (Note(NoteCode.DIALOGS_MORE, {"count": 35}),
     "dismissed 35 more JavaScript dialogs",
     "另有 35 个 JavaScript 对话框已关闭"),
    (Note(NoteCode.WENT_ON, {"url": f"{PORTAL}/next"}),
     f"the page went on to {PORTAL}/next by itself after loading; that page was analysed",
     f"页面加载后自行跳转到 {PORTAL}/next；检测的是跳转后的页面"),
    (Note(NoteCode.HELD_NAVIGATION, {"url": f"{PORTAL}/next?a=<b>"}),
     f"the page tried to go on to {PORTAL}/next?a=<b> by itself during the analysis; it was "
     "analysed as it loaded",
     f"检测过程中页面试图自行跳转到 {PORTAL}/next?a=<b>；已按页面加载后的状态检测"),
    (Note(NoteCode.HELD_NAVIGATION_AFTER_KEYS, {"url": f"{PORTAL}/next"}),
     f"the page tried to go on to {PORTAL}/next during the analysis, after our keyboard check "
     "had begun to press keys (by itself or in answer to a key); it was analysed as it loaded",
     f"检测过程中（键盘检查开始按键之后）页面试图跳转到 {PORTAL}/next（自行跳转或响应按键）；"
     "已按页面加载后的状态检测"),
    (Note(NoteCode.SLOW_RULES_LEFT_OUT, {"seconds": "3", "rules": "target-size"}),
     "axe-core did not finish within 3 s; it was run again without target-size, whose time "
     "grows with the square of the number of links and buttons on the page: target-size was "
     "not checked automatically on this page, every other rule was",
     "axe-core 未在 3 秒内完成；已去掉 target-size 重新检测（其耗时随页面上链接和按钮数量的"
     "平方增长）：本页未自动检测 target-size，其余规则均已检测"),
    (Note(NoteCode.NOT_SETTLED, {"seconds": "5", "mutations": 120, "requests": 0,
                                 "fonts": "loading"}),
     "the page did not settle within 5 s (120 DOM changes, 0 network requests, fonts loading); "
     "it was analysed as it was",
     "页面在 5 秒内未稳定（DOM 变化 120 次，网络请求 0 个，字体仍在加载）；已按页面当时的状态检测"),
    (Note(NoteCode.LEFT_WHILE_SETTLING),
     "the page navigated (or reloaded itself) again each time while waiting for it to settle; "
     "it was analysed as it then was",
     "等待页面稳定时页面一再跳转（或自行刷新）；已按当时的状态检测"),
    (Note(NoteCode.CHECK_FAILED, {"check": "reflow",
                                  "reason": "a script failed in the page: no frames here"}),
     "check reflow failed: a script failed in the page: no frames here",
     "“重排”检查失败：页面中的脚本出错：no frames here"),
    (Note(NoteCode.CHECK_SKIPPED, {"check": "image-of-text", "reason": "no models"}),
     "check image-of-text skipped: no models",
     "“文字图像”检查未运行：no models"),
    (Note(NoteCode.CHECK_NOT_ANALYSED, {"check": "keyboard", "reason": "KeyError: 'x'"}),
     "check keyboard could not be analysed: KeyError: 'x'",
     "“键盘操作”检查的结果无法分析：KeyError: 'x'"),
    (Note(NoteCode.SERVES_DOCUMENT),
     "the address serves a document: it is checked with the documents",
     "该地址提供的是文档，已归入文档检查"),
    (Note(NoteCode.SAME_FILE, {"url": f"{PORTAL}/a.pdf"}),
     f"the same file as {PORTAL}/a.pdf, checked there",
     f"与 {PORTAL}/a.pdf 是同一文件，已在该处检查"),
    (Note(NoteCode.DOCUMENT_PAGES_LIMITED, {"examined": 1000, "pages": 5000}),
     "only 1000 of 5000 pages were examined (the time or page limit for one document)",
     "共 5000 页，只检查了 1000 页（已达单个文档的时间或页数上限）"),
    (Note(NoteCode.DOCUMENT_STRUCTURE_PARTIAL),
     "the structure tree was read in part (it is too large or the time ran out)",
     "只读取了部分结构树（结构树过大或时间用尽）"),
    (Note(NoteCode.DOCUMENT_JAVASCRIPT),
     "the PDF contains JavaScript (never run by the check)",
     "该 PDF 含有 JavaScript（检查时不会运行）"),
    (Note(NoteCode.DOCUMENT_DEFAULT_PASSWORD),
     "the file is encrypted with Excel's default password (VelvetSweatshop): it opens without "
     "asking for one, and was checked decrypted",
     "该文件用 Excel 的默认密码（VelvetSweatshop）加密：打开时不需要输入密码，已解密后检查"),
]
# As the previous version stored them: plain English strings, shown as they are in either
# language (one of them the page's own hostile words).
OLD_NOTES = ["dismissed a JavaScript alert dialog: <script>alert('old')</script>",
             "check keyboard failed: the page navigated away"]
WORDS = {"en": 1, "zh-CN": 2}  # where each language's words are in a case
FAILED = ("axe-core did not finish: the page navigated away (or reloaded itself) while it was "
          "being analysed")
FAILED_ZH = "axe-core 未能完成：分析过程中页面跳转（或自行刷新）了"


def test_every_code_has_its_case():
    assert {note.code for note, _, _ in CASES} == set(NoteCode) - {NoteCode.TEXT}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_check_is_named_in_both_languages(lang):
    msg = Messages(lang)
    assert [name for name in CHECKS if not msg.has(f"value_words.check.{name}")] == []


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("case", CASES, ids=lambda case: str(case[0].code))
def test_each_code_has_its_exact_words(case, lang):
    assert note_text(case[0], Messages(lang)) == case[WORDS[lang]]


def test_a_stored_note_comes_back_the_same(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        scan_id = store.save_run(run("2025-06-30", _page(f"{PORTAL}/")))
        [page] = store.load_run(scan_id).pages
    assert page.notes == [note for note, _, _ in CASES]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """One scan: a page with every note, and a page whose notes a previous version wrote."""
    path = tmp_path_factory.mktemp("notes") / "audit.db"
    with open_store(path) as store:
        store.save_target("portal", department="办公室")
        failed = PageResult(url=f"{PORTAL}/failed", viewport=Viewport.DESKTOP, error=FAILED)
        store.save_run(run("2025-06-30", _page(f"{PORTAL}/"), _page(f"{PORTAL}/old", []),
                           failed), target="portal")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE pages SET notes = ? WHERE url = ?",
                           (json.dumps(OLD_NOTES), f"{PORTAL}/old"))
    return path


def _page(url: str, notes: list[Note] | None = None) -> PageResult:
    return PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url, status=200,
                      title="首页", passed_rules=["document-title"],
                      notes=[note for note, _, _ in CASES] if notes is None else notes)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_report_words_every_note_and_shows_old_ones_as_they_were(db, lang):
    with open_store(db) as store:
        html = render_html(build_report(store, options(lang)))
    listed = html.split(f'<h4>{Messages(lang).t("web.notes_heading")}</h4>', 1)[1]
    listed = listed.split("</dl>", 1)[0]
    items = [item.split("</li>")[0] for item in listed.split("<li>")[1:]]
    expected = [case[WORDS[lang]] for case in CASES] + OLD_NOTES
    assert items == [str(escape(text)) for text in expected]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_words_every_note_and_shows_old_ones_as_they_were(db, lang):
    shown = CliRunner().invoke(scans.show_command, ["1", "--db", str(db), "--lang", lang],
                               env={"COLUMNS": "1000"})
    assert shown.exit_code == 0, shown.output
    msg = Messages(lang)
    label = f"  {msg.t('scan.note')}{msg.t('common.colon')}"  # "  说明：" or "  note: "
    notes = [line.removeprefix(label) for line in shown.output.splitlines()
             if line.startswith(label)]
    words = WORDS["zh-CN" if lang == "zh" else "en"]
    assert notes == [case[words] for case in CASES] + OLD_NOTES


def test_scan_json_keeps_english_notes_and_adds_their_codes(db):
    with open_store(db) as store:
        document = scan_document(store.load_run(1))
    jsonschema.validate(document, scan_schema())
    new, old, failed = document["pages"]
    assert failed["error"] == FAILED
    assert new["notes"] == [english for _, english, _ in CASES]
    assert new["note_codes"][3] == {"code": "dialog-of-kind",
                                    "params": {"kind": "confirm", "text": "Accept cookies?"}}
    assert old["notes"] == OLD_NOTES
    assert old["note_codes"] == [{"code": "text", "params": {"text": text}}
                                 for text in OLD_NOTES]


def test_a_note_of_a_newer_version_is_kept_as_it_was_stored():
    stored = {"code": "from-the-future", "params": {"n": 1}}
    assert Note.from_stored(stored) == Note.plain('{"code": "from-the-future", "params": '
                                                  '{"n": 1}}')


@pytest.mark.parametrize(("lang", "shown"), [("zh-CN", FAILED_ZH), ("en", FAILED)])
def test_why_a_page_failed_is_in_the_report_language(db, lang, shown):
    with open_store(db) as store:
        html = render_html(build_report(store, options(lang)))
    assert f"<td>{escape(shown)}</td>" in html


@pytest.mark.parametrize(("lang", "shown"), [("zh", FAILED_ZH), ("en", FAILED)])
def test_show_says_why_a_page_failed_in_its_language(db, lang, shown):
    output = CliRunner().invoke(scans.show_command, ["1", "--db", str(db), "--lang", lang],
                                env={"COLUMNS": "1000"}).output
    msg = Messages(lang)
    assert f"  {msg.t('scan.not_scanned')}{msg.t('common.colon')}{shown}\n" in output


def test_every_error_of_the_scanner_reads_in_chinese():
    """The scanner's sentences and the words' English ones are the same (no drift)."""
    markers = ["ERR_TOO_MANY_REDIRECTS", "ERR_CONNECTION_REFUSED", "ERR_NAME_NOT_RESOLVED",
               "ERR_CONNECTION_RESET", "ERR_EMPTY_RESPONSE", "ERR_CERT_DATE_INVALID",
               "Download is starting", "ERR_UNSAFE_REDIRECT", "ERR_INVALID_REDIRECT",
               "ERR_INVALID_AUTH_CREDENTIALS", "ERR_INTERNET_DISCONNECTED",
               "ERR_ADDRESS_UNREACHABLE", "Timeout 30000ms exceeded", "net::ERR_FAILED"]
    errors = [describe_net_error(marker, "https://x.gov.cn/", 30) for marker in markers]
    errors += [ABORTED, INTERFERED, str(script_timeout(3)), str(script_error("boom")),
               str(navigated_away())]
    zh = Messages("zh-CN")
    assert [error for error in errors if error_text(error, zh) == error] == []
    assert error_text(str(script_timeout(2.5)), zh) == (
        "页面脚本在 2.5 秒内没有响应（页面可能卡在某个脚本中）")


def test_every_fault_the_product_words_reads_in_chinese():
    """Every sentence written in the product's source as a page fault (any kind of
    ``PageFault``) or a DevTools failure (nested in one) has its words: a new one without them
    would reach a Chinese report in English."""
    sentences = _fault_sentences()
    assert len(sentences) >= 25  # the walk finds them (30 when this was written)
    zh = Messages("zh-CN")
    assert [where for where, sentence in sentences if error_text(sentence, zh) == sentence] == []


def test_every_reason_a_document_was_not_checked_reads_in_chinese():
    """Why a document was not checked (damaged, a zip bomb, over a limit of the sandbox) is
    stored in English; a Chinese report read it in English. Each sentence written in the
    source as ``Unreadable`` and each limit the sandbox names has its words."""
    zh = Messages("zh-CN")
    written = [(where, sentence) for where, sentence in _fault_sentences({"Unreadable"})]
    assert len(written) >= 10
    limits = Limits()
    stopped = [_why_it_stopped(None, True, limits), _why_it_stopped(-signal.SIGXCPU, False, limits),
               _why_it_stopped(-signal.SIGKILL, False, limits),
               _why_it_stopped(-signal.SIGSEGV, False, limits), _why_it_stopped(1, False, limits),
               _why(MemoryError(), "a.pdf", {"memory_mb": 256}, None),
               _why(RecursionError(), "a.pdf", {"memory_mb": 256}, None),
               _why(ValueError("bad xref"), "a.pdf", {"memory_mb": 256}, None),
               "the server sent an HTML page, not a document"]
    sentences = [sentence for _, sentence in written] + stopped
    assert [s for s in sentences if error_text(s, zh) == s] == []
    assert error_text("document not checked: reading it needs more than 256 MB of memory (the "
                      "limit for one document)", zh) == (
        "文档未检查：读取它需要超过 256 MB 内存（单个文档的上限）")
    assert error_text("damaged DOCX file: the word/document.xml part is missing", zh) == (
        "DOCX 文件已损坏：the word/document.xml part is missing")


def test_a_tracker_gate_that_failed_reads_in_chinese_to_its_cause():
    zh = Messages("zh-CN")
    failed = ("could not hold the tab's requests to trackers: the browser at 127.0.0.1:9222 did "
              "not open a DevTools session on its tab: the browser closed the connection")
    assert error_text(failed, zh) == (
        "无法拦截标签页发往跟踪器的请求：127.0.0.1:9222 的浏览器没有为其标签页打开 DevTools 会话："
        "浏览器关闭了连接")
    gone = "the browser closed the DevTools connection (the tab or browser is gone)"
    assert error_text(f"could not hold the tab's requests to trackers: {gone}", zh) == (
        "无法拦截标签页发往跟踪器的请求：浏览器关闭了 DevTools 连接（标签页或浏览器已不存在）")
    assert error_text("the DevTools connection was closed", zh) == "DevTools 连接已关闭"
    assert error_text("chromedriver stopped answering: Connection refused", zh) == (
        "chromedriver 停止响应：Connection refused")


def _fault_sentences(kinds: set[str] | None = None) -> list[tuple[str, str]]:
    """(file:line, sentence) of each fault (``kinds``: page faults and DevTools failures) made
    from text written in the source, an f-string's values as ``x``."""
    kinds = kinds or _kinds(PageFault) | {"DevToolsError"}
    package = Path(audit.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in kinds and node.args:
                sentence = _written(node.args[0])
                if sentence is not None:
                    found.append((f"{path.relative_to(package)}:{node.lineno}", sentence))
    return found


def _kinds(fault: type) -> set[str]:
    return {fault.__name__}.union(*(_kinds(kind) for kind in fault.__subclasses__()))


def _written(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "x"
                       for part in node.values)
    return None  # made elsewhere (a described navigation error: tested above)


def test_an_error_inside_an_error_is_worded_too_and_others_kept_as_they_are():
    zh = Messages("zh-CN")
    again = (f"axe-core did not finish: {script_timeout(3)}; run again without target-size, "
             "it did not finish either: the browser tab crashed while loading or analysing "
             "the page")
    assert error_text(again, zh) == (
        "axe-core 未能完成：页面脚本在 3 秒内没有响应（页面可能卡在某个脚本中）；去掉 target-size "
        "后再次检测，仍未完成：加载或分析页面时浏览器标签页崩溃")
    assert error_text("the server answered HTTP 418 {teapot}", zh) == (
        "服务器返回 HTTP 418 {teapot}")
    assert error_text("a newer scanner's words", zh) == "a newer scanner's words"
