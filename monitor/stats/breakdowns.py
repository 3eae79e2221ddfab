"""Breakdowns by type, domain (and sub-topic), region, channel and account, with ranks and their changes.

Each breakdown has the same aggregates as the headline (:func:`monitor.stats.metrics.count_columns`),
so a department's 办结率 is defined exactly like the matrix's. Type, domain (and sub-topic), region
and channel are added up from the cohort's one grouped pass (:mod:`monitor.stats.rollup`), for
this period and the previous one; accounts have one ``GROUP BY`` of their own in each. Ranks are
competition ranks (1, 2, 2, 4) by cases received, ties broken by name so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from monitor.core.labels import channel_label
from monitor.stats.cohort import Cohort
from monitor.stats.metrics import count_columns, derive_rates
from monitor.stats.rollup import Before, Rollup
from monitor.core.labels import TYPE_LABELS
from monitor.store.models import Account


def grouped(session: Session, co: Cohort, key: ColumnElement[Any]) -> dict[Any, dict[str, Any]]:
    """Headline counts and rates per value of ``key`` (None is a group too: "unclassified")."""
    q = select(key.label("key"), *count_columns(co)).select_from(co.t).group_by(key)
    out: dict[Any, dict[str, Any]] = {}
    for r in session.execute(q):
        row = dict(r._mapping)
        k = row.pop("key")
        out[k] = derive_rates(row, co.scope)
    return out


def received_by(session: Session, co: Cohort, key: ColumnElement[Any]) -> dict[Any, int]:
    q = select(key, func.count()).select_from(co.t).group_by(key)
    return {k: int(n) for k, n in session.execute(q)}


def ranks(counts: dict[Any, int]) -> dict[Any, int]:
    """Competition ranks, largest first; ties share a rank, the next rank skips."""
    order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    out: dict[Any, int] = {}
    prev_n, prev_rank = None, 0
    for i, (k, n) in enumerate(order, start=1):
        rank = prev_rank if n == prev_n else i
        out[k] = rank
        prev_n, prev_rank = n, rank
    return out


def with_ranks(groups: dict[Any, dict[str, Any]], previous: dict[Any, int],
               name: str) -> list[dict[str, Any]]:
    """Rows sorted by rank, each with previous count/rank and the rank change (+ = rose)."""
    now_r = ranks({k: v["received"] for k, v in groups.items()})
    prev_r = ranks(previous)
    rows = []
    for k, v in groups.items():
        pr = prev_r.get(k)
        rows.append({name: k, "rank": now_r[k], **v, "previous_received": previous.get(k, 0),
                     "previous_rank": pr, "rank_change": (pr - now_r[k]) if pr else None})
    rows.sort(key=lambda r: (r["rank"], r[name] is None, str(r[name])))
    return rows


def _share(rows: Iterable[dict[str, Any]], total: int) -> None:
    for r in rows:
        r["share"] = round(r["received"] / total, 6) if total else None


def _rolled(groups: Rollup, prev: Before, co: Cohort, key: str) -> list[dict[str, Any]]:
    now = {k: derive_rates(v, co.scope) for k, v in groups.by(key).items()}
    return with_ranks(now, prev.received_by(key), key)


def by_type(co: Cohort, groups: Rollup, prev: Before) -> list[dict[str, Any]]:
    rows = _rolled(groups, prev, co, "type")
    for r in rows:
        r["label"] = TYPE_LABELS.get(r["type"], r["type"])
    _share(rows, sum(r["received"] for r in rows))
    return rows


def by_domain(co: Cohort, groups: Rollup, prev: Before) -> list[dict[str, Any]]:
    rows = _rolled(groups, prev, co, "domain")
    _share(rows, sum(r["received"] for r in rows))
    subs: dict[Any, list[dict[str, Any]]] = {}
    for (d, s), v in groups.by("domain", "subtopic").items():
        subs.setdefault(d, []).append({"subtopic": s, "received": v["received"]})
    for r in rows:
        r["subtopics"] = sorted(subs.get(r["domain"], []), key=lambda x: (-x["received"], str(x["subtopic"])))
    return rows


def by_region(co: Cohort, groups: Rollup, prev: Before) -> list[dict[str, Any]]:
    rows = _rolled(groups, prev, co, "region")
    _share(rows, sum(r["received"] for r in rows))
    return rows


def by_channel(co: Cohort, groups: Rollup, prev: Before) -> list[dict[str, Any]]:
    """Per intake channel (微博, 12345热线, 微信公众号, 媒体报道, 电话, 来访…): how each performs."""
    rows = _rolled(groups, prev, co, "channel")
    for r in rows:
        r["label"] = channel_label(r["channel"])
    _share(rows, sum(r["received"] for r in rows))
    return rows


def account_info(session: Session) -> dict[str, dict[str, Any]]:
    q = select(Account.id, Account.name, Account.kind, Account.parent_id, Account.region)
    return {r.id: {"name": r.name, "kind": r.kind, "parent_id": r.parent_id, "region": r.region}
            for r in session.execute(q)}


def by_account(session: Session, co: Cohort, prev: Before) -> list[dict[str, Any]]:
    """Per lead account: the 部门办理情况统计表 (letters, replied, closed, overdue, late…)."""
    groups = grouped(session, co, co.c.lead)
    info = account_info(session)
    events = co.event_counts(session, "lead")
    for k, v in groups.items():
        v.update(events.get(k, {"reply_violations": 0, "escalations": 0}))
    rows = with_ranks(groups, prev.received_by("lead"), "account_id")
    for r in rows:
        meta = info.get(r["account_id"], {})
        r["name"] = meta.get("name", r["account_id"] or "未分派")
        r["kind"] = meta.get("kind")
        r["parent_id"] = meta.get("parent_id")
        r["account_region"] = meta.get("region")
    return rows


def top_accounts(rows: list[dict[str, Any]], n: int, min_cases: int) -> dict[str, list[dict[str, Any]]]:
    """Top ``n`` by volume, and by performance among accounts with at least ``min_cases``.

    Performance = on-time first-response rate, then reply rate, then closure rate, then volume:
    the order in which the seeds' bulletins praise or name departments.
    """
    named = [r for r in rows if r["account_id"] is not None]

    def brief(r: dict[str, Any]) -> dict[str, Any]:
        return {k: r[k] for k in ("account_id", "name", "kind", "received", "replied", "reply_rate",
                                  "first_response_on_time_rate", "closed", "closure_rate")}

    volume = sorted(named, key=lambda r: (-r["received"], r["account_id"]))[:n]
    eligible = [r for r in named if r["received"] >= min_cases]
    perf = sorted(eligible, key=lambda r: (-(r["first_response_on_time_rate"] or 0),
                                           -(r["reply_rate"] or 0), -(r["closure_rate"] or 0),
                                           -r["received"], r["account_id"]))[:n]
    return {"by_volume": [brief(r) for r in volume], "by_performance": [brief(r) for r in perf],
            "min_cases": min_cases}
