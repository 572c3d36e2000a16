"""Failed logins are throttled per user name and address, and per address alone."""

from __future__ import annotations

from audit.fieldapp.server import FieldServer
from audit.fieldapp.throttle import MAX_ADDRESS_FAILURES, MAX_FAILURES, WINDOW_S, LoginThrottle
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import PASSWORD


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_name_is_refused_after_five_failures_until_the_first_leaves_the_window():
    clock = Clock()
    throttle = LoginThrottle(clock)
    for _ in range(MAX_FAILURES - 1):
        throttle.failed("Alice", "10.0.0.1")
        clock.now += 60
    assert throttle.wait_s("alice", "10.0.0.1") == 0
    throttle.failed(" ALICE ", "10.0.0.1")
    assert throttle.wait_s("alice", "10.0.0.1") == WINDOW_S - 4 * 60
    assert throttle.wait_s("alice", "10.0.0.2") == 0  # another device
    assert throttle.wait_s("bob", "10.0.0.1") == 0  # another name
    clock.now += WINDOW_S - 4 * 60
    assert throttle.wait_s("alice", "10.0.0.1") == 0


def test_a_success_clears_the_name_but_not_the_address():
    throttle = LoginThrottle(Clock())
    for n in range(MAX_ADDRESS_FAILURES - 1):
        throttle.failed(f"user{n % 3}", "10.0.0.9")
    throttle.succeeded("user0", "10.0.0.9")
    assert throttle.wait_s("user0", "10.0.0.9") == 0
    assert throttle.wait_s("user1", "10.0.0.9") == WINDOW_S  # still 5+ failures for user1
    throttle.failed("someone-else", "10.0.0.9")  # the 50th from this address
    assert throttle.wait_s("new-name", "10.0.0.9") == WINDOW_S


def test_expired_failures_are_forgotten():
    clock = Clock()
    throttle = LoginThrottle(clock)
    throttle.failed("alice", "10.0.0.1")
    clock.now += WINDOW_S
    assert throttle.wait_s("alice", "10.0.0.1") == 0
    assert throttle._failures == {}


def test_the_login_form_refuses_even_the_right_password_after_five_failures(
        server: FieldServer):
    client = Client(server.url)
    client.get("/login")
    for _ in range(MAX_FAILURES):
        assert client.post("/login", {"name": "alice", "password": "wrong"}).status == 422
    refused = client.post("/login", {"name": "alice", "password": PASSWORD})
    assert refused.status == 429
    assert "本设备登录失败次数过多，请 15 分钟后再试，或请管理员重置密码。" in refused.text
    assert 'id="password-error"' in refused.text and 'role="alert"' in refused.text
    assert client.get("/").status == 302  # not logged in
    other = Client(server.url)
    assert other.log_in("bob", PASSWORD).status == 303  # another user is not locked out


def test_a_forged_forwarded_address_does_not_escape_the_lockout(server: FieldServer):
    """The app serves no proxy it trusts: an address the client claims is not its address,
    so claiming a new one per attempt does not reset the count."""
    client = Client(server.url)
    client.get("/lang/en")
    client.get("/login")
    for n in range(MAX_FAILURES):
        forged = {"X-Forwarded-For": f"10.9.8.{n}", "X-Real-IP": f"10.9.8.{n}",
                  "Forwarded": f"for=10.9.8.{n}"}
        assert client.post("/login", {"name": "carol", "password": "wrong"},
                           headers=forged).status == 422
    refused = client.post("/login", {"name": "carol", "password": PASSWORD},
                          headers={"X-Forwarded-For": "10.1.1.1", "X-Real-IP": "10.1.1.1"})
    assert refused.status == 429
    assert ("Too many failed login attempts from this device. Try again in 15 minute(s), or "
            "ask your administrator to reset your password.") in refused.text
    assert client.get("/").status == 302
