"""The dashboard pages over a real server and store: every figure shown is the library's, the
filters work without scripts, each overdue barrier links to its evidence, reports download,
zh-CN and en; and the viewer role reads everything and changes nothing."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
import yaml
from jinja2 import Environment
from sqlalchemy import event

from audit.dashboard import (
    Filters,
    load_snapshot,
    overdue,
    overdue_page,
    overview,
    rank,
    round_diff,
)
from audit.fieldapp import create_app, dashboard
from audit.fieldapp.server import FieldServer
from audit.i18n import text_keys
from audit.report.datafiles import load_policy
from audit.store import Store
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import PASSWORD, logged_in
from tests.fieldapp.dashboard_data import SHOT_SITE, VIEWER, Seeded, seed


@pytest.fixture(scope="module")
def seeded(field_store: Store) -> Seeded:
    return seed(field_store)


@pytest.fixture(scope="module")
def viewer(server: FieldServer, seeded: Seeded) -> Client:
    return logged_in(server, VIEWER, lang="en")


def snapshot(store: Store, catalogue):
    return load_snapshot(store, catalogue, today=date.today())


def row_of(html: str, name: str) -> list[str]:
    """The cells of the table row whose header links to ``name``, as text."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if f">{name}<" in row:
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            return [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]
    raise AssertionError(f"no row for {name}")


def test_the_overview_shows_the_librarys_figures(viewer, field_store, catalogue, seeded):
    reply = viewer.get("/dashboard/")
    assert reply.status == 200
    rows = overview(snapshot(field_store, catalogue))
    web = next(r for r in rows if r.key == "site-01")
    cells = row_of(reply.text, "site-01")
    assert cells[4] == f"{web.checked} pages"
    assert cells[5:10] == [str(web.violations[s]) for s in
                           ("critical", "serious", "moderate", "minor")] + [str(web.total)]
    change = f"+{web.change}" if web.change > 0 else (f"−{-web.change}" if web.change else "0")
    assert cells[10:13] == [change, str(web.new), str(web.fixed)]
    assert f"{len(rows)} match" in reply.text
    assert f"facilities 1–{len(rows)} of {len(rows)}, worst first" in reply.text
    assert 'class="pager"' not in reply.text  # one page


def test_the_overview_pages_keep_the_filters(viewer, field_store, catalogue, seeded,
                                             monkeypatch):
    monkeypatch.setattr(dashboard, "OVERVIEW_PAGE", 1)
    rows = overview(snapshot(field_store, catalogue), Filters(type="web"))
    assert len(rows) == 4
    reply = viewer.get("/dashboard/?type=web&department=all&from=1")
    shown = re.findall(r'<a href="/dashboard/target\?name=([^"]+)">', reply.text)
    assert shown == [rows[1].key]
    assert "facilities 2–2 of 4, worst first" in reply.text
    assert "4 match" in reply.text
    assert '<a href="/dashboard/?type=web&amp;from=0">Previous rows</a>' in reply.text
    assert '<a href="/dashboard/?type=web&amp;from=2">Next rows</a>' in reply.text


def test_filters_work_as_a_plain_get_form(viewer, field_store, catalogue, seeded):
    reply = viewer.get("/dashboard/?department=%E5%8C%BA%E4%BD%8F%E5%BB%BA%E5%B1%80&type=web"
                       "&status=all")
    expected = overview(snapshot(field_store, catalogue), Filters(department="区住建局",
                                                                  type="web"))
    shown = re.findall(r'<a href="/dashboard/target\?name=([^"]+)">', reply.text)
    assert shown == [r.key for r in expected]
    assert '<option value="区住建局" selected>' in reply.text
    assert 'method="get"' in reply.text


def test_ranking_shows_its_formula_and_scores(viewer, field_store, catalogue, seeded):
    reply = viewer.get("/dashboard/ranking")
    ranking = rank(snapshot(field_store, catalogue), load_policy())
    assert "Score = web + facilities + overdue" in reply.text
    assert "Weights: critical 10.0, serious 5.0, moderate 2.0, minor 1.0." in reply.text
    assert "Web = Σ weight × open web violations × 100 ÷ pages checked" in reply.text
    top = ranking.rows[0]
    assert row_of(reply.text, top.name)[-1] == str(top.score)


def test_overdue_links_to_the_finding_with_its_screenshot(viewer, field_store, catalogue,
                                                          seeded):
    reply = viewer.get("/dashboard/overdue")
    shown = snapshot(field_store, catalogue)
    items = overdue_page(field_store, shown, load_policy())
    assert overdue(shown, load_policy()).total == len(items)
    assert f"of {len(items)}, oldest first" in reply.text
    assert items[0].where == SHOT_SITE  # first seen in 2024: the oldest
    assert f'href="/dashboard/findings/{seeded.shot_finding}"' in reply.text
    page = viewer.get(f"/dashboard/findings/{seeded.shot_finding}")
    assert page.status == 200
    assert re.search(r'<img src="data:image/[a-z]+;base64,[^"]+" alt="Screenshot of the element: '
                     r'img.banner">', page.text)


def test_overdue_links_to_the_failed_item_with_its_photo(viewer, field_store, seeded):
    reply = viewer.get("/dashboard/overdue")
    link = f"/dashboard/inspections/{seeded.photo_inspection}/items/revolving_only"
    assert f'href="{link}"' in reply.text
    page = viewer.get(link)
    assert page.status == 200
    sha = field_store.inspection(seeded.photo_inspection).photos["revolving_only"][0].sha256
    assert f'<img src="/photos/{sha}.jpg"' in page.text
    assert viewer.get(f"/photos/{sha}.jpg").status == 200


def test_trends_draw_accessible_charts_with_data_tables(viewer, seeded):
    reply = viewer.get("/dashboard/trends")
    assert reply.status == 200
    assert reply.text.count('<svg role="img" tabindex="0" aria-labelledby=') >= 3
    assert "区住建局: violations by severity over time — data table" in reply.text
    target = viewer.get("/dashboard/target?name=site-00")
    rounds = seeded.district.targets[0].rounds
    for found in rounds:
        assert f"<th scope=\"row\">{found.day}</th>" in target.text
    assert viewer.get("/dashboard/target?name=nope").status == 404


def test_the_diff_page_shows_the_librarys_diff(viewer, field_store, seeded):
    rounds = seeded.district.targets[2].rounds
    old, new = rounds[0].scan_id, rounds[2].scan_id
    reply = viewer.get(f"/dashboard/diff?target=site-02&old={old}&new={new}")
    compared = round_diff(field_store, "site-02", old, new)
    n, f, p = compared.totals
    assert f"{n} new, {f} fixed, {p} persisting" in reply.text
    other = seeded.district.targets[0].rounds[0].scan_id
    assert viewer.get(f"/dashboard/diff?target=site-02&old={other}&new={new}").status == 404


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_rounds_report_downloads_in_both_languages(viewer, seeded, lang):
    scan_id = seeded.district.targets[0].rounds[-1].scan_id
    reply = viewer.get(f"/dashboard/reports/{scan_id}.html?lang={lang}")
    assert reply.status == 200
    assert reply.headers["Content-Disposition"] == \
        f'attachment; filename="report-scan-{scan_id}-{lang}.html"'
    assert f'<html lang="{lang}"' in reply.text
    assert viewer.get(f"/dashboard/reports/{scan_id}.doc").status == 404


def test_the_dashboard_speaks_chinese(server, seeded):
    chinese = logged_in(server, VIEWER, lang="zh-CN")
    reply = chinese.get("/dashboard/ranking")
    assert "得分 = 网站分 + 设施分 + 逾期分" in reply.text
    assert "<h1>部门排名</h1>" in reply.text


def test_an_inspector_may_not_open_the_dashboard(server, seeded):
    assert logged_in(server, "alice").get("/dashboard/").status == 403


def test_a_viewer_goes_to_the_dashboard_and_cannot_change_anything(server, field_store,
                                                                   seeded):
    vera = logged_in(server, VIEWER)
    home = vera.get("/")
    assert home.status == 302 and home.headers["Location"].endswith("/dashboard/")
    assert vera.get("/dashboard/").status == 200  # and a CSRF token of this session
    inspection = seeded.photo_inspection
    code = field_store.inspection(inspection).facility.code
    before = (field_store.facilities(), field_store.inspections(), field_store.history(),
              field_store.users())
    attempts = [
        ("/facilities/new", {"code": "VIEW-1", "name": "x"}),
        (f"/facilities/{code}/edit", {"name": "changed"}),
        (f"/facilities/{code}/assign", {"kind": "user", "name": VIEWER}),
        (f"/facilities/{code}/inspections", {"checklist": "gb55019-doors", "building": "new"}),
        (f"/inspections/{inspection}/answer", {"item": "revolving_only",
                                               "v-revolving_only": "no"}),
        (f"/inspections/{inspection}/sections/1", {"v-revolving_only": "no", "go": "stay"}),
        (f"/inspections/{inspection}/review", {"decision": "approved"}),
        (f"/inspections/{inspection}/submit", {}),
        (f"/inspections/{inspection}/delete", {}),
        (f"/inspections/{inspection}/photos/remove", {"item": "revolving_only"}),
        ("/admin/users", {"name": "eve", "password": "long-enough-1", "role": "admin"}),
    ]
    for path, data in attempts:
        assert vera.post(path, data).status == 403, path
    for path in ("/facilities/new", f"/facilities/{code}", f"/inspections/{inspection}",
                 "/mine", "/queue", "/admin/users"):
        assert vera.get(path).status == 403, path
    assert (field_store.facilities(), field_store.inspections(), field_store.history(),
            field_store.users()) == before


def test_the_dashboard_words_exist_in_both_languages_for_every_key_used():
    folder = Path(dashboard.__file__).parent
    words = {lang: set(text_keys(yaml.safe_load(
        (folder / "i18n" / "dashboard" / f"{lang}.yaml").read_text("utf-8"))))
        for lang in ("zh-CN", "en")}
    assert words["zh-CN"] == words["en"]
    fixed: set[str] = set()
    prefixes: set[str] = set()  # d('severity.' ~ s): some key must start so
    for path in (folder / "templates").rglob("*.j2"):
        text = path.read_text("utf-8")
        fixed |= set(re.findall(r"\bd\('([a-z0-9_.-]+)'(?! ~)", text))
        prefixes |= set(re.findall(r"\bd\('([a-z0-9_.-]+)' ~", text))
    assert len(fixed) > 50 and not fixed - words["en"]
    assert all(any(key.startswith(prefix) for key in words["en"]) for prefix in prefixes)


def test_a_warmed_up_app_computes_nothing_at_its_first_request(field_store, seeded):
    app = create_app(field_store, secret_key="warm")
    dashboard.warm_up(app).join()
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"name": VIEWER, "password": PASSWORD})
    executed: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        executed.append(statement)

    event.listen(field_store.engine, "before_cursor_execute", seen)
    try:
        assert client.get("/dashboard/").status_code == 200
        for target in seeded.district.targets:  # each target's latest two rounds
            assert client.get(f"/dashboard/diff?target={target.name}").status_code == 200
    finally:
        event.remove(field_store.engine, "before_cursor_execute", seen)
    assert executed and not [s for s in executed if "lag(" in s or "count(distinct" in s]
    assert not [s for s in executed if "row_number" in s]  # no diff counted


def test_a_new_app_renders_with_the_templates_an_earlier_one_compiled(field_store,
                                                                       monkeypatch):
    create_app(field_store, secret_key="first").jinja_env.get_template(
        "dashboard/overview.html.j2")
    compiled: list[str] = []
    compile_source = Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    app = create_app(field_store, secret_key="second")
    app.jinja_env.get_template("dashboard/overview.html.j2")
    assert compiled == []
    app.jinja_env.from_string("{{ 1 }}")  # the count sees what Jinja compiles
    assert compiled == [None]
