"""A small site publishing documents: good, duplicated, missing, over the size cap,
encrypted, broken, careless Word, legacy Word, a zip bomb and one robots.txt forbids; two pages
link them (some twice). Shared by the local and the distributed crawl tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.documents import factory as make

LINKS = ["good.pdf", "copy.pdf", "missing.pdf", "big.pdf", "locked.pdf", "broken.pdf",
         "careless.docx", "old.doc", "bomb.docx", "private/secret.pdf"]


def document_site(root: Path) -> Path:
    """Write the site into ``root`` (served from ``/index.html``); ``root``."""
    (root / "private").mkdir(parents=True)
    links = "".join(f'<li><a href="/{name}">{name}</a></li>' for name in LINKS)
    (root / "index.html").write_text(make.html(f'<h1>文件下载</h1><ul>{links}</ul>'
                                               '<a href="/more.html">更多</a>'), "utf-8")
    (root / "more.html").write_text(make.html('<h1>更多</h1><a href="/good.pdf">再次链接</a>'
                                              '<a href="/old.doc">旧文件</a>'), "utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", "utf-8")
    make.many_pages(root / "good.pdf", 2)
    shutil.copy(root / "good.pdf", root / "copy.pdf")
    (root / "big.pdf").write_bytes(b"%PDF-1.4\n" + bytes(2 * 1024 * 1024))
    make.encrypted(make.many_pages(root / "plain.pdf", 1), root / "locked.pdf",
                   user_password="secret", accessibility=True)
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    make.word(root / "careless.docx", title=None)
    make.ole2(root / "old.doc")
    make.zip_bomb(make.word(root / "plain.docx"), root / "bomb.docx")
    make.many_pages(root / "private" / "secret.pdf", 1)
    return root
