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
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import bindparam, case as sql_case, func, insert, select, text, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from monitor.core.types import Actor, actor_columns
from monitor.cluster.markers import (agrees, area_wide, back_again, back_reference, chaser_words, continues, is_same_question, lasted_days, quoted_names,
                                     opens_another, opens_new_matter, quoted_text, recurs, short_own_word, speaks_to_others, still, tells_since,
                                     tells_update)
from monitor.cluster.faults import Spread
from monitor.cluster.problems import conceded, problems
from monitor.cluster.score import (BUILDING_PROBLEMS, EVENT_HOURS, MIN_PROBLEM, NUMBER_WORD, SAME_PROBLEM, SPECIFIC, Match, compare, described,
                                   issue_match, other_building, place_score, placeless, placeless_for_city,
                                   said_apart, same_spot, term_weight)
from monitor.cluster.signature import ISSUE_TAG, UNNAMED, W_ROAD, W_STREET, Signature, SignatureMaker, spot_stem
from monitor.cluster.wording import content_pairs, taken_up
from monitor.core.config import ClusterConfig, Matrix
from monitor.handling.escalation import supervisors
from monitor.handling.queue import open_entry, preload_open, resolve_entries
from monitor.notify.outbox import enqueue
from monitor.route.assign import reassign
from monitor.store import ids
from monitor.store.bulk import Source, insert_rows, update_rows
from monitor.store.models import INGEST_LEAVES_UNREAD, Case, CaseEvent, Cluster, ClusterKey, Mention

MAX_KEYS = 8  # place keys filed per case: a message naming more is a list, not a place
MAX_CANDIDATES = 40  # index rows a join reads at most
BATCH = "wenzheng_cluster_batch"  # session.info key: this transaction's index rows and signatures
BURST_PENDING = "wenzheng_cluster_pending"  # session.info key: members given a cluster this batch


def _candidates(by_domain: bool) -> Any:
    """The index read, built once (a statement built per case cost more than running it): cases
    filed under one of the place keys (and domains) within the window, the most recent rows only —
    a mass appeal of hundreds is represented by its latest members, so a join costs the same at a
    hot place as at a quiet one."""
    q = select(ClusterKey.case_id).where(ClusterKey.key.in_(bindparam("keys", expanding=True)),
                                         ClusterKey.at >= bindparam("lo"), ClusterKey.at <= bindparam("hi"))
    if by_domain:
        q = q.where(ClusterKey.domain.in_(bindparam("doms", expanding=True)))
    # ties in time by case id, as the batch read (:func:`_batch_read`) cuts them
    sub = q.order_by(ClusterKey.at.desc(), ClusterKey.case_id.desc()).limit(MAX_CANDIDATES).scalar_subquery()
    return select(Case.id, Case.status, Case.received_at, Case.cluster_sig).where(Case.id.in_(sub))


_CANDIDATES = _candidates(False)
_CANDIDATES_IN = _candidates(True)
# the recent cases filed under some of a report's rare words, with their citizens and texts
_WORD_CANDIDATES = select(Case.id, Case.status, Case.received_at, Case.cluster_sig, Case.citizen_name, Case.text).where(
    Case.id.in_(select(ClusterKey.case_id).where(ClusterKey.key.in_(bindparam("keys", expanding=True)),
                                                 ClusterKey.at >= bindparam("lo"), ClusterKey.at <= bindparam("hi"))
                .order_by(ClusterKey.at.desc(), ClusterKey.case_id.desc()).limit(MAX_CANDIDATES).scalar_subquery()))
_HANDLE = re.compile(r"@([\w\-]+)")  # an account addressed or quoted
# the recent cases of one problem, for a 同问 that names no place (filed under "~停水")
_ECHOES = select(Case.id, Case.cluster_id, Case.status, Case.received_at).where(Case.id.in_(
    select(ClusterKey.case_id).where(ClusterKey.key == bindparam("key"), ClusterKey.at >= bindparam("lo"),
                                     ClusterKey.at <= bindparam("hi"))
    .order_by(ClusterKey.at.desc()).limit(MAX_CANDIDATES).scalar_subquery()))
_ECHOES_IN = select(Case.id, Case.cluster_id, Case.status, Case.received_at).where(Case.id.in_(
    select(ClusterKey.case_id).where(ClusterKey.key == bindparam("key"), ClusterKey.at >= bindparam("lo"),
                                     ClusterKey.at <= bindparam("hi"),
                                     ClusterKey.domain.in_(bindparam("doms", expanding=True)))
    .order_by(ClusterKey.at.desc()).limit(MAX_CANDIDATES).scalar_subquery()))
ECHO_WINDOW = dt.timedelta(hours=48)  # a 同问 that names no place asks after an appeal this recent
# a 同问 naming neither place nor problem, posted alone, echoes an appeal of the last hours by its
# wording (:meth:`ClusterStage._echo_by_wording`): every appeal (a case naming a place or a problem)
# is filed under RECENT_TAG, and the echo reads the newest MAX_CANDIDATES of them
RECENT_TAG = "~近"
WORDING_WINDOW = dt.timedelta(hours=6)
# two content pairs taken up say which appeal; one says it only of an appeal of the last hour
# (25 development sets, counted offline: +209 right pairs / −10 false, against +247 / −29 at six hours)
WORDING_NEAR = dt.timedelta(hours=1)
# a candidate's stored signature when it is open (a closed one is never compared), decoded as the
# column is
_OPEN_SIGNATURE = type_coerce(sql_case((Case.status != "closed", Case.cluster_sig), else_=None),
                              Case.cluster_sig.type).label("cluster_sig")
_RECENT = select(Case.id, Case.cluster_id, Case.status, Case.received_at, _OPEN_SIGNATURE, Case.text).where(
    Case.id.in_(select(ClusterKey.case_id).where(ClusterKey.key == RECENT_TAG, ClusterKey.at >= bindparam("lo"),
                                                 ClusterKey.at <= bindparam("hi"))
                .order_by(ClusterKey.at.desc(), ClusterKey.case_id.desc()).limit(MAX_CANDIDATES).scalar_subquery()))
# an outage told as an event's (a burst main) is told the day the event is: a main ageing for
# years ("主管道老化", 三天两头断) is no event of the last hours
EVENT_WINDOW = dt.timedelta(hours=EVENT_HOURS)  # …and a network's cut echoed at a neighbour's
# an outage told only as the neighbourhood's ("同一片的吧", "附近几个小区都没水") is the burst's
# while it runs, in its first hours; later the same words tell a planned cut or low pressure
NEIGHBOURS_WINDOW = dt.timedelta(hours=3)
# a citizen's short word naming nothing and sharing no word with their one open case is about it
# when that case is of the last day ("来人换了闸板 不漏了 谢谢"); validation eval3–7: at one day +20
# right pairs and +4 false, at two +24 / +37 (older, a new matter as often)
ONLY_CASE_WINDOW = dt.timedelta(days=1)
# an echo saying its own place has the cut too: 也 with the outage or 是/一样/这样 ("也没水", "也停了",
# "我们这也是", "情况一样"), 同问, +1, 同样; not any 也 (也不知道找谁, 我也是醉了, 也太离谱, 也没人管:
# a neighbour's own outage told under the post) nor 跟没贴一样
ALSO = re.compile(r"同问|[+＋]\s*1|同样(?!的话)|一样的(问题|情况)|(也|都|情况|这边|那边|这里|这儿|我们|我家)一样"
                  r"|也(是(?![醉不没])|这样|停|断|黑|缺|(没|不出|不来|没来)(有)?(水|电))")
BUILDING_TAG = "~楼"  # the index key of a building number an appeal names (~楼5), for echoes
ZONE_TAG = "~区"  # …and of an estate's zone or phase it names (~区D: 阅海万家D区), for echoes
MAX_BUILDINGS = 2  # building numbers a case is filed under
PLACELESS = "~城"  # the index key of reports naming no place: a matter of the whole city
# the rare-word fallback (:meth:`ClusterStage._by_words`): a case is filed under its rarest words
# (~词井盖), and a report that met no case by place and problem looks for one that shares them
WORD_TAG = "~词"
MAX_WORD_KEYS = 6  # rare words a case is filed under and looks up
MIN_WORDS = 2  # rare words two reports must share to be one matter by their words alone
# and their weight: each word's rarity (:func:`~monitor.cluster.score.term_weight`), a word sharing a
# character with a longer one counted once (:func:`_disjoint`). Development sets, outside6: at 2.0 the
# false pairs were two lexicon words of one everyday matter (停车 + 扣了我); 2.5 asks for a third
MIN_WORD_STRENGTH = 2.5
# …or, when the classifier gives both one domain of their own (the problem agrees where the table
# knows neither), two rare words weighing 1.5 (灵活就业 + 缴费, 坡道 + 车库)
MIN_DOMAIN_WORD_STRENGTH = 1.5
WORD_WINDOW = dt.timedelta(hours=48)  # citizens telling one event in their own words tell it soon


def _unit_key(building: int, unit: int) -> str:
    """The index key of one unit of a building ("5-2": 5号楼2单元), filed beside the building's."""
    return f"{BUILDING_TAG}{building}-{unit}"


# a batch's cases received within this span share one index read (a poll spans minutes; a
# backfill of last month is read a few hours at a time, so later rows rarely crowd out earlier ones)
GROUP_SPAN = dt.timedelta(hours=6)
READ_ARMS = 400  # index ranges per statement of the batch read (SQLite allows 500 per compound)
_K = ClusterKey.__table__


@functools.cache
def _batch_read(by_domain: bool) -> Any:
    """:data:`READ_ARMS` index ranges in one statement, each the newest :data:`MAX_CANDIDATES`
    rows of a place key ``k<i>`` (and domain ``d<i>``) in [``lo``, ``hi``], read backwards along
    an index that ends with (at, case_id), so each stops at the limit without a sort. Written as
    text with a fixed number of ranges (unused ones bound to NULL, which matches nothing): it is
    compiled once, and neither compiled nor hashed again per batch as a built statement of
    hundreds of subqueries was. ``at`` comes back as stored (compared, never converted)."""
    cond = "key = :k{i} AND domain = :d{i}" if by_domain else "key = :k{i}"
    return text(_ranges(cond, ":lo", ":hi"))


@functools.cache
def _batch_read_driver(by_domain: bool) -> str:
    """:func:`_batch_read` as the SQLite driver's own statement (``?`` in order: each range's key,
    domain, ``lo``, ``hi``), run with a tuple by ``exec_driver_sql``. Why: bound by name through
    SQLAlchemy, the 1,202 parameters of each statement were matched to their names and passed
    through a processor one by one, about a fifth of the read's CPU (the values are plain already:
    keys, domains and times as stored)."""
    return _ranges("key = ? AND domain = ?" if by_domain else "key = ?", "?", "?")


def _ranges(cond: str, lo: str, hi: str) -> str:
    """The SQL of :data:`READ_ARMS` index ranges joined by UNION ALL, each range's rows matching
    ``cond`` (``{i}`` in it is the range's number) in [``lo``, ``hi``], newest first up to the limit:
    one text for both ways of binding (:func:`_batch_read`, :func:`_batch_read_driver`)."""
    arm = ("SELECT key, domain, at, case_id FROM (SELECT key, domain, at, case_id FROM cluster_keys "
           f"WHERE {cond} AND at >= {lo} AND at <= {hi} ORDER BY at DESC, case_id DESC "
           f"LIMIT {MAX_CANDIDATES}) AS r{{i}}")
    return " UNION ALL ".join(arm.format(i=i) for i in range(READ_ARMS))


@functools.cache
def _lateral_read(by_domain: bool) -> Any:
    """PostgreSQL: the ranges of :func:`_batch_read` as one statement over arrays of keys (and
    domains), each element joined LATERAL to its own backwards index scan cut at the limit.

    Why not the compound statement there too: PostgreSQL plans each of its :data:`READ_ARMS`
    arms on every execution, about half a second of server CPU a batch (``EXPLAIN ANALYZE``:
    645 ms planning, 166 ms executing), until the driver has prepared the statement on that
    connection and the server switched to a generic plan, ten executions later. Each daemon's
    pool connection sees only a few batches of a backlog, so with several daemons almost every
    read paid the full plan: PostgreSQL's CPU during a three-daemon run was as much as a whole
    daemon's. This form is planned once, in a millisecond, whatever the number of keys."""
    pairs = ("unnest(CAST(:keys AS varchar[]), CAST(:doms AS varchar[])) AS p(key, domain)" if by_domain
             else "unnest(CAST(:keys AS varchar[])) AS p(key)")
    if by_domain:
        # (key, domain, at) between (key, domain, lo) and (key, domain, hi): the same rows as
        # ``key = … AND domain = … AND at BETWEEN lo AND hi``, in an order only
        # ix_cluster_keys_lookup gives; written as equalities, ix_cluster_keys_recent (filtering
        # the domain) gives it too, and PostgreSQL took that one when it had no statistics
        where = ("(k.key, k.domain, k.at) >= (p.key, p.domain, CAST(:lo AS timestamptz)) "
                 "AND (k.key, k.domain, k.at) <= (p.key, p.domain, CAST(:hi AS timestamptz))")
        order = "k.key DESC, k.domain DESC, k.at DESC, k.case_id DESC"
    else:
        where, order = "k.key = p.key AND k.at >= :lo AND k.at <= :hi", "k.at DESC, k.case_id DESC"
    return text(f"SELECT p.key, r.domain, r.at, r.case_id FROM {pairs} CROSS JOIN LATERAL "
                f"(SELECT k.domain, k.at, k.case_id FROM cluster_keys AS k WHERE {where} "
                f"ORDER BY {order} LIMIT {MAX_CANDIDATES}) AS r")


# planner settings around the PostgreSQL read (this transaction only, set back after it)
_NO_SORT = text("SELECT current_setting('enable_sort'), current_setting('enable_incremental_sort'), "
                "set_config('enable_sort', 'off', true), set_config('enable_incremental_sort', 'off', true)")
_SORT = text("SELECT set_config('enable_sort', :sort, true), "
             "set_config('enable_incremental_sort', :incremental, true)")


def _read_parts(session: Session, by_domain: bool, todo: Sequence[tuple[str, str | None]],
                lo: Any, hi: Any) -> Iterator[Any]:
    """The index rows (key, domain, at, case_id) of the (key, domain) parts ``todo`` in [lo, hi],
    the newest :data:`MAX_CANDIDATES` of each: one statement on PostgreSQL
    (:func:`_lateral_read`), :data:`READ_ARMS` parts a statement elsewhere (:func:`_batch_read`)."""
    if not todo:
        return
    if session.get_bind().dialect.name == "postgresql":
        params: dict[str, Any] = {"lo": lo, "hi": hi, "keys": [k for k, _d in todo]}
        if by_domain:
            params["doms"] = [d for _k, d in todo]
        # no sort: each range read along its index and cut at the limit. The planner guesses a
        # few rows a key (hot keys have hundreds in the window) and, once it has statistics,
        # read whole ranges through a bitmap and sorted them (issue 17: 73-184 index rows a range
        # for 24-38 kept, growing with the rows in the window). For this statement only.
        sort, incremental = session.execute(_NO_SORT).one()[:2]
        rows = session.execute(_lateral_read(by_domain), params).all()
        session.execute(_SORT, {"sort": sort, "incremental": incremental})
        yield from rows
        return
    bind = session.connection()
    if bind.dialect.paramstyle == "qmark":
        statement = _batch_read_driver(by_domain)
        unused = (None, None, lo, hi) if by_domain else (None, lo, hi)  # NULL matches nothing
        for i in range(0, len(todo), READ_ARMS):
            chunk = todo[i:i + READ_ARMS]
            values: list[Any] = []
            for k, d in chunk:
                values += (k, d, lo, hi) if by_domain else (k, lo, hi)
            values += unused * (READ_ARMS - len(chunk))
            yield from bind.exec_driver_sql(statement, tuple(values))
        return
    for i in range(0, len(todo), READ_ARMS):
        chunk = todo[i:i + READ_ARMS]
        params = {"lo": lo, "hi": hi}
        for j in range(READ_ARMS):
            params[f"k{j}"], d = chunk[j] if j < len(chunk) else (None, None)
            if by_domain:
                params[f"d{j}"] = d
        yield from session.execute(_batch_read(by_domain), params)


Row = tuple[Any, int]  # an index row as a join orders it: (at as stored, case id)


def _read_recent(session: Session, group: Sequence[tuple[dt.datetime, int, list[str], set[str] | None]],
                 lo: Any, fhi: Any, hi: Any) -> tuple[dict[tuple[str, str | None], list[Row]], set[int]]:
    """The index rows a group of cases can pick, newest first, by (key, domain) and by key (None:
    any domain, for cases that look at all of a place's cases); and the cases whose picks these
    may not hold (their own query will read them).

    ``lo``: the earliest start of the group's cases' ranges (a citizen saying the problem has
    lasted three weeks looks back that far), ``fhi``: the end of the first case's window, ``hi``
    the end for the last case (as stored). A case picks the newest :data:`MAX_CANDIDATES` rows of its keys
    and wanted domains inside its window: from each (key, domain) it wants, a prefix of that
    partition's newest rows in [lo, hi]. Cut at the limit, the rows read hold that prefix unless
    some of them are after ``fhi`` (a case received earlier needs rows further back): rare, as
    later rows exist only when older messages are ingested late."""
    parts: set[tuple[str, str | None]] = set()
    for _at, _cid, keys, wanted in group:
        for k in keys:
            if wanted is None:
                parts.add((k, None))
            else:
                parts.update((k, d) for d in wanted)
    rows: dict[tuple[str, str | None], list[Row]] = {}
    for by_domain in (True, False):
        todo = sorted(p for p in parts if (p[1] is not None) == by_domain)
        for key, dom, at, cid in _read_parts(session, by_domain, todo, lo, hi):
            rows.setdefault((key, dom if by_domain else None), []).append((at, cid))
    spilled: set[tuple[str, str | None]] = set()
    for part, got in rows.items():
        got.sort(reverse=True)
        if len(got) >= MAX_CANDIDATES and got[0][0] > fhi:
            spilled.add(part)
    unsure = set()
    if spilled:
        for _at, cid, keys, wanted in group:
            if any((k, None) in spilled if wanted is None else any((k, d) in spilled for d in wanted)
                   for k in keys):
                unsure.add(cid)
    return rows, unsure


def _pick(lists: Sequence[list[Row]], lo: Any, hi: Any) -> list[int]:
    """The cases of the newest :data:`MAX_CANDIDATES` rows inside [lo, hi] of the newest-first
    lists: a merge that stops there, not a sort of them all. A case filed under two of the keys
    counts once per key, as in the index read."""
    out: list[int] = []
    for at, cid in heapq.merge(*lists, reverse=True):
        if at > hi:
            continue
        if at < lo:
            break
        out.append(cid)
        if len(out) == MAX_CANDIDATES:
            break
    return out


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


_Todo = TypeVar("_Todo", bound=tuple[Any, ...])


def _close_together(todo: list[_Todo]) -> list[list[_Todo]]:
    """Cases ``(received, id, …)`` in order, grouped so that each group spans at most
    :data:`GROUP_SPAN` from its first: cases received close together share one index read."""
    groups: list[list[_Todo]] = []
    for t in sorted(todo, key=lambda t: (t[0], t[1])):
        if groups and t[0] - groups[-1][0][0] <= GROUP_SPAN:
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


def _compared(batch: Batch, case_id: int, cid: int, old: Signature, age: float, score: Any) -> Match:
    """``score()`` (the match of ``case_id``'s signature with ``old``, candidate ``cid``'s, ``age``
    days apart), once a batch: the same two signatures at the same age are the same match."""
    known = batch.scores.get((case_id, cid))
    if known is not None and known[0] is old and known[1] == age:
        return known[2]
    m: Match = score()
    batch.scores[(case_id, cid)] = (old, age, m)
    return m


def _groups(cands: dict[int, tuple[int | None, dt.datetime]]) -> set[int]:
    """The groups (a cluster, or a case alone) of echo candidates."""
    return {cluster_id if cluster_id is not None else -cid for cid, (cluster_id, _) in cands.items()}


def _aware(at: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC datetimes; compare them as the aware ones they are."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _case_key(case_id: int) -> Any:
    return identity_key(Case, case_id)


def _citywide(sig: Signature) -> list[str]:
    """The matters of the whole city a report told at no place names, the main one first; a
    symptom may come first ("冷得受不了，能不能早点供暖"), so not only its main problem counts.
    The bus lines where the city's ride code failed ("3路上好几个人都扫不了") are no place of it
    (:func:`~monitor.cluster.score.placeless_for_city`)."""
    if sig.places and not placeless_for_city(sig):
        return []
    city = problems().citywide
    return [issue for issue in sig.issues if issue in city]


def _disjoint(words: Sequence[str]) -> list[str]:
    """The words of one matter each counted once: the longest first, leaving out any sharing a
    character with one kept (广场舞 beside 广场舞噪音, 排到 beside 排队 say one thing twice)."""
    kept: list[str] = []
    used: set[str] = set()
    for w in sorted(words, key=lambda w: (-len(w), w)):
        if not used & set(w):
            kept.append(w)
            used |= set(w)
    return sorted(kept)


def _batch(session: Session) -> Batch:
    batch = session.info.get(BATCH)
    if batch is None:
        batch = session.info[BATCH] = Batch()
    return batch


@dataclass(frozen=True)
class Found:
    """Where a new case belongs: the case it goes with, how well, and the cluster's handlers."""

    target: Case
    match: Match
    how: str
    lead: str | None
    co: list[str]


class ClusterStage:
    """Signatures, joins and chasers; one per pipeline (holds no per-batch state, and nothing
    per stored case: what a batch reads of them lives in its :class:`Batch`)."""

    def __init__(self, settings: ClusterConfig, maker: SignatureMaker, matrix: Matrix) -> None:
        self.settings = settings
        self.maker = maker
        self.matrix = matrix
        self.window = dt.timedelta(days=settings.window_days)
        # how many recent places used each word: what makes a shared word specific (faults.py)
        self.spread = Spread(self.window.total_seconds())

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

    # ------------------------------------------------------------------ chasers

    def chaser_target(self, text: str, sig: Signature,
                      own: Sequence[tuple[str, Signature, dt.datetime]],
                      at: dt.datetime, echoes: Collection[str] = ()) -> tuple[str, dict[str, Any]] | None:
        """Which of the citizen's own open cases (``(key, signature, received)``) ``text`` chases.

        Said in words (催办, 我3号反映的…): the best-matching own case that it does not
        contradict (another place, another domain). Not said: only an own case it matches as
        well as a cluster join would (the citizen repeating the same report). A post saying it
        is a new matter ("再反映一个：…跟垃圾的事不是一回事") chases nothing. ``echoes``: the keys of
        own cases that are the citizen's 同问 or agreement under another's appeal, not a report.
        """
        if opens_new_matter(text):
            return None
        if recurs(text) or back_again(text) and not still(text):
            # put right once and back again ("上个月刚修好，今天又停了"), or back and said so ("又满了，
            # 上个月就说过", "又是黄汤，跟上次一样"): a new episode once the first is older than the
            # cluster window; the case of the first one is no longer the open matter, and its chaser
            # words (再次, 上个月说过) say no more
            own = [o for o in own if at - o[2] <= self.window]
        if not own:
            return None
        words = [] if recurs(text) else chaser_words(text)
        scored = []
        for key, old, received in own:
            age = (at - received).total_seconds() / 86400
            m = compare(sig, old, age_days=age, window_days=self.settings.chaser_window_days,
                        default=self.maker.default_domain, rarity=self.spread.weight)
            scored.append((m, received, key, old))
        # of equal scores, an own case naming the post's main problem first, then the latest: a
        # chaser naming its problem and no place ("东门路灯还是不亮") scores nothing with any own
        # case, and the citizen's latest may be a 同问 of theirs under a neighbour's post
        scored.sort(key=lambda t: (-t[0].score, not (sig.issues and sig.issues[0] in t[3].issues),
                                   -t[1].timestamp(), t[2]))
        for m, received, key, old in scored:
            # unsaid, the same problem at the same place weeks later is the problem back again (a
            # new episode: "又冒了，12号刚疏通过"), not a chaser: only said chasers reach further
            # back than a cluster would
            recent = (at - received) <= self.window
            if m.joins(self.settings.threshold) and (recent or words) and (
                    words or not (sig.issues and old.issues) or m.problem >= SAME_PROBLEM):
                # unsaid, two related problems at one place are two matters of one citizen (the
                # school gate's traffic, then the snack carts at it), not the same report again
                return key, {"chaser": True, "by": "similar", **m.to_json()}
            if self._contradicts(sig, old):
                continue
            if words:
                return key, {"chaser": True, "by": "words", "words": words, **m.to_json()}
            if not recent:
                continue
            if quoted_names(text) or not self._same_main(sig, old):
                continue  # a repost of another citizen's report is about theirs; another main
                # problem at the same place (the road's dug trench after its night noise) is new
            # how strongly the two tell one problem, before the place's caps: compare's own
            if m.place > 0 and m.raw_problem >= MIN_PROBLEM and (
                    not (sig.issues and old.issues) or issue_match(sig, old)[0] >= SAME_PROBLEM):
                # the citizen writes again about the same problem at the same place: the place
                # AND the problem (a citizen's two matters are mostly at their one home, so half a
                # problem shared there, 0.25, was wrong five times in seven on the development sets)
                return key, {"chaser": True, "by": "own_case", **m.to_json()}
            if not sig.places and sig.issues and old.issues and issue_match(sig, old)[0] >= SAME_PROBLEM \
                    and not is_same_question(text):
                # …or names its problem again without the place ("阀门关了，店里的货泡了一半"): a
                # citizen's second report of one problem within the window is about their first
                return key, {"chaser": True, "by": "own_case", **m.to_json()}
        # of the own cases that fit a post naming little, the ones sharing a word with it first
        # ("今天收到了补发的" is about the pension's 补发, not the heating asked after since)
        scored = sorted(scored, key=lambda t: not (sig.terms & t[3].terms or sig.words & t[3].words))
        if continues(text) and not is_same_question(text):
            # "今天又停了", "9号楼电梯还是停的", "补充一下…": the citizen says their matter goes on
            # and names no other place or problem than their own case's (the latest that fits)
            # naming nothing at all, it can be about nothing but their open case, however old
            # (or saying it never stopped: 还是, 仍), however old
            # 又 with the problem named is the problem back again, whatever else it says ("又停水了！
            # 上个月刚停过，还是没通知"): the cluster window, as for an unsaid one
            again = "又" in text and bool(sig.issues)
            span = (dt.timedelta(days=self.settings.chaser_window_days)
                    if still(text) and not again or not (sig.places or sig.issues) else self.window)
            inside = [t for t in scored if (at - t[1]) <= span]
            for m, received, key, old in inside:
                # the citizen's one open case is told more of by its follow-up than one of several
                if self._continues(sig, old, m, only=len(inside) == 1):
                    return key, {"chaser": True, "by": "continued", **m.to_json()}
        if words and back_reference(text) and not is_same_question(text):
            # said in so many words ("前天说的…", "第二次问", "再次反映") and every own case
            # contradicted by what the signature read into a short post: the citizen's word
            # outweighs ours when the post shares its main problem or a rare word with one of
            # them (two kinds of evidence agreeing, never the back-reference alone)
            told = self._told_back(sig, scored)
            if told is not None:
                m, key = told
                return key, {"chaser": True, "by": "said", "words": words, **m.to_json()}
        if tells_update(text) and "又" not in text and not is_same_question(text):
            # "今天修好了，谢谢", "物业说是外面管道爆了", "课后服务收费的事有回复吗": how the
            # citizen's own matter stands, naming nothing of another (the latest own case that fits)
            span = dt.timedelta(days=self.settings.chaser_window_days)
            for m, received, key, old in scored:
                if (at - received) <= span and not self._contradicts(sig, old) and self._continues(sig, old, m) \
                        and not self._other_domain(sig, old):
                    return key, {"chaser": True, "by": "update", **m.to_json()}
        if not (sig.places or sig.issues) and short_own_word(text) \
                and not (is_same_question(text) or agrees(text) or quoted_names(text)):
            # a citizen's short word on their own matter names it by a thing of it, not by the
            # place or the table's word ("篮球场的灯能不能十点关" after the court's noise, "两天了
            # 太阳能还悬着"): naming no place and no problem of the table, it follows up the one
            # own case it shares a rare word or thing with (:meth:`_told_back`; none or several:
            # a new case), a word of numbering (单元, 号楼) being none. Its domain says little: the
            # classifier reads 保险 of "保险那边要证明"
            told = self._told_back(sig, scored, numbering=False)
            if told is not None:
                m, key = told
                return key, {"chaser": True, "by": "shared", **m.to_json()}
            if len(scored) == 1 and (at - scored[0][1]) <= ONLY_CASE_WINDOW:
                # …or, sharing none, the citizen's one open case, written since yesterday: "来人换了
                # 闸板 不漏了 谢谢" after their sluice gate's leak (``ONLY_CASE_WINDOW``)
                m, _received, key, _old = scored[0]
                return key, {"chaser": True, "by": "only_case", **m.to_json()}
            if len(scored) == 1 and (at - scored[0][1]) <= self.window and scored[0][2] not in echoes \
                    and not speaks_to_others(text) and tells_since(text):
                # …or written within the cluster window, when that one case is a report of the
                # citizen's own (not their 同问 or +1 under a neighbour's appeal) and the word
                # addresses no office and answers nobody, and tells what came of the matter since or
                # asks after it ("今天来了吊篮把松的都拆了", "劳动监察让我们写材料，写完了然后呢" days
                # after their own report): days on, such a word is on the matter they wrote of
                m, _received, key, _old = scored[0]
                return key, {"chaser": True, "by": "only_report", **m.to_json()}
        return None

    def _shares(self, sig: Signature, old: Signature, numbering: bool = True) -> bool:
        """Whether two reports share a rare word or thing (:func:`~monitor.cluster.score.described`);
        with ``numbering`` false, a word of numbering alone (单元, 号楼: any estate's) is none."""
        strength, shared = described(sig, old, self.spread.weight)
        return strength > 0 and (numbering or any(not NUMBER_WORD.fullmatch(w) for w in shared))

    def _told_back(self, sig: Signature, scored: Sequence[tuple[Match, dt.datetime, str, Signature]],
                   numbering: bool = True) -> tuple[Match, str] | None:
        """Of the own cases a post pointing back at one of them may mean, the one sharing its main
        problem or a rare word or thing with it (:func:`~monitor.cluster.score.described`); None
        when none or several do. Not the place: a citizen's two matters are mostly at their home."""
        sharing = {key: m for m, _received, key, old in scored
                   if sig.issues and sig.issues[0] in old.issues or self._shares(sig, old, numbering)}
        if len(sharing) == 1:
            key, m = next(iter(sharing.items()))
            return m, key
        return None

    def _continues(self, new: Signature, old: Signature, m: Match, only: bool = False) -> bool:
        """Whether a post saying its matter goes on can be about ``old``: at its place or naming
        none, and naming its problem (or a related one) or none. The classifier's domain of so
        short a post is no problem named ("还是停着的，物业说等师傅" is 物业 to it: who, not what).
        ``only``: ``old`` is the citizen's one open case in reach; told at no place, it is placed
        by a follow-up naming its problem at a place."""
        if new.places and m.place == 0 and not self._shorter(new, old) and not (
                only and not old.places and old.issues and new.issues):
            return False  # (the one own case, telling a problem at no place, is placed by its
            # follow-up naming that problem: "我们这条街北头那几盏路灯", then "满城北街路灯还是黑的")
        if new.issues and old.issues and new.issues[0] == old.issues[0] and new.kinds and old.kinds \
                and not new.kinds & old.kinds:
            return False  # two kinds of one problem are two matters (the night market's shouting
            # after the building site's piling, "一点多了还在吼": noise both), as for a join
        if not new.issues or not old.issues and (old.domain == self.maker.default_domain or self._shares(new, old)):
            return True  # or the own case named no problem at all (a 同问: "同问，天天刷网站"), or
            # none of the table and a rare word of this post ("七个工作日早过了，电费还没退" after
            # "电费扣了两次，客服说要七个工作日": 退 names 预付退费 to the table, not to the citizen)
        table = problems()
        return any(i == new.issues[0] or table.are_related(i, new.issues[0]) for i in old.issues)

    @staticmethod
    def _same_main(new: Signature, old: Signature) -> bool:
        """Whether two reports naming problems of the table have one main problem, or related
        ones (either naming none: nothing says otherwise)."""
        if not (new.issues and old.issues):
            return True
        return new.issues[0] == old.issues[0] or problems().are_related(new.issues[0], old.issues[0])

    def _other_domain(self, new: Signature, old: Signature) -> bool:
        """Whether two reports each have a domain of their own and share nothing of it: at one
        place (丰登 and 丰登镇), a removed bus stop is no follow-up of a shop's expired food."""
        default = self.maker.default_domain
        if default in (new.domain, old.domain) or new.domain == old.domain or new.words & old.words:
            return False
        if not new.topics:
            return False  # no domain word written: the classifier's guess from its place ("团结路今天有人在铲了")
        return not (new.topics & old.topics or new.domain in old.domains or old.domain in new.domains)

    @staticmethod
    def _shorter(new: Signature, old: Signature) -> bool:
        """A citizen chasing their own case names its place shorter than the first time, dropping
        the county or district (贺兰县汽车站 → 汽车站, 贺兰一小 → 一小)."""
        return any(len(k) >= 2 and (o.endswith(k) or o.startswith(k)) for k in new.places for o in old.places)

    def _answers_other(self, new: Signature, old: Signature, text: str, hours: float = 0.0) -> bool:
        """Whether an echo under a case's post (or a repost of it) is about another matter than
        the case's, though the platform says it answers it: it says so ("说到公交，…", "另外…"),
        its own main problem is none of the case's nor related to one ("噪音先不说，…那个公厕都锁了"
        under a dance's noise), or another place or problem (:meth:`_contradicts`) — except a
        supply cut by its network said to be shared at another estate ("同问，湖畔嘉苑也没水"
        under 塔桥新村's 停水: ``network`` in the table) ``hours`` after it, within ``EVENT_HOURS``:
        the neighbour's cut is the same (a day later it is another cut)."""
        if opens_another(text):
            return True
        if (new.unlike and said_apart(new, old)) or other_building(new, old):
            return True  # "跟7号楼那个坏电梯不是一个事", or 9号楼's lift under 7号楼's
        if new.issues and not old.issues and conceded(text) and not is_same_question(text):
            # a comment setting a matter aside before its own problem ("路滑就算了，车站的候车亭…")
            # under a post naming none: it turns from the post's matter to its own
            return True
        if new.issues and old.issues:
            table = problems()
            if not any(i == new.issues[0] or table.are_related(i, new.issues[0]) for i in old.issues):
                return True
            if new.issues[0] == old.issues[0] in table.networks and ALSO.search(text) and hours <= EVENT_HOURS:
                return False  # "同问，湖畔嘉苑也没水" under 塔桥新村's: a cut of the network, shared
        return self._contradicts(new, old)

    def _contradicts(self, new: Signature, old: Signature) -> bool:
        """Another place, or another problem: the chaser words are about something else."""
        if new.places and old.places and place_score(new, old)[0] == 0.0 and not self._shorter(new, old):
            return True
        default = self.maker.default_domain
        if new.issues and old.issues:
            # (the works that make a noise are no other matter than the noise on the road both name:
            # "清和街施工的事还没回复" chases its citizen's night-works noise on 清和街; works on 怀远路
            # are another matter than the night market's noise at 怀远夜市)
            return issue_match(new, old)[0] == 0.0 and not (
                problems().feeds(new.issues[0], old.issues[0])
                and any(w >= W_ROAD and k in old.places for k, w in new.places.items()))
        if new.places and old.places:
            return False  # the same place, and a problem in words of no table entry: the domain
            # the classifier gave a short chaser ("漏水还在漏") says too little to contradict
        if new.domain == default or old.domain == default or new.words & old.words:
            return False
        return not (new.topics & old.topics or new.domain in old.domains or old.domain in new.domains)

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
            best = self._best(session, case, sig, list(sig.places)[:MAX_KEYS], sig.index_domains())
            if best is None and not quoted_names(case.text):
                best = self._by_words(session, case, sig)
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
        appeal's)."""
        default = self.maker.default_domain
        if not sig.issues and (sig.domain == default or not sig.words and (
                is_same_question(text) or agrees(text))):
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
        if sig.places or sig.issues:  # an appeal, for an echo naming nothing (:meth:`_echo_by_wording`)
            keys.append((RECENT_TAG, RECENT_TAG))
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
            params: dict[str, Any] = {"keys": keys, "lo": lo, "hi": hi}
            if wanted is not None:
                params["doms"] = sorted(wanted)
            for cid, status, received, stored in session.execute(
                    _CANDIDATES_IN if wanted is not None else _CANDIDATES, params):
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
                city = self._of_event(session, case, sig)  # "金凤那个爆管的视频…": the burst heard of
            if city is not None or not (is_same_question(case_text) or agrees(case_text)):
                return city
            if sig.issues and sig.issues[0] in problems().by_county:
                return None  # (a 同问 of buses at no line and no county: any line's, not one)
            return self._echo(session, case, sig)
        quoted: set[int] = set()
        verbatim: set[int] = set()  # quoted cases whose text holds the words quoted
        if names:
            # a repost quotes one citizen's post, chosen by the writer: it reaches that post as far
            # back as a chaser would (a 同问 two weeks on still asks what was asked)
            quote_lo = min(lo, received_at - dt.timedelta(days=self.settings.chaser_window_days))
            said = quoted_text(case_text)
            for cid, status, received, stored, text_ in session.execute(
                    select(Case.id, Case.status, Case.received_at, Case.cluster_sig, Case.text)
                    .where(Case.citizen_name.in_(names), Case.received_at >= quote_lo,
                           Case.received_at <= received_at, Case.id != case_id)):
                quoted.add(cid)
                if said and said in (text_ or ""):
                    verbatim.add(cid)
                cands.setdefault(cid, (status, received, stored))
            for cid, (n, _at) in batch.names.items():
                if n in names and quote_lo <= _at:
                    quoted.add(cid)
                    member = session.identity_map.get(_case_key(cid))
                    if said and member is not None and said in (member.text or ""):
                        verbatim.add(cid)
            for cid in quoted - set(cands):
                cands[cid] = ("open", batch.names[cid][1], None)
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
            elif cid in quoted and not self._contradicts(sig, old):
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
            return self._echo_at_area(session, case, sig) if echo else self._of_event(session, case, sig)
        found.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _, _, cid, m, how in found:
            if how in ("quote", "thread") or not self._drifts(session, sig, cid, m, received_at):
                return cid, m, how
        return None

    @staticmethod
    def _worded(case: Case, sig: Signature) -> bool:
        """Whether ``case`` may meet another on its words alone (:meth:`_by_words`): it names no
        problem of the table (a problem the table knows is bound to a place it names, or the
        city's: two 路灯坏了 at no place are two estates nobody named), and it was not imported
        (a backfill replays history; its copies of one routine complaint are no burst)."""
        return not sig.issues and not (case.channel or "").endswith("import")

    def _rare_words(self, sig: Signature, text: str) -> list[str]:
        """The words of ``sig`` that are rare among the recent cases (:func:`term_weight` 1: the
        recent places' say, the dictionary's before they can), the longest first: what a case
        is filed under and looks up for :meth:`_by_words`."""
        rarity = self.spread.weight
        handles = _HANDLE.findall(text)  # an account addressed is no word of the matter (@银川人社)
        words = {w for w in sig.terms | sig.words | sig.things.keys()
                 if term_weight(w, rarity) >= 1.0 and not any(w in h for h in handles)}
        return sorted(words, key=lambda w: (-len(w), w))[:MAX_WORD_KEYS]

    def _by_words(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """The fallback for a report naming no place that met no case otherwise (no problem of
        the table, or none with a case to join): the recent open case of another citizen sharing
        at least :data:`MIN_WORDS` of its rare words (:func:`described`'s words, less those of an
        account either addresses, each concept once: :func:`_disjoint`), weighing together at
        least :data:`MIN_WORD_STRENGTH`, when nothing sets the two apart (two problems of the
        table, two domains, two counties, "不是…那个"). Index-driven: the cases filed under its
        rare words (:data:`WORD_TAG`) in the last :data:`WORD_WINDOW`, the newest
        :data:`MAX_CANDIDATES` rows. The join records its score and the words that matched."""
        if sig.places or not self._worded(case, sig):
            return None  # a place named is the evidence: at it, or not at all
        words = self._rare_words(sig, case.text)
        if len(words) < MIN_WORDS:
            return None
        keys = [WORD_TAG + w for w in words]
        lo, hi = case.received_at - WORD_WINDOW, case.received_at
        batch = _batch(session)
        cands: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]] = {}
        others: set[int] = set()  # candidates of the same citizen: their own case is a chaser's matter
        for k in keys:
            for _dom, at, cid in batch.index.get(k, ()):
                if lo <= at <= hi:
                    cands[cid] = ("open", at, None)
        texts: dict[int, str] = {}
        rows = batch.worded.get(case.id)
        if rows is None:  # the stored rows do not change within the batch (its own are in memory)
            rows = batch.worded[case.id] = list(session.execute(_WORD_CANDIDATES,
                                                                {"keys": keys, "lo": lo, "hi": hi}))
        for cid, status, received, stored, name, text_ in rows:
            cands.setdefault(cid, (status, _aware(received), stored))
            texts[cid] = text_ or ""
            if name == case.citizen_name:
                others.add(cid)
        others |= {cid for cid in cands if cid in batch.names and batch.names[cid][0] == case.citizen_name}
        cands.pop(case.id, None)
        found = []
        for cid, received, old in self._open_candidates(batch, cands):
            if cid in others or old.issues or self._contradicts(sig, old) \
                    or sig.region and old.region and sig.region != old.region \
                    or (sig.unlike or old.unlike) and (said_apart(sig, old) or said_apart(old, sig)):
                continue
            _, shared = described(sig, old, self.spread.weight)
            if cid not in texts:
                member = session.identity_map.get(_case_key(cid))
                texts[cid] = member.text or "" if member is not None else ""
            handles = _HANDLE.findall(case.text) + _HANDLE.findall(texts[cid])
            shared = _disjoint([w for w in shared if not any(w in h for h in handles)])
            strength = sum(term_weight(w, self.spread.weight) for w in shared)
            if len(shared) >= MIN_WORDS and strength >= (
                    MIN_WORD_STRENGTH if sig.domain != old.domain or sig.domain == self.maker.default_domain
                    else MIN_DOMAIN_WORD_STRENGTH):
                found.append((strength, received, cid, shared))
        found.sort(key=lambda t: (-t[0], -t[1].timestamp(), t[2]))
        for strength, _received, cid, shared in found:
            m = Match(round(strength, 3), 0.0, 0.0, [], shared, [], None)
            if not self._drifts(session, sig, cid, m):
                return cid, m, "words"
        return None

    def _lookback(self, text: str) -> dt.timedelta:
        """How far back a new case looks for its problem's first reports: the cluster window, or
        as long as the citizen says the problem has lasted ("封了快三周了", "冒了快三个礼拜了": the
        cluster window counts from each case's receipt, and a problem of three weeks was first
        reported three weeks ago), at most ``chaser_window_days``."""
        said = min(lasted_days(text), self.settings.chaser_window_days)
        return max(self.window, dt.timedelta(days=said))

    def _placeless(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A report that names no place joins the latest open report of the same city-wide matter
        (:func:`~monitor.cluster.score.placeless`): an index range of the cases filed under
        :data:`PLACELESS` with its problems or domains, within the window, the newest
        :data:`MAX_CANDIDATES` only."""
        wanted = {ISSUE_TAG + issue for issue in _citywide(sig)}
        if not wanted:
            return None  # only a matter of the whole city is one matter without a place
        lo, hi = case.received_at - self._lookback(case.text), case.received_at
        batch = _batch(session)
        cands: dict[int, tuple[str, dt.datetime, dict[str, Any] | None]] = {}
        for dom, at, cid in batch.index.get(PLACELESS, ()):
            if dom in wanted and lo <= at <= hi:
                cands[cid] = ("open", at, None)
        picks = batch.city.get(case.id)
        if picks is not None:  # prefetched for the batch: the rows the read below would return
            for cid in picks:
                if cid in batch.info:
                    cands.setdefault(cid, batch.info[cid])
        else:
            for cid, status, received, stored in session.execute(
                    _CANDIDATES_IN, {"keys": [PLACELESS], "lo": lo, "hi": hi, "doms": sorted(wanted)}):
                cands.setdefault(cid, (status, received, stored))
        cands.pop(case.id, None)
        found = []
        for cid, received, old in self._open_candidates(batch, cands):
            age = abs((case.received_at - _aware(received)).total_seconds()) / 86400
            m = placeless(sig, old, age_days=age, window_days=self.settings.window_days)
            if m.problem:
                found.append((m.score, _aware(received), cid, m))
        found.sort(key=lambda t: (-t[0], -t[1].timestamp(), t[2]))
        how = "same_question" if is_same_question(case.text) else "citywide"
        for _, _, cid, m in found:
            if not self._drifts(session, sig, cid, m):
                return cid, m, how
        return None

    def _echo(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A 同问 that names no place ("同问，我家孩子也在那报了班，学费退不了"): it asks after the
        latest appeal of the same problem, when in the last ``ECHO_WINDOW`` exactly one open case
        or cluster has that problem; with two or more it could be either, and it stays alone.

        One that names a building of its estate and not the estate ("5号楼+1", "3号楼2单元也不
        热", "7号楼确实有味") asks after the appeal of that building: among the recent appeals of
        its problem the one of that building number (the heating of 3号楼 when 8号楼's lift was
        also told), or, naming no problem, the one recent appeal naming that building at all.
        A number two recent appeals name (two estates' 5号楼) leaves it alone. A zone of an estate
        (D区, 3期) written without the estate is asked after as a building is."""
        found = self._echo_named(session, case, sig)
        if found is None and not sig.issues:
            found = self._echo_by_wording(session, case, sig)
        return found

    def _echo_named(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """:meth:`_echo` by the problem or the building the echo names."""
        by_issue = self._echo_cands(session, case, ISSUE_TAG + sig.issues[0]) if sig.issues else {}
        if sig.region:  # "贺兰这边出租车也不打表，同问" is no echo of the city's station
            by_issue = {c: v for c, v in by_issue.items() if not self._elsewhere(session, sig, c)}
        if by_issue and len(_groups(by_issue)) == 1:
            cid = max(by_issue, key=lambda c: (by_issue[c][1], c))
            return cid, Match(1.0, 0.0, 1.0, [], [sig.issues[0]], [], None), "same_question"
        if not (sig.buildings or sig.zones) or sig.issues and not by_issue:
            return None
        # of its own domain when it names words of one ("12号楼、13号楼都不热" asks after heating,
        # not after 12号楼's lift); any, when it names none ("5号楼+1")
        doms = None if sig.issues or not sig.words else {*sig.index_domains()} - {UNNAMED}
        def appeals_at(keys: Iterator[str]) -> dict[int, tuple[int | None, dt.datetime]]:
            """The recent appeals filed under ``keys``, of its problem when it names one."""
            found: dict[int, tuple[int | None, dt.datetime]] = {}
            for key in keys:
                found.update(self._echo_cands(session, case, key, doms))
            return {c: v for c, v in found.items() if c in by_issue} if sig.issues else found

        buildings = sorted(sig.buildings)[:MAX_BUILDINGS]
        if buildings:
            # a building's unit first ("5-2的电梯"), when one appeal names it; else the building's
            by_building = appeals_at(_unit_key(n, u) for n in buildings for u in sorted(sig.units)[:MAX_BUILDINGS])
            if len(_groups(by_building)) != 1:
                by_building = appeals_at(f"{BUILDING_TAG}{n}" for n in buildings)
            named = [f"{n}号楼" for n in buildings]
        else:  # a zone of its estate ("我家也是，D区这边全凉了"), as a building
            by_building = appeals_at(f"{ZONE_TAG}{z}" for z in sorted(sig.zones))
            named = [f"{z}区" for z in sorted(sig.zones)]
        if len(_groups(by_building)) != 1:
            return None
        cid = max(by_building, key=lambda c: (by_building[c][1], c))
        said = [sig.issues[0]] if sig.issues else []
        return cid, Match(1.0, 0.0, 1.0, [], said, named, None), "same_question"

    def _echo_by_wording(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A 同问 naming neither place nor problem and answering no post ("同问，我也刷不了", "我也是
        扣了钱查不到记录", "又坏了，同问") echoes an appeal it read in the last ``WORDING_WINDOW`` and
        takes up its wording (:mod:`~monitor.cluster.wording`): the appeal (a cluster's members
        together, or a case alone) whose texts hold the most of the echo's content pairs, when no
        other holds as many, and it holds two, or one and was written in the last ``WORDING_NEAR``.
        The time alone does not say it (the latest appeal before an echo is its own less often than
        not), nor does an appeal of another county, or of another domain when the echo writes
        words of its own. Index-driven: the newest :data:`MAX_CANDIDATES` appeals filed under
        :data:`RECENT_TAG` in the window."""
        echo = content_pairs(case.text)
        if not echo:
            return None
        lo, hi = case.received_at - WORDING_WINDOW, case.received_at
        batch = _batch(session)
        rows = batch.recent.get(case.id)
        if rows is None:  # the stored rows do not change within the batch (its own are in memory)
            rows = batch.recent[case.id] = list(session.execute(_RECENT, {"lo": lo, "hi": hi}))
        cands: dict[int, tuple[int | None, str, dt.datetime, dict[str, Any] | None, str]] = {
            cid: (cluster_id, status, _aware(received), stored, text_ or "")
            for cid, cluster_id, status, received, stored, text_ in rows}
        for _dom, at, cid in batch.index.get(RECENT_TAG, ()):
            member = session.identity_map.get(_case_key(cid))
            if lo <= at <= hi and member is not None:
                cands[cid] = (member.cluster_id, member.status, at, None, member.text or "")
        cands.pop(case.id, None)
        groups: dict[int, tuple[set[str], dt.datetime, int]] = {}  # group → pairs, latest, its case
        for cid, received, old in self._open_candidates(
                batch, {cid: (status, received, stored) for cid, (_c, status, received, stored, _t) in cands.items()}):
            if sig.region and old.region and sig.region != old.region or sig.words and self._other_domain(sig, old):
                continue
            cluster_id, _s, _r, _st, text_ = cands[cid]
            group = cluster_id if cluster_id is not None else -cid
            pairs, latest, newest = groups.get(group, (set(), received, cid))
            pairs |= taken_up(echo, text_)
            if received >= latest:
                latest, newest = received, cid
            groups[group] = (pairs, latest, newest)
        ranked = sorted(groups.values(), key=lambda g: (-len(g[0]), -g[1].timestamp()))
        if not ranked or not ranked[0][0] or len(ranked) > 1 and len(ranked[1][0]) == len(ranked[0][0]):
            return None
        pairs, latest, cid = ranked[0]
        if len(pairs) < 2 and case.received_at - latest > WORDING_NEAR:
            return None
        return cid, Match(1.0, 0.0, 0.0, [], sorted(pairs), [], None), "same_question"

    def _echo_at_area(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A 同问 naming only a town or a 街道 and no problem ("望远这边也是", "东塔也停了，同问"): a
        town is no spot, so it asks after the town's one appeal of the last ``ECHO_WINDOW``; with
        two or more (two matters of one town) it could be either, and it stays alone."""
        if not sig.places or max(sig.places.values()) > W_STREET:
            return None
        recent: dict[int, tuple[int | None, dt.datetime]] = {}
        for key in list(sig.places)[:MAX_KEYS]:
            recent.update(self._echo_cands(session, case, key))
        if len(_groups(recent)) != 1:
            return None
        cid = max(recent, key=lambda c: (recent[c][1], c))
        return cid, Match(1.0, W_STREET, 0.0, list(sig.places)[:MAX_KEYS], [], [], None), "same_question"

    def _of_event(self, session: Session, case: Case, sig: Signature) -> tuple[int, Match, str] | None:
        """A problem at one's estate told as an event outside it (a burst main: "物业说是外面主管道
        坏了", "我们康馨苑也没水，同一片的吧": :func:`~monitor.cluster.markers.area_wide`) joins that
        event's appeal: the one open case or cluster of an event of the table related to its
        problem (``events``: 爆管 for 停水) in the last ``EVENT_WINDOW`` when it blames the main,
        ``NEIGHBOURS_WINDOW`` when it only says the neighbours have it too, read from the index
        under the event's problem, and not told in another district. Nothing ties the estate to the
        crossing but the citizen's word, so two recent events (two bursts) leave it alone, and so
        does an estate's own fault (水泵坏了)."""
        told = area_wide(case.text)
        if not sig.issues or not told:
            return None
        table = problems()
        main = sig.issues[0]
        for event in sorted(table.events):
            if event != main and not table.are_related(event, main):
                continue
            recent = {cid: v for cid, v in self._echo_cands(
                session, case, ISSUE_TAG + event, {ISSUE_TAG + event}, EVENT_WINDOW if told == "main" else NEIGHBOURS_WINDOW).items()
                if not self._elsewhere(session, sig, cid)}  # (not another district's or county's)
            if len(_groups(recent)) == 1:
                cid = max(recent, key=lambda c: (recent[c][1], c))
                return cid, Match(1.0, 0.0, 1.0, [], [f"{main}/{event}"] if main != event else [main], [], None), \
                    "event"
        return None

    def _elsewhere(self, session: Session, sig: Signature, cid: int) -> bool:
        """Whether case ``cid`` was told in another district or county than ``sig`` (both say one)."""
        batch = _batch(session)
        old = batch.sigs.get(cid) or batch.parsed.get(cid)
        if old is None and (member := session.get(Case, cid)) is not None and member.cluster_sig:
            old = batch.parsed[cid] = Signature.from_json(member.cluster_sig)
        return bool(old and sig.region and old.region and sig.region != old.region)

    def _echo_cands(self, session: Session, case: Case, key: str, doms: set[str] | None = None,
                    window: dt.timedelta = ECHO_WINDOW) -> dict[int, tuple[int | None, dt.datetime]]:
        """The open cases filed under ``key`` in the last ``window`` (with one of the index tags
        ``doms``, when given): case → (cluster, received)."""
        lo, hi = case.received_at - window, case.received_at
        cands: dict[int, tuple[int | None, dt.datetime]] = {}
        params: dict[str, Any] = {"key": key, "lo": lo, "hi": hi}
        if doms is not None:
            params["doms"] = sorted(doms)
        for cid, cluster_id, status, received in session.execute(
                _ECHOES if doms is None else _ECHOES_IN, params):
            if status != "closed":
                cands[cid] = (cluster_id, received)
        for dom, at, cid in _batch(session).index.get(key, ()):
            if doms is not None and dom not in doms:
                continue
            member = session.get(Case, cid)
            if lo <= at <= hi and member is not None and member.status != "closed":
                cands[cid] = (member.cluster_id, at)
        cands.pop(case.id, None)
        return cands

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
        first report, ``at`` the new case's time: four days on, ice on that road is the snow's."""
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
        crossings = [k for k in spots if "×" in k]
        if crossings and "×" in cluster.place and cluster.place not in sig.places \
                and not any(same_spot(k, cluster.place) for k in crossings):
            return True  # …or at another crossing of the road both lie on
        if (sig.buildings or sig.units) and sig.issues and sig.issues[0] in BUILDING_PROBLEMS \
                and cluster.problem in BUILDING_PROBLEMS:
            founder = self._founder(session, batch, cluster.id)
            if founder is not None and other_building(sig, founder):
                return True  # a building's lift or heating, joined through a neighbour naming none
        if not sig.issues or cluster.problem not in table.order or cluster.problem in sig.issues:
            return False
        return not any(table.are_related(i, cluster.problem) for i in sig.issues)

    def _founder(self, session: Session, batch: Batch, cluster_id: int) -> Signature | None:
        """The signature of a cluster's first case (this batch's, or stored): read only for a
        building's own problem, so the cost is that of the rare case that needs it."""
        ids = [cid for cid in batch.sigs
               if (c := session.identity_map.get(_case_key(cid))) is not None and c.cluster_id == cluster_id]
        if cluster_id in batch.founders:  # read with the batch (:meth:`_prefetch_founders`)
            stored = batch.founders[cluster_id]
        else:
            stored = session.execute(select(Case.id, Case.cluster_sig).where(Case.cluster_id == cluster_id)
                                     .order_by(Case.id).limit(1)).first()
        if stored is not None:
            ids.append(stored[0])
        if not ids:
            return None
        first = min(ids)
        sig = batch.sigs.get(first) or batch.parsed.get(first)
        if sig is None and stored is not None and stored[0] == first and stored[1]:
            sig = self.stored_signature(session, first, stored[1])
        return sig

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


# ---------------------------------------------------------------------- membership (shared with operators)


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


def _count(session: Session, cluster: Cluster, counter: str, *, seen: dt.datetime) -> None:
    """One more member, chaser or repost for ``cluster``, seen at ``seen``.

    In an ingest batch (:func:`defer_counts`) a stored cluster's new values are set in memory as
    if stored (what the batch reads of it, the burst check, stays exact) and written by
    :func:`write_counts`; a cluster this batch founded and has not written yet, and any cluster
    outside a batch (an operator's merge), changes as an ordinary attribute."""
    first, last = min(cluster.first_seen, seen), max(cluster.last_seen, seen)
    mine = _deferred(session, cluster)
    if mine is None:
        setattr(cluster, counter, getattr(cluster, counter) + 1)
        cluster.first_seen, cluster.last_seen = first, last
        return
    mine[counter] += 1
    mine["first"], mine["last"] = min(mine["first"], first), max(mine["last"], last)
    set_committed_value(cluster, counter, getattr(cluster, counter) + 1)
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
