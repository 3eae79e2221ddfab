"""Running several daemons: ``wenzheng daemons`` (who is alive, what each holds) and
``wenzheng mock weibo`` (the mock platform alone, for daemons or an office's own set-up to share).

``daemons`` and not ``cluster``: ``wenzheng clusters`` is about clusters of cases.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, print_json
from monitor.core.config import DEFAULT_CONFIG

out = Console(soft_wrap=True)

STATE_LABELS = {"alive": "运行中", "stopped": "已停止", "silent": "失联"}
JOB_LABELS = {"sla-sweep": "时限巡检", "matrix-activity": "矩阵运营读取"}


def lease_label(name: str) -> str:
    """``source:weibo`` → ``来源 weibo``; ``source:weibo/2of4`` → ``来源 weibo·分区2/4``;
    ``job:sla-sweep`` → ``时限巡检``."""
    from monitor.web.console.labels import lane_label

    kind, _, what = name.partition(":")
    if kind == "source":
        source, _, lane = what.partition("/")
        return f"来源 {source}·{lane_label(lane)}" if lane else f"来源 {source}"
    if kind == "job":
        return JOB_LABELS.get(what, f"任务 {what}")
    return name


def register(app: typer.Typer) -> None:
    mock_app = typer.Typer(help="Mock platforms, run alone.", no_args_is_help=True)
    app.add_typer(mock_app, name="mock")

    @app.command("daemons")
    def daemons(as_json: JsonOption = False, config: ConfigOption = DEFAULT_CONFIG) -> None:
        """The daemons on this database: alive or not, last heartbeat, the leases each holds."""
        from monitor.store.context import open_app
        from monitor.web.views import daemons_status

        ctx = open_app(config, sync=False)  # reads only
        window = ctx.config.settings.daemon.lease_seconds
        with ctx.sessions() as s:
            rows = daemons_status(s, silent_after=window)
        ctx.close()
        if as_json:
            print_json(rows)
            return
        if not rows:
            out.print("没有守护进程连接过这个数据库（wenzheng run 启动后出现在这里）。")
            return
        # the id already names host and pid (host-pid-xxxx); --json has them apart
        table = Table("守护进程", "状态", "最后心跳", "持有的租约")
        for r in rows:
            beat = (r["heartbeat_at"] or "-")[5:19].replace("T", " ")
            if r["state"] == "alive":
                beat = f"{r['heartbeat_age_seconds']:.0f} 秒前"
            table.add_row(r["id"], STATE_LABELS[r["state"]], beat,
                          "\n".join(lease_label(n) for n in r["leases"]) or "-")
        out.print(table)
        alive = sum(r["state"] == "alive" for r in rows)
        out.print(f"运行中 {alive} 个；失联的守护进程的租约在到期后由其他守护进程接管。")

    @mock_app.command("weibo")
    def mock_weibo(
        port: Annotated[int, typer.Option(help="port to listen on; 0 picks a free one (printed)")] = 8081,
        rate: Annotated[float, typer.Option(help="new citizen appeals per second; 0: none")] = 0.5,
        backlog: Annotated[int, typer.Option(help="items already waiting at start (the last hour's)")] = 0,
        seed: Annotated[int | None, typer.Option(help="same seed, same citizens and texts")] = None,
        time_factor: Annotated[float, typer.Option(help="how much faster than real time members reply")] = 60.0,
        host: Annotated[str, typer.Option()] = "127.0.0.1",
        tokens: Annotated[bool, typer.Option(
            "--tokens", help="print the accounts' tokens as shell exports for the daemons, and exit")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Run the mock Weibo platform alone (the member accounts of the configured matrix).

        The daemons need each account's token: ``eval "$(wenzheng mock weibo --tokens)"`` in the
        shell that starts them.
        """
        import asyncio

        from adapters.weibo.mock import demo_token_env, serve
        from monitor.cli.common import fail
        from monitor.core.config import Config

        if rate < 0 or backlog < 0 or time_factor <= 0:
            fail("--rate and --backlog must be >= 0 and --time-factor > 0", 2)
        matrix = Config.load(config).matrix
        if tokens:
            for key, value in sorted(demo_token_env(matrix).items()):
                print(f"export {key}={value}")
            return
        try:
            asyncio.run(serve(host, port, matrix, rate=rate, seed=seed, time_factor=time_factor,
                              backlog=backlog))
        except OSError as err:
            fail(f"cannot listen on {host}:{port}: {err.strerror or err}")
        except KeyboardInterrupt:
            pass
