"""What every command module shares: the error console, the error exit and JSON output.

Errors are printed without wrapping (a path split over two lines cannot be copied or grepped)
and with markup escaped (a message naming ``[years.2027]`` must print exactly that).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

err = Console(stderr=True, soft_wrap=True, highlight=False)
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``wenzheng: message`` on stderr and exit with ``code``."""
    err.print(f"[red]wenzheng:[/red] {escape(message)}")
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def clip(text: str, n: int) -> str:
    """``text`` on one line, at most ``n`` characters; a cut ends with ``…`` so it reads as cut."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"
