"""Accounts administered in the app (and the same from the command line): add, role, team,
disable, reset a password, end sessions; errors tied to their fields; every change logged."""

from __future__ import annotations

from click.testing import CliRunner

from audit.cli.facility import command as facility_command
from audit.cli.user import command as user_command
from audit.fieldapp.server import FieldServer
from audit.store import Store, open_store
from tests.fieldapp.conftest import PASSWORD, logged_in


def test_an_admin_adds_a_user_who_can_then_log_in(server: FieldServer, field_store: Store):
    adam = logged_in(server, "adam")
    reply = adam.post("/admin/users", {"name": "王五", "role": "reviewer", "team": "西区",
                                       "password": PASSWORD})
    assert reply.status == 303
    assert reply.headers["Location"] == "/admin/users/%E7%8E%8B%E4%BA%94?added=1"
    listing = adam.get("/admin/users").text
    assert "王五" in listing and "西区" in listing
    created = field_store.user("王五")
    assert (created.role, created.team, created.password_hash[:10]) == ("reviewer", "西区",
                                                                        "$argon2id$")
    assert logged_in(server, "王五").get("/queue").status == 200
    [entry] = [c for c in field_store.history(account="王五")]
    assert (entry.actor, entry.new) == ("adam", {"role": "reviewer", "team": "西区"})


def test_the_add_form_says_what_is_wrong(server: FieldServer):
    adam = logged_in(server, "adam")
    reply = adam.post("/admin/users", {"name": "a b", "role": "boss", "password": "short",
                                       "team": "x" * 65})
    assert reply.status == 422
    for field in ("name", "role", "password", "team"):
        assert f'<a href="#{field}">' in reply.text, field
    taken = adam.post("/admin/users", {"name": "alice", "role": "inspector",
                                       "password": PASSWORD})
    assert taken.status == 422 and "该用户名已被使用" in taken.text


def test_role_team_and_disabling_are_changed_and_logged(server: FieldServer,
                                                        field_store: Store):
    adam = logged_in(server, "adam")
    adam.post("/admin/users", {"name": "fang", "role": "inspector", "password": PASSWORD})
    reply = adam.post("/admin/users/fang", {"role": "reviewer", "team": "北区"})
    assert reply.status == 303
    assert (field_store.user("fang").role, field_store.user("fang").team) == ("reviewer", "北区")
    page = adam.get("/admin/users/fang").text
    assert "修改用户 fang" in page and "角色：审核员" in page
    assert adam.post("/admin/users/adam", {"role": "inspector"}).status == 422
    assert adam.post("/admin/users/adam", {"role": "admin", "disabled": "1"}).status == 422
    assert not field_store.user("adam").disabled
    short = adam.post("/admin/users/fang/password", {"password": "short"})
    assert short.status == 422 and "密码至少需要 8 个字符" in short.text


def test_the_command_line_does_the_same_and_names_itself_in_the_log(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    added = runner.invoke(user_command, ["add", "li", "--team", "东区", "--db", db,
                                         "--password", "long-enough"])
    assert added.exit_code == 0, added.output
    for args, said in ((["role", "li", "reviewer"], "用户 li（审核员）"),
                       (["team", "li"], "用户 li：小组 -"),
                       (["disable", "li"], "用户 li 已停用；其所有会话均已结束"),
                       (["enable", "li"], "用户 li 已启用"),
                       (["logout", "li"], "已结束用户 li 的 0 个会话"),
                       (["logout", "li", "--lang", "en"], "0 session(s) of li ended")):
        result = runner.invoke(user_command, [*args, "--db", db])
        assert result.exit_code == 0 and said in result.output, result.output
    listed = runner.invoke(user_command, ["list", "--db", db])
    assert "li\treviewer\t-" in listed.output
    unknown = runner.invoke(user_command, ["disable", "nobody", "--db", db])
    assert unknown.exit_code == 2 and "no user nobody" in unknown.output
    runner.invoke(facility_command, ["add", "F-1", "--name", "馆", "--db", db])
    assigned = runner.invoke(facility_command, ["assign", "F-1", "--user", "li", "--team", "东区",
                                                "--db", db])
    assert "设施 F-1：已分配给 小组 东区，用户 li" in assigned.output
    with open_store(db) as store:
        actors = {c.actor for c in store.history()}
        assert store.facility_codes_for("li", None) == {"F-1"}
    assert all(actor.startswith("cli:") for actor in actors)


def test_ending_a_users_logins_is_in_the_change_log(server: FieldServer, field_store: Store):
    adam = logged_in(server, "adam")
    adam.post("/admin/users", {"name": "lost.phone", "role": "inspector", "password": PASSWORD})
    logged_in(server, "lost.phone")
    assert adam.post("/admin/users/lost.phone/logout", {}).status == 303
    ended = [c for c in field_store.history(account="lost.phone") if c.action == "logout"]
    assert [(c.actor, c.subject, c.new) for c in ended] == [("adam", "user", {"sessions": 1})]
    page = adam.get("/admin/users/lost.phone").text
    assert "已结束用户 lost.phone 的全部登录（1 个会话）" in page
