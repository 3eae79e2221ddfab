"""Count the SQL statements a process sends, by statement shape, for bench/daemons.py.

Imported before ``monitor.cli`` in a daemon the bench starts, with ``WENZHENG_BENCH_SQLCOUNT=DIR``
set, a listener on every SQLAlchemy engine counts each statement (an ``executemany`` is one) under a
short normalised key, and a thread writes the counts to ``DIR/<pid>.json`` every two seconds
and at exit. Why client-side: PostgreSQL's own per-statement figures (``pg_stat_statements``)
need the module preloaded at server start, which a shared server may not have; ``pg_stat_database``
counts transactions and rows, not statements. Why every two seconds: the daemon the bench kills
with SIGKILL runs no exit handler, and its counts up to the kill still belong to the run.

Bench tooling only: nothing in the product imports it; it observes, it changes no statement.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

_counts: Counter[str] = Counter()
_lock = threading.Lock()
_PARAM = r"(?:%\([^)]*\)s|\$\d+(?:::[A-Z ]+)?)"  # the driver's placeholder, or the server's
_PARAMS = re.compile(rf"\(\s*{_PARAM}(?:\s*,\s*{_PARAM})*\s*\)")  # an expanded IN list
_SPACE = re.compile(r"\s+")


def shape(statement: str) -> str:
    """A statement's shape: whitespace collapsed, IN lists folded, cut to 90 characters
    (enough to tell ``SELECT cases.id …`` from ``UPDATE cases SET …`` and see the table)."""
    s = _PARAMS.sub("(…)", _SPACE.sub(" ", statement.strip()))
    return s[:90]


def _count(_conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any,
           _executemany: bool) -> None:
    key = shape(statement)
    with _lock:
        _counts[key] += 1


def _dump(path: Path) -> None:
    with _lock:
        data = dict(_counts)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def _start() -> None:
    out = os.environ.get("WENZHENG_BENCH_SQLCOUNT")
    if not out:
        return
    event.listen(Engine, "before_cursor_execute", _count)
    path = Path(out) / f"{os.getpid()}.json"
    path.parent.mkdir(parents=True, exist_ok=True)

    def every() -> None:
        while True:
            time.sleep(2.0)
            _dump(path)

    threading.Thread(target=every, name="bench-sqlcount", daemon=True).start()
    atexit.register(_dump, path)


_start()
