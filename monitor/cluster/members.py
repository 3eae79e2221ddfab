"""Membership and counters: founding a cluster, adding a member, inheriting its handlers, heat.

Why a module of its own: these are shared by the ingest batch's joins and by operators' actions
(:mod:`~monitor.cluster.ops`: ``case cluster``, ``clusters lead``), and the counters of stored
clusters are written last in an ingest batch, as increments in the clusters' id order
(:func:`defer_counts`), so two batches adding members to one cluster neither deadlock nor
overwrite each other's counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case as sql_case, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from monitor.cluster.batch import BATCH, BURST_PENDING, _batch
from monitor.cluster.score import Match, SPECIFIC
from monitor.cluster.signature import Signature
from monitor.core.types import Actor, actor_columns
from monitor.handling.queue import preload_open, resolve_entries
from monitor.route.assign import reassign
from monitor.store import ids
from monitor.store.bulk import Source, update_rows
from monitor.store.models import Account, Case, CaseEvent, Cluster


def found_cluster(session: Session, case: Case, match: Match | None, *, at: dt.datetime,
                  actor: Actor | str) -> Cluster:
    """A new cluster around ``case``: its routing becomes the cluster's, decided once."""
    sig = Signature.from_json(case.cluster_sig or {})
    shared = match.places if match else []
    named = [k for k in sig.places if any(p in k for p in shared)] or list(sig.places)
    if not any(sig.places[k] >= SPECIFIC for k in named):
        # joined on a road: the founder's own spot (its 小区, school) is still where the cluster
        # is, and what a later case pinning another spot must not drift from
        named = [k for k, w in sig.places.items() if w >= SPECIFIC] or named
    place = max(named, key=lambda k: (sig.places[k], len(k))) if named else ""
    domain = sig.domain or case.domain
    subtopic = sig.subtopic if sig.domain else case.subtopic
    active = [a for a in case.assignments if a.active]
    values = dict(place=place[:200], problem=(sig.issues[0] if sig.issues else subtopic or domain or "")[:200], domain=domain,
                  subtopic=subtopic, lead_account_id=case.lead_account_id,
                  co_account_ids=[a.account_id for a in active if a.role != "lead"],
                  members=1, chasers=0, reposts=0, first_seen=case.received_at,
                  last_seen=case.received_at, created_at=at)
    if BATCH in session.info:
        # an ingest batch: the id now (its members' rows and events name it), the row with the
        # batch's other new clusters in one statement before the batch writes anything else
        cluster = Cluster(id=ids.take(session, Cluster.__table__), burst_at=None, **values)
        ids.insert_early(session, cluster)
        # no stored case names it yet: its members are all in this batch (counted from memory)
        _batch(session).members[cluster.id] = (dt.datetime.min.replace(tzinfo=dt.UTC), None, [])
    else:
        # inserted at once for its id, without flushing the whole session
        cid = session.execute(insert(Cluster).values(**values).returning(Cluster.id)).scalar_one()
        got = session.get(Cluster, cid)
        assert got is not None
        cluster = got
    _pending(session, case, cluster)
    case.cluster_id = cluster.id
    _clustered(session, case, at, actor, {"cluster": cluster.id, "how": "founded"})
    return cluster


def add_member(session: Session, cluster: Cluster, case: Case, *, at: dt.datetime, actor: Actor | str,
               data: dict[str, Any], inherit: bool = True) -> None:
    """``case`` joins ``cluster``: the event with the evidence, the counters, the handlers."""
    case.cluster_id = cluster.id
    _pending(session, case, cluster)
    _count(session, cluster, "members", seen=case.received_at)
    _clustered(session, case, at, actor, data)
    if inherit:  # a case its sender assigned keeps that account
        inherit_handlers(session, cluster, case, at=at, actor=actor)


def _clustered(session: Session, case: Case, at: dt.datetime, actor: Actor | str,
               data: dict[str, Any]) -> None:
    """The case's ``clustered`` event, as a plain row (:func:`ids.add_row`): nothing reads it back
    in the transaction, and an ingest batch adds one for most of its new cases, where an ORM
    object each cost four times as much (and the collector's walks until the batch ended)."""
    ids.add_row(session, CaseEvent.__table__, {"case_id": case.id, "kind": "clustered", "at": at,
                                               **actor_columns(actor), "data": data})


def _pending(session: Session, case: Case, cluster: Cluster) -> None:
    session.info.setdefault(BURST_PENDING, {})[case.id] = (cluster.id, case.received_at)


def inherit_handlers(session: Session, cluster: Cluster, case: Case, *, at: dt.datetime,
                     actor: Actor | str) -> None:
    """Give ``case`` the cluster's lead and co-handlers (a no-op when it already has them)."""
    if cluster.lead_account_id is None or case.status == "closed":
        return
    active = [a for a in case.assignments if a.active]
    lead = [a.account_id for a in active if a.role == "lead"]
    co = sorted(a.account_id for a in active if a.role != "lead")
    if lead == [cluster.lead_account_id] and co == sorted(cluster.co_account_ids):
        return
    reassign(session, case, cluster.lead_account_id, list(cluster.co_account_ids), at=at, actor=actor,
             reason=f"同类诉求#{cluster.id}统一办理")
    resolve_entries(session, case.id, ["unroutable"], at=at, by=str(actor))


def handlers_for_many(session: Session, cluster: Cluster, cases: list[Case]) -> list[Account]:
    """Read ahead, once, what :func:`inherit_handlers` reads for each of ``cases`` (a merge moves a
    whole cluster's members at once): their open queue entries (one read, as the batch's
    :func:`~monitor.handling.queue.preload_open`) and the cluster's handler accounts, returned so
    the caller holds them while it moves the cases (the session's identity map keeps an object
    only while something refers to it; unheld, ``reassign`` read each account again per case).

    Reads nothing when no case will take the cluster's handlers; changes nothing either way."""
    if cluster.lead_account_id is None:
        return []
    open_ = [c.id for c in cases if c.status != "closed"]
    if not open_:
        return []
    with session.no_autoflush:
        preload_open(session, open_)
        wanted = list(dict.fromkeys([cluster.lead_account_id, *cluster.co_account_ids]))
        return list(session.scalars(select(Account).where(Account.id.in_(wanted))))


def count_chaser(session: Session, case: Case, at: dt.datetime) -> None:
    """A chaser on a clustered case heats its cluster."""
    if case.cluster_id is not None:
        cluster = session.get(Cluster, case.cluster_id)
        if cluster is not None:
            _count(session, cluster, "chasers", seen=at)


def count_repost(session: Session, case: Case, at: dt.datetime, actor: Actor | str = "system") -> Cluster:
    """A 同问 / +1 / ``//@`` comment in a case's thread heats its cluster (founded if alone)."""
    cluster = session.get(Cluster, case.cluster_id) if case.cluster_id else None
    if cluster is None:
        cluster = found_cluster(session, case, None, at=at, actor=actor)
    _count(session, cluster, "reposts", seen=at)
    return cluster


# ---------------------------------------------------------------------- counters (an ingest batch's)

COUNTS = "wenzheng_cluster_counts"  # session.info key: stored clusters' counter changes, written last


def defer_counts(session: Session) -> None:
    """Until :func:`write_counts`, the counters of stored clusters change in memory only and are
    written at the batch's end as increments, in the order of the clusters' ids.

    Why: a batch used to write ``members = 6`` at its next flush, and then held that cluster's row
    locked through the rest of its work (the events' stages, the clocks: seconds on a busy
    machine). Every other batch joining a case to that cluster (another daemon's, another
    source's) waited for the commit, and two batches that had locked two clusters in opposite
    orders deadlocked, one of them rolled back and redone whole (bench/daemons.py: 6 of 13
    deadlocks in 3 daemons on 30,000 items). Written last, as ``members = members + 1``, the row
    is locked for the commit only, in one order every batch shares, and two batches that both
    add a member count two (written absolute, the second writer's 6 overwrote the first's 6)."""
    session.info.setdefault(COUNTS, {})


def write_counts(session: Session) -> int:
    """Write what :func:`defer_counts` kept (one ``UPDATE`` per cluster, in id order); ends it."""
    counts: dict[int, dict[str, Any]] = session.info.pop(COUNTS, None) or {}
    if not counts:
        return 0
    t = Cluster.__table__
    types = {"b_id": t.c.id.type, "b_members": t.c.members.type, "b_chasers": t.c.chasers.type,
             "b_reposts": t.c.reposts.type, "b_first": t.c.first_seen.type, "b_last": t.c.last_seen.type,
             "b_burst": t.c.burst_at.type}

    def assign(src: Source) -> dict[str, Any]:
        first, last = src("b_first"), src("b_last")
        return dict(members=t.c.members + src("b_members"), chasers=t.c.chasers + src("b_chasers"),
                    reposts=t.c.reposts + src("b_reposts"),
                    first_seen=sql_case((t.c.first_seen > first, first), else_=t.c.first_seen),
                    last_seen=sql_case((t.c.last_seen < last, last), else_=t.c.last_seen),
                    burst_at=func.coalesce(t.c.burst_at, src("b_burst")))
    update_rows(session.connection(), t, types,
                [{"b_id": cid, **{f"b_{k}": v for k, v in counts[cid].items()}} for cid in sorted(counts)],
                lambda src: t.c.id == src("b_id"), assign)
    return len(counts)


def _count(session: Session, cluster: Cluster, counter: str, *, seen: dt.datetime, by: int = 1,
           until: dt.datetime | None = None) -> None:
    """One more member, chaser or repost for ``cluster`` (``by`` more: a merge moves a cluster's
    counts, :mod:`~monitor.cluster.merge`), seen at ``seen`` (to ``until``).

    In an ingest batch (:func:`defer_counts`) a stored cluster's new values are set in memory as
    if stored (what the batch reads of it, the burst check, stays exact) and written by
    :func:`write_counts`; a cluster this batch founded and has not written yet, and any cluster
    outside a batch (an operator's merge), changes as an ordinary attribute."""
    first, last = min(cluster.first_seen, seen), max(cluster.last_seen, until or seen)
    mine = _deferred(session, cluster)
    if mine is None:
        setattr(cluster, counter, getattr(cluster, counter) + by)
        cluster.first_seen, cluster.last_seen = first, last
        return
    mine[counter] += by
    mine["first"], mine["last"] = min(mine["first"], first), max(mine["last"], last)
    set_committed_value(cluster, counter, getattr(cluster, counter) + by)
    set_committed_value(cluster, "first_seen", first)
    set_committed_value(cluster, "last_seen", last)


def _mark_burst(session: Session, cluster: Cluster, at: dt.datetime) -> None:
    """The cluster's burst is told (at ``at``): like its counters, a stored cluster's mark is
    written with them at the batch's end (``burst_at`` written at the next flush locked the row
    early, and two batches' increments then deadlocked on it), unless one was written meanwhile."""
    mine = _deferred(session, cluster)
    if mine is None:
        cluster.burst_at = at
        return
    mine["burst"] = at
    set_committed_value(cluster, "burst_at", at)


def _deferred(session: Session, cluster: Cluster) -> dict[str, Any] | None:
    """What :func:`write_counts` will write for ``cluster``, or None when it changes as an ordinary
    attribute (no batch deferring, or a cluster this batch founded and has not written yet)."""
    counts = session.info.get(COUNTS)
    if counts is None or cluster.id is None or ids.is_early(session, cluster) or cluster in session.new:
        return None
    return counts.setdefault(cluster.id, {"members": 0, "chasers": 0, "reposts": 0, "burst": None,
                                          "first": cluster.first_seen, "last": cluster.last_seen})
