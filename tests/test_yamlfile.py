"""audit.yamlfile: line numbers, duplicate keys, syntax errors and pydantic errors as file:line."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from audit import yamlfile
from audit.errors import ConfigError
from audit.yamlfile import format_path, load_model, load_yaml, parse_yaml


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    threshold: int


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    items: list[Threshold]


GOOD = """\
name: demo
items:
  - id: a
    threshold: 1
  - id: b
    threshold: 2
"""


def test_lines_of_keys_and_items() -> None:
    doc = parse_yaml(GOOD, "f.yaml")
    assert doc.data == {"name": "demo", "items": [{"id": "a", "threshold": 1},
                                                   {"id": "b", "threshold": 2}]}
    assert doc.lines[("name",)] == 1
    assert doc.lines[("items", 1)] == 5
    assert doc.lines[("items", 1, "threshold")] == 6
    assert doc.line(("items", 1, "missing", 3)) == 5


@pytest.mark.parametrize(("text", "value"), [
    ("a: 1:12", "1:12"),  # no base-60 integers: a slope stays a string
    ("a: 1:20:30", "1:20:30"),
    ("a: 12", 12),
    ("a: 1.5", 1.5),
    ("a: 0x10", 16),
    ("a: yes", True),
    ("a: '900 mm'", "900 mm"),
])
def test_scalars(text: str, value: object) -> None:
    assert parse_yaml(text).data == {"a": value}


def test_merge_keys_keep_explicit_values_and_lines() -> None:
    doc = parse_yaml("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n")
    assert doc.data["use"] == {"x": 1, "y": 3}
    assert doc.lines[("use", "y")] == 4


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\nb: 2\na: 3\n", "f.yaml:3: duplicate key 'a' (first at line 1)"),
    ("top:\n  x: 1\n  x: 2\n", "f.yaml:3: top: duplicate key 'x' (first at line 2)"),
    ("a: [1, 2\nb: 3\n", "f.yaml:2: YAML syntax error: while parsing a flow sequence: "
                         "expected ',' or ']', but got ':'"),
    ("a: b: c\n", "f.yaml:1: YAML syntax error: mapping values are not allowed here"),
    ("a: !!python/object:os.system x\n", "f.yaml:1: YAML syntax error: could not determine a "
                                         "constructor for the tag "
                                         "'tag:yaml.org,2002:python/object:os.system'"),
])
def test_yaml_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_yaml(text, "f.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.replace("    threshold: 2\n", ""),
     "f.yaml:5: items[1].threshold: Field required"),
    (GOOD.replace("threshold: 2", "threshold: two"),
     "f.yaml:6: items[1].threshold: Input should be a valid integer, "
     "unable to parse string as an integer"),
    (GOOD + "colour: red\n", "f.yaml:7: colour: unknown key; the keys allowed here: name, items"),
    (GOOD.replace("  - id: a\n", "  - id: a\n    extra: 1\n"),
     "f.yaml:4: items[0].extra: unknown key; the keys allowed here: id, threshold"),
    (GOOD.replace("threshold: 2", "treshold: 2"),
     "f.yaml:5: items[1].threshold: Field required (written as 'treshold' at line 6?)"),
    (GOOD.replace("items:\n", "items: a\nx:\n"),
     "f.yaml:2: items: should be a list, e.g. [a], not one value"),
])
def test_load_model_first_error(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_model(path, Doc, display="f.yaml")
    assert str(caught.value) == message
    assert caught.value.file == "f.yaml"


def test_load_model_ok(tmp_path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_model(path, Doc).items[1].threshold == 2


def test_missing_file(tmp_path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(tmp_path / "nope.yaml", display="nope.yaml")
    assert str(caught.value) == "nope.yaml: cannot read file: No such file or directory"


def test_format_path() -> None:
    assert format_path(("sections", 0, "items", 3, "rule")) == "sections[0].items[3].rule"
    assert format_path(()) == ""


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 "lol"']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("text", "message"), [
    (billion_laughs(), "f.yaml:5: aliases (*name) would expand the document by more than "
                       "10000 values; a11y-audit refuses such documents"),
    ("a0: &a0 {k: lol}\n" + "".join(  # merge keys: little data, but built again and again
        f"a{n}: &a{n} {{<<: [{', '.join([f'*a{n - 1}'] * 10)}]}}\n" for n in range(1, 9)),
     "f.yaml:5: aliases (*name) would expand the document by more than 10000 values; "
     "a11y-audit refuses such documents"),
    ("root:\n" + "".join("  " * n + f"  k{n}:\n" for n in range(70)) + "  " * 70 + "  v: 1\n",
     "f.yaml:65: nested more than 64 levels deep; a11y-audit refuses such documents"),
    ("a: " + "[" * 100 + "]" * 100 + "\n",
     "f.yaml:1: nested more than 64 levels deep; a11y-audit refuses such documents"),
    ("a: 1\nb: " + "9" * 5000 + "\n",
     "f.yaml:2: b: a number of 5000 digits is too long to read (at most 4300)"),
    ("when: 2025-13-45\n", "f.yaml:1: when: not a valid date or number: month must be in 1..12"),
    ("x: !!float abc\n", "f.yaml:1: x: not a valid date or number: could not convert string "
                         "to float: 'abc'"),
    ("x: !!python/object:os.system {cmd: ls}\n",
     "f.yaml:1: x: YAML tag !!python/object:os.system is not allowed"),
    ("x: !custom [1]\n", "f.yaml:1: x: YAML tag !custom is not allowed"),
])
def test_hostile_documents_are_refused_before_anything_is_built(text, message):
    with pytest.raises(ConfigError) as caught:
        parse_yaml(text, "f.yaml")
    assert str(caught.value) == message


def test_an_alias_bomb_costs_little_memory():
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError):
            parse_yaml(billion_laughs(12), "f.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_aliases_within_the_limit_and_64_levels_are_fine():
    doc = parse_yaml(billion_laughs(3), "f.yaml")  # 1,000 "lol"s
    assert len(doc.data["a3"]) == 10 and doc.data["a3"][9][9] == ["lol"] * 10
    deep = "a: " + "[" * 63 + "1" + "]" * 63 + "\n"
    assert parse_yaml(deep, "f.yaml").data["a"] != []


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"name: demo\nitems: \xff\n")
    with pytest.raises(ConfigError) as caught:
        load_yaml(path, display="f.yaml")
    assert str(caught.value) == ("f.yaml:2: not UTF-8 text: byte 0xff at column 8; "
                                 "save the file as UTF-8")


BUNDLED = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(p for folder in ("audit", "checklists", "reports", "demo")
                    for p in (BUNDLED / folder).rglob("*.y*ml"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(BUNDLED)))
def test_libyaml_reads_every_bundled_file_as_pyyaml_does(path):
    """Documents are read with libyaml when PyYAML has it: the same data and lines as PyYAML's
    own parser, so no checklist, threshold or verdict changes with it."""
    assert yamlfile._FastLoader is not None  # PyYAML's wheels are built with libyaml
    text = path.read_text(encoding="utf-8")
    fast = yamlfile._parse(text, "f.yaml", yamlfile._FastLoader)
    assert fast == yamlfile._parse(text, "f.yaml", yamlfile._Loader)
    assert fast == parse_yaml(text, "f.yaml") and fast.lines
    assert yamlfile.load_data(text) == yaml.safe_load(text)


def test_a_document_libyaml_refuses_is_read_again_for_pyyamls_message(monkeypatch):
    parsed = []
    original = yamlfile._parse
    monkeypatch.setattr(yamlfile, "_parse", lambda text, file, cls: parsed.append(cls)
                        or original(text, file, cls))
    with pytest.raises(ConfigError, match="mapping values are not allowed here"):
        parse_yaml("a: b: c\n", "f.yaml")
    assert parsed == [yamlfile._FastLoader, yamlfile._Loader]



def test_data_libyaml_refuses_is_read_again_for_pyyamls_error():
    with pytest.raises(yaml.YAMLError, match="mapping values are not allowed here"):
        yamlfile.load_data("a: b: c\n")
