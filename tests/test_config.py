"""The config file: validated, with file:line:key messages; secrets stay placeholders."""

from __future__ import annotations

import textwrap

import pytest

from audit.config import crawl_plan, load_config
from audit.errors import ConfigError
from audit.model import Viewport
from audit.webscan.checks import CHECK_NAMES
from audit.webscan.steps import resolve_secrets

GOOD = """\
schema: a11y-audit/config/1
defaults:
  max_pages: 200
  depth: 3
targets:
  - name: 区政府门户网站
    department: 区政务服务数据管理局
    start: [https://www.example.gov.cn/]
    include: ["/zwgk/*"]
    exclude: ["*/print/*"]
    viewports: [desktop, mobile]
    login:
      - goto: https://www.example.gov.cn/login
      - fill: {selector: "#user", value: "${PORTAL_USER}"}
      - click: "button[type=submit]"
      - wait_for_url: "**/home*"
  - name: 掌上办事
    start: [https://m.example.gov.cn/]
    max_pages: 20
"""


def write(tmp_path, text):
    path = tmp_path / "a11y-audit.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_config_loads_with_defaults_and_overrides(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    portal, mobile = config.targets
    assert portal.department == "区政务服务数据管理局"
    assert [step.action for step in portal.login] == ["goto", "fill", "click", "wait_for_url"]
    assert portal.login[1].fill.value == "${PORTAL_USER}"
    assert portal.limits(config.defaults).viewports == (Viewport.DESKTOP, Viewport.MOBILE)
    assert portal.limits(config.defaults).max_pages == 200
    assert mobile.limits(config.defaults).max_pages == 20
    assert mobile.limits(config.defaults).depth == 3
    assert mobile.limits(config.defaults).standard == "wcag22aa"
    assert config.target("掌上办事") is mobile


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.replace("    department:", "    departement:"),
     ":7: targets[0].departement: unknown key (did you mean 'department'?)"),
    (GOOD.replace("    max_pages: 20\n", "    max_pages: 0\n"),
     ":19: targets[1].max_pages: Input should be greater than or equal to 1"),
    (GOOD.replace("      - click: \"button[type=submit]\"",
                  "      - click: \"button\"\n        press: Enter"),
     ":15: targets[0].login[2]: a step has exactly one of: goto, fill, click, "
     "press, select, wait_for, wait_for_url, set_cookie, set_header (this one has click, "
     "press)"),
    (GOOD.replace("start: [https://m.example.gov.cn/]", "start: [ftp://m.example.gov.cn/]"),
     ":18: targets[1].start: 'ftp://m.example.gov.cn/' is not an http(s) URL"),
    (GOOD.replace("name: 掌上办事", "name: 区政府门户网站"),
     ":1: target names must be unique: 区政府门户网站"),
    (GOOD.replace("defaults:\n  max_pages: 200", "defaults:\n  standard: wcag3"),
     ":3: defaults.standard: Input should be 'wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa' or "
     "'wcag22aaa'"),
    (GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    profiles:\n      - elderly\n"
                  "      - senior\n"),
     ":22: targets[1].profiles[1]: Input should be 'elderly'"),
    (GOOD.replace("  depth: 3\n", "  depth: 3\n  max_document_mb: 0\n"),
     ":5: defaults.max_document_mb: Input should be greater than or equal to 0.01"),
    (GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    max_documents: -1\n"),
     ":20: targets[1].max_documents: Input should be greater than or equal to 0"),
    (GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    documents: sometimes\n"),
     ":20: targets[1].documents: Input should be a valid boolean, unable to interpret input"),
    (GOOD.replace("  depth: 3\n", "  depth: 3\n  settle_limit: -1\n"),
     ":5: defaults.settle_limit: Input should be greater than or equal to 0"),
    (GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    max_document: 5\n"),
     ":20: targets[1].max_document: unknown key (did you mean 'max_documents'?)"),
    (GOOD.replace("defaults:\n", "default:\n"),
     ":2: default: unknown key (did you mean 'defaults'?)"),
    (GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    colour: red\n"),
     ":20: targets[1].colour: unknown key; the keys allowed here: name, engine, "
     "department, start, include, exclude, login, headers, standard, best_practice, "
     "max_pages, depth, viewports, respect_robots, sitemaps, checks, profiles, screenshots, "
     "per_host, documents, max_document_mb, max_documents, templates, incremental, max_age, "
     "settle_limit"),
    (GOOD.replace("start: [https://m.example.gov.cn/]", "start: https://m.example.gov.cn/"),
     ":18: targets[1].start: should be a list, e.g. [https://m.example.gov.cn/], not one "
     "value"),
])
def test_errors_name_file_line_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}{message}")


def test_document_options_reach_the_crawl(tmp_path):
    text = GOOD.replace("  depth: 3\n", "  depth: 3\n  max_document_mb: 20\n  max_documents: 50\n")
    text = text.replace("    max_pages: 20\n", "    max_pages: 20\n    documents: false\n")
    config = load_config(write(tmp_path, text))
    portal, mobile = (crawl_plan(config, target)[0] for target in config.targets)
    assert (portal.documents, portal.max_document_mb, portal.max_documents) == (True, 20.0, 50)
    assert (mobile.documents, mobile.max_document_mb, mobile.max_documents) == (False, 20.0, 50)
    assert portal.document_options().max_bytes == 20 * 1024 * 1024


def test_the_settle_limit_reaches_the_scan(tmp_path):
    text = GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    settle_limit: 0\n")
    config = load_config(write(tmp_path, text))
    portal, mobile = (crawl_plan(config, target)[1] for target in config.targets)
    assert (portal.settle_s, mobile.settle_s) == (5.0, 0.0)


def test_profiles_add_their_checks_to_the_scan(tmp_path):
    text = GOOD.replace("defaults:\n", "defaults:\n  profiles: [elderly]\n").replace(
        "    max_pages: 20\n", "    max_pages: 20\n    checks: []\n")
    config = load_config(write(tmp_path, text))
    portal, mobile = config.targets
    assert portal.limits(config.defaults).profiles == ("elderly",)
    assert crawl_plan(config, portal)[1].checks == (*CHECK_NAMES, "elderly")
    assert crawl_plan(config, mobile)[1].checks == ("elderly",)


def test_profiles_from_the_command_line_join_every_targets(tmp_path):
    text = GOOD.replace("    max_pages: 20\n", "    max_pages: 20\n    profiles: []\n")
    config = load_config(write(tmp_path, text))
    assert config.defaults.profiles == ()
    added = config.with_profiles(("elderly",))
    assert added.defaults.profiles == ("elderly",)
    assert [t.limits(added.defaults).profiles for t in added.targets] == [("elderly",)] * 2
    assert config.with_profiles(()) == config


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "targets:\n  - name: [unclosed\n")
    with pytest.raises(ConfigError, match=rf"^{path}:\d+: "):
        load_config(path)


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "nope.yml")
    assert str(err.value).startswith(f"no config file {tmp_path / 'nope.yml'}; write one")


def test_secrets_resolve_only_at_use():
    assert resolve_secrets("${A}:${B}", {"A": "x", "B": "y"}) == "x:y"
    assert resolve_secrets("plain", {}) == "plain"
    with pytest.raises(ConfigError) as err:
        resolve_secrets("${PORTAL_PASSWORD}", {})
    assert str(err.value) == ("the environment variable PORTAL_PASSWORD is not set "
                              "(the config asks for ${PORTAL_PASSWORD})")


def test_templates_and_incremental_reach_the_crawl(tmp_path):
    """``templates`` and ``incremental`` per target over the defaults; a scheduled round is
    incremental unless the config says ``incremental: false``."""
    text = GOOD.replace("  depth: 3\n", "  depth: 3\n  max_age: 30\n").replace(
        "    max_pages: 20\n", "    max_pages: 20\n    templates: false\n    incremental: false\n")
    config = load_config(write(tmp_path, text))
    portal, mobile = config.targets
    run = [crawl_plan(config, target)[0] for target in (portal, mobile)]
    scheduled = [crawl_plan(config, target, scheduled=True)[0] for target in (portal, mobile)]
    assert [(s.templates, s.incremental, s.max_age_days) for s in run] == [
        (True, False, 30.0), (False, False, 30.0)]
    assert [(s.templates, s.incremental) for s in scheduled] == [(True, True), (False, False)]
    on = load_config(write(tmp_path, GOOD.replace("  depth: 3\n",
                                                  "  depth: 3\n  incremental: true\n")))
    assert crawl_plan(on, on.targets[0])[0].incremental is True


def test_incremental_must_be_a_boolean(tmp_path):
    path = write(tmp_path, GOOD.replace("    max_pages: 20\n",
                                        "    max_pages: 20\n    incremental: monthly\n"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == (f"{path}:20: targets[1].incremental: Input should be a valid "
                              "boolean, unable to interpret input")
