"""Accounts: `user add`, Argon2 hashes, log in and out, the login gate, cookie flags, CSRF."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from audit.cli.user import command as user_command
from audit.fieldapp.server import FieldServer
from audit.fieldapp.users import authenticate
from audit.store import open_store
from audit.store.tables import users
from tests.fieldapp.client import Client
from tests.fieldapp.conftest import PASSWORD, logged_in

PAGES = ["/", "/?q=x", "/facilities/new", "/facilities/FAC-1", "/facilities/FAC-1/edit",
         "/inspections/1", "/inspections/1/sections/1", "/inspections/1/verdict", "/scans",
         "/scans/1", "/scans/1/pages/1", "/photos/" + "0" * 64 + ".jpg", "/mine", "/queue",
         "/inspections/1/submit", "/admin/users", "/admin/users/alice", "/account/password"]


def test_user_add_stores_an_argon2_hash_only(tmp_path):
    db = str(tmp_path / "users.db")
    runner = CliRunner()
    result = runner.invoke(user_command, ["add", "wang", "--role", "reviewer", "--db", db],
                           input="s3cret-pass\ns3cret-pass\n")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("用户 wang（审核员）\n")
    listed = runner.invoke(user_command, ["list", "--db", db])
    assert "wang\treviewer" in listed.output
    with open_store(db) as store:
        with store.engine.connect() as connection:
            stored = connection.scalar(select(users.c.password_hash))
        assert stored.startswith("$argon2id$") and "s3cret-pass" not in stored
        assert authenticate(store, "wang", "s3cret-pass") is not None
        assert authenticate(store, "wang", "wrong-pass") is None
        assert authenticate(store, "nobody", "s3cret-pass") is None


def test_user_add_refuses_a_short_password_and_a_taken_name(tmp_path):
    db = str(tmp_path / "users.db")
    runner = CliRunner()
    short = runner.invoke(user_command, ["add", "li", "--db", db, "--password", "short"])
    assert short.exit_code != 0
    runner.invoke(user_command, ["add", "li", "--db", db, "--password", "long-enough"])
    again = runner.invoke(user_command, ["add", "li", "--db", db, "--password", "long-enough"])
    assert again.exit_code != 0 and "exists" in str(again.exception or again.output)


def test_every_page_but_login_and_the_statement_requires_a_session(client: Client):
    for path in PAGES:
        reply = client.get(path)
        assert reply.status == 302, path
        assert reply.headers["Location"].startswith("/login?next="), path
    assert client.get("/login").status == 200
    statement = client.get("/accessibility")  # open to all, linked from every page
    assert statement.status == 200 and "<h1>无障碍声明</h1>" in statement.text
    assert '<a href="/accessibility">无障碍声明</a>' in client.get("/login").text
    assert client.get("/offline").status == 200 and client.get("/sw.js").status == 200
    for path in ("/facilities/new", "/inspections/1/answer", "/admin/users"):
        assert client.post(path, {"name": "x"}).status in (400, 401), path


def test_log_in_sets_a_safe_cookie_and_log_out_ends_the_session(server: FieldServer):
    client = Client(server.url)
    client.get("/login")
    reply = client.post("/login", {"name": "alice", "password": PASSWORD, "next": "/scans"})
    assert reply.status == 303 and reply.headers["Location"] == "/scans"
    cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/scans").status == 200
    assert client.post("/logout").status == 303
    assert client.get("/scans").status == 302


def test_a_wrong_password_is_refused_with_the_error_tied_to_the_field(client: Client):
    client.get("/login")
    reply = client.post("/login", {"name": "alice", "password": "not-it"})
    assert reply.status == 422
    assert 'id="password-error"' in reply.text
    assert 'aria-describedby="password-error" aria-invalid="true"' in reply.text
    assert 'role="alert"' in reply.text
    assert client.get("/").status == 302


def test_login_never_redirects_to_another_site(client: Client):
    client.get("/login")
    reply = client.post("/login", {"name": "alice", "password": PASSWORD,
                                   "next": "//evil.example/"})
    assert reply.headers["Location"] == "/"


def test_a_post_without_a_csrf_token_is_refused(server: FieldServer):
    client = logged_in(server)
    reply = client.post("/facilities/new", {"code": "F-9", "name": "x"}, csrf=False)
    assert reply.status == 400
    reply = client.post("/facilities/new", {"code": "F-9", "name": "x",
                                            "csrf_token": "forged"}, csrf=False)
    assert reply.status == 400
    assert client.get("/facilities/F-9").status == 404
    other = logged_in(server, "bob")  # a token of another session is no good either
    reply = client.post("/facilities/new", {"code": "F-9", "name": "x",
                                            "csrf_token": other.token}, csrf=False)
    assert reply.status == 400
    assert client.post("/logout", csrf=False).status == 400


def test_language_switch(server: FieldServer):
    client = logged_in(server)
    assert '<html lang="zh-CN">' in client.get("/").text
    reply = client.get("/lang/en?next=/scans")
    assert reply.status == 303 and reply.headers["Location"] == "/scans"
    page = client.get("/scans").text
    assert '<html lang="en">' in page and "Scan results" in page


def test_a_user_template_is_used_before_the_bundled_one(field_store, tmp_path, catalogue):
    from audit.fieldapp import create_app

    (tmp_path / "login.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block title %}Ours{% endblock %}'
        '{% block main %}<h1>Our login {{ "<b>" }}</h1>{% endblock %}', encoding="utf-8")
    app = create_app(field_store, secret_key="k", catalogue=catalogue, templates=tmp_path)
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "<h1>Our login &lt;b&gt;</h1>" in page


def test_chinese_user_names_are_accepted_and_odd_ones_refused(tmp_path):
    db = str(tmp_path / "zh.db")
    runner = CliRunner()
    added = runner.invoke(user_command, ["add", "张三", "--db", db, "--password", "long-enough"])
    assert added.exit_code == 0, added.output
    with open_store(db) as store:
        assert authenticate(store, "张三", "long-enough") is not None
    odd = runner.invoke(user_command, ["add", "a b/c", "--db", db, "--password", "long-enough"])
    assert odd.exit_code != 0
    assert "bad user name 'a b/c'" in str(odd.exception or odd.output)


def test_importing_the_accounts_module_hashes_nothing(monkeypatch):
    """Every command line start imports the module: the hash that keeps an unknown name's
    login as slow as a known one's (~0.2 s of CPU) is made at the first such login."""
    import importlib
    import sys

    import argon2

    import audit.fieldapp

    hashed: list[str] = []
    monkeypatch.setattr(argon2.PasswordHasher, "hash",
                        lambda self, password, **_: hashed.append(password) or "")
    monkeypatch.setattr(audit.fieldapp, "users", audit.fieldapp.users)  # put back afterwards
    monkeypatch.delitem(sys.modules, "audit.fieldapp.users")
    fresh = importlib.import_module("audit.fieldapp.users")
    assert hashed == []
    fresh.authenticate(_NoUsers(), "nobody", "any-password")
    assert hashed == ["not a real password; keeps timing equal for unknown names"]


class _NoUsers:
    def user(self, name: str) -> None:
        return None
