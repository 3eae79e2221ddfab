"""``/api/stats`` and the 统计 page: the query string read as a period and a slice, then
:func:`monitor.stats.compute_stats`, the same computation as ``wenzheng stats --format json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from monitor.core.timeutil import to_local
from monitor.stats.period import EARLIEST, LATEST, Period, PeriodError, within_bounds
from monitor.web.console.dispatch import BadRequest

if TYPE_CHECKING:
    from monitor.access import Principal
    from monitor.web.context import WebContext


def parse_period(query: Mapping[str, str], *, now: dt.datetime | None = None) -> Any:
    """``month=YYYY-MM`` | ``quarter=YYYY-Qn`` | ``from=YYYY-MM-DD&to=YYYY-MM-DD``; default this month."""
    return _in_range(_parse_period(query, now=now))


def _parse_period(query: Mapping[str, str], *, now: dt.datetime | None = None) -> Any:
    given = [k for k in ("month", "quarter") if query.get(k)]
    if query.get("from") or query.get("to"):
        given.append("from/to")
    if len(given) > 1:
        raise BadRequest(f"只能给一个统计期，不能同时给 {'、'.join(given)}")
    try:
        if query.get("month"):
            period = Period.parse(query["month"])
            if period.kind != "month":
                raise BadRequest(f"月份应写作 2026-03，给的是“{query['month']}”", field="month")
            return period
        if query.get("quarter"):
            period = Period.parse(query["quarter"])
            if period.kind != "quarter":
                raise BadRequest(f"季度应写作 2026-Q1，给的是“{query['quarter']}”", field="quarter")
            return period
        if given:
            if not (query.get("from") and query.get("to")):
                raise BadRequest("起止日期要一起给（YYYY-MM-DD，含首尾两天）", field="from")
            return Period.range(dt.date.fromisoformat(query["from"]), dt.date.fromisoformat(query["to"]))
    except OverflowError:  # e.g. to=9999-12-31: the day after it does not exist
        raise BadRequest(f"统计期须在 {EARLIEST} 至 {LATEST} 之间") from None
    except (PeriodError, ValueError) as err:
        if isinstance(err, BadRequest):
            raise
        raise BadRequest(str(err)) from None
    today = to_local(now or dt.datetime.now(dt.UTC)).date()
    return Period.month(today.year, today.month)


def _in_range(period: Any) -> Any:
    """A period within the years statistics can mean (year 0001 cannot even be converted to UTC)."""
    try:
        return within_bounds(period)
    except PeriodError as err:
        raise BadRequest(str(err)) from None


def stats_json(session: Session, query: Mapping[str, str], ctx: WebContext,
               user: Principal | None = None) -> Any:
    """What ``wenzheng stats --format json`` prints for the same period and slice.

    Slices: ``account`` (its subtree), ``region``, ``type``, ``domain``, ``channel``; unknown ones are a 400.
    A member's figures are always about its own account: ``account`` defaults to it and may name
    only an account in its scope (another one is "unknown", as for a case out of scope).
    """
    from monitor.stats import StatsError, compute_stats

    period = parse_period(query)
    pick = {k: (query.get(k) or "").strip() or None for k in ("account", "region", "type", "domain", "channel")}
    if user is not None and user.role == "member":
        pick["account"] = pick["account"] or user.account_id
        if not user.may_use_account(pick["account"] or ""):
            raise BadRequest(f"矩阵中没有账号“{pick['account']}”", field="account")
    try:
        return compute_stats(session, period, account_id=pick["account"], region=pick["region"],
                       type=pick["type"], domain=pick["domain"], channel=pick["channel"],
                       matrix=ctx.app.matrix)
    except StatsError as err:
        raise BadRequest(str(err)) from None


# The headline figures the 统计 page shows, in bulletin order: (key, label, kind).
HEADLINE = (
    ("received", "受理", "count"), ("replied", "已回复", "count"), ("reply_rate", "回复率", "rate"),
    ("first_response_on_time_rate", "按时响应率", "rate"), ("first_response_median_s", "响应用时中位数", "seconds"),
    ("closed", "已办结", "count"), ("closure_rate", "办结率", "rate"),
    ("closed_on_time_rate", "按时办结率", "rate"), ("overdue_unaccepted", "超期未响应", "count"),
    ("overdue_unclosed", "超期未办结", "count"), ("satisfaction_rate", "满意率", "rate"),
    ("supervised", "督办", "count"), ("joint_cases", "联合办理", "count"),
)
