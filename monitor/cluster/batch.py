"""What one ingest batch of the cluster stage holds, and what every part of the stage reads.

Why a module of its own: the stage keeps nothing per stored case between batches (issue 19: a
process-wide cache of signatures grew the arenas); what a batch read or wrote lives in one
:class:`Batch` in ``session.info``, so a rolled-back batch leaves nothing behind. The parts of the
stage (chasers, echoes, reports at no place, drift, prefetch: each a module) share it, and share
:class:`StageParts`: the settings they read and the candidates' signatures, each parsed once a batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from monitor.cluster.faults import Spread
from monitor.cluster.markers import lasted_days
from monitor.cluster.score import Match
from monitor.cluster.signature import Signature, SignatureMaker
from monitor.core.config import ClusterConfig, Matrix
from monitor.store.models import Case


BATCH = "wenzheng_cluster_batch"  # session.info key: this transaction's index rows and signatures
BURST_PENDING = "wenzheng_cluster_pending"  # session.info key: members given a cluster this batch


@dataclass(frozen=True, slots=True)
class Answered:
    """A stored case whose item a new case answers or passes on, as the platform says: the
    candidate as :attr:`Batch.info` holds one, and how it answers (``comment`` or ``repost``,
    and the external id of the nearest item of that case), for the join's event."""

    status: str
    received: dt.datetime
    stored: dict[str, Any] | None
    via: str
    item: str

    @property
    def info(self) -> tuple[str, dt.datetime, dict[str, Any] | None]:
        return self.status, self.received, self.stored


@dataclass
class Batch:
    """What the cluster stage wrote in the running transaction (kept in ``session.info``, so a
    rolled-back batch leaves nothing behind): index rows, signatures, citizens' names."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    index: dict[str, list[tuple[str, dt.datetime, int]]] = field(default_factory=dict)
    sigs: dict[int, Signature] = field(default_factory=dict)
    # stored candidates' signatures parsed in this batch (each once a batch). Not kept across
    # batches (issue 19): a parse costs ~4 µs, a kept signature ~3.7 KB of small objects, and a
    # process-wide cache of 2,000 of them (cleared when full) held up to ~7 MB that lived minutes
    # among each batch's short-lived objects, so Python's arenas grew with it and never gave it
    # back (a 15-minute soak: 181 -> 198 arenas while live blocks stayed flat)
    parsed: dict[int, Signature] = field(default_factory=dict)
    names: dict[int, tuple[str, dt.datetime]] = field(default_factory=dict)
    # what :meth:`ClusterStage.prefetch` read for the batch: the cases of each case's picked
    # index rows (newest first), and candidate id → (status, received, stored
    # signature or None when parsed already)
    picks: dict[int, list[int]] = field(default_factory=dict)
    info: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]] = field(default_factory=dict)
    # the same for the city-wide matters of new cases naming no place (:meth:`_placeless`)
    city: dict[int, list[int]] = field(default_factory=dict)
    # stored cluster (one of a building's problems) → its first stored case (id, stored signature),
    # as the batch began: only a later case of the batch can join it, so that one stays the first
    founders: dict[int, tuple[int, dict[str, Any] | None] | None] = field(default_factory=dict)
    # (new case, stored candidate) → (the candidate's signature, their match): a batch matches
    # each new case twice (the first pass naming the cases to load, then the join)
    scores: dict[tuple[int, int], tuple[Signature, float, Match]] = field(default_factory=dict)
    held: list[Any] = field(default_factory=list)  # rows loaded for the batch, kept till its end
    cluster_of: dict[int, int | None] = field(default_factory=dict)  # stored candidate → its cluster
    # cluster id → (counted since, its first case's id, stored members received since then)
    members: dict[int, tuple[dt.datetime, int | None, list[tuple[int, dt.datetime]]]] = field(
        default_factory=dict)
    # new case id → the cases of the items the platform says it answers or passes on (its post, a
    # member's repost's original…: :meth:`ClusterStage.read_threads`), each with how
    threads: dict[int, dict[int, Answered]] = field(default_factory=dict)
    # new case id → the stored cases its rare words found (:meth:`ClusterStage._by_words`), read
    # once for the batch's two passes: (id, status, received, stored signature, citizen, text)
    worded: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    # new case id → the recent appeals an echo naming nothing read (:meth:`ClusterStage._echo_by_wording`),
    # once for the batch's two passes: (id, cluster, status, received, stored signature, text)
    recent: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    # (index key, its domains or None) → the stored rows of that key over a span (lo, hi), each
    # (case, at, cluster, status, received), and whether they are all the span holds: an event's
    # tag is read by every estate's cut of a burst's hours (:meth:`~monitor.cluster.echoes.Echoes._echo_cands`)
    tagged: dict[tuple[str, tuple[str, ...] | None], tuple[dt.datetime, dt.datetime, list[tuple[Any, ...]], bool]] = field(
        default_factory=dict)
    # new case id → another cluster's candidate it would join too, and both matches: a report
    # that bridges two clusters of one event (:mod:`~monitor.cluster.merge`)
    bridges: dict[int, tuple[int, Match, Match]] = field(default_factory=dict)
    # new case id → the lone cases among its candidates it would join too, each with its match:
    # gathered into the cluster it joins (:mod:`~monitor.cluster.strays`)
    gathers: dict[int, list[tuple[int, Match]]] = field(default_factory=dict)


def _compared(batch: Batch, case_id: int, cid: int, old: Signature, age: float, score: Any) -> Match:
    """``score()`` (the match of ``case_id``'s signature with ``old``, candidate ``cid``'s, ``age``
    days apart), once a batch: the same two signatures at the same age are the same match."""
    known = batch.scores.get((case_id, cid))
    if known is not None and known[0] is old and known[1] == age:
        return known[2]
    m: Match = score()
    batch.scores[(case_id, cid)] = (old, age, m)
    return m


def _aware(at: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC datetimes; compare them as the aware ones they are."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _case_key(case_id: int) -> Any:
    return identity_key(Case, case_id)


def _batch(session: Session) -> Batch:
    batch = session.info.get(BATCH)
    if batch is None:
        batch = session.info[BATCH] = Batch()
    return batch


class StageParts:
    """What every part of :class:`~monitor.cluster.joining.ClusterStage` reads: its settings, the
    signature maker, the matrix, the cluster window and the recent words' spread (set by the
    stage's ``__init__``), and the candidates' signatures, each parsed once a batch."""

    settings: ClusterConfig
    maker: SignatureMaker
    matrix: Matrix
    window: dt.timedelta
    spread: Spread

    @staticmethod
    def stored_signature(session: Session, case_id: int, stored: dict[str, Any]) -> Signature:
        """A stored case's signature, parsed once a batch (kept with the candidates' ones)."""
        parsed = _batch(session).parsed
        sig = parsed.get(case_id)
        if sig is None:
            sig = parsed[case_id] = Signature.from_json(stored)
        return sig

    def _open_candidates(self, batch: Batch, cands: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]]
                         ) -> Iterator[tuple[int, dt.datetime, Signature]]:
        """The open candidates with their signatures: this batch's, one parsed before, or the
        stored one parsed now (a candidate with none to read is passed over)."""
        for cid, (status, received, stored) in cands.items():
            if status == "closed":
                continue
            sig = batch.sigs.get(cid) or batch.parsed.get(cid)
            if sig is None and stored:
                sig = batch.parsed[cid] = Signature.from_json(stored)
            if sig is not None:
                yield cid, received, sig

    def _lookback(self, text: str) -> dt.timedelta:
        """How far back a new case looks for its problem's first reports: the cluster window, or
        as long as the citizen says the problem has lasted ("封了快三周了", "冒了快三个礼拜了": the
        cluster window counts from each case's receipt, and a problem of three weeks was first
        reported three weeks ago), at most ``chaser_window_days``."""
        said = min(lasted_days(text), self.settings.chaser_window_days)
        return max(self.window, dt.timedelta(days=said))
