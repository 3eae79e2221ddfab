"""Core commands: ``db upgrade``, ``ingest``, ``cases``, ``sources``, ``run``, ``demo``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from adapters import registry
from monitor.cli import ConfigOption
from monitor.cli.common import clip, err, fail, plain, print_json, safe_line
from monitor.core.config import DEFAULT_CONFIG
from monitor.core.types import Item
from monitor.classify.risk import describe
from monitor.store.context import open_app

out = Console(soft_wrap=True)
_fail = fail
_print_json = print_json


def show_iso(value: str | None) -> str:
    """An ISO time the views give (already +08:00) as people read it: 2026-03-02 09:30."""
    return value[:16].replace("T", " ") if value else "-"


def register(app: typer.Typer) -> None:  # noqa: C901 - a flat list of thin commands
    db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
    cases_app = typer.Typer(help="List and inspect cases.", no_args_is_help=True)
    app.add_typer(db_app, name="db")
    app.add_typer(cases_app, name="cases")

    @db_app.command("upgrade")
    def db_upgrade(config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Bring the database schema up to date (every command also does this first)."""
        from monitor.store.db import current_revision

        ctx = open_app(config)
        out.print(f"database at revision {current_revision(ctx.engine)}")
        ctx.close()

    @app.command("ingest")
    def ingest(
        file: Annotated[Path, typer.Argument(help="JSON Lines of raw platform objects, or one API envelope")],
        adapter: Annotated[str, typer.Option(help="which platform's format the file holds")] = "weibo",
        channel: Annotated[str | None, typer.Option(help="channel name recorded on new cases")] = None,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Replay or backfill a file of raw items through the same pipeline as live polling."""
        from monitor.intake.replay import ReplayProblems, read_items
        from monitor.runtime.stages import build_pipeline

        if not file.is_file():
            _fail(f"{file}: no such file")
        module = registry.load(adapter)
        parse = getattr(module, "parse_payload", None)
        if parse is None:
            _fail(f"adapter {adapter!r} cannot read raw files")
        ctx = open_app(config)
        pipeline = build_pipeline(ctx)
        limits = ctx.config.settings.intake
        problems = ReplayProblems()

        def where(item: Item) -> str:
            line = problems.line_of(item.platform, item.external_id)
            return f"{file.name}:{line}" if line else file.name

        with Progress(TextColumn("ingest"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                      console=err, transient=False) as bar:
            task = bar.add_task("ingest", total=file.stat().st_size)
            items = read_items(file, parse, problems, progress=lambda n: bar.advance(task, n),
                               limits=limits)
            report = pipeline.ingest(items, source_name=None, channel=channel or f"{adapter}-import",
                                     adapter=adapter, where=where)
            bar.update(task, completed=file.stat().st_size)
        for lineno, reason in problems.bad:
            err.print(f"{file}:{lineno}: skipped: {safe_line(reason, 500)}", highlight=False, markup=False)
        for r in report.rejects:
            line = problems.line_of(r.platform, r.external_id)
            err.print(f"{file}:{line or '?'}: set aside (wenzheng deadletters list): {safe_line(r.error, 500)}",
                      highlight=False, markup=False)
        out.print(f"{problems.records} records, {report.seen} items: {report.new} new, "
                  f"{report.duplicates} already known, {report.cases_opened} cases opened, "
                  f"{report.events} events, {len(problems.bad)} bad lines skipped"
                  + (f", {len(report.rejects)} items set aside" if report.rejects else ""))
        ctx.close()
        if problems.bad and report.seen == 0:
            raise typer.Exit(1)

    @cases_app.command("list")
    def cases_list(
        status: Annotated[str | None, typer.Option(help="open, replied, pending_info or closed")] = None,
        limit: Annotated[int, typer.Option(min=0, help="how many, newest first; 0 = all")] = 20,
        account: Annotated[str | None, typer.Option(help="only cases assigned to this account id")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print a JSON array")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """List cases, newest first."""
        from monitor.web.views import list_cases

        ctx = open_app(config, sync=False)
        with ctx.sessions() as s:
            try:
                rows = list_cases(s, status=status, limit=limit, account=account)
            except ValueError as e:
                _fail(str(e), 2)
        ctx.close()
        if as_json:
            _print_json(rows)
            return
        from monitor.web.console.labels import label

        table = Table("案件", "受理时间", "状态", "群众", "类型", "领域", "承办（★主办）", "诉求")
        for r in rows:
            accs = "、".join(("★" if a["role"] == "lead" else "") + a["name"] for a in r["accounts"])
            table.add_row(str(r["id"]), r["received_at"][:16].replace("T", " "),
                          label(r["status"], "status"), plain(r["citizen"] or "-"),
                          label(r["type"], "type"), plain(r["domain"] or "-"), plain(accs or "未分派"),
                          plain(clip(r["text"], 40)))
        out.print(table)

    @cases_app.command("show")
    def cases_show(
        case_id: Annotated[int, typer.Argument(help="case id")],
        as_json: Annotated[bool, typer.Option("--json")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """One case: its thread as the citizen wrote it, and its timeline."""
        from monitor.web.console.display import field_value
        from monitor.web.views import account_names, case_detail

        ctx = open_app(config, sync=False)
        with ctx.sessions() as s:
            detail = case_detail(s, case_id)
            names = account_names(s)
        ctx.close()
        if detail is None:
            _fail(f"no case {case_id}")
        assert detail is not None
        if as_json:
            _print_json(detail)
            return
        from monitor.web.console.labels import label

        def line(text: str) -> None:
            # every line carries text from outside (citizen, names, event data): never markup,
            # never a control character or escape sequence
            out.print(plain(text), highlight=False)

        line(f"案件 #{detail['id']}  {label(detail['status'], 'status')}  渠道 {label(detail['channel'], 'channel')}  "
             f"受理 {show_iso(detail['received_at'])}")
        line(f"群众：{detail['citizen']}   类型：{label(detail['type'], 'type')}   "
             f"领域：{detail['domain'] or '-'} / {detail['subtopic'] or '-'}   "
             f"区域：{detail['region'] or '-'} {detail['street'] or ''}")
        accs = "、".join(f"{a['name']}（{label(a['role'], 'role')}）" for a in detail["accounts"])
        line(f"承办：{accs or '未分派'}")
        line(f"首次响应期限 {show_iso(detail['first_response_due'])}"
             f"（{label(detail['first_response_state'], 'clock')}），"
             f"办结期限 {show_iso(detail['closure_due'])}（{label(detail['closure_state'], 'clock')}）")
        if detail["risk"]:
            out.print(Text(f"风险：{describe(detail['risk'])}", style="red"))
            line(f"风险核实：{detail['risk_review_label']}")
        queue = [q for q in detail.get("queue", []) if not q["resolved_at"]]
        if queue:
            line("督办队列：" + "；".join(f"条目 {q['id']} {label(q['reason'], 'reason')}" for q in queue))
        out.print("\n[bold]对话[/bold]")
        for m in detail["thread"]:
            who = f"{m['author']}" + ("（成员账号）" if m["role"] == "member" else "")
            line(f"  {show_iso(m['at'])}  {who}：{m['text']}")
        if not detail["thread"]:  # an imported case has no platform thread: its text is the appeal
            line(f"  {show_iso(detail['received_at'])}  {detail['citizen']}：{detail['text']}")
        out.print("\n[bold]时间线[/bold]")
        for e in detail["timeline"]:
            # in the console's words (类型 咨询→投诉；账号：银川住建), not the stored codes and ids
            data = "；".join(f"{label(k, 'field')}：{field_value(v, k, names)}" for k, v in e["data"].items()
                            if k != "text" and v not in (None, "", [], {}))
            line(f"  {show_iso(e['at'])}  {label(e['kind'], 'event'):<8} {e['actor']}"
                 + (f"  {data}" if data else ""))

    sources_app = typer.Typer(help="Configured sources: cursors, health, errors.",
                              invoke_without_command=True)
    app.add_typer(sources_app, name="sources")

    @sources_app.callback()
    def sources(
        typer_ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Show each source's state, cursor, last successful poll, lag, items taken and last error.

        Reads only: a source this config names that the daemon has not registered yet shows as
        尚未登记; nothing is added, retired or reset (``run``, ``demo`` and ``db upgrade`` do that).
        """
        if typer_ctx.invoked_subcommand is not None:
            return
        from monitor.web.console.display import cursor_text
        from monitor.web.console.labels import label, lane_label
        from monitor.web.views import sources_status

        ctx = open_app(config, sync=False)
        with ctx.sessions() as s:
            rows = sources_status(s)
        known = {r["name"] for r in rows}
        for cfg in ctx.config.settings.sources:
            if cfg.name not in known:
                rows.append({"name": cfg.name, "adapter": cfg.adapter, "state": "unregistered",
                             "cursor": {}, "last_poll_at": None, "last_success_at": None,
                             "lag_seconds": None, "newest_item_at": None, "items_total": 0,
                             "consecutive_failures": 0, "last_error": None, "last_error_at": None,
                             "retired_at": None, "stalled_since": None, "stall_reason": None,
                             "holder": None, "lease_expires_at": None, "dead_letters": 0, "lanes": []})
        ctx.close()
        if as_json:
            _print_json(rows)
            return
        table = Table("数据源", "适配器", "状态", "轮询守护进程", "最近成功", "延迟", "累计条目",
                      "连续失败", "死信", "最近错误", "游标")
        for r in rows:
            lag = f"{r['lag_seconds']:.0f} 秒" if r["lag_seconds"] is not None else "-"
            table.add_row(r["name"], label(r["adapter"], "adapter"), label(r["state"], "source_state"), r["holder"] or "-",
                          (r["last_success_at"] or "-")[:19].replace("T", " "), lag,
                          str(r["items_total"]), str(r["consecutive_failures"]),
                          str(r["dead_letters"]), plain(clip(r["last_error"] or "-", 60)),
                          cursor_text(r["cursor"]))
        out.print(table)
        for r in rows:  # a source shared by lanes: who polls which of its streams
            if len({lane["holder"] for lane in r["lanes"]}) > 1:
                err.print(f"{r['name']} 分流轮询：" + "；".join(
                    f"{lane_label(lane['lane'])} 由 {lane['holder'] or '（无人）'}" for lane in r["lanes"]),
                          markup=False)
        for r in rows:
            if r["stall_reason"]:
                err.print(f"{r['name']} 停滞：{r['stall_reason']}", markup=False)

    @sources_app.command("reset")
    def sources_reset(name: str, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Drop a source's cursor so it reads its streams afresh (a re-created platform, ids reset)."""
        from monitor.intake.sources import reset_source

        ctx = open_app(config)
        with ctx.sessions.begin() as s:
            try:
                old = reset_source(s, name)
            except LookupError as e:
                _fail(str(e))
        out.print(f"数据源 {name} 的游标已清空（原游标 {clip(json.dumps(old), 80)}）：下次拉取从头读取，"
                  "已收条目不会重复", markup=False, highlight=False)
        ctx.close()

    @sources_app.command("resume")
    def sources_resume(name: str, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Resume a source paused by an authentication failure (after re-authorising it)."""
        from monitor.intake.sources import resume_source

        ctx = open_app(config)
        with ctx.sessions.begin() as s:
            try:
                resume_source(s, name)
            except LookupError as e:
                _fail(str(e))
        out.print(f"source {name} resumed")
        ctx.close()

    @app.command("run")
    def run(config: ConfigOption = DEFAULT_CONFIG,
            port: Annotated[int | None, typer.Option(help="override [daemon].port")] = None) -> None:
        """Run the daemon: poll sources, sweep deadlines, send notifications, serve the console."""
        from monitor.runtime.daemon import run_daemon

        run_daemon(config, port=port)

    @app.command("demo")
    def demo(config: ConfigOption = DEFAULT_CONFIG,
             port: Annotated[int | None, typer.Option(
                 help="console port (default [daemon].port); the mocks take free ports")] = None,
             rate: Annotated[float, typer.Option(help="new citizen appeals per second")] = 0.5,
             time_factor: Annotated[float, typer.Option(help="how much faster than real time members reply")] = 60.0,
             seed: Annotated[int, typer.Option()] = 7) -> None:
        """The daemon plus the mock Weibo platform (with traffic) and mock notification receivers."""
        from monitor.runtime.demo import run_demo

        run_demo(config, port=port, rate=rate, time_factor=time_factor, seed=seed)
