"""Writing a scan in one of the machine formats: ``write_report("sarif", run, path, gate)``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from audit.errors import UsageError
from audit.model import ScanRun
from audit.report.codequality import codequality_issues
from audit.report.gate import GateResult
from audit.report.i18n import Messages
from audit.report.junit import junit_xml
from audit.report.markdown import markdown_summary
from audit.report.sarif import sarif_log
from audit.report.scan_json import scan_document


def _json(data: Any) -> bytes:
    return _utf8(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _utf8(text: str) -> bytes:
    """UTF-8 without a BOM; a lone surrogate from a page's JavaScript becomes "?"."""
    return text.encode("utf-8", errors="replace")


_RENDERERS: dict[str, Callable[[ScanRun, GateResult | None, Messages], bytes]] = {
    "junit": junit_xml,
    "sarif": lambda run, gate, msg: _json(sarif_log(run, gate, msg)),
    "codequality": lambda run, gate, msg: _json(codequality_issues(run, gate, msg)),
    "markdown": lambda run, gate, msg: _utf8(markdown_summary(run, gate, msg)),
    "json": lambda run, gate, msg: _json(scan_document(run)),
}
REPORT_KINDS: tuple[str, ...] = tuple(_RENDERERS)


def render_report(kind: str, run: ScanRun, gate: GateResult | None = None, *,
                  lang: str) -> bytes:
    """The report as bytes (UTF-8, no BOM) with its words in ``lang``; UsageError for an
    unknown kind."""
    try:
        renderer = _RENDERERS[kind]
    except KeyError:
        raise UsageError(f"unknown report kind {kind!r}; choose one of: "
                         f"{', '.join(REPORT_KINDS)}") from None
    return renderer(run, gate, Messages(lang))


def write_report(kind: str, run: ScanRun, path: str | os.PathLike[str],
                 gate: GateResult | None = None, *, lang: str) -> None:
    """Write the ``kind`` report of ``run`` to ``path`` with its words in ``lang``, creating
    its folder if needed."""
    data = render_report(kind, run, gate, lang=lang)
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as err:
        raise UsageError(f"cannot write the {kind} report to {target}: "
                         f"{err.strerror or err}") from err
