"""Items carry the answers their rule must pass and fail; validation judges every one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from checklist_helpers import SOURCE, item_yaml

from audit.checklist import check_file, load_bundled
from audit.checklist.examples import judge_example
from audit.checklist.schema import Example
from audit.model import ItemOutcome

WIDTH = ("type: measurement\nunit: mm\nrule: {at_least: 900 mm, existing: {at_least: 800 mm}}\n"
         f"severity: serious\nclause: T §1\n{SOURCE}\n")


def problems(write_checklist: Callable[..., Path], examples: str) -> list[str]:
    path = write_checklist(item_yaml("w", WIDTH + examples))
    _, errors = check_file(path, display="test.yaml", examples=True)
    return [str(e) for e in errors]


def test_examples_that_hold_give_no_problem(write_checklist: Callable[..., Path]) -> None:
    assert problems(write_checklist, "examples: {pass: [900 mm, {value: 800 mm, building: "
                                     "existing}], fail: [899 mm], not_applicable: "
                                     "[{na: true}]}") == []


def test_a_wrong_example_is_reported_at_its_line(write_checklist: Callable[..., Path]) -> None:
    assert problems(write_checklist, "examples:\n  pass: [899 mm]\n  fail: [{value: 850 mm, "
                                     "building: existing}]") == [
        "test.yaml:26: item w: examples.pass[0]: example '899 mm' is judged fail, not pass",
        "test.yaml:27: item w: examples.fail[0]: example ('850 mm', building=existing) is "
        "judged pass, not fail",
    ]


def test_an_unreadable_example_says_why(write_checklist: Callable[..., Path]) -> None:
    assert problems(write_checklist, "examples: {pass: [wide], fail: [{value: 1 mm, with: "
                                     "{nope: 3}}]}") == [
        "test.yaml:25: item w: examples.pass[0]: example 'wide': item w: cannot read 'wide' "
        "as a length",
        "test.yaml:25: item w: examples.fail[0]: example ('1 mm', nope=3): item nope: "
        "unknown item (not in test-list)",
    ]


def test_examples_are_judged_only_when_asked(write_checklist: Callable[..., Path]) -> None:
    path = write_checklist(item_yaml("w", WIDTH + "examples: {pass: [1 mm]}"))
    checklist, errors = check_file(path)
    assert errors == [] and checklist is not None
    assert judge_example(checklist, checklist.item("w"), Example(value="1 mm")) is \
        ItemOutcome.FAIL


def test_every_bundled_physical_rule_has_a_pass_and_a_fail_example() -> None:
    missing = []
    for checklist in load_bundled():
        if checklist.kind != "physical":
            continue
        for item in checklist.items:
            if item.rule is None:
                continue
            examples = item.examples
            if examples is None or not examples.pass_ or not examples.fail:
                missing.append(f"{checklist.id}.{item.id}")
    assert missing == []


@pytest.mark.parametrize("checklist_id", sorted(c.id for c in load_bundled()))
def test_bundled_examples_hold(checklist_id: str) -> None:
    from audit.checklist.examples import check_examples

    assert check_examples(load_bundled().get(checklist_id)) == []
