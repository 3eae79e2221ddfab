"""``wenzheng users …``: console and API accounts (add, list, disable, passwd, token, revoke).

Passwords never go on the command line (they would stay in the shell history and in ``ps``): on a
terminal they are prompted twice, hidden; otherwise the first line of standard input is the
password, so a provisioning script can pipe one in. The rules are in :mod:`monitor.access.users`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from monitor.access.users import (
    ROLE_LABELS,
    ROLES,
    AccessError,
    add_user,
    disable_user,
    issue_token,
    list_users,
    revoke_tokens,
    set_password,
)
from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, fail, print_json
from monitor.core.config import DEFAULT_CONFIG
from monitor.store.context import open_app

out = Console(soft_wrap=True)
T = TypeVar("T")
NameArg = Annotated[str, typer.Argument(help="user name (what they type to sign in)")]


def read_password(prompt: str = "密码") -> str:
    """Twice on a terminal (hidden); else the first line of stdin."""
    if sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line.strip():
        fail("no password on standard input (pipe one line, or run on a terminal to be prompted)", 2)
    return line.rstrip("\r\n")


def register(app: typer.Typer) -> None:  # noqa: C901 - a flat list of thin commands
    users_app = typer.Typer(help="Console and API users: roles, passwords, API tokens.",
                            no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @users_app.command("add")
    def add(name: NameArg,
            role: Annotated[str, typer.Option(help=f"one of: {', '.join(ROLES)}")],
            account: Annotated[str | None, typer.Option(
                help="member only: the member account id the user works for")] = None,
            subtree: Annotated[bool, typer.Option(
                "--subtree", help="member only: also every account below it")] = False,
            config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Create a user; the password is prompted (or read from stdin)."""
        ctx = open_app(config)
        try:
            password = read_password()
            with ctx.sessions.begin() as s:
                user = add_user(s, name, role, password, account_id=account, subtree=subtree)
                label = ROLE_LABELS[user.role]
        except AccessError as err:
            fail(str(err), 2)
        finally:
            ctx.close()
        scope = f"，账号 {account}{'及下级' if subtree else ''}" if account else ""
        out.print(f"已创建用户 {name}（{label}{scope}）", highlight=False)

    @users_app.command("list")
    def list_(as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Every user: role, account, state, live API tokens."""
        ctx = open_app(config)
        try:
            with ctx.sessions() as s:
                rows = list_users(s)
        finally:
            ctx.close()
        if as_json:
            print_json(rows)
            return
        if not rows:
            out.print("还没有用户：wenzheng users add NAME --role operator")
            return
        table = Table("用户", "角色", "账号", "状态", "API 令牌", "创建于")
        for r in rows:
            account = (r["account_name"] or r["account"] or "") + ("及下级" if r["subtree"] else "")
            state = f"已停用（{r['disabled_at'][:16].replace('T', ' ')}）" if r["disabled_at"] else "正常"
            table.add_row(r["name"], r["role_label"], account or "全部", state, str(r["tokens"]),
                          r["created_at"][:16].replace("T", " "))
        out.print(table)

    def _run(config: Path, fn: Callable[[Session, str], T], name: str) -> T:
        """``fn(session, name)`` in one transaction; an :class:`AccessError` is a clean exit 2."""
        ctx = open_app(config)
        try:
            with ctx.sessions.begin() as s:
                return fn(s, name)
        except AccessError as err:
            fail(str(err), 2)
        finally:
            ctx.close()

    @users_app.command("disable")
    def disable(name: NameArg, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Stop a user: no login, sessions ended, API tokens revoked (history stays)."""
        _run(config, disable_user, name)
        out.print(f"已停用用户：{name}", highlight=False)

    @users_app.command("passwd")
    def passwd(name: NameArg, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Set a new password (prompted, or read from stdin); ends the user's console sessions."""
        password = read_password("新密码")
        _run(config, lambda s, n: set_password(s, n, password), name)
        out.print(f"已更新密码：{name}", highlight=False)

    @users_app.command("token")
    def token(name: NameArg, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Print a new API token for the user (shown once; only its hash is stored)."""
        sys.stdout.write(_run(config, issue_token, name) + "\n")

    @users_app.command("revoke")
    def revoke(name: NameArg, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Revoke every API token of the user."""
        n = _run(config, revoke_tokens, name)
        out.print(f"已吊销 {name} 的 {n} 个 API 令牌", highlight=False)
