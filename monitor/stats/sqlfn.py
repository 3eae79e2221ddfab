"""Portable SQL expressions for the statistics: durations, local days, keyword lists.

SQLite keeps times as text and has no interval type or timezone conversion; PostgreSQL has both.
Each helper compiles to the native form on each backend so that every figure is computed inside
the database (an aggregate over an index range), never by pulling rows into Python.

Asia/Shanghai has had no daylight-saving time since 1991, so "+8 hours" is exact for local days.

:class:`local_date`, :func:`json_int` and :func:`keyword_values` are no longer read by the statistics:
since migration ``i19_case_stats`` the database stores their values with each case (``cases.stat_*``,
``case_keywords``), and they stay here as the definition those stored values are held to
(``tests/test_case_stats_columns.py`` recomputes every stored value with them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Float, String, func, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class seconds_between(FunctionElement[float]):  # noqa: N801 - reads like SQL
    """``later - earlier`` in seconds (float, millisecond precision)."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _sb_sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"round((julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)})) * 86400.0, 3)")


@compiles(seconds_between, "postgresql")
def _sb_pg(element: seconds_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"CAST(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
            f"{compiler.process(earlier, **kw)})) AS DOUBLE PRECISION)")


class local_day(FunctionElement[str]):  # noqa: N801
    """The Asia/Shanghai calendar day of a UTC timestamp as ``YYYY-MM-DD`` text."""

    type = String()
    inherit_cache = True
    name = "local_day"


class local_date(FunctionElement[Any]):  # noqa: N801
    """The Asia/Shanghai calendar day of a UTC timestamp, for grouping: ``YYYY-MM-DD`` text on
    SQLite, a ``date`` on PostgreSQL (``str()`` of either reads the same). PostgreSQL's
    ``to_char`` costs as much again as the conversion itself: 0.10 s of a month's 82,000 cases."""

    inherit_cache = True
    name = "local_date"


@compiles(local_day, "sqlite")
@compiles(local_date, "sqlite")  # text on SQLite either way
def _ld_sqlite(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
    (col,) = list(element.clauses)
    return f"strftime('%Y-%m-%d', {compiler.process(col, **kw)}, '+8 hours')"


@compiles(local_day, "postgresql")
def _ld_pg(element: local_day, compiler: Any, **kw: Any) -> str:
    (col,) = list(element.clauses)
    return f"to_char({compiler.process(col, **kw)} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"


@compiles(local_date, "postgresql")
def _lt_pg(element: local_date, compiler: Any, **kw: Any) -> str:
    (col,) = list(element.clauses)
    return f"CAST({compiler.process(col, **kw)} AT TIME ZONE 'Asia/Shanghai' AS DATE)"


def local_year(col: ColumnElement[Any]) -> ColumnElement[str]:
    """``YYYY`` of the Asia/Shanghai day."""
    return func.substr(local_day(col), 1, 4)


def json_int(col: Any, key: str) -> ColumnElement[int]:
    """An integer field of a JSON object column, 0 when absent (engagement counts)."""
    return func.coalesce(col[key].as_integer(), 0)


def keyword_values(dialect: str, col: Any) -> Any:
    """A table-valued function yielding one row per element of a JSON list column."""
    if dialect == "postgresql":
        return func.jsonb_array_elements_text(col).table_valued("value")
    return func.json_each(col).table_valued("value")


def risk_items(dialect: str, col: Any) -> tuple[Any, ColumnElement[Any]]:
    """Rows of a JSON list of risk objects and the ``flag`` of each (``cases.risk``)."""
    if dialect == "postgresql":
        t = func.jsonb_array_elements(col).table_valued("value")
        return t, t.c.value.op("->>")("flag")
    t = func.json_each(col).table_valued("value")
    return t, func.json_extract(t.c.value, "$.flag")


@contextmanager
def without_jit(session: Session) -> Iterator[None]:
    """PostgreSQL's JIT compiler off while the statistics run, as it was after.

    Why: PostgreSQL compiles a query to machine code when its *estimated* cost passes
    ``jit_above_cost`` (100,000 by default), and the statistics' JSON expansions are estimated at
    100 rows per case (a month of a big city: 8 million rows, against the 160,000 keywords that
    come): the risk counts of the 1M-case bench spent 0.62 s compiling and inlining a query that
    then ran in 0.15 s. The statistics' queries each run once and in well under a second, which is
    where compiling never pays. The setting is the transaction's own (``set_config(…, true)``)
    and is put back after, so the caller's later queries in it are planned as before.
    """
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    was = session.execute(text("SELECT current_setting('jit')")).scalar_one()
    session.execute(text("SELECT set_config('jit', 'off', true)"))
    yield  # on an error the transaction is rolled back, and the setting with it
    session.execute(text("SELECT set_config('jit', :was, true)"), {"was": was})
