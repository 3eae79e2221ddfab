"""Reading raw platform files for ``wenzheng ingest``: JSON Lines or one API envelope.

Backfills come from exports and from saved API responses, so both shapes are accepted:
one raw object (or envelope) per line, or a whole file that is a single envelope such as
``{"comments": [...]}``. A bad line is reported with its number and reason and skipped; the
others go through the same pipeline as live polling.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from monitor.core.types import Item

Parser = Callable[[Any], list[Item]]


@dataclass
class ReplayProblems:
    """Lines that could not be read: (line number, reason)."""

    bad: list[tuple[int, str]] = field(default_factory=list)
    records: int = 0


def _is_single_document(fh: TextIO) -> bool:
    """True when the file is one JSON document spread over several lines (a saved response)."""
    first = fh.readline()
    fh.seek(0)
    if not first.strip():
        return False
    try:
        json.loads(first)
        return False
    except json.JSONDecodeError:
        return first.lstrip().startswith(("{", "["))


def read_items(path: Path, parse: Parser, problems: ReplayProblems,
               progress: Callable[[int], None] | None = None) -> Iterator[Item]:
    """Yield items from ``path`` lazily (bounded memory for JSON Lines of any size)."""
    with path.open("r", encoding="utf-8-sig") as fh:
        if _is_single_document(fh):
            try:
                doc = json.load(fh)
            except json.JSONDecodeError as err:
                problems.bad.append((err.lineno, f"not valid JSON: {err.msg}"))
                return
            problems.records += 1
            yield from _parse(doc, 1, parse, problems)
            return
        lineno = 0
        for line in fh:
            lineno += 1
            if progress:
                progress(len(line.encode("utf-8")))
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                problems.bad.append((lineno, f"not valid JSON: {err.msg} (column {err.colno})"))
                continue
            problems.records += 1
            yield from _parse(obj, lineno, parse, problems)


ENVELOPE_KEYS = ("statuses", "comments", "items", "data")


def _parse(obj: Any, lineno: int, parse: Parser, problems: ReplayProblems) -> list[Item]:
    """Parse one record; an envelope is opened so one bad object does not sink its siblings."""
    if isinstance(obj, dict):
        for key in ENVELOPE_KEYS:
            if isinstance(obj.get(key), list):
                out: list[Item] = []
                for i, child in enumerate(obj[key]):
                    out.extend(_parse_one(child, lineno, f"{key}[{i}]: ", parse, problems))
                return out
    if isinstance(obj, list):
        out = []
        for i, child in enumerate(obj):
            out.extend(_parse_one(child, lineno, f"[{i}]: ", parse, problems))
        return out
    return _parse_one(obj, lineno, "", parse, problems)


def _parse_one(obj: Any, lineno: int, where: str, parse: Parser,
               problems: ReplayProblems) -> list[Item]:
    try:
        return parse(obj)
    except (ValueError, KeyError, TypeError) as err:
        problems.bad.append((lineno, where + (str(err) or type(err).__name__)))
        return []
