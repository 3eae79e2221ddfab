"""``wenzheng run``: the background daemon.

One asyncio process: APScheduler jobs poll each source on its interval, sweep deadlines every
minute and deliver the notification outbox; aiohttp serves ``/healthz``, ``/metrics``, the JSON
API and the console. Database work is synchronous SQLAlchemy run in worker threads, so a slow
query never stalls the event loop that answers platforms and operators.

Several daemons may share one PostgreSQL database (docs/deploy.md): each source and each
singular job (the SLA sweep) is polled or run only by the daemon holding its lease
(:mod:`monitor.runtime.leasing`); every daemon schedules every job and skips what it does not
hold, so a lease that moves needs no rescheduling, only a prompt first run. On SQLite there is
one daemon: a second one refuses to start (:func:`monitor.store.db.single_daemon_lock`).

SIGTERM/SIGINT drain: the scheduler stops taking new jobs, running polls finish (their items and
cursor commit together, or not at all), the leases are handed back so another daemon polls at its
next heartbeat, then connections close and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Any

import aiohttp
import structlog
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.runtime.leasing import BeatResult, Membership, job_lease, source_lease
from monitor.store.context import App, open_app
from monitor.store.db import migration_lock, single_daemon_lock
from monitor.store.lanes import forget_other_lanes, lane_volumes
from monitor.store.leases import drop_lane_leases, drop_leases
from monitor.store.models import Source
from monitor.core.logging import configure_logging
from monitor.core.metrics import DaemonMetrics
from monitor.runtime.allocator import limit_arenas
from monitor.runtime.heap import freeze_heap
from monitor.runtime.memtrace import MemTrace
from monitor.runtime.services import Services
from monitor.intake.sources import SourceRunner, create_adapter, sync_sources
from monitor.web import WebContext, setup_web
from monitor.runtime.stages import build_pipeline
from monitor.core.types import PullSource, PushSource

log = structlog.get_logger("wenzheng.daemon")


class Daemon:
    """Everything ``wenzheng run`` runs, startable and stoppable in-process (tests, demo)."""

    def __init__(self, config_path: Path | str | None = None, *, port: int | None = None,
                 host: str | None = None, database_url: str | None = None) -> None:
        limit_arenas()  # before any worker thread takes an arena of its own (allocator.py)
        self.app: App = open_app(config_path, database_url=database_url)
        settings = self.app.config.settings.daemon
        self.host = host or settings.host
        self.port = settings.port if port is None else port
        self.metrics = DaemonMetrics()
        self.pipeline = build_pipeline(self.app)
        self.runners: dict[str, SourceRunner] = {}  # source name → its runner (health, activity)
        # what is polled under a lease of its own, by the lease's key: a source, or a source's
        # lane (``weibo/2of4``) when its adapter splits it (:meth:`_pollers_of`)
        self.pollers: dict[str, SourceRunner] = {}
        self.push_sources: dict[str, PushSource] = {}
        self.http: aiohttp.ClientSession | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.web_runner: web.AppRunner | None = None
        self.extra_jobs: list[Any] = []
        self.membership: Membership | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._single: IO[bytes] | None = None
        self._job_locks: list[asyncio.Lock] = []
        self._stopping = asyncio.Event()
        self._frozen = False  # freeze_heap() done (after the first poll)
        self.memtrace = MemTrace.from_env()  # WENZHENG_TRACEMALLOC=FILE: what grows, over time

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        cfg = self.app.config
        self._single = single_daemon_lock(self.app.engine)  # SQLite: refuse a second daemon
        if self.memtrace is not None:
            self.memtrace.start()
        warning = self.pipeline.stages.sla.calendar.coverage_warning()
        if warning:  # e.g. next year's holidays not yet published: deadlines fall back to Mon–Fri
            log.warning("calendar.uncovered", message=warning)
        changes = await asyncio.to_thread(self._sync_sources)
        for line in changes:
            log.info("source.sync", change=line)
        self.http = aiohttp.ClientSession()
        for i, src in enumerate(cfg.settings.sources):
            if not src.enabled:
                continue
            adapter = create_adapter(cfg, i, src, self.http)
            # a source may be both (12345: a drop folder polled and a push endpoint)
            if isinstance(adapter, PullSource):
                self.runners[src.name] = SourceRunner(src, adapter, self.pipeline, self.app.sessions)
                for runner in self._pollers_of(src, adapter):
                    self.pollers[runner.key] = runner
            if isinstance(adapter, PushSource):
                self.push_sources[src.name] = adapter
        # load the dictionaries and models, and pass the full garbage collection over them, now,
        # before this daemon holds any lease: a pushing platform waits 5 s for our answer
        # (WeChat), and done on the first polls these held the interpreter for seconds of CPU,
        # which on a loaded machine stalled the heartbeat past its leases' expiry
        await asyncio.to_thread(self.pipeline.stages.warm_up)
        self.services = Services(self)
        web_app = web.Application(client_max_size=4 * 1024 * 1024)
        self.web_context = WebContext(app=self.app, sla=self.pipeline.stages.sla,
                                      metrics=self.metrics, runners=self.runners,
                                      push_sources=self.push_sources, pipeline=self.pipeline)
        setup_web(web_app, self.web_context)
        self.web_runner = web.AppRunner(web_app, access_log=None)
        await self.web_runner.setup()
        site = web.TCPSite(self.web_runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests ask for a free port: learn which one we got
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        jobs = self.services.jobs()
        await self._join(jobs)
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        for key, runner in self.pollers.items():
            self.scheduler.add_job(self._poll, "interval", args=[key], seconds=runner.cfg.interval,
                                   id=f"poll:{key}", max_instances=1, coalesce=True,
                                   next_run_time=_soon())
        for job in jobs:
            func = self._drained(self._leased(job.id, job.func) if job.leased else job.func)
            if job.trigger is not None:
                self.scheduler.add_job(func, job.trigger, id=job.id, max_instances=1,
                                       coalesce=True, misfire_grace_time=3600)
            else:
                self.scheduler.add_job(func, "interval", seconds=job.seconds, id=job.id,
                                       max_instances=1, coalesce=True,
                                       next_run_time=_soon(job.first_delay))
        self.scheduler.start()
        assert self.membership is not None
        self._heartbeat = asyncio.create_task(self.membership.run(self._on_beat), name="heartbeat")
        log.info("daemon.started", url=f"http://{self.host}:{self.port}/", daemon=self.membership.id,
                 sources=sorted({*self.runners, *self.push_sources}),
                 database=self.app.engine.url.render_as_string(hide_password=True))

    # ------------------------------------------------------------------ leases

    def _pollers_of(self, src: Any, adapter: PullSource) -> list[SourceRunner]:
        """One runner per lease: the source, or each of its lanes when its adapter has lanes.

        A source read whole is read in order by the one daemon holding it, so the busiest source
        bounded any number of daemons; an adapter configured to split a source (Weibo's
        ``partitions``) names its lanes, and each is leased, polled and cursored on its own
        (:mod:`monitor.store.lanes`), so several daemons store even one source at once.
        """
        lanes = adapter.lanes() if callable(getattr(adapter, "lanes", None)) else ()
        made = []
        for lane in lanes or (None,):
            view = adapter if lane is None else adapter.lane(lane)  # type: ignore[attr-defined]
            runner = SourceRunner(src, view, self.pipeline, self.app.sessions, lane=lane)
            runner.guard = self._fence(source_lease(runner.key))
            runner.keep_going = self.holding(source_lease(runner.key))
            made.append(runner)
        return made

    async def _join(self, jobs: list[Any]) -> None:
        """Take a seat among the daemons on this database and a first share of the leases."""
        settings = self.app.config.settings.daemon
        wanted = {source_lease(key): min(settings.lease_seconds, r.cfg.interval)
                  for key, r in self.pollers.items()}
        wanted.update({job_lease(j.id): settings.lease_seconds for j in jobs if j.leased})
        await asyncio.to_thread(self._forget_other_splits)
        self.membership = Membership(
            self.app.sessions, wanted, heartbeat=settings.heartbeat,
            url=f"http://{self.host}:{self.port}/", busy=self._busy, volumes=source_volumes)
        await asyncio.to_thread(self.membership.join)
        self.web_context.membership = self.membership
        # daemons started together (a deploy, a reboot) register within moments of each other:
        # let them, or the first would take every source and keep them through a long first poll.
        # Nothing to wait for on SQLite (one daemon per database) or without sources to poll
        # (the leased jobs are short rounds, and the next beat hands them out fairly)
        if self.pollers and self.app.engine.dialect.name != "sqlite":
            await asyncio.sleep(min(2 * self.membership.period, 3.0))
        self._on_beat(await asyncio.to_thread(self.membership.beat))

    def _on_beat(self, result: BeatResult) -> None:
        """A lease just taken is worked at once: a take-over must not wait a whole interval."""
        assert self.membership is not None
        self.metrics.record_leases(self.membership.id, self.membership.held, result)
        if self.scheduler is None or self._stopping.is_set():
            return
        for name in result.acquired:
            kind, _, what = name.partition(":")
            job_id = f"poll:{what}" if kind == "source" else what
            if self.scheduler.get_job(job_id) is not None:
                self.scheduler.modify_job(job_id, next_run_time=dt.datetime.now(dt.UTC))

    def _busy(self, lease: str) -> bool:
        """Is the work under ``lease`` running now? (a running poll's lease is not given away)"""
        kind, _, name = lease.partition(":")
        runner = self.pollers.get(name) if kind == "source" else None
        return runner is not None and runner.lock.locked()

    def holding(self, lease: str) -> Callable[[], bool]:
        """May work under ``lease`` go on (a source's next page, the sweep's next chunk)? Not once
        the daemon is stopping (SIGTERM: the drain waits for one step, not a whole backlog) nor
        once the lease moved to another daemon (a stall): what is left is the next holder's."""
        return lambda: (not self._stopping.is_set() and self.membership is not None
                        and self.membership.holds(lease))

    def _fence(self, lease: str) -> Callable[[Session], None]:
        def guard(session: Session) -> None:
            assert self.membership is not None
            self.membership.fence(session, lease)
        return guard

    def _leased(self, job_id: str, func: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        async def run_if_held() -> Any:
            if self.membership is not None and self.membership.holds(job_lease(job_id)):
                return await func()
            return None
        return run_if_held

    def _drained(self, func: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        """A job that SIGTERM lets finish (a delivery round between send and record, a sweep)."""
        lock = asyncio.Lock()
        self._job_locks.append(lock)

        async def run_unless_stopping() -> Any:
            if self._stopping.is_set():
                return None
            async with lock:
                return await func()
        return run_unless_stopping

    async def _poll(self, key: str) -> None:
        if self._stopping.is_set() or self.membership is None \
                or not self.membership.holds(source_lease(key)):
            return  # another daemon polls it (or we are handing over)
        runner = self.pollers[key]
        outcome = await runner.poll_once()
        self.metrics.record_poll(runner.cfg.name, outcome, lane=runner.lane)
        if not self._frozen:
            # after the first poll every dictionary, model and module is loaded: move them out of
            # the collector's sight, so its passes cost what a batch allocates, not all of that
            self._frozen = True
            freeze_heap()

    async def stop(self) -> None:
        """Drain: no new jobs, let running polls (and sweeps, deliveries) commit, hand the leases
        over, then close everything.

        The scheduler is paused, not shut down, while draining: shutting it down cancels running
        jobs, which would abandon a poll between its fetch and its commit. The heartbeat keeps
        renewing the leases meanwhile, so a long last poll is not taken over under our feet.
        """
        log.info("daemon.stopping")
        self._stopping.set()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.pause()
        timeout = self.app.config.settings.daemon.drain_timeout
        locks = [r.lock for r in self.pollers.values()] + self._job_locks

        async def _drain() -> None:
            for lock in locks:
                async with lock:
                    pass

        try:
            await asyncio.wait_for(_drain(), timeout)
        except TimeoutError:
            log.warning("daemon.drain_timeout", seconds=timeout)
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.membership is not None:  # hand over: the others take these at their next beat
            try:
                await asyncio.to_thread(self.membership.leave)
            except Exception as err:  # noqa: BLE001 - the leases then simply expire
                log.warning("daemon.leave_failed", error=str(err))
        await self.services.close()
        if self.memtrace is not None:
            await self.memtrace.stop()
        if self.web_runner is not None:
            await self.web_runner.cleanup()
        for adapter in {id(a): a for a in [*(r.adapter for r in self.runners.values()),
                                           *self.push_sources.values()]}.values():
            with contextlib.suppress(Exception):
                await adapter.close()
        if self.http is not None:
            await self.http.close()
        self.app.close()
        if self._single is not None:
            self._single.close()  # releases the SQLite daemon lock
            self._single = None
        log.info("daemon.stopped")

    def _forget_other_splits(self) -> None:
        """A source whose split changed (``partitions`` 4 → 2, or back to whole) forgets the
        leases and cursors of its former lanes: nobody polls them any more, and a former lane's
        cursor must never be read as a lane of the new split (lane names carry the count). The
        new lanes start from the source's own cursor (what it had read before it was split, or
        when it was last whole), so the change re-reads an overlap, which dedupe skips."""
        with migration_lock(self.app.engine), self.app.sessions.begin() as s:
            for name in self.runners:
                keep = {r.lane for r in self.pollers.values() if r.cfg.name == name and r.lane}
                forget_other_lanes(s, name, keep)

    def _sync_sources(self) -> list[str]:
        # under the schema lock: two daemons starting together would both add a new source
        with migration_lock(self.app.engine), self.app.sessions.begin() as s:
            changes = sync_sources(s, self.app.config)
            retired = list(s.scalars(select(Source.name).where(Source.retired_at.is_not(None))))
            drop_leases(s, [source_lease(n) for n in retired])
            drop_lane_leases(s, retired)
            return changes

    async def serve_forever(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)
        await self.start()
        await self._stopping.wait()
        await self.stop()


def source_volumes(session: Session) -> dict[str, float]:
    """Each source lease's weight for sharing (:func:`monitor.runtime.leasing.volume_weights`):
    the items the source (or the lane) has stored, read from the database so every daemon
    weighs alike. A lane weighs its own items: a source's @-mentions lane carries most of it."""
    out = {source_lease(name): float(total) for name, total in session.execute(
        select(Source.name, Source.items_total).where(Source.retired_at.is_(None)))}
    out.update({source_lease(f"{source}/{lane}"): float(total)
                for (source, lane), total in lane_volumes(session).items()})
    return out


def _soon(seconds: float = 1.0) -> dt.datetime:
    """First run of a job: a second after start (once the web server is up), or later."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


def run_daemon(config_path: Path | str | None, *, port: int | None = None) -> None:
    configure_logging()
    asyncio.run(Daemon(config_path, port=port).serve_forever())
