"""Checks of published documents (PDF, Word, Excel, PowerPoint): gather facts from the file
in a sandboxed worker, analyse them into the same findings as pages.

    page = check_file(Path("notice.pdf"), "https://x.gov.cn/files/notice.pdf")
    page.document.status, page.findings, page.error

Imports ``model``, ``standards`` and ``errors`` of the project only; the crawler and the
CLI fetch documents and call this package.
"""

from audit.documents.check import RAW_KEY, check_file, failed, findings_from_facts, sha256_of
from audit.documents.formats import CHECKED_FORMATS, Sniffed, sniff
from audit.documents.issues import SOURCE
from audit.documents.sandbox import Limits

__all__ = ["CHECKED_FORMATS", "RAW_KEY", "SOURCE", "Limits", "Sniffed", "check_file", "failed",
           "findings_from_facts", "sha256_of", "sniff"]
