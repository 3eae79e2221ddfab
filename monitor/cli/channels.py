"""Channel commands: ``media feedback`` (what became of each outlet's reports)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from monitor.cli import ConfigOption
from monitor.cli.common import JsonOption, fail, print_json
from monitor.core.config import DEFAULT_CONFIG

out = Console(soft_wrap=True)


def register(app: typer.Typer) -> None:
    media_app = typer.Typer(help="Media reports followed up (channel media).", no_args_is_help=True)
    app.add_typer(media_app, name="media")

    @media_app.command("feedback")
    def feedback(
        month: Annotated[str | None, typer.Option("--month", help="YYYY-MM (default: this month)")] = None,
        date_from: Annotated[str | None, typer.Option("--from", help="first day YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="last day YYYY-MM-DD (inclusive)")] = None,
        outlet: Annotated[str | None, typer.Option(help="one outlet's id (the feed id in the config)")] = None,
        out_dir: Annotated[Path | None, typer.Option("--out", help="write one CSV per outlet into this folder")] = None,
        as_json: JsonOption = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Per outlet: its reports of the period, who handles each, the latest reply and the result."""
        from monitor.cli.stats import pick_period
        from monitor.report.outlets import COLUMNS, feedback_csv, media_feedback
        from monitor.store.context import open_app

        period = pick_period(date_from, date_to, month, None)
        ctx = open_app(config)
        try:
            with ctx.sessions() as s:
                data = media_feedback(s, period, outlet=outlet)
        finally:
            ctx.close()
        if as_json:
            print_json({"period": period.key, "outlets": data})
            return
        if not data:
            fail(f"no media cases in {period.label}" + (f" from outlet {outlet!r}" if outlet else ""))
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            for oid, block in data.items():
                path = out_dir / f"{oid}-{period.key}.csv"
                path.write_text(feedback_csv(block["cases"]), encoding="utf-8")
                out.print(f"{block['outlet']}: {len(block['cases'])} 件 → {path}", highlight=False)
            return
        for block in data.values():
            t = Table(title=f"{block['outlet']} · {period.label}")
            shown = [c for c in COLUMNS if c[1] not in ("url", "first_response_at")]
            for h, _ in shown:
                t.add_column(h)
            for r in block["cases"]:
                t.add_row(*(str(r[k])[:40] if r[k] not in ("", None) else "-" for _, k in shown))
            out.print(t)
