"""``a11y-audit serve``: the field-entry web app (waitress, several threads, one store)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from audit.cli.stored import existing_store

SECRET_ENV = "A11Y_AUDIT_SECRET_KEY"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="0.0.0.0 to reach the app from a phone or tablet on the same network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--db", envvar="A11Y_AUDIT_DB", default=None,
              help="The store [default: $A11Y_AUDIT_DB or ./a11y-audit.db]")
@click.option("--files", "files_dir", envvar="A11Y_AUDIT_FILES", default=None,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of photo files.")
@click.option("--secure-cookies", is_flag=True,
              help="Send the session cookie over HTTPS only (behind a TLS proxy).")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Your own templates, looked up before the bundled ones.")
@click.option("--time-zone", default="Asia/Shanghai", show_default=True,
              help="The time zone the app shows times in (an IANA name).")
def command(host: str, port: int, db: str | None, files_dir: Path | None, secure_cookies: bool,
            threads: int, templates: Path | None, time_zone: str) -> None:
    """Serve the field app: inspectors fill checklists and attach photos on a phone.

    Accounts come from `a11y-audit user add` (or the app's user pages, for admins). Session
    cookies are signed with $A11Y_AUDIT_SECRET_KEY, or else with a random key made once and
    kept in the store; the sessions themselves are kept in the store, so logging out, a new
    password or a disabled account ends them at once. Working offline needs HTTPS (browsers
    run service workers only on secure pages): serve behind a TLS proxy with --secure-cookies.
    """
    from audit.fieldapp import FieldServer, create_app
    from audit.fieldapp.users import session_key

    with existing_store(db, files_dir=files_dir) as store:
        key = os.environ.get(SECRET_ENV) or session_key(store)
        app = create_app(store, secret_key=key, secure_cookies=secure_cookies,
                         templates=templates, time_zone=time_zone, warm_up=True)
        server = FieldServer(app, host, port, threads=threads)
        click.echo(f"field app on {server.url}/ (store {store.name}); Ctrl-C stops it", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
