"""``wenzheng users …`` against the real database (both backends): add, list, token, revoke, passwd, disable."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from monitor import cli
from monitor.access.sessions import session_user, start_session
from monitor.access.users import authenticate, get_user, user_for_token
from monitor.store.models import ApiToken

from conftest import Database

cli._register_all()
runner = CliRunner()


def users(db: Database, config_dir: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    r = runner.invoke(cli.app, ["users", *args, "-c", str(config_dir / "wenzheng.toml")], input=stdin,
                      env={"WENZHENG_DATABASE_URL": db.url})
    return r.exit_code, r.stdout, r.stderr


def test_users_lifecycle(db: Database, config_dir: Path) -> None:
    code, out, _ = users(db, config_dir, "add", "lizk", "--role", "operator", stdin="long-password-1\n")
    assert code == 0 and "已创建用户 lizk（值班员）" in out
    code, out, _ = users(db, config_dir, "add", "fhbj", "--role", "member", "--account", "xingqing",
                         "--subtree", stdin="long-password-2\n")
    assert code == 0 and "xingqing及下级" in out
    for args, stdin, words in [
        (("add", "lizk", "--role", "operator"), "long-password-1\n", "already exists"),
        (("add", "x", "--role", "boss"), "long-password-1\n", "unknown role 'boss'"),
        (("add", "x", "--role", "member"), "long-password-1\n", "needs --account"),
        (("add", "x", "--role", "member", "--account", "nowhere"), "long-password-1\n", "unknown account"),
        (("add", "x", "--role", "viewer", "--account", "xingqing"), "long-password-1\n", "for members"),
        (("add", "x", "--role", "viewer"), "short\n", "at least 8 characters"),
        (("add", "x", "--role", "viewer"), "", "no password on standard input"),
        (("add", "a b", "--role", "viewer"), "long-password-1\n", "no spaces"),
        (("token", "nobody"), None, "no user named 'nobody'"),
    ]:
        code, _, err = users(db, config_dir, *args, stdin=stdin)
        assert code == 2 and words in err, (args, err)

    code, token, _ = users(db, config_dir, "token", "lizk")
    token = token.strip()
    assert code == 0 and token.startswith("wz_")
    with db.sessions.begin() as s:
        assert user_for_token(s, token).name == "lizk"  # type: ignore[union-attr]
        assert s.scalar(select(ApiToken.token_hash)) != token  # only a hash is stored
        session_id = start_session(s, get_user(s, "lizk"))
    code, out, _ = users(db, config_dir, "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["lizk"]["tokens"] == 1 and rows["fhbj"]["account_name"] == "兴庆区" and rows["fhbj"]["subtree"]
    code, out, _ = users(db, config_dir, "list")
    assert "值班员" in out and "兴庆区及下级" in out and "全部" in out

    code, out, _ = users(db, config_dir, "passwd", "lizk", stdin="another-password\n")
    assert code == 0
    with db.sessions.begin() as s:
        assert authenticate(s, "lizk", "long-password-1") is None
        assert authenticate(s, "lizk", "another-password") is not None
        assert session_user(s, session_id) is None  # a new password ends the console sessions
        assert user_for_token(s, token) is not None  # …but not the API tokens
    code, out, _ = users(db, config_dir, "revoke", "lizk")
    assert code == 0 and "1 个" in out
    with db.sessions.begin() as s:
        assert user_for_token(s, token) is None

    code, token2, _ = users(db, config_dir, "token", "fhbj")
    code, out, _ = users(db, config_dir, "disable", "fhbj")
    assert code == 0
    with db.sessions.begin() as s:
        assert authenticate(s, "fhbj", "long-password-2") is None
        assert user_for_token(s, token2.strip()) is None
    code, _, err = users(db, config_dir, "disable", "fhbj")
    assert code == 2 and "already disabled" in err
    code, out, _ = users(db, config_dir, "list")
    assert "已停用" in out
