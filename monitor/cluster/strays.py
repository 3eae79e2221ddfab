"""A case left alone that a later report shows to be a cluster's: gathered in, with its follow-ups.

Why a module of its own: the join (:mod:`~monitor.cluster.joining`) chooses one candidate for a new
case, and a case is compared only with the cases before it. A report that came before its problem's
cluster formed, or that the drift check or the threshold kept out when it came, stays alone; the
reports after it join the cluster that grew beside it (each choosing its best candidate, which is
the cluster's), and the chasers its citizen posts land on the lone case, outside the cluster too.
``bench/cluster_dev.py --only stray`` splits the development sets' "would join within the window"
posts by what the join saw when it decided: most of them joined nothing, and many of the larger
group's later reports had the lone case among their candidates, over the threshold, and chose a
case of the cluster instead.

When a lone case is gathered (all must hold), read from the candidates the join already scored
(no read of its own but the lone case's row when it joins):

* the new report joins its best candidate as a similar report (not a thread, a quote or a 同问:
  those say which post they answer, not that two posts are one problem);
* another candidate it would join as a similar report is in no cluster, was received before it,
  and meets it on the same main problem of the table (``SAME_PROBLEM``), both naming one, at a
  spot (``SPECIFIC``: an estate, a market, a crossing; met only on a road or in a 街道 or a town
  it may be another matter along it, and validation's writers keep those apart: at a road the
  gathers cost two false pairs there);
* that candidate would not carry the cluster away from its founding (the drift check, as for a
  join: another spot, an unrelated problem, an event's effects told after it).

The gathered case gets a ``clustered`` event ``how = "gathered"`` naming the case whose report
showed it, with the score and the places and words it met that report on; its citizen, its thread
and its reply obligation stay its own; its follow-ups are on it and so in the cluster with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from monitor.cluster.batch import _aware, _batch
from monitor.cluster.drift import Drift
from monitor.cluster.members import add_member
from monitor.cluster.merge import cluster_of
from monitor.cluster.score import SAME_PROBLEM, Match
from monitor.cluster.signature import Signature
from monitor.cluster.spots import SPECIFIC
from monitor.core.types import Actor
from monitor.store.models import Case, Cluster


class Strays(Drift):
    """Lone cases a joining report shows to be its cluster's (mixed into the stage)."""

    def _forget_strays(self, session: Session, case_id: int) -> None:
        """Drop what an earlier choice for ``case_id`` noted (the batch matches each case twice)."""
        _batch(session).gathers.pop(case_id, None)

    def _note_strays(self, session: Session, case_id: int, sig: Signature, chosen: tuple[int, Match, str],
                     rest: list[tuple[Any, ...]], at: dt.datetime) -> None:
        """Remember, for the join of ``case_id``, the lone cases among the candidates ranked
        below its choice that it would join too (see the module's docstring)."""
        cid1, _m1, how = chosen
        if how != "similar" or not sig.issues:
            return
        batch = _batch(session)
        lone: list[tuple[int, Match]] = []
        for _score, received, cid2, m2, how2 in rest:
            if how2 != "similar" or m2.problem < SAME_PROBLEM or m2.place < SPECIFIC \
                    or _aware(received) > _aware(at):
                continue
            old = batch.sigs.get(cid2) or batch.parsed.get(cid2)
            if old is None or not old.issues or cluster_of(session, cid2) is not None:
                continue
            if self._drifts(session, old, cid1, m2, _aware(received)):
                continue
            lone.append((cid2, m2))
        if lone:
            batch.gathers[case_id] = lone

    def _gather_strays(self, session: Session, case: Case, cluster: Cluster, *, at: dt.datetime,
                       actor: Actor | str, inherit: bool = True) -> None:
        """After ``case`` joined ``cluster``: the lone cases it showed to be the cluster's join it."""
        for cid, m in _batch(session).gathers.pop(case.id, ()):
            if cluster_of(session, cid) is not None:
                continue  # joined since (an earlier case of the batch gathered it)
            lone = session.get(Case, cid)
            if lone is None or lone.status == "closed":
                continue
            add_member(session, cluster, lone, at=at, actor=actor, inherit=inherit,
                       data={"cluster": cluster.id, "how": "gathered", "by_case": case.id,
                             "with_case": case.id, **m.to_json()})
