"""`python -m bench.dashboard`: server time of every dashboard page over a generated district
(``bench.district``) on SQLite and, with --pg URL, on PostgreSQL.

    python -m bench.dashboard --district [--pg postgresql://postgres@127.0.0.1/postgres]

``--district`` is the issue's size: 50 sites × 12 rounds × 2,000 pages plus 500 facilities.
Generating it takes minutes, so it is kept (SQLite: a file under ``bench/out/district/``;
PostgreSQL: a schema named for the size in the database given) and reused by the next run;
``--fresh`` makes it again. Without ``--district`` a small district (``make bench``);
``--pages N`` (and ``--facilities N``) a mid-size one, to see how a cost grows with the pages
of a round.

Pages are requested through the Flask app in-process (the server's time, no network), logged
in as a viewer: the app's start and its first request, without and with the warm-up a server
does (``a11y-audit serve``); then every page once (", 1st": what it computes once per change of
the store, e.g. the overdue list or a diff) and REPEAT times more, median (warm). Each figure
is wall time and the process's CPU time (all its threads: on a shared machine the wall time is
mostly waiting for a core, the CPU time is what the page costs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import psycopg
from flask import Flask
from psycopg import sql
from sqlalchemy.engine import make_url

from audit.checklist import load_bundled
from audit.errors import StoreError
from audit.fieldapp import add_user, create_app
from audit.fieldapp.dashboard import warm_up
from audit.store import Store, open_store
from bench.district import DEPARTMENTS, generate

T = TypeVar("T")
REPEAT = 5
PASSWORD = "bench-password-1"
VIEWER = "viewer"  # added last: a store that has it is complete
CACHE = Path(__file__).parent / "out" / "district"
DISTRICT = {"sites": 50, "rounds": 12, "pages": 2000, "facilities": 500}
SMALL = {"sites": 50, "rounds": 12, "pages": 10, "facilities": 200}


def prepared(place: Callable[[bool], str], size: dict[str, int],
             fresh: bool) -> tuple[Store, float | None]:
    """The store of the district, generated unless a complete one is there; and how long
    generating took (None: reused). ``place(empty)`` is the store's target, emptied first when
    ``empty``."""
    store = open_store(place(fresh))
    if not fresh and _complete(store):
        return store, None
    store.close()
    store = open_store(place(True))
    started = time.perf_counter()
    generate(store, **size, progress=_progress)
    add_user(store, VIEWER, PASSWORD, "viewer")
    return store, time.perf_counter() - started


def _progress(done: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {done}", flush=True)


def _complete(store: Store) -> bool:
    try:
        return store.user(VIEWER) is not None
    except StoreError:
        return False


def sqlite_file(path: Path) -> Callable[[bool], str]:
    def place(empty: bool) -> str:
        if empty:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return str(path)
    return place


def pg_schema(database: str, name: str) -> Callable[[bool], str]:
    """A store URL whose tables live in schema ``name`` of ``database``."""
    libpq = make_url(database).set(drivername="postgresql").render_as_string(hide_password=False)

    def place(empty: bool) -> str:
        with psycopg.connect(libpq, autocommit=True) as connection:
            if empty:
                connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
                                   .format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}")
                               .format(sql.Identifier(name)))
        url = make_url(database).update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)
    return place


Timing = tuple[float, float]  # wall ms, CPU ms


def time_pages(store: Store) -> dict[str, Timing]:
    times = {}
    for warm in (False, True):  # what a server did before, and does now (a11y-audit serve)
        shown = "app start with warm-up (joined)" if warm else "app start (create_app)"
        times[shown], app = _timed(lambda warm=warm: _start(store, warm))
        app.config["WTF_CSRF_ENABLED"] = False  # the form is not what is measured
        client = app.test_client()
        client.post("/login", data={"name": VIEWER, "password": PASSWORD})
        shown = "first request" + (", warmed up" if warm else " (nothing computed)")
        times[shown] = _median(lambda client=client: _get(client, "/dashboard/"), 1)
    first = store.targets()[0].name
    scans = [s.id for s in store.finished_scans() if s.target == first]
    paths = {
        "overview": "/dashboard/",
        "overview, rows 101–200": "/dashboard/?from=100",
        "overview, one department": f"/dashboard/?department={quote(DEPARTMENTS[0])}",
        "overview, facilities of a type": "/dashboard/?type=toilet",
        "overview, status worse": "/dashboard/?status=worse",
        "trends per department": "/dashboard/trends",
        "trend of a target (report links)": f"/dashboard/target?name={first}",
        "trend of a facility": "/dashboard/facility?code=FAC-0001&checklist=gb55019-doors",
        "ranking": "/dashboard/ranking",
        "overdue, first 100": "/dashboard/overdue",
        "overdue, from 5000": "/dashboard/overdue?from=5000",
        "diff, last two rounds": f"/dashboard/diff?target={first}",
        "diff, first and last round": f"/dashboard/diff?target={first}&old={min(scans)}"
                                      f"&new={max(scans)}",
    }
    for label, path in paths.items():
        times[f"{label}, 1st"] = _median(lambda path=path: _get(client, path), 1)
        times[label] = _median(lambda path=path: _get(client, path))
    return times


def _start(store: Store, warm: bool) -> Flask:
    """The app; with ``warm``, warmed up as a server is (joined)."""
    app = create_app(store, secret_key="bench", catalogue=load_bundled())
    if warm:
        thread = warm_up(app)
        if thread is not None:
            thread.join()
    return app


def _get(client: object, path: str) -> None:
    reply = client.get(path)  # type: ignore[attr-defined]
    if reply.status_code != 200:
        raise SystemExit(f"{path}: HTTP {reply.status_code}")


def _median(work: Callable[[], None], repeat: int = REPEAT) -> Timing:
    timed = [_timed(work)[0] for _ in range(repeat)]
    return (statistics.median(wall for wall, _cpu in timed),
            statistics.median(cpu for _wall, cpu in timed))


def _timed(work: Callable[[], T]) -> tuple[Timing, T]:
    wall, cpu = time.perf_counter(), time.process_time()
    done = work()
    return ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000), done


def bench(place: Callable[[bool], str], size: dict[str, int], fresh: bool, label: str) -> None:
    store, made = prepared(place, size, fresh)
    with store:
        took = "reused" if made is None else f"generated in {made:.0f} s"
        print(f"\n{label} ({took}, {store.disk_bytes() / 2**20:.0f} MiB), load average "
              f"{_load()}")
        print(f"  {'':34s} {'wall':>8s}    {'CPU':>8s}")
        for name, (wall, cpu) in time_pages(store).items():
            print(f"  {name:34s} {wall:8.0f} ms {cpu:8.0f} ms")
        print(f"  load average at the end: {_load()}")


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", action="store_true",
                        help="the issue's size: 50 sites × 12 rounds × 2,000 pages, "
                             "500 facilities (kept and reused)")
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--fresh", action="store_true", help="generate the store again")
    parser.add_argument("--pages", type=int, metavar="N",
                        help="pages per round instead (a mid-size district: how costs scale)")
    parser.add_argument("--facilities", type=int, metavar="N", help="facilities instead")
    args = parser.parse_args()
    size = dict(DISTRICT if args.district else SMALL)
    for name in ("pages", "facilities"):
        if getattr(args, name) is not None:
            size[name] = getattr(args, name)
    key = "x".join(str(size[k]) for k in ("sites", "rounds", "pages", "facilities"))
    print(f"district {key}: {size['sites']} sites × {size['rounds']} rounds × {size['pages']} "
          f"pages, {size['facilities']} facilities × 3 rounds")
    CACHE.mkdir(parents=True, exist_ok=True)
    if not args.no_sqlite:
        bench(sqlite_file(CACHE / f"district-{key}.db"), size, args.fresh,
              "SQLite")
    if args.pg:
        bench(pg_schema(args.pg, f"bench_district_{key}"), size, args.fresh, "PostgreSQL")


if __name__ == "__main__":
    main()
