"""Operators and clusters: read models, moving a case in or out, one reply to every member.

The CLI (``wenzheng clusters …``, ``wenzheng case cluster|uncluster``) and the console call these
same functions; each change is an event on the case's timeline, like every other action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.cluster.joining import add_member, found_cluster, inherit_handlers
from monitor.core.timeutil import iso_local
from monitor.core.types import Actor, actor_columns
from monitor.handling.actions import ActionError, load_case
from monitor.store.models import Account, Case, CaseEvent, Cluster


def heat(cluster: Cluster) -> int:
    """Members + chasers + reposts: how loudly the city is asking."""
    return cluster.members + cluster.chasers + cluster.reposts


def cluster_summary(cluster: Cluster, names: dict[str, str]) -> dict[str, Any]:
    lead = cluster.lead_account_id
    return {
        "id": cluster.id, "size": cluster.members, "heat": heat(cluster), "chasers": cluster.chasers,
        "reposts": cluster.reposts, "place": cluster.place, "problem": cluster.problem,
        "domain": cluster.domain, "subtopic": cluster.subtopic,
        "lead": lead, "lead_name": names.get(lead, lead) if lead else None,
        "co": [{"id": a, "name": names.get(a, a)} for a in cluster.co_account_ids],
        "first_seen": iso_local(cluster.first_seen), "last_seen": iso_local(cluster.last_seen),
        "burst_at": iso_local(cluster.burst_at),
    }


def _names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Account.id, Account.name)).all())


def list_clusters(session: Session, *, limit: int = 50, min_size: int = 1) -> list[dict[str, Any]]:
    """Clusters, most recently active first (an index range on ``last_seen``)."""
    q = select(Cluster).where(Cluster.members >= min_size).order_by(Cluster.last_seen.desc(),
                                                                    Cluster.id.desc())
    if limit:
        q = q.limit(limit)
    names = _names(session)
    return [cluster_summary(c, names) for c in session.scalars(q)]


def cluster_detail(session: Session, cluster_id: int) -> dict[str, Any] | None:
    """One cluster and its members, oldest first, each with how and how well it joined."""
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        return None
    names = _names(session)
    out = cluster_summary(cluster, names)
    members = list(session.scalars(select(Case).where(Case.cluster_id == cluster_id)
                                   .order_by(Case.received_at, Case.id)))
    joins: dict[int, dict[str, Any]] = {}
    for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_([c.id for c in members]),
                                                     CaseEvent.kind == "clustered")
                             .order_by(CaseEvent.at, CaseEvent.id)):
        if e.data.get("cluster") == cluster_id:
            joins[e.case_id] = dict(e.data)
    out["members"] = [
        {"id": c.id, "citizen": c.citizen_name or c.citizen_id, "text": c.text, "status": c.status,
         "received_at": iso_local(c.received_at), "channel": c.channel,
         "join": joins.get(c.id, {})}
        for c in members
    ]
    return out


# ---------------------------------------------------------------------- operator actions


def cluster_into(session: Session, case_id: int, *, into: int, actor: Actor | str, now: dt.datetime) -> Cluster:
    """Put case ``case_id`` into cluster ``into`` (leaving its old cluster); it takes the handlers."""
    case = load_case(session, case_id)
    cluster = session.get(Cluster, into)
    if cluster is None:
        raise ActionError(f"没有编号为 {into} 的同类诉求")
    if case.cluster_id == into:
        raise ActionError(f"案件#{case.id} 已在同类诉求#{into} 中")
    if case.cluster_id is not None:
        _leave(session, case, actor=actor, now=now, reason=f"移入同类诉求#{into}")
    add_member(session, cluster, case, at=now, actor=actor,
               data={"cluster": cluster.id, "how": "operator", "by": str(actor)})
    return cluster


def cluster_with(session: Session, case_id: int, *, other: int, actor: Actor | str, now: dt.datetime) -> Cluster:
    """Put case ``case_id`` with case ``other``: into its cluster, or a new one founded by it."""
    target = load_case(session, other)
    if target.id == case_id:
        raise ActionError("案件不能与自身归为同类诉求")
    if target.cluster_id is None:
        found_cluster(session, target, None, at=now, actor=actor)
    assert target.cluster_id is not None
    return cluster_into(session, case_id, into=target.cluster_id, actor=actor, now=now)


def uncluster(session: Session, case_id: int, *, actor: Actor | str, now: dt.datetime) -> Case:
    """Take a case out of its cluster: it stands alone again (its handlers stay as they are)."""
    case = load_case(session, case_id)
    if case.cluster_id is None:
        raise ActionError(f"案件#{case.id} 不在任何同类诉求中")
    _leave(session, case, actor=actor, now=now, reason="操作员移出")
    return case


def unmerge(session: Session, case_id: int, *, actor: Actor | str, now: dt.datetime) -> Cluster:
    """Undo the merge that brought case ``case_id`` into its cluster (:mod:`~monitor.cluster.merge`):
    every case that came with that merge and is still there goes back to the cluster it came from,
    and takes that cluster's handlers again; returns that cluster."""
    case = load_case(session, case_id)
    if case.cluster_id is None:
        raise ActionError(f"案件#{case.id} 不在任何同类诉求中")
    events = list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                          CaseEvent.kind == "clustered")
                                  .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())))
    last = next((e for e in events if e.data.get("cluster") == case.cluster_id), None)
    if last is None or last.data.get("how") not in ("merged", "bridged"):
        raise ActionError(f"案件#{case.id} 不是因合并进入同类诉求#{case.cluster_id} 的")
    gone_id = last.data.get("from") if last.data.get("how") == "merged" else last.data.get("merged")
    gone = session.get(Cluster, gone_id) if gone_id is not None else None
    keep = session.get(Cluster, case.cluster_id)
    if gone is None or keep is None:
        raise ActionError(f"同类诉求#{gone_id} 已不存在，无法撤销合并")
    members = list(session.scalars(select(Case).where(Case.cluster_id == keep.id)))
    came: set[int] = set()
    counts: dict[str, int] = {}  # the chasers and reposts the merge moved with them
    for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_([c.id for c in members]),
                                                     CaseEvent.kind == "clustered")):
        if e.data.get("cluster") == keep.id and e.data.get("how") == "merged" and e.data.get("from") == gone.id:
            came.add(e.case_id)
            counts = e.data.get("counts") or counts
    back = [c for c in members if c.id in came]
    for c in back:
        c.cluster_id = gone.id
        session.add(CaseEvent(case_id=c.id, kind="clustered", at=now, **actor_columns(actor), recorded_at=now,
                              data={"cluster": gone.id, "how": "unmerged", "from": keep.id, "by": str(actor)}))
        inherit_handlers(session, gone, c, at=now, actor=actor)
    for counter in ("members", "chasers", "reposts"):
        n = len(back) if counter == "members" else min(int(counts.get(counter, 0)), getattr(keep, counter))
        setattr(gone, counter, getattr(gone, counter) + n)
        setattr(keep, counter, max(0, getattr(keep, counter) - n))
    return gone


def _leave(session: Session, case: Case, *, actor: Actor | str, now: dt.datetime, reason: str) -> None:
    cluster = session.get(Cluster, case.cluster_id)
    case.cluster_id = None
    session.add(CaseEvent(case_id=case.id, kind="unclustered", at=now, **actor_columns(actor), recorded_at=now,
                          data={"cluster": cluster.id if cluster else None, "reason": reason}))
    if cluster is not None:
        cluster.members = max(0, cluster.members - 1)


def set_cluster_handlers(session: Session, cluster_id: int, *, lead: str, co: list[str], actor: Actor | str,
                         now: dt.datetime) -> Cluster:
    """An operator decides the cluster's lead and co-handlers once; every open member follows."""
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        raise ActionError(f"没有编号为 {cluster_id} 的同类诉求")
    for account in (lead, *co):
        row = session.get(Account, account)
        if row is None or not row.active:
            raise ActionError(f"账号 {account} 不存在或已停用")
    cluster.lead_account_id = lead
    cluster.co_account_ids = [a for a in dict.fromkeys(co) if a != lead]
    for case in session.scalars(select(Case).where(Case.cluster_id == cluster_id)):
        inherit_handlers(session, cluster, case, at=now, actor=actor)
    return cluster


async def reply_to_cluster(session: Session, cluster_id: int, *, text: str, actor: Actor | str,
                           account_id: str | None,
                           post: Callable[[Session, int, str], Awaitable[Any]]) -> list[dict[str, Any]]:
    """One reply per open member's thread, each through its own case's channel and recorded on it.

    ``post(session, case_id, account_id)`` posts and records one reply (the CLI and the console
    pass :func:`monitor.handling.actions.post_reply` bound to their replier). A member whose post
    fails is reported and the others still get theirs.
    """
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        raise ActionError(f"没有编号为 {cluster_id} 的同类诉求")
    if not text.strip():
        raise ActionError("回复内容不能为空")
    account = account_id or cluster.lead_account_id
    if account is None:
        raise ActionError(f"同类诉求#{cluster_id} 尚无主办账号：请指定回复账号（--account）")
    results = []
    for case in list(session.scalars(select(Case).where(Case.cluster_id == cluster_id)
                                     .order_by(Case.received_at, Case.id))):
        if case.status == "closed":
            results.append({"case_id": case.id, "ok": False, "error": "已办结，未回复"})
            continue
        try:
            await post(session, case.id, account)
            results.append({"case_id": case.id, "ok": True, "error": None})
        except ActionError as err:
            results.append({"case_id": case.id, "ok": False, "error": str(err)})
    return results
