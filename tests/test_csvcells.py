"""audit.csvcells: the one policy for spreadsheet cells in every CSV we write (and read back)."""

from __future__ import annotations

import pytest

from audit.csvcells import from_cell, to_cell


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("  =1+1", "'  =1+1"),  # some spreadsheets trim before they look
    (" \t=1+1", "' \t=1+1"),  # a tab or line break after spaces, as the docstring says
    ("  \r=1+1", "'  \r=1+1"),
    ("+86 10 1234 5678", "'+86 10 1234 5678"),
    ("'quoted", "''quoted"),  # so that reading back gives the same text
    ("-5", "-5"),  # plain numbers stay numbers
    ("+3.5", "+3.5"),
    ("-1.5e3", "-1.5e3"),
    ("8.33%", "8.33%"),
    ("1:12", "1:12"),
    ("示范区政务服务中心", "示范区政务服务中心"),
    ("a=b", "a=b"),
    ("", ""),
    (None, ""),
    (42, "42"),
])
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(value, written):
    assert to_cell(value) == written


@pytest.mark.parametrize("text", ["=1+1", "'=1+1", "''x", "'x", "-5", "+86 1", "\t=x", "普通",
                                  "", "'", "''"])
def test_reading_back_gives_what_was_written(text):
    assert from_cell(to_cell(text)) == text


def test_an_apostrophe_typed_by_hand_is_kept():
    assert from_cell("'hello") == "'hello"
    assert from_cell("'5") == "'5"
