"""Reading raw platform files for ``wenzheng ingest``: JSON Lines or one API envelope.

Backfills come from exports and from saved API responses, so both shapes are accepted:
one raw object (or envelope) per line, or a whole file that is a single envelope such as
``{"comments": [...]}``. The others go through the same pipeline as live polling.

Whatever is wrong with a line, it is reported with its number and reason and the rest of the
file is read (:class:`ReplayProblems`); nothing in a line can stop the file or exhaust memory:

* the file is read as bytes, a line at most ``[intake] max_line_bytes`` at a time: a longer
  line is reported and skipped in bounded chunks (a 50 MB line costs a megabyte, not gigabytes);
  a single-document file larger than ``max_body_bytes`` is refused with a hint to use JSON Lines;
* each line is decoded on its own, so invalid UTF-8 costs that line only;
* JSON nested deeper than ``max_depth`` (or deep enough to exhaust the parser) is reported;
* every item passes :func:`monitor.core.limits.check_item` here, so a value out of bounds
  (empty text, a year-0001 date, an over-long id or text) is reported with its line number;
  items the database still refuses are dead-lettered by the pipeline, and
  :meth:`ReplayProblems.line_of` finds their line for the report.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from monitor.core.limits import DEFAULT_LIMITS, BadItem, Limits, check_item, depth_of
from monitor.core.types import Item

Parser = Callable[[Any], list[Item]]

RECENT_LINES = 50_000
"""Items whose line number is remembered for the report of items the database refuses later:
the pipeline runs at most two batches behind the reader, so this bounds memory, not accuracy."""


@dataclass
class ReplayProblems:
    """Lines that could not be read: (line number, reason); and where recent items came from."""

    bad: list[tuple[int, str]] = field(default_factory=list)
    records: int = 0
    _lines: OrderedDict[tuple[str, str], int] = field(default_factory=OrderedDict)

    def remember(self, item: Item, lineno: int) -> None:
        self._lines[(item.platform, item.external_id)] = lineno
        if len(self._lines) > RECENT_LINES:
            self._lines.popitem(last=False)

    def line_of(self, platform: str | None, external_id: str | None) -> int | None:
        return self._lines.get((platform or "", external_id or ""))


def _readline(fh: BinaryIO, limit: int) -> tuple[bytes, int, bool]:
    """One line of at most ``limit`` bytes: (line, bytes consumed, whether it was too long).

    A longer line is consumed to its end in ``limit``-sized chunks and not kept.
    """
    line = fh.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n") and len(line) == limit + 1:
        return line, len(line), False
    size = len(line)
    while chunk := fh.readline(1 << 20):
        size += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return b"", size, True


def _decode(line: bytes, lineno: int) -> str:
    text = line.decode("utf-8")
    return text.removeprefix("\ufeff") if lineno == 1 else text


def _bad_utf8(err: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte {err.start + 1}: {err.object[err.start:err.start + 1]!r})"


def _loads(text: str, limits: Limits) -> Any:
    """JSON with its nesting bounded; ``ValueError`` says what is wrong, for a person."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON: {err.msg} (column {err.colno})") from None
    except RecursionError:
        raise ValueError(f"nested deeper than {limits.max_depth} levels") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"not usable JSON: {err}") from None
    if depth_of(obj, limits.max_depth) > limits.max_depth:
        raise ValueError(f"nested deeper than {limits.max_depth} levels")
    return obj


def _single_document(fh: BinaryIO, limits: Limits) -> bool:
    """True when the file is one JSON document spread over several lines (a saved response)."""
    first, _, too_long = _readline(fh, limits.max_line_bytes)
    fh.seek(0)
    if too_long:
        return False
    try:
        text = _decode(first, 1)
    except UnicodeDecodeError:
        return False
    if not text.strip():
        return False
    try:
        json.loads(text)
        return False
    except (ValueError, RecursionError):
        return text.lstrip().startswith(("{", "["))


def read_items(path: Path, parse: Parser, problems: ReplayProblems,
               progress: Callable[[int], None] | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Yield checked items from ``path`` lazily (bounded memory for JSON Lines of any size)."""
    with path.open("rb") as fh:
        if _single_document(fh, limits):
            yield from _read_document(fh, path, parse, problems, limits)
            return
        lineno = 0
        while True:
            line, size, too_long = _readline(fh, limits.max_line_bytes)
            if not size:
                break
            lineno += 1
            if progress:
                progress(size)
            if too_long:
                problems.bad.append((lineno, f"line of {size:,} bytes is longer than "
                                             f"{limits.max_line_bytes:,} ([intake] max_line_bytes): not stored"))
                continue
            try:
                text = _decode(line, lineno)
            except UnicodeDecodeError as err:
                problems.bad.append((lineno, _bad_utf8(err)))
                continue
            if not text.strip():
                continue
            try:
                obj = _loads(text, limits)
            except ValueError as err:
                problems.bad.append((lineno, str(err)))
                continue
            problems.records += 1
            yield from _checked(_parse(obj, lineno, parse, problems), lineno, problems, limits)


def _read_document(fh: BinaryIO, path: Path, parse: Parser, problems: ReplayProblems,
                   limits: Limits) -> Iterator[Item]:
    size = path.stat().st_size
    if size > limits.max_body_bytes:
        problems.bad.append((1, f"one JSON document of {size:,} bytes is larger than "
                                f"{limits.max_body_bytes:,} ([intake] max_body_bytes): save it as JSON "
                                f"Lines (one object per line) or raise the limit"))
        return
    data = fh.read()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        problems.bad.append((data.count(b"\n", 0, err.start) + 1, _bad_utf8(err)))
        return
    try:
        doc = _loads(text, limits)
    except ValueError as err:
        lineno = getattr(err.__context__, "lineno", 1) if err.__context__ else 1
        problems.bad.append((lineno, str(err)))
        return
    problems.records += 1
    yield from _checked(_parse(doc, 1, parse, problems), 1, problems, limits)


def _checked(items: list[Item], lineno: int, problems: ReplayProblems, limits: Limits) -> Iterator[Item]:
    """Items normalised by the pipeline's own rules; one out of bounds is reported with its line."""
    for it in items:
        try:
            good = check_item(it, limits)
        except BadItem as err:
            problems.bad.append((lineno, f"{it.kind} {it.external_id[:64]}: {err}"))
            continue
        problems.remember(good, lineno)
        yield good


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
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as err:
        problems.bad.append((lineno, where + (str(err) or type(err).__name__)))
        return []
