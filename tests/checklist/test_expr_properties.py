"""The formula evaluator's error contract over generated input: a formula is compiled or
refused with a ChecklistError, and a compiled one computes a value or says why not
(FormulaError, MissingAnswer) — whatever the text and the answers, never another exception."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from audit.checklist.expr import FormulaError, MissingAnswer, compile_formula
from audit.errors import ChecklistError

ATOMS = st.sampled_from(["a", "b", "c", "0", "1", "2.5", "0.01", "'yes'", "True", "False",
                         "1e308", "1e400", "-1"])
OPERATORS = st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and",
                             "or"])
FUNCTIONS = st.sampled_from(["max", "min", "ceil", "floor", "round", "abs", "not ", "-"])
VALUES = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.sampled_from(["yes", "", "x"]),
                   st.fractions(max_denominator=1000))


def formulas() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, OPERATORS, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        call = st.tuples(FUNCTIONS, inner).map(lambda t: f"({t[0]}({t[1]}))")
        pair = st.tuples(st.sampled_from(["max", "min"]), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})")
        return st.one_of(binary, call, pair)

    return st.recursive(ATOMS, extend, max_leaves=12)


@given(st.text(max_size=80))
def test_any_text_compiles_or_is_refused_with_a_checklist_error(source):
    try:
        compile_formula(source, item="x")
    except ChecklistError as err:
        assert "item x: formula" in str(err)


@given(formulas(), st.dictionaries(st.sampled_from(["a", "b"]), VALUES))
def test_a_compiled_formula_gives_a_value_or_says_why_not(source, answers):
    formula = compile_formula(source, item="x")
    try:
        value = formula.evaluate(answers)
    except MissingAnswer as missing:
        assert missing.name in formula.names and missing.name not in answers
    except FormulaError as err:
        assert str(err)
    else:
        assert isinstance(value, Fraction | int | bool | str)
