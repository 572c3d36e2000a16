"""``a11y-audit run``: targets from a config file, logged in once, secrets kept out of the store."""

from __future__ import annotations

import textwrap

import pytest

from audit.demo import DemoPortal
from audit.store import open_store
from tests.cli.conftest import run_cli
from tests.support.document_site import document_site
from tests.support.site import FixtureSite
from tests.webscan.crawl.server import CrawlSite

pytestmark = pytest.mark.usefixtures("english")
CONFIG = """\
schema: a11y-audit/config/1
defaults:
  max_pages: 20
  checks: []
targets:
  - name: 示范区门户
    department: 区政务服务数据管理局
    start: ["{url}"]
    login:
      - goto: "{url}login.html"
      - fill: {{selector: "#username", value: inspector}}
      - fill: {{selector: "#password", value: "${{DEMO_PASSWORD}}"}}
      - click: "button[type=submit]"
      - wait_for_url: "*/apply.html"
"""


@pytest.fixture(scope="module")
def portal(chromium):
    with DemoPortal() as running:
        yield running


def write_config(tmp_path, portal, text=CONFIG):
    path = tmp_path / "a11y-audit.yml"
    path.write_text(textwrap.dedent(text).format(url=portal.url), encoding="utf-8")
    return path


# The two pages behind the login, and no crawl beyond them: what is asserted is the login.
PROTECTED = CONFIG.replace('start: ["{url}"]',
                           'start: ["{url}apply.html", "{url}apply-done.html"]\n    depth: 0')


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_run_logs_in_once_and_scans_the_protected_pages(portal, tmp_path, engine):
    config = write_config(tmp_path, portal, PROTECTED.replace(
        "  checks: []", f"  checks: []\n  engine: {engine}"))
    result = run_cli("run", str(config), "--db", str(tmp_path / "run.db"),
                     env={"DEMO_PASSWORD": "demo-pass"})
    assert result.returncode == 0, result.stderr
    with open_store(tmp_path / "run.db") as store:
        [target] = store.targets()
        run = store.load_run(1)
    assert (target.name, target.department) == ("示范区门户", "区政务服务数据管理局")
    assert target.settings["login"][2]["fill"]["value"] == "${DEMO_PASSWORD}"
    # neither redirected to the login page
    assert sorted((page.url, page.final_url) for page in run.pages) == [
        (portal.url + path, portal.url + path) for path in ("apply-done.html", "apply.html")]
    apply = next(page for page in run.pages if page.url == portal.url + "apply.html")
    assert apply.title == "居住证在线申领 - 在线办事 - 示范区人民政府"
    assert {f.rule for f in apply.violations} == {"label", "select-name"}
    assert b"demo-pass" not in (tmp_path / "run.db").read_bytes()
    assert "scan 1: " in result.stdout


@pytest.mark.parametrize("lang, said", [
    ("en", ["== 示范区门户 (区政务服务数据管理局)",
            "error: 示范区门户: login step 3 (fill #nope) failed: no element matches '#nope'",
            "error: 1 target(s) could not be scanned: 示范区门户"]),
    ("zh", ["== 示范区门户（区政务服务数据管理局）",
            "错误：示范区门户：login step 3 (fill #nope) failed: no element matches '#nope'",
            "错误：1 个评估对象未能检测：示范区门户"])])
def test_a_failing_login_step_says_which_and_why(portal, tmp_path, lang, said):
    config = write_config(tmp_path, portal, CONFIG.replace('"#password"', '"#nope"'))
    result = run_cli("run", str(config), "--db", str(tmp_path / "fail.db"),
                     env={"DEMO_PASSWORD": "demo-pass", "A11Y_AUDIT_LANG": lang})
    assert result.returncode == 3
    assert result.stderr.splitlines() == said


def test_a_missing_secret_is_a_usage_error(portal, tmp_path):
    config = write_config(tmp_path, portal)
    result = run_cli("run", str(config), "--db", str(tmp_path / "env.db"))
    assert result.returncode == 2
    assert result.stderr.endswith("error: the environment variable DEMO_PASSWORD is not set "
                                  "(the config asks for ${DEMO_PASSWORD})\n")


def test_config_errors_name_file_and_line(tmp_path):
    config = tmp_path / "a11y-audit.yml"
    config.write_text("targets:\n  - name: x\n    strat: [https://a.example/]\n",
                      encoding="utf-8")
    result = run_cli("run", str(config), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {config}:2: targets[0].start: Field required")


def test_run_takes_the_document_options_from_the_config(tmp_path, chromium):
    config = tmp_path / "a11y-audit.yml"
    with FixtureSite(document_site(tmp_path / "site")) as site:
        config.write_text(textwrap.dedent(f"""\
            schema: a11y-audit/config/1
            defaults: {{checks: [], sitemaps: false, max_document_mb: 1, max_documents: 2}}
            targets:
              - name: 文件
                start: ["{site.url('/index.html')}"]
                depth: 0
            """), encoding="utf-8")
        result = run_cli("run", str(config), "--db", str(tmp_path / "run.db"))
    assert result.returncode == 0, result.stderr
    with open_store(tmp_path / "run.db") as store:
        states = sorted(str(d.state) for d in store.documents(1))
    assert states == ["done", "done"] + ["skipped"] * 8


def test_a_target_robots_txt_keeps_out_fails_the_run(tmp_path, chromium):
    """`run` exits 3 when a target could not be crawled at all: one whose robots.txt answers
    503 scanned nothing and the run exited 0; the other target is still crawled."""
    with CrawlSite() as busy, CrawlSite() as fine:
        busy.answer("/robots.txt", 503, b"busy")
        for site in (busy, fine):
            site.answer("/", 200, b"<!doctype html><html lang='en'><title>t</title></html>",
                        {"Content-Type": "text/html"})
        config = tmp_path / "a11y-audit.yml"
        config.write_text(textwrap.dedent(f"""\
            defaults: {{sitemaps: false, checks: [], screenshots: 0}}
            targets:
              - {{name: busy, start: ["{busy.url('/')}"]}}
              - {{name: fine, start: ["{fine.url('/')}"]}}
            """), encoding="utf-8")
        result = run_cli("run", str(config), "--db", str(tmp_path / "a.db"))
    assert result.returncode == 3, result.stderr
    assert "error: the crawl found no page it could scan" in result.stderr.splitlines()
    with open_store(tmp_path / "a.db") as store:
        assert [(s.target, s.pages) for s in store.scans()] in ([("busy", 0), ("fine", 1)],
                                                                [("fine", 1), ("busy", 0)])
