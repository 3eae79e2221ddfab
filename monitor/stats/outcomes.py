"""这些事解决了 and 网友评价: what the period's handling achieved, in the citizens' own words.

Offices write "推动41条街巷完成整治" — a count of outcomes per kind of problem. We count only what
the data holds: cohort cases closed before ``as_of``, per classified (domain, sub-topic), with one
closure result (办理结果, written by the handler) as the example, never a number read out of free
text. The quotes are citizens' satisfied follow-ups (the ``feedback`` events the satisfaction
detector recorded, with the mention's text), one per district so the page does not read as one
district's praise, chosen by rule: districts with most satisfied cases first, in each the earliest
quote of a readable length.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local
from monitor.stats.cohort import Cohort
from monitor.store.models import Case, CaseEvent, Mention

QUOTE_MIN, QUOTE_MAX = 4, 60
_MENTION = re.compile(r"(回复)?@[\w\-]+[:：]?\s*")


def resolved_by_subtopic(session: Session, co: Cohort, n: int = 8) -> list[dict[str, Any]]:
    """Closed cases per (domain, sub-topic), most first, with one closure result each."""
    c = co.c
    q = (select(c.domain, c.subtopic, func.count().label("closed"),
                func.coalesce(func.sum(c.satisfied), 0).label("satisfied"), func.min(c.id).label("first"))
         .where(c.closed == 1, c.domain.is_not(None))
         .group_by(c.domain, c.subtopic)
         # a group without a sub-topic last on both backends (SQLite sorts NULL first, PostgreSQL last)
         .order_by(func.count().desc(), c.domain, c.subtopic.nulls_last()).limit(n))
    rows = session.execute(q).all()
    latest = _latest_closures(session, co, [(r.domain, r.subtopic) for r in rows])
    out = []
    for r in rows:
        result = " ".join(str((latest.get((r.domain, r.subtopic)) or {}).get("result") or "").split())
        out.append({"domain": r.domain, "subtopic": r.subtopic, "closed": int(r.closed),
                    "satisfied": int(r.satisfied), "example_result": result[:60] + ("…" if len(result) > 60 else "")})
    return out


#: closure events read per step, newest first, and steps at most, while looking for each
#: listed group's latest closure (then a query per group still missing)
_STEP, _STEPS = 500, 4


def _latest_closures(session: Session, co: Cohort, groups: list[tuple[Any, Any]]) -> dict[tuple[Any, Any], Any]:
    """Per (domain, sub-topic) of ``groups``: the ``data`` of the latest ``closed`` event before
    ``as_of`` among the group's closed cohort cases (latest by time, then id), or None.

    Why not only a query per group: each picks its group's ids out of the whole cohort, a scan
    of the period's cases per listed group (eight of them: 0.02 s each on a month of the 1M-case
    bench, SQLite). The period's latest closures are mostly the listed groups' (they are the
    groups with most closed cases), so the closure events are walked newest first along the
    ``(kind, at)`` index, :data:`_STEP` at a time (ids only), each joined to its case in the
    cohort by primary key; the first event met per group is that group's latest, in the very order the
    query per group sorts by. Groups not met within :data:`_STEPS` steps (a narrow slice, whose
    cases are few among all the closures) each get that query (:func:`_latest_closure`)."""
    want = set(groups)
    found: dict[tuple[Any, Any], int] = {}
    c = co.c
    after: tuple[Any, int] | None = None  # the last (at, id) read: the next step starts below it
    for _ in range(_STEPS):
        q = select(CaseEvent.id, CaseEvent.case_id, CaseEvent.at).where(
            CaseEvent.kind == "closed", CaseEvent.at < co.scope.as_of)
        if after is not None:
            q = q.where(CaseEvent.at <= after[0],
                        or_(CaseEvent.at < after[0], CaseEvent.id < after[1]))
        ev = q.order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(_STEP).subquery()
        # each event's case looked up in the cohort by primary key (joined: an IN list of the
        # step's ids had PostgreSQL scan the whole cohort, a temporary table without statistics)
        step = session.execute(
            select(ev.c.id, ev.c.at, c.domain, c.subtopic, c.id.label("cid")).select_from(ev)
            .outerjoin(co.t, and_(c.id == ev.c.case_id, c.closed == 1))
            .order_by(ev.c.at.desc(), ev.c.id.desc())).all()
        if not step:
            break
        after = (step[-1].at, step[-1].id)
        for r in step:
            g = (r.domain, r.subtopic)
            if r.cid is not None and g in want and g not in found:
                found[g] = r.id
        if not want - found.keys():
            break
    data = {i: d for i, d in session.execute(select(CaseEvent.id, CaseEvent.data)
                                             .where(CaseEvent.id.in_(list(found.values()))))} if found else {}
    out = {g: data[i] for g, i in found.items()}
    for g in groups:
        if g not in out:
            out[g] = _latest_closure(session, co, *g)
    return out


def _latest_closure(session: Session, co: Cohort, domain: Any, subtopic: Any) -> Any:
    """The ``data`` of the latest ``closed`` event before ``as_of`` among the closed cohort cases
    of (``domain``, ``subtopic``), or None."""
    c = co.c
    cond = [c.closed == 1, c.domain == domain, c.subtopic.is_(None) if subtopic is None else c.subtopic == subtopic]
    ids = select(c.id).where(*cond).scalar_subquery()
    return session.execute(
        select(CaseEvent.data).where(CaseEvent.case_id.in_(ids), CaseEvent.kind == "closed",
                                     CaseEvent.at < co.scope.as_of)
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)).scalar()


def _quote(text: str) -> str | None:
    t = " ".join(_MENTION.sub("", text or "").split())
    return t if QUOTE_MIN <= len(t) <= QUOTE_MAX else None


def citizen_quotes(session: Session, co: Cohort, n: int = 5) -> list[dict[str, Any]]:
    """Up to ``n`` satisfied follow-ups, one per district (see the module docstring)."""
    c = co.c
    q = (select(Case.region, CaseEvent.at, Mention.text, Case.id, CaseEvent.data)
         .select_from(CaseEvent).join(co.t, co.c.id == CaseEvent.case_id)
         .join(Case, Case.id == CaseEvent.case_id).join(Mention, Mention.id == CaseEvent.mention_id)
         .where(CaseEvent.kind == "feedback", CaseEvent.at < co.scope.as_of, c.satisfied == 1,
                Case.region.is_not(None), Case.region != "")
         .order_by(CaseEvent.at, CaseEvent.id))
    per_region: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for region, at, text, cid, data in session.execute(q):
        if (data or {}).get("label") != "satisfied":
            continue  # an earlier complaint on a case the citizen later called solved
        if region not in per_region and (quote := _quote(text)):
            per_region[region] = {"region": region, "quote": quote, "at": iso_local(at), "case_id": cid}
        counts[region] = counts.get(region, 0) + 1
    order = sorted(per_region, key=lambda r: (-counts[r], r))
    return [per_region[r] for r in order[:n]]
