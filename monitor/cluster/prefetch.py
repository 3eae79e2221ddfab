"""The batch's reads: one read of the joining index (and of threads, targets, members) per batch.

Why a module of its own: an ingest batch decides each new case's candidates, the posts its
comments answer, and the stored cases and clusters it joins in a few statements for the whole
batch, not a few per case (at 100,000 mentions the cluster stage's reads were most of its cost:
docs/deploy.md). What is read here is exactly what each case's own read would return; the join
then reads it from memory (:class:`~monitor.cluster.batch.Batch`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.cluster.batch import Answered, Batch, StageParts, _aware, _batch, _case_key
from monitor.cluster.index import (MAX_CANDIDATES, MAX_KEYS, PLACELESS, Row, _K, _OPEN_SIGNATURE, _close_together,
                                   _pick, _read_parts, _read_recent)
from monitor.cluster.markers import agrees, is_same_question, quoted_names
from monitor.cluster.score import BUILDING_PROBLEMS
from monitor.cluster.signature import ISSUE_TAG, Signature
from monitor.cluster.unplaced import _citywide
from monitor.handling.queue import preload_open
from monitor.store.models import Case, Cluster, INGEST_LEAVES_UNREAD, Mention


class Prefetch(StageParts):
    """The cluster stage's reads for a whole batch (mixed into the stage)."""

    def prefetch(self, session: Session, cases: Sequence[tuple[Case, Signature]]) -> None:
        """Read the joining index once for a whole batch of new cases (instead of once per case).

        Each case picks the newest :data:`MAX_CANDIDATES` rows of its place keys (and wanted
        domains) inside its window. Those are found from a few rows per key, read newest first
        along an index and cut at the limit (:func:`_read_recent`), so the read costs the batch's
        keys, not the rows stored under them. Each case's picks are decided here, exactly the rows
        its own index read would return; then the status and signatures of the picked cases only
        are read (signatures only of cases not parsed already)."""
        batch = _batch(session)
        todo = []
        for case, sig in cases:
            keys = list(sig.places)[:MAX_KEYS]
            if keys:  # (one looking back further than the window too: its range starts earlier)
                todo.append((case.received_at, case.id, keys, self._wanted(sig, case.text),
                             case.received_at - self._lookback(case.text)))
        dialect = session.get_bind().dialect  # times as the index stores them (SQLite: text)
        stored = _K.c.at.type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
        self._prefetch_city(session, batch, cases, stored)
        if not todo and not batch.city:
            return
        for group in _close_together(todo):
            first, last = group[0][0], group[-1][0]
            rows, unsure = _read_recent(session, [t[:4] for t in group], stored(min(t[4] for t in group)),
                                        stored(first + self.window), stored(last + self.window))
            for at, cid, keys, wanted, since in group:
                if cid in unsure:
                    continue
                lists = [got for k in keys for d in (sorted(wanted) if wanted is not None else [None])
                         if (got := rows.get((k, d)))]
                batch.picks[cid] = _pick(lists, stored(since), stored(at + self.window))
        wanted_ids = sorted({cid for lists in (batch.picks, batch.city) for picks in lists.values()
                             for cid in picks})
        clusters: set[int] = set()
        for i in range(0, len(wanted_ids), 500):
            chunk = wanted_ids[i:i + 500]
            # with the signature of an open candidate in the same read (one statement, not a second
            # one for the signatures: at 100,000 mentions on PostgreSQL the batch's statements were
            # 0.205 a mention); a closed candidate is passed over unread (_open_candidates), so its
            # signature is not read, nor kept for one parsed already
            for cid, status, received, cluster_id, stored in session.execute(
                    select(Case.id, Case.status, Case.received_at, Case.cluster_id, _OPEN_SIGNATURE)
                    .where(Case.id.in_(chunk))):
                batch.info[cid] = (status, _aware(received), None if cid in batch.parsed else stored)
                batch.cluster_of[cid] = cluster_id
                if cluster_id is not None:
                    clusters.add(cluster_id)
        # the candidates' clusters (a join must not drift from a cluster's problem): read together
        wanted_clusters = sorted(clusters)
        for i in range(0, len(wanted_clusters), 500):
            batch.held.extend(session.scalars(
                select(Cluster).where(Cluster.id.in_(wanted_clusters[i:i + 500]))))
        self._prefetch_founders(session, batch, wanted_clusters)

    def _prefetch_city(self, session: Session, batch: Batch, cases: Sequence[tuple[Case, Signature]],
                       stored: Any) -> None:
        """:meth:`prefetch` for the index read of :meth:`_placeless`: the newest
        :data:`MAX_CANDIDATES` rows filed under :data:`PLACELESS` with one of a case's city-wide
        matters in [received − lookback, received], read for cases received close together at
        once (was one statement per case, twice: the batch's first pass and its joins). A case
        whose rows the shared read may not hold exactly (a full range that stops inside its
        window, with later rows crowding it) reads its own, as before."""
        todo = []
        for case, sig in cases:
            wanted = sorted(ISSUE_TAG + issue for issue in _citywide(sig))
            if wanted and not quoted_names(case.text):
                todo.append((case.received_at, case.id, wanted, case.received_at - self._lookback(case.text)))
        for group in _close_together(todo):
            parts = sorted({(PLACELESS, d) for _at, _cid, wanted, _lo in group for d in wanted})
            lo = stored(min(t[3] for t in group))
            rows: dict[str, list[Row]] = {}
            for _key, dom, at, cid in _read_parts(session, True, parts, lo, stored(group[-1][0])):
                rows.setdefault(dom, []).append((at, cid))
            for got in rows.values():
                got.sort(reverse=True)
            for at, cid, wanted, since in group:
                lo, hi = stored(since), stored(at)
                lists = [got for d in wanted if (got := rows.get(d))]
                # a range cut at the limit holds this case's newest rows only if it reaches below
                # the case's window or holds a whole limit of them inside it
                if all(len(got) < MAX_CANDIDATES or got[-1][0] < lo
                       or sum(1 for a, _c in got if lo <= a <= hi) >= MAX_CANDIDATES for got in lists):
                    batch.city[cid] = _pick(lists, lo, hi)

    def _prefetch_founders(self, session: Session, batch: Batch, clusters: Sequence[int]) -> None:
        """The first stored case of each of the batch's candidates' clusters whose problem is a
        building's own (:meth:`_founder` reads it for those only), in one read for the batch
        instead of one per case that needs it."""
        building = [cid for cid in clusters if (cl := session.get(Cluster, cid)) is not None
                    and cl.problem in BUILDING_PROBLEMS and cid not in batch.founders]
        for i in range(0, len(building), 500):
            chunk = building[i:i + 500]
            batch.founders.update((cid, None) for cid in chunk)
            first = (select(func.min(Case.id)).where(Case.cluster_id.in_(chunk))
                     .group_by(Case.cluster_id).scalar_subquery())
            for cluster_id, cid, stored in session.execute(
                    select(Case.cluster_id, Case.id, Case.cluster_sig).where(Case.id.in_(first))):
                batch.founders[cluster_id] = (cid, stored)

    def read_threads(self, session: Session, cases: Sequence[tuple[Case, Sequence[str], str]]) -> None:
        """The cases of the items new cases answer or pass on (:attr:`Item.context_ids`), in one
        read for the batch: a top-level comment on a member account's post opens a case of its
        own, and so does a citizen's comment under another citizen's appeal, or repost of it, that
        addresses the matrix (:meth:`monitor.intake.threads.Threader.decide`); when what it answers
        is in a case's thread, its 同问 is about that case — the platform says so, whatever its few
        words name. Looked up by the items' unique keys, never a scan (the batch's own items are
        stored by now). Each case comes with the kind of its item (``comment``; ``status``: a
        repost), kept for the join's event."""
        want: dict[str, set[int]] = {}
        platform = {case.platform for case, _ids, _kind in cases}
        order: dict[tuple[int, str], int] = {}
        kinds: dict[int, str] = {}
        for case, ids, kind in cases:
            kinds[case.id] = "comment" if kind == "comment" else "repost"
            for n, ref in enumerate(ids):
                want.setdefault(ref, set()).add(case.id)
                order.setdefault((case.id, ref), n)
        if not want:
            return
        batch = _batch(session)
        refs = sorted(want)
        for i in range(0, len(refs), 500):
            for ext, cid, status, received, stored in session.execute(
                    select(Mention.external_id, Case.id, Case.status, Case.received_at, Case.cluster_sig)
                    .join(Case, Case.id == Mention.case_id)
                    .where(Mention.platform.in_(sorted(platform)), Mention.external_id.in_(refs[i:i + 500]))):
                for new in want.get(ext, ()) - {cid}:
                    seen = batch.threads.setdefault(new, {}).get(cid)
                    if seen is None or order[(new, ext)] < order[(new, seen.item)]:
                        # the nearest item of that case it answers
                        batch.threads[new][cid] = Answered(status, _aware(received), stored, kinds[new], ext)

    def _wanted(self, sig: Signature, text: str) -> set[str] | None:
        """The index domains a candidate of ``sig`` may be filed under; None: any (a case with no
        domain word and no problem of the table looks at all the place's cases, and so does an
        echo naming no problem: "宝湖公园这边同样" has the domain its place gave it, not its
        appeal's, and "X+1，刚看到一个学生摔了" the domain of the few words of its own it adds;
        the join still refuses another domain's appeal it shares nothing with but the place)."""
        default = self.maker.default_domain
        if not sig.issues and (sig.domain == default or is_same_question(text) or agrees(text)):
            return None
        return {*sig.wanted_tags(), default}

    def load_targets(self, session: Session, ids: Sequence[int], times: Sequence[dt.datetime] = ()) -> None:
        """Bring the stored cases a batch joins, their assignments and their clusters into the
        session in a few queries, so :meth:`found` and :meth:`join` read them from memory;
        ``times``: when the batch's cases were received (for the 突发聚集 counts)."""
        held = _batch(session).held  # the session's identity map holds objects weakly
        want = [cid for cid in dict.fromkeys(ids) if session.identity_map.get(_case_key(cid)) is None]
        for i in range(0, len(want), 500):
            held.extend(session.scalars(select(Case).options(*INGEST_LEAVES_UNREAD)
                                        .where(Case.id.in_(want[i:i + 500]))))
        clusters = sorted({c for cid in ids
                           if (case := session.identity_map.get(_case_key(cid))) is not None
                           and (c := case.cluster_id) is not None})
        for i in range(0, len(clusters), 500):
            held.extend(session.scalars(select(Cluster).where(Cluster.id.in_(clusters[i:i + 500]))))
        self._load_members(session, clusters, times)

    def _load_members(self, session: Session, clusters: Sequence[int], times: Sequence[dt.datetime]) -> None:
        """The stored members of the clusters a batch joins: their first case, and those received
        in the burst window of the batch's cases, so the 突发聚集 check counts from memory."""
        if not clusters or not times:
            return
        batch = _batch(session)
        since = min(times) - dt.timedelta(hours=self.settings.burst_hours)
        members: dict[int, tuple[dt.datetime, int | None, list[tuple[int, dt.datetime]]]] = {
            c: (since, None, []) for c in clusters}
        for i in range(0, len(clusters), 500):
            chunk = clusters[i:i + 500]
            for cl, first in session.execute(select(Case.cluster_id, func.min(Case.id))
                                             .where(Case.cluster_id.in_(chunk)).group_by(Case.cluster_id)):
                members[cl] = (since, first, members[cl][2])
            for cl, cid, when in session.execute(
                    select(Case.cluster_id, Case.id, Case.received_at)
                    .where(Case.cluster_id.in_(chunk), Case.received_at >= since)):
                members[cl][2].append((cid, _aware(when)))
        batch.members.update(members)
        # a burst's queue entry goes on the cluster's first case: its open entries, read with it
        preload_open(session, [m[1] for m in members.values() if m[1] is not None])
