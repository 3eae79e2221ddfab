"""``wenzheng deadletters list|show|retry|drop``: what could not be stored, and what to do with it.

An item lands here when it could not be stored (a value out of bounds, an object the adapter
could not read, a database refusal): its stream went on without it. Fix the cause (raise a limit
in ``[intake]``, upgrade wenzheng), then ``retry``; or ``drop`` it, which keeps the row as a record.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from adapters import registry
from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, fail, plain, print_json, safe_line
from monitor.core.config import DEFAULT_CONFIG
from monitor.core.timeutil import iso_local, show
from monitor.store.context import open_app
from monitor.store.models import DeadLetter

out = Console(soft_wrap=True, highlight=False)

STAGE = {"parse": "无法解析", "check": "超出限制", "store": "入库失败"}
RESOLUTION = {"retried": "已重新入库", "dropped": "已放弃", None: "待处理"}


def _row(d: DeadLetter) -> dict[str, Any]:
    return {"id": d.id, "source": d.source, "adapter": d.adapter, "channel": d.channel,
            "platform": d.platform, "external_id": d.external_id, "origin": d.origin,
            "stage": d.stage, "error": d.error, "raw_size": d.raw_size, "raw_kept": len(d.raw),
            "first_seen_at": iso_local(d.first_seen_at), "last_seen_at": iso_local(d.last_seen_at),
            "attempts": d.attempts, "resolved_at": iso_local(d.resolved_at), "resolution": d.resolution}


def _parser(adapter: str) -> Any:
    module = registry.load(adapter)
    parse = getattr(module, "parse_payload", None)
    if parse is None:
        raise LookupError(f"adapter {adapter!r} cannot read raw objects")
    return parse


def register(app: typer.Typer) -> None:
    dl_app = typer.Typer(help="Items that could not be stored: list, show, retry, drop.",
                         no_args_is_help=True)
    app.add_typer(dl_app, name="deadletters")

    @dl_app.command("list")
    def dl_list(
        source: Annotated[str | None, typer.Option(help="only this source")] = None,
        include_all: Annotated[bool, typer.Option("--all", help="resolved ones too")] = False,
        limit: Annotated[int, typer.Option(min=1, max=10_000, help="how many, newest first")] = 50,
        as_json: JsonOption = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Dead letters, most recently seen first (open ones only unless --all)."""
        from monitor.intake import deadletters

        ctx = open_app(config, sync=False)  # reads only
        with ctx.sessions() as s:
            rows = [_row(d) for d in deadletters.list_rows(s, source=source, include_resolved=include_all,
                                                           limit=limit)]
        ctx.close()
        if as_json:
            print_json(rows)
            return
        if not rows:
            out.print("没有死信。" if not include_all else "没有任何死信记录。")
            return
        table = Table("编号", "来源", "条目", "阶段", "原因", "首次（北京时间）", "最近（北京时间）",
                      "次数", "状态")
        for r in rows:
            table.add_row(str(r["id"]), plain(r["source"] or "文件导入"),
                          plain(f"{r['platform'] or '-'} {r['external_id'] or '（无编号）'}"),
                          STAGE.get(r["stage"], r["stage"]), plain(r["error"], 60),
                          show(_at(r["first_seen_at"])), show(_at(r["last_seen_at"])),
                          str(r["attempts"]), RESOLUTION.get(r["resolution"], r["resolution"]))
        out.print(table)

    @dl_app.command("show")
    def dl_show(
        dead_id: Annotated[int, typer.Argument(help="dead letter number (from list)")],
        as_json: JsonOption = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """One dead letter: where it came from, why, and the raw object as received."""
        from monitor.intake.deadletters import decode_raw

        ctx = open_app(config, sync=False)  # reads only
        with ctx.sessions() as s:
            d = s.get(DeadLetter, dead_id) if 0 < dead_id < 2**31 else None
            row = _row(d) if d is not None else None
            raw = bytes(d.raw) if d is not None else b""
        ctx.close()
        if row is None:
            fail(f"no dead letter {dead_id}")
        value = decode_raw(raw)
        if as_json:
            print_json({**row, "raw": value})
            return
        out.print(plain(f"死信 #{row['id']}  {RESOLUTION.get(row['resolution'], row['resolution'])}", style="bold"))
        for label, v in (("来源", row["source"] or "文件导入"), ("适配器", row["adapter"]),
                         ("渠道", row["channel"] or "-"), ("出处", row["origin"] or "-"),
                         ("条目", f"{row['platform'] or '-'} {row['external_id'] or '（无编号）'}"),
                         ("阶段", STAGE.get(row["stage"], row["stage"])), ("原因", row["error"]),
                         ("首次", show(_at(row["first_seen_at"]))), ("最近", show(_at(row["last_seen_at"]))),
                         ("次数", row["attempts"])):
            out.print(plain(f"{label}：{safe_line(v)}"))
        kept = f"{row['raw_kept']:,} 字节" + (f"（原有 {row['raw_size']:,} 字节，只保留了开头）"
                                             if row["raw_size"] > row["raw_kept"] else "")
        out.print(plain(f"原始内容（{kept}）：", style="bold"))
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2)
        for line in text.splitlines()[:200]:
            out.print(plain(line, 400))

    @dl_app.command("retry")
    def dl_retry(
        ids: Annotated[list[int] | None, typer.Argument(help="dead letter numbers")] = None,
        every: Annotated[bool, typer.Option("--all", help="every open dead letter (of --source)")] = False,
        source: Annotated[str | None, typer.Option(help="with --all: only this source")] = None,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Parse and store again (after the cause is fixed); what fails again stays, attempts + 1."""
        from monitor.intake import deadletters
        from monitor.runtime.stages import build_pipeline

        rows = _pick(config, ids, every, source)
        ctx = open_app(config)
        pipeline = build_pipeline(ctx)
        outcomes = deadletters.retry(pipeline, rows, _parser)
        ctx.close()
        failed = 0
        for o in outcomes:
            if o.stored:
                out.print(plain(f"#{o.id}: 已入库（新增 {o.new} 条）"))
            else:
                failed += 1
                out.print(plain(f"#{o.id}: 仍然失败：{safe_line(o.error, 300)}", style="red"))
        out.print(f"重试 {len(outcomes)} 条：成功 {len(outcomes) - failed} 条，仍失败 {failed} 条")
        if failed:
            raise typer.Exit(1)

    @dl_app.command("drop")
    def dl_drop(
        ids: Annotated[list[int] | None, typer.Argument(help="dead letter numbers")] = None,
        every: Annotated[bool, typer.Option("--all", help="every open dead letter (of --source)")] = False,
        source: Annotated[str | None, typer.Option(help="with --all: only this source")] = None,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Give up on dead letters: they stop counting in /healthz but stay on record (list --all)."""
        from monitor.intake import deadletters

        ctx = open_app(config)
        with ctx.sessions.begin() as s:
            try:
                rows = deadletters.pick(s, _ids(ids, every), every=every, source=source)
            except LookupError as err:
                fail(str(err))
            n = deadletters.drop(s, rows)
        ctx.close()
        out.print(f"已放弃 {n} 条死信（记录保留，可用 list --all 查看）")


def _ids(ids: list[int] | None, every: bool) -> list[int]:
    if every and ids:
        fail("give dead letter numbers or --all, not both", 2)
    if not every and not ids:
        fail("give dead letter numbers (see `wenzheng deadletters list`) or --all", 2)
    for i in ids or []:
        if not 0 < i < 2**31:
            fail(f"no dead letter {i}")
    return list(ids or [])


def _pick(config: Any, ids: list[int] | None, every: bool, source: str | None) -> list[int]:
    from monitor.intake import deadletters

    ctx = open_app(config, sync=False)
    with ctx.sessions() as s:
        try:
            rows = deadletters.pick(s, _ids(ids, every), every=every, source=source)
        except LookupError as err:
            fail(str(err))
        picked = [d.id for d in rows]
    ctx.close()
    return picked


def _at(iso: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(iso) if iso else None
