"""Loading checklists: malformed files give exact file:line: item: problem messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from checklist_helpers import HEADER, SOURCE, item_yaml

from audit.checklist import check_file, check_folder, load_checklist
from audit.errors import ChecklistError

OK_ITEM = item_yaml("ok_item", "type: yes-no\nrule: {expect: yes}\nseverity: minor\nclause: T §1\n"
                               + SOURCE)
# HEADER is lines 1-14 and OK_ITEM lines 15-23; the item under test starts on line 24.


def width_item(rule: str = "{at_least: 900 mm}", extra: str = "", item_id: str = "width") -> str:
    return item_yaml(item_id, f"type: measurement\nunit: mm\nrule: {rule}\n"
                              f"severity: serious\nclause: T §2\n{SOURCE}\n{extra}")


@pytest.mark.parametrize(("items", "message"), [
    # structure (pydantic), located by item id
    ([OK_ITEM, width_item(extra="colour: red")],
     "test.yaml:34: item width: colour: Extra inputs are not permitted"),
    ([OK_ITEM, width_item(rule="{at_least: 900 mm, minimum: 3}")],
     "test.yaml:30: item width: rule.minimum: Extra inputs are not permitted"),
    ([OK_ITEM, "      - id: width\n        type: measurement\n        unit: mm\n"],
     "test.yaml:24: item width: prompt: Field required"),
    ([OK_ITEM, width_item().replace("type: measurement", "type: length")],
     "test.yaml:28: item width: type: Input should be 'measurement', 'yes-no', 'choice', "
     "'count' or 'text'"),
    ([OK_ITEM, width_item().replace("severity: serious", "severity: high")],
     "test.yaml:31: item width: severity: Input should be 'critical', 'serious', 'moderate' "
     "or 'minor'"),
    ([OK_ITEM, width_item(item_id="Width")],
     "test.yaml:24: item Width: id: String should match pattern '^[a-z][a-z0-9_]{0,63}$'"),
    # semantics (checks.py)
    ([OK_ITEM, width_item(item_id="ok_item")],
     "test.yaml:24: item ok_item: id: duplicate item id 'ok_item'"),
    ([OK_ITEM, width_item().replace("unit: mm", "unit: furlong")],
     "test.yaml:29: item width: unit: unknown unit 'furlong' (known: mm, cm, m, in, ft, "
     "ratio, %, deg, N, lbf, kgf, s, min, m2, dp, pt, x, contrast)"),
    ([OK_ITEM, width_item(rule="{at_least: 900 kg}")],
     "test.yaml:30: item width: rule.at_least: '900 kg': 'kg' is not a unit of length "
     "(one of mm, cm, m, in, ft)"),
    ([OK_ITEM, width_item(rule="{at_least: 900 mm, at_most: 800 mm}")],
     "test.yaml:30: item width: rule: the lower limit is above the upper limit"),
    ([OK_ITEM, width_item(rule="{expect: yes}")],
     "test.yaml:30: item width: rule: a measurement item cannot use 'expect' "
     "(allowed: formula, threshold)"),
    ([OK_ITEM, width_item(rule="{at_least: 900 mm, formula: width > 1}")],
     "test.yaml:30: item width: rule: a rule needs exactly one of thresholds, expect, "
     "accept, formula (found threshold, formula)"),
    ([OK_ITEM, width_item(rule="{formula: 'width >= max(1, totl)'}")],
     "test.yaml:30: item width: rule.formula: unknown item 'totl' in 'width >= max(1, totl)'"),
    ([OK_ITEM, width_item(rule="{formula: \"__import__('os').system('x')\"}")],
     "test.yaml:30: item width: rule.formula: not allowed: calling "
     "\"__import__('os').system\" (allowed: max, min, ceil, floor, round, abs) in "
     "\"__import__('os').system('x')\""),
    ([OK_ITEM, width_item(rule="{formula: \"width.__class__ == 1\"}")],
     "test.yaml:30: item width: rule.formula: not allowed: attribute access in "
     "'width.__class__ == 1'"),
    ([OK_ITEM, width_item(rule="{formula: '[w for w in width] == 1'}")],
     "test.yaml:30: item width: rule.formula: not allowed: comprehensions in "
     "'[w for w in width] == 1'"),
    ([OK_ITEM, width_item(rule="{formula: '(lambda: 1)() == 1'}")],
     "test.yaml:30: item width: rule.formula: not allowed: calling 'lambda: 1' "
     "(allowed: max, min, ceil, floor, round, abs) in '(lambda: 1)() == 1'"),
    ([OK_ITEM, width_item(extra="applies_when: width > 0")],
     "test.yaml:34: item width: applies_when: an item's applicability cannot depend on its "
     "own answer: 'width > 0'"),
    ([OK_ITEM, width_item(extra="applies_when: has_lift")],
     "test.yaml:34: item width: applies_when: unknown item 'has_lift' in 'has_lift'"),
    ([OK_ITEM, width_item().replace("severity: serious\n        ", "")],
     "test.yaml:24: item width: an item with a rule needs a severity"),
    ([OK_ITEM, width_item(extra="confirmed: false")],
     "test.yaml:24: item width: confirmed: replaced by source (basis: clause-text is "
     "confirmed; explanatory-note and secondary are not)"),
    ([OK_ITEM, width_item(rule="{at_least: 900 mm, existing: {at_least: 8 N}}")],
     "test.yaml:30: item width: rule.existing.at_least: '8 N': 'N' is not a unit of length "
     "(one of mm, cm, m, in, ft)"),
    ([OK_ITEM, item_yaml("note", "type: text\nrule: {expect: yes}\nseverity: minor\nclause: T\n"
                                 + SOURCE)],
     "test.yaml:29: item note: rule: a text item cannot have a rule"),
    ([OK_ITEM, item_yaml("kind", "type: choice\nchoices: [{id: a, label: {zh: 甲, en: A}}]")],
     "test.yaml:29: item kind: choices: a choice item needs at least two choices"),
    ([OK_ITEM, item_yaml("kind", "type: choice\nchoices: [{id: a, label: {zh: 甲, en: A}}, "
                                 "{id: b, label: {zh: 乙, en: B}}]\nrule: {accept: [a, c]}\n"
                                 "severity: minor\nclause: T\n" + SOURCE)],
     "test.yaml:30: item kind: rule.accept: unknown choice 'c'"),
])
def test_malformed_items(write_checklist: Callable[..., Path], items: list[str],
                         message: str) -> None:
    path = write_checklist(*items)
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path, display="test.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize(("header", "message"), [
    (HEADER.replace("a11y-audit/checklist/1", "a11y-audit/checklist/2"),
     "test.yaml:1: schema: Input should be 'a11y-audit/checklist/1'"),
    (HEADER.replace("id: test-list", "id: Test List"),
     "test.yaml:2: id: String should match pattern '^[a-z0-9][a-z0-9-]{0,63}$'"),
    (HEADER.replace('version: "1"\n', ""), "test.yaml:1: version: Field required"),
    (HEADER.replace("  en: Test\n", ""), "test.yaml:6: title.en: Field required"),
    (HEADER.replace("id: main", "id: main\n    applies_when: lift"),
     "test.yaml:11: section main: applies_when: unknown item 'lift' in 'lift'"),
    (HEADER.replace("kind: physical", "kind: physical\nkind: web"),
     "test.yaml:5: duplicate key 'kind' (first at line 4)"),
    (HEADER.replace("title:\n  zh", "title:\n zh: [\n  zh"),
     "test.yaml:9: YAML syntax error: while parsing a flow sequence: expected ',' or ']', "
     "but got ':'"),
])
def test_malformed_headers(write_checklist: Callable[..., Path], header: str,
                           message: str) -> None:
    path = write_checklist(OK_ITEM, header=header)
    _, errors = check_file(path, display="test.yaml")
    assert str(errors[0]) == message


def test_all_problems_are_reported_in_line_order(write_checklist: Callable[..., Path]) -> None:
    path = write_checklist(OK_ITEM, width_item(rule="{at_least: 9 kg}"),
                           width_item(item_id="ok_item", rule="{formula: nope > 1}"))
    _, errors = check_file(path, display="test.yaml")
    assert [str(e) for e in errors] == [
        "test.yaml:30: item width: rule.at_least: '9 kg': 'kg' is not a unit of length "
        "(one of mm, cm, m, in, ft)",
        "test.yaml:34: item ok_item: id: duplicate item id 'ok_item'",
        "test.yaml:40: item ok_item: rule.formula: unknown item 'nope' in 'nope > 1'",
    ]
    assert (errors[0].file, errors[0].line, errors[0].key) == (
        "test.yaml", 30, "item width: rule.at_least")


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    _, errors = check_file(path, display="list.yaml")
    assert [str(e) for e in errors] == ["list.yaml:1: a checklist file must be a YAML mapping"]


def test_duplicate_checklist_ids_in_a_folder(write_checklist: Callable[..., Path]) -> None:
    write_checklist(OK_ITEM, name="a.yaml")
    path = write_checklist(OK_ITEM, name="b.yaml")
    catalogue, errors = check_folder(path.parent, display_root=path.parent)
    assert list(catalogue.checklists) == ["test-list"]
    assert [str(e) for e in errors] == [
        "b.yaml:2: id: duplicate checklist id 'test-list' (also in a.yaml)"]


def test_unknown_checklist_id(write_checklist: Callable[..., Path]) -> None:
    path = write_checklist(OK_ITEM)
    catalogue, _ = check_folder(path.parent)
    with pytest.raises(ChecklistError) as caught:
        catalogue.get("nope")
    assert str(caught.value) == "no checklist 'nope' (known: test-list)"
