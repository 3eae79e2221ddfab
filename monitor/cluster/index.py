"""The joining index's reads: what a new case is compared with, never a scan of the open cases.

Why a module of its own: every way a case finds its candidates (by place and problem, by a
building or a zone, by its rare words, the city's matters, the recent appeals an echo reads) is an
index range of ``cluster_keys`` cut at :data:`MAX_CANDIDATES`, and the batch read that serves a
whole ingest batch at once (:func:`_read_recent`, :func:`_pick`) must pick exactly the rows each
case's own read would. The statements, the index keys' tags and the batch read live here together,
so the cost clause of issue 14 (joining reads the handful of recent cases at a place; ingest
throughput does not fall) is kept in one place: every read is one statement with bound parameters
over an index that ends with (at, case_id).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import bindparam, case as sql_case, select, text, type_coerce
from sqlalchemy.orm import Session

from monitor.store.models import Case, ClusterKey


MAX_KEYS = 8  # place keys filed per case: a message naming more is a list, not a place
MAX_CANDIDATES = 40  # index rows a join reads at most


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

# the same rows of one key (in some domains) over a wider span, read once a batch for every case of
# it that asks (:meth:`~monitor.cluster.echoes.Echoes._echo_cands`): each index row with its case
_TAG_ROWS = select(ClusterKey.case_id, ClusterKey.at, Case.cluster_id, Case.status, Case.received_at).join(
    Case, Case.id == ClusterKey.case_id).where(
    ClusterKey.key == bindparam("key"), ClusterKey.at >= bindparam("lo"), ClusterKey.at <= bindparam("hi")
).order_by(ClusterKey.at.desc(), ClusterKey.case_id.desc()).limit(bindparam("n"))
_TAG_ROWS_IN = _TAG_ROWS.where(ClusterKey.domain.in_(bindparam("doms", expanding=True)))
TAG_ROWS = 4 * MAX_CANDIDATES  # rows of the wider span read at most: more, and each case reads its own range
TAG_SPAN = dt.timedelta(hours=24)  # how far before a case's range and after it the wider span reaches


def with_domains(params: dict[str, Any], doms: Iterable[str] | None) -> dict[str, Any]:
    """``params`` of an index read, with ``doms`` bound (sorted, for the expanding ``IN``) when the
    read is limited to some domains: the ``_IN`` twin of each query takes them, the plain one not."""
    return params if doms is None else {**params, "doms": sorted(doms)}


# a 同问 naming neither place nor problem, posted alone, echoes an appeal of the last hours by its
# wording (:meth:`ClusterStage._echo_by_wording`): every case is filed under RECENT_TAG, and the
# echo reads the newest MAX_CANDIDATES of the last two days
RECENT_TAG = "~近"
# a candidate's stored signature when it is open (a closed one is never compared), decoded as the
# column is
_OPEN_SIGNATURE = type_coerce(sql_case((Case.status != "closed", Case.cluster_sig), else_=None),
                              Case.cluster_sig.type).label("cluster_sig")
_RECENT = select(Case.id, Case.cluster_id, Case.status, Case.received_at, _OPEN_SIGNATURE, Case.text).where(
    Case.id.in_(select(ClusterKey.case_id).where(ClusterKey.key == RECENT_TAG, ClusterKey.at >= bindparam("lo"),
                                                 ClusterKey.at <= bindparam("hi"))
                .order_by(ClusterKey.at.desc(), ClusterKey.case_id.desc()).limit(MAX_CANDIDATES).scalar_subquery()))

BUILDING_TAG = "~楼"  # the index key of a building number an appeal names (~楼5), for echoes
ZONE_TAG = "~区"  # …and of an estate's zone or phase it names (~区D: 阅海万家D区), for echoes
MAX_BUILDINGS = 2  # building numbers a case is filed under
PLACELESS = "~城"  # the index key of reports naming no place: a matter of the whole city
# the rare-word fallback (:meth:`ClusterStage._by_words`): a case is filed under its rarest words
# (~词井盖), and a report that met no case by place and problem looks for one that shares them
WORD_TAG = "~词"


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
