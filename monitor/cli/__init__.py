"""The ``wenzheng`` command: thin subcommands over the same functions the daemon and API call.

Top of the stack: may use every package. Each area keeps its commands in ``monitor/cli/<area>.py``
with a ``register(app)`` function; this module only assembles them, so no single file grows into a
3,000-line CLI.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from monitor.core.config import DEFAULT_CONFIG, ConfigError
from monitor.core.logging import configure_logging
from monitor.store.db import AnotherDaemon, SchemaTooNew

app = typer.Typer(
    name="wenzheng",
    help="问政: monitor a matrix of government accounts, route appeals, keep response promises.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", help="main config file", envvar="WENZHENG_CONFIG",
                 show_default=True),
]
DEFAULT_CONFIG_PATH = DEFAULT_CONFIG

# area modules, each with register(app); listed explicitly so a missing one fails loudly
COMMAND_MODULES = [
    "monitor.cli.core",
    "monitor.cli.sla",
    "monitor.cli.stats",
    "monitor.cli.notify",
    "monitor.cli.classify",
    "monitor.cli.daemons",
    "monitor.cli.channels",
    "monitor.cli.deadletters",
    "monitor.cli.clusters",
    "monitor.cli.users",
]


def _defaults(command: object, path: str) -> dict[str, object]:
    """``{"config": path}`` for every command below ``command`` that takes ``--config``."""
    out: dict[str, object] = {}
    for name, sub in (getattr(command, "commands", None) or {}).items():
        d: dict[str, object] = {}
        if any(getattr(p, "name", None) == "config" for p in sub.params):
            d["config"] = path
        d.update(_defaults(sub, path))
        out[name] = d
    return out


@app.callback()
def _root(ctx: typer.Context, config: Annotated[Path | None, typer.Option(
        "--config", "-c", help="main config file (also accepted after the subcommand)",
        show_default=False)] = None) -> None:
    """问政: monitor a matrix of government accounts, route appeals, keep response promises."""
    # ``wenzheng --config X cases list`` and ``wenzheng cases list --config X`` mean the same:
    # the option given first becomes every subcommand's default (given after, it still wins)
    if config is not None:
        ctx.default_map = _defaults(ctx.command, str(config))


def _register_all() -> None:
    if getattr(app, "_wenzheng_registered", False):
        return
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    app._wenzheng_registered = True  # type: ignore[attr-defined]


def main() -> None:
    _register_all()
    # log lines go to stderr (``--json`` on stdout stays parseable), warnings only unless asked:
    # ``run`` and ``demo`` reconfigure at INFO for the daemon's own log
    configure_logging(os.environ.get("WENZHENG_LOG_LEVEL") or "WARNING")
    try:
        app()
    except ConfigError as err:
        print(f"wenzheng: configuration error:\n{err}", file=sys.stderr)
        sys.exit(2)
    except (AnotherDaemon, SchemaTooNew) as err:  # a second daemon on SQLite; an older wenzheng
        print(f"wenzheng: {err}", file=sys.stderr)
        sys.exit(1)
