"""A small safe evaluator for checklist formulas and applicability conditions.

A formula is parsed with ``ast`` and checked against an allow-list before it is ever run:
numbers, strings, ``True``/``False``, names of other items' answers, ``+ - * /``, unary minus
and ``not``, comparisons (``== != < <= > >=``), ``and``/``or``, and calls to ``max``, ``min``,
``ceil``, ``floor``, ``round`` and ``abs``. Anything else — attributes, subscripts, lambdas,
comprehensions, other calls, keyword arguments — is refused with a ``ChecklistError`` naming
the item. Nothing is passed to ``eval`` or ``exec``; the tree is walked here.

Arithmetic is exact: number literals become ``Fraction`` (``0.01`` is exactly 1/100) and ``/``
divides exactly. ``round`` rounds halves away from zero (2.5 -> 3), as engineers do.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from audit.errors import ChecklistError

Value = Fraction | int | bool | str
MAX_LENGTH = 500
MAX_NODES = 200


class MissingAnswer(LookupError):
    """A formula needs an answer that was not given (or was marked not applicable)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class FormulaError(ArithmeticError):
    """A formula that is well-formed but cannot be computed (division by zero, bad types)."""


def _round(value: Fraction | int) -> int:
    value = Fraction(value)
    half = Fraction(1, 2)
    return math.floor(value + half) if value >= 0 else -math.floor(-value + half)


FUNCTIONS: dict[str, Callable[..., Value]] = {
    "max": max, "min": min, "ceil": math.ceil, "floor": math.floor, "round": _round, "abs": abs,
}
_ARITY = {"max": (1, 20), "min": (1, 20), "ceil": (1, 1), "floor": (1, 1), "round": (1, 1),
          "abs": (1, 1)}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
            ast.GtE: ">="}
_REFUSED = {
    ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambda",
    ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.NamedExpr: "assignment", ast.IfExp: "if-expressions", ast.Starred: "star arguments",
    ast.Pow: "the ** operator", ast.Mod: "the % operator",
    ast.FloorDiv: "the // operator", ast.In: "the in operator", ast.NotIn: "the in operator",
    ast.Is: "the is operator", ast.IsNot: "the is operator", ast.JoinedStr: "f-strings",
    ast.Await: "await",
}


@dataclass(frozen=True)
class Formula:
    """A checked formula: its source text, the answer names it reads, and its tree."""

    source: str
    names: frozenset[str]
    tree: ast.expr

    def evaluate(self, answers: Mapping[str, Value]) -> Value:
        """Compute the formula over ``answers`` (canonical values by item id)."""
        return _evaluate(self.tree, answers)

    def comparison_sides(self) -> tuple[str, str, Formula] | None:
        """For ``a >= b``: ("a", ">=", Formula(b)); None when not one plain comparison."""
        tree = self.tree
        if isinstance(tree, ast.Compare) and len(tree.ops) == 1:
            right = tree.comparators[0]
            return (ast.unparse(tree.left), _COMPARE[type(tree.ops[0])],
                    Formula(ast.unparse(right), _names(right), right))
        return None


def compile_formula(source: str, *, item: str, field: str = "formula",
                    file: str | None = None, line: int | None = None) -> Formula:
    """Parse and check ``source``; a ChecklistError names the item and what is not allowed."""

    def refuse(problem: str) -> ChecklistError:
        return ChecklistError(f"{problem} in {source!r}", file=file, line=line,
                              key=f"item {item}: {field}")

    if not source.strip():
        raise refuse("empty formula")
    if len(source) > MAX_LENGTH:
        raise ChecklistError(f"formula longer than {MAX_LENGTH} characters", file=file,
                             line=line, key=f"item {item}: {field}")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        raise refuse(f"syntax error ({err.msg})") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise refuse(f"formula too complex (over {MAX_NODES} parts)")
    for node in nodes:
        problem = _check(node)
        if problem:
            raise refuse(f"not allowed: {problem}")
    return Formula(source.strip(), _names(tree.body), tree.body)


def _names(tree: ast.AST) -> frozenset[str]:
    return frozenset(n.id for n in ast.walk(tree)
                     if isinstance(n, ast.Name) and n.id not in FUNCTIONS
                     and n.id not in ("True", "False"))


def _check(node: ast.AST) -> str | None:
    """Why ``node`` is not allowed, or None when it is."""
    for kind, what in _REFUSED.items():
        if isinstance(node, kind):
            return what
    if isinstance(node, ast.Expression | ast.Load | ast.And | ast.Or | ast.Not | ast.USub
                  | ast.UAdd | ast.BoolOp | ast.UnaryOp | ast.Compare):
        return None
    if isinstance(node, ast.BinOp):
        if type(node.op) in _BINARY:
            return None
        return _REFUSED.get(type(node.op), f"the {type(node.op).__name__} operator")
    if isinstance(node, tuple(_BINARY) + tuple(_COMPARE)):
        return None
    if isinstance(node, ast.Constant):
        ok = isinstance(node.value, int | float | str) and not isinstance(node.value, complex)
        return None if ok else f"the constant {node.value!r}"
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}" if node.id.startswith("_") else None
    if isinstance(node, ast.Call):
        return _check_call(node)
    return f"{type(node).__name__} expressions"


def _check_call(node: ast.Call) -> str | None:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
        return f"calling {name!r} (allowed: {', '.join(FUNCTIONS)})"
    if node.keywords:
        return "keyword arguments"
    low, high = _ARITY[node.func.id]
    if not low <= len(node.args) <= high:
        return f"{node.func.id}() with {len(node.args)} arguments"
    return None


def _evaluate(node: ast.expr, answers: Mapping[str, Value]) -> Value:
    try:
        return _eval(node, answers)
    except (TypeError, ZeroDivisionError, ValueError, OverflowError) as err:
        raise FormulaError(f"{ast.unparse(node)}: {err}") from None


def _eval(node: ast.expr, env: Mapping[str, Value]) -> Value:  # noqa: C901 - one case per node
    if isinstance(node, ast.Constant):
        value = node.value
        assert isinstance(value, int | float | str)  # compiling refused every other constant
        return Fraction(repr(value)) if isinstance(value, float) else value
    if isinstance(node, ast.Name):
        if node.id in ("True", "False"):
            return node.id == "True"
        if node.id not in env:
            raise MissingAnswer(node.id)
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _number(_eval(node.left, env)), _number(_eval(node.right, env))
        op = _BINARY[type(node.op)]
        if op == "/":
            return Fraction(left) / Fraction(right)
        return left + right if op == "+" else left - right if op == "-" else left * right
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, env)
        if isinstance(node.op, ast.Not):
            return not operand
        return -_number(operand) if isinstance(node.op, ast.USub) else _number(operand)
    if isinstance(node, ast.BoolOp):
        return _bool_op(node, env)
    if isinstance(node, ast.Compare):
        return _compare(node, env)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id](*(_number(_eval(a, env)) for a in node.args))
    raise FormulaError(f"unsupported expression {ast.unparse(node)!r}")


def _bool_op(node: ast.BoolOp, env: Mapping[str, Value]) -> Value:
    is_and = isinstance(node.op, ast.And)
    value: Value = is_and
    for operand in node.values:
        value = _eval(operand, env)
        if bool(value) is not is_and:
            return value
    return value


def _compare(node: ast.Compare, env: Mapping[str, Value]) -> bool:
    left = _eval(node.left, env)
    for op, right_node in zip(node.ops, node.comparators, strict=True):
        right = _eval(right_node, env)
        if isinstance(left, str) != isinstance(right, str) and type(op) not in (ast.Eq, ast.NotEq):
            raise TypeError(f"cannot compare {left!r} with {right!r}")
        if not _OPS[type(op)](left, right):
            return False
        left = right
    return True


_OPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
}


def _number(value: Value) -> Fraction | int:
    if isinstance(value, str):
        raise TypeError(f"{value!r} is not a number")
    return value
