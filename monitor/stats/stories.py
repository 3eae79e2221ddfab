"""看回复's narrative parts: how many departments took part, and a few cases told end to end.

Offices open 看回复 with "有N个部门(单位)参与群众诉求办理工作" (seed 000) and then tell two or
three cases as received → handled → outcome with dates (seed 004: "经平台转办,10月22日,街道和社区
再次协调,施工方得以顺利进场施工"). The cases are chosen by rule, never by hand, so the same data
always gives the same stories:

1. 快速办结、群众满意: closed and rated satisfied, shortest time to closure;
2. 多部门联合办理: a joint case that was closed, most co-handlers first, then fastest;
3. 群众关注: the closed case with most reads, then reposts + comments + likes.

A rule with no candidate is skipped; a case already told is not told twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local
from monitor.stats.cohort import Cohort
from monitor.stats.highlights import short_title
from monitor.store.models import Account, Assignment, Case, CaseEvent

EXCERPT_CHARS = 80
RULES = (("fast_satisfied", "快速办结、群众满意"), ("joint", "多部门联合办理"),
         ("attention", "群众关注"))


def departments_involved(session: Session, co: Cohort) -> int:
    """Accounts (not the hub itself) assigned to a cohort case, as lead or co-handler, before
    ``as_of``: the N of 有N个部门参与办理."""
    q = (select(func.count(func.distinct(Assignment.account_id)))
         .select_from(Assignment).join(co.t, co.c.id == Assignment.case_id)
         .join(Account, Account.id == Assignment.account_id)
         .where(Assignment.assigned_at < co.scope.as_of, Account.kind != "hub"))
    return int(session.execute(q).scalar_one())


def _pick(session: Session, co: Cohort, rule: str, told: set[int]) -> int | None:
    c = co.c
    q = select(c.id).where(c.closed == 1)
    if told:
        q = q.where(c.id.not_in(told))
    if rule == "fast_satisfied":
        q = q.where(c.satisfied == 1).order_by(c.cl_s, c.id)
    elif rule == "joint":
        co_count = (select(func.count()).where(Assignment.case_id == c.id, Assignment.role == "co",
                                                Assignment.assigned_at < co.scope.as_of)
                    .scalar_subquery())
        q = q.where(c.joint_cases == 1).order_by(co_count.desc(), c.cl_s, c.id)
    else:
        q = q.where((c.reads + c.engagement) > 0).order_by(c.reads.desc(), c.engagement.desc(), c.id)
    return session.execute(q.limit(1)).scalar()


def case_stories(session: Session, co: Cohort, n: int = 3) -> list[dict[str, Any]]:
    """Up to ``n`` cases told as 收到 → 办理 → 结果, one per rule (see the module docstring)."""
    told: set[int] = set()
    picked: list[tuple[str, str, int]] = []
    for rule, label in RULES[:n]:
        cid = _pick(session, co, rule, told)
        if cid is not None:
            told.add(cid)
            picked.append((rule, label, cid))
    return [_story(session, co, rule, label, cid) for rule, label, cid in picked]


def _story(session: Session, co: Cohort, rule: str, label: str, cid: int) -> dict[str, Any]:
    case = session.get(Case, cid)
    assert case is not None
    as_of = co.scope.as_of
    lead = session.get(Account, case.lead_account_id) if case.lead_account_id else None
    co_names = list(session.scalars(
        select(Account.name).join(Assignment, Assignment.account_id == Account.id)
        .where(Assignment.case_id == cid, Assignment.role == "co", Assignment.assigned_at < as_of)
        .order_by(Account.name)))
    events = session.execute(
        select(CaseEvent.kind, CaseEvent.at, CaseEvent.data)
        .where(CaseEvent.case_id == cid, CaseEvent.kind.in_(("reply", "closed")), CaseEvent.at < as_of)
        .order_by(CaseEvent.at, CaseEvent.id)).all()
    reply = next((e for e in events if e.kind == "reply"), None)
    first = case.first_response_at
    closed = [e for e in events if e.kind == "closed"]
    result = str((closed[-1].data or {}).get("result") or "") if closed else ""
    reply_text = str((reply.data or {}).get("text") or "") if reply else ""
    return {
        "case_id": cid, "rule": rule, "label": label, "title": short_title(case.text),
        "region": case.region, "received_at": iso_local(case.received_at),
        "lead": lead.name if lead else None, "co_handlers": co_names,
        "first_response_at": iso_local(first) if first is not None and first < as_of else None,
        "reply": _excerpt(reply_text), "closed_at": iso_local(case.closed_at),
        "result": _excerpt(result), "satisfaction": case.satisfaction,
        "closure_s": (case.closed_at - case.received_at).total_seconds() if case.closed_at else None,
    }


def _excerpt(text: str) -> str:
    t = " ".join(text.split())
    return t if len(t) <= EXCERPT_CHARS else t[:EXCERPT_CHARS] + "…"
