"""``a11y-audit statement TARGET -o statement.html``: a draft accessibility statement (无障碍声明)
from the target's latest finished scan."""

from __future__ import annotations

from pathlib import Path

import click

from audit.cli.options import lang_option
from audit.cli.stored import existing_store
from audit.cli.written import say_written
from audit.errors import UsageError
from audit.report.statement import StatementOptions, build_statement, render_statement


@click.command(name="statement")
@click.argument("target")
@click.option("--db", metavar="PATH_OR_URL", envvar="A11Y_AUDIT_DB", default=None,
              help="The result store [default: $A11Y_AUDIT_DB, else ./a11y-audit.db].")
@lang_option
@click.option("--organisation", metavar="NAME",
              help="Who publishes the statement [default: the target's department].")
@click.option("--email", metavar="ADDRESS", help="Contact email for accessibility feedback.")
@click.option("--phone", metavar="NUMBER", help="Contact phone number.")
@click.option("--feedback-url", metavar="URL", help="An online feedback form (http or https).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder searched before the bundled templates (statement.html.j2) and "
                   "translations.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
def command(target: str, db: str | None, lang: str, organisation: str | None,
            email: str | None, phone: str | None, feedback_url: str | None,
            templates: Path | None, output: Path) -> None:
    """Draft TARGET's accessibility statement from its latest finished scan.

    The status is stated honestly: known failures when the scan found violations; otherwise
    no automated failures, and no claim to conform until a manual evaluation is done.
    Blanks left for contact details are marked to be completed.
    """
    options = StatementOptions(lang=lang, organisation=organisation, email=email, phone=phone,
                               feedback_url=feedback_url, templates=templates)
    with existing_store(db, lang) as store:
        html = render_statement(build_statement(store, target, options), user_dir=templates)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(html, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from err
    say_written(lang, output)
