"""A batch's rows into one table in one statement: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

Why: psycopg 3 runs an ``executemany`` as one round trip but one ``INSERT`` per row on the server
(parsed, planned and executed each time, with its parameters bound one by one). The ingest's
biggest writes, a batch's mentions (each with its platform payload as JSON) and its rows nothing
reads back in the transaction (``created`` / ``classified`` / ``assigned`` events, the joining
index), cost PostgreSQL about an eighth of its time that way (``bench/ingest.py``). ``COPY …
FROM STDIN`` streams the same rows into the table in one command: no plan, no per-row statement.

What stays the same, and how:

* **The same transaction, the same connection**: the ``COPY`` runs on the session's own driver
  connection (psycopg's ``cursor.copy``), so it commits or rolls back with the batch, inside a
  savepoint too (:meth:`monitor.intake.pipeline.Pipeline._head_joining`).
* **The same stored values**: each value goes through the column type's own bind processor for
  the dialect (what an ``INSERT`` would send: aware UTC times, JSON wrapped as psycopg's
  ``Jsonb`` and dumped by the serializer SQLAlchemy set on the connection), so a row written by
  ``COPY`` reads back identical to one written by ``INSERT`` (``tests/test_store_batching.py``).
* **The same errors**: a driver error is handed to SQLAlchemy's own handler, so a duplicate key
  is an ``IntegrityError`` (the head's re-run and the batch's retry act on it), a lost
  connection an ``OperationalError`` that invalidates it, exactly as from ``execute``.
* **The same counters**: the engine's ``before_cursor_execute`` listeners see the ``COPY`` as one
  statement (``bench/ingest.py`` and ``bench/sqlcount.py`` count it as such).

SQLite keeps ``executemany``: its driver already inserts a batch in one prepared statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

_PROCESSORS: dict[tuple[int, str, tuple[str, ...]], list[Callable[[Any], Any] | None]] = {}


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (each a dict naming the same columns, in the same order) into ``table``."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    columns = tuple(rows[0])
    processors = _processors(conn.dialect, table, columns)
    statement = (f"COPY {conn.dialect.identifier_preparer.format_table(table)} "
                 f"({', '.join(conn.dialect.identifier_preparer.quote(table.c[c].name) for c in columns)}) FROM STDIN")
    cursor = conn.connection.cursor()
    try:
        if conn.dispatch.before_cursor_execute:
            conn.dispatch.before_cursor_execute(conn, cursor, statement, rows, None, True)
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([p(row[c]) if p is not None else row[c]
                                for c, p in zip(columns, processors, strict=True)])
    except conn.dialect.loaded_dbapi.Error as err:
        # SQLAlchemy's own handler: wraps the error as ``execute`` would (IntegrityError for a
        # duplicate key, OperationalError for a lost connection, which it invalidates) and raises
        conn._handle_dbapi_exception(err, statement, rows, cursor, None)  # noqa: SLF001
    finally:
        cursor.close()


def _processors(dialect: Dialect, table: Table,
                columns: tuple[str, ...]) -> list[Callable[[Any], Any] | None]:
    """Each column's bind processor for ``dialect`` (None: the value goes as it is)."""
    key = (id(dialect), table.name, columns)
    got = _PROCESSORS.get(key)
    if got is None:
        got = _PROCESSORS[key] = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect)
                                  for c in columns]
    return got
