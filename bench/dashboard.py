"""`python -m bench.dashboard`: server time of every dashboard page over a generated district —
SITES targets × ROUNDS finished scans × PAGES pages, plus FACILITIES facilities inspected in
two rounds — on SQLite (a temporary file) and, with --pg URL, on PostgreSQL.

Everything is written through the Store, as scans and the field app write it: each site has a
pool of barriers per page; every round fixes some and brings some new, so trends, diffs and
overdue dates are not flat. Pages are requested through the Flask app in-process (the server's
time, no network), logged in as a viewer: the first request (which fills the dashboard's
cache: every round counted, every inspection judged), then each page REPEAT times, median.

    python -m bench.dashboard --sites 50 --rounds 12 --pages 2000 --facilities 500
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from audit.checklist import load_bundled
from audit.fieldapp import add_user, create_app
from audit.model import Finding, Outcome, PageResult, ScanRun, Severity, Viewport
from audit.store import FacilityInfo, InspectionStatus, Store, StoredAnswer, open_store

RULES = (("image-alt", Severity.CRITICAL), ("color-contrast", Severity.SERIOUS),
         ("link-name", Severity.SERIOUS), ("label", Severity.CRITICAL),
         ("region", Severity.MODERATE), ("heading-order", Severity.MINOR))
DEPARTMENTS = ("区住建局", "区政务服务数据管理局", "区教育局", "区卫健委", "区民政局", "区交通局",
               "区文旅局", "区残联", "区人社局", "区市场监管局")
DOOR = {"revolving_only": ("yes", "no"), "manual_door_width": ("850 mm", "950 mm"),
        "threshold_height": ("30 mm", "10 mm"), "handles_fist": ("no", "yes")}
REPEAT = 3
PASSWORD = "bench-password-1"


def generate(store: Store, sites: int, rounds: int, pages: int, facilities: int,
             per_page: int = 3) -> None:
    rng = random.Random(11)
    for site in range(sites):
        name = f"site-{site:02d}"
        store.save_target(name, department=DEPARTMENTS[site % len(DEPARTMENTS)])
        present = {(p, n) for p in range(pages) for n in range(per_page)}
        for number in range(rounds):
            _round(store, rng, name, number, pages, per_page, present)
    for number in range(facilities):
        _facility(store, rng, number)
    add_user(store, "viewer", PASSWORD, "viewer")


def _round(store: Store, rng: random.Random, name: str, number: int, pages: int,
           per_page: int, present: set[tuple[int, int]]) -> None:
    for key in list(present):  # about a tenth fixed, a twentieth new each round
        if rng.random() < 0.1:
            present.discard(key)
    for p in range(pages):
        for n in range(per_page):
            if rng.random() < 0.05:
                present.add((p, n))
    day = f"{2025 + number // 12}-{number % 12 + 1:02d}-15"
    run = ScanRun(engine="playwright", standard="wcag22aa", tool_version="bench",
                  started_at=f"{day}T01:00:00+00:00", finished_at=f"{day}T03:00:00+00:00")
    scan_id = store.begin_scan(run, target=name)
    for p in range(pages):
        url = f"https://{name}.example.gov.cn/p/{p}.html"
        found = [_finding(url, p, n) for n in range(per_page) if (p, n) in present]
        store.save_page(scan_id, PageResult(url=url, viewport=Viewport.DESKTOP, final_url=url,
                                            status=200, findings=found))
    store.finish_scan(scan_id, finished_at=run.finished_at or "")


def _finding(url: str, page: int, n: int) -> Finding:
    rule, impact = RULES[(page + n) % len(RULES)]
    selector = f"#main > div:nth-child({n})"
    return Finding(rule=rule, source="axe", outcome=Outcome.VIOLATION, impact=impact,
                   wcag=("1.1.1",), level="A", selector=selector, html="<div></div>",
                   message=rule, help_url="", fingerprint=f"{rule}|{url}|{selector}")


def _facility(store: Store, rng: random.Random, number: int) -> None:
    code = f"FAC-{number:04d}"
    store.save_facility(FacilityInfo(code=code, name=f"设施 {number}",
                                     type="building" if number % 3 else "toilet",
                                     department=DEPARTMENTS[number % len(DEPARTMENTS)]))
    for round_number, day in ((1, "2025-03-10"), (2, "2025-09-10")):
        inspection = store.create_inspection(code, "gb55019-doors", "2025.2", inspector="bench",
                                             inspected_on=day, round=round_number,
                                             status=InspectionStatus.APPROVED)
        store.save_answer(inspection, StoredAnswer("door_type", "manual"))
        for item, (bad, good) in DOOR.items():
            store.save_answer(inspection, StoredAnswer(item, bad if rng.random() < 0.4
                                                       else good))


def time_pages(store: Store) -> dict[str, float]:
    app = create_app(store, secret_key="bench", catalogue=load_bundled())
    app.config["WTF_CSRF_ENABLED"] = False  # the form is not what is measured
    client = app.test_client()
    client.post("/login", data={"name": "viewer", "password": PASSWORD})
    first = store.targets()[0].name
    paths = {"overview": "/dashboard/", "overview, one department":
             "/dashboard/?department=%E5%8C%BA%E4%BD%8F%E5%BB%BA%E5%B1%80",
             "trends (all departments)": "/dashboard/trends",
             "one target's trend": f"/dashboard/target?name={first}",
             "ranking": "/dashboard/ranking", "overdue": "/dashboard/overdue",
             "diff of the last two rounds": f"/dashboard/diff?target={first}"}
    times = {"first request (nothing cached yet)": _median(lambda: _get(client, "/dashboard/"), 1)}
    times.update({label: _median(lambda path=path: _get(client, path))
                  for label, path in paths.items()})
    return times


def _get(client: object, path: str) -> None:
    reply = client.get(path)  # type: ignore[attr-defined]
    if reply.status_code != 200:
        raise SystemExit(f"{path}: HTTP {reply.status_code}")


def _median(work: Callable[[], None], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench(target: str, args: argparse.Namespace, label: str) -> None:
    started = time.perf_counter()
    with open_store(target) as store:
        generate(store, args.sites, args.rounds, args.pages, args.facilities)
        made = time.perf_counter() - started
        print(f"\n{label}: generated in {made:.0f} s")
        for name, ms in time_pages(store).items():
            print(f"  {name:32s} {ms:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--facilities", type=int, default=500)
    parser.add_argument("--pg", metavar="URL", help="also run on this (empty) PostgreSQL database")
    args = parser.parse_args()
    print(f"district: {args.sites} sites × {args.rounds} rounds × {args.pages} pages, "
          f"{args.facilities} facilities × 2 rounds")
    with tempfile.TemporaryDirectory() as tmp:
        bench(str(Path(tmp) / "district.db"), args, "SQLite")
    if args.pg:
        bench(args.pg, args, "PostgreSQL")


if __name__ == "__main__":
    main()
