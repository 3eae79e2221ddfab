"""The bulletin's stories: fastest reply, hot topics, most-read posts, cases still past deadline,
daily volume and the response-time distribution.

Each is one query that returns a handful of rows (``ORDER BY … LIMIT``) or one row per day or
bucket, so it costs the same whatever the size of the table beyond the period.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from monitor.stats.metrics import count_if, first_response_seconds
from monitor.stats.scope import Scope
from monitor.stats.sqlfn import json_int, keyword_values, local_day
from monitor.store.models import Account, Case
from monitor.timeutil import iso_local

#: upper bounds (seconds) of the response-time buckets and their labels
BUCKETS: tuple[tuple[float, str], ...] = (
    (3600, "1小时内"), (4 * 3600, "1-4小时"), (24 * 3600, "4-24小时"), (3 * 86400, "1-3天"),
    (7 * 86400, "3-7天"), (math.inf, "7天以上"),
)
TITLE_CHARS = 40


def _title(text: str | None) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= TITLE_CHARS else t[:TITLE_CHARS] + "…"


def fastest_first_response(session: Session, scope: Scope) -> dict[str, Any] | None:
    """Which case got the quickest first response, from which account, how long it took."""
    secs = first_response_seconds()
    q = (select(Case.id, Case.text, Case.received_at, Case.first_response_at, Case.lead_account_id,
                Case.region, Account.name, secs.label("s"))
         .outerjoin(Account, Account.id == Case.lead_account_id)
         .where(*scope.where(), scope.replied()).order_by(secs, Case.id).limit(1))
    r = session.execute(q).first()
    if r is None:
        return None
    return {"case_id": r.id, "title": _title(r.text), "account_id": r.lead_account_id,
            "account_name": r.name, "region": r.region, "received_at": iso_local(r.received_at),
            "first_response_at": iso_local(r.first_response_at), "seconds": float(r.s)}


def hot_topics(session: Session, scope: Scope, prev: Scope, n: int = 10) -> list[dict[str, Any]]:
    """The most frequent keywords of the period's cases, with last period's rank."""
    dialect = session.get_bind().dialect.name

    def counts(sc: Scope, limit: int | None) -> list[tuple[str, int]]:
        kw = keyword_values(dialect, Case.keywords)
        q = (select(kw.c.value, func.count().label("n")).select_from(Case).join(kw, literal(True))
             .where(*sc.where()).group_by(kw.c.value).order_by(func.count().desc(), kw.c.value))
        if limit:
            q = q.limit(limit)
        return [(str(k), int(c)) for k, c in session.execute(q)]

    now = counts(scope, n)
    before = {k: i for i, (k, _) in enumerate(counts(prev, 50), start=1)}
    return [{"keyword": k, "count": c, "rank": i, "previous_rank": before.get(k)}
            for i, (k, c) in enumerate(now, start=1)]


def most_engaged(session: Session, scope: Scope, n: int = 5) -> list[dict[str, Any]]:
    """Most-read posts (then most reposted/commented/liked) where the platform gives counts."""
    reads = json_int(Case.metrics, "reads")
    engagement = (json_int(Case.metrics, "reposts") + json_int(Case.metrics, "comments")
                  + json_int(Case.metrics, "attitudes"))
    q = (select(Case.id, Case.text, Case.url, Case.lead_account_id, reads.label("reads"),
                engagement.label("engagement"))
         .where(*scope.where(), (reads + engagement) > 0)
         .order_by(reads.desc(), engagement.desc(), Case.id).limit(n))
    return [{"case_id": r.id, "title": _title(r.text), "url": r.url, "account_id": r.lead_account_id,
             "reads": int(r.reads), "engagement": int(r.engagement)} for r in session.execute(q)]


def overdue_open(session: Session, scope: Scope, n: int = 20) -> dict[str, Any]:
    """Cases still not closed past a deadline at ``as_of`` (oldest due first)."""
    late = scope.overdue_unaccepted() | scope.overdue_unclosed()
    due = case((scope.overdue_unaccepted(), Case.first_response_due), else_=Case.closure_due)
    total = session.execute(select(func.count()).where(*scope.where(), late)).scalar_one()
    q = (select(Case.id, Case.text, Case.received_at, Case.lead_account_id, Account.name,
                Case.first_response_due, Case.closure_due, scope.overdue_unaccepted().label("unaccepted"))
         .outerjoin(Account, Account.id == Case.lead_account_id)
         .where(*scope.where(), late).order_by(due, Case.id).limit(n))
    rows = []
    for r in session.execute(q):
        d = r.first_response_due if r.unaccepted else r.closure_due
        rows.append({"case_id": r.id, "title": _title(r.text), "account_id": r.lead_account_id,
                     "account_name": r.name, "received_at": iso_local(r.received_at),
                     "clock": "first_response" if r.unaccepted else "closure", "due": iso_local(d),
                     "days_overdue": math.floor((scope.as_of - d).total_seconds() / 86400)})
    return {"count": int(total), "cases": rows}


def daily(session: Session, scope: Scope) -> list[dict[str, Any]]:
    """Cases received per Asia/Shanghai day (every day of the period, zeros included)."""
    import datetime as dt
    day = local_day(Case.received_at)
    q = (select(day.label("d"), func.count(), count_if(scope.replied()))
         .where(*scope.where()).group_by(day))
    got = {str(d): (int(a), int(b)) for d, a, b in session.execute(q)}
    out = []
    cur = scope.period.start
    while cur < scope.period.end:
        a, b = got.get(cur.isoformat(), (0, 0))
        out.append({"date": cur.isoformat(), "received": a, "replied": b})
        cur += dt.timedelta(days=1)
    return out


def response_time_distribution(session: Session, scope: Scope) -> list[dict[str, Any]]:
    """How many first responses fell in each time bucket (1小时内, 1-4小时, …)."""
    secs = first_response_seconds()
    whens = [(secs <= upper, i) for i, (upper, _) in enumerate(BUCKETS) if upper != math.inf]
    bucket = case(*whens, else_=len(BUCKETS) - 1)
    q = select(bucket.label("b"), func.count()).where(*scope.where(), scope.replied()).group_by(bucket)
    got = {int(b): int(n) for b, n in session.execute(q)}
    return [{"bucket": label, "upper_s": None if upper == math.inf else upper, "count": got.get(i, 0)}
            for i, (upper, label) in enumerate(BUCKETS)]
