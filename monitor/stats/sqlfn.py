"""Portable SQL expressions for the statistics: durations, local days, keyword lists.

SQLite keeps times as text and has no interval type or timezone conversion; PostgreSQL has both.
Each helper compiles to the native form on each backend so that every figure is computed inside
the database (an aggregate over an index range), never by pulling rows into Python.

Asia/Shanghai has had no daylight-saving time since 1991, so "+8 hours" is exact for local days.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String, func
from sqlalchemy.ext.compiler import compiles
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


@compiles(local_day, "sqlite")
def _ld_sqlite(element: local_day, compiler: Any, **kw: Any) -> str:
    (col,) = list(element.clauses)
    return f"strftime('%Y-%m-%d', {compiler.process(col, **kw)}, '+8 hours')"


@compiles(local_day, "postgresql")
def _ld_pg(element: local_day, compiler: Any, **kw: Any) -> str:
    (col,) = list(element.clauses)
    return f"to_char({compiler.process(col, **kw)} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"


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
