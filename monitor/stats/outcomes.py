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

from sqlalchemy import func, select
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
    out = []
    for r in rows:
        # the latest result among this group's closed cases (one small query per listed group)
        cond = [c.closed == 1, c.domain == r.domain,
                c.subtopic.is_(None) if r.subtopic is None else c.subtopic == r.subtopic]
        ids = select(c.id).where(*cond).scalar_subquery()
        ev = session.execute(
            select(CaseEvent.data).where(CaseEvent.case_id.in_(ids), CaseEvent.kind == "closed",
                                         CaseEvent.at < co.scope.as_of)
            .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)).scalar()
        result = " ".join(str((ev or {}).get("result") or "").split())
        out.append({"domain": r.domain, "subtopic": r.subtopic, "closed": int(r.closed),
                    "satisfied": int(r.satisfied), "example_result": result[:60] + ("…" if len(result) > 60 else "")})
    return out


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
