"""Ranking departments, and their sites and facilities, by one documented score.

    score = web + facilities + overdue          (higher: more to fix; rank 1 has the most)
    web        = Σ weight[severity] × open web violations[severity] × per_pages / pages checked
    facilities = Σ weight[severity] × failed items[severity] / facilities inspected
    overdue    = overdue_points × barriers past their deadline

over the latest round of each target and facility checklist. Weights, ``per_pages`` and
``overdue_points`` are in ``reports/policy.yaml`` (``ranking``), so the page shows the formula
with the figures it used. An equal score shares the rank (1, 1, 3), listed by name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from audit.dashboard.model import Facility, RankRow, Snapshot, Target
from audit.dashboard.overdue import overdue
from audit.model import Severity


@dataclass(frozen=True)
class Ranking:
    weights: dict[str, float]
    per_pages: int
    overdue_points: float
    rows: list[RankRow]  # departments, each with its sites and facilities in ``sites``


def rank(snapshot: Snapshot, policy: dict[str, Any]) -> Ranking:
    key = ("rank", repr(policy["ranking"]), repr(policy.get("deadline_days")))
    return snapshot.memo(key, lambda: _rank(snapshot, policy))


def _rank(snapshot: Snapshot, policy: dict[str, Any]) -> Ranking:
    settings = policy["ranking"]
    weights = {str(s): float(settings["weights"][str(s)]) for s in Severity}
    per_pages = int(settings["per_pages"])
    points = float(settings["overdue_points"])
    late = overdue(snapshot, policy).by_member
    members: dict[str, list[RankRow]] = defaultdict(list)
    for target in snapshot.targets:
        members[target.department].append(
            _target_row(target, weights, per_pages, points, late.get(f"web:{target.name}", 0)))
    for facility in snapshot.facilities:
        members[facility.department].append(
            _facility_row(facility, weights, points,
                          late.get(f"facility:{facility.code}/{facility.checklist}", 0)))
    rows = [_department_row(name, found, per_pages, points) for name, found in members.items()]
    return Ranking(weights, per_pages, points, _ranked(rows))


def _weighted(counts: dict[str, int], weights: dict[str, float]) -> float:
    return sum(weights[s] * counts.get(s, 0) for s in weights)


def _target_row(target: Target, weights: dict[str, float], per_pages: int, points: float,
                late: int) -> RankRow:
    latest = target.rounds[-1]
    weighted = _weighted(latest.violations, weights)
    web = weighted * per_pages / latest.pages if latest.pages else 0.0
    return _row(target.name, target.department, pages=latest.pages, web=web, weighted_web=weighted,
                facilities=0, facility_points=0.0, late=late, points=points)


def _facility_row(facility: Facility, weights: dict[str, float], points: float,
                  late: int) -> RankRow:
    weighted = _weighted(facility.rounds[-1].violations, weights)
    return _row(f"{facility.code} {facility.name}", facility.department, pages=0, web=0.0,
                weighted_web=0.0, facilities=1, facility_points=weighted, late=late,
                points=points)


def _row(name: str, department: str, *, pages: int, web: float, weighted_web: float,
         facilities: int, facility_points: float, late: int, points: float) -> RankRow:
    return RankRow(name=name, department=department, pages=pages, web_points=round(web, 2),
                   weighted_web=weighted_web, facilities=facilities,
                   facility_points=round(facility_points, 2), overdue=late,
                   overdue_points=late * points,
                   score=round(web + facility_points + late * points, 2))


def _department_row(name: str, members: list[RankRow], per_pages: int,
                    points: float) -> RankRow:
    pages = sum(m.pages for m in members)
    weighted_web = sum(m.weighted_web for m in members)
    facilities = sum(m.facilities for m in members)
    facility_weighted = sum(m.facility_points for m in members)
    web = weighted_web * per_pages / pages if pages else 0.0
    per_facility = facility_weighted / facilities if facilities else 0.0
    row = _row(name, name, pages=pages, web=web, weighted_web=weighted_web,
               facilities=facilities, facility_points=per_facility,
               late=sum(m.overdue for m in members), points=points)
    return replace(row, sites=_ranked(members))


def _ranked(rows: list[RankRow]) -> list[RankRow]:
    """Most to fix first; an equal score shares the rank (1, 1, 3), listed by name."""
    ordered = sorted(rows, key=lambda r: (-r.score, r.name))
    ranks: list[int] = []
    for number, row in enumerate(ordered, start=1):
        ranks.append(ranks[-1] if ranks and row.score == ordered[number - 2].score else number)
    return [replace(row, rank=found) for row, found in zip(ordered, ranks, strict=True)]
