"""Hostile and faulty files given to the command line: URL lists, configs, checklists, field
sheets and baselines. Each case states what the user must see: the exit code and the one line
naming the file, the line and what is wrong. None may print a traceback (``a11y`` asserts
that), build an alias bomb, or take more than a little memory.
"""

from __future__ import annotations

import json
import resource
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.conftest import a11y

BAD_BYTE = "not UTF-8 text: byte 0x{byte} at column {column}; save the file as UTF-8"
BOMB = ("aliases (*name) would expand the document by more than 10000 values; "
        "a11y-audit refuses such documents")
DEEP = "nested more than 64 levels deep; a11y-audit refuses such documents"
LONG = "a number of 5000 digits is too long to read (at most 4300)"
URL = "http://127.0.0.1:9/"  # nothing listens: the cases fail before any browser starts


def laughs(key: str = "lol", levels: int = 9) -> str:
    """A "billion laughs" document under ``key``: 10**levels values from a few lines."""
    lines = [f'{key}0: &a0 "lol"']
    lines += [f"{key}{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def nested(depth: int = 200) -> str:
    return "[" * depth + "]" * depth


CONFIG = ("schema: a11y-audit/config/1\ndefaults:\n  max_pages: 5\n"
          "targets:\n  - name: portal\n    start: [http://127.0.0.1:9/]\n")
SHEET = ("schema: a11y-audit/inspection/1\nfacility: {code: FAC-1, name: 测试}\n"
         "checklist: gb55019-curb-ramps\ninspector: 王工\nanswers:\n  curb_ramp_present: yes\n")
CHECKLIST_HEAD = ("id: x\nversion: '1'\ntitle: {zh: 测试, en: test}\nstandard: GB 55019-2021\n"
                  "applies_to: [road]\nsections:\n  - id: s\n    title: {zh: 节, en: section}\n"
                  "    items:\n")


@dataclass(frozen=True)
class FileCase:
    id: str
    name: str  # the file's name
    data: bytes
    args: tuple[str, ...]  # the command, {file} for the file's path
    code: int  # the exit code
    message: str  # a line of what it prints, {file} for the file's path


def case(id: str, name: str, data: str | bytes, args: tuple[str, ...], message: str,
         code: int = 2) -> FileCase:
    return FileCase(id, name, data.encode() if isinstance(data, str) else data, args, code,
                    message)


SCAN = ("scan", "--no-store", "--urls", "{file}")
RUN = ("run", "{file}")
VALIDATE = ("checklist", "validate", "{file}")
IMPORT = ("inspect", "import", "{file}")
BASELINE = ("scan", URL, "--no-store", "--baseline", "{file}")

CASES = [
    # URL lists
    case("urls-bad-byte", "urls.txt", b"https://a.example/\n\xff\xfe\n", SCAN,
         "error: {file}:2: " + BAD_BYTE.format(byte="ff", column=1)),
    case("urls-gbk", "urls.txt", "# 网址\nhttps://a.example/\n".encode("gbk"), SCAN,
         "error: {file}:1: " + BAD_BYTE.format(byte="cd", column=3)),
    case("urls-png", "urls.txt", bytes.fromhex("89504e470d0a1a0a0000000d49484452"), SCAN,
         "error: {file}:1: " + BAD_BYTE.format(byte="89", column=1)),
    case("urls-nul", "urls.txt", b"https://a.example/\x00admin\n", SCAN,
         "error: {file}:1: 'https://a.example/\\x00admin' contains control characters; "
         "write one URL a line"),
    case("urls-broken-ipv6", "urls.txt", "# ok\nhttp://[::1/\n", SCAN,
         "error: {file}:2: 'http://[::1/' is not a valid URL: Invalid IPv6 URL"),
    case("urls-javascript", "urls.txt", "javascript:alert(1)\n", SCAN,
         "error: {file}:1: 'javascript:alert(1)' is not an http(s) URL; a11y-audit scans web "
         "pages only (write the full address, e.g. https://www.example.gov.cn/)"),
    case("urls-file-scheme", "urls.txt", "file:///etc/passwd\n", SCAN,
         "error: {file}:1: 'file:///etc/passwd' is not an http(s) URL; a11y-audit scans web "
         "pages only (write the full address, e.g. https://www.example.gov.cn/)"),
    case("urls-one-megabyte-line", "urls.txt", "x" * 1_000_000 + "\n", SCAN,
         "error: {file}:1: '" + "x" * 200 + "…' is not an http(s) URL; a11y-audit scans web "
         "pages only (write the full address, e.g. https://www.example.gov.cn/)"),
    case("urls-only-comments", "urls.txt", "# nothing here\n\n", SCAN,
         "error: no URL to scan: give URLs as arguments or --urls FILE"),
    # configs
    case("config-alias-bomb", "a11y-audit.yml", CONFIG + laughs("x-"), RUN,
         "error: {file}:11: " + BOMB),
    case("config-deep", "a11y-audit.yml", CONFIG + "extra: " + nested() + "\n", RUN,
         "error: {file}:7: " + DEEP),
    case("config-huge-integer", "a11y-audit.yml", CONFIG.replace("5", "9" * 5000), RUN,
         "error: {file}:3: defaults.max_pages: " + LONG),
    case("config-infinite-timeout", "a11y-audit.yml",
         CONFIG.replace("max_pages: 5", "timeout: 1.0e+999"), RUN,
         "error: {file}:3: defaults.timeout: Input should be less than or equal to 600"),
    case("config-bad-byte", "a11y-audit.yml", CONFIG.encode() + b"# \xe9t\xe9\n", RUN,
         "error: {file}:7: " + BAD_BYTE.format(byte="e9", column=3)),
    case("config-python-tag", "a11y-audit.yml",
         CONFIG + "db: !!python/object/apply:os.system [touch /tmp/pwned]\n", RUN,
         "error: {file}:7: db: YAML tag !!python/object/apply:os.system is not allowed"),
    case("config-not-a-mapping", "a11y-audit.yml", "- just\n- a list\n", RUN,
         "error: {file}:1: Input should be a valid dictionary or instance of Config"),
    case("config-binary", "a11y-audit.yml", bytes(range(256)), RUN,
         "error: {file}:2: " + BAD_BYTE.format(byte="80", column=118)),
    # checklists
    case("checklist-alias-bomb", "c.yaml", CHECKLIST_HEAD + "      []\n" + laughs(), VALIDATE,
         "{file}:15: " + BOMB),
    case("checklist-deep", "c.yaml", CHECKLIST_HEAD + "      - " + nested() + "\n", VALIDATE,
         "{file}:10: " + DEEP),
    case("checklist-bad-byte", "c.yaml", CHECKLIST_HEAD.encode("gbk"), VALIDATE,
         "{file}:3: " + BAD_BYTE.format(byte="b2", column=13)),
    case("checklist-huge-integer", "c.yaml", CHECKLIST_HEAD.replace("version: '1'",
         "version: " + "1" * 5000), VALIDATE, "{file}:2: version: " + LONG),
    # field sheets
    case("sheet-yaml-alias-bomb", "s.yaml", SHEET + laughs("  x-"), IMPORT,
         "{file}:11: " + BOMB),
    case("sheet-json-deep", "s.json", '{"answers": ' + nested(100_000) + "}", IMPORT,
         "{file}:1: " + DEEP),
    case("sheet-json-huge-integer", "s.json",
         json.dumps({"schema": "a11y-audit/inspection/1", "facility": "FAC-1"}, indent=1)
         .replace('"FAC-1"', '"FAC-1",\n "round": ' + "7" * 5000), IMPORT,
         "{file}:4: " + LONG),
    case("sheet-yaml-huge-round", "s.yaml", SHEET + "round: 99999999999999999999999\n", IMPORT,
         "{file}:7: round: Input should be less than or equal to 10000"),
    case("sheet-yaml-impossible-date", "s.yaml", SHEET + "date: 2025-02-30\n", IMPORT,
         "{file}:7: date: not a valid date or number: day is out of range for month"),
    case("sheet-csv-neither-utf8-nor-gbk", "s.csv", b"checklist,x\n\x80\x80\n", IMPORT,
         "{file}:2: not UTF-8 (nor GBK) text: byte 0x80 at column 1; save the file as UTF-8"),
    case("sheet-csv-huge-cell", "s.csv", b"checklist," + b"x" * 200_000 + b"\n", IMPORT,
         "{file}:1: CSV error: field larger than field limit (131072)"),
    case("sheet-unknown-suffix", "s.txt", SHEET, IMPORT,
         "{file}: unknown sheet format: name the file .yaml, .json or .csv"),
    case("sheet-photo-outside-the-folder", "s.yaml", SHEET.replace(
         "curb_ramp_present: yes", "curb_ramp_present: {value: yes, photos: [../../etc/passwd]}"),
         IMPORT, "1 张照片被拒收"),
    # baselines
    case("baseline-alias-bomb", "b.yml", "version: 1\nentries: []\n" + laughs(), BASELINE,
         "error: {file}:7: " + BOMB),
    case("baseline-bad-byte", "b.yml", b"version: 1\nentries: []  # \xc0\n", BASELINE,
         "error: {file}:2: " + BAD_BYTE.format(byte="c0", column=16)),
    case("baseline-huge-integer", "b.yml", "version: " + "1" * 5000 + "\nentries: []\n",
         BASELINE, "error: {file}:1: version: " + LONG),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    a11y("checklist", "list")  # imports done once, before any peak memory is read
    return tmp_path_factory.mktemp("files")


def peak_memory_mb() -> float:
    """The most memory this process has held so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_hostile_file(folder, case):
    file = folder / case.id / case.name
    file.parent.mkdir()
    file.write_bytes(case.data)
    before = peak_memory_mb()
    result = a11y(*(arg.format(file=file) for arg in case.args))
    assert result.exit_code == case.code, result.output
    assert case.message.format(file=file) in result.output.splitlines(), result.output
    assert peak_memory_mb() - before < 100  # a bomb is refused before it is built
