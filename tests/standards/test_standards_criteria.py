"""The success-criterion catalogue: counts, titles, tag mapping, levels."""

from collections import Counter

import pytest

from audit.errors import UsageError
from audit.standards import Criterion, all_criteria, criteria_for_tags, criterion, level_of


def _in_force_22() -> list[Criterion]:
    return [c for c in all_criteria() if c.removed_in is None]


def test_wcag_22_has_86_criteria_plus_the_removed_parsing():
    assert len(all_criteria()) == 87
    assert len(_in_force_22()) == 86
    assert [c.number for c in all_criteria() if c.removed_in] == ["4.1.1"]
    assert criterion("4.1.1").removed_in == "2.2"


def test_counts_per_level_in_22():
    assert Counter(c.level for c in _in_force_22()) == {"A": 31, "AA": 24, "AAA": 31}


def test_counts_per_version_and_level():
    counts = Counter((c.version, c.level) for c in all_criteria())
    assert counts == {
        ("2.0", "A"): 25, ("2.0", "AA"): 13, ("2.0", "AAA"): 23,
        ("2.1", "A"): 5, ("2.1", "AA"): 7, ("2.1", "AAA"): 5,
        ("2.2", "A"): 2, ("2.2", "AA"): 4, ("2.2", "AAA"): 3,
    }


def test_the_criteria_new_in_22():
    new = {c.number: c.level for c in all_criteria() if c.version == "2.2"}
    assert new == {
        "2.4.11": "AA", "2.4.12": "AAA", "2.4.13": "AAA", "2.5.7": "AA", "2.5.8": "AA",
        "3.2.6": "A", "3.3.7": "A", "3.3.8": "AA", "3.3.9": "AAA",
    }


def test_all_criteria_are_in_spec_order():
    numbers = [c.number for c in all_criteria()]
    assert numbers[:3] == ["1.1.1", "1.2.1", "1.2.2"]
    assert numbers[25:29] == ["1.4.10", "1.4.11", "1.4.12", "1.4.13"]
    assert numbers[-3:] == ["4.1.1", "4.1.2", "4.1.3"]
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])


def test_criteria_per_guideline():
    per_guideline = Counter(c.guideline for c in all_criteria())
    assert per_guideline == {
        "1.1": 1, "1.2": 9, "1.3": 6, "1.4": 13, "2.1": 4, "2.2": 6, "2.3": 3, "2.4": 13,
        "2.5": 8, "3.1": 6, "3.2": 6, "3.3": 9, "4.1": 3,
    }
    assert Counter(c.principle for c in _in_force_22()) == {"1": 29, "2": 34, "3": 21, "4": 2}


def test_criterion_fields():
    assert criterion("1.4.10") == Criterion(
        number="1.4.10", level="AA", version="2.1", title_en="Reflow", title_zh="重排",
        removed_in=None,
    )


@pytest.mark.parametrize(
    ("number", "en", "zh"),
    [
        ("1.1.1", "Non-text Content", "非文本内容"),
        ("1.4.3", "Contrast (Minimum)", "对比度（最低）"),
        ("2.4.4", "Link Purpose (In Context)", "链接目的（上下文中）"),
        ("2.5.5", "Target Size (Enhanced)", "目标尺寸（增强）"),
        ("2.5.8", "Target Size (Minimum)", "目标尺寸（最低）"),
        ("3.3.8", "Accessible Authentication (Minimum)", "无障碍身份验证（最低）"),
        ("4.1.2", "Name, Role, Value", "名称、角色、值"),
    ],
)
def test_titles_in_both_languages(number, en, zh):
    item = criterion(number)
    assert (item.title("en"), item.title("zh"), item.title("zh-CN")) == (en, zh, zh)


def test_title_in_an_unknown_language_is_a_usage_error():
    with pytest.raises(UsageError, match=r"unknown language 'fr'; choose zh or en"):
        criterion("1.1.1").title("fr")


def test_every_criterion_has_both_titles():
    assert [c.number for c in all_criteria() if not (c.title_en and c.title_zh)] == []


def test_unknown_criterion_is_a_key_error_that_says_so():
    with pytest.raises(KeyError, match=r"no WCAG 2 success criterion numbered '1\.4\.14'"):
        criterion("1.4.14")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["wcag111"], ("1.1.1",)),
        (["wcag1410"], ("1.4.10",)),
        (["wcag2411"], ("2.4.11",)),
        (["wcag258", "wcag22aa"], ("2.5.8",)),
        (["wcag411", "wcag2a-obsolete"], ("4.1.1",)),
        (["wcag412", "wcag244", "wcag2a", "wcag412"], ("2.4.4", "4.1.2")),
        (["wcag1412", "wcag143", "wcag21aa"], ("1.4.3", "1.4.12")),
        (["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa"], ()),
        (["best-practice", "cat.color", "ACT", "EN-301-549", "EN-9.1.4.3"], ()),
        (["section508", "section508.22.a", "TTv5", "TT13.c", "experimental", "RGAAv4"], ()),
        (["wcag999", "wcag1414", "wcag", "WCAG111", "wcag1401"], ()),
        ([], ()),
    ],
)
def test_criteria_for_tags(tags, expected):
    assert criteria_for_tags(tags) == expected


def test_criteria_for_tags_takes_any_iterable():
    assert criteria_for_tags(iter(("wcag131", "wcag111"))) == ("1.1.1", "1.3.1")


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        (["1.4.3"], "AA"),
        (["1.4.3", "1.1.1"], "A"),
        (["2.1.3", "2.1.1"], "A"),
        (["2.2.4", "3.2.5"], "AAA"),
        (("1.4.6", "2.5.8"), "AA"),
        ([], None),
    ],
)
def test_level_of(numbers, expected):
    assert level_of(numbers) == expected


def test_level_of_an_unknown_criterion_is_a_key_error():
    with pytest.raises(KeyError, match="'9.9.9'"):
        level_of(["1.1.1", "9.9.9"])


def test_criteria_are_frozen():
    with pytest.raises(AttributeError):
        criterion("1.1.1").level = "AA"  # type: ignore[misc]


def test_chinese_titles_use_full_width_punctuation():
    assert [c.number for c in all_criteria() if set(c.title_zh) & set("(),")] == []
    assert [c.number for c in all_criteria() if "（" in c.title_en] == []
