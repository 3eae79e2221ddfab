"""Primary keys handed out before a flush, so the ORM writes each table with one ``executemany``.

Why: to learn the id the database gives a new row, the ORM inserts with ``RETURNING``, and to
match returned ids to objects it needs them in order. SQLite cannot promise that order, so the
ORM falls back to one ``INSERT … RETURNING`` per row: ingesting 5,000 mentions cost about 6,000
single-row statements for the timeline alone. When every new object already carries its id,
nothing needs returning and the ORM groups the rows of a table into one ``executemany`` (on
PostgreSQL, multi-row ``VALUES``).

How the ids are taken, and why that is safe:

* **PostgreSQL**: ``nextval`` of the column's own sequence, ``n`` values in one statement. The
  sequence is what a plain ``INSERT`` would have used, so rows written elsewhere (Core inserts,
  other daemons) can never collide with these.
* **SQLite**: ``max(id) + 1 …`` read in the flush that inserts them, after a statement that
  writes nothing but takes the database's write lock. SQLite has one writer at a time, so no
  other connection can insert between that ``max`` and our ``INSERT``. Nothing is cached across flushes, so a Core ``INSERT`` between two flushes of the
  same transaction is seen by the next ``max``. Plain ``INTEGER PRIMARY KEY`` tables (no
  ``AUTOINCREMENT``) choose ``max + 1`` themselves, so ids look exactly as before.

Only the tables the ingest hot path writes many rows of are listed in :data:`ALLOCATED`; an
object whose id was set by its caller keeps it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import event, func, inspect, select, text
from sqlalchemy.orm import Session

_SEQUENCES: dict[tuple[int, str], str] = {}  # (id of the engine, table) → its sequence name


def allocate(session: Session, table: Any, n: int) -> list[int]:
    """``n`` new ids for ``table`` (its integer ``id`` column), valid in this transaction."""
    if n <= 0:
        return []
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        key = (id(conn.engine), table.name)
        seq = _SEQUENCES.get(key)
        if seq is None:
            seq = _SEQUENCES[key] = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar_one()
        return list(conn.execute(text("SELECT nextval(:s) FROM generate_series(1, :n)"),
                                 {"s": seq, "n": n}).scalars())
    if not session.info.get(_LOCKED):
        # take SQLite's write lock first (a statement that writes nothing still takes it), so no
        # other connection can insert between this max() and our INSERT; held to the commit
        conn.execute(table.delete().where(table.c.id == -1))
        session.info[_LOCKED] = True
    top = conn.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(top + 1, top + 1 + n))


_LOCKED = "wenzheng_sqlite_write_lock"


def _forget_lock(session: Session, *_args: Any) -> None:
    session.info.pop(_LOCKED, None)


_DEFAULTED: dict[type, list[tuple[str, Any]]] = {}


def _defaulted(cls: type) -> list[tuple[str, Any]]:
    """(attribute, column default) of each column of ``cls`` with a Python-side default."""
    got = _DEFAULTED.get(cls)
    if got is None:
        got = []
        for prop in inspect(cls).column_attrs:
            default = prop.columns[0].default
            if default is not None and (default.is_scalar or default.is_callable):
                got.append((prop.key, default))
        _DEFAULTED[cls] = got
    return got


def _fill_defaults(obj: Any) -> None:
    """Set the defaults the ORM would leave to the INSERT: the ORM groups a table's rows into one
    statement only while their sets of columns agree, and an event whose ``actor`` was given
    next to one whose was not would start a new statement each time."""
    state = obj.__dict__
    for key, default in _defaulted(type(obj)):
        if key not in state:
            setattr(obj, key, default.arg(None) if default.is_callable else default.arg)


def assign_ids(session: Session, _ctx: Any, _instances: Any) -> None:
    """``before_flush``: give every new object of an :data:`ALLOCATED` class its id."""
    pending: dict[Any, list[Any]] = defaultdict(list)
    for obj in session.new:
        if type(obj) in ALLOCATED and getattr(obj, "id", None) is None:
            _fill_defaults(obj)
            pending[type(obj).__table__].append(obj)
    for table, objs in pending.items():
        for obj, new_id in zip(objs, allocate(session, table, len(objs)), strict=True):
            obj.id = new_id


ALLOCATED: set[type] = set()


def install(*classes: type) -> None:
    """Allocate ids for ``classes`` in every session (idempotent)."""
    ALLOCATED.update(classes)
    if not event.contains(Session, "before_flush", assign_ids):
        event.listen(Session, "before_flush", assign_ids)
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(Session, name, _forget_lock)
