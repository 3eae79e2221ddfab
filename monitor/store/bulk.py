"""A batch's rows into one table in one statement: ``COPY`` on PostgreSQL, ``executemany`` elsewhere
(:func:`insert_rows`); a batch's changed rows likewise, ``UPDATE … FROM unnest(…)`` on PostgreSQL
(:func:`update_rows`).

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
* **The same errors**: a driver error is wrapped by SQLAlchemy's public ``DBAPIError.instance``,
  as ``execute`` wraps it, so a duplicate key is an ``IntegrityError`` (the head's re-run and the
  batch's retry act on it), a lost connection an ``OperationalError``, its connection
  invalidated.
* **The same counters**: the engine's ``before_cursor_execute`` listeners see the ``COPY`` as one
  statement (``bench/ingest.py`` and ``bench/sqlcount.py`` count it as such).

SQLite keeps ``executemany`` (its driver already inserts a batch in one prepared statement), but
sent as the driver's own statement with plain tuples (``exec_driver_sql``), the values through
the same bind processors: SQLAlchemy's compiled ``executemany`` builds each row's parameters
through the statement's bind names and processors one by one, about half of what a batch's
inserts cost the ingest (issue 19). Still one statement on the session's connection, counted by
the same listeners, its errors wrapped by SQLAlchemy.

On both, rows that leave out a column with a Python-side default (``default=utcnow``) go through
SQLAlchemy's insert, which fills it (``COPY`` and the plain statement would store NULL).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine

# each dialect's bind processors and plain statement for a table's columns, held by the dialect object itself (weakly):
# keyed by ``id(dialect)``, a dialect freed when its engine went (the tests open SQLite and PostgreSQL in one
# process) left its entries to a new dialect allocated at the same address, and a PostgreSQL batch was sent SQLite's
# ``INSERT … VALUES (?, …)`` ("syntax error at or near ','", seen once in a PostgreSQL test run)
_PROCESSORS: weakref.WeakKeyDictionary[Dialect, dict[tuple[str, tuple[str, ...]], list[Callable[[Any], Any] | None]]] = \
    weakref.WeakKeyDictionary()
_INSERTS: weakref.WeakKeyDictionary[Dialect, dict[tuple[str, tuple[str, ...]], str | None]] = weakref.WeakKeyDictionary()


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (each a dict naming the same columns, in the same order) into ``table``."""
    if not rows:
        return
    columns = tuple(rows[0])
    statement = _plain_insert(conn.dialect, table, columns)
    if statement is None:  # a column left out that only SQLAlchemy's insert fills
        conn.execute(table.insert(), list(rows))
        return
    processors = _processors(conn.dialect, table, columns)
    if conn.dialect.name != "postgresql":
        conn.exec_driver_sql(statement, _tuples(rows, columns, processors))
        return
    cursor = conn.connection.cursor()
    try:
        if conn.dispatch.before_cursor_execute:
            conn.dispatch.before_cursor_execute(conn, cursor, statement, rows, None, True)
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([p(row[c]) if p is not None else row[c]
                                for c, p in zip(columns, processors, strict=True)])
    except conn.dialect.loaded_dbapi.Error as err:
        # wrapped as ``execute`` wraps it (IntegrityError for a duplicate key, OperationalError
        # for a lost connection, which is invalidated so the pool never hands it out again)
        lost = conn.dialect.is_disconnect(err, conn.connection.dbapi_connection, cursor)
        if lost:
            conn.invalidate(err)
        raise DBAPIError.instance(statement, rows, err, conn.dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=conn.dialect) from err
    finally:
        cursor.close()


def _processors(dialect: Dialect, table: Table,
                columns: tuple[str, ...]) -> list[Callable[[Any], Any] | None]:
    """Each column's bind processor for ``dialect`` (None: the value goes as it is)."""
    cache = _PROCESSORS.setdefault(dialect, {})
    key = (table.name, columns)
    got = cache.get(key)
    if got is None:
        got = cache[key] = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    return got


def _plain_insert(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> str | None:
    """The statement that writes rows of ``columns`` as they are: ``COPY … FROM STDIN`` on
    PostgreSQL, ``INSERT … VALUES (?, …)`` for a ``qmark`` driver. None when a column left out has
    a Python-side default (only SQLAlchemy's insert fills it) or the driver binds otherwise."""
    cache = _INSERTS.setdefault(dialect, {})
    key = (table.name, columns)
    if key in cache:
        return cache[key]
    given = set(columns)
    names = ", ".join(dialect.identifier_preparer.quote(table.c[c].name) for c in columns)
    into = f"{dialect.identifier_preparer.format_table(table)} ({names})"
    got = None
    if not any(c.default is not None for c in table.c if c.key not in given):
        if dialect.name == "postgresql":
            got = f"COPY {into} FROM STDIN"
        elif dialect.paramstyle == "qmark":
            got = f"INSERT INTO {into} VALUES ({', '.join('?' for _ in columns)})"
    cache[key] = got
    return got


def _tuples(rows: Sequence[dict[str, Any]], columns: tuple[str, ...],
            processors: list[Callable[[Any], Any] | None]) -> list[tuple[Any, ...]]:
    """The rows' values in ``columns`` order, through their columns' bind processors."""
    bound = [(i, p) for i, p in enumerate(processors) if p is not None]
    if len(columns) == 1:
        (p,) = processors
        return [(p(row[columns[0]]) if p is not None else row[columns[0]],) for row in rows]
    get = itemgetter(*columns)
    out = []
    for row in rows:
        values = list(get(row))
        for i, p in bound:
            values[i] = p(values[i])
        out.append(tuple(values))
    return out


Source = Callable[[str], ColumnElement[Any]]
"""A row's value by its key, as an SQL expression (see :func:`update_rows`)."""


def update_rows(conn: Connection, table: Table, types: Mapping[str, TypeEngine[Any]],
                rows: Sequence[Mapping[str, Any]], where: Callable[[Source], ColumnElement[bool]],
                assign: Callable[[Source], Mapping[Any, ColumnElement[Any]]]) -> None:
    """Update ``table`` from ``rows`` (dicts of the keys ``types`` names) in one statement.

    ``where`` and ``assign`` say, once for both backends, which stored row a row updates and what
    it sets, in terms of ``src(key)``: the row's value for ``key``. On SQLite ``src(key)`` is a
    bound parameter and the statement an ``executemany`` (one prepared statement). On PostgreSQL
    psycopg would run that ``executemany`` as one ``UPDATE`` per row on the server (parsed,
    planned and executed each time: about 7,000 a 5,000-mention ingest); instead each key's
    values go as one array and ``src(key)`` is a column of ``unnest`` over them: one ``UPDATE …
    FROM unnest(…)`` for all the rows, its text the same whatever their number (compiled once).
    The arrays' elements pass through the column types' own bind processors (``ARRAY`` of each
    type), so a row is stored as an ``UPDATE`` of its own would store it.

    Callers give the rows in primary-key order, as before; for a batch's few hundred keys
    PostgreSQL's plan walks the array and looks each row up by its key, so they are locked in
    that order (a plan that did otherwise could deadlock two batches: the batch's retry re-runs
    the one PostgreSQL chose, as for any deadlock).
    """
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        def bound(key: str) -> ColumnElement[Any]:
            return bindparam(key, type_=types[key])
        conn.execute(table.update().where(where(bound)).values(dict(assign(bound))), list(rows))
        return
    # one dimension: a row's value that is itself a list (a JSON column holding one, a case's
    # risk flags) is one element. Left to guess, the array type took a first element that was a
    # list for a second dimension: the statement failed ("malformed array literal"), or, when
    # every row held a list of one length, unnest spread their items over the wrong rows
    source = (func.unnest(*(bindparam(k, type_=ARRAY(t, dimensions=1)) for k, t in types.items()))
              .table_valued(*types).render_derived())

    def column(key: str) -> ColumnElement[Any]:
        return source.c[key]
    conn.execute(table.update().where(where(column)).values(dict(assign(column))),
                 {k: [row[k] for row in rows] for k in types})
