"""Re-inspection: two rounds of the same checklist compared item by item.

- ``fixed``: failed before, passes now;
- ``still_failing``: fails in both rounds;
- ``newly_failing``: fails now, did not fail before (passed, was not applicable, unanswered);
- ``not_rechecked``: failed before and is unanswered or not applicable now — not counted as
  fixed, because nobody saw it fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.checklist.verdict import InspectionResult, ItemResult
from audit.errors import UsageError
from audit.model import ItemOutcome

FAIL = ItemOutcome.FAIL


@dataclass(frozen=True)
class ItemChange:
    item: str
    old: ItemResult | None
    new: ItemResult


@dataclass
class Comparison:
    checklist: str
    fixed: list[ItemChange] = field(default_factory=list)
    still_failing: list[ItemChange] = field(default_factory=list)
    newly_failing: list[ItemChange] = field(default_factory=list)
    not_rechecked: list[ItemChange] = field(default_factory=list)

    def groups(self) -> dict[str, list[ItemChange]]:
        return {"fixed": self.fixed, "still_failing": self.still_failing,
                "newly_failing": self.newly_failing, "not_rechecked": self.not_rechecked}


def compare(old: InspectionResult, new: InspectionResult) -> Comparison:
    """Item by item, in the checklist's order; both must be of the same checklist."""
    if old.checklist != new.checklist:
        raise UsageError(f"cannot compare inspections of different checklists "
                         f"({old.checklist} and {new.checklist})")
    before = {r.item: r for r in old.results}
    out = Comparison(new.checklist)
    for now in new.results:
        was = before.get(now.item)
        failed = was is not None and was.outcome is FAIL
        change = ItemChange(now.item, was, now)
        if failed and now.outcome is FAIL:
            out.still_failing.append(change)
        elif now.outcome is FAIL:
            out.newly_failing.append(change)
        elif failed and now.outcome is ItemOutcome.PASS:
            out.fixed.append(change)
        elif failed:
            out.not_rechecked.append(change)
    return out
