"""The sandbox's limits: a worker that runs out of time, CPU or memory is a recorded reason."""

from __future__ import annotations

import subprocess
import sys

from audit.documents import Limits
from audit.documents.sandbox import gather


def test_time_limit_kills_the_worker_and_says_so(hostile):
    # 1 ms: the worker cannot even start in it (with 50 ms, a quick machine once read the
    # 5,000 pages' catalogue in 55 ms, its answer arriving before the deadline was checked)
    result = gather(hostile["5000-pages.pdf"], "pdf", Limits(wall_s=0.001))
    assert result.facts is None
    assert result.error == "reading it took longer than 0.001 s (the limit for one document)"


def test_memory_limit_is_a_reason_not_a_lost_run(hostile):
    """qpdf and PDFium do not always say that an allocation failed (qpdf reports a missing page
    tree): the promise is a reason, never a crash of the run, and no temporary path in it."""
    path = hostile["5000-pages.pdf"]
    result = gather(path, "pdf", Limits(memory_mb=1))
    assert result.facts is None
    assert result.error
    assert str(path) not in result.error and path.parent.name not in result.error


def test_a_good_document_reports_what_it_cost(hostile):
    result = gather(hostile["5000-pages.pdf"], "pdf", Limits(max_pages=10))
    assert result.error is None
    assert result.facts["pages_examined"] == 10
    assert result.peak_rss_kb > 0 and result.cpu_s >= 0
    assert result.thumbnail.startswith(b"\x89PNG")


def test_only_the_workers_import_the_readers(subprocesses):
    """The readers are the forkserver's (each worker is forked from it): a command line start,
    which imports the sandbox with every command, does not pay for them."""
    readers = ("pikepdf", "pypdfium2", "openpyxl", "docx", "pptx", "audit.documents._worker")
    code = ("import sys\nfrom audit.cli.main import cli\n"  # --help imports every command
            "cli(['--help'], standalone_mode=False)\n"
            f"print(sorted(set({readers!r}) & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.endswith("\n[]\n")
