"""The `--standard` choices: titles, axe-core tags and which criteria each requires."""

import pytest

from audit.errors import UsageError
from audit.standards import DEFAULT_STANDARD, STANDARD_IDS, Standard, axe_tags, get_standard


def test_standard_ids_and_default():
    assert STANDARD_IDS == ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "wcag22aaa")
    assert DEFAULT_STANDARD == "wcag22aa"


def test_default_standard():
    assert get_standard(DEFAULT_STANDARD) == Standard(
        id="wcag22aa", title_en="WCAG 2.2 Level AA", title_zh="WCAG 2.2 AA 级",
        axe_tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
        version="2.2", level="AA",
    )


@pytest.mark.parametrize(
    ("standard_id", "tags"),
    [
        ("wcag2a", ["wcag2a"]),
        ("wcag2aa", ["wcag2a", "wcag2aa"]),
        ("wcag21aa", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]),
        ("wcag22aa", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]),
        ("wcag22aaa", ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa"]),
    ],
)
def test_axe_tags(standard_id, tags):
    assert axe_tags(standard_id) == tags
    assert axe_tags(standard_id, best_practice=True) == [*tags, "best-practice"]


@pytest.mark.parametrize(
    ("standard_id", "size", "version", "level"),
    [
        ("wcag2a", 25, "2.0", "A"),
        ("wcag2aa", 38, "2.0", "AA"),
        ("wcag21aa", 50, "2.1", "AA"),
        ("wcag22aa", 55, "2.2", "AA"),
        ("wcag22aaa", 86, "2.2", "AAA"),
    ],
)
def test_scope_sizes(standard_id, size, version, level):
    standard = get_standard(standard_id)
    assert (len(standard.in_scope()), standard.version, standard.level) == (size, version, level)


def test_parsing_is_in_20_and_21_scopes_but_not_in_22():
    in_scope = {i: [c.number for c in get_standard(i).in_scope()] for i in STANDARD_IDS}
    assert ["4.1.1" in in_scope[i] for i in STANDARD_IDS] == [True, True, True, False, False]


def test_wcag22aa_scope_edges():
    numbers = [c.number for c in get_standard("wcag22aa").in_scope()]
    assert numbers[:4] == ["1.1.1", "1.2.1", "1.2.2", "1.2.3"]
    assert numbers[-3:] == ["3.3.8", "4.1.2", "4.1.3"]
    assert {"2.4.11", "2.5.7", "2.5.8", "3.2.6", "3.3.7", "1.4.10"} <= set(numbers)
    assert {"2.4.12", "2.4.13", "3.3.9", "1.4.6", "2.5.5"}.isdisjoint(numbers)


def test_wcag21aa_leaves_out_22_criteria():
    numbers = {c.number for c in get_standard("wcag21aa").in_scope()}
    assert {"2.5.8", "3.3.7", "2.4.11"}.isdisjoint(numbers)
    assert {"1.3.4", "1.4.10", "4.1.3", "4.1.1"} <= numbers


def test_titles():
    assert [get_standard(i).title("en") for i in STANDARD_IDS] == [
        "WCAG 2.0 Level A", "WCAG 2.0 Level AA", "WCAG 2.1 Level AA", "WCAG 2.2 Level AA",
        "WCAG 2.2 Level AAA",
    ]
    assert get_standard("wcag22aaa").title("zh-CN") == "WCAG 2.2 AAA 级"


def test_unknown_standard_names_the_valid_ones():
    message = ("unknown standard 'wcag22a'; choose one of: "
               "wcag2a, wcag2aa, wcag21aa, wcag22aa, wcag22aaa")
    with pytest.raises(UsageError) as info:
        get_standard("wcag22a")
    assert str(info.value) == message
    with pytest.raises(UsageError, match="unknown standard 'section508'"):
        axe_tags("section508")
