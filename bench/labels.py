"""The labels of the labelled corpus (``bench/corpus_labelled/labels.yaml``) and how a scan is
scored against them. Browser-free: ``python -m bench.labelled`` scans, this module judges.

Matching (also in bench/corpus_labelled/README.md): a finding matches a label when the label is
the finding's rule id or one of its WCAG criteria. On each page

- an expected label that some finding matches is a true positive, one that none matches a
  false negative;
- a finding that matches no expected and no ``unsure`` label is a false alarm, counted once
  per page for each of its criteria (for its rule id when it has none).

Site-level findings (judged across all pages of a scan: page titles, accessibility entry) are
not scored: the corpus is a set of pages, not a site. Which outcomes count is a choice of the
caller: violations only, or violations and needs-review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from audit.errors import ConfigError
from audit.model import Finding, Outcome
from audit.standards import all_criteria, catalogue
from audit.yamlfile import load_model

CORPUS = Path(__file__).parent / "corpus_labelled"
LABELS = CORPUS / "labels.yaml"
PAGES = "pages"  # the folder of the labelled pages, under CORPUS
UNSCORED_SOURCES = ("site",)


def _known_label(label: str) -> str:
    if label not in {c.number for c in all_criteria()} and label not in catalogue():
        raise ValueError(f"{label!r} is neither a WCAG success criterion nor a rule id")
    return label


class PageLabel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    expect: tuple[str, ...]
    unsure: tuple[str, ...] = ()
    about: str

    @field_validator("expect", "unsure")
    @classmethod
    def _labels(cls, labels: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_known_label(label) for label in labels)


class Labels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pages: dict[str, PageLabel]


def load_labels(path: Path = LABELS) -> dict[str, PageLabel]:
    """The labels by page file name; ConfigError (file, line) for a bad entry or a labelled
    page that does not exist, and for a page in the folder that has no label."""
    pages = load_model(path, Labels).pages
    folder = path.parent / PAGES
    missing = sorted(name for name in pages if not (folder / name).is_file())
    if missing:
        raise ConfigError(f"labelled pages not found in {folder}: {', '.join(missing)}",
                          file=str(path))
    unlabelled = sorted(p.name for p in folder.glob("*.html") if p.name not in pages)
    if unlabelled:
        raise ConfigError(f"pages without labels: {', '.join(unlabelled)}", file=str(path))
    return pages


def matches(label: str, finding: Finding) -> bool:
    return label == finding.rule or label in finding.wcag


@dataclass
class Score:
    """True positives, false alarms and misses per label or criterion."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)  # page, key, rule
    misses: list[tuple[str, str]] = field(default_factory=list)  # page, label

    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn), key=label_order)

    def precision(self, key: str | None = None) -> float | None:
        tp, fp = self.counts(key)[:2]
        return tp / (tp + fp) if tp + fp else None

    def recall(self, key: str | None = None) -> float | None:
        tp, _, fn = self.counts(key)
        return tp / (tp + fn) if tp + fn else None

    def counts(self, key: str | None = None) -> tuple[int, int, int]:
        if key is None:
            return self.tp.total(), self.fp.total(), self.fn.total()
        return self.tp[key], self.fp[key], self.fn[key]


def label_order(key: str) -> tuple[int, ...] | tuple[int, str]:
    parts = key.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (99, key)


def counted(finding: Finding, with_review: bool) -> bool:
    return finding.source not in UNSCORED_SOURCES and (
        with_review or finding.outcome is Outcome.VIOLATION)


def score(labels: dict[str, PageLabel], findings: dict[str, Iterable[Finding]],
          with_review: bool = True) -> Score:
    """Score the findings by page file name against the labels (pages not scanned count as
    finding nothing)."""
    result = Score()
    for name, label in labels.items():
        found = [f for f in findings.get(name, ()) if counted(f, with_review)]
        for expected in label.expect:
            if any(matches(expected, f) for f in found):
                result.tp[expected] += 1
            else:
                result.fn[expected] += 1
                result.misses.append((name, expected))
        explained = (*label.expect, *label.unsure)
        alarms: dict[str, str] = {}
        for finding in found:
            if not any(matches(known, finding) for known in explained):
                for key in finding.wcag or (finding.rule,):
                    alarms.setdefault(key, finding.rule)
        for key, rule in alarms.items():
            result.fp[key] += 1
            result.false_alarms.append((name, key, rule))
    return result
