"""``wenzheng run``: the background daemon.

One asyncio process: APScheduler jobs poll each source on its interval, sweep deadlines every
minute and deliver the notification outbox; aiohttp serves ``/healthz``, ``/metrics``, the JSON
API and the console. Database work is synchronous SQLAlchemy run in worker threads, so a slow
query never stalls the event loop that answers platforms and operators.

SIGTERM/SIGINT drain: the scheduler stops taking new jobs, running polls finish (their items and
cursor commit together, or not at all), then connections close and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
from pathlib import Path
from typing import Any

import aiohttp
import structlog
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.store.context import App, open_app
from monitor.core.logging import configure_logging
from monitor.core.metrics import DaemonMetrics
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
        self.app: App = open_app(config_path, database_url=database_url)
        settings = self.app.config.settings.daemon
        self.host = host or settings.host
        self.port = settings.port if port is None else port
        self.metrics = DaemonMetrics()
        self.pipeline = build_pipeline(self.app)
        self.runners: dict[str, SourceRunner] = {}
        self.push_sources: dict[str, PushSource] = {}
        self.http: aiohttp.ClientSession | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.web_runner: web.AppRunner | None = None
        self.extra_jobs: list[Any] = []
        self._stopping = asyncio.Event()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        cfg = self.app.config
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
            if isinstance(adapter, PullSource):
                self.runners[src.name] = SourceRunner(src, adapter, self.pipeline, self.app.sessions)
            elif isinstance(adapter, PushSource):
                self.push_sources[src.name] = adapter
        self.services = Services(self)
        web_app = web.Application(client_max_size=4 * 1024 * 1024)
        setup_web(web_app, WebContext(app=self.app, sla=self.pipeline.stages.sla,
                                      metrics=self.metrics, runners=self.runners))
        self.web_runner = web.AppRunner(web_app, access_log=None)
        await self.web_runner.setup()
        site = web.TCPSite(self.web_runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests ask for a free port: learn which one we got
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        for name, runner in self.runners.items():
            self.scheduler.add_job(self._poll, "interval", args=[name], seconds=runner.cfg.interval,
                                   id=f"poll:{name}", max_instances=1, coalesce=True,
                                   next_run_time=_soon())
        for job in self.services.jobs():
            if job.trigger is not None:
                self.scheduler.add_job(job.func, job.trigger, id=job.id, max_instances=1,
                                       coalesce=True, misfire_grace_time=3600)
            else:
                self.scheduler.add_job(job.func, "interval", seconds=job.seconds, id=job.id,
                                       max_instances=1, coalesce=True, next_run_time=_soon())
        self.scheduler.start()
        log.info("daemon.started", url=f"http://{self.host}:{self.port}/",
                 sources=sorted(self.runners) + sorted(self.push_sources),
                 database=self.app.engine.url.render_as_string(hide_password=True))

    async def _poll(self, name: str) -> None:
        outcome = await self.runners[name].poll_once()
        self.metrics.record_poll(name, outcome)

    async def stop(self) -> None:
        """Drain: no new jobs, let running polls commit, then close everything."""
        log.info("daemon.stopping")
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        timeout = self.app.config.settings.daemon.drain_timeout
        locks = [r.lock for r in self.runners.values()]

        async def _drain() -> None:
            for lock in locks:
                async with lock:
                    pass

        try:
            await asyncio.wait_for(_drain(), timeout)
        except TimeoutError:
            log.warning("daemon.drain_timeout", seconds=timeout)
        await self.services.close()
        if self.web_runner is not None:
            await self.web_runner.cleanup()
        for runner in self.runners.values():
            with contextlib.suppress(Exception):
                await runner.adapter.close()
        if self.http is not None:
            await self.http.close()
        self.app.close()
        log.info("daemon.stopped")

    def _sync_sources(self) -> list[str]:
        with self.app.sessions.begin() as s:
            return sync_sources(s, self.app.config)

    async def serve_forever(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)
        await self.start()
        await self._stopping.wait()
        await self.stop()


def _soon() -> dt.datetime:
    """First run of a job: a second after start, once the web server is up."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)


def run_daemon(config_path: Path | str | None, *, port: int | None = None) -> None:
    configure_logging()
    asyncio.run(Daemon(config_path, port=port).serve_forever())
