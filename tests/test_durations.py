"""tests/durations.json from a JUnit report: seconds per file, slowest first, classes folded
into their file."""

from __future__ import annotations

from pathlib import Path

from tests.support.durations import per_file

REPORT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.store.test_open" name="test_a" time="1.25"/>
<testcase classname="tests.store.test_open" name="test_b" time="0.5"/>
<testcase classname="tests.webscan.test_scan.TestRetry" name="test_c" time="7.0"/>
<testcase classname="tests.test_config" name="test_d" time=""/>
</testsuite></testsuites>"""


def test_seconds_per_file_slowest_first(tmp_path: Path):
    report = tmp_path / "report.xml"
    report.write_text(REPORT, encoding="utf-8")
    assert list(per_file(report).items()) == [("tests/webscan/test_scan.py", 7.0),
                                              ("tests/store/test_open.py", 1.8),
                                              ("tests/test_config.py", 0.0)]

