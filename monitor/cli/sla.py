"""SLA, queue and case-action commands: ``sla deadlines``, ``queue``, ``case <action> ID``.

Thin wrappers: the work is in :mod:`monitor.sla`, :mod:`monitor.handling.queue` and :mod:`monitor.handling.actions`,
which the daemon and the console API call too. Times are printed in Asia/Shanghai (ISO 8601 with
+08:00); a time typed without an offset is read as Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
import getpass
import inspect
import os
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, err, fail, plain, print_json
from monitor.core.config import DEFAULT_CONFIG, Config
from monitor.core.timeutil import iso_local, parse_iso, show, utcnow
from monitor.core.types import Actor

out = Console()

ActorOption = Annotated[
    str | None,
    typer.Option("--as", envvar="WENZHENG_AS",
                 help="act as this wenzheng user (wenzheng users list); default: your login, as cli:<login>"),
]
CaseId = Annotated[int, typer.Argument(help="case id")]
AccountOpt = Annotated[str, typer.Option("--account", help="member account id")]
ReasonOption = Annotated[str, typer.Option(help="why (kept on the timeline)")]


_fail = fail
_print_json = print_json


def _time(text: str, option: str) -> dt.datetime:
    try:
        return parse_iso(text)
    except ValueError:
        _fail(f"{option}: not an ISO 8601 time: {text!r} (e.g. 2026-02-13T20:00 or "
              "2026-02-13T20:00+08:00)", 2)
        raise  # unreachable: _fail exits


def _actor(name: str | None) -> str | None:
    """The ``--as`` user name, resolved against the users table inside the action's transaction."""
    return name.strip() if name and name.strip() else None


def _os_login() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"cli:{os.getuid()}" if hasattr(os, "getuid") else "cli"


def _linter(config: Any) -> Any:
    """The reply rules, so an operator's reply is checked like a polled one."""
    from monitor.handling.lint import ReplyLinter

    return ReplyLinter.from_config(Config.load(config))


def resolve_actor(session: Any, name: str | None, case_id: int | None, matrix: Any,
                  action: str | None = None, arguments: dict[str, Any] | None = None) -> Actor:
    """``--as NAME``: that user (enabled, and for a member only on a case in its scope); else the OS login.

    ``case_id=None`` is an action over many accounts' cases (a cluster): only a user who sees the
    whole matrix may take it. ``action`` (the API's name, e.g. ``dismiss-risk``) with its
    ``arguments``: the user's role must allow it exactly as the API's (a member only its own
    accounts' actions, :func:`~monitor.web.console.dispatch.check_allowed`), so ``--as`` never
    lets a member do on the command line what the console refuses them.
    """
    from monitor.access import AccessError, principal_for
    from monitor.access.users import get_user

    if name is None:
        return Actor(_os_login())
    try:
        user = get_user(session, name)
    except AccessError as e:
        _fail(str(e), 2)
    if user.disabled_at is not None:
        _fail(f"用户“{name}”已停用", 2)
    me = principal_for(session, user, matrix)
    if case_id is None:
        if not me.whole_matrix:
            _fail(f"用户“{name}”不能办理聚集（聚集跨越其他单位的案件）", 2)
    elif not me.sees_cases or not me.sees_case(session, case_id):
        _fail(f"用户“{name}”不能办理案件#{case_id}（不在其单位范围内）", 2)
    if action is not None:
        from monitor.web.console.dispatch import Forbidden, check_allowed

        try:
            check_allowed(me, action, arguments or {})
        except Forbidden as e:
            _fail(f"用户“{name}”：{e}", 2)
    return me.actor


def register(app: typer.Typer) -> None:  # noqa: C901 - a flat list of thin commands
    sla_app = typer.Typer(help="Response windows on China's working calendar.", no_args_is_help=True)
    case_app = typer.Typer(help="Operator actions on one case (each is recorded on its timeline).",
                           no_args_is_help=True)
    app.add_typer(sla_app, name="sla")
    app.add_typer(case_app, name="case")

    @sla_app.command("deadlines")
    def deadlines(
        received: Annotated[str, typer.Option("--received", help="when the case arrived (ISO 8601)")],
        case_type: Annotated[str | None, typer.Option(
            "--type", help="consult, complaint, suggestion, report, help or other")] = None,
        as_json: JsonOption = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Print the day kind and the first-response and closure due times for a receipt time."""
        from monitor.sla import SlaEngine
        from monitor.core.labels import CASE_TYPES

        if case_type is not None and case_type not in CASE_TYPES:
            _fail(f"--type: unknown case type {case_type!r} (known: {', '.join(CASE_TYPES)})", 2)
        at = _time(received, "--received")
        engine = SlaEngine.from_config(Config.load(config))
        d = engine.deadlines(at, case_type)
        data = {
            "received": iso_local(d.received), "type": case_type, "day_kind": d.day_kind,
            "first_response_due": iso_local(d.first_response_due),
            "closure_due": iso_local(d.closure_due), "closure_workdays": d.closure_workdays,
            "calendar_covered": d.calendar_covered,
        }
        if as_json:
            _print_json(data)
            return
        for key, value in data.items():
            out.print(f"{key:<20} {value if value is not None else '-'}", highlight=False)
        if not d.calendar_covered:
            err.print(f"[yellow]warning:[/yellow] no official working calendar for "
                      f"{d.received.year}: Monday–Friday assumed", highlight=False)

    @app.command("queue")
    def queue(
        as_json: JsonOption = False,
        include_all: Annotated[bool, typer.Option("--all", help="include resolved entries")] = False,
        limit: Annotated[int, typer.Option(min=0, help="at most this many, most urgent first (0 = all)")] = 50,
        reasons: Annotated[bool, typer.Option(
            "--reasons", help="list the queue's reasons: what opens and what clears each")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """The escalation queue, most urgent first: why each case needs a person, since when."""
        from monitor.store.context import open_app
        from monitor.handling.queue import REASONS, count_open, list_entries

        if reasons:
            if as_json:
                _print_json([{"reason": r.code, "label": r.label, "priority": r.priority,
                              "opens": r.opens, "resolves": r.resolves} for r in REASONS.values()])
                return
            table = Table("原因", "优先级", "何时产生", "何时自动解除")
            for r in sorted(REASONS.values(), key=lambda r: r.priority):
                table.add_row(r.label, str(r.priority), r.opens, r.resolves)
            out.print(table)
            out.print("任何条目都可由操作员处理：wenzheng case ack 案件号 --entry 条目 --note \"处理说明\"；"
                      "办结或合并清除全部条目，重新打开时恢复仍然成立的条目。", markup=False, highlight=False)
            return

        ctx = open_app(config, sync=False)
        try:
            with ctx.sessions() as s:
                rows = list_entries(s, include_resolved=include_all, limit=limit or None)
                open_count = count_open(s)
            names = {a.id: a.name for a in ctx.matrix.accounts}
        finally:
            ctx.close()
        if as_json:
            _print_json([r.as_json(names) for r in rows])
            return
        if not rows:
            out.print("督办队列为空：没有需要人工处理的案件")
            return
        table = Table()
        for name in ("条目", "案件", "原因", "自"):
            table.add_column(name, no_wrap=True)
        table.add_column("承办")
        table.add_column("诉求")
        if include_all:
            table.add_column("解除", no_wrap=True)
        for r in rows:
            cells: list[Any] = [str(r.id), f"#{r.case_id}", r.label, show(r.since),
                                plain("、".join(names.get(a, a) for a in r.accounts) or "未分派"),
                                plain(r.text, 80)]
            if include_all:
                cells.append(show(r.resolved_at))
            table.add_row(*cells)
        out.print(table)
        if limit and len(rows) == limit:
            err.print(f"只列出最紧急的 {limit} 条（未解除共 {open_count} 条）；--limit 0 列出全部",
                      highlight=False, markup=False)
        out.print("处理一条：wenzheng case ack 案件号 --entry 条目 --note \"处理说明\"", highlight=False,
                  markup=False)

    def run_action(name: str, action: Callable[..., Any], case_id: int, config: Any, as_json: bool,
                   **kwargs: Any) -> None:
        """Take ``action`` (the API's action ``name``: claim, dismiss-risk…, the command's own
        name) on a case as ``--as`` or the OS login, and print what it recorded."""
        from monitor.handling.actions import ActionError
        from monitor.store.context import open_app
        from monitor.sla import SlaEngine

        ctx = open_app(config)
        engine = SlaEngine.from_config(ctx.config)
        as_name = kwargs.pop("actor", None)
        if "matrix" in inspect.signature(action).parameters:  # whom its alerts go to (confirm-risk)
            kwargs["matrix"] = ctx.matrix  # the matrix this app opened, never a second load
        try:
            with ctx.sessions.begin() as s:
                actor = resolve_actor(s, as_name, case_id, ctx.matrix, action=name,
                                      arguments=kwargs)
                result = action(s, case_id, engine=engine, now=utcnow(), actor=actor, **kwargs)
                st, case = result.state, result.case
                summary = {
                    "case_id": case.id, "event": result.event.kind, "event_id": result.event.id,
                    "status": case.status,
                    "first_response_due": iso_local(st.first_response_due),
                    "first_response_state": st.first_response_state,
                    "closure_due": iso_local(st.closure_due), "closure_state": st.closure_state,
                }
        except ActionError as e:
            _fail(str(e))
        finally:
            ctx.close()
        if as_json:
            _print_json(summary)
            return
        from monitor.web.console.labels import label

        out.print(f"案件#{summary['case_id']}：已记录「{label(summary['event'], 'event')}」；"
                  f"状态 {label(summary['status'], 'status')}；"
                  f"首次响应 {label(summary['first_response_state'], 'clock')}；"
                  f"办结 {label(summary['closure_state'], 'clock')}（期限 {show(st.closure_due)}）",
                  highlight=False, markup=False)

    @case_app.command("new")
    def case_new(
        channel: Annotated[str, typer.Option("--channel", help="phone (来电) or visit (来访)")],
        text: Annotated[str, typer.Option("--text", help="what the citizen asked for, in their words")],
        citizen: Annotated[str, typer.Option(help="the citizen's name as given")] = "",
        phone: Annotated[str, typer.Option(help="call-back number (stored masked)")] = "",
        at: Annotated[str | None, typer.Option(help="when they called or came (default now; +08:00 if no offset)")] = None,
        account: Annotated[str, typer.Option(help="member account to handle it (default: routing rules)")] = "",
        actor: ActorOption = None, as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """A phone or walk-in appeal typed in: classified, routed and clocked like any other case."""
        from monitor.intake.manual import CHANNELS, Entry, EntryError, open_case
        from monitor.runtime.stages import build_pipeline
        from monitor.store.context import open_app
        from monitor.web.views import case_detail

        when = _time(at, "--at") if at else None
        entry = Entry(channel=channel, text=text, citizen=citizen, phone=phone, at=when,
                      account=account, actor=_actor(actor) or _os_login())
        ctx = open_app(config)
        try:
            case_id = open_case(build_pipeline(ctx), entry, now=utcnow())
            with ctx.sessions() as s:
                detail = case_detail(s, case_id)
        except EntryError as e:
            _fail(str(e), 2)
        finally:
            ctx.close()
        assert detail is not None
        if as_json:
            _print_json(detail)
            return
        lead = next((a["name"] for a in detail["accounts"] if a["role"] == "lead"), "未分派")
        out.print(f"案件 #{case_id} 已受理（{CHANNELS[channel]}）：承办 {lead}；首次响应期限 "
                  f"{show(parse_iso(detail['first_response_due'])) if detail['first_response_due'] else '-'}",
                  highlight=False)

    @case_app.command("claim")
    def claim(case_id: CaseId, account: AccountOpt, actor: ActorOption = None,
              as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """认领: a member account takes an unclaimed case as lead."""
        from monitor.handling.actions import claim as act
        run_action("claim", act, case_id, config, as_json, account_id=account, actor=_actor(actor))

    @case_app.command("assign")
    def assign(case_id: CaseId, account: AccountOpt,
               reason: ReasonOption = "",
               actor: ActorOption = None, as_json: JsonOption = False,
               config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Assign or reassign the lead handler (the clocks keep running)."""
        from monitor.handling.actions import assign as act
        run_action("assign", act, case_id, config, as_json, account_id=account, reason=reason,
                   actor=_actor(actor))

    @case_app.command("co-handler")
    def co_handler(case_id: CaseId, account: AccountOpt,
                   reason: ReasonOption = "",
                   actor: ActorOption = None, as_json: JsonOption = False,
                   config: ConfigOption = DEFAULT_CONFIG) -> None:
        """联合办理: add a co-handler."""
        from monitor.handling.actions import add_co_handler as act
        run_action("co-handler", act, case_id, config, as_json, account_id=account, reason=reason,
                   actor=_actor(actor))

    @case_app.command("reply")
    def reply(case_id: CaseId, account: AccountOpt,
              text: Annotated[str, typer.Option("--text", help="the reply as posted")],
              no_post: Annotated[bool, typer.Option(
                  "--no-post", help="record a reply already made on the platform")] = False,
              at: Annotated[str | None, typer.Option(
                  help="with --no-post: when it was posted (default now)")] = None,
              actor: ActorOption = None, as_json: JsonOption = False,
              config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Reply as a member account: posted through the case's platform (--no-post records one made there)."""
        from monitor.handling.actions import record_reply as act
        if not no_post:
            from monitor.core.config import Config
            from monitor.handling.replying import posting_action

            run_action("reply", posting_action(Config.load(config)), case_id, config, as_json,
                       account_id=account, text=text, actor=_actor(actor), linter=_linter(config))
            return
        when = _time(at, "--at") if at else None
        run_action("reply", act, case_id, config, as_json, account_id=account, text=text, at=when,
                   actor=_actor(actor), linter=_linter(config))

    @case_app.command("extend")
    def extend(case_id: CaseId,
               reason: Annotated[str, typer.Option(help="why more time is needed (required)")],
               days: Annotated[int | None, typer.Option(help="workdays to add")] = None,
               until: Annotated[str | None, typer.Option(
                   help="new deadline (ISO time, or a date = end of that day)")] = None,
               actor: ActorOption = None, as_json: JsonOption = False,
               config: ConfigOption = DEFAULT_CONFIG) -> None:
        """延期: move the closure deadline."""
        from monitor.handling.actions import extend as act
        from monitor.sla.deadlines import DeadlineRules
        from monitor.sla.policy import load_policy
        from monitor.sla.calendar import WorkCalendar

        when = None
        if until:
            if len(until.strip()) == 10:  # a bare date: the end of that day, as closure days end
                try:
                    day = dt.date.fromisoformat(until.strip())
                except ValueError:
                    _fail(f"--until: not a date: {until!r}", 2)
                cfg = Config.load(config)
                when = DeadlineRules(load_policy(cfg.file("sla")), WorkCalendar.from_config(cfg)).end_of(day)
            else:
                when = _time(until, "--until")
        run_action("extend", act, case_id, config, as_json, reason=reason, days=days, until=when,
                   actor=_actor(actor))

    @case_app.command("pending-info")
    def pending_info(case_id: CaseId, note: Annotated[str, typer.Option(help="what was asked")] = "",
                     actor: ActorOption = None, as_json: JsonOption = False,
                     config: ConfigOption = DEFAULT_CONFIG) -> None:
        """待补充: wait for the citizen; the closure clock pauses."""
        from monitor.handling.actions import pending_info as act
        run_action("pending-info", act, case_id, config, as_json, note=note, actor=_actor(actor))

    @case_app.command("info-received")
    def info_received(case_id: CaseId, note: Annotated[str, typer.Option()] = "",
                      actor: ActorOption = None, as_json: JsonOption = False,
                      config: ConfigOption = DEFAULT_CONFIG) -> None:
        """The citizen answered outside the platform: the closure clock runs again."""
        from monitor.handling.actions import info_received as act
        run_action("info-received", act, case_id, config, as_json, note=note, actor=_actor(actor))

    @case_app.command("close")
    def close(case_id: CaseId,
              result: Annotated[str, typer.Option(help="办结结果: what was done (required)")],
              actor: ActorOption = None, as_json: JsonOption = False,
              config: ConfigOption = DEFAULT_CONFIG) -> None:
        """办结: close the case with its result."""
        from monitor.handling.actions import close as act
        run_action("close", act, case_id, config, as_json, result=result, actor=_actor(actor))

    @case_app.command("reopen")
    def reopen(case_id: CaseId, reason: Annotated[str, typer.Option(help="why (required)")],
               actor: ActorOption = None, as_json: JsonOption = False,
               config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Reopen a closed case; it gets a new closure window."""
        from monitor.handling.actions import reopen as act
        run_action("reopen", act, case_id, config, as_json, reason=reason, actor=_actor(actor))

    @case_app.command("merge")
    def merge(case_id: CaseId, into: Annotated[int, typer.Option(help="the case it duplicates")],
              actor: ActorOption = None, as_json: JsonOption = False,
              config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Merge a duplicate into another case (it closes as merged; its items move)."""
        from monitor.handling.actions import merge as act
        run_action("merge", act, case_id, config, as_json, into=into, actor=_actor(actor))

    @case_app.command("ack")
    def ack(case_id: CaseId,
            entry: Annotated[str, typer.Option(
                "--entry", help="the queue entry: its id (wenzheng queue), reason or Chinese label")],
            note: Annotated[str, typer.Option(help="how it was dealt with (required)")],
            actor: ActorOption = None, as_json: JsonOption = False,
            config: ConfigOption = DEFAULT_CONFIG) -> None:
        """确认处理: resolve one queue entry by hand, with a note on the case's timeline."""
        from monitor.handling.actions import ack as act
        run_action("ack", act, case_id, config, as_json, entry=entry, note=note, actor=_actor(actor))

    @case_app.command("confirm-risk")
    def confirm_risk(case_id: CaseId,
                     note: Annotated[str, typer.Option(help="what the check found (kept on the timeline)")] = "",
                     actor: ActorOption = None, as_json: JsonOption = False,
                     config: ConfigOption = DEFAULT_CONFIG) -> None:
        """确认风险: a 疑似 risk checked and real; alerts handlers, their supervisors and the hub."""
        from monitor.handling.actions import confirm_risk as act

        run_action("confirm-risk", act, case_id, config, as_json, note=note, actor=_actor(actor))

    @case_app.command("dismiss-risk")
    def dismiss_risk(case_id: CaseId,
                     note: Annotated[str, typer.Option(help="why it is no risk (required)")],
                     actor: ActorOption = None, as_json: JsonOption = False,
                     config: ConfigOption = DEFAULT_CONFIG) -> None:
        """排除风险: a 疑似 risk checked and not real; its queue entry is acknowledged with the note."""
        from monitor.handling.actions import dismiss_risk as act

        run_action("dismiss-risk", act, case_id, config, as_json, note=note, actor=_actor(actor))

    @case_app.command("resolved-by-platform")
    def resolved_by_platform(case_id: CaseId, note: Annotated[str, typer.Option()] = "",
                             actor: ActorOption = None, as_json: JsonOption = False,
                             config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Close a case the platform (or another channel) already settled."""
        from monitor.handling.actions import resolved_by_platform as act
        run_action("resolved-by-platform", act, case_id, config, as_json, note=note, actor=_actor(actor))

    @case_app.command("reclassify")
    def reclassify(case_id: CaseId,
                   type_: Annotated[str | None, typer.Option("--type", help="咨询/投诉/建议/举报/求助/其他 "
                                                             "(or its code)")] = None,
                   domain: Annotated[str | None, typer.Option(help="one of the office's domains")] = None,
                   region: Annotated[str | None, typer.Option(help="a district (\"\" clears it)")] = None,
                   reroute: Annotated[bool, typer.Option("--reroute", help="route the case again by "
                                                         "the corrected classification")] = False,
                   actor: ActorOption = None, as_json: JsonOption = False,
                   config: ConfigOption = DEFAULT_CONFIG) -> None:
        """改分类: correct type, domain or region (a labelled example for `train --with-corrections`)."""
        from monitor.route.correct import Corrector, reclassify as act

        corrector = Corrector.from_config(Config.load(config))
        run_action("reclassify", act, case_id, config, as_json, corrector=corrector, type=type_, domain=domain,
                   region=region, reroute=reroute, actor=_actor(actor))

    from monitor.cli.clusters import register_case_actions  # imports this module: not at the top

    register_case_actions(case_app)
