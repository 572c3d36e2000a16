"""A generated district for dashboard tests: targets of several departments scanned round after
round, and facilities inspected round after round — kept as plain Python data too, so a test
computes the expected figures from the data, independently of the store and the dashboard."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import FacilityInfo, InspectionStatus, Store, StoredAnswer

DEPARTMENTS = ("区住建局", "区政务服务数据管理局", None)
RULES = (("image-alt", Severity.CRITICAL), ("color-contrast", Severity.SERIOUS),
         ("label", Severity.CRITICAL), ("region", Severity.MODERATE),
         ("heading-order", Severity.MINOR), ("link-name", Severity.SERIOUS))
# the door checklist's items we answer: item -> (severity, failing answer, passing answer)
DOOR_ITEMS = {"revolving_only": ("critical", "yes", "no"),
              "manual_door_width": ("serious", "850 mm", "950 mm"),
              "threshold_height": ("serious", "30 mm", "10 mm"),
              "handles_fist": ("moderate", "no", "yes")}
TODAY = date(2026, 1, 10)


@dataclass
class WebRoundData:
    day: str  # ISO date of the round
    scan_id: int = 0
    pages: dict[str, bool] = field(default_factory=dict)  # url -> scanned without error
    violations: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    # fingerprint -> (rule, impact, url, selector)


@dataclass
class TargetData:
    name: str
    department: str | None
    rounds: list[WebRoundData] = field(default_factory=list)


@dataclass
class FacilityRoundData:
    round: int
    day: str
    status: InspectionStatus
    failed: dict[str, str]  # item -> severity
    inspection_id: int = 0


@dataclass
class FacilityData:
    code: str
    department: str | None
    type: str
    rounds: list[FacilityRoundData] = field(default_factory=list)


@dataclass
class District:
    targets: list[TargetData]
    facilities: list[FacilityData]


def generate(store: Store, *, targets: int = 5, rounds: int = 4, pages: int = 4,
             facilities: int = 4, seed: int = 7) -> District:
    rng = random.Random(seed)
    district = District([], [])
    for number in range(targets):
        target = TargetData(f"site-{number:02d}", DEPARTMENTS[number % len(DEPARTMENTS)])
        store.save_target(target.name, department=target.department)
        for index in range(rounds):
            target.rounds.append(_scan(store, rng, target, index, pages))
        district.targets.append(target)
    for number in range(facilities):
        district.facilities.append(_facility(store, rng, number, rounds))
    return district


def _scan(store: Store, rng: random.Random, target: TargetData, index: int,
          pages: int) -> WebRoundData:
    day = f"2025-{2 * index + 1:02d}-{10 + index:02d}"
    data = WebRoundData(day)
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="test",
                  started_at=f"{day}T08:00:00+00:00", finished_at=f"{day}T09:00:00+00:00")
    scan_id = store.begin_scan(run, target=target.name)
    for page_number in range(pages):
        url = f"https://{target.name}.gov.example.cn/p{page_number}"
        error = "timeout" if rng.random() < 0.1 else None
        data.pages[url] = error is None
        store.save_page(scan_id, _page(rng, url, error, data))
    store.finish_scan(scan_id, finished_at=run.finished_at or "")
    data.scan_id = scan_id
    return data


def _page(rng: random.Random, url: str, error: str | None, data: WebRoundData) -> PageResult:
    found: list[Finding] = []
    if error is None:
        for rule, impact in RULES:
            for element in range(3):
                if rng.random() < 0.35:
                    found.append(_finding(rule, impact, url, f"#e{element}", data))
        found.append(Finding(rule="region", source="axe", outcome=Outcome.NEEDS_REVIEW,
                             impact=Severity.MODERATE, wcag=(), level=None, selector="body",
                             html="<body>", message="check", help_url="",
                             fingerprint=f"review|{url}"))
    return PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url,
                      status=None if error else 200, error=error, findings=found)


def _finding(rule: str, impact: Severity, url: str, selector: str,
             data: WebRoundData) -> Finding:
    fingerprint = f"{rule}|{url}|{selector}"
    data.violations[fingerprint] = (rule, str(impact), url, selector)
    return Finding(rule=rule, source="axe", outcome=Outcome.VIOLATION, impact=impact,
                   wcag=("1.1.1",), level="A", selector=selector, html="<x>", message=rule,
                   help_url="", fingerprint=fingerprint)


def _facility(store: Store, rng: random.Random, number: int, rounds: int) -> FacilityData:
    data = FacilityData(f"FAC-{number:03d}", DEPARTMENTS[(number + 1) % len(DEPARTMENTS)],
                        "building" if number % 2 else "toilet")
    store.save_facility(FacilityInfo(code=data.code, name=f"设施 {number}", type=data.type,
                                     department=data.department))
    for index in range(rounds):
        status = InspectionStatus.APPROVED if index < rounds - 1 else InspectionStatus.SUBMITTED
        if number == 0 and index == rounds - 1:
            status = InspectionStatus.DRAFT  # work in progress: not counted
        day = f"2025-{2 * index + 2:02d}-{5 + number:02d}"
        failed = {item: severity for item, (severity, _bad, _good) in DOOR_ITEMS.items()
                  if rng.random() < 0.5}
        inspection = store.create_inspection(data.code, "gb55019-doors", "2025.2",
                                             inspector="王五", inspected_on=day,
                                             round=index + 1, status=status)
        store.save_answer(inspection, StoredAnswer("door_type", "manual"))
        for item, (_severity, bad, good) in DOOR_ITEMS.items():
            store.save_answer(inspection, StoredAnswer(item, bad if item in failed else good))
        data.rounds.append(FacilityRoundData(index + 1, day, status, failed, inspection))
    return data
