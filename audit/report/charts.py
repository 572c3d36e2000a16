"""Geometry of the report's bar charts; the templates draw them as inline SVG.

Each chart is also given as rows of a data table (its text alternative), so nothing is only
in the picture. Colours are CSS classes (see report.css): one per severity, with 3:1 contrast
against white, and patterns do not carry meaning alone — every bar has its number beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.report.i18n import Messages
from audit.report.report_model import Report

WIDTH = 640
LABEL_W = 200
VALUE_W = 60
ROW_H = 28
BAR_H = 18


@dataclass
class Bar:
    label: str
    value: int
    css: str  # class of the bar: "sev-critical", "prev", ...
    y: int = 0
    width: int = 0


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    columns: list[str]  # headers of the data table: label column, then value columns
    rows: list[list[str]]  # the data table
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0
    label_w: int = LABEL_W
    bar_h: int = BAR_H


def bar_chart(id: str, title: str, desc: str, columns: list[str], bars: list[Bar],
              rows: list[list[str]] | None = None) -> Chart:
    """Horizontal bars, one row each, scaled to the largest value."""
    top = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W
    for index, bar in enumerate(bars):
        bar.y = index * ROW_H + (ROW_H - BAR_H) // 2
        bar.width = round(bar.value / top * span) if bar.value else 0
    table = rows if rows is not None else [[bar.label, str(bar.value)] for bar in bars]
    return Chart(id=id, title=title, desc=desc, columns=columns, rows=table, bars=bars,
                 height=max(len(bars), 1) * ROW_H)


def report_charts(report: Report, msg: Messages) -> dict[str, Chart]:
    """The executive summary's charts: by severity (web, and physical when there are
    facilities), by department (both), against the last round."""
    charts = {"severity": _by_severity(report, msg), "department": _by_department(report, msg)}
    if report.facilities:
        charts["physical"] = _physical(report, msg)
    if any(point.previous is not None for point in report.summary.trend):
        charts["trend"] = _trend(report, msg)
    return charts


def _by_severity(report: Report, msg: Messages) -> Chart:
    counts = report.summary.web_by_severity
    bars = [Bar(msg.t(f"severity.{s}"), n, f"sev-{s}") for s, n in counts.items()]
    desc = msg.t("charts.severity_desc", values=_listing(bars, msg))
    return bar_chart("chart-severity", msg.t("charts.severity_title"), desc,
                     [msg.t("columns.severity"), msg.t("columns.violations")], bars)


def _physical(report: Report, msg: Messages) -> Chart:
    counts = report.summary.physical_by_severity
    bars = [Bar(msg.t(f"severity.{s}"), n, f"sev-{s}") for s, n in counts.items()]
    desc = msg.t("charts.physical_desc", values=_listing(bars, msg))
    return bar_chart("chart-physical", msg.t("charts.physical_title"), desc,
                     [msg.t("columns.severity"), msg.t("columns.failed_items")], bars)


def _by_department(report: Report, msg: Messages) -> Chart:
    bars = [Bar(_department(d.department, msg), d.total, "dept")
            for d in report.summary.by_department]
    desc = msg.t("charts.department_desc", values=_listing(bars, msg))
    return bar_chart("chart-department", msg.t("charts.department_title"), desc,
                     [msg.t("columns.department"), msg.t("columns.findings")], bars)


def _trend(report: Report, msg: Messages) -> Chart:
    bars: list[Bar] = []
    rows: list[list[str]] = []
    for point in report.summary.trend:
        previous = "—" if point.previous is None else str(point.previous)
        rows.append([point.target, previous, str(point.current)])
        if point.previous is not None:
            bars.append(Bar(msg.t("charts.trend_previous", target=point.target),
                            point.previous, "prev"))
        bars.append(Bar(msg.t("charts.trend_current", target=point.target), point.current,
                        "curr"))
    desc = msg.t("charts.trend_desc", values=msg.t("charts.separator").join(
        msg.t("charts.trend_pair", target=r[0], previous=r[1], current=r[2]) for r in rows))
    return bar_chart("chart-trend", msg.t("charts.trend_title"), desc,
                     [msg.t("columns.target"), msg.t("columns.previous_round"),
                      msg.t("columns.this_round")], bars, rows)


def _listing(bars: list[Bar], msg: Messages) -> str:
    return msg.t("charts.separator").join(f"{bar.label} {bar.value}" for bar in bars) or "—"


def _department(name: str, msg: Messages) -> str:
    return name or msg.t("common.unassigned")
