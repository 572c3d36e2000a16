"""`a11y-audit serve` as a command: a real process on a free port, stopped by ctrl-C and started
again (its account is added by `a11y-audit user add` in-process: the command, not its process,
is what that step needs; tests/cli/test_stored.py has the command's own tests)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.cli.conftest import run_cli
from tests.fieldapp.client import Client

_SERVE = ("import sys; from audit.cli.serve import command; "
          "command.main(sys.argv[1:], prog_name='a11y-audit serve')")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", _SERVE,
                                "--port", str(port)], env=env, stderr=subprocess.PIPE,
                               text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        # a bound for a server that never answers, not a measure of its start (a second on an
        # idle machine; a loaded one took more than 15 s to import and start it)
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, f"the server stopped: {process.communicate()[1]}"
            try:
                with urllib.request.urlopen(base + "/login", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer within 90 s"
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()  # not left running after the test
            process.communicate()
            raise AssertionError("the server did not stop within 20 s of ctrl-C") from None
    assert process.returncode == 0, err
    assert f"field app on {base}/" in err


def test_serve_keeps_sessions_over_a_restart_and_stops_on_ctrl_c(subprocesses, tmp_path: Path):
    own = {"A11Y_AUDIT_DB": str(tmp_path / "app.db"), "A11Y_AUDIT_PASSWORD": "serve-pass-1"}
    env = {key: value for key, value in os.environ.items() if key != "A11Y_AUDIT_SECRET_KEY"}
    added = run_cli("user", "add", "zhang", "--role", "admin",
                    env={**own, "A11Y_AUDIT_SECRET_KEY": None})
    env |= own
    assert added.returncode == 0, added.stderr
    with _serving(env) as base:
        client = Client(base)
        assert client.log_in("zhang", "serve-pass-1").status == 303
        assert "zhang" in client.get("/").text
    with _serving(env) as base:  # another port: the cookie jar sends by host, not port
        client.base = base
        assert "zhang" in client.get("/").text
