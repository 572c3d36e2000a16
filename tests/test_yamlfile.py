"""audit.yamlfile: line numbers, duplicate keys, syntax errors and pydantic errors as file:line."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict

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
    (GOOD + "colour: red\n", "f.yaml:7: colour: Extra inputs are not permitted"),
    (GOOD.replace("  - id: a\n", "  - id: a\n    extra: 1\n"),
     "f.yaml:4: items[0].extra: Extra inputs are not permitted"),
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
