"""The labelled corpus's labels file and the scoring of findings against it (no browser)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit.errors import ConfigError
from audit.model import Finding, Outcome, Severity
from bench.labels import CORPUS, LABELS, PageLabel, load_labels, score


def test_the_labels_file_is_valid_and_every_labelled_page_exists() -> None:
    labels = load_labels()
    assert len(labels) >= 100
    assert {name.split("-")[0] for name in labels} == {"zh", "en"}
    failing = [name for name, label in labels.items() if label.expect]
    assert len(failing) >= 50
    assert len(labels) - len(failing) >= 40
    for name in labels:
        assert (CORPUS / "pages" / name).is_file()


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS / "pages", tmp_path / "pages")
    return tmp_path / "labels.yaml"


def test_an_unknown_criterion_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = LABELS.read_text(encoding="utf-8")
    path.write_text(text.replace("- 1.1.1\n", "- 1.1.9\n", 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    expect_line = lines.index("    - 1.1.9")  # 1-based: the "expect:" line just above it
    assert lines[expect_line - 1] == "    expect:"
    with pytest.raises(ConfigError) as caught:
        load_labels(path)
    assert caught.value.line == expect_line
    assert "'1.1.9' is neither a WCAG success criterion nor a rule id" in str(caught.value)


def test_a_labelled_page_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    (tmp_path / "pages" / "zh-clean-article.html").unlink()
    shutil.copy(LABELS, path)
    with pytest.raises(ConfigError, match="labelled pages not found in .*: zh-clean-article"):
        load_labels(path)


def test_a_page_without_a_label_is_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    shutil.copy(LABELS, path)
    (tmp_path / "pages" / "zh-new.html").write_text("<p>", encoding="utf-8")
    with pytest.raises(ConfigError, match="pages without labels: zh-new.html"):
        load_labels(path)


def _finding(rule: str, wcag: tuple[str, ...], outcome: Outcome = Outcome.VIOLATION,
             source: str = "axe") -> Finding:
    return Finding(rule=rule, source=source, outcome=outcome, impact=Severity.SERIOUS,
                   wcag=wcag, level="A", selector="p", html="<p>", message="", help_url="",
                   fingerprint=rule)


def test_findings_match_labels_by_criterion_or_rule_id() -> None:
    labels = {
        "a.html": PageLabel(expect=("1.1.1", "image-of-text"), about=""),
        "b.html": PageLabel(expect=(), unsure=("1.2.1",), about=""),
        "c.html": PageLabel(expect=("2.4.7",), about=""),
    }
    findings = {
        # image-alt explains both of its criteria; the label by rule id is met by its rule
        "a.html": [_finding("image-alt", ("1.1.1", "4.1.2")),
                   _finding("image-of-text", ("1.4.5",), Outcome.NEEDS_REVIEW,
                            "image-of-text"),
                   _finding("color-contrast", ("1.4.3",)),
                   _finding("color-contrast", ("1.4.3",))],
        "b.html": [_finding("video-alternative-review", ("1.2.1", "1.2.3"),
                            Outcome.NEEDS_REVIEW, "media"),
                   _finding("link-name", ("2.4.4", "4.1.2")),
                   _finding("page-titles", ("2.4.2",), source="site")],
    }
    result = score(labels, findings)
    assert (result.tp, result.fn) == ({"1.1.1": 1, "image-of-text": 1}, {"2.4.7": 1})
    assert result.fp == {"1.4.3": 1, "2.4.4": 1, "4.1.2": 1}
    assert result.misses == [("c.html", "2.4.7")]
    assert sorted(result.false_alarms) == [("a.html", "1.4.3", "color-contrast"),
                                           ("b.html", "2.4.4", "link-name"),
                                           ("b.html", "4.1.2", "link-name")]
    assert result.precision() == 2 / 5
    assert result.recall() == 2 / 3
    violations = score(labels, findings, with_review=False)
    assert (violations.tp["image-of-text"], violations.fn["image-of-text"]) == (0, 1)
    assert violations.precision("1.4.3") == 0.0 and violations.recall("1.1.1") == 1.0
