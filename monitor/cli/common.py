"""What every command module shares: the error console, the error exit, JSON output, safe text.

Errors are printed without wrapping (a path split over two lines cannot be copied or grepped)
and with markup escaped (a message naming ``[years.2027]`` must print exactly that).

Citizen text is hostile input as far as a terminal is concerned: ``[/]`` is rich markup (an
exception), ``\x1b]…`` an escape sequence that can retitle the window, move the cursor or
hide the rest of a line, and bidi overrides reorder what is shown. :func:`plain` makes any
such text a :class:`rich.text.Text` (never parsed as markup) with those characters removed;
every table cell and line that carries text from outside goes through it.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

err = Console(stderr=True, soft_wrap=True, highlight=False)
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``wenzheng: message`` on stderr and exit with ``code``."""
    err.print(f"[red]wenzheng:[/red] {escape(message)}")
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def clip(text: str, n: int) -> str:
    """``text`` on one line, at most ``n`` characters; a cut ends with ``…`` so it reads as cut.

    Control characters go too (:func:`safe_line`); in a rich table pass it through :func:`plain`.
    """
    flat = " ".join(safe_line(text).split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


# C0/C1 controls (escape sequences start with ESC or CSI), DEL, and the bidi embeddings,
# overrides and isolates that can make a terminal show text in another order than it is
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_line(value: object, limit: int | None = None) -> str:
    """``value`` as one line a terminal shows literally: control characters out, newlines as spaces."""
    text = "" if value is None else str(value)
    text = _TERMINAL_UNSAFE.sub(lambda m: " " if m.group() in "\n\r\t" else "", text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def plain(value: object, limit: int | None = None, style: str = "") -> Text:
    """Outside text for a rich table or line: never markup, never an escape sequence."""
    return Text(safe_line(value, limit), style=style)
