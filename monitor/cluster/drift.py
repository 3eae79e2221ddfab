"""Drift: a join must not carry a cluster away from the problem or the spot it was founded on.

Why a module of its own: every way of joining (by place and problem, by rare words, the city's
matters) ends with the same check against the cluster's founder, so one join at the edge of a
problem (积水 beside 爆管) cannot pull a third problem in after it, a member placed only on a road
cannot let in the estate next door, and an event's effects told after it was over stay out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.cluster.batch import Batch, StageParts, _aware, _batch, _case_key
from monitor.cluster.markers import AGAIN, agrees, is_same_question, recurs
from monitor.cluster.problems import problems
from monitor.cluster.score import BUILDING_PROBLEMS, Match, SPECIFIC, other_building, same_spot
from monitor.cluster.signature import Signature, spot_stem
from monitor.store.models import Case, Cluster


# a building's problem its estate supplies: heating comes from the estate's station, so once a
# member reports it of the whole estate (naming no building; not a 同问 under one building's post),
# another building's cold flats are that
# cluster's too (38 development sets: eval17 +147 right pairs, eval22 +96; a lift or a leak is
# the building's own and stays apart, and so is another zone's heating: its own station). Two reports
# naming two buildings still do not meet directly
ESTATE_SUPPLIED = frozenset({"供暖"})

# a report saying its problem was put right once and is back (:func:`~monitor.cluster.markers.recurs`:
# "暖气上周刚修好，这几天又凉了") tells a new episode: it joins a cluster founded these many hours
# before it at most (the episode's other reports), not the one of the episode that was mended, unless
# that cluster's first report told the problem back too. On the 44 development sets 51 such reports
# (not a 同问) were the first post of their problem, on 29 sets, for 25 that were not (most of those
# follow an earlier report of the same recurrence, or are 12345 orders of a problem told as recurring)
EPISODE_HOURS = 24.0


class Drift(StageParts):
    """Whether joining a candidate's cluster would drift from its founding (mixed into the stage)."""

    def _drifts(self, session: Session, sig: Signature, cid: int, match: Match,
                at: dt.datetime | None = None) -> bool:
        """Whether joining case ``cid``'s cluster would carry it away from the problem or the spot
        the cluster was founded on: the new case names problems of the table, none of them the
        cluster's nor related to it; or it pins a spot and the cluster was founded at another
        (a member placed only on the road both lie on must not let in the estate next door:
        "宁华苑也停水了，跟文昌路那边是不是一回事" is no member of 文昌路金水苑's). A member that itself
        joined at the edge of the cluster's problem must not pull a third problem in after it (one
        bad join would otherwise chain two problems). Nor in time: a cluster founded on an event whose
        effects end with its repair (``lasts`` in the table: a burst main) takes a report of one of
        its effects that does not name it (ice, water on the road) only within those hours of its
        first report, ``at`` the new case's time: four days on, ice on that road is the snow's.
        A problem the founder itself told beside its main one is no drift (:meth:`_founder_told`)."""
        # the spot is checked only when the candidate met this case on a road or a name: a
        # candidate at the same spot is the cluster's (a 工地 beside a school is at both)
        spots = [k for k, w in sig.places.items() if w >= SPECIFIC] if match.place < SPECIFIC else []
        if not sig.issues and not spots:
            return False
        member = session.identity_map.get(_case_key(cid))
        batch = _batch(session)
        if member is None and cid in batch.cluster_of:
            # a stored candidate read with the batch, not loaded since (so not joined since)
            cluster_id = batch.cluster_of[cid]
        else:
            member = member if member is not None else session.get(Case, cid)
            cluster_id = member.cluster_id if member is not None else None
        cluster = session.get(Cluster, cluster_id) if cluster_id else None
        if cluster is None:
            return False
        table = problems()
        if sig.issues and sig.issues[0] != cluster.problem and cluster.problem in table.events \
                and self._founded_elsewhere(session, sig, cluster.id):
            return True  # an event's effect told from another district than the event's
        lasts = table.lasts.get(cluster.problem)
        if lasts is not None and at is not None and cluster.problem not in sig.issues \
                and at - _aware(cluster.first_seen) > dt.timedelta(hours=lasts):
            return True  # the event's effects, told after it was over: another matter at the road
        if spots and lasts is not None and at is not None and sig.issues and sig.issues[0] == cluster.problem \
                and at - _aware(cluster.first_seen) <= dt.timedelta(hours=lasts):
            # the event itself told on the road it met the cluster on, while it lasts: a burst main
            # is one point of the road that each passer-by places by the spot they know (塔桥社区门口,
            # 丽景北街清和街路口 往北一百米), and one road rarely bursts twice in a day
            spots = []
        if spots and cluster.place and spot_stem(cluster.place) and cluster.place not in sig.places \
                and not any(same_spot(k, cluster.place) for k in spots):
            return True  # founded at another 小区, school, market… than the one this case names
        if spots and "×" in (cluster.place or "") and not any("×" in k for k in spots) and sig.issues \
                and cluster.problem in table.order and cluster.problem not in sig.issues \
                and sig.issues[0] not in table.networks and cluster.problem not in table.events:
            # a spot's own problem, only related to the one a crossing's cluster was founded on, met
            # on the road both lie on: an estate's gate drain blocked for years is no storm's
            # flooded underpass down the road (an event's are: a burst main leaves the estate dry,
            # its water yellow)
            return True
        crossings = [k for k in spots if "×" in k]
        if crossings and "×" in cluster.place and cluster.place not in sig.places \
                and not any(same_spot(k, cluster.place) for k in crossings):
            return True  # …or at another crossing of the road both lie on
        if sig.own_station and sig.buildings and sig.issues and sig.issues[0] in ESTATE_SUPPLIED \
                and cluster.problem in ESTATE_SUPPLIED:
            founder = self._founder(session, batch, cluster.id)
            if founder is None or not founder.buildings & sig.buildings:
                return True  # a building's heating from a station of its own, told so: no estate's
        if (sig.buildings or sig.units) and sig.issues and sig.issues[0] in BUILDING_PROBLEMS \
                and cluster.problem in BUILDING_PROBLEMS:
            founder = self._founder(session, batch, cluster.id)
            if founder is not None and other_building(sig, founder) and not (
                    ESTATE_SUPPLIED & {sig.issues[0], cluster.problem}
                    and not (sig.zones and founder.zones and not sig.zones & founder.zones)
                    and self._of_the_estate(session, batch, cid)):
                return True  # a building's lift or leak, joined through a neighbour naming none
                # (heating: unless that neighbour told the estate's as a report, see ESTATE_SUPPLIED;
                # another zone of the estate has its own station, as a building)
        if not sig.issues or cluster.problem not in table.order or cluster.problem in sig.issues:
            return False
        if table.effect_of(sig.issues[0], cluster.problem):
            return False  # an event's effect, told while it lasts (checked above): the event's
        if any(table.are_related(i, cluster.problem) for i in sig.issues):
            return False
        return not self._founder_told(session, batch, cluster, sig.issues[0], at)

    def _earlier_episode(self, session: Session, cid: int, at: dt.datetime) -> bool:
        """Whether case ``cid``'s cluster (or ``cid`` alone) was founded more than
        :data:`EPISODE_HOURS` before ``at`` on a report that does not itself say its problem is
        back (put right and back, or "又出来了"): the episode a recurrence told at ``at`` says was
        put right. Read only for a report that says so, so rarely."""
        member = session.identity_map.get(_case_key(cid)) or session.get(Case, cid)
        if member is None:
            return False
        cluster = session.get(Cluster, member.cluster_id) if member.cluster_id else None
        first = _aware(cluster.first_seen) if cluster is not None else _aware(member.received_at)
        if at - first <= dt.timedelta(hours=EPISODE_HOURS):
            return False
        founder = member
        if cluster is not None:
            first, _ = self._first_case(session, _batch(session), cluster.id)
            if first is not None:
                founder = session.identity_map.get(_case_key(first)) or session.get(Case, first) or member
        text = founder.text or ""
        return not (recurs(text) or AGAIN.search(text))  # (a cluster founded on the problem back: this episode)

    def _founder_told(self, session: Session, batch: Batch, cluster: Cluster, problem: str,
                      at: dt.datetime | None) -> bool:
        """Whether the cluster's founder told ``problem`` beside the one it was founded on, or an
        event ``problem`` is an effect of, while it lasts: the founder's matter is all it told.

        A cluster keeps only its founder's main problem, yet a founder often tells its matter by
        two: a night market's smoke and its din after midnight (the smoke counted first), an
        estate's company cutting the water of those who owe it fees (the company first), a
        restaurant shut with its cards unrefunded and its staff unpaid, a flat's cold told with
        the main that burst (the dug-up road is then the burst's). A later report of the other
        is the founder's matter, not a drift to a problem it never told. Read only when the check
        would refuse a case as an unrelated problem, so rarely."""
        founder = self._founder(session, batch, cluster.id)
        if founder is None:
            return False
        table = problems()
        # not the source the founder named for its complaint (``yields``: the road works whose
        # noise at night it told are no matter of the cluster's; the road dug for weeks is another)
        told = [p for p in founder.issues if cluster.problem not in table.yields.get(p, ())]
        if problem in told:
            return True
        since = at - _aware(cluster.first_seen) if at is not None else None
        return any(table.effect_of(problem, event) and (
            since is None or event not in table.lasts or since <= dt.timedelta(hours=table.lasts[event]))
            for event in told if event in table.events)

    def _founded_elsewhere(self, session: Session, sig: Signature, cluster_id: int | None) -> bool:
        """Whether ``sig`` is told from another district or county than cluster ``cluster_id`` was
        founded in (its founder says one), or points at the cluster's matter as another district's
        ("跟金凤那边爆管有关系吗" from 兴庆区清和街): a burst main cuts the estates around it, not those
        across the city whose citizens ask whether it is theirs."""
        own = sig.district
        if not own or cluster_id is None:
            return False
        if sig.there and sig.there != own:
            return True
        founder = self._founder(session, _batch(session), cluster_id)
        return bool(founder is not None and founder.district and founder.district != own)

    def _of_the_estate(self, session: Session, batch: Batch, cid: int) -> bool:
        """Whether the candidate ``cid`` tells its problem of the estate: a report naming no
        building, not a 同问 or +1 under a neighbour's (that agrees with one building's, as like as
        not). Read only for an estate's supply refused as another building's, so rarely."""
        sig = batch.sigs.get(cid) or batch.parsed.get(cid)
        if sig is None or sig.buildings or sig.units:
            return False
        member = session.identity_map.get(_case_key(cid)) or session.get(Case, cid)
        text = member.text if member is not None else ""
        return bool(text) and not (is_same_question(text) or agrees(text))

    def _first_case(self, session: Session, batch: Batch,
                    cluster_id: int) -> tuple[int | None, tuple[int, dict[str, Any] | None] | None]:
        """The id of a cluster's first case (this batch's, or the first stored), and the stored
        row read for it (id, signature; None when the cluster has none stored yet): what
        :meth:`_founder` and :meth:`_earlier_episode` read the founder from."""
        ids = [cid for cid in batch.sigs
               if (c := session.identity_map.get(_case_key(cid))) is not None and c.cluster_id == cluster_id]
        if cluster_id in batch.founders:  # read with the batch (:meth:`_prefetch_founders`)
            stored = batch.founders[cluster_id]
        else:
            stored = session.execute(select(Case.id, Case.cluster_sig).where(Case.cluster_id == cluster_id)
                                     .order_by(Case.id).limit(1)).first()
        if stored is not None:
            ids.append(stored[0])
        return (min(ids) if ids else None), stored

    def _founder(self, session: Session, batch: Batch, cluster_id: int) -> Signature | None:
        """The signature of a cluster's first case (this batch's, or stored): read only for a
        building's own problem, so the cost is that of the rare case that needs it."""
        first, stored = self._first_case(session, batch, cluster_id)
        if first is None:
            return None
        sig = batch.sigs.get(first) or batch.parsed.get(first)
        if sig is None and stored is not None and stored[0] == first and stored[1]:
            sig = self.stored_signature(session, first, stored[1])
        return sig
