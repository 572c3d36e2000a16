from __future__ import annotations

import pytest

from audit.errors import UsageError
from audit.webscan.axe import axe_options, default_axe_path, load_axe


def test_bundled_axe_is_a_current_release():
    axe = load_axe()
    major, minor, _ = (int(part) for part in axe.version.split("."))
    assert (major, minor) >= (4, 10)
    assert axe.path == default_axe_path()
    assert "allowedOrigins" in axe.source  # cross-origin frames are reached


def test_another_axe_build_can_be_used(tmp_path):
    copy = tmp_path / "axe.min.js"
    copy.write_text(default_axe_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert load_axe(copy).path == copy


def test_missing_script_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"cannot read the axe-core script .*nope\.js"):
        load_axe(tmp_path / "nope.js")


def test_a_file_that_is_not_axe_is_refused(tmp_path):
    other = tmp_path / "jquery.js"
    other.write_text("/*! jQuery v3.7.1 */", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        load_axe(other)
    assert str(err.value) == f"{other} does not look like axe-core (no 'axe vX.Y.Z' banner)"


def test_an_old_axe_is_refused(tmp_path):
    old = tmp_path / "axe-3.5.js"
    old.write_text("/*! axe v3.5.5\n */ var axe = {};", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        load_axe(old)
    assert str(err.value) == f"{old} is axe-core 3.5.5; a11y-audit needs 4.10 or newer"


def test_options_limit_results_to_what_is_reported():
    options = axe_options(["wcag2a", "wcag2aa"], 7.5)
    assert options["runOnly"] == {"type": "tag", "values": ["wcag2a", "wcag2aa"]}
    assert options["resultTypes"] == ["violations", "incomplete"]
    assert options["frameWaitTime"] == 7500
