"""The benchmarks' corpus server says nothing of a client that hung up mid-answer (pa11y-ci's
browser drops beacons and pages it leaves), and still prints every other error."""

from __future__ import annotations

import pytest

from bench.serve import _Server


@pytest.fixture
def server():
    made = _Server(("127.0.0.1", 0), lambda *args: None)
    yield made
    made.server_close()


def test_a_client_that_hung_up_is_not_printed(server, capsys):
    try:
        raise BrokenPipeError(32, "Broken pipe")
    except BrokenPipeError:
        server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == ""


def test_another_error_is_printed_with_its_traceback(server, capsys):
    try:
        raise KeyError("missing")
    except KeyError:
        server.handle_error(None, ("127.0.0.1", 1))
    err = capsys.readouterr().err
    assert "Exception occurred during processing of request from ('127.0.0.1', 1)" in err
    assert "KeyError: 'missing'" in err
