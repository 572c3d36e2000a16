"""`a11y-audit crawl`: what the command refuses before it starts a browser."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from audit.cli.exitcodes import ExitCode
from audit.model import ScanRun
from audit.store import open_store
from audit.webscan import site_crawl
from audit.webscan.crawl_attempts import VANISHED, gave_up
from audit.webscan.site_crawl import CrawlSettings
from tests.cli.conftest import run_cli
from tests.webscan.crawl.server import CrawlSite

pytestmark = pytest.mark.usefixtures("english")


def test_resume_refuses_start_urls_and_options_it_would_ignore(tmp_path):
    """A resumed crawl goes on as it was started: start URLs and crawl options given with
    --resume were dropped without a word (``--max-pages 1000`` left the cap at 500)."""
    db = str(tmp_path / "a.db")
    with_urls = run_cli("crawl", "https://www.example.gov.cn/", "--resume", "1", "--db", db)
    assert with_urls.returncode == ExitCode.USAGE
    assert with_urls.stderr == (
        "error: --resume continues a crawl with the start URLs and crawl options it was "
        "started with; leave out the start URLs (only --concurrency, --screenshots and "
        "--remote may change)\n")
    changed = run_cli("crawl", "--resume", "1", "--max-pages", "1000", "--depth=2",
                      "--concurrency", "2", "--db", db)
    assert changed.returncode == ExitCode.USAGE
    assert changed.stderr == (
        "error: --resume continues a crawl with the start URLs and crawl options it was "
        "started with; leave out --max-pages, --depth (only --concurrency, --screenshots "
        "and --remote may change)\n")
    assert not (tmp_path / "a.db").exists()


def test_a_report_path_that_is_a_folder_is_refused_before_the_crawl(tmp_path):
    """It was refused after the crawl (an hour on a large site), with exit 2 and the
    report lost; now before anything starts."""
    folder = tmp_path / "reports"
    folder.mkdir()
    result = run_cli("crawl", "https://www.example.gov.cn/", "--db", str(tmp_path / "a.db"),
                     "--report", f"sarif={folder}")
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--report': {str(folder)!r} is a folder; name the report "
        f"file, e.g. sarif={folder / 'a11y-audit.sarif'}")
    assert not (tmp_path / "a.db").exists()


def test_resuming_an_unknown_scan_is_a_usage_error_naming_the_store(tmp_path):
    """README: an unknown scan id exits 2 (``no scan with id 99 in a11y-audit.db``); resume
    exited 3 with 'no scan with id 7 in DB'."""
    db = tmp_path / "a.db"
    open_store(db).close()
    result = run_cli("crawl", "--resume", "7", "--db", str(db))
    assert result.returncode == ExitCode.USAGE
    assert result.stderr == f"error: no scan with id 7 in {db}\n"


@pytest.fixture
def two_scans(tmp_path) -> str:
    """A store with scan 1, a list of URLs, and scan 2, a Playwright crawl."""
    db = str(tmp_path / "a.db")
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="0")
    settings = CrawlSettings(start_urls=("https://www.example.gov.cn/",))
    with open_store(db) as store:
        store.begin_scan(run, options={"urls": ["https://www.example.gov.cn/"]})
        store.begin_scan(run, options={"crawl": settings.to_json(),
                                       "scan": {"engine": "playwright"}})
    return db


RESUME_REFUSED_ZH = [
    (("crawl", "https://www.example.gov.cn/", "--resume", "2"),
     "error: --resume 按抓取开始时的起始网址和抓取选项继续；请去掉：起始网址（只有 --concurrency、"
     "--screenshots 和 --remote 可以改变）"),
    (("crawl", "--resume", "2", "--max-pages", "1000", "--depth=2", "--concurrency", "2"),
     "error: --resume 按抓取开始时的起始网址和抓取选项继续；请去掉：--max-pages、--depth（只有 "
     "--concurrency、--screenshots 和 --remote 可以改变）"),
    (("crawl", "--resume", "7"), "error: 数据库 {db} 中没有编号为 7 的检测"),
    (("crawl", "--resume", "1"), "error: 检测 #1 不是抓取；只有抓取可以继续"),
    (("crawl", "--resume", "2", "--remote", "http://127.0.0.1:9/"),
     "error: --remote 只能与 --engine selenium 一起使用"),
    (("crawl",), "Error: 请给出起始网址，或用 --resume 检测编号 继续一次抓取"),
]


@pytest.mark.parametrize(("args", "said"), RESUME_REFUSED_ZH,
                         ids=[" ".join(args) for args, _ in RESUME_REFUSED_ZH])
def test_resume_refusals_read_in_chinese(two_scans, args, said):
    """--resume's usage errors were English under zh-CN."""
    result = run_cli(*args, "--db", two_scans, env={"A11Y_AUDIT_LANG": "zh"})
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == said.format(db=two_scans)


def test_ctrl_c_before_the_first_page_is_done_marks_the_crawl_interrupted(cli_site,
                                                                         subprocesses, tmp_path):
    """The scan id was learnt from the first page done: Ctrl-C while the first pages were
    loading left the crawl 'running' for ever, and said nothing of how to resume it."""
    db = tmp_path / "audit.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", "crawl", cli_site.url("hang"), "--depth", "0",
         "--no-sitemaps", "--concurrency", "1", "--timeout", "60", "--no-checks",
         "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "A11Y_AUDIT_LANG": "en"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120  # a bound, not a measure (seconds when idle)
        while not _scans_begun(db):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no crawl recorded within 120 s"
            time.sleep(0.1)
        time.sleep(1)  # the hanging page is loading
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == ExitCode.INTERRUPTED, err
    assert err.splitlines() == [f"crawl stored as scan 1 in {db}",
                                "interrupted; continue with: a11y-audit crawl --resume 1"]
    with open_store(db) as store:
        assert store.scan(1).status == "interrupted"
        assert store.scan(1).pages == 0


def _scans_begun(db: Path) -> bool:
    if not db.exists():
        return False
    with open_store(db) as store:
        return bool(store.scans())


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["crawl stored as scan 1 in {db}",
            "warning: {origin}/robots.txt answered HTTP 503: everything disallowed (RFC 9309); "
            "use --ignore-robots for a site you own",
            "warning: {origin}/: robots.txt does not allow opening it; not scanned (use "
            "--ignore-robots for a site you own)",
            "error: the crawl found no page it could scan"]),
    ("zh", ["本次检测记为检测 #1，存于 {db}",
               "警告：{origin}/robots.txt 返回 HTTP 503：全部禁止抓取（RFC 9309）；自己的网站可用 "
               "--ignore-robots",
               "警告：{origin}/：robots.txt 不允许打开该页面；未检测（自己的网站可用 "
               "--ignore-robots）",
               "错误：本次抓取没有找到可以检测的页面"])])
def test_a_site_whose_robots_txt_answers_503_is_not_crawled_and_says_why(chromium, tmp_path,
                                                                       lang, expected):
    """robots.txt answering 503 (a busy server, a firewall) disallows everything: the crawl
    scanned nothing, said nothing of why, and exited 0 (a CI job passed)."""
    db = tmp_path / "a.db"
    with CrawlSite() as site:
        site.answer("/robots.txt", 503, b"busy")
        site.answer("/", 200, b"<!doctype html><title>t</title>", {"Content-Type": "text/html"})
        result = run_cli("crawl", site.url("/"), "--no-sitemaps", "--db", str(db),
                         "--lang", lang)
        origin = site.origin
    assert result.returncode == ExitCode.ENVIRONMENT
    assert result.stderr.splitlines() == [line.format(db=db, origin=origin)
                                          for line in expected]


PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "</head><body><main><h1>{title}</h1>{body}</main></body></html>")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
GAVE_UP_FILE = re.compile(
    r"internal error: RuntimeError: planning broke \(the crawl gave up on this page after 3 "
    r"tries; this is a bug in a11y-audit: please report it with the output of "
    r"`a11y-audit doctor` and the file (?P<file>\S+)\)")


@pytest.mark.parametrize(("terminal", "prefix"), [({}, "[2/2] "), ({"FORCE_COLOR": "1"}, "")],
                         ids=["log", "bar"])
def test_a_page_given_up_names_the_file_holding_its_traceback(chromium, monkeypatch, tmp_path,
                                                              terminal, prefix):
    """A local crawl configures no logging: the traceback of a page that broke the crawler
    three times was dropped; it is kept in a file of the temporary folder, which the stored
    error (en and zh-CN) and the crawl's output (its log, or after a terminal's bar) name. The
    crawl's link planning raises on /bad.html (a bug of ours, as faulty_worker.py's ``raise``;
    in this process: what is tested is the crawl's handling, not the process)."""
    plan = site_crawl.plan_links

    def broken(links: object, found_on: str, *args: object, **kwargs: object) -> object:
        if found_on.endswith("/bad.html"):
            raise RuntimeError("planning broke")
        return plan(links, found_on, *args, **kwargs)

    monkeypatch.setattr(site_crawl, "plan_links", broken)
    with CrawlSite() as site:
        for path, title, body in (("/", "Home", "<a href='/bad.html'>B</a>"),
                                  ("/bad.html", "Bad", "")):
            site.answer(path, body=PAGE.format(title=title, body=body).encode())
        done = run_cli("crawl", site.url("/"), "--no-sitemaps", "--concurrency", "1",
                       "--no-checks", "--db", str(tmp_path / "a.db"),
                       env={"A11Y_AUDIT_LANG": "en", **terminal})
        bad = site.url("/bad.html")
    assert done.returncode == ExitCode.OK, done.stderr
    with open_store(tmp_path / "a.db") as store:
        errors = {page.url: page.error for page in store.iter_pages(1)}
    found = GAVE_UP_FILE.fullmatch(errors[bad] or "")
    assert found, errors[bad]
    saved = Path(found["file"])  # the last try's traceback, in the temporary folder
    text = saved.read_text(encoding="utf-8")
    saved.unlink()
    assert saved.parent == Path(tempfile.gettempdir())
    assert saved.name.startswith("a11y-audit-error-") and saved.suffix == ".txt"
    assert text.splitlines()[0].endswith(f"scan 1: visiting {bad} (desktop) failed, try 3 of 3")
    assert "Traceback (most recent call last)" in text
    assert text.endswith("RuntimeError: planning broke\n")
    # the crawl's line for the page names it
    said = ANSI.sub("", done.stderr)  # without the codes that drew and cleared the bar
    assert [line for line in said.splitlines() if bad in line] == [
        f"{prefix}{bad} — not scanned: {errors[bad]}"]
    shown = run_cli("show", "1", "--db", str(tmp_path / "a.db"), "--lang", "zh",
                    env={"COLUMNS": "1000"})
    assert ("内部错误：RuntimeError: planning broke（尝试 3 次后放弃了这个页面；这是 a11y-audit "
            f"的缺陷，请附上 `a11y-audit doctor` 的输出和文件 {saved} 向我们报告）") in shown.stdout


BUSY = ("<script>setInterval(() => { document.body.dataset.tick = Date.now(); }, 20);"
        "</script>")  # never settles: in flight for the whole --settle-limit


def test_a_page_in_flight_when_another_kills_the_crawl_keeps_its_tries(subprocesses,
                                                                      tmp_path):
    """Only the page the process died on loses its tries: /busy.html is being settled in the
    same process when /bad.html first kills it, and was given up with it on the start after
    the third death ('the process scanning it stopped') though nothing is wrong with it. A
    page tried before is now visited alone, so the later deaths are /bad.html's only."""
    db = str(tmp_path / "a.db")
    with CrawlSite() as site:
        for path, title, body in (
                ("/", "Home", "<a href='/bad.html'>B</a><a href='/busy.html'>C</a>"),
                ("/bad.html", "Bad", ""), ("/busy.html", "Busy", BUSY)):
            site.answer(path, body=PAGE.format(title=title, body=body).encode())
        first = ["crawl", site.url("/"), "--no-sitemaps", "--settle-limit", "30", "--no-checks"]
        resume = ["crawl", "--resume", "1"]
        for args in (first, resume, resume, resume):
            done = subprocess.run(
                [sys.executable, "-m", "tests.distributed.faulty_worker", "exit", "/bad.html",
                 *args, "--concurrency", "2", "--db", db],
                capture_output=True, text=True, timeout=240, check=False,
                env={**os.environ, "A11Y_AUDIT_LANG": "en"})
            if args is not first and done.returncode == 0:
                break  # the start after the third death: /bad.html is given up
            assert done.returncode == 70, done.stderr  # died on /bad.html
        busy, bad = site.url("/busy.html"), site.url("/bad.html")
    with open_store(db) as store:
        errors = {page.url: page.error for page in store.iter_pages(1)}
    assert errors == {site.url("/"): None, bad: gave_up(VANISHED), busy: None}
