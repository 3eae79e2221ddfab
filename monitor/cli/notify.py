"""Notification, outbox and reply-lint commands: ``notify``, ``outbox``, ``lint``.

Thin wrappers over :mod:`monitor.notify.outbox`, :mod:`adapters.notify` and :mod:`monitor.handling.lint`, the
same code the daemon runs. Secrets are never printed: ``notify config`` shows them masked.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import aiohttp
import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, clip, err, fail, plain, print_json
from monitor.core.config import DEFAULT_CONFIG, Config

out = Console()
_fail = fail
_print_json = print_json


CHANNEL_NAMES = {"wecom": "企业微信", "dingtalk": "钉钉", "email": "电子邮件", "none": "无渠道",
                 "auto": "待展开"}
STATUS_NAMES = {"pending": "待发送", "sent": "已发送", "failed": "失败", "expanded": "已展开"}


def register(app: typer.Typer) -> None:  # noqa: C901 - a flat list of thin commands
    notify_app = typer.Typer(help="Notification channels: test a channel, show the settings.",
                             no_args_is_help=True)
    app.add_typer(notify_app, name="notify")
    outbox_app = typer.Typer(help="The notification outbox: list rows (default) or deliver due ones.",
                             invoke_without_command=True)
    app.add_typer(outbox_app, name="outbox")

    @notify_app.command("test")
    def notify_test(
        channel: Annotated[str, typer.Argument(help="wecom, dingtalk or email")],
        account: Annotated[str | None, typer.Option(help="send to this account's target (default: [default])")] = None,
        message: Annotated[str, typer.Option(help="the text to send")] = "wenzheng 通知测试：如收到本消息，说明通道可用。",
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Send one test message through CHANNEL now (not through the outbox)."""
        from adapters.notify.base import Message, NotifyError
        from adapters.notify.settings import CHANNELS, load_notify
        from monitor.notify.outbox import Outbox

        if channel not in CHANNELS:
            _fail(f"unknown channel {channel!r} (known: {', '.join(CHANNELS)})", 2)
        cfg = Config.load(config)
        settings = load_notify(cfg)
        account_id = account or "(default)"
        if account is not None and account not in cfg.matrix.by_id:
            _fail(f"unknown account {account!r}", 2)

        async def run() -> None:
            async with aiohttp.ClientSession() as http:
                ob = Outbox(settings, http)
                await ob.sender(channel, account)(
                    Message(subject="wenzheng 通知测试", body=message))

        try:
            asyncio.run(run())
        except NotifyError as e:
            _fail(f"{channel} → {account_id}: {e} ({'retryable' if e.retryable else 'not retryable'})")
        out.print(f"{channel} → {account_id}: sent", highlight=False)

    @notify_app.command("config")
    def notify_config(as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Show the notify settings with every secret masked."""
        from adapters.notify.settings import load_notify

        data = load_notify(Config.load(config)).model_dump(mode="json")
        if as_json:
            _print_json(data)
        else:
            out.print_json(json.dumps(data, ensure_ascii=False))

    @outbox_app.callback()
    def outbox_list(
        ctx: typer.Context,
        status: Annotated[str | None, typer.Option(help="pending, sent, failed or expanded")] = None,
        case: Annotated[int | None, typer.Option(help="only this case's notifications")] = None,
        limit: Annotated[int, typer.Option(min=0, help="how many, newest first")] = 50,
        as_json: JsonOption = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """List outbox rows, newest first, with their per-recipient delivery state."""
        if ctx.invoked_subcommand is not None:
            return
        from monitor.store.context import open_app
        from monitor.store.models import Notification
        from monitor.core.timeutil import iso_local, show

        app_ctx = open_app(config, sync=False)
        names = {a.id: a.name for a in app_ctx.matrix.accounts}
        with app_ctx.sessions() as s:
            q = select(Notification).order_by(Notification.id.desc()).limit(limit or None)
            if status:
                q = q.where(Notification.status == status)
            if case is not None:
                q = q.where(Notification.case_id == case)
            rows = list(s.scalars(q))
        app_ctx.close()
        if as_json:
            _print_json([{
                "id": r.id, "case_id": r.case_id, "kind": r.kind, "recipient": r.recipient,
                "accounts": list(r.accounts or [r.recipient]), "destination": r.destination,
                "rank": r.rank, "channel": r.channel, "status": r.status, "urgent": r.urgent, "attempts": r.attempts,
                "subject": r.subject, "created_at": iso_local(r.created_at),
                "not_before": iso_local(r.not_before), "sent_at": iso_local(r.sent_at),
                "last_error": r.last_error, "dedupe_key": r.dedupe_key} for r in rows])
            return
        from monitor.notify.plan import KIND_LABELS

        table = Table("编号", "案件", "类别", "送达账号", "渠道", "状态", "尝试", "最早发送", "已发送",
                      "最近错误")
        for r in rows:
            who = "、".join(names.get(a, a) for a in (r.accounts or [r.recipient]))
            table.add_row(str(r.id), f"#{r.case_id}" if r.case_id else "-",
                          KIND_LABELS.get(r.kind, r.kind) + ("（紧急）" if r.urgent else ""),
                          plain(clip(who, 40)), CHANNEL_NAMES.get(r.channel, r.channel),
                          STATUS_NAMES.get(r.status, r.status), str(r.attempts), show(r.not_before),
                          show(r.sent_at), plain(clip(r.last_error or "", 60)))
        out.print(table)

    @outbox_app.command("deliver")
    def outbox_deliver(as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Run one delivery round now (the daemon does this continuously)."""
        from monitor.store.context import open_app
        from monitor.core.logging import configure_logging
        from monitor.notify.outbox import Outbox
        from monitor.core.timeutil import utcnow

        configure_logging()  # log lines to stderr: --json output stays parseable
        app_ctx = open_app(config)

        async def run() -> dict[str, Any]:
            async with aiohttp.ClientSession() as http:
                ob = Outbox.from_config(app_ctx.config, http)
                return (await ob.deliver_due(app_ctx.sessions, now=utcnow())).as_dict()

        report = asyncio.run(run())
        app_ctx.close()
        if as_json:
            _print_json(report)
            return
        out.print(f"picked {report['picked']}: {report['sent']} sent, {report['retried']} to retry, "
                  f"{report['failed']} failed, {report['deferred']} deferred (rate limit), "
                  f"{report['expanded']} expanded")
        for line in report["errors"]:
            err.print(f"  {line}", highlight=False, markup=False)

    @app.command("lint")
    def lint(
        text: Annotated[str | None, typer.Argument(help="the reply text (or use --file)")] = None,
        file: Annotated[Path | None, typer.Option("--file", "-f", help="read the reply from this file ('-' = stdin)")] = None,
        account: Annotated[str, typer.Option(help="the replying account id (for @-superior checks)")] = "",
        previous: Annotated[list[Path] | None, typer.Option(help="a file with an earlier reply of the account to another case (repeatable)")] = None,
        as_json: JsonOption = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Check a reply against the reply rules; exit status 1 when a rule is broken."""
        from monitor.handling.lint import ReplyLinter

        if (text is None) == (file is None):
            _fail("give the reply as TEXT or with --file, not both", 2)
        if file is not None:
            if str(file) == "-":
                text = sys.stdin.read()
            elif not file.is_file():
                _fail(f"{file}: no such file", 2)
            else:
                text = file.read_text(encoding="utf-8")
        cfg = Config.load(config)
        if account and account not in cfg.matrix.by_id:
            _fail(f"unknown account {account!r}", 2)
        prev = []
        for p in previous or []:
            if not p.is_file():
                _fail(f"{p}: no such file", 2)
            prev.append(p.read_text(encoding="utf-8"))
        linter = ReplyLinter.from_config(cfg)
        violations = linter.check(text or "", account_id=account, previous=prev)
        if as_json:
            _print_json([v.as_data() for v in violations])
        elif not violations:
            out.print("clean: no reply rule broken")
        else:
            for v in violations:
                score = f" ({v.score:.2f})" if v.score is not None else ""
                out.print(plain(f"{v.rule}", style="red") + plain(f"{score}: " + "; ".join(v.evidence)))
        if violations:
            raise typer.Exit(1)
