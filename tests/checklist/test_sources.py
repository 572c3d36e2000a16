"""Every scored item says what its figure rests on; a quoted clause must state the figure."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from checklist_helpers import HEADER, item_yaml

from audit.checklist import check_file, load_bundled
from audit.checklist.figures import figures, states
from audit.checklist.units import Kind

WIDTH = "type: measurement\nunit: mm\nrule: {at_least: 1200 mm}\nseverity: serious\nclause: T §1\n"


def errors_of(write_checklist: Callable[..., Path], *items: str, header: str = HEADER
              ) -> list[str]:
    path = write_checklist(*items, header=header)
    _, errors = check_file(path, display="test.yaml")
    return [str(e) for e in errors]


@pytest.mark.parametrize(("source", "message"), [
    ("", "test.yaml:15: item w: an item with a rule needs a source"),
    ("source: {basis: secondary}", "test.yaml:24: item w: source.seen: Field required"),
    ("source: {basis: rumour, seen: x}",
     "test.yaml:24: item w: source.basis: Input should be 'clause-text', 'explanatory-note' "
     "or 'secondary'"),
    ("source: {basis: clause-text, seen: x}",
     "test.yaml:24: item w: source.quote: a clause-text source of a figure needs the quote it "
     "rests on"),
    ("source: {basis: explanatory-note, seen: x, quote: 通行净宽不应小于1.50m}",
     "test.yaml:24: item w: source.quote: the quote does not state the figure 1200 mm "
     "(rule.at_least)"),
])
def test_source_is_required_and_checked(write_checklist: Callable[..., Path], source: str,
                                        message: str) -> None:
    assert errors_of(write_checklist, item_yaml("w", WIDTH + source)) == [message]


@pytest.mark.parametrize("quote", [
    "无障碍通道的通行净宽不应小于1.20m", "不应小于1200mm", "宽度不应小于１．２０ｍ",
    "1200 mm", "120 cm wide",
])
def test_a_quote_stating_the_figure_in_any_unit_passes(write_checklist: Callable[..., Path],
                                                       quote: str) -> None:
    item = item_yaml("w", WIDTH + f"source: {{basis: clause-text, seen: x, quote: '{quote}'}}")
    assert errors_of(write_checklist, item) == []


def test_secondary_sources_need_no_quote_and_are_not_confirmed(
        write_checklist: Callable[..., Path]) -> None:
    item = item_yaml("w", WIDTH + "source: {basis: secondary, seen: a design template}")
    path = write_checklist(item)
    checklist, errors = check_file(path)
    assert errors == [] and checklist is not None
    assert checklist.item("w").confirmed is False


def test_the_old_confirmed_flag_is_refused_with_what_replaces_it(
        write_checklist: Callable[..., Path]) -> None:
    item = item_yaml("w", WIDTH + "source: {basis: secondary, seen: x}\nconfirmed: false")
    assert errors_of(write_checklist, item) == [
        "test.yaml:15: item w: confirmed: replaced by source (basis: clause-text is confirmed; "
        "explanatory-note and secondary are not)"]


def test_a_fact_has_no_source(write_checklist: Callable[..., Path]) -> None:
    item = item_yaml("n", "type: count\nsource: {basis: secondary, seen: x}")
    assert errors_of(write_checklist, item) == [
        "test.yaml:20: item n: source: an item without a rule has no source"]


def test_each_case_has_its_own_checked_source(write_checklist: Callable[..., Path]) -> None:
    kind = item_yaml("kind", "type: choice\nchoices: [{id: a, label: {zh: 甲, en: A}}, "
                             "{id: b, label: {zh: 乙, en: B}}]")
    width = item_yaml("w", WIDTH + "source: {basis: clause-text, seen: x, quote: 不应小于1.20m}\n"
                               "cases:\n  - when: kind == \"b\"\n    rule: {at_least: 1500 mm}\n"
                               "    clause: T §2\n"
                               "    source: {basis: clause-text, seen: y, quote: 不应小于1.20m}")
    assert errors_of(write_checklist, kind, width) == [
        "test.yaml:35: item w: cases[0].source.quote: the quote does not state the figure "
        "1500 mm (rule.at_least)"]


@pytest.mark.parametrize(("quote", "kind", "expected"), [
    ("单层扶手的高度应为850mm～900mm；下层扶手高度应为650～700mm", Kind.LENGTH,
     {650, 700, 850, 900}),
    ("纵向坡度不应大于1:12，横向坡度不应大于1：50", Kind.SLOPE, {Fraction(1, 12), Fraction(1, 50)}),
    ("1 1/2 inches (38 mm) minimum", Kind.LENGTH, {Fraction("38.1"), 38}),
    ("shall be 1½ (38 mm) minimum", Kind.LENGTH, {Fraction("38.1"), 38}),
    ("¾ inch (19 mm) high maximum", Kind.LENGTH, {Fraction("19.05"), 19}),
    ("shall be 1/2 inch (13 mm) high maximum", Kind.LENGTH, {Fraction("12.7"), 13}),
    ("面积不应小于4.00m2", Kind.AREA, {4}),
    ("力度不应大于25N", Kind.FORCE, {25}),
])
def test_figures_are_read_from_quotes(quote: str, kind: Kind, expected: set[Fraction]) -> None:
    assert expected <= figures(quote, kind)


def test_a_zero_can_be_stated_in_words() -> None:
    assert states("缘石坡道的坡口与车行道之间应无高差。", Kind.LENGTH, Fraction(0))
    assert not states("不应大于10mm", Kind.LENGTH, Fraction(0))


def test_every_bundled_scored_item_names_its_source() -> None:
    for checklist in load_bundled():
        for item in checklist.items:
            if item.rule is None:
                assert item.source is None, (checklist.id, item.id)
                continue
            assert item.source is not None, (checklist.id, item.id)
            for case in item.cases:
                assert case.source.seen, (checklist.id, item.id)


def test_bundled_physical_lengths_use_one_unit_per_standard() -> None:
    expected = {"GB": "mm", "2010 ADA Standards": "in"}
    for checklist in load_bundled():
        if checklist.kind != "physical":
            continue
        unit = expected["2010 ADA Standards" if "ADA" in checklist.standard else "GB"]
        lengths = {i.unit for i in checklist.items if i.unit in ("mm", "cm", "m", "in", "ft")}
        assert lengths <= {unit}, (checklist.id, lengths)


@pytest.mark.parametrize(("header_extra", "items", "message"), [
    ("definitions:\n  w: '1'\n", [item_yaml("w", "type: count")],
     "test.yaml:10: definitions.w: definition 'w' has the id of an item"),
    ("definitions:\n  need: nope + 1\n", [item_yaml("w", "type: count")],
     "test.yaml:10: definitions.need: unknown item 'nope' in 'nope + 1'"),
    ("confirmed_by: ok\n", [item_yaml("ok", "type: yes-no")],
     "test.yaml:9: confirmed_by: only a checklist with purpose: acceptance has confirmed_by"),
    ("purpose: acceptance\nconfirmed_by: w\n", [item_yaml("w", "type: count")],
     "test.yaml:10: confirmed_by: 'w' must be a yes-no item without a rule (it records the "
     "sign-off, it is not judged)"),
])
def test_checklist_level_fields_are_checked(write_checklist: Callable[..., Path],
                                            header_extra: str, items: list[str],
                                            message: str) -> None:
    header = HEADER.replace("sections:\n", header_extra + "sections:\n")
    assert errors_of(write_checklist, *items, header=header) == [message]


def test_a_tolerance_goes_with_a_measurement_threshold(
        write_checklist: Callable[..., Path]) -> None:
    item = item_yaml("ok", "type: yes-no\nrule: {expect: yes, tolerance: 1 mm}\nseverity: minor\n"
                           "clause: T\nsource: {basis: secondary, seen: x}")
    assert errors_of(write_checklist, item) == [
        "test.yaml:20: item ok: rule.tolerance: a tolerance goes with the thresholds of a "
        "measurement"]
