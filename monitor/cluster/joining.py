"""The cluster stage: a new case joins the cluster of a recent open case about the same thing.

Runs inside the ingest batch, right after the case was classified and routed:

1. the case's :class:`~monitor.cluster.signature.Signature` is stored on it and filed in the
   joining index (``cluster_keys``: one row per place key and domain);
2. candidates are the cases filed under the same place keys and domains within the window (an
   index range per key: the cost is the handful of recent cases at that place, never all open
   cases), plus, for a 同问 repost quoting ``//@name:``, that citizen's recent cases;
3. the best candidate by score (then the oldest) is joined when the score clears the threshold;
   a quoted citizen's case is joined outright: the citizen said which appeal they mean;
   a report naming no place and no problem of the table that met nothing joins on the rare
   words it shares with another such citizen's recent case (``~词`` index keys:
   :meth:`ClusterStage._by_words`; never an import's copies);
4. joining copies the cluster's lead and co-handlers onto the case (decided once, by the
   founding case's routing or an operator), records a ``clustered`` event with the score and
   the matched terms, and, when the cluster grows past the burst size within the burst window,
   opens one 突发聚集 queue entry and one alert for the whole cluster.

Chasers are decided before a case is opened (:meth:`ClusterStage.chaser_target`): a post by a
citizen with an open case of their own that says it is a chaser (:mod:`~monitor.cluster.markers`)
and does not contradict that case, or that reads as the same problem at the same place, is a
``follow_up`` on that case with ``chaser`` in its data.

The stage is written by part, one module each (this one keeps the join itself: filing a case,
choosing its best candidate, joining and the 突发聚集 check):

* :mod:`~monitor.cluster.index`: the joining index's reads and keys;
* :mod:`~monitor.cluster.batch`: what a batch holds, and what every part reads;
* :mod:`~monitor.cluster.prefetch`: the batch's reads, once a batch;
* :mod:`~monitor.cluster.apart`: what sets two reports apart;
* :mod:`~monitor.cluster.chasers`: a citizen's follow-up on their own case;
* :mod:`~monitor.cluster.echoes`: a 同问 naming little, and the appeal it agrees with;
* :mod:`~monitor.cluster.unplaced`: reports at no place (the city's matters, rare words);
* :mod:`~monitor.cluster.drift`: a join that would carry a cluster away from its founding;
* :mod:`~monitor.cluster.merge`: a report that shows two clusters are one event merges them;
* :mod:`~monitor.cluster.supply`: a supply failing across a district (the gas's pressure, a heating plant);
* :mod:`~monitor.cluster.members`: founding, membership, handlers and counters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.cluster.batch import BATCH, BURST_PENDING, _batch, _case_key, _compared
from monitor.cluster.chasers import Chasers
from monitor.cluster.drift import Drift
from monitor.cluster.echoes import Echoes
from monitor.cluster.faults import Spread
from monitor.cluster.index import (BUILDING_TAG, MAX_BUILDINGS, MAX_KEYS, PLACELESS, RECENT_TAG, WORD_TAG, ZONE_TAG,
                                   _CANDIDATES, _CANDIDATES_IN, _K, _unit_key, with_domains)
from monitor.cluster.markers import agrees, is_same_question, quoted_names, quoted_text, recurs
from monitor.cluster.members import _mark_burst, add_member, found_cluster
from monitor.cluster.merge import Merge
from monitor.cluster.prefetch import Prefetch
from monitor.cluster.problems import problems
from monitor.cluster.score import Match, SAME_PROBLEM, compare, placeless_for_city
from monitor.cluster.signature import ISSUE_TAG, Signature, SignatureMaker, W_ROAD
from monitor.cluster.strays import Strays
from monitor.cluster.supply import Supply
from monitor.cluster.unplaced import SERVICE_TAG, Unplaced, _citywide, services
from monitor.core.config import ClusterConfig, Matrix
from monitor.core.types import Actor
from monitor.handling.escalation import supervisors
from monitor.handling.queue import open_entry
from monitor.notify.outbox import enqueue
from monitor.store.bulk import insert_rows
from monitor.store.models import Case, Cluster, Mention

# kept importable from here, where the pipeline, operators' actions and tests import them
from monitor.cluster.apart import ALSO
from monitor.cluster.members import count_chaser, count_repost, defer_counts, inherit_handlers, write_counts
from monitor.cluster.unplaced import _disjoint

# a repost's quoted words tell which of a citizen's posts it passes on from this many of them
QUOTE_MIN = 8


def _held(said: str, text: str) -> int:
    """How long a beginning of ``said`` ``text`` holds (0 under four characters: too few to tell)."""
    lo, hi = 0, len(said)
    while lo < hi:  # the beginnings held are a prefix-closed set: the longest, by halves
        mid = (lo + hi + 1) // 2
        if said[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    return lo if lo >= 4 else 0


__all__ = ["ALSO", "BATCH", "MAX_KEYS", "_CANDIDATES", "_CANDIDATES_IN", "ClusterStage", "Found", "_disjoint",
           "add_member", "count_chaser", "count_repost", "defer_counts", "found_cluster", "inherit_handlers",
           "write_counts"]


@dataclass(frozen=True)
class Found:
    """Where a new case belongs: the case it goes with, how well, and the cluster's handlers."""

    target: Case
    match: Match
    how: str
    lead: str | None
    co: list[str]


class ClusterStage(Prefetch, Chasers, Echoes, Unplaced, Merge, Strays, Drift, Supply):
    """Signatures, joins and chasers; one per pipeline (holds no per-batch state, and nothing
    per stored case: what a batch reads of them lives in its :class:`Batch`)."""

    def __init__(self, settings: ClusterConfig, maker: SignatureMaker, matrix: Matrix) -> None:
        self.settings = settings
        self.maker = maker
        self.matrix = matrix
        self.window = dt.timedelta(days=settings.window_days)
        # how many recent places used each word: what makes a shared word specific (faults.py)
        self.spread = Spread(self.window.total_seconds())

    # ------------------------------------------------------------------ joining

    def find(self, session: Session, case: Case, sig: Signature) -> Found | None:
        """The cluster ``case`` belongs in, and its handlers, before the case is routed (reads only).

        Deciding before routing lets a joining case be routed to the cluster's handlers once,
        rather than routed on its own and then reassigned.
        """
        return self.found(session, self.best(session, case, sig))

    def best(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """The case ``case`` would join (its id, the match, how), or None: reads only.

        A batch that called :meth:`prefetch` reads its candidates from memory; anything else
        (an operator's action, a test) reads the index."""
        # read without flushing the batch's pending rows first: the batch's own cases are found
        # in memory (Batch), and one flush at commit is far cheaper than one before every case
        with session.no_autoflush:
            self._forget_strays(session, case.id)  # a batch's first pass noted them for this case
            best = self._best(session, case, sig, list(sig.places)[:MAX_KEYS], sig.index_domains())
            if best is None and not quoted_names(case.text):
                best = self._by_words(session, case, sig)
            if best is None and not quoted_names(case.text) and not (is_same_question(case.text) or agrees(case.text)):
                best = self._answer_alone(session, case, sig)  # a reply written as a post of its own
            return best

    def found(self, session: Session, best: tuple[int, Match, str] | None) -> Found | None:
        """:meth:`best`'s case with its cluster's handlers as they stand now (a case joined earlier
        in the batch may have given the target its cluster since)."""
        if best is None:
            return None
        target_id, match, how = best
        with session.no_autoflush:
            target = session.get(Case, target_id)
            assert target is not None
            cluster = session.get(Cluster, target.cluster_id) if target.cluster_id else None
        if cluster is not None:
            lead, co = cluster.lead_account_id, list(cluster.co_account_ids)
        else:
            active = [a for a in target.assignments if a.active]
            lead, co = target.lead_account_id, [a.account_id for a in active if a.role != "lead"]
        return Found(target, match, how, lead, co)

    def attach(self, session: Session, case: Case, sig: Signature, found: Found | None, *,
               inherit: bool = True) -> None:
        """File ``case`` for joining (written to the index with the batch) and, when ``found``,
        put it in that cluster."""
        self.file(session, case, sig)
        if found is not None:
            self.join(session, case, found.target, match=found.match, how=found.how, at=case.received_at,
                      inherit=inherit)

    def file(self, session: Session, case: Case, sig: Signature) -> None:
        """File ``case`` for joining: its index rows are written with the batch, and later cases
        of the batch find it in memory."""
        case.cluster_sig = sig.to_json()
        self.spread.add(sig.place_label, sig.terms | sig.words | sig.things.keys(), case.received_at.timestamp())
        batch = _batch(session)
        batch.sigs[case.id] = sig
        batch.names[case.id] = (case.citizen_name, case.received_at)
        keys = [(k, d) for k in list(sig.places)[:MAX_KEYS] for d in sig.index_domains()]
        if sig.issues:  # its problem alone, for a 同问 that names no place
            keys.append((ISSUE_TAG + sig.issues[0], ISSUE_TAG + sig.issues[0]))
        if sig.places:  # its buildings, for a 同问 that names a building and not its estate
            for n in sorted(sig.buildings)[:MAX_BUILDINGS]:
                for d in sig.index_domains():
                    keys.append((f"{BUILDING_TAG}{n}", d))
                    # and its units, for one naming a building's unit ("5-2的电梯也坏了"): two
                    # units' lifts of one building are two appeals
                    keys += [(_unit_key(n, u), d) for u in sorted(sig.units)[:MAX_BUILDINGS]]
            # its zone, for one naming the zone and not the estate ("我家也是，D区这边全凉了")
            keys += [(f"{ZONE_TAG}{z}", d) for z in sorted(sig.zones) for d in sig.index_domains()]
        for issue in _citywide(sig):
            # a matter of no place: the city's (提前供暖, 养老金没到账), filed under its problem
            keys.append((PLACELESS, ISSUE_TAG + issue))
        # every case, for an echo naming nothing (:meth:`_echo_by_wording`): an appeal told in words
        # of no table entry at no place ("电费扣了两次") is echoed as any other
        keys.append((RECENT_TAG, RECENT_TAG))
        if not sig.places:  # the apps it names, for a report at no place naming one (:meth:`_by_service`)
            keys += [(SERVICE_TAG + name, SERVICE_TAG) for name in services(case.text or "")]
        if self._worded(case, sig):
            # its rarest words, for a report of the same matter in words of no table entry that
            # names no place (:meth:`_by_words`)
            keys += [(WORD_TAG + w, WORD_TAG) for w in self._rare_words(sig, case.text)]
        at, case_id = case.received_at, case.id  # read once, not through the ORM for every key
        for k, d in keys:
            batch.rows.append({"key": k[:64], "domain": d[:32], "at": at, "case_id": case_id})
            batch.index.setdefault(k, []).append((d, at, case_id))

    def flush_index(self, session: Session) -> None:
        """Write the batch's index rows (one INSERT); call once per batch, before commit."""
        batch = _batch(session)
        if batch.rows:  # Core: plain rows, no ORM bulk bookkeeping
            insert_rows(session.connection(), _K, batch.rows)  # COPY on PostgreSQL
        session.info.pop(BATCH, None)

    def _best(self, session: Session, case: Case, sig: Signature, keys: list[str],
              doms: tuple[str, ...]) -> tuple[int, Match, str] | None:
        """The case to join: candidates from the index (and this batch's cases), best first."""
        # the case's own columns read once: each read of a mapped attribute goes through the ORM's
        # instrumentation, and the loop below read them for every candidate (about 48 reads a
        # call, a quarter of a million per 5,000 mentions)
        case_id, received_at, case_text = case.id, case.received_at, case.text
        lookback = self._lookback(case_text)
        lo, hi = received_at - lookback, received_at + self.window
        batch = _batch(session)
        default = self.maker.default_domain
        wanted = self._wanted(sig, case_text)
        cands: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]] = {}
        for k in keys:  # this batch's cases are not in the index table yet
            for dom, at, cid in batch.index.get(k, ()):
                if (wanted is None or dom in wanted) and lo <= at <= hi:
                    cands[cid] = ("open", at, None)
        picks = batch.picks.get(case_id) if keys else None
        if picks is not None:
            # prefetched for the batch: the same rows the index read below would return
            for cid in picks:
                if cid in batch.info:
                    cands.setdefault(cid, batch.info[cid])
        elif keys:
            for cid, status, received, stored in session.execute(
                    _CANDIDATES_IN if wanted is not None else _CANDIDATES,
                    with_domains({"keys": keys, "lo": lo, "hi": hi}, wanted)):
                cands.setdefault(cid, (status, received, stored))
        names = quoted_names(case_text)
        threads = batch.threads.get(case_id, {})
        for cid, answered in threads.items():
            cands.setdefault(cid, answered.info)
        if keys and not names and not threads and placeless_for_city(sig):
            city = self._placeless(session, case, sig)  # the ride code failing on a line
            if city is not None:
                return city
        if not keys and not names and not threads:
            city = self._placeless(session, case, sig)
            if city is None and not is_same_question(case_text):
                # "金凤那个爆管的视频…": the burst heard of; "兴庆这是全区停气了吗": the district's gas
                city = self._of_event(session, case, sig) or self._supply_out(session, case, sig)
            if city is None:  # the app it names (unplaced.services)
                city = self._by_service(session, case, sig)
            if city is not None or not (is_same_question(case_text) or agrees(case_text)):
                # else told at the writer's own place (unplaced.Unplaced._at_own_place)
                return city or self._at_own_place(session, case, sig)
            if sig.issues and sig.issues[0] in problems().by_county:
                return None  # (a 同问 of buses at no line and no county: any line's, not one)
            return self._echo(session, case, sig)
        quoted: set[int] = set()
        verbatim: set[int] = set()  # quoted cases holding the post quoted (the most of its words)
        chased: set[int] = set()  # …in a follow-up of the quoted citizen's on it, not its first post
        if names:
            # a repost quotes one citizen's post, chosen by the writer: it reaches that post as far
            # back as a chaser would (a 同问 two weeks on still asks what was asked)
            quote_lo = min(lo, received_at - dt.timedelta(days=self.settings.chaser_window_days))
            texts: dict[int, str] = {}
            for cid, status, received, stored, text_ in session.execute(
                    select(Case.id, Case.status, Case.received_at, Case.cluster_sig, Case.text)
                    .where(Case.citizen_name.in_(names), Case.received_at >= quote_lo,
                           Case.received_at <= received_at, Case.id != case_id)):
                quoted.add(cid)
                texts[cid] = text_ or ""
                cands.setdefault(cid, (status, received, stored))
            for cid, (n, _at) in batch.names.items():
                if n in names and quote_lo <= _at:
                    quoted.add(cid)
                    member = session.identity_map.get(_case_key(cid))
                    texts[cid] = (member.text or "") if member is not None else ""
            for cid in quoted - set(cands):
                cands[cid] = ("open", batch.names[cid][1], None)
            verbatim, chased = self._quoted_post(session, case_text, names, texts, received_at)
        cands.pop(case_id, None)
        found = []
        # "+1 我家也是，阅海湾3期": a 同问 that names the place and no problem of the table asks the
        # question the place's latest appeal asked (whatever domain its few words were given)
        echo = not sig.issues and (is_same_question(case_text) or agrees(case_text))
        for cid, received, old in self._open_candidates(batch, cands):
            age = abs((received_at - received).total_seconds()) / 86400
            m = _compared(batch, case_id, cid, old, age, lambda: compare(  # noqa: B023 - called at once
                sig, old, age_days=age, window_days=self.settings.window_days, default=default,
                rarity=self.spread.weight))
            if received < received_at - self.window and not (
                    cid in quoted or cid in threads or m.problem >= SAME_PROBLEM and sig.issues and old.issues):
                continue  # reached only by the time the citizen says it lasted: the same problem
            if cid in threads and not self._answers_other(sig, old, case_text, age * 24):
                # under the post (or a repost of it) the platform says it answers: about that case
                found.append((3.0 + m.score, received, cid,
                              Match(1.0, m.place, m.problem, m.places, m.words, m.terms, m.subtopic), "thread"))
            elif cid in quoted and (cid in chased or not self._contradicts(sig, old)):
                # the post quoted word for word first (a citizen's older case is another post)
                found.append(((3.0 if cid in verbatim else 2.0) + m.score, received, cid,
                              Match(1.0, m.place, m.problem, m.places, m.words, m.terms, m.subtopic),
                              "quote"))
            elif m.joins(self.settings.threshold):
                found.append((m.score, received, cid, m,
                              "same_question" if is_same_question(case_text) else "similar"))
            elif echo and m.place >= W_ROAD and not (sig.words and self._other_domain(sig, old)):
                # (a 同问 with words of its own domain asks another question: 课后服务 at a school
                # is not the traffic at its gate)
                found.append((m.place - 1.0 + received.timestamp() / 1e12, received, cid, m, "same_question"))
        if not found:
            if echo:
                return self._echo_at_area(session, case, sig)
            # the event it blames, else the supply failing across its district (supply.py), else the
            # bus line it names
            return self._of_event(session, case, sig) or self._supply_out(session, case, sig) \
                or self._at_line(session, case, sig)
        found.sort(key=lambda t: (-t[0], t[1], t[2]))
        # a report that says its problem was put right once and is back: a new episode (drift.py)
        again = not echo and not is_same_question(case_text) and recurs(case_text)
        for i, (_, _, cid, m, how) in enumerate(found):
            if how not in ("quote", "thread") and again and self._earlier_episode(session, cid, received_at):
                continue
            if how in ("quote", "thread") or not self._drifts(session, sig, cid, m, received_at):
                # another cluster it would join too: one event seen from two places (merge.py)
                self._note_bridge(session, case_id, case_text, sig, (cid, m, how), found[i + 1:], received_at)
                # a lone case it would join too: the cluster's, left alone when it came (strays.py)
                self._note_strays(session, case_id, sig, (cid, m, how), found[i + 1:], received_at)
                return cid, m, how
        return None

    @staticmethod
    def _quoted_post(session: Session, text: str, names: list[str], texts: dict[int, str],
                     before: dt.datetime) -> tuple[set[int], set[int]]:
        """Which of the quoted citizens' cases (``texts``: id → first post) holds the post a repost
        quotes (``//@name: words``): those holding the longest beginning of the words quoted (at
        least :func:`quoted_text`'s), in their first post or in a follow-up of the citizen's on
        them. A citizen telling one problem twice begins alike ("7号楼电梯又坏了…" a month apart):
        the rest of the words says which; and a follow-up's words ("工资还是没给") are in no
        case's text, while its case is the appeal the repost passes on. Returns the cases and, of
        them, those whose follow-up holds it (the case's first post told it in other words)."""
        said = quoted_text(text, length=10_000)
        if not said or not texts:
            return set(), set()
        first = {cid: _held(said, t) for cid, t in texts.items()}
        held = dict(first)
        ids = sorted(texts)
        for i in range(0, len(ids), 500):  # the citizens' follow-ups on those cases (by case: indexed)
            for cid, t in session.execute(
                    select(Mention.case_id, Mention.text)
                    .where(Mention.case_id.in_(ids[i:i + 500]), Mention.author_name.in_(names),
                           Mention.created_at <= before)):
                held[cid] = max(held[cid], _held(said, t or ""))
        best = max(held.values())
        if best < min(QUOTE_MIN, len(said)):
            return set(), set()
        found = {cid for cid, k in held.items() if k == best}
        return found, {cid for cid in found if first[cid] < best}

    def join(self, session: Session, case: Case, target: Case, *, match: Match | None, how: str,
             at: dt.datetime, actor: Actor | str = "system", inherit: bool = True) -> Cluster:
        """Put ``case`` into ``target``'s cluster (founding it around ``target`` if alone)."""
        cluster = session.get(Cluster, target.cluster_id) if target.cluster_id else None
        if cluster is None:
            cluster = found_cluster(session, target, match, at=at, actor=actor)
        data = {"cluster": cluster.id, "how": how, "with_case": target.id, **(match.to_json() if match else {})}
        if how == "thread" and (answered := _batch(session).threads.get(case.id, {}).get(target.id)):
            # what the platform says: a comment under (or a repost of) that case's item
            data["via"], data["via_item"] = answered.via, answered.item
        add_member(session, cluster, case, at=at, actor=actor, inherit=inherit, data=data)
        self._gather_strays(session, case, cluster, at=at, actor=actor, inherit=inherit)
        cluster = self._merge_bridged(session, case, cluster, at=at, actor=actor)
        self._check_burst(session, cluster, at)
        return cluster

    # ------------------------------------------------------------------ 突发聚集

    def _check_burst(self, session: Session, cluster: Cluster, at: dt.datetime) -> None:
        if cluster.burst_at is not None or cluster.members < self.settings.burst_size:
            return
        since = at - dt.timedelta(hours=self.settings.burst_hours)
        # members given the cluster in this transaction are not flushed: counted from memory
        pending = {cid: when for cid, (cl, when) in session.info.get(BURST_PENDING, {}).items()
                   if cl == cluster.id}
        known = _batch(session).members.get(cluster.id) if BATCH in session.info else None
        if known is not None and known[0] <= since:
            # the batch read its clusters' stored members once (:meth:`load_targets`)
            stored = sum(1 for cid, when in known[2] if since <= when <= at and cid not in pending)
        else:
            stored = session.scalar(select(func.count()).select_from(Case)
                                    .where(Case.cluster_id == cluster.id, Case.received_at >= since,
                                           Case.received_at <= at,
                                           Case.id.not_in(list(pending) or [-1]))) or 0
        recent = stored + sum(1 for when in pending.values() if since <= when <= at)
        if recent < self.settings.burst_size:
            return
        _mark_burst(session, cluster, at)
        stored_first = known[1] if known is not None else session.scalar(
            select(func.min(Case.id)).where(Case.cluster_id == cluster.id))
        first = min(x for x in [*pending, stored_first] if x is not None)
        what = f"{cluster.place}{cluster.problem}"
        open_entry(session, first, "burst", at=at,
                   detail={"cluster": cluster.id, "members": recent, "hours": self.settings.burst_hours,
                           "place": cluster.place, "problem": cluster.problem})
        handlers = [a for a in [cluster.lead_account_id, *cluster.co_account_ids] if a]
        people = list(dict.fromkeys([*handlers, *supervisors(self.matrix, handlers), self.matrix.hub.id]))
        enqueue(session, kind="burst", case_id=first, account_ids=people, urgent=True,
                subject=f"【突发聚集】{what}：{self.settings.burst_hours:g}小时内{recent}位市民反映",
                body=f"同类诉求#{cluster.id}：{what}，共{cluster.members}件，见案件#{first}",
                dedupe=f"burst:{cluster.id}", now=at)
