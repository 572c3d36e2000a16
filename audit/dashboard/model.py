"""What the dashboard shows, as plain data: rounds of targets and facilities, overview rows,
trend points, ranking rows and overdue barriers. No I/O."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from audit.model import Severity

T = TypeVar("T")
UNASSIGNED = ""  # the department of a target or facility nobody is responsible for yet
WEB = "web"  # the type of a target in the overview's type filter (facilities have their own)


def by_severity() -> dict[str, int]:
    """Every severity, worst first, at zero."""
    return {str(s): 0 for s in Severity}


@dataclass(frozen=True)
class FailedItem:
    item: str
    severity: str
    photos: tuple[str, ...] = ()


@dataclass(frozen=True)
class WebRound:
    """A finished scan of a target."""

    scan_id: int
    date: str  # ISO date the scan finished (or started)
    pages: int
    violations: dict[str, int]  # by severity
    new: int | None = None  # None for a target's first round
    fixed: int | None = None

    @property
    def total(self) -> int:
        return sum(self.violations.values())


@dataclass(frozen=True)
class FacilityRound:
    """A complete (submitted or approved) inspection of a facility with one checklist."""

    inspection_id: int
    round: int
    date: str
    checked: int  # items judged pass or fail
    failed: tuple[FailedItem, ...]
    error: str | None = None  # the checklist could not judge it (unknown checklist ...)

    @property
    def violations(self) -> dict[str, int]:
        counts = by_severity()
        for item in self.failed:
            counts[item.severity] += 1
        return counts

    @property
    def total(self) -> int:
        return len(self.failed)


@dataclass(frozen=True)
class Target:
    name: str
    department: str
    rounds: tuple[WebRound, ...]  # oldest first


@dataclass(frozen=True)
class Facility:
    code: str
    name: str
    type: str | None
    department: str
    checklist: str
    rounds: tuple[FacilityRound, ...]  # oldest first


@dataclass(frozen=True)
class WebOpen:
    """The open violations of a target's latest round alike in rule, severity and the day
    they were first seen in the district's time zone, counted (a district has hundreds of
    thousands: they are read one page of the overdue list at a time,
    ``audit.dashboard.overdue``)."""

    target: str
    scan_id: int
    rule: str
    impact: str
    first_seen: str  # ISO date, the district's
    count: int
    seen: tuple[str, ...] = ()  # when first seen, as stored (UTC timestamps of that day)


@dataclass(frozen=True)
class Snapshot:
    """Everything the dashboard pages need, read once from the store."""

    today: date
    targets: tuple[Target, ...]
    facilities: tuple[Facility, ...]
    open_web: tuple[WebOpen, ...]  # the violations of every target's latest round
    # figures computed from this snapshot (``memo``): a district has hundreds of thousands of
    # open violations, and the snapshot is reused while the store has not changed
    computed: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per snapshot and ``key``."""
        if key not in self.computed:
            self.computed[key] = compute()
        return self.computed[key]

    @property
    def departments(self) -> list[str]:
        names = {t.department for t in self.targets} | {f.department for f in self.facilities}
        return sorted(names, key=lambda d: (d == UNASSIGNED, d))

    @property
    def types(self) -> list[str]:
        found = sorted({f.type for f in self.facilities if f.type})
        return ([WEB] if self.targets else []) + found


@dataclass(frozen=True)
class Filters:
    department: str | None = None  # UNASSIGNED for those without one
    type: str | None = None  # WEB or a facility type
    status: str | None = None  # one of STATUSES


STATUSES = ("worse", "better", "unchanged", "first")


@dataclass(frozen=True)
class OverviewRow:
    kind: str  # "web" or "facility"
    key: str  # the target's name or the facility's code
    name: str
    type: str
    department: str
    checklist: str | None
    date: str
    checked: int  # pages (web) or items judged (facility)
    violations: dict[str, int]
    total: int
    change: int | None  # total minus the previous round's; None for a first round
    new: int | None
    fixed: int | None
    status: str  # one of STATUSES
    round_id: int  # scan id or inspection id


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the round's date (web), "round N" number (facility) or month (department)
    violations: dict[str, int]
    new: int | None = None
    fixed: int | None = None
    round_id: int | None = None

    @property
    def total(self) -> int:
        return sum(self.violations.values())


@dataclass(frozen=True)
class RankRow:
    name: str
    department: str
    pages: int
    weighted_web: float  # Σ weight × open web violations, before dividing by pages
    web_points: float
    facilities: int
    facility_points: float
    overdue: int
    overdue_points: float
    score: float
    rank: int = 0
    sites: list[RankRow] = field(default_factory=list)


@dataclass(frozen=True)
class OverdueItem:
    kind: str  # "web" or "facility"
    department: str
    where: str  # target name or facility code
    what: str  # rule id or checklist item id
    impact: str
    first_seen: str  # ISO date
    deadline: str  # ISO date
    days_overdue: int
    finding_id: int | None = None  # web
    page_url: str | None = None
    selector: str | None = None
    evidence: bool = False  # a screenshot or photo exists
    inspection_id: int | None = None  # facility
    checklist: str | None = None
    photos: tuple[str, ...] = ()
