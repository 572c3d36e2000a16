"""Geometry of the trend charts (stacked columns, one per round, one colour per severity); the
web page draws them as inline SVG beside a data table and a sentence that say the same, so
nothing is only in the picture. Pure: words are the caller's."""

from __future__ import annotations

from dataclasses import dataclass

from audit.dashboard.model import TrendPoint
from audit.model import Severity

WIDTH = 640
HEIGHT = 220
AXIS_H = 24  # room for the round labels under the columns
VALUE_H = 18  # room for the total above the tallest column
GAP = 8


@dataclass(frozen=True)
class Segment:
    severity: str
    value: int
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    label: str
    total: int
    x: float
    width: float
    top: float  # y of the column's top, for its total
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    base: float  # y of the axis
    columns: tuple[Column, ...]


def column_chart(points: list[TrendPoint]) -> ColumnChart:
    """One stacked column per point, worst severity at the bottom, scaled to the highest."""
    top = max((p.total for p in points), default=0) or 1
    base: float = HEIGHT - AXIS_H
    scale = (base - VALUE_H) / top
    width = (WIDTH - GAP) / max(len(points), 1) - GAP
    columns = []
    for index, point in enumerate(points):
        y = base
        segments = []
        for severity in Severity:
            value = point.violations.get(str(severity), 0)
            height = value * scale
            y -= height
            segments.append(Segment(str(severity), value, round(y, 1), round(height, 1)))
        columns.append(Column(point.label, point.total, round(GAP + index * (width + GAP), 1),
                              round(width, 1), round(y, 1), tuple(segments)))
    return ColumnChart(WIDTH, HEIGHT, base, tuple(columns))
