"""``a11y-audit demo``: serve the bundled district portal on localhost and audit it."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from audit.demo import DemoPortal, load_expected
from audit.model import ScanRun, Viewport
from audit.report.scan_json import scan_document
from audit.report.scan_text import render_text
from audit.webscan.scanner import ScanOptions, scan


@click.command(name="demo")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo-output"), show_default=True,
              help="Folder for the results (created if missing).")
@click.option("--engine", type=click.Choice(["playwright", "selenium"]), default="playwright",
              show_default=True)
def command(output: Path, engine: str) -> None:
    """Audit the bundled demo portal (a district-government site with known barriers)."""
    output.mkdir(parents=True, exist_ok=True)
    console = Console(stderr=True)
    with DemoPortal() as portal:
        console.print(f"demo portal running at {portal.url}")
        run = _scan_portal(portal, engine, console)
    scan_json = output / "scan.json"
    scan_json.write_text(json.dumps(scan_document(run), ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    render_text(run, Console(highlight=False))
    console.print(f"\nwrote {scan_json}")


def _scan_portal(portal: DemoPortal, engine: str, console: Console) -> ScanRun:
    """Every public page on a desktop, and the pages made for phones on a phone as well."""
    mobile = [portal.url + page["path"].lstrip("/") for page in load_expected()["pages"]
              if page.get("mobile") and not page.get("requires_login")]

    def progress(page) -> None:
        state = page.error or f"{len(page.violations)} violation(s)"
        console.print(f"  {page.viewport:<7} {page.url} — {state}", markup=False)

    run = scan(portal.page_urls(), ScanOptions(engine=engine), progress)
    if mobile:
        phone = scan(mobile, ScanOptions(engine=engine, viewport=Viewport.MOBILE), progress)
        run.pages += phone.pages
        run.finished_at = phone.finished_at
    return run
