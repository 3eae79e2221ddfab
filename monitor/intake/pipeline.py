"""The ingest pipeline: normalized items → stored mentions → cases and timeline events.

Guarantees, and how they are kept:

* **Idempotent**: a mention is unique on (platform, external_id); an item seen again is skipped
  before anything else happens, so re-polling, replaying a file or a restart never duplicates.
* **At-least-once, no loss**: a source's cursor is written *in the same transaction* as the items
  it covers. A crash before commit loses both (the items are fetched again); after commit both
  are there. The cursor can therefore never pass an item that was not stored.
* **Bounded memory and few queries**: items are processed in batches (``batch_size``); each batch
  preloads the rows it needs with three ``IN`` queries and commits once.
* **One bad item never stops the stream**: every item passes :func:`monitor.core.limits.check_item`
  first (the same rules on SQLite and PostgreSQL); one that fails is a reject. When a batch
  still fails, it is split in halves and re-run until the failing items stand alone; those are
  rejects too. Rejects go to the dead-letter table (:mod:`monitor.intake.deadletters`) in the
  transaction that saves the cursor, so the cursor passes an item only once it is stored or set
  aside. Errors of the database itself (connection lost, locked) are not an item's fault: they
  propagate, and the poller retries the whole poll later.

The stages after threading (classification and routing, SLA clocks, reply lint, satisfaction
feedback) are called through :class:`Stages`, so this module knows nothing of their rules.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any

import structlog
from sqlalchemy import (Boolean, Text, case as sql_case, cast, literal, literal_column, null, select,
                        union_all, update)
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, joinedload, sessionmaker

from monitor.core.config import Matrix
from monitor.core.limits import DEFAULT_LIMITS, BadItem, Limits, check_item
from monitor.core.types import Cursor, Item, Reject
from monitor.intake import deadletters
from monitor.intake.events import NewEvent, add_event, save_changes, write_events
from monitor.intake.threads import Decision, Threader, ThreadRef, action_in_case
from monitor.store.bulk import insert_rows
from monitor.store.ids import add_row, allocate_many, insert_objects, keep_as_stored
from monitor.store.leases import LeaseLost
from monitor.store.lanes import save_lane_cursor
from monitor.store.models import INGEST_LEAVES_UNREAD, Case, CaseEvent, Cluster, Mention, Source, SourceLane, utcnow

log = structlog.get_logger("wenzheng.ingest")


@dataclass(frozen=True)
class OwnCase:
    """A citizen's open case, offered to :meth:`Stages.chaser_of` (``case_id`` None: opened
    earlier in the same batch, not stored yet)."""

    case_key: str
    case_id: int | None
    text: str
    received_at: dt.datetime
    stored: str | dict[str, Any] | None = None
    """The stored case's cluster signature as read: JSON text, decoded by :attr:`signature`."""

    @cached_property
    def signature(self) -> dict[str, Any] | None:
        """The stored signature, decoded on first use. Why not on load: the batch reads every
        open case of each of its citizens (one query), and a chaser check compares only those
        received in its window before an item that opens a case; decoding them all on load was
        about 1 % of the ingest's CPU at 20,000 mentions, most of it for cases never compared."""
        return json.loads(self.stored) if isinstance(self.stored, str) else self.stored


class Stages:
    """Hooks the pipeline calls inside the batch transaction. The base class does nothing.

    :class:`monitor.runtime.stages.CoreStages` is the production implementation (classification,
    routing, clustering, SLA, lint, feedback); tests of threading alone use this base.

    One instance serves several threads at once (the daemon ingests each source's poll in a
    worker thread), each running its own batches from first hook to :meth:`after_batch` or
    :meth:`discard`: what a stage remembers about a batch between hooks is kept per thread.
    """

    chaser_window: dt.timedelta | None = None
    """How old a citizen's open case may be and still take a chaser; None: no chaser check."""

    def chaser_of(self, session: Session, item: Item,
                  own: Sequence[OwnCase]) -> tuple[str, dict[str, Any]] | None:
        """An item that would open a case, from a citizen with open cases ``own``: the case key it
        chases and the data for its ``follow_up`` event, or None to open a case."""
        return None

    def context(self, case: Case, ids: Sequence[str], words: Sequence[str], kind: str = "") -> None:
        """A case about to be opened (before :meth:`prefill`) from an item that answers or passes
        on others (:attr:`Item.context_ids`, :attr:`Item.context`): a 同问 under a post, a repost
        of it (``kind``: the item's, ``comment`` or ``status``). Its own words may say nothing of
        its matter; these say what it is about."""

    def sign_ahead(self, item: Item, key: str) -> None:
        """An item that opens a case (``key``, its case key), met in time order as the batch is
        threaded: a stage whose judgement of an item learns from the items before it does it now,
        so that the judgement does not depend on where a batch begins and ends."""

    def prefill(self, case: Case, addressed: Sequence[str], assigned: str | None = None) -> None:
        """A case about to be written (no id yet, no I/O allowed): fill in now what
        :meth:`on_case_created` will decide, so the case is inserted once with it rather than
        inserted and then updated. Only a guess where it needs the database: what the stages
        then set differently is written as an ordinary update."""

    def on_case_created(self, session: Session, case: Case, addressed: Sequence[str],
                        assigned: str | None = None) -> None:
        """A new case was opened (already flushed: it has an id); ``assigned``: the account the
        sender already decided handles it (:attr:`Item.assigned`)."""

    def on_cases_created(self, session: Session,
                         created: Sequence[tuple[Case, Sequence[str], str | None]]) -> None:
        """The batch's new cases (case, addressed, assigned), in time order, all flushed:
        :meth:`on_case_created` for each. A stage that can load what they need in a few queries
        for the whole batch (not one per case) does it here."""
        for case, addressed, assigned in created:
            self.on_case_created(session, case, addressed, assigned)

    def on_event(self, session: Session, case: Case, event: NewEvent) -> None:
        """A reply / follow-up / comment was added to ``case`` (written: it has its id). A stage
        that marks it replaces ``event.data`` (:mod:`monitor.intake.events`)."""

    def on_events(self, session: Session, events: Sequence[tuple[Case, NewEvent]]) -> None:
        """The batch's events, in time order, all written: :meth:`on_event` for each. A stage
        that can load what the events need in one query (not one per event) does it here."""
        for case, event in events:
            self.on_event(session, case, event)

    def before_batch(self, session: Session) -> None:
        """A batch's transaction has begun (nothing read or written yet)."""

    def after_batch(self, session: Session, cases: Sequence[Case], now: dt.datetime) -> None:
        """Every case the batch touched, once, before commit (recompute clocks here)."""

    def discard(self) -> None:
        """The batch rolled back: forget anything remembered about it."""


@dataclass
class IngestReport:
    """Counts for one ingest run; ``new`` + ``duplicates`` = items seen."""

    seen: int = 0
    new: int = 0
    duplicates: int = 0
    cases_opened: int = 0
    events: int = 0
    orphans: int = 0
    batches: int = 0
    case_ids: list[int] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    """Items set aside (dead-lettered unless the caller asked otherwise), with the reason."""
    loose: dict[str, set[str]] = field(default_factory=dict)
    """Per platform, the thread roots of the cases one batch opened and of the orphans it
    stored: what :meth:`Pipeline._adopt_late` checks once the batch has committed."""
    adopted_late: int = 0

    def add(self, other: IngestReport) -> None:
        for name in ("seen", "new", "duplicates", "cases_opened", "events", "orphans", "batches",
                     "adopted_late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.case_ids.extend(other.case_ids)
        self.rejects.extend(other.rejects)


@dataclass
class _Head:
    """What :meth:`Pipeline._head` wrote for one platform's items of a batch."""

    duplicates: int
    decisions: list[Decision] = field(default_factory=list)
    case_rows: dict[str, Case] = field(default_factory=dict)  # case key → case (stored or new)
    opened: list[tuple[Case, Decision]] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # external id → mention id


UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a duplicate key
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for deadlock_detected (this transaction was chosen)


# threading actions that add an event of the same name to an existing case
EVENT_ACTIONS = frozenset({"follow_up", "comment", "reply"})


def _refs(items: Iterable[Item]) -> set[str]:
    """The external ids ``items`` refer to (what they reply to, their parents, thread roots)."""
    return {x for it in items for x in (it.reply_to_id, it.parent_id, it.thread_root_id) if x}


def _chunks(items: Iterable[Item], size: int) -> Iterator[tuple[list[Item], bool]]:
    """Batches of ``size`` items, each with whether it is the last.

    Whether a batch is the last is known by reading one item ahead, not the next batch: a spooled
    poll round (:mod:`monitor.core.spool`) is read lazily, and a whole next batch read ahead was
    one more batch of parsed items (raw payloads included, about 1.7 MB at 500 generated items)
    held through the current batch's peak (issue 19, docs/deploy.md "Memory over time")."""
    it = iter(items)
    ahead = list(islice(it, 1))
    while ahead:
        chunk = ahead + list(islice(it, size - 1))
        ahead = list(islice(it, 1))
        yield chunk, not ahead
        del chunk  # the caller let it go too: not held while the next one is read


class Pipeline:
    """Turns items into stored mentions and cases. Thread-safe per call; one writer at a time."""

    def __init__(self, sessions: sessionmaker[Session], matrix: Matrix, *,
                 stages: Stages | None = None, batch_size: int = 500,
                 limits: Limits = DEFAULT_LIMITS) -> None:
        self.sessions = sessions
        self.matrix = matrix
        self.stages = stages or Stages()
        self.batch_size = batch_size
        self.limits = limits
        self._threaders: dict[str, Threader] = {}

    def threader(self, platform: str) -> Threader:
        if platform not in self._threaders:
            self._threaders[platform] = Threader(self.matrix, platform)
        return self._threaders[platform]

    # ------------------------------------------------------------------ entry points

    def ingest(self, items: Iterable[Item], *, source_name: str | None = None,
               cursor: Cursor | None = None, newest_at: dt.datetime | None = None,
               expected_cursor: Cursor | None = None,
               channel: str | None = None, on_batch: Callable[[IngestReport], None] | None = None,
               rejects: Sequence[Reject] = (), adapter: str | None = None,
               record_rejects: bool = True, where: Callable[[Item], str] | None = None,
               guard: Callable[[Session], None] | None = None, lane: str | None = None) -> IngestReport:
        """Store ``items`` (any iterable, consumed in batches) and, last, the source's cursor.

        The cursor is committed with the final batch; earlier batches commit items only, which
        is safe because re-fetching them later is a no-op. ``rejects`` (what the adapter could not
        read) and every item that cannot be stored are dead-lettered, at the latest with the
        cursor; ``record_rejects=False`` only reports them (a retry updates its own row).
        ``adapter`` names the parser a retry will use (default: the source's adapter); ``where``
        says where an item came from (a file and line) for the dead-letter row.
        ``guard`` runs in the transaction that commits the cursor and may veto it by raising (the
        daemon checks it still holds the source's lease there, so a daemon that lost it cannot
        move the cursor). With ``expected_cursor`` (the cursor the poll started from) the cursor
        is written only if the stored one is still that: an operator's ``sources reset`` during a
        poll is not undone by the poll's old position. With ``lane`` the cursor is that lane's of
        the source (:mod:`monitor.store.lanes`), not the source's own.
        """
        total = IngestReport()
        dl = _DeadLetterTarget(source_name, adapter, channel, record_rejects, where)
        pending = list(rejects)
        for batch, last in _chunks(items, self.batch_size):
            report = self._ingest_isolated(
                batch, pending, dl, source_name=source_name, channel=channel,
                cursor=cursor if last else None, newest_at=newest_at if last else None,
                guard=guard if last else None, expected=expected_cursor if last else None,
                lane=lane,
            )
            pending = []
            total.add(report)
            if on_batch:
                on_batch(report)
            del batch  # not held while the next batch is read
        if total.batches == 0 and (pending or (cursor is not None and source_name is not None)):
            with self.sessions.begin() as session:  # nothing new, but the poll succeeded
                self._dead_letter(session, pending, dl)
                if cursor is not None and source_name is not None:
                    self._commit_cursor(session, guard, source_name, cursor, 0, None, expected_cursor,
                                        lane)
            total.rejects.extend(pending)
        return total

    def _check(self, batch: list[Item], dl: _DeadLetterTarget) -> tuple[list[Item], list[Reject]]:
        """Normalise every item (:func:`check_item`); those that cannot be stored become rejects."""
        good: list[Item] = []
        bad: list[Reject] = []
        now = utcnow()
        for it in batch:
            try:
                good.append(check_item(it, self.limits, now=now))
            except (BadItem, ValueError, TypeError, AttributeError) as err:
                bad.append(dl.reject(it, str(err) or type(err).__name__, "check"))
        return good, bad

    def _ingest_isolated(self, batch: list[Item], pending: list[Reject], dl: _DeadLetterTarget, *,
                         source_name: str | None, channel: str | None, cursor: Cursor | None,
                         newest_at: dt.datetime | None,
                         guard: Callable[[Session], None] | None = None,
                         expected: Cursor | None = None, lane: str | None = None) -> IngestReport:
        """One batch; when it fails because of its items, find and set aside the ones at fault."""
        good, bad = self._check(batch, dl)
        rejects = pending + bad
        kw: dict[str, Any] = dict(source_name=source_name, channel=channel, lane=lane)
        try:
            report = self._ingest_batch_retrying(good, rejects=rejects, dl=dl, cursor=cursor,
                                                 newest_at=newest_at, guard=guard, expected=expected,
                                                 **kw)
        except _INFRASTRUCTURE:
            self.stages.discard()
            raise
        except Exception as err:  # noqa: BLE001 - an item (or a stage on it) failed: isolate it
            self.stages.discard()
            log.warning("ingest.batch_failed_isolating", size=len(good), error=deadletters.describe(err))
            report = IngestReport(batches=1)
            self._bisect(good, report, dl, **kw)
            report.seen = len(good)
            with self.sessions.begin() as session:
                self._dead_letter(session, rejects + report.rejects, dl)
                if cursor is not None and source_name is not None:
                    self._commit_cursor(session, guard, source_name, cursor, 0, newest_at, expected, lane)
            report.rejects = rejects + report.rejects
            log.warning("ingest.dead_lettered", source=source_name, count=len(report.rejects))
            report.seen += len(bad)
            return report
        report.seen += len(bad)
        report.rejects = rejects
        if rejects:
            log.warning("ingest.dead_lettered", source=source_name, count=len(rejects))
        try:
            report.adopted_late = self._adopt_late(report.loose)
        except Exception as err:  # noqa: BLE001 - the batch is committed; the check is a repair
            log.warning("ingest.adopt_late_failed", source=source_name, error=deadletters.describe(err))
        return report

    def _bisect(self, items: list[Item], report: IngestReport, dl: _DeadLetterTarget, **kw: Any) -> None:
        """Store ``items`` in halves, in order, until each failure is one item (then a reject)."""
        if not items:
            return
        try:
            part = self._ingest_batch_retrying(items, rejects=[], dl=None, cursor=None,
                                               newest_at=None, **kw)
        except _INFRASTRUCTURE:
            self.stages.discard()
            raise
        except Exception as err:  # noqa: BLE001
            self.stages.discard()
            if len(items) == 1:
                report.rejects.append(dl.reject(items[0], deadletters.describe(err), "store"))
                return
            mid = len(items) // 2
            self._bisect(items[:mid], report, dl, **kw)
            self._bisect(items[mid:], report, dl, **kw)
            return
        part.seen = 0
        part.batches = 0
        report.add(part)

    def _dead_letter(self, session: Session, rejects: Sequence[Reject], dl: _DeadLetterTarget | None) -> None:
        if not rejects or dl is None or not dl.record:
            return
        adapter = dl.adapter
        if adapter is None and dl.source is not None:
            src = session.get(Source, dl.source)
            adapter = src.adapter if src is not None else None
        deadletters.record(session, rejects, source=dl.source, channel=dl.channel,
                           adapter=adapter or (rejects[0].platform or "unknown"))

    CONFLICT_RETRIES = 5

    def _ingest_batch_retrying(self, batch: list[Item], **kw: Any) -> IngestReport:
        # another writer stored some of these items or opened one of these threads' cases
        # between our read and our write: a CLI backfill, another source whose accounts share a
        # thread (a co-handler's reply), another daemon. On PostgreSQL the batch's head re-runs
        # under its savepoint and joins what the other wrote (_head_joining); what still reaches
        # here (SQLite, or a collision after the head) rolled the whole batch back: re-run it and
        # what the other committed is now visible and skipped. Several sources ingesting at once
        # can collide again on another thread, hence a few tries, each after a short random pause.
        # A deadlock is the same collision seen from the other side (two batches updating the
        # same stored cases, e.g. joining one cluster): PostgreSQL rolled this one back, so it is
        # re-run at once like a conflict rather than failing the whole poll into its back-off.
        for attempt in range(1, self.CONFLICT_RETRIES + 1):
            try:
                return self._ingest_batch(batch, **kw)
            except (IntegrityError, OperationalError) as err:
                self.stages.discard()
                deadlock = getattr(getattr(err, "orig", None), "sqlstate", None) == DEADLOCK
                if attempt == self.CONFLICT_RETRIES or (isinstance(err, OperationalError) and not deadlock):
                    raise
                log.info("ingest.batch_conflict_retry", size=len(batch), attempt=attempt,
                         deadlock=deadlock)
                time.sleep(random.uniform(0.0, 0.05 * attempt))
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ one batch

    def _ingest_batch(self, batch: list[Item], *, source_name: str | None, channel: str | None,
                      cursor: Cursor | None, newest_at: dt.datetime | None,
                      rejects: Sequence[Reject], dl: _DeadLetterTarget | None,
                      guard: Callable[[Session], None] | None = None,
                      expected: Cursor | None = None, lane: str | None = None) -> IngestReport:
        report = IngestReport(seen=len(batch), batches=1)
        # dedupe inside the batch (several streams can return the same comment)
        unique: dict[tuple[str, str], Item] = {}
        for it in batch:
            unique.setdefault((it.platform, it.external_id), it)
        report.duplicates = len(batch) - len(unique)
        by_platform: dict[str, list[Item]] = {}
        for it in unique.values():
            by_platform.setdefault(it.platform, []).append(it)

        with self.sessions.begin() as session:
            # flushes are explicit (cases, then mentions, then events): an automatic flush before
            # every query the stages make would cost more than the queries themselves
            session.autoflush = False
            self.stages.before_batch(session)
            touched: dict[int, Case] = {}
            for platform, items in by_platform.items():
                self._ingest_platform(session, platform, items, source_name,
                                      channel or source_name or platform, report, touched)
            self.stages.after_batch(session, list(touched.values()), utcnow())
            self._dead_letter(session, rejects, dl)
            if cursor is not None and source_name is not None:
                self._commit_cursor(session, guard, source_name, cursor, report.new, newest_at, expected,
                                    lane)
            elif source_name is not None and report.new:
                session.execute(update(Source).where(Source.name == source_name)
                                .values(items_total=Source.items_total + report.new))
                if lane is not None:
                    session.execute(update(SourceLane).where(SourceLane.source == source_name,
                                                             SourceLane.lane == lane)
                                    .values(items_total=SourceLane.items_total + report.new))
        return report

    HEAD_RETRIES = 5

    def _ingest_platform(self, session: Session, platform: str, items: list[Item],
                         source_name: str | None, channel: str, report: IngestReport,
                         touched: dict[int, Case]) -> None:
        head = self._head_joining(session, platform, items, source_name, channel)
        report.duplicates += head.duplicates
        report.new += len(head.decisions)
        if not head.decisions:
            return
        decisions, case_rows, opened, ids = head.decisions, head.case_rows, head.opened, head.ids

        for case, d in opened:
            # nothing reads a ``created`` event back in the batch: a plain row, not an ORM object
            add_row(session, CaseEvent.__table__, {
                "case_id": case.id, "kind": "created", "at": case.received_at,
                "actor": d.item.author_name or d.item.author_id, "mention_id": ids[d.item.external_id],
                "data": {"addressed": d.addressed}})
            report.cases_opened += 1
            report.case_ids.append(case.id)
            touched[case.id] = case
        self.stages.on_cases_created(session, [(case, d.addressed, d.item.assigned) for case, d in opened])
        adopted = self._adopt_orphans(session, platform, [c for c, _ in opened])
        loose = report.loose.setdefault(platform, set())
        loose.update(case.root_external_id for case, _d in opened)
        todo: list[tuple[Case, str, int, Item | Mention, str | None, dict[str, Any] | None]] = adopted
        for d in decisions:
            if d.action in EVENT_ACTIONS and d.case_key:
                todo.append((case_rows[d.case_key], d.action, ids[d.item.external_id], d.item,
                             d.account_id, d.note))
            elif d.action == "orphan":
                report.orphans += 1
                loose.add(d.root)
        todo.sort(key=lambda t: t[3].created_at)  # stable: adopted first at one instant, as before
        events = [self._event(session, *t) for t in todo]
        for case, _event in events:
            touched[case.id] = case
        write_events(session)  # event ids exist before the stages see them (lint refers to them)
        self.stages.on_events(session, events)
        save_changes(session, [e for _c, e in events])
        report.events += len(events)

    def _head_joining(self, session: Session, platform: str, items: list[Item],
                      source_name: str | None, channel: str) -> _Head:
        """:meth:`_head`; on PostgreSQL under a savepoint, re-run when another writer got there first.

        Two sources can carry one item (a post that @-mentions the hub and a street is in both
        their streams) or one thread, and their daemons ingest at the same moment. The second
        ``INSERT`` of a case or mention waits for the first writer's commit and then fails on
        the unique key; before, that aborted the whole batch, which was then classified,
        clustered and written again from the start (a 500-item batch of the hub's source, up to
        five times). Now only the head goes back to its savepoint and runs again: the dedupe
        read sees the other writer's mentions (skipped as stored), the threading sees its case
        (this batch's items join it as replies, follow-ups or comments), and the stages' work on
        the texts is kept (:meth:`Stages.prefill` caches by text). Nothing after the head has run
        yet, so nothing else is redone. SQLite has one writer at a time and keeps the batch
        retry (:meth:`_ingest_batch_retrying`) for the rare conflict with a CLI import.
        """
        if session.get_bind().dialect.name != "postgresql":
            return self._head(session, platform, items, source_name, channel)
        last = None
        for attempt in range(1, self.HEAD_RETRIES + 1):
            try:
                with session.begin_nested():
                    return self._head(session, platform, items, source_name, channel)
            except IntegrityError as err:
                # only a duplicate key is another writer's doing; any other violation is an
                # item's, for the batch's isolation to find. The same key twice in a row is not
                # one either: re-reading did not show it, so the batch retry (or its isolation)
                # must deal with it
                diag = getattr(err.orig, "diag", None)
                key = getattr(diag, "message_detail", None) or str(err.orig)
                if (getattr(err.orig, "sqlstate", None) != UNIQUE_VIOLATION or key == last
                        or attempt == self.HEAD_RETRIES):
                    raise
                last = key
                log.info("ingest.joined_concurrent_writer", platform=platform, size=len(items),
                         attempt=attempt, conflict=key)
        raise AssertionError("unreachable")

    def _head(self, session: Session, platform: str, items: list[Item],
              source_name: str | None, channel: str) -> _Head:
        """Skip what is stored, thread the rest, insert its new cases and all its mentions.

        The only writes here are the two that another writer can collide with (unique case root,
        unique mention), and they come last: :meth:`_head_joining` can roll the head back and
        re-run it without undoing anything else.
        """
        # one read for both: which items are stored already, and the stored items they refer to
        ids = {it.external_id for it in items}
        stored = dict(session.execute(
            select(Mention.external_id, Mention.thread_root_id)
            .where(Mention.platform == platform, Mention.external_id.in_(sorted(ids | _refs(items))))
        ).all())
        fresh = sorted((it for it in items if it.external_id not in stored),
                       key=lambda it: (it.created_at, _id_sort_key(it.external_id)))
        if not fresh:
            return _Head(duplicates=len(items))

        known, cases, own = self._preload(session, platform, fresh, stored)
        threader = self.threader(platform)
        decisions: list[Decision] = []
        for item in fresh:
            d = threader.decide(item, known, cases)
            if d.action == "open" and own.get(item.author_id) and not item.assigned:
                # (an item its sender assigned, a 12345 order, is a record of its own)
                d = self._chaser(session, d, own[item.author_id])
            threader.remember(d, known, cases)
            if d.action == "open":
                self.stages.sign_ahead(item, d.root)
            if d.action == "open" and item.author_id in own:
                own[item.author_id].append(OwnCase(d.root, None, item.text, item.created_at))
            decisions.append(d)

        # cases first (their ids are needed by mentions and events); one INSERT for the batch
        case_rows = self._load_cases(session, platform, {d.case_key for d in decisions if d.case_key})
        opened: list[tuple[Case, Decision]] = []
        for d in decisions:
            if d.action == "open":
                case = Case(
                    platform=platform, channel=channel, root_external_id=d.root,
                    citizen_id=d.item.author_id, citizen_name=d.item.author_name, text=d.item.text,
                    url=d.item.url, received_at=d.item.created_at, status="open",
                    metrics=dict(d.item.metrics), last_activity_at=d.item.created_at,
                    assignments=[],  # a new case has none: say so, rather than lazy-load per case
                )
                if d.item.context_ids:
                    self.stages.context(case, d.item.context_ids, d.item.context, d.item.kind)
                self.stages.prefill(case, d.addressed, d.item.assigned)
                case_rows[d.root] = case
                opened.append((case, d))
        session.flush()  # what the threading changed on stored cases, before the rows below
        new_cases = [case for case, _d in opened]
        # the ids of both inserts below in one statement (each table's as if taken alone)
        case_ids, mention_ids = allocate_many(
            session, [(Case.__table__, len(new_cases)), (Mention.__table__, len(decisions))],
            prime=[Cluster.__table__])  # SQLite: where the batch's new clusters' ids start
        insert_objects(session, new_cases, case_ids)  # Core, values as the ORM would write them

        # mentions: one statement with ids taken beforehand (an INSERT … RETURNING that must keep
        # the rows' order goes row by row on SQLite): COPY on PostgreSQL (monitor.store.bulk)
        rows = []
        for d, mention_id in zip(decisions, mention_ids, strict=True):
            case = case_rows.get(d.case_key) if d.case_key else None
            rows.append(dict(
                id=mention_id, platform=platform, external_id=d.item.external_id, source_name=source_name,
                kind=d.item.kind, author_id=d.item.author_id, author_name=d.item.author_name,
                role=d.role, account_id=d.account_id, text=d.item.text, created_at=d.item.created_at,
                url=d.item.url, thread_root_id=d.root, reply_to_id=d.item.reply_to_id,
                parent_id=d.item.parent_id, case_id=case.id if case else None,
                metrics=dict(d.item.metrics), raw=dict(d.item.raw), ingested_at=utcnow(),
            ))
        insert_rows(session.connection(), Mention.__table__, rows)  # Core: no per-row ORM grouping
        keep_as_stored(session, new_cases)  # only now: both inserts went through
        return _Head(len(items) - len(fresh), decisions, case_rows, opened,
                     {r["external_id"]: r["id"] for r in rows})

    def _preload(self, session: Session, platform: str, items: list[Item], stored: dict[str, str | None]
                 ) -> tuple[dict[str, ThreadRef], dict[str, str], dict[str, list[OwnCase]]]:
        """Stored items the batch refers to (``stored``: the batch's stored items and references,
        external id → thread root, read with the dedupe), the cases of their threads, and the
        batch's citizens' open cases young enough to take a chaser: both kinds of case in one
        read (a case of either kind, with the chaser's columns only for the second)."""
        refs = _refs(items)
        known: dict[str, ThreadRef] = {}
        roots: set[str] = set(refs) | {it.external_id for it in items}
        for ext in refs:
            if ext in stored:
                root = stored[ext]
                known[ext] = ThreadRef(root or ext, None)
                roots.add(root or ext)
        threads = (select(Case.root_external_id, Case.citizen_id, Case.id, Case.received_at,
                          literal(False, Boolean).label("chaser"), null().label("text"), null().label("sig"),
                          Case.platform)
                   .where(Case.platform == platform, Case.root_external_id.in_(roots)))
        window = self.stages.chaser_window
        own: dict[str, list[OwnCase]] = {}
        stmt: Any = threads
        if window is not None:
            authors = sorted({it.author_id for it in items})
            own = {a: [] for a in authors}
            since = min(it.created_at for it in items) - window
            # the platform is checked here, not in SQL: with ``platform = ?`` beside them SQLite
            # walked every case of the platform along the (platform, root) index instead of
            # taking the batch's citizens along theirs (a cost growing with the stored cases)
            chasers = (select(Case.root_external_id, Case.citizen_id, Case.id, Case.received_at,
                              literal(True, Boolean), Case.text,
                              cast(Case.cluster_sig, Text),  # as text: decoded when compared
                              Case.platform)
                       .where(Case.citizen_id.in_(authors), Case.status != "closed",
                              Case.received_at >= since))
            # two arms, each along its own index (an OR of the two made SQLite scan the platform)
            stmt = union_all(threads, chasers)
        cases: dict[str, str] = {}
        for key, citizen, cid, received, chaser, text, sig, where in session.execute(
                stmt.order_by(literal_column("received_at"), literal_column("id"))):
            if where != platform:
                continue  # another platform's case of a citizen with the same id there
            if chaser:
                own[citizen].append(OwnCase(key, cid, text, received, sig))
            else:
                cases[key] = citizen
        for ref in known.values():
            ref.case_key = ref.root if ref.root in cases else None
        return known, cases, own

    @staticmethod
    def _load_cases(session: Session, platform: str, keys: set[str | None]) -> dict[str, Case]:
        """The stored cases the batch's replies, follow-ups and comments go to.

        Their classification's keywords and evidence and their metrics (JSON, decoded on load) are
        left unread: nothing the batch does to a case it adds an event to reads them (a stage that
        sets them writes them; a reader would load them then). The cluster signature is read: a
        new case joining such a case founds its cluster from it (deferred, it cost a statement
        each time: 44 per 5,000 mentions). Their assignments come in the same statement (a join,
        not the relationship's own second ``SELECT``: one statement a batch fewer)."""
        wanted = [k for k in keys if k]
        if not wanted:
            return {}
        rows = session.scalars(select(Case).options(*INGEST_LEAVES_UNREAD, joinedload(Case.assignments))
                               .where(Case.platform == platform, Case.root_external_id.in_(wanted))).unique()
        return {c.root_external_id: c for c in rows}

    def _chaser(self, session: Session, d: Decision, own: list[OwnCase]) -> Decision:
        window = self.stages.chaser_window
        assert window is not None
        # a chaser comes after the case it chases (two items of one instant are two records)
        recent = [o for o in own if d.item.created_at - window <= o.received_at < d.item.created_at]
        hit = self.stages.chaser_of(session, d.item, recent) if recent else None
        if hit is None:
            return d
        key, note = hit
        # the chaser's own replies and comments thread to the case it chases
        return Decision(d.item, d.role, d.account_id, "follow_up", key, key, d.addressed, note)

    @staticmethod
    def _event(session: Session, case: Case, action: str, mention_id: int, item: Item | Mention,
               account_id: str | None, note: dict[str, Any] | None = None) -> tuple[Case, NewEvent]:
        at = item.created_at
        if at > case.last_activity_at:
            case.last_activity_at = at
        return case, add_event(session, case.id, action, at, actor=item.author_name or item.author_id,
                               account_id=account_id, mention_id=mention_id,
                               data={"text": item.text, "external_id": item.external_id, **(note or {})})

    def _adopt_orphans(self, session: Session, platform: str, cases: list[Case]
                       ) -> list[tuple[Case, str, int, Item | Mention, str | None, dict[str, Any] | None]]:
        """Attach mentions that arrived before their thread's case existed (one query a batch)."""
        by_root = {c.root_external_id: c for c in cases}
        if not by_root:
            return []
        out = []
        for m in session.scalars(
            select(Mention).where(Mention.platform == platform,
                                  Mention.thread_root_id.in_(list(by_root)),
                                  Mention.case_id.is_(None))
            .order_by(Mention.created_at, Mention.id)
        ):
            case = by_root[m.thread_root_id]  # type: ignore[index]
            if m.external_id == case.root_external_id:
                continue
            m.case_id = case.id
            out.append((case, action_in_case(m.role, m.author_id, case.citizen_id), m.id, m,
                        m.account_id, None))
        return out

    def _adopt_late(self, loose: dict[str, set[str]]) -> int:
        """After a batch committed: adopt orphans whose thread's case a concurrent writer opened.

        Two writers at once (two daemons, or two sources in one daemon): one stores a reply as an
        orphan because the thread's case is not visible to it yet, the other opens that case and
        adopts the orphans it can see, which do not yet include that reply. Neither transaction
        can see the other's uncommitted rows, so each writer looks again once it has committed:
        whichever commits second sees both (the case and the orphan) and adopts it. One indexed
        query a batch over the roots it touched, usually finding nothing; the adoption claims
        each mention with ``UPDATE … WHERE case_id IS NULL``, so two writers that both find one
        never record it twice. On SQLite, whose writers are serialised, it finds nothing.
        """
        adopted = 0
        for platform, roots in loose.items():
            if not roots:
                continue
            with self.sessions() as session:
                found = session.execute(
                    select(Mention.id, Case.id).join(Case, (Case.platform == Mention.platform)
                                                     & (Case.root_external_id == Mention.thread_root_id))
                    .where(Mention.platform == platform, Mention.thread_root_id.in_(sorted(roots)),
                           Mention.case_id.is_(None), Mention.external_id != Case.root_external_id)).all()
            if found:
                adopted += self._adopt_found(platform, found)
        return adopted

    def _adopt_found(self, platform: str, found: Sequence[Any]) -> int:
        by_case: dict[int, list[int]] = {}
        for mention_id, case_id in found:
            by_case.setdefault(case_id, []).append(mention_id)
        try:
            with self.sessions.begin() as session:
                session.autoflush = False
                self.stages.before_batch(session)
                claimed: list[int] = []
                for case_id, mention_ids in by_case.items():
                    claimed += session.scalars(
                        update(Mention).where(Mention.id.in_(mention_ids), Mention.case_id.is_(None))
                        .values(case_id=case_id).returning(Mention.id)
                        .execution_options(synchronize_session=False))
                if not claimed:
                    return 0
                mentions = session.scalars(select(Mention).where(Mention.id.in_(claimed))
                                           .order_by(Mention.created_at, Mention.id)).all()
                cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(
                    {m.case_id for m in mentions})))}
                events = []
                for m in mentions:
                    case = cases[m.case_id]  # type: ignore[index]
                    action = action_in_case(m.role, m.author_id, case.citizen_id)
                    events.append(self._event(session, case, action, m.id, m, m.account_id))
                write_events(session)
                self.stages.on_events(session, events)
                save_changes(session, [e for _c, e in events])
                self.stages.after_batch(session, list(cases.values()), utcnow())
        except Exception:
            self.stages.discard()
            raise
        log.info("ingest.adopted_late", platform=platform, mentions=len(claimed))
        return len(claimed)

    def _commit_cursor(self, session: Session, guard: Callable[[Session], None] | None,
                       source_name: str, cursor: Cursor, new: int, newest_at: dt.datetime | None,
                       expected: Cursor | None, lane: str | None = None) -> None:
        """Write the source's (or lane's) cursor, then run ``guard`` (the daemon's lease fence).

        The fence locks the source's lease row until the commit. Everything else the batch writes
        is flushed before the cursor's and the fence's rows are locked, so those locks are held for
        the commit only: a flush that waits for another daemon's transaction (two sources opening
        one thread's case) used to hold them for tens of seconds, the heartbeat's renewal of every
        lease waited behind it, and on a loaded machine the leases expired and moved while their
        polls were running. Lanes of one source committing at once in several daemons meet on the
        source's row (its totals) for as long as a commit takes, not a flush.
        """
        session.flush()
        if lane is None:
            self._save_cursor(session, source_name, cursor, new, newest_at, expected)
        else:
            if not save_lane_cursor(session, source_name, lane, dict(cursor), new,
                                    dict(expected) if expected is not None else None):
                log.warning("ingest.cursor_moved", source=source_name, lane=lane,
                            hint="the cursor changed during the poll (sources reset): keeping it")
            self._save_totals(session, source_name, new, newest_at)
        if guard is not None:
            guard(session)

    @staticmethod
    def _save_totals(session: Session, source_name: str, new: int, newest_at: dt.datetime | None) -> None:
        """A lane's commit: the source's totals, in one UPDATE (the source's row is shared by its
        lanes; its cursor is not theirs)."""
        now = utcnow()
        values: dict[str, Any] = {"items_total": Source.items_total + new, "last_poll_at": now,
                                  "last_success_at": now}
        if newest_at is not None:
            values["newest_item_at"] = sql_case(
                (Source.newest_item_at.is_(None) | (Source.newest_item_at < newest_at), newest_at),
                else_=Source.newest_item_at)
        done = session.execute(update(Source).where(Source.name == source_name).values(**values)
                               .returning(Source.name)).first()
        if done is None:
            raise LookupError(f"source {source_name!r} is not registered (run sync_sources first)")

    @staticmethod
    def _save_cursor(session: Session, source_name: str, cursor: Cursor, new: int,
                     newest_at: dt.datetime | None, expected: Cursor | None = None) -> None:
        src = session.get(Source, source_name, with_for_update=True)
        if src is None:
            raise LookupError(f"source {source_name!r} is not registered (run sync_sources first)")
        now = utcnow()
        if expected is not None and dict(src.cursor or {}) != dict(expected):
            log.warning("ingest.cursor_moved", source=source_name,
                        hint="the cursor changed during the poll (sources reset): keeping it")
        else:
            src.cursor = cursor
        src.items_total += new
        src.last_poll_at = now
        src.last_success_at = now
        if newest_at is not None and (src.newest_item_at is None or newest_at > src.newest_item_at):
            src.newest_item_at = newest_at


# errors of the database itself, not of an item: splitting the batch would only dead-letter
# good items while the database is away, so these propagate and the poll is retried later; a lost
# lease (another daemon polls this source now) is not an item's fault either
_INFRASTRUCTURE = (OperationalError, InterfaceError, DisconnectionError, TimeoutError, ConnectionError,
                   MemoryError, LeaseLost)


@dataclass(frozen=True)
class _DeadLetterTarget:
    """Where a run's rejects go: the source (or none, for a file), its parser and channel."""

    source: str | None
    adapter: str | None
    channel: str | None
    record: bool = True
    where: Callable[[Item], str] | None = None

    def reject(self, item: Item, error: str, stage: str) -> Reject:
        return deadletters.reject_of(item, error, stage, self.where(item) if self.where else None)


def _id_sort_key(external_id: str) -> tuple[int, str]:
    """Numeric ids sort numerically (Weibo ids grow with time), others lexically."""
    return (int(external_id), "") if external_id.isdigit() else (0, external_id)
