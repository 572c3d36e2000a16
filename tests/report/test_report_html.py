"""The HTML report: golden files, escaping, template overrides, translations."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from audit import __version__
from audit.errors import ConfigError
from audit.i18n import text_keys
from audit.model import Outcome, Severity
from audit.report.assemble import build_report
from audit.report.datafiles import reports_dir
from audit.report.html import REPORT_SECTIONS, bundled_templates, own_lang, render_html
from audit.report.i18n import Messages
from audit.store import open_store
from tests.report.report_factory import (
    PORTAL,
    finding,
    fixed_dataset,
    hostile_run,
    options,
    page,
    run,
    small_facility,
)

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _small_store(path: Path):
    """One target, one page, standard WCAG 2.0 A: a golden file that stays short."""
    store = open_store(path)
    store.save_target("portal", department="办公室")
    small = replace(run("2025-06-30", page(
        f"{PORTAL}/", finding("image-alt", "#logo", impact=Severity.CRITICAL),
        finding("bypass-blocks", "html", source="bypass", outcome=Outcome.NEEDS_REVIEW,
                wcag=("2.4.1",)),
        title="示范区人民政府")), standard="wcag2a")
    store.save_run(small, target="portal")
    small_facility(store)
    return store


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_golden_report(tmp_path, lang):
    with _small_store(tmp_path / "audit.db") as store:
        html = render_html(build_report(store, options(lang)))
    html = html.replace(f"a11y-audit {__version__}", "a11y-audit VERSION")
    golden = GOLDEN / f"small-{lang}.html"
    if UPDATE:
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), (
        "the report changed: review the diff and rerun with UPDATE_GOLDEN=1")


@pytest.mark.parametrize(("lang", "row", "rule"), [
    ("zh-CN", "<td>3.2.1.1 验证码；3.2.1.2 非文本链接；3.2.1.3 非文本控件；3.2.1.4 非文本内容</td>",
     "<dd>WCAG 1.1.1 非文本内容（A 级）<br>GB/T 37668-2019 3.2.1.4 非文本内容（对应未核实）</dd>"),
    ("en", "<td>3.2.1.1 CAPTCHA; 3.2.1.2 Non-text links; 3.2.1.3 Non-text controls; "
           "3.2.1.4 Non-text content</td>",
     "<dd>WCAG 1.1.1 Non-text Content (A)<br>GB/T 37668-2019 3.2.1.4 Non-text content "
     "(correspondence unconfirmed)</dd>"),
])
def test_gbt37668_clauses_stand_next_to_wcag_criteria(tmp_path, lang, row, rule):
    """In the per-criterion table (the clauses of the criterion's intent) and in each rule's
    section (the clauses the rule evidences), marked as an unconfirmed correspondence."""
    with _small_store(tmp_path / "audit.db") as store:
        html = render_html(build_report(store, options(lang)))
    criterion = re.search(r'<th scope="row">1\.1\.1 [^<]*</th>\s*<td>A</td>\s*(<td>.*?</td>)',
                          html)
    assert criterion is not None and criterion[1] == row
    assert rule in html
    assert str(escape(Messages(lang).t("web.criteria_gbt_note"))) in html


def test_lang_landmarks_and_heading_order(tmp_path):
    with fixed_dataset(tmp_path / "audit.db") as store:
        for lang, tag in (("zh-CN", "zh-CN"), ("en", "en")):
            html = render_html(build_report(store, options(lang)))
            assert f'<html lang="{tag}">' in html
            assert '<a class="skip-link" href="#main">' in html and '<main id="main">' in html
            levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
            assert levels[0] == 1
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
            assert html.count("<caption>") == html.count("<table>")
            assert 'role="img"' in html and "<title id=\"chart-severity-title\">" in html


def test_section_titles_in_both_languages(tmp_path):
    with fixed_dataset(tmp_path / "audit.db") as store:
        zh = render_html(build_report(store, options("zh-CN")))
        en = render_html(build_report(store, options("en")))
    for title in ("一、封面与评估范围", "二、执行摘要", "三、网站评估结果", "五、整改计划",
                  "六、与上一轮相比的变化", "七、评估方法与局限", "未自动检测"):
        assert title in zh
    assert "2. Executive summary" in en and "Not checked automatically" in en


def test_hostile_page_content_is_escaped(tmp_path):
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(hostile_run(), target="<b>target</b>")
        html = render_html(build_report(store, options()))
    assert "<script" not in html.lower()
    assert re.search(r"<[^>]+\sonerror=", html) is None
    assert "</textarea>" not in html and "<b>target</b>" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bidirectional_controls_from_a_page_cannot_reorder_the_report(tmp_path):
    # U+202E (right-to-left override) in a selector would show the rest of its paragraph,
    # the page's URL included, backwards: the report shows each such character as U+FFFD
    reversing = finding("image-alt", "img.\u202elogo", html="<img \u2066src=x\u2069>",
                        message="Images must have alternative text: \u202b")
    with open_store(tmp_path / "audit.db") as store:
        store.save_run(run("2025-06-30", page(f"{PORTAL}/a\u202d", reversing,
                                              title="\u2067首页\u202c")), target="\u202eportal")
        html = render_html(build_report(store, options()))
    assert re.search("[\u202a-\u202e\u2066-\u2069]", html) is None
    assert (f"<code>img.\ufffdlogo</code> — <code>{PORTAL}/a\ufffd</code></p>"
            in html)


def test_user_template_extends_the_bundled_one(tmp_path):
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.html.j2").write_text(
        '{% extends "bundled:report.html.j2" %}'
        '{% block footer %}<p>盖章：{{ meta.jurisdiction }}</p>{{ super() }}{% endblock %}',
        encoding="utf-8")
    (custom / "i18n").mkdir()
    (custom / "i18n" / "zh-CN.yaml").write_text("nav:\n  skip: 直接阅读正文\n",
                                                 encoding="utf-8")
    with fixed_dataset(tmp_path / "audit.db") as store:
        report = build_report(store, options(templates=custom))
        html = render_html(report, user_dir=custom)
    assert "<p>盖章：示范区</p>" in html and "本报告由 a11y-audit" in html
    assert "直接阅读正文" in html and "二、执行摘要" in html


def test_a_user_section_template_replaces_the_bundled_one(tmp_path):
    custom = tmp_path / "templates"
    (custom / "sections").mkdir(parents=True)
    (custom / "sections" / "method.html.j2").write_text(
        '<section id="method"><h2>{{ t("sections.method") }}</h2><p>本单位方法</p></section>',
        encoding="utf-8")
    with fixed_dataset(tmp_path / "audit.db") as store:
        html = render_html(build_report(store, options()), user_dir=custom)
    assert "<p>本单位方法</p>" in html and "未自动检测的成功准则" not in html


def test_a_missing_template_is_a_config_error(tmp_path):
    with fixed_dataset(tmp_path / "audit.db") as store:
        report = build_report(store, options())
    with pytest.raises(ConfigError, match="nothing.html.j2"):
        render_html(report, template="nothing.html.j2")


def _keys(data: dict) -> set[str]:
    return set(text_keys(data))


def test_both_languages_have_the_same_texts_with_the_same_fields():
    folder = reports_dir() / "i18n"
    zh = yaml.safe_load((folder / "zh-CN.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8"))
    assert _keys(zh) == _keys(en)
    for key in _keys(zh):
        zh_text = _lookup(zh, key)
        en_text = _lookup(en, key)
        assert set(re.findall(r"{(\w+)}", zh_text)) == set(re.findall(r"{(\w+)}", en_text)), key


def _lookup(data: dict, key: str) -> str:
    for part in key.split("."):
        data = data[part]
    return str(data)


def test_the_table_of_contents_is_the_sections_and_every_link_lands(tmp_path):
    main = (bundled_templates() / "report.html.j2").read_text(encoding="utf-8")
    blocks = re.findall(r"\{% block (\w+) %\}\{% include \"sections/(\w+)\.html\.j2\"", main)
    assert blocks == [(id_, id_) for id_ in REPORT_SECTIONS]
    for lang in ("en", "zh-CN"):
        words = yaml.safe_load((reports_dir() / "i18n" / f"{lang}.yaml").read_text("utf-8"))
        assert set(words["sections"]) == set(REPORT_SECTIONS), lang
    with fixed_dataset(tmp_path / "audit.db") as store:
        html = render_html(build_report(store, options("en")))
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    links = re.findall(r'<a href="#([\w-]+)">', toc)
    assert [link for link in links if link in REPORT_SECTIONS] == list(REPORT_SECTIONS)
    assert [link for link in links if f'id="{link}"' not in html] == []


def test_every_text_a_template_or_the_code_asks_for_exists(repo_root):
    folder = reports_dir()
    zh = yaml.safe_load((folder / "i18n" / "zh-CN.yaml").read_text(encoding="utf-8"))
    keys = _keys(zh)
    used = set()
    for template in (folder / "templates").rglob("*.j2"):
        used |= set(re.findall(r't\("([a-z_]+\.[a-z_.-]+)"', template.read_text("utf-8")))
    for module in [*(repo_root / "audit" / "report").glob("*.py"),
                   *(repo_root / "audit" / "cli").glob("*.py")]:
        used |= set(re.findall(r'\.t\(\s*["\']([a-z_]+\.[a-z_.-]+)["\']',
                               module.read_text("utf-8")))
    assert len(used) > 150 and used - keys == set()


def test_every_value_a_key_is_built_from_has_its_text():
    """Keys made from a value (``impact.{severity}``, ``groups.{group}`` ...) exist for every
    value the value can take."""
    from audit.model import Viewport
    from audit.standards import Group
    from audit.store.records import ScanStatus

    for lang in ("zh-CN", "en"):
        msg = Messages(lang)
        for prefix, values in (("impact", Severity), ("severity", Severity),
                               ("outcome", Outcome), ("groups", Group),
                               ("status", ScanStatus), ("viewport", Viewport)):
            assert [v for v in values if not msg.has(f"{prefix}.{v}")] == [], (lang, prefix)


def test_user_text_in_another_script_carries_its_own_lang():
    """A Chinese note in an English report is read in Chinese (WCAG 3.1.2); text in the report's
    own language, or in no clear script, stays plain; either way it is escaped."""
    assert str(own_lang("原门槛 60 mm，已去除<b>", "en")) == (
        '<span lang="zh">原门槛 60 mm，已去除&lt;b&gt;</span>')
    assert str(own_lang("原门槛 60 mm", "zh-CN")) == "原门槛 60 mm"
    assert str(own_lang("Ramp <60 mm>", "zh-CN")) == "Ramp &lt;60 mm&gt;"
