"""The bulletin's stories: fastest reply, hot topics, most-read posts, cases still past deadline,
risk alerts by kind, daily volume and the response-time distribution.

Each is one query that returns a handful of rows (``ORDER BY … LIMIT``) or one row per day or
bucket, so it costs the same whatever the size of the table beyond the period.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from monitor.stats.cohort import Cohort
from monitor.stats.scope import Scope
from monitor.classify.risk import DEFAULT_LABELS, risk_flag
from monitor.classify.risk_config import KINDS
from monitor.stats.sqlfn import risk_items
from monitor.store.models import Account, Case, CaseKeyword
from monitor.core.timeutil import iso_local

#: upper bounds (seconds) of the response-time buckets and their labels
BUCKETS: tuple[tuple[float, str], ...] = (
    (3600, "1小时内"), (4 * 3600, "1-4小时"), (24 * 3600, "4-24小时"), (3 * 86400, "1-3天"),
    (7 * 86400, "3-7天"), (math.inf, "7天以上"),
)
TITLE_CHARS = 40


def short_title(text: str | None) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= TITLE_CHARS else t[:TITLE_CHARS] + "…"


def fastest_first_response(session: Session, co: Cohort) -> dict[str, Any] | None:
    """Which case got the quickest first response, from which account, how long it took."""
    c = co.c
    # pick from the narrow cohort first, then fetch the one wide row (a join first would read
    # every case of the month)
    top = (select(c.id, c.fr_s).where(c.fr_s.is_not(None)).order_by(c.fr_s, c.id).limit(1)
           .subquery())
    q = (select(Case.id, Case.text, Case.received_at, Case.first_response_at, Case.lead_account_id,
                Case.region, Account.name, top.c.fr_s)
         .select_from(top).join(Case, Case.id == top.c.id)
         .outerjoin(Account, Account.id == Case.lead_account_id))
    r = session.execute(q).first()
    if r is None:
        return None
    return {"case_id": r.id, "title": short_title(r.text), "account_id": r.lead_account_id,
            "account_name": r.name, "region": r.region, "received_at": iso_local(r.received_at),
            "first_response_at": iso_local(r.first_response_at), "seconds": float(r.fr_s)}


def keyword_counts(session: Session, scope: Scope, limit: int | None) -> list[tuple[str, int]]:
    """Keyword frequencies of ``scope``'s cases, from ``case_keywords`` (each case's keyword
    list as rows, with its received time, kept by the database: migration ``i19_case_stats``):
    the whole matrix's are one range of its ``(received_at, keyword)`` index, where expanding
    every case's JSON list read each case's wide row (0.3 s of a month of the 1M-case bench on
    SQLite, for this period and the one before). A slice joins the case for its conditions."""
    k = CaseKeyword
    q = select(k.keyword, func.count().label("n")).where(*scope.received(k.received_at))
    if conds := scope.slice_where():
        q = q.join(Case, Case.id == k.case_id).where(*conds)
    q = q.group_by(k.keyword).order_by(func.count().desc(), k.keyword)
    if limit:
        q = q.limit(limit)
    return [(str(k), int(n)) for k, n in session.execute(q)]


def risk_counts(session: Session, co: Cohort) -> list[dict[str, Any]]:
    """Cases of the period that raised each risk kind, in Chinese (轻生 2 件), most first.

    Read from ``cases.risk`` like the keywords (one JSON expansion, grouped in SQL); flags stored
    by earlier versions (``minor_in_danger``) count under today's kind.
    """
    items, flag = risk_items(session.get_bind().dialect.name, Case.risk)
    q = (select(flag.label("flag"), func.count(func.distinct(Case.id))).select_from(Case)
         .join(items, literal(True)).where(*co.scope.where()).group_by(flag))
    counts: dict[str, int] = {}
    for code, n in session.execute(q):
        key = risk_flag(str(code or ""))
        counts[key] = counts.get(key, 0) + int(n)
    return [{"flag": k, "label": DEFAULT_LABELS.get(k, "风险"), "cases": n}
            for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], _kind_order(kv[0])))]


def _kind_order(code: str) -> int:
    return KINDS.index(code) if code in KINDS else len(KINDS)


def hot_topics(session: Session, co: Cohort, prev: Scope, n: int = 10) -> list[dict[str, Any]]:
    """The most frequent keywords of the period's cases, with the period before's rank."""
    before = {k: i for i, (k, _) in enumerate(keyword_counts(session, prev, 50), start=1)}
    return [{"keyword": k, "count": c, "rank": i, "previous_rank": before.get(k)}
            for i, (k, c) in enumerate(keyword_counts(session, co.scope, n), start=1)]


def most_engaged(session: Session, co: Cohort, n: int = 5) -> list[dict[str, Any]]:
    """Most-read posts (then most reposted/commented/liked) where the platform gives counts."""
    c = co.c
    top = (select(c.id, c.reads, c.engagement).where((c.reads + c.engagement) > 0)
           .order_by(c.reads.desc(), c.engagement.desc(), c.id).limit(n).subquery())
    q = (select(Case.id, Case.text, Case.url, Case.lead_account_id, top.c.reads, top.c.engagement)
         .select_from(top).join(Case, Case.id == top.c.id)
         .order_by(top.c.reads.desc(), top.c.engagement.desc(), top.c.id))
    return [{"case_id": r.id, "title": short_title(r.text), "url": r.url, "account_id": r.lead_account_id,
             "reads": int(r.reads), "engagement": int(r.engagement)} for r in session.execute(q)]


def overdue_open(session: Session, co: Cohort, n: int = 20) -> dict[str, Any]:
    """Cases still not closed past a deadline at ``as_of`` (oldest due first)."""
    c = co.c
    total = session.execute(select(func.count()).select_from(co.t)
                            .where(c.late_due.is_not(None))).scalar_one()
    top = (select(c.id, c.late_due, c.overdue_unaccepted).where(c.late_due.is_not(None))
           .order_by(c.late_due, c.id).limit(n).subquery())
    q = (select(Case.id, Case.text, Case.received_at, Case.lead_account_id, Account.name,
                top.c.late_due, top.c.overdue_unaccepted)
         .select_from(top).join(Case, Case.id == top.c.id)
         .outerjoin(Account, Account.id == Case.lead_account_id)
         .order_by(top.c.late_due, top.c.id))
    rows = []
    for r in session.execute(q):
        due = r.late_due if r.late_due.tzinfo else r.late_due.replace(tzinfo=dt.UTC)
        late_s = (co.scope.as_of - due).total_seconds()
        rows.append({"case_id": r.id, "title": short_title(r.text), "account_id": r.lead_account_id,
                     "account_name": r.name, "received_at": iso_local(r.received_at),
                     "clock": "first_response" if r.overdue_unaccepted else "closure",
                     "due": iso_local(due),
                     "days_overdue": math.floor(late_s / 86400), "overdue_s": round(late_s, 3)})
    return {"count": int(total), "cases": rows}


def daily(session: Session, co: Cohort) -> list[dict[str, Any]]:
    """Cases received per Asia/Shanghai day (every day of the period, zeros included)."""
    c = co.c
    q = select(c.day, func.count(), func.coalesce(func.sum(c.replied), 0)).group_by(c.day)
    got = {str(d): (int(a), int(b)) for d, a, b in session.execute(q)}
    out = []
    cur = co.scope.period.start
    while cur < co.scope.period.end:
        a, b = got.get(cur.isoformat(), (0, 0))
        out.append({"date": cur.isoformat(), "received": a, "replied": b})
        cur += dt.timedelta(days=1)
    return out


def response_time_distribution(session: Session, co: Cohort) -> list[dict[str, Any]]:
    """How many first responses fell in each time bucket (1小时内, 1-4小时, …)."""
    secs = co.c.fr_s
    whens = [(secs <= upper, i) for i, (upper, _) in enumerate(BUCKETS) if upper != math.inf]
    bucket = case(*whens, else_=len(BUCKETS) - 1)
    q = select(bucket.label("b"), func.count()).where(secs.is_not(None)).group_by(bucket)
    got = {int(b): int(n) for b, n in session.execute(q)}
    return [{"bucket": label, "upper_s": None if upper == math.inf else upper, "count": got.get(i, 0)}
            for i, (upper, label) in enumerate(BUCKETS)]
