"""The headline figures: one aggregate query over the cohort, plus percentile queries.

Names here are the names in ``docs/metrics.md`` and the keys of ``wenzheng stats --format json``;
change one, change all three. Rates are fractions (0.9529, not 95.29) and ``None`` when their
denominator is zero: "no cases" is not "0 % replied".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, case, func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from monitor.stats.cohort import FLAGS, Cohort, event_totals
from monitor.stats.rollup import Before, Rollup
from monitor.stats.scope import Scope
from monitor.stats.sqlfn import seconds_between
from monitor.store.models import Case

COUNT_METRICS = (
    "received", "replied", "first_response_on_time", "late_replies", "closed", "closed_on_time",
    "overdue_unaccepted", "overdue_unclosed", "satisfied", "unsatisfied", "rated",
    "reply_violations", "escalations", "joint_cases", "supervised",
)
#: headline figures compared with the period before (``previous`` and ``change``)
CHANGE_METRICS = ("received", "replied", "reply_rate", "first_response_on_time", "closed",
                  "closure_rate", "overdue_unaccepted", "overdue_unclosed", "satisfaction_rate",
                  "reply_violations", "escalations", "joint_cases")
PERCENTILES = {"median": Fraction(1, 2), "p90": Fraction(9, 10)}
_DEN = 1000  # percentile positions are computed in SQL integer arithmetic: (n-1)*num/_DEN


def count_if(cond: ColumnElement[bool]) -> ColumnElement[int]:
    """``COUNT(*) FILTER (WHERE cond)`` in a form both backends accept."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def ratio(num: int | None, den: int | None) -> float | None:
    if not den or num is None:
        return None
    return round(num / den, 6)


def first_response_seconds() -> ColumnElement[float]:
    return seconds_between(Case.first_response_at, Case.received_at)


def closure_seconds() -> ColumnElement[float]:
    return seconds_between(Case.closed_at, Case.received_at)


def count_columns(co: Cohort) -> list[ColumnElement[Any]]:
    """The per-case counts as labelled aggregates over the cohort (reused per group)."""
    c = co.c
    return [func.count().label("received"),
            *(func.coalesce(func.sum(c[f]), 0).label(f) for f in FLAGS),
            func.min(c.unaccepted_due).label("oldest_unaccepted_due"),
            func.avg(c.fr_s).label("first_response_mean_s")]


def derive_rates(row: dict[str, Any], scope: Scope) -> dict[str, Any]:
    """Add rates and days overdue to a row of counts (headline or one group)."""
    r = {k: (int(v) if k in COUNT_METRICS else v) for k, v in row.items()}
    r["rated"] = r["satisfied"] + r["unsatisfied"]
    r["reply_rate"] = ratio(r["replied"], r["received"])
    settled = r["replied"] + r["overdue_unaccepted"]
    r["first_response_on_time_rate"] = ratio(r["first_response_on_time"], settled)
    r["closure_rate"] = ratio(r["closed"], r["received"])
    r["closed_on_time_rate"] = ratio(r["closed_on_time"], r["closed"])
    r["satisfaction_rate"] = ratio(r["satisfied"], r["rated"])
    oldest = r.pop("oldest_unaccepted_due", None)
    r["overdue_unaccepted_days_max"] = (
        math.floor((scope.as_of - _aware(oldest)).total_seconds() / 86400) if oldest else None)
    mean = r.pop("first_response_mean_s", None)
    r["first_response_mean_s"] = round(float(mean), 3) if mean is not None else None
    return r


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite may hand back MIN() over a timestamp as plain text
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def headline(session: Session, co: Cohort, groups: Rollup) -> dict[str, Any]:
    """All headline figures of the cohort (counts, rates, percentiles, event counts).

    The counts are ``groups`` (the cohort's one grouped pass) added up.
    """
    out = derive_rates(groups.by()[()], co.scope)
    per_lead = co.event_counts(session, "lead")  # shared with the per-account table
    out["reply_violations"] = sum(v["reply_violations"] for v in per_lead.values())
    out["escalations"] = sum(v["escalations"] for v in per_lead.values())
    for name, col in (("first_response", co.c.fr_s), ("closure", co.c.cl_s)):
        n = out["replied"] if name == "first_response" else out["closed"]
        pct = ranked_percentiles(session, col, n)
        for label in PERCENTILES:
            out[f"{name}_{label}_s"] = pct.get(label)
    return out


def counts_headline(session: Session, scope: Scope, before: Before) -> dict[str, Any]:
    """The headline figures of ``scope`` that are compared (:data:`CHANGE_METRICS`), without a
    cohort (the period before, which is compared, not described): the counts of ``before``
    (:meth:`Before.read`), the rates :func:`derive_rates` makes of them, and the event totals.
    The flags the comparison does not read were not counted: they enter as 0 and only
    :data:`CHANGE_METRICS` come out (``tests/test_stats_parity.py`` holds these equal to the
    cohort's)."""
    rates = derive_rates({**dict.fromkeys(FLAGS, 0), **before.totals, "oldest_unaccepted_due": None,
                          "first_response_mean_s": None}, scope)
    out = {**rates, **event_totals(session, scope)}
    return {m: out[m] for m in CHANGE_METRICS}


def ranked_percentiles(session: Session, value: Column[Any], n: int,
                       which: dict[str, Fraction] = PERCENTILES) -> dict[str, float | None]:
    """Percentiles of ``value`` over its ``n`` non-null rows (linear interpolation between the two
    rows around each position, as numpy/pandas).

    SQLite hands the column's values over and Python sorts them: a month of the 1M-case bench
    (82,000 doubles) is read and sorted in about a third of the time SQLite took to build an index
    on the column (which then answered ``ORDER BY … LIMIT 2 OFFSET k``), and a sort of the same
    doubles puts them in the same order. PostgreSQL would walk such an index to the offset
    visiting the table at every row (a temporary table is never vacuumed), so it sorts the column
    once into an array and reads every wanted element from it in one query.
    """
    if n <= 0:
        return {label: None for label in which}
    lows = {label: math.floor(frac * (n - 1)) for label, frac in which.items()}
    got: dict[int, float] = {}
    if session.get_bind().dialect.name == "postgresql":
        wanted = sorted({k for lo in lows.values() for k in (lo, lo + 1)})
        ordered = (select(func.array_agg(aggregate_order_by(value, value)).label("a"))
                   .where(value.is_not(None)).subquery())
        row = session.execute(select(*(ordered.c.a[k + 1] for k in wanted))).one()
        got = {k: float(v) for k, v in zip(wanted, row) if v is not None}
    else:
        # the driver's cursor: 82,000 rows through SQLAlchemy's result objects cost more than
        # the sort (a cohort column: its table's and its own fixed names, no parameters)
        cur = session.connection().connection.cursor()
        try:
            cur.execute(f"SELECT {value.name} FROM {value.table.name} WHERE {value.name} IS NOT NULL")
            values = sorted(map(itemgetter(0), cur.fetchall()))
        finally:
            cur.close()
        got = {k: float(values[k]) for lo in lows.values() for k in (lo, lo + 1) if k < len(values)}
    out: dict[str, float | None] = {}
    for label, frac in which.items():
        pos, lo = frac * (n - 1), lows[label]
        a = got[lo]
        b = got.get(lo + 1, a)
        out[label] = round(a + float(pos - lo) * (b - a), 3)
    return out


def percentiles(session: Session, where: Sequence[ColumnElement[bool]], value: ColumnElement[float],
                group: ColumnElement[Any] | None = None,
                which: dict[str, Fraction] = PERCENTILES) -> dict[Any, dict[str, float | None]]:
    """Median and p90 (linear interpolation, as numpy/pandas) of ``value``, per ``group``.

    SQLite has no percentile function, so each group's rows are numbered in order by a window
    function and only the (at most two) rows around each wanted position come back: the database
    sorts, Python interpolates between two numbers.
    """
    part = [group] if group is not None else []
    rn = func.row_number().over(partition_by=part or None, order_by=value)
    n = func.count().over(partition_by=part or None)
    cols = [value.label("v"), rn.label("rn"), n.label("n")]
    if group is not None:
        cols.append(group.label("g"))
    inner = select(*cols).where(*where, value.is_not(None)).subquery()
    wanted = []
    for frac in which.values():
        num = int(frac * _DEN)
        k = ((inner.c.n - 1) * num) // _DEN  # integer division on both backends
        wanted += [inner.c.rn == k + 1, inner.c.rn == k + 2]
    g_col = inner.c.g if group is not None else None
    q = select(inner.c.v, inner.c.rn, inner.c.n, *([g_col] if g_col is not None else [])).where(or_(*wanted))
    found: dict[Any, dict[int, float]] = {}
    sizes: dict[Any, int] = {}
    for r in session.execute(q):
        g = r[3] if group is not None else None
        found.setdefault(g, {})[int(r.rn)] = float(r.v)
        sizes[g] = int(r.n)
    out: dict[Any, dict[str, float | None]] = {}
    for g, vals in found.items():
        n_rows = sizes[g]
        res: dict[str, float | None] = {}
        for label, frac in which.items():
            pos = Fraction(int(frac * _DEN), _DEN) * (n_rows - 1)
            lo = math.floor(pos)
            a = vals[lo + 1]
            b = vals.get(lo + 2, a)
            res[label] = round(a + float(pos - lo) * (b - a), 3)
        out[g] = res
    return out
