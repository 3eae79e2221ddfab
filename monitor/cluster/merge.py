"""Two clusters found to be one problem: merged during ingest, the older one kept.

Why it exists: a cluster forms around whatever citizens report first. When a water main bursts,
the estates it leaves dry report their outages before anyone names the burst, and they form a
cluster of their own at the estate; the burst, reported at its crossing, forms another. Nothing
in "金水苑停水了" ties the estate to the crossing, so neither cluster can take the other's
reports. A later report that names **both** (the burst at the crossing and the estate without
water) is the evidence that they are one event: it meets a case of each cluster, at a different
place each, on the same or a related problem of the table, and it would join either.

What a merge is (deterministic and explainable):

* the **older** cluster (first seen first, then the lower id) stays: its lead and co-handlers
  stay, and the younger cluster's members take them (their own cases, citizens, threads and reply
  obligations are untouched: only the cluster they belong to changes);
* every moved member gets a ``clustered`` event ``how = "merged"`` naming the cluster it came
  from, the case whose report bridged them, the places it met each at and both scores; the
  bridging case gets one ``how = "bridged"`` naming the cluster merged in;
* the younger cluster's row stays, with no members (its counters moved to the older one), so
  the merge can be undone: ``wenzheng case uncluster ID --merge`` on any moved member puts back
  every case that came with that merge, under the younger cluster's handlers again.

When a report bridges (:meth:`Merge._note_bridge`, all must hold):

* it is a report of its own (not a 同问, +1 or agreement, nor under another's thread or quoting
  one): an echo says "me too", not "these two are one";
* its main problem is an event of the table (``event``: a burst main) or a supply cut by its
  network (``network``: water, power): one cause reaching many places. Ice on a road, a jam at a
  school gate are where they are seen; two clusters of them at two places are two matters, and a
  report naming both tells no cause (development sets: an icy university gate and the icy road
  beside it merged two ice events);
* it joins its best candidate as a similar report, on the same or a related problem;
* another candidate, in another cluster, would join too (score over the threshold, both place
  and problem, the same or a related problem: ``problem ≥ 0.7``) without drifting from that
  cluster's founding;
* it met the two at different places (no place key in common), one of them a spot (an estate,
  a crossing, a landmark: place ≥ 0.8): one event seen from two places, not two clusters the rules
  kept apart at one place (two buildings' lifts), nor two roads a bus was diverted along.

Cost: bridges are looked for among the candidates the join already scored (no read); a merge
reads the younger cluster's members once (one indexed read on ``cases.cluster_id``, their
assignments with them), then their open queue entries and the kept cluster's handler accounts
once each (:func:`~monitor.cluster.members.handlers_for_many`), not per moved member: a merge
moving 20-odd members sent about 45 statements before (each member's ``reassign`` read the
accounts again, its queue entries were read alone), 4 now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.cluster.batch import BATCH, BURST_PENDING, _aware, _batch, _case_key
from monitor.cluster.drift import Drift
from monitor.cluster.markers import agrees, is_same_question, quoted_names
from monitor.cluster.members import _clustered, _count, handlers_for_many, inherit_handlers
from monitor.cluster.problems import problems
from monitor.cluster.score import SPECIFIC, Match
from monitor.cluster.signature import Signature
from monitor.core.types import Actor
from monitor.store.models import Case, Cluster

BRIDGE_PROBLEM = 0.7  # the same main problem (0.8–1.0) or two related ones (爆管 / 停水: 0.7)


def cluster_of(session: Session, case_id: int) -> int | None:
    """The cluster case ``case_id`` is in now (this batch's joins included), read from memory when
    the batch has it."""
    member = session.identity_map.get(_case_key(case_id))
    if member is not None:
        return member.cluster_id
    batch = session.info.get(BATCH)
    if batch is not None and case_id in batch.cluster_of:
        return batch.cluster_of[case_id]
    with session.no_autoflush:
        return session.scalar(select(Case.cluster_id).where(Case.id == case_id))


def members_of(session: Session, cluster_id: int) -> list[Case]:
    """The cases in ``cluster_id`` now: stored ones (one indexed read, without flushing the batch)
    and this transaction's, as they stand in memory; oldest first."""
    with session.no_autoflush:
        stored = list(session.scalars(select(Case).where(Case.cluster_id == cluster_id)))
    seen = {c.id for c in stored}
    loaded = [obj for obj in list(session.identity_map.values())
              if isinstance(obj, Case) and obj.id not in seen and obj.cluster_id == cluster_id]
    return sorted((c for c in [*stored, *loaded] if c.cluster_id == cluster_id),
                  key=lambda c: (_aware(c.received_at), c.id))


def older(a: Cluster, b: Cluster) -> tuple[Cluster, Cluster]:
    """(the cluster that stays, the one merged into it): the one first seen first, then the lower id."""
    ka, kb = (_aware(a.first_seen), a.id), (_aware(b.first_seen), b.id)
    return (a, b) if ka <= kb else (b, a)


def merge_clusters(session: Session, keep: Cluster, gone: Cluster, *, at: dt.datetime, actor: Actor | str,
                   why: dict[str, Any]) -> list[Case]:
    """Move every member of ``gone`` into ``keep`` (its handlers, its counters); returns them.

    ``why`` is recorded on each moved member's event (the bridging case, the places and scores)."""
    moved = members_of(session, gone.id)
    key = f"{gone.id}>{keep.id}@{why.get('by_case', '')}"
    # the chasers and reposts that heated ``gone`` go with it, and back with an undo (ops.unmerge)
    counts = {"chasers": gone.chasers, "reposts": gone.reposts}
    held = handlers_for_many(session, keep, moved)  # one read each, not two a moved case
    for case in moved:
        case.cluster_id = keep.id
        session.info.setdefault(BURST_PENDING, {})[case.id] = (keep.id, case.received_at)
        _clustered(session, case, at, actor, {"cluster": keep.id, "how": "merged", "from": gone.id,
                                              "merge": key, "counts": counts, **why})
        inherit_handlers(session, keep, case, at=at, actor=actor)
    del held
    _move_counts(session, gone, keep, len(moved))
    batch = session.info.get(BATCH)
    if batch is not None:
        for cid, cl in list(batch.cluster_of.items()):
            if cl == gone.id:
                batch.cluster_of[cid] = keep.id
        a, b = batch.members.get(keep.id), batch.members.pop(gone.id, None)
        if a is not None and b is not None:
            firsts = [x for x in (a[1], b[1]) if x is not None]
            batch.members[keep.id] = (max(a[0], b[0]), min(firsts) if firsts else None, [*a[2], *b[2]])
        batch.founders.pop(gone.id, None)
    return moved


def _move_counts(session: Session, gone: Cluster, keep: Cluster, members: int) -> None:
    """``gone``'s members, chasers and reposts counted on ``keep`` (and taken off ``gone``)."""
    for counter, n in (("members", members), ("chasers", gone.chasers), ("reposts", gone.reposts)):
        if n:
            _count(session, keep, counter, seen=_aware(gone.first_seen), by=n, until=_aware(gone.last_seen))
            _count(session, gone, counter, seen=_aware(gone.first_seen), by=-n)


class Merge(Drift):
    """Bridges between two clusters, noted while choosing a join and merged after it (mixed into
    the stage)."""

    def _note_bridge(self, session: Session, case_id: int, text: str, sig: Signature, chosen: tuple[int, Match, str],
                     rest: list[tuple[Any, ...]], at: dt.datetime) -> None:
        """Remember, for the join of ``case_id``, the best other candidate it would join in another
        cluster (see the module's docstring for when a report bridges)."""
        bridges = _batch(session).bridges
        bridges.pop(case_id, None)
        cid1, m1, how = chosen
        table = problems()
        if how != "similar" or not sig.issues or m1.problem < BRIDGE_PROBLEM \
                or sig.issues[0] not in table.events and sig.issues[0] not in table.networks \
                or is_same_question(text) or agrees(text) or quoted_names(text) \
                or case_id in _batch(session).threads:
            return
        c1: int | None = -1  # read at the first candidate that could bridge (most reports have none)
        for _score, _received, cid2, m2, how2 in rest:
            if how2 != "similar" or m2.problem < BRIDGE_PROBLEM or max(m1.place, m2.place) < SPECIFIC \
                    or set(m1.places) & set(m2.places):
                continue
            if c1 == -1:
                c1 = cluster_of(session, cid1)
            c2 = cluster_of(session, cid2)
            if c2 is None or c2 == c1:
                continue
            if self._drifts(session, sig, cid2, m2, at):
                continue
            bridges[case_id] = (cid2, m1, m2)
            return

    def _merge_bridged(self, session: Session, case: Case, cluster: Cluster, *, at: dt.datetime,
                       actor: Actor | str) -> Cluster:
        """After ``case`` joined ``cluster``: merge the other cluster it bridges, if any; returns the
        cluster that stays."""
        bridge = _batch(session).bridges.pop(case.id, None)
        if bridge is None:
            return cluster
        cid2, m1, m2 = bridge
        c2 = cluster_of(session, cid2)
        other = session.get(Cluster, c2) if c2 is not None and c2 != cluster.id else None
        if other is None:
            return cluster
        keep, gone = older(cluster, other)
        why = {"by_case": case.id, "score": round(m1.score, 3), "places": m1.places,
               "other_score": round(m2.score, 3), "other_places": m2.places, "with_case": cid2}
        merge_clusters(session, keep, gone, at=at, actor=actor, why=why)
        _clustered(session, case, at, actor, {"cluster": keep.id, "how": "bridged", "merged": gone.id, **why})
        return keep
