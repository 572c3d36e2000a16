"""audit.textfile: a byte that is not UTF-8 is an error with file, line and column."""

from __future__ import annotations

import pytest

from audit.errors import ChecklistError, ConfigError
from audit.textfile import decode_utf8, read_text


@pytest.mark.parametrize(("data", "message"), [
    (b"ok\n\xff\n", "f.txt:2: not UTF-8 text: byte 0xff at column 1; save the file as UTF-8"),
    (b"\xef\xbb\xbfline one\nline \xe4\xb8two\n",  # a BOM, then a cut multi-byte character
     "f.txt:2: not UTF-8 text: byte 0xe4 at column 6; save the file as UTF-8"),
    ("标题：".encode() + b"\xff", "f.txt:1: not UTF-8 text: byte 0xff at column 4; save the file "
                                "as UTF-8"),
    ("第一行\n网址：".encode("gbk"),
     "f.txt:1: not UTF-8 text: byte 0xb5 at column 1; save the file as UTF-8"),
])
def test_the_first_bad_byte_is_named_by_line_and_column(data, message):
    with pytest.raises(ConfigError) as caught:
        decode_utf8(data, "f.txt")
    assert str(caught.value) == message


def test_utf8_with_and_without_a_byte_order_mark():
    assert decode_utf8("无障碍\n".encode(), "f") == "无障碍\n"
    assert decode_utf8(b"\xef\xbb\xbf" + "无障碍".encode(), "f") == "无障碍"


def test_read_text_names_the_file_and_takes_an_error_class(tmp_path):
    (tmp_path / "sheet.csv").write_bytes(b"a,b\n\x80\n")
    with pytest.raises(ChecklistError) as caught:
        read_text(tmp_path / "sheet.csv", display="sheet.csv", error_cls=ChecklistError)
    assert caught.value.file == "sheet.csv" and caught.value.line == 2
    with pytest.raises(ConfigError, match=r"^missing.txt: cannot read file: No such file"):
        read_text(tmp_path / "missing.txt", display="missing.txt")
