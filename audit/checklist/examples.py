"""Run every item's examples: answers its rule must pass, fail or find not applicable.

An example is a bare answer (``"1:12"``) or a mapping with the answer (``value``, or
``na: true``), the answers to other items it is judged with (``with``) and the building
(``new`` or ``existing``). Validation judges each one as an inspection holding only these
answers and reports any example whose outcome differs, at its line in the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from audit.checklist.schema import Checklist, Example, ExampleValue, Item
from audit.checklist.verdict import Answer, Inspection, evaluate
from audit.errors import ChecklistError
from audit.model import ItemOutcome
from audit.yamlfile import PathKey

Problem = tuple[PathKey, str]
EXPECTED = {"pass": ItemOutcome.PASS, "fail": ItemOutcome.FAIL,
            "not_applicable": ItemOutcome.NOT_APPLICABLE}


def check_examples(checklist: Checklist) -> list[Problem]:
    """Every example whose outcome is not the one it is listed under."""
    problems: list[Problem] = []
    for s_index, section in enumerate(checklist.sections):
        for i_index, item in enumerate(section.items):
            path: PathKey = ("sections", s_index, "items", i_index, "examples")
            problems += list(_item(checklist, item, path))
    return problems


def judge_example(checklist: Checklist, item: Item, example: Example | ExampleValue
                  ) -> ItemOutcome:
    """The outcome ``item`` gets for ``example``; ChecklistError for an unreadable answer."""
    if not isinstance(example, Example):
        example = Example(value=example)
    answers: dict[str, Answer | ExampleValue | None] = dict(example.with_)
    answers[item.id] = Answer(value=example.value, na=example.na)
    result = evaluate(checklist, Inspection(checklist=checklist.id, building=example.building,
                                            answers=answers))
    return next(r.outcome for r in result.results if r.item == item.id)


def _item(checklist: Checklist, item: Item, path: PathKey) -> Iterator[Problem]:
    if item.examples is None:
        return
    for key, expected in EXPECTED.items():
        listed = item.examples.pass_ if key == "pass" else getattr(item.examples, key)
        for index, example in enumerate(listed):
            where = (*path, key, index)
            try:
                got = judge_example(checklist, item, example)
            except ChecklistError as err:
                about = f"{err.key}: " if err.key else ""
                yield (where, f"example {_shown(example)}: {about}{err.problem}")
                continue
            if got is not expected:
                yield (where, f"example {_shown(example)} is judged {got.value}, "
                              f"not {expected.value}")


def _shown(example: Example | ExampleValue) -> str:
    if not isinstance(example, Example):
        return repr(example)
    parts = ["n/a" if example.na else repr(example.value)]
    parts += [f"{name}={value!r}" for name, value in example.with_.items()]
    if example.building.value != "new":
        parts.append(f"building={example.building.value}")
    return "(" + ", ".join(parts) + ")"
