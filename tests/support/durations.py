"""The test files' measured durations, which ``tests/conftest.py`` uses to hand the slowest
files out first (with ``--dist loadfile`` a slow file handed out last keeps one worker busy
alone at the end of the run).

    python -m tests.support.durations .pytest-report.xml   # after `make test`

reads the JUnit report that ``make test`` writes and rewrites ``tests/durations.json``: seconds
per test file (setup, call and teardown of its tests), slowest first.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from defusedxml.ElementTree import parse

DURATIONS = Path(__file__).resolve().parents[1] / "durations.json"


def load() -> dict[str, float]:
    """Seconds per test file (path relative to the repository, ``tests/...``); {} when none."""
    try:
        return json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def per_file(report: Path) -> dict[str, float]:
    """Seconds per test file in a JUnit report, slowest first."""
    seconds: defaultdict[str, float] = defaultdict(float)
    for case in parse(report).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")
        while module and not module[-1].startswith("test_"):
            module.pop()  # a class inside the file
        if module:
            seconds["/".join(module) + ".py"] += float(case.get("time") or 0)
    return dict(sorted(((f, round(s, 1)) for f, s in seconds.items()),
                       key=lambda item: -item[1]))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.support.durations REPORT.xml", file=sys.stderr)
        return 2
    found = per_file(Path(argv[0]))
    DURATIONS.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    print(f"{DURATIONS}: {len(found)} files, {sum(found.values()):.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
