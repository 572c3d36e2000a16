"""``a11y-audit demo``: serve the bundled district portal on localhost and audit it, import
the demo facility inspection, and render the combined compliance report."""

from __future__ import annotations

import asyncio
import json
import shutil
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console

from audit.cli import report
from audit.cli.options import lang_option
from audit.cli.progress import page_line
from audit.cli.recording import recording, said
from audit.cli.written import say_written
from audit.demo import DemoPortal, load_expected
from audit.demo.facility import import_demo
from audit.i18n import lang_tag
from audit.model import PageResult, ScanRun, Viewport
from audit.report.assemble import ReportOptions, build_report
from audit.report.html import render_html
from audit.report.i18n import Messages
from audit.report.report_pdf import report_pdf
from audit.report.scan_json import scan_document
from audit.report.scan_text import render_text
from audit.store import open_store
from audit.webscan.scanner import BrowserSession, PageCallback, ScanOptions, scan_async

TARGET = "示范区人民政府门户网站"
ROUND = "演示轮次"
JURISDICTION = "青禾市示范区"
DEPARTMENT = "区政务服务数据管理局"
SCREENSHOTS_PER_PAGE = 5


@click.command(name="demo")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo-output"), show_default=True,
              help="Folder for the results (created if missing; its demo database is "
                   "replaced).")
@click.option("--engine", type=click.Choice(["playwright", "selenium"]), default="playwright",
              show_default=True)
@click.option("--no-pdf", is_flag=True, help="Skip the PDF report.")
@lang_option
def command(output: Path, engine: str, no_pdf: bool, lang: str) -> None:
    """Audit the bundled demo portal, demo facility and households; write the report."""
    output.mkdir(parents=True, exist_ok=True)
    console = Console(stderr=True, highlight=False)
    msg = Messages(lang)
    db = output / "a11y-audit.db"
    _fresh(db)
    with DemoPortal() as portal:
        console.print(msg.t("cli.demo_portal", url=portal.url))
        run = _scan_portal(portal, engine, console, str(db), msg)
    with open_store(db) as store:
        inspections = import_demo(store)
    console.print(msg.t("cli.demo_imported",
                        ids=msg.t("scan.count_separator").join(map(str, inspections))))
    scan_json = output / "scan.json"
    scan_json.write_text(json.dumps(scan_document(run), ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    render_text(run, Console(highlight=False), msg)
    reports = _write_reports(db, output, lang, pdf=not no_pdf)
    click.echo(err=True)
    say_written(lang, scan_json, *reports)


def _write_reports(db: Path, output: Path, lang: str, *, pdf: bool) -> list[Path]:
    """The combined report as HTML and, with ``pdf``, as PDF, built once from the store (the
    command names every file it wrote in its last line)."""
    options = ReportOptions(lang=lang_tag(lang), round=ROUND, jurisdiction=JURISDICTION,
                            image_base=Path.cwd())
    with open_store(db) as store:
        built = build_report(store, options)
        html = render_html(built)
    written = [output / "report.html"]
    report.write_output(written[0], html.encode("utf-8"))
    if pdf:
        written.append(output / "report.pdf")
        report.write_output(written[1], report_pdf(html, built.meta.lang))
    return written


def _fresh(db: Path) -> None:
    """The demo starts from an empty database each time, so its report shows one round."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(db.with_name(db.name + ".files"), ignore_errors=True)


def _scan_portal(portal: DemoPortal, engine: str, console: Console, db: str,
                 msg: Messages) -> ScanRun:
    """Every public page on a desktop, and the pages made for phones on a phone as well;
    each page stored as soon as it is scanned, as one scan of the demo target."""
    urls = portal.page_urls()
    mobile = [portal.url + page["path"].lstrip("/") for page in load_expected()["pages"]
              if page.get("mobile") and not page.get("requires_login")]
    options = ScanOptions(engine=engine, screenshots=SCREENSHOTS_PER_PAGE)
    with open_store(db) as store:
        store.save_target(TARGET, department=DEPARTMENT, settings={"start": [portal.url]})

    def show(page: PageResult) -> None:
        console.print(f"  {page.viewport:<7} {page_line(page, msg)}", markup=False,
                      soft_wrap=True)

    with recording(db, True, options, urls + mobile, "demo", target=TARGET,
                   lang=msg.lang) as recorder:
        run = asyncio.run(_scan_both(urls, mobile, options, recorder.on_page(show)))
        recorder.finish(run)
        said(recorder, msg.lang)
    return run


async def _scan_both(urls: list[str], mobile: list[str], options: ScanOptions,
                     on_page: PageCallback) -> ScanRun:
    """The desktop scan, then the phone scan of ``mobile``, as one run in one browser."""
    session = BrowserSession(options)
    await session.start()
    try:
        run = await scan_async(urls, options, on_page, browser=session)
        if mobile:
            phone = await scan_async(mobile, replace(options, viewport=Viewport.MOBILE),
                                     on_page, browser=session)
            run.pages += phone.pages
            run.finished_at = phone.finished_at
    finally:
        await session.close()
    return run
