"""Mass appeals in the statistics: how many of the period's cases came as clusters, the chasers
citizens had to send, and the hottest clusters (the bulletin's 同类诉求热点).

Heat is members + chasers + reposts (see ``docs/metrics.md``); a cluster counts in a period when
at least one of its cases was received in it. Each figure is one grouped query over the
period's cases (the ``received_at`` range comes first: it is indexed).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local
from monitor.stats.cohort import Cohort
from monitor.store.models import Account, Case, CaseEvent, Cluster


def cluster_figures(session: Session, co: Cohort) -> dict[str, Any]:
    """Cases in clusters, clusters, and chasers on the period's cases."""
    where = co.scope.where()
    clustered, clusters = session.execute(
        select(func.count(Case.cluster_id), func.count(func.distinct(Case.cluster_id))).where(*where)).one()
    chasers = session.scalar(
        select(func.count()).select_from(CaseEvent).join(Case, Case.id == CaseEvent.case_id)
        .where(*where, CaseEvent.kind == "follow_up", CaseEvent.data["chaser"].as_boolean().is_(True)))
    return {"clustered_cases": int(clustered or 0), "clusters": int(clusters or 0),
            "chasers": int(chasers or 0)}


def hot_clusters(session: Session, co: Cohort, n: int = 10) -> list[dict[str, Any]]:
    """The period's clusters, hottest first (heat, then cases in the period, then the oldest)."""
    in_period = (select(Case.cluster_id.label("cid"), func.count().label("n"))
                 .where(*co.scope.where(), Case.cluster_id.is_not(None))
                 .group_by(Case.cluster_id).subquery())
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
