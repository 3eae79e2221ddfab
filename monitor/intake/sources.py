"""Configured sources: their rows in the database, their adapters, and polling them.

Two failure modes of peer systems shape this module:

* **Silent ingest failure.** Every poll records ``last_poll_at``; success records
  ``last_success_at`` and clears the error; failure records ``last_error`` and counts
  consecutive failures. ``wenzheng sources`` and ``/api/sources`` show all of it, and the
  log says it once on failure and once on recovery (not on every retry).
* **Stale cursors.** A cursor belongs to a stream, identified by the source's *fingerprint*
  (adapter + the options that select the stream). A source removed from the config is retired
  and its cursor dropped; when it comes back, or its stream options change, it starts afresh.
  Dedupe on (platform, external_id) makes re-reading the overlap harmless.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from adapters import registry
from monitor.core.config import Config, ConfigError, SourceConfig, format_validation_error
from monitor.intake.deadletters import describe
from monitor.intake.pipeline import IngestReport, Pipeline
from monitor.store.lanes import lane_cursor, record_lane_stall, reset_lanes
from monitor.store.leases import LeaseLost
from monitor.store.models import Source, SourceLane, utcnow
from monitor.core.types import AuthError, PullSource, PushSource, SourceError

log = structlog.get_logger("wenzheng.sources")


def fingerprint(cfg: SourceConfig) -> str:
    """Identity of the stream a source reads: adapter plus its identity options.

    An adapter may declare ``IDENTITY_OPTIONS`` (e.g. Weibo: base URL); otherwise every option
    counts, which errs on the side of a fresh cursor.
    """
    module = registry.load(cfg.adapter)
    keys = getattr(module, "IDENTITY_OPTIONS", None)
    opts = cfg.options if keys is None else {k: cfg.options.get(k) for k in keys}
    blob = json.dumps({"adapter": cfg.adapter, "options": opts}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def sync_sources(session: Session, config: Config) -> list[str]:
    """Make the ``sources`` table match the config; returns human-readable changes."""
    changes: list[str] = []
    now = utcnow()
    rows = {s.name: s for s in session.scalars(select(Source))}
    for cfg in config.settings.sources:
        fp = fingerprint(cfg)
        row = rows.pop(cfg.name, None)
        if row is None:
            session.add(Source(name=cfg.name, adapter=cfg.adapter, fingerprint=fp, cursor={},
                               created_at=now))
            changes.append(f"source {cfg.name}: added")
            continue
        reason = None
        if row.retired_at is not None:
            reason = "re-added after removal"
        elif row.fingerprint != fp or row.adapter != cfg.adapter:
            reason = "stream options changed"
        if reason:
            log.warning("source.cursor_reset", source=cfg.name, reason=reason, old_cursor=row.cursor)
            changes.append(f"source {cfg.name}: cursor reset ({reason})")
            row.cursor = {}
            reset_lanes(session, cfg.name)
            row.retired_at = None
            row.paused = False
            row.consecutive_failures = 0
            row.fingerprint = fp
            row.adapter = cfg.adapter
    for row in rows.values():
        if row.retired_at is None:
            row.retired_at = now
            row.cursor = {}
            reset_lanes(session, row.name)
            changes.append(f"source {row.name}: retired (no longer configured), cursor dropped")
            log.info("source.retired", source=row.name)
    return changes


def create_adapter(config: Config, index: int, cfg: SourceConfig,
                   http: aiohttp.ClientSession) -> PullSource | PushSource:
    """Instantiate the adapter of ``sources[index]``; bad options name the file and key."""
    try:
        module = registry.load(cfg.adapter)
    except registry.UnknownAdapter as err:
        raise ConfigError(f"{config.path}: sources[{index}].adapter: {err}") from None
    try:
        return module.create(cfg.options, name=cfg.name, matrix=config.matrix, http=http)
    except ValidationError as err:
        text = format_validation_error(config.path, err)
        text = text.replace(f"{config.path}: ", f"{config.path}: sources[{index}].options.")
        raise ConfigError(text) from None


@dataclass
class PollOutcome:
    ok: bool
    report: IngestReport | None = None
    error: str | None = None
    paused: bool = False
    retry_in: float | None = None


class SourceRunner:
    """Polls one pull source (or one lane of it) and hands its items to the pipeline.

    The cursor is read from the database before each poll and written with the items, so the
    runner itself holds no state that a restart could lose. With ``lane`` the runner polls that
    lane of the source (``adapter`` is the lane's view, keeping only its items) and its cursor is
    the lane's (:mod:`monitor.store.lanes`): several daemons can then store one source at once.
    """

    MAX_BACKOFF = 900.0

    def __init__(self, cfg: SourceConfig, adapter: PullSource, pipeline: Pipeline,
                 sessions: sessionmaker[Session], *,
                 guard: Callable[[Session], None] | None = None, lane: str | None = None) -> None:
        self.cfg = cfg
        self.lane = lane
        self.key = cfg.name if lane is None else f"{cfg.name}/{lane}"  # what its lease is named by
        self.guard = guard  # vetoes the cursor's commit (the daemon's lease check), see Pipeline.ingest
        # asked between rounds of a long poll: False ends the poll there (its lease is being handed
        # over); every round committed its own items and cursor, so stopping loses nothing
        self.keep_going: Callable[[], bool] = lambda: True
        self.adapter = adapter
        self.pipeline = pipeline
        self.sessions = sessions
        self.failures = 0
        self.not_before: dt.datetime | None = None
        self.lock = asyncio.Lock()

    async def poll_once(self, *, max_rounds: int = 20) -> PollOutcome:
        """One scheduled poll: fetch and ingest until the platform has nothing more waiting."""
        if self.lock.locked():
            return PollOutcome(ok=True, error="previous poll still running")
        async with self.lock:
            now = utcnow()
            if self.not_before and now < self.not_before:
                return PollOutcome(ok=False, error="backing off", retry_in=(self.not_before - now).total_seconds())
            state = await asyncio.to_thread(self._load_state)
            if state is None or state[1]:
                return PollOutcome(ok=False, paused=True, error="source paused")
            cursor = state[0]
            total = IngestReport()
            stalled: str | None = None
            # where a poll's time goes (the platform, or storing), for the log: a slow source is
            # either waiting for its platform or for the database and the stages
            fetch_s = ingest_s = 0.0
            rounds = 0
            # an adapter that can keep a round on disk (Weibo: thousands of items under a
            # backlog) is polled that way, so the round is never all in memory (monitor.core.spool)
            poll = getattr(self.adapter, "poll_spooled", None) or self.adapter.poll
            for _ in range(max_rounds):
                rounds += 1
                started = time.monotonic()
                try:
                    result = await asyncio.wait_for(poll(cursor), self.cfg.timeout)
                except (SourceError, TimeoutError, aiohttp.ClientError) as err:
                    return await self._failed(err)
                newest = result.newest_at
                if newest is None and isinstance(result.items, Sequence):
                    newest = max((it.created_at for it in result.items), default=None)
                fetched = time.monotonic()
                fetch_s += fetched - started
                try:
                    report = await asyncio.to_thread(
                        self.pipeline.ingest, result.items, source_name=self.cfg.name,
                        cursor=result.cursor, newest_at=newest, rejects=result.rejects,
                        adapter=self.cfg.adapter, guard=self.guard,
                        channel=getattr(self.adapter, "channel", None),
                        expected_cursor=cursor, lane=self.lane,
                    )
                except LeaseLost as err:  # another daemon polls this source now: stop quietly
                    log.warning("poll.lease_lost", source=self.key, error=str(err))
                    return PollOutcome(ok=False, error="lease lost")
                except Exception as err:  # noqa: BLE001 - the database, not the platform, failed
                    # the pipeline sets bad items aside itself; what reaches here is the database
                    # being away: the cursor did not move, so nothing is lost; back off and retry
                    return await self._failed(err)
                finally:
                    close = getattr(result.items, "close", None)
                    if close is not None:  # a spool read only in part (a failed batch): its file
                        close()
                ingest_s += time.monotonic() - fetched
                committed = getattr(self.adapter, "committed", None)
                if committed is not None:  # side effects that must follow the commit (move a file)
                    await committed(result.cursor)
                total.add(report)
                cursor = result.cursor
                stalled = result.stalled
                if not result.more or not self.keep_going():
                    break
            if self.failures:
                log.info("poll.recovered", source=self.cfg.name, after_failures=self.failures)
            self.failures = 0
            self.not_before = None
            await asyncio.to_thread(self._record_success, stalled)
            if total.new or total.rejects:
                log.info("poll.ingested", source=self.cfg.name, lane=self.lane, new=total.new,
                         cases_opened=total.cases_opened, events=total.events,
                         dead_lettered=len(total.rejects), seen=total.seen, rounds=rounds,
                         fetch_s=round(fetch_s, 2), ingest_s=round(ingest_s, 2))
            return PollOutcome(ok=True, report=total)

    def _load_state(self) -> tuple[dict[str, Any], bool] | None:
        with self.sessions() as s:
            row = s.get(Source, self.cfg.name)
            if row is None:
                return None
            if self.lane is None:
                return dict(row.cursor or {}), row.paused
            cursor = lane_cursor(s, self.cfg.name, self.lane)
            return (cursor, row.paused) if cursor is not None else None

    def _record_success(self, stalled: str | None = None) -> None:
        """A poll answered; a stall the adapter found is kept (and logged once) until it clears."""
        with self.sessions.begin() as s:
            if self.lane is not None:  # the source's stall is its lanes' first (another daemon's too)
                stalled = record_lane_stall(s, self.cfg.name, self.lane, stalled)
            row = s.get(Source, self.cfg.name)
            if row is not None:
                row.last_poll_at = utcnow()
                row.last_success_at = row.last_poll_at
                row.last_error = None
                row.consecutive_failures = 0
                if stalled and row.stall_reason is None:
                    row.stalled_since = row.last_poll_at
                    log.warning("poll.stalled", source=self.cfg.name, problem=stalled,
                                hint=f"check the platform, then `wenzheng sources reset {self.cfg.name}` "
                                     "reads its streams afresh (items already stored are skipped)")
                elif not stalled and row.stall_reason is not None:
                    log.info("poll.unstalled", source=self.cfg.name)
                    row.stalled_since = None
                row.stall_reason = stalled

    async def _failed(self, err: Exception) -> PollOutcome:
        self.failures += 1
        message = (str(err) if isinstance(err, SourceError) else describe(err)) or type(err).__name__
        paused = isinstance(err, AuthError)
        if isinstance(err, SourceError) and err.retry_after:
            delay = float(err.retry_after)
        else:
            delay = min(self.MAX_BACKOFF, self.cfg.interval * (2 ** min(self.failures - 1, 6)))
            delay *= 0.8 + 0.4 * random.random()  # jitter: 462 accounts must not retry in step
        self.not_before = utcnow() + dt.timedelta(seconds=delay)
        if paused:
            log.error("poll.auth_failed", source=self.cfg.name, error=message,
                      hint="a person must re-authorise this account; the source is paused")
        elif self.failures == 1:
            log.warning("poll.failed", source=self.cfg.name, lane=self.lane, error=message, retry_in=round(delay, 1))
        await asyncio.to_thread(self._record_failure, message, paused)
        return PollOutcome(ok=False, error=message, paused=paused, retry_in=delay)

    def _record_failure(self, message: str, paused: bool) -> None:
        with self.sessions.begin() as s:
            row = s.get(Source, self.cfg.name)
            if row is not None:
                now = utcnow()
                row.last_poll_at = now
                row.last_error = message
                row.last_error_at = now
                row.consecutive_failures += 1
                row.paused = row.paused or paused


def reset_source(session: Session, name: str) -> dict[str, Any]:
    """Drop a source's cursor so its next poll reads the streams afresh (``sources reset``).

    For a cursor out of step with its platform (a re-created platform, ids reset). Items already
    stored are skipped by dedupe, so re-reading costs requests, never duplicates. Returns the
    cursor that was dropped.
    """
    row = session.get(Source, name)
    if row is None:
        raise LookupError(f"no source named {name!r}")
    old = dict(row.cursor or {})
    lanes = {lane: dict(c or {}) for lane, c in session.execute(
        select(SourceLane.lane, SourceLane.cursor).where(SourceLane.source == name))}
    if lanes:
        old = {**old, "lanes": lanes}
    row.cursor = {}
    reset_lanes(session, name)
    row.stalled_since = None
    row.stall_reason = None
    log.warning("source.cursor_reset", source=name, reason="reset by an operator", old_cursor=old)
    return old


def resume_source(session: Session, name: str) -> None:
    """Un-pause a source after a person fixed its credentials (``wenzheng sources resume``)."""
    row = session.get(Source, name)
    if row is None:
        raise LookupError(f"no source named {name!r}")
    row.paused = False
    row.consecutive_failures = 0
