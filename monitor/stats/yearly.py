"""Per-year history: received, replied, median and p90 reply time for each Asia/Shanghai year.

Meant for imported history (a board's archive of several years), so outcomes are observed as of
``as_of`` = now by default: a letter of December 2019 answered in January 2020 counts as replied
to in 2019's row, with its real lag. One ``GROUP BY`` plus one windowed percentile query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.stats.metrics import count_if, first_response_seconds, percentiles, ratio
from monitor.stats.sqlfn import local_year
from monitor.store.models import Case
from monitor.core.timeutil import utcnow


def by_year(session: Session, *, platform: str | None = None, channel: str | None = None,
            as_of: dt.datetime | None = None) -> dict[str, Any]:
    """Rows per year plus an ``all`` row, each with received, replied, reply_rate and lags (s)."""
    as_of = as_of or utcnow()
    where = []
    if platform:
        where.append(Case.platform == platform)
    if channel:
        where.append(Case.channel == channel)
    replied = Case.first_response_at.is_not(None) & (Case.first_response_at < as_of)
    year = local_year(Case.received_at)
    q = (select(year.label("y"), func.count(), count_if(replied)).where(*where)
         .group_by(year).order_by(year))
    counts = [(str(y), int(n), int(r)) for y, n, r in session.execute(q)]
    per_year = percentiles(session, [*where, replied], first_response_seconds(), group=year)
    overall = percentiles(session, [*where, replied], first_response_seconds()).get(None, {})
    rows = []
    for y, n, r in counts:
        p = per_year.get(y, {})
        rows.append({"year": y, "received": n, "replied": r, "reply_rate": ratio(r, n),
                     "reply_median_s": p.get("median"), "reply_p90_s": p.get("p90")})
    total_n, total_r = sum(n for _, n, _ in counts), sum(r for _, _, r in counts)
    return {"as_of": as_of.isoformat(), "years": rows,
            "all": {"year": "all", "received": total_n, "replied": total_r,
                    "reply_rate": ratio(total_r, total_n),
                    "reply_median_s": overall.get("median"), "reply_p90_s": overall.get("p90")}}
