"""audit.checklist.expr: the safe evaluator (allow-list over ``ast``, exact arithmetic)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from audit.checklist.expr import FormulaError, MissingAnswer, compile_formula
from audit.errors import ChecklistError


@pytest.mark.parametrize(("source", "answers", "value"), [
    ("accessible >= max(1, ceil(total * 0.01))", {"accessible": 2, "total": 150}, True),
    ("accessible >= max(1, ceil(total * 0.01))", {"accessible": 1, "total": 150}, False),
    ("accessible >= max(1, ceil(total * 1 / 100))", {"accessible": 1, "total": 100}, True),
    ("0.1 + 0.2 == 0.3", {}, True),  # exact decimals, not floats
    ("1 / 3", {}, Fraction(1, 3)),
    ("floor(7 / 2) + ceil(7 / 2)", {}, 7),
    ("round(2.5) + round(3.5) + round(-2.5)", {}, 4),  # halves away from zero: 3 + 4 - 3
    ("abs(-2) * min(3, 4, 5)", {}, 6),
    ("-x + +y", {"x": 1, "y": 3}, 2),
    ("not has and 1 < 2 <= 2", {"has": False}, True),
    ("has or missing", {"has": True}, True),  # short-circuit: missing is never read
    ("kind == 'three_sided' or width >= 1500", {"kind": "other", "width": 1500}, True),
    ("width >= 1200 + 600 * crowded", {"width": 1500, "crowded": True}, False),
    ("True and x != 'a'", {"x": "b"}, True),
])
def test_evaluates(source: str, answers: dict, value: object) -> None:
    assert compile_formula(source, item="it").evaluate(answers) == value


def test_names_and_comparison_sides() -> None:
    formula = compile_formula("spaces >= max(1, ceil(total / 100))", item="it")
    assert formula.names == frozenset({"spaces", "total"})
    left, op, right = formula.comparison_sides()
    assert (left, op, right.source) == ("spaces", ">=", "max(1, ceil(total / 100))")
    assert right.evaluate({"total": 250}) == 3


@pytest.mark.parametrize(("source", "problem"), [
    ("__import__('os')", "not allowed: calling '__import__' "
                         "(allowed: max, min, ceil, floor, round, abs)"),
    ("x.__class__", "not allowed: attribute access"),
    ("(1).real", "not allowed: attribute access"),
    ("lambda: 1", "not allowed: lambda"),
    ("[y for y in x]", "not allowed: comprehensions"),
    ("sum(y for y in x)", "not allowed: calling 'sum' "
                          "(allowed: max, min, ceil, floor, round, abs)"),
    ("{y: 1 for y in x}", "not allowed: comprehensions"),
    ("x[0]", "not allowed: subscripts"),
    ("2 ** 100", "not allowed: the ** operator"),
    ("7 % 2", "not allowed: the % operator"),
    ("7 // 2", "not allowed: the // operator"),
    ("eval('1')", "not allowed: calling 'eval' (allowed: max, min, ceil, floor, round, abs)"),
    ("open('/etc/passwd')", "not allowed: calling 'open' "
                            "(allowed: max, min, ceil, floor, round, abs)"),
    ("max(x, key=abs)", "not allowed: keyword arguments"),
    ("max(*x)", "not allowed: star arguments"),
    ("ceil(1, 2)", "not allowed: ceil() with 2 arguments"),
    ("_secret", "not allowed: the name '_secret'"),
    ("(y := 1)", "not allowed: assignment"),
    ("1 if x else 2", "not allowed: if-expressions"),
    ("f'{x}'", "not allowed: f-strings"),
    ("None", "not allowed: the constant None"),
    ("x in (1, 2)", "not allowed: the in operator"),
    ("x is 1", "not allowed: the is operator"),
    ("x >", "syntax error (invalid syntax)"),
    ("", "empty formula"),
])
def test_refuses(source: str, problem: str) -> None:
    with pytest.raises(ChecklistError) as caught:
        compile_formula(source, item="ramp_slope", file="c.yaml", line=7)
    assert str(caught.value) == f"c.yaml:7: item ramp_slope: formula: {problem} in {source!r}"


def test_refuses_long_formula() -> None:
    with pytest.raises(ChecklistError) as caught:
        compile_formula("1 + " * 200 + "1", item="it")
    assert str(caught.value) == "item it: formula: formula longer than 500 characters"


def test_missing_answer_and_errors() -> None:
    with pytest.raises(MissingAnswer) as caught:
        compile_formula("a >= total", item="it").evaluate({"a": 1})
    assert caught.value.name == "total"
    with pytest.raises(FormulaError):
        compile_formula("a / b", item="it").evaluate({"a": 1, "b": 0})
    with pytest.raises(FormulaError):
        compile_formula("a < 'x'", item="it").evaluate({"a": 1})
