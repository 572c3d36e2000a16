"""The addresses a crawl did not check as pages because they redirected (to a page already
scanned, off the site, ...): counted and listed per kind in the JSON, HTML and PDF report."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from audit.model import Redirected
from audit.report.assemble import build_report
from audit.report.exports import report_document, report_schema
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.report.report_pdf import report_pdf
from audit.store import open_store
from tests.report.report_factory import HOSTILE, PORTAL, options, page, run
from tests.support.pdf_text import pdf_text

MOVED = [f"{PORTAL}/old/{n}.html" for n in range(50)]
OFF_SITE = ["https://elsewhere.example.com/", f"javascript:alert(1)//{HOSTILE}"]
LONG = "https://www.example.gov.cn/" + "a" * 300 + "/" + "b" * 300 + ".html"
REDIRECTS = {"scanned": {"count": 1234, "examples": MOVED},
             "left_site": {"count": 2, "examples": OFF_SITE}}


def _report(tmp_path, lang="en", redirects=None):
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(run("2025-06-30", page(f"{PORTAL}/")), target="portal",
                       options={"redirects": REDIRECTS if redirects is None else redirects})
        return build_report(store, options(lang))


def test_json_lists_each_kind_with_its_count_and_first_addresses(tmp_path):
    document = json.loads(json.dumps(report_document(_report(tmp_path))))
    jsonschema.Draft202012Validator(report_schema()).validate(document)
    assert document["web"][0]["redirects"] == [
        {"kind": "scanned", "count": 1234, "examples": MOVED},
        {"kind": "left_site", "count": 2, "examples": OFF_SITE}]


def test_the_schema_refuses_a_redirect_without_its_count(tmp_path):
    document = json.loads(json.dumps(report_document(_report(tmp_path))))
    del document["web"][0]["redirects"][0]["count"]
    with pytest.raises(jsonschema.ValidationError, match="'count' is a required property"):
        jsonschema.Draft202012Validator(report_schema()).validate(document)


def test_a_kind_this_version_does_not_know_is_kept_and_a_malformed_record_left_out(tmp_path):
    # a store written by a later version may hold a kind this one has no words for
    report = _report(tmp_path, redirects={"archived": {"count": 3, "examples": ["https://a/x"]},
                                          "left_site": "garbage",
                                          "scanned": {"count": 0, "examples": []}})
    assert [(r.kind, r.count, r.examples) for r in report.web[0].redirects] == [
        ("archived", 3, ["https://a/x"])]
    html = render_html(report)
    assert "<p>3 address(es) redirected (archived); the first 1 of 3:</p>" in html


def test_a_scan_without_redirects_has_no_such_section(tmp_path):
    report = _report(tmp_path, redirects={})
    assert report.web[0].redirects == []
    assert "Addresses the crawl did not check as pages" not in render_html(report)


@pytest.mark.parametrize(("lang", "heading", "scanned", "left"), [
    ("en", "<h3>Addresses the crawl did not check as pages</h3>",
     "<p>1,234 address(es) redirected to a page already scanned (counted once); "
     "the first 50 of 1,234:</p>",
     "<p>2 address(es) redirected off the site (not scanned as its pages):</p>"),
    ("zh-CN", "<h3>爬取中未作为页面检测的地址</h3>",
     "<p>1,234 个地址重定向到已检测的页面（只计一次）；以下为前 50 个（共 1,234 个）：</p>",
     "<p>2 个地址重定向到站点之外（不作为本站页面检测）：</p>"),
])
def test_html_says_how_many_per_kind_and_lists_the_first(tmp_path, lang, heading, scanned,
                                                         left):
    html = render_html(_report(tmp_path, lang))
    cover = html[html.index('<section id="cover"'):html.index('<section id="summary"')]
    assert heading in cover and "<h4>portal</h4>" in cover
    assert scanned in cover and left in cover
    assert re.findall(r"<li><code>([^<]*)</code></li>", cover) == [
        *MOVED, "https://elsewhere.example.com/",
        "javascript:alert(1)//&lt;script&gt;alert(1)&lt;/script&gt;&#34; onerror=&#34;alert(2)"
        "&#34; &lt;/textarea&gt;&lt;script&gt;alert(3)&lt;/script&gt;"]
    assert "<script" not in html and "href=\"javascript:" not in html


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_long_address_wraps_inside_the_pdf_page(tmp_path, pdf_printer, lang):
    report = _report(tmp_path, lang, redirects={"left_site": {"count": 1, "examples": [LONG]}})
    text = pdf_text(report_pdf(render_html(report), lang, printer=pdf_printer))
    # the whole address is on the page (none of it cut off at the right edge), over several
    # lines (a page's footer may come between two of them)
    pieces = [line.strip() for line in text.splitlines() if len(line.strip()) > 20
              and line.strip() in LONG]
    assert "".join(pieces) == LONG and len(pieces) > 1


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_kind_of_redirect_has_its_words(lang):
    msg = Messages(lang)
    assert [kind for kind in Redirected if not msg.has(f"scan.redirected_{kind}")] == []
