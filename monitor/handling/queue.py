"""The escalation queue (督办队列): cases that need a person, each entry saying why and since when.

Every reason an entry can have is one row of :data:`REASONS`, and its whole lifecycle lives here:

* **open**: the stage that notices the problem calls :func:`open_entry` (classification: risk;
  routing: unroutable; the SLA sweep: breaches and 督办; the reply lint; satisfaction feedback).
  At most one *open* entry exists per (case, reason), so a stage may call it every time it looks.
* **resolve automatically**: every writer of a case's timeline (ingest, operator actions, the
  sweep) calls :func:`settle` afterwards; an entry whose ``cleared`` rule says the cause is gone
  is resolved by ``system`` with the rule's sentence as its resolution.
* **acknowledge**: an operator dismisses an entry with a note (:func:`acknowledge`, reached through
  ``wenzheng case ack``, the API and the console); the caller records it on the timeline.
* **close / merge** resolve every open entry of the case; **reopen** opens again, as new entries,
  those the closing resolved whose cause still applies (``reopens``). Acknowledged entries stay
  dealt with.

Adding a reason (a cluster alert, say) is one :class:`Reason` in :data:`REASONS`. The lifecycle
is written out for people in ``docs/sla.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local
from monitor.sla.engine import SETTLING_EVENTS
from monitor.store.models import Account, Case, CaseEvent, QueueEntry

CLOSED = "案件已办结"  # detail["settled"] of entries the closing of their case resolved


@dataclass
class Facts:
    """What the lifecycle rules look at for one case (loaded only for cases with entries)."""

    case: Case
    hubs: Container[str]
    replies: list[Any] = field(default_factory=list)  # member replies' (id, …) rows, in time order
    violating: set[int] = field(default_factory=set)  # reply event ids the lint flagged

    @property
    def closed(self) -> bool:
        return self.case.status == "closed"

    @property
    def routed(self) -> bool:
        """A member account other than the hub leads the case."""
        return any(a.active and a.role == "lead" and a.account_id not in self.hubs
                   for a in self.case.assignments)

    @property
    def reply_compliant(self) -> bool:
        """The latest reply broke no reply rule (no reply at all: not compliant)."""
        return bool(self.replies) and self.replies[-1].id not in self.violating

    def clock_done(self, clock: str) -> bool:
        c = self.case
        if clock == "first_response":
            return c.first_response_at is not None or self.closed
        return c.closed_at is not None or c.closure_state in ("ok", "at_risk")


Rule = Callable[[Facts, QueueEntry], bool]


def _never(_f: Facts, _e: QueueEntry) -> bool:
    return False


@dataclass(frozen=True)
class Reason:
    """One queue reason: its Chinese label, urgency and lifecycle."""

    code: str
    label: str
    priority: int  # lower is more urgent
    opens: str  # what opens it (``wenzheng queue --reasons`` prints both)
    resolves: str  # what resolves it without an operator
    cleared: Rule = _never  # the cause is gone: resolve automatically
    reopens: Rule = _never  # after a reopen, does the cause still apply?


# Risk (self-harm, gas leak…) always comes first: a life may depend on it.
REASONS: dict[str, Reason] = {r.code: r for r in (
    Reason("risk", "风险预警", 0, "分类发现风险（轻生、燃气泄漏、暴力威胁…）",
           "不自动解除：操作员确认处理（ack）、排除疑似风险（dismiss-risk）或办结",
           reopens=lambda f, e: bool(f.case.risk)),
    Reason("supervision", "督办", 1, "超期一段时间后仍未办理，升级为枢纽督办",
           "办结（督办跟到案件办结为止）",
           cleared=lambda f, e: f.case.closed_at is not None),
    Reason("burst", "突发聚集", 1, "同一地点同一问题短时间内多位群众反映（一个同类诉求一条）",
           "不自动解除：操作员确认（ack），或代表它的首件案件办结",
           cleared=lambda f, e: f.case.closed_at is not None),
    Reason("first_response_breached", "首次响应超期", 2, "首次响应期限已过仍未回复",
           "成员账号回复（首次响应）或办结",
           cleared=lambda f, e: f.clock_done("first_response")),
    Reason("closure_breached", "办结超期", 2, "办结期限已过仍未办结",
           "办结，或延期后期限未到",
           cleared=lambda f, e: f.clock_done("closure")),
    Reason("negative_feedback", "群众不满意", 3, "回复后群众表示不满意（没解决、敷衍…）",
           "群众随后表示满意，或办结",
           cleared=lambda f, e: f.case.satisfaction == "satisfied",
           reopens=lambda f, e: f.case.satisfaction == "unsatisfied"),
    Reason("reply_violation", "回复不规范", 4, "回复违反回复规范（重复、敷衍、推诿、@上级、退件）",
           "随后一条合规的回复",
           cleared=lambda f, e: f.reply_compliant,
           reopens=lambda f, e: bool(f.replies) and not f.reply_compliant),
    Reason("unroutable", "无法分派", 5, "无法按规则分派，停在问政银川",
           "分派或认领给成员账号（非枢纽）",
           cleared=lambda f, e: f.routed,
           reopens=lambda f, e: not f.routed),
)}
PRIORITY: dict[str, int] = {code: r.priority for code, r in REASONS.items()}
LABELS: dict[str, str] = {code: r.label for code, r in REASONS.items()}


def label(reason: str) -> str:
    """The Chinese name of a reason (an unknown code shows as itself)."""
    r = REASONS.get(reason)
    return r.label if r else reason


def _pending(session: Session) -> dict[tuple[int, str], QueueEntry]:
    """Entries opened in this session, by (case, reason).

    The ingest pipeline runs its batch with autoflush off (a flush per query would cost more
    than the query), so entries opened earlier in the same transaction are found here rather
    than by the SELECT.
    """
    return session.info.setdefault("wenzheng_queue_pending", {})


def _end_of_transaction(session: Session, *_args: Any) -> None:
    # what the two caches say holds for one transaction only: after it, other writers may have
    # opened or resolved entries, and the entries themselves need not stay in memory
    forget(session)


def forget(session: Session) -> None:
    """Drop what this session remembers of open entries (flush first): a writer that works in
    chunks within one transaction (the sweep) lets each chunk's entries go with the chunk."""
    session.info.pop("wenzheng_queue_pending", None)
    session.info.pop("wenzheng_queue_known", None)


for _name in ("after_commit", "after_rollback"):
    if not event.contains(Session, _name, _end_of_transaction):
        event.listen(Session, _name, _end_of_transaction)


def _known(session: Session) -> set[int]:
    """Cases whose open entries are all in :func:`_pending` (preloaded, or opened in this
    transaction), so :func:`open_entry` need not select them."""
    return session.info.setdefault("wenzheng_queue_known", set())


def mark_fresh(session: Session, case_ids: Iterable[int]) -> None:
    """Cases created in this transaction: none has a stored entry yet."""
    _known(session).update(case_ids)


def preload_open(session: Session, case_ids: Sequence[int]) -> None:
    """Load the open entries of ``case_ids`` in one query (per 500), for the :func:`open_entry`
    calls an ingest batch makes on them; costs nothing for cases already known."""
    known = _known(session)
    ids = [cid for cid in dict.fromkeys(case_ids) if cid not in known]
    if not ids:
        return
    pending = _pending(session)
    for i in range(0, len(ids), 500):
        for e in session.scalars(select(QueueEntry).where(QueueEntry.case_id.in_(ids[i:i + 500]),
                                                          QueueEntry.resolved_at.is_(None))):
            pending.setdefault((e.case_id, e.reason), e)
    known.update(ids)


def open_entry(session: Session, case_id: int, reason: str, *, at: dt.datetime,
               detail: dict[str, Any] | None = None) -> QueueEntry:
    """Open (or return the already open) queue entry for ``case_id`` and ``reason``."""
    if reason not in REASONS:
        raise ValueError(f"unknown queue reason {reason!r} (known: {', '.join(REASONS)})")
    pending = _pending(session)
    mine = pending.get((case_id, reason))
    if mine is not None and mine.resolved_at is None:
        return mine
    existing = None if case_id in _known(session) else session.scalar(
        select(QueueEntry).where(QueueEntry.case_id == case_id, QueueEntry.reason == reason,
                                 QueueEntry.resolved_at.is_(None))
    )
    if existing is not None:
        return existing
    entry = QueueEntry(case_id=case_id, reason=reason, priority=PRIORITY[reason], since=at,
                       detail=detail or {})
    session.add(entry)
    pending[(case_id, reason)] = entry
    return entry


def _open_entries(session: Session, case_ids: Sequence[int],
                  reasons: Iterable[str] | None = None) -> list[QueueEntry]:
    """Open entries of these cases: stored ones and those opened earlier in this session."""
    wanted = None if reasons is None else set(reasons)
    found: dict[int, QueueEntry] = {}
    ids = list(dict.fromkeys(case_ids))
    known = _known(session)
    unknown = [cid for cid in ids if cid not in known]  # known: all their open entries are pending
    for i in range(0, len(unknown), 500):
        q = select(QueueEntry).where(QueueEntry.case_id.in_(unknown[i:i + 500]),
                                     QueueEntry.resolved_at.is_(None))
        if wanted is not None:
            q = q.where(QueueEntry.reason.in_(list(wanted)))
        found.update({id(e): e for e in session.scalars(q)})
    idset = set(ids)
    for (cid, reason), entry in _pending(session).items():
        if cid in idset and entry.resolved_at is None and (wanted is None or reason in wanted):
            found[id(entry)] = entry
    return list(found.values())


def _resolve(entry: QueueEntry, *, at: dt.datetime, by: str, why: str) -> None:
    entry.resolved_at = at
    entry.resolved_by = by[:200]
    entry.detail = {**(entry.detail or {}), "settled": why}


def resolve_entries(session: Session, case_id: int, reasons: Iterable[str] | None = None, *,
                    at: dt.datetime, by: str = "system", why: str = "") -> int:
    """Resolve the open entries of a case (all, or those with the given reasons); returns how many."""
    entries = _open_entries(session, [case_id], reasons)
    for entry in entries:
        _resolve(entry, at=at, by=by, why=why)
    return len(entries)


class _Hubs:
    """The hub accounts (every account of kind hub, current or not), read on the first question.

    Only the 无法分派 rule asks (:attr:`Facts.routed`), for a case with such an entry; read for
    every settling, it was a statement of every ingest batch whether any case asked or not."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: frozenset[str] | None = None

    def __contains__(self, account_id: object) -> bool:
        if self.ids is None:
            self.ids = frozenset(self.session.scalars(select(Account.id).where(Account.kind == "hub")))
        return account_id in self.ids


def _facts(session: Session, cases: Sequence[Case],
           timelines: Mapping[int, Sequence[Any]] | None = None) -> dict[int, Facts]:
    hubs = _Hubs(session)
    facts = {c.id: Facts(c, hubs) for c in cases}
    ids = list(facts)
    if timelines is not None and all(cid in timelines for cid in ids):
        # read already, with the clocks' events (SlaEngine.refresh_many's ``timelines``)
        chunks: Iterable[Iterable[Any]] = [[e for cid in ids for e in timelines[cid]]]
    else:
        # plain rows, not ORM events: the rules read a reply's id and a violation's reply id only,
        # and a batch settles hundreds of cases (their events stored: the caller flushed)
        chunks = (session.execute(select(CaseEvent.id, CaseEvent.case_id, CaseEvent.kind, CaseEvent.data).where(
            CaseEvent.case_id.in_(ids[i:i + 500]), CaseEvent.kind.in_(SETTLING_EVENTS))
            .order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)) for i in range(0, len(ids), 500))
    for rows in chunks:
        for e in rows:
            f = facts[e.case_id]
            if e.kind == "reply":
                f.replies.append(e)
            elif (e.data or {}).get("reply_event_id") is not None:
                f.violating.add(int(e.data["reply_event_id"]))
    return facts


def settle(session: Session, cases: Sequence[Case], *, now: dt.datetime, flushed: bool = False,
           timelines: Mapping[int, Sequence[Any]] | None = None) -> int:
    """Resolve every open entry of ``cases`` whose cause is gone; returns how many.

    Called after each write to a case's timeline (ingest batch, operator action, sweep), after
    the SLA clocks were refreshed. A closed case keeps no open entry. Costs one query when none
    of the cases has an open entry. ``flushed``: the caller flushed every queue entry and event
    it added (the ingest's SLA refresh just did); what it changed since on the cases themselves
    is read from memory here, and is written by its next flush. ``timelines``: the cases'
    replies and reply violations as the caller just read them (the ingest's SLA refresh,
    :meth:`monitor.sla.engine.SlaEngine.refresh_many`), so settling reads no events itself.
    """
    if not flushed:
        session.flush()
    entries = _open_entries(session, [c.id for c in cases])
    if not entries:
        return 0
    by_id = {c.id: c for c in cases}
    facts = _facts(session, [by_id[cid] for cid in {e.case_id for e in entries}], timelines)
    n = 0
    for entry in entries:
        f = facts[entry.case_id]
        reason = REASONS.get(entry.reason)
        if f.closed:
            _resolve(entry, at=now, by="system", why=CLOSED)
        elif reason is not None and reason.cleared(f, entry):
            _resolve(entry, at=now, by="system", why=reason.resolves)
        else:
            continue
        n += 1
    return n


def reopen_entries(session: Session, case: Case, *, now: dt.datetime) -> list[QueueEntry]:
    """After a reopen: open again what the closing resolved and still applies (new entries)."""
    session.flush()
    closed_ones = session.scalars(select(QueueEntry).where(
        QueueEntry.case_id == case.id, QueueEntry.resolved_at.is_not(None))
        .order_by(QueueEntry.resolved_at.desc(), QueueEntry.id.desc()))
    f = _facts(session, [case])[case.id]
    out: list[QueueEntry] = []
    seen: set[str] = set()
    for old in closed_ones:
        if old.reason in seen:
            continue  # only the latest entry of each reason speaks for it
        seen.add(old.reason)
        reason = REASONS.get(old.reason)
        if (old.detail or {}).get("settled") != CLOSED or reason is None:
            continue
        if reason.reopens(f, old):
            detail = {k: v for k, v in (old.detail or {}).items() if k != "settled"}
            out.append(open_entry(session, case.id, old.reason, at=now, detail=detail))
    return out


class EntryNotFound(LookupError):
    """No open entry of that case matches what the operator named."""


def find_open(session: Session, case_id: int, entry: str | int) -> QueueEntry:
    """The open entry of ``case_id`` named by its id, its reason code or its Chinese label."""
    text = str(entry).strip()
    entries = _open_entries(session, [case_id])
    for e in entries:
        if (text.isdigit() and e.id == int(text)) or text in (e.reason, label(e.reason)):
            return e
    listed = "、".join(f"{e.id}（{label(e.reason)}）" for e in entries) or "无"
    raise EntryNotFound(f"案件#{case_id} 没有未处理的队列条目 {text!r}；未处理的条目：{listed}")


def acknowledge(session: Session, case_id: int, entry: str | int, *, note: str, actor: str,
                at: dt.datetime) -> QueueEntry:
    """An operator deals with an entry by hand; the caller records it on the timeline."""
    found = find_open(session, case_id, entry)
    _resolve(found, at=at, by=actor, why=note)
    return found


@dataclass(frozen=True)
class QueueRow:
    """One queue entry as operators see it: why, since when, whose, and what the case says."""

    id: int
    case_id: int
    reason: str
    priority: int
    since: dt.datetime
    accounts: tuple[str, ...]
    text: str
    detail: dict[str, Any]
    resolved_at: dt.datetime | None = None
    resolved_by: str | None = None

    @property
    def label(self) -> str:
        return label(self.reason)

    def as_json(self, names: Mapping[str, str]) -> dict[str, Any]:
        """The shape ``wenzheng queue --json`` and ``/api/queue`` share, field for field."""
        return {
            "id": self.id, "case_id": self.case_id, "reason": self.reason, "label": self.label,
            "priority": self.priority, "since": iso_local(self.since),
            "accounts": list(self.accounts),
            "account_names": [names.get(a, a) for a in self.accounts], "text": self.text,
            "detail": self.detail, "resolved_at": iso_local(self.resolved_at),
            "resolved_by": self.resolved_by,
        }


def _short(text: str, n: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def count_open(session: Session, *,
               narrow: Callable[[Select[Any]], Select[Any]] | None = None) -> int:
    """How many entries are open (within ``narrow``, as :func:`list_entries` reads it)."""
    q = (select(func.count(QueueEntry.id)).join(Case, Case.id == QueueEntry.case_id)
         .where(QueueEntry.resolved_at.is_(None)))
    if narrow is not None:
        q = narrow(q)
    return int(session.execute(q).scalar_one())


def list_entries(session: Session, *, include_resolved: bool = False,
                 limit: int | None = None, offset: int = 0,
                 narrow: Callable[[Select[Any]], Select[Any]] | None = None) -> list[QueueRow]:
    """Queue entries, most urgent first: priority, then the oldest ``since``.

    Accounts are the case's active handlers, lead first; the text is the start of the appeal.
    ``narrow`` restricts the cases (a signed-in member's scope: ``Principal.scoped``).
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more (got {limit})")
    q = (select(QueueEntry, Case).join(Case, Case.id == QueueEntry.case_id)
         .order_by(QueueEntry.resolved_at.is_not(None), QueueEntry.priority, QueueEntry.since,
                   QueueEntry.id))
    if not include_resolved:
        q = q.where(QueueEntry.resolved_at.is_(None))
    if narrow is not None:
        q = narrow(q)
    if offset:
        q = q.offset(offset)
    if limit:
        q = q.limit(limit)
    rows = []
    for entry, case in session.execute(q):
        active = [a for a in case.assignments if a.active]
        accounts = tuple([a.account_id for a in active if a.role == "lead"]
                         + [a.account_id for a in active if a.role != "lead"])
        rows.append(QueueRow(entry.id, case.id, entry.reason, entry.priority, entry.since, accounts,
                             _short(case.text), dict(entry.detail or {}), entry.resolved_at,
                             entry.resolved_by))
    return rows
