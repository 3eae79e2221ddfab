"""Mass-appeal commands: ``clusters list|show|reply|lead`` and ``case cluster|uncluster``.

Thin wrappers over :mod:`monitor.cluster.ops`, which the console calls too.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import aiohttp
import typer
from rich.console import Console
from rich.table import Table

from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, fail, print_json
from monitor.cli.sla import ActorOption, _actor, resolve_actor
from monitor.core.config import DEFAULT_CONFIG
from monitor.core.labels import JOIN_LABELS
from monitor.core.timeutil import parse_iso, utcnow

out = Console(soft_wrap=True)
ClusterId = Annotated[int, typer.Argument(help="cluster id (同类诉求编号)")]


def _when(text: str | None) -> str:
    return (text or "-")[:16].replace("T", " ")


def register(app: typer.Typer) -> None:  # noqa: C901 - a flat list of thin commands
    clusters_app = typer.Typer(help="同类诉求: mass appeals about one problem at one place.",
                               no_args_is_help=True)
    app.add_typer(clusters_app, name="clusters")

    @clusters_app.command("list")
    def clusters_list(
        limit: Annotated[int, typer.Option(help="how many, most recently active first; 0 = all")] = 20,
        min_size: Annotated[int, typer.Option("--min-size", help="only clusters with this many cases")] = 1,
        as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Clusters: size, heat (cases + chasers + reposts), place, problem, lead, first/last seen."""
        from monitor.cluster.ops import list_clusters
        from monitor.store.context import open_app

        ctx = open_app(config, sync=False)  # reads only
        with ctx.sessions() as s:
            rows = list_clusters(s, limit=limit, min_size=min_size)
        ctx.close()
        if as_json:
            print_json(rows)
            return
        table = Table("编号", "件数", "热度", "地点", "问题", "主办", "首次 (北京时间)", "最近 (北京时间)",
                      "突发聚集")
        for r in rows:
            table.add_row(f"#{r['id']}", str(r["size"]), str(r["heat"]), r["place"] or "-",
                          r["problem"] or "-", r["lead_name"] or "-", _when(r["first_seen"]),
                          _when(r["last_seen"]), "是" if r["burst_at"] else "")
        out.print(table)

    @clusters_app.command("show")
    def clusters_show(cluster_id: ClusterId, as_json: JsonOption = False,
                      config: ConfigOption = DEFAULT_CONFIG) -> None:
        """One cluster: its members, and how and how well each joined."""
        from monitor.cluster.ops import cluster_detail
        from monitor.store.context import open_app

        ctx = open_app(config, sync=False)  # reads only
        with ctx.sessions() as s:
            d = cluster_detail(s, cluster_id)
        ctx.close()
        if d is None:
            fail(f"没有编号为 {cluster_id} 的同类诉求")
        assert d is not None
        if as_json:
            print_json(d)
            return
        co = "、".join(c["name"] for c in d["co"]) or "-"
        out.print(f"[bold]同类诉求 #{d['id']}[/bold]  {d['place'] or '-'} · {d['problem'] or '-'}  "
                  f"{d['size']}件  热度{d['heat']}（追问{d['chasers']}，同问{d['reposts']}）", highlight=False)
        out.print(f"主办：{d['lead_name'] or '-'}   协办：{co}   首次 {_when(d['first_seen'])}   "
                  f"最近 {_when(d['last_seen'])}" + ("   [red]突发聚集[/red]" if d["burst_at"] else ""),
                  highlight=False)
        table = Table("案件", "收到 (北京时间)", "群众", "加入方式", "得分", "匹配", "内容")
        how = JOIN_LABELS
        for m in d["members"]:
            j = m["join"]
            matched = "、".join([*j.get("places", []), *j.get("words", []), *j.get("terms", [])])
            table.add_row(f"#{m['id']}", _when(m["received_at"]), m["citizen"],
                          how.get(j.get("how", ""), j.get("how", "-")),
                          f"{j['score']:.2f}" if "score" in j else "-", matched or "-", m["text"][:40])
        out.print(table)

    @clusters_app.command("reply")
    def clusters_reply(
        cluster_id: ClusterId,
        text: Annotated[str, typer.Option("--text", help="the reply, posted in every member's thread")],
        account: Annotated[str | None, typer.Option(help="member account id (default: the cluster's lead)")] = None,
        no_post: Annotated[bool, typer.Option("--no-post", help="record replies made on the platform")] = False,
        at: Annotated[str | None, typer.Option(help="with --no-post: when they were posted")] = None,
        actor: ActorOption = None, as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Reply to the whole cluster: one reply per member's thread, each through its own channel."""
        from monitor.cluster.ops import reply_to_cluster
        from monitor.handling.actions import ActionError, post_reply, record_reply
        from monitor.handling.replying import replier_for
        from monitor.sla import SlaEngine
        from monitor.store.context import open_app
        from monitor.store.models import Case

        ctx = open_app(config)
        engine = SlaEngine.from_config(ctx.config)
        when = parse_iso(at) if at else None

        async def run() -> list[dict[str, Any]]:
            async with aiohttp.ClientSession() as http:
                with ctx.sessions.begin() as s:
                    who = resolve_actor(s, _actor(actor), None, ctx.matrix)

                    async def post(session: Any, case_id: int, account_id: str) -> None:
                        now = utcnow()
                        if no_post:
                            record_reply(session, case_id, account_id=account_id, text=text, actor=who,
                                         now=now, engine=engine, at=when)
                            return
                        case = session.get(Case, case_id)
                        await post_reply(session, case_id, account_id=account_id, text=text,
                                         replier=replier_for(ctx.config, case, http), actor=who,
                                         now=now, engine=engine)

                    return await reply_to_cluster(s, cluster_id, text=text, actor=who,
                                                  account_id=account, post=post)

        try:
            results = asyncio.run(run())
        except ActionError as e:
            fail(str(e))
        finally:
            ctx.close()
        if as_json:
            print_json(results)
        else:
            for r in results:
                out.print(f"案件 #{r['case_id']}：" + ("已回复" if r["ok"] else f"未回复（{r['error']}）"),
                          highlight=False)
        if not any(r["ok"] for r in results):
            raise typer.Exit(1)

    @clusters_app.command("lead")
    def clusters_lead(
        cluster_id: ClusterId,
        account: Annotated[str, typer.Option("--account", help="the lead account id")],
        co: Annotated[list[str] | None, typer.Option("--co", help="a co-handler account id (repeat)")] = None,
        actor: ActorOption = None, config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Decide the cluster's lead and co-handlers: every open member is reassigned to them."""
        from monitor.cluster.ops import set_cluster_handlers
        from monitor.handling.actions import ActionError
        from monitor.store.context import open_app

        ctx = open_app(config)
        try:
            with ctx.sessions.begin() as s:
                set_cluster_handlers(s, cluster_id, lead=account, co=list(co or []),
                                     actor=resolve_actor(s, _actor(actor), None, ctx.matrix), now=utcnow())
        except ActionError as e:
            fail(str(e))
        finally:
            ctx.close()
        out.print(f"同类诉求 #{cluster_id}：主办 {account}", highlight=False)


def register_case_actions(case_app: typer.Typer) -> None:
    """``case cluster ID --into CID`` and ``case uncluster ID`` beside the other case actions."""

    def run(action: Any, case_id: int, config: Any, as_json: bool, as_name: str | None, **kw: Any) -> None:
        from monitor.handling.actions import ActionError
        from monitor.store.context import open_app

        ctx = open_app(config)
        try:
            with ctx.sessions.begin() as s:
                action(s, case_id, now=utcnow(), actor=resolve_actor(s, as_name, None, ctx.matrix), **kw)
                from monitor.store.models import Case
                cid = s.get(Case, case_id).cluster_id  # type: ignore[union-attr]
        except ActionError as e:
            fail(str(e))
        finally:
            ctx.close()
        if as_json:
            print_json({"case_id": case_id, "cluster_id": cid})
        else:
            out.print(f"案件 #{case_id}：" + (f"已归入同类诉求 #{cid}" if cid else "已移出同类诉求"),
                      highlight=False)

    @case_app.command("cluster")
    def cluster(case_id: Annotated[int, typer.Argument(help="case id")],
                into: Annotated[int | None, typer.Option(help="the cluster it belongs to")] = None,
                with_case: Annotated[int | None, typer.Option("--with", help="…or the case it goes with")] = None,
                actor: ActorOption = None, as_json: JsonOption = False,
                config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Put a case into a cluster (it takes the cluster's lead and co-handlers)."""
        from monitor.cluster.ops import cluster_into, cluster_with

        if (into is None) == (with_case is None):
            fail("give exactly one of --into CLUSTER or --with CASE", 2)
        if into is not None:
            run(cluster_into, case_id, config, as_json, _actor(actor), into=into)
        else:
            run(cluster_with, case_id, config, as_json, _actor(actor), other=with_case)

    @case_app.command("uncluster")
    def uncluster(case_id: Annotated[int, typer.Argument(help="case id")], actor: ActorOption = None,
                  merge: Annotated[bool, typer.Option(
                      "--merge", help="undo the merge that brought the case in: every case that came "
                                      "with it goes back to the cluster it came from")] = False,
                  as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """Take a case out of its cluster (it keeps its handlers and stands alone), or with
        ``--merge`` undo the merge that brought it in."""
        from monitor.cluster.ops import uncluster as act, unmerge

        run(unmerge if merge else act, case_id, config, as_json, _actor(actor))

