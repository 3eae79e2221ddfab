"""Mass appeals in the statistics: how many of the period's cases came as clusters, the chasers
citizens had to send, and the hottest clusters (the bulletin's 同类诉求热点).

Heat is members + chasers + reposts (see ``docs/metrics.md``); a cluster counts in a period when
at least one of its cases was received in it. Each figure is one grouped query over the
cohort's ``cluster_id`` (the narrow temporary table, not the period's wide ``cases`` rows).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local
from monitor.stats.cohort import Cohort
from monitor.store.models import Account, Case, CaseEvent, Cluster


def cluster_figures(session: Session, co: Cohort) -> dict[str, Any]:
    """Cases in clusters, clusters, and chasers on the period's cases."""
    c = co.c
    clustered, clusters = session.execute(
        select(func.count(c.cluster_id), func.count(func.distinct(c.cluster_id))).select_from(co.t)).one()
    chasers = session.scalar(
        select(func.count()).select_from(CaseEvent).join(co.t, c.id == CaseEvent.case_id)
        .where(CaseEvent.kind == "follow_up", CaseEvent.data["chaser"].as_boolean().is_(True)))
    return {"clustered_cases": int(clustered or 0), "clusters": int(clusters or 0),
            "chasers": int(chasers or 0)}


def hot_clusters(session: Session, co: Cohort, n: int = 10) -> list[dict[str, Any]]:
    """The period's clusters, hottest first (heat, then cases in the period, then the oldest)."""
    in_period = _period_clusters(co)
    heat = Cluster.members + Cluster.chasers + Cluster.reposts
    q = (select(Cluster, in_period.c.n, Account.name)
         .join(in_period, in_period.c.cid == Cluster.id)
         .outerjoin(Account, and_(Account.id == Cluster.lead_account_id))
         .order_by(heat.desc(), in_period.c.n.desc(), Cluster.first_seen, Cluster.id).limit(n))
    out = []
    for rank, (cl, count, lead_name) in enumerate(session.execute(q), start=1):
        out.append({"rank": rank, "cluster_id": cl.id, "place": cl.place, "problem": cl.problem,
                    "domain": cl.domain, "size": cl.members, "in_period": int(count),
                    "chasers": cl.chasers, "reposts": cl.reposts,
                    "heat": cl.members + cl.chasers + cl.reposts,
                    "lead": cl.lead_account_id, "lead_name": lead_name or cl.lead_account_id,
                    "first_seen": iso_local(cl.first_seen), "last_seen": iso_local(cl.last_seen)})
    return out


def _period_clusters(co: Cohort) -> Any:
    """Clusters with at least one case in the period, and how many of its cases are in it."""
    c = co.c
    return (select(c.cluster_id.label("cid"), func.count().label("n")).select_from(co.t)
            .where(c.cluster_id.is_not(None)).group_by(c.cluster_id).subquery())


def domain_hotspots(session: Session, co: Cohort, domains: list[dict[str, Any]],
                    per_domain: int = 3) -> list[dict[str, Any]]:
    """看热点 per domain: its sub-topics (from ``by_domain``) and its hottest clusters of the period.

    The offices write "城乡建设主要涉及小区违建、物业管理…" from what people raised, not from raw
    keywords: the sub-topics come from classification, the places and problems from the clusters
    (heat = members + chasers + reposts, the same as 同类诉求热点). One query for all domains.
    """
    names = [d["domain"] for d in domains if d["domain"]]
    if not names:
        return []
    in_period = _period_clusters(co)
    heat = Cluster.members + Cluster.chasers + Cluster.reposts
    q = (select(Cluster, in_period.c.n).join(in_period, in_period.c.cid == Cluster.id)
         .where(Cluster.domain.in_(names))
         .order_by(heat.desc(), in_period.c.n.desc(), Cluster.first_seen, Cluster.id))
    by_domain: dict[str, list[dict[str, Any]]] = {}
    for cl, n in session.execute(q):
        rows = by_domain.setdefault(cl.domain, [])
        if len(rows) < per_domain and (cl.place or cl.problem):  # a sentence needs something to name
            rows.append({"cluster_id": cl.id, "place": cl.place, "problem": cl.problem,
                         "subtopic": cl.subtopic, "size": cl.members, "in_period": int(n),
                         "chasers": cl.chasers, "reposts": cl.reposts,
                         "heat": cl.members + cl.chasers + cl.reposts})
    out = []
    for d in domains:
        if not d["domain"]:
            continue
        subs = [s for s in d.get("subtopics", []) if s["subtopic"]]
        out.append({"domain": d["domain"], "received": d["received"], "subtopics": subs,
                    "clusters": by_domain.get(d["domain"], [])})
    return out


def resolved_clusters(session: Session, co: Cohort, n: int = 5) -> dict[str, Any]:
    """这些事解决了, the clusters: every member case closed before ``as_of``, the last closure in the
    period, among clusters with a case received in the period; most members first.

    Returns ``clusters`` (the first ``n``, each with its latest closure result, written by the
    handler, so a line reads "推动解决某小区停车问题（9位群众反映）：已施划停车位" with every figure and
    word from the data) and ``by_subtopic`` (every resolved cluster counted per domain and
    sub-topic, with the cases they held).
    """
    as_of, start = co.scope.as_of, co.scope.period.start_utc
    in_period = _period_clusters(co)
    closed = and_(Case.closed_at.is_not(None), Case.closed_at < as_of)
    state = (select(Case.cluster_id.label("cid"), func.count().label("cases"),
                    func.sum(case((closed, 0), else_=1)).label("open"),
                    func.max(case((closed, Case.closed_at), else_=None)).label("last_closed"))
             .where(Case.cluster_id.in_(select(in_period.c.cid)))
             .group_by(Case.cluster_id).subquery())
    q = (select(Cluster, state.c.cases, state.c.last_closed, Account.name)
         .join(state, state.c.cid == Cluster.id)
         .outerjoin(Account, Account.id == Cluster.lead_account_id)
         .where(state.c.open == 0, state.c.last_closed >= start)
         .order_by(state.c.cases.desc(), Cluster.first_seen, Cluster.id))
    out: list[dict[str, Any]] = []
    counts: dict[tuple[str | None, str | None], list[int]] = {}
    for cl, cases, last_closed, lead_name in session.execute(q):
        c = counts.setdefault((cl.domain, cl.subtopic), [0, 0])
        c[0] += 1
        c[1] += int(cases)
        if len(out) >= n or not (cl.place or cl.problem):  # listed only when it can be named
            continue
        ev = session.execute(
            select(CaseEvent.data).join(Case, Case.id == CaseEvent.case_id)
            .where(Case.cluster_id == cl.id, CaseEvent.kind == "closed", CaseEvent.at < as_of)
            .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1)).scalar()
        result = " ".join(str((ev or {}).get("result") or "").split())
        out.append({"cluster_id": cl.id, "place": cl.place, "problem": cl.problem, "domain": cl.domain,
                    "subtopic": cl.subtopic, "cases": int(cases), "lead_name": lead_name or cl.lead_account_id,
                    "first_seen": iso_local(cl.first_seen), "resolved_at": iso_local(_aware(last_closed)),
                    "result": result[:60] + ("…" if len(result) > 60 else "")})
    by_sub = [{"domain": d, "subtopic": st, "clusters": v[0], "cases": v[1]}
              for (d, st), v in sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][1], str(kv[0])))]
    return {"clusters": out, "by_subtopic": by_sub}


def _aware(value: Any) -> Any:
    """``max()`` over a CASE loses the column type on SQLite: a naive UTC value or a string."""
    import datetime as dt

    if value is None or isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
