"""The daemon's periodic work besides polling.

* **SLA sweep** (every ``[daemon].sweep_interval`` s): at-risk → remind, breached → notify
  supervisors and queue, long breached → 督办.
* **Outbox delivery** (every 10 s): send due notifications, per recipient, with retries.
* **Heap trim** (every minute): freed C memory handed back (:func:`monitor.runtime.allocator.trim`).
* Monthly bulletin (``[bulletin]``): last month's HTML written and announced once.
* **Matrix activity** (every ``[activity].check_minutes``, leased): member accounts due a reading
  (daily) have their followers and own posts read (:mod:`monitor.activity`).

With several daemons on one database the sweep is a *leased* job (only the holder of
``job:sla-sweep`` runs it; the alert ledger makes an overlap at hand-over harmless), and the
bulletin is claimed per month in the ``job_runs`` table inside the transaction that writes it:
every daemon's cron fires, exactly one does the work, and if that one dies mid-way its claim rolls
back and the next daemon's claim succeeds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pathlib import Path

import structlog
from apscheduler.triggers.cron import CronTrigger

from monitor.handling.sweep import sweep_in_chunks
from monitor.runtime.allocator import trim
from monitor.runtime.leasing import job_lease
from monitor.store.leases import claim_run
from monitor.store.models import utcnow
from monitor.core.timeutil import SHANGHAI, to_local

if TYPE_CHECKING:
    from monitor.runtime.daemon import Daemon

log = structlog.get_logger("wenzheng.services")

TRIM_SECONDS = 60.0
"""How often freed C memory goes back to the kernel: often enough that a minute's batches and
sweeps do not stack up in the arenas, rarely enough that the trim (a few ms) costs nothing."""


@dataclass
class Job:
    """A periodic job: every ``seconds``, or on an APScheduler ``trigger`` (cron) when given."""

    id: str
    seconds: float
    func: Callable[[], Awaitable[Any]]
    trigger: Any = None
    leased: bool = False  # run only by the daemon holding the lease ``job:<id>``
    first_delay: float = 1.0  # seconds from start to the first run of an interval job


class Services:
    def __init__(self, daemon: Daemon) -> None:
        from monitor.notify.outbox import Outbox

        self.daemon = daemon
        self.app = daemon.app
        self.sla = daemon.pipeline.stages.sla
        assert daemon.http is not None
        self.outbox = Outbox.from_config(self.app.config, daemon.http)
        self.last_sweep: dict[str, Any] | None = None
        self.last_activity: dict[str, Any] | None = None

    @property
    def daemon_id(self) -> str:
        m = self.daemon.membership
        return m.id if m is not None else ""

    def jobs(self) -> list[Job]:
        jobs = [
            Job("sla-sweep", self.app.config.settings.daemon.sweep_interval, self.run_sweep,
                leased=True),
            Job("outbox", 10.0, self.deliver),
            Job("heap-trim", TRIM_SECONDS, self.trim_heap, first_delay=TRIM_SECONDS),
        ]
        act = self.app.config.settings.activity
        if act.enabled and self.activity_sources():
            # a slow job: its first round waits a minute (or one check, if shorter), so starting the
            # daemon is not also a burst of requests for every member account
            jobs.append(Job("matrix-activity", act.check_minutes * 60, self.read_activity, leased=True,
                            first_delay=min(60.0, act.check_minutes * 60)))
        b = self.app.config.settings.bulletin
        if b.enabled:
            hour, minute = (int(x) for x in b.time.split(":"))
            jobs.append(Job("monthly-bulletin", 0, self.send_bulletin, CronTrigger(
                day=b.day, hour=hour, minute=minute, timezone=SHANGHAI)))
        return jobs

    async def send_bulletin(self, now: dt.datetime | None = None) -> Path:
        """Write last month's bulletin under ``[bulletin].out_dir`` and announce it.

        The announcement carries the headline figures (robots cannot attach files); dedupe on the
        month means a restart on the same day does not announce twice.
        """
        from monitor.notify.outbox import enqueue
        from monitor.report.bulletin import render_bulletin
        from monitor.stats.compute import compute_stats
        from monitor.stats.period import Period

        now = now or utcnow()
        local = to_local(now)
        first = local.date().replace(day=1)
        period = Period.month(first.year, first.month).previous()
        cfg = self.app.config.settings.bulletin
        out = Path(cfg.out_dir) / f"bulletin-{period.key}.html"

        def work() -> bool:
            with self.app.sessions.begin() as s:
                if not claim_run(s, "monthly-bulletin", period.key, self.daemon_id):
                    return False  # done already (a restart, or another daemon)
                stats = compute_stats(s, period, matrix=self.app.matrix, now=now,
                                      silent_days=self.app.config.settings.activity.silent_days)
                html = render_bulletin(s, period, matrix=self.app.matrix, stats=stats, now=now,
                                       min_cases=cfg.min_cases)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(html, encoding="utf-8")
                pct = lambda v: "-" if v is None else f"{v * 100:.1f}%"  # noqa: E731
                body = (f"{period.label}：受理 {stats['received']} 件，回复率 {pct(stats['reply_rate'])}，"
                        f"办结率 {pct(stats['closure_rate'])}，满意率 {pct(stats['satisfaction_rate'])}。"
                        f"\n全文：{out.resolve()}")
                if cfg.recipients:
                    enqueue(s, kind="bulletin", case_id=None, account_ids=list(cfg.recipients),
                            subject=f"【问政月报】{period.label}", body=body, urgent=False,
                            dedupe=f"bulletin:{period.key}", now=now)
            return True

        if await asyncio.to_thread(work):
            log.info("bulletin.written", period=period.key, path=str(out), recipients=list(cfg.recipients))
        else:
            log.info("bulletin.already_done", period=period.key, path=str(out))
        return out

    def activity_sources(self) -> list[Any]:
        """The polled sources that can read their member accounts' own activity (Weibo)."""
        from monitor.activity import ActivitySource

        return [r.adapter for r in self.daemon.runners.values() if isinstance(r.adapter, ActivitySource)]

    async def read_activity(self, now: dt.datetime | None = None) -> Any:
        """Read the member accounts due a reading (``[activity]``; a leased job, daily per account)."""
        from monitor.activity import read_matrix_activity

        report = await read_matrix_activity(self.app.sessions, self.activity_sources(),
                                            self.app.config.settings.activity, now or utcnow())
        self.last_activity = report.as_dict()
        return report

    async def run_sweep(self, now: dt.datetime | None = None) -> Any:
        """One sweep, a transaction per chunk (:func:`monitor.handling.sweep.sweep_in_chunks`): a
        backlog of thousands never holds SQLite's write lock for longer than one chunk."""
        # between chunks: still holding the sweep's lease, and not stopping (the cases not reached
        # are left to the next sweep, wherever it runs)
        keep_going = self.daemon.holding(job_lease("sla-sweep"))

        def work() -> Any:
            t0 = time.perf_counter()
            report = sweep_in_chunks(self.app.sessions, self.sla, now=now or utcnow(),
                                     config=self.app.config, keep_going=keep_going)
            metrics = self.daemon.metrics
            metrics.sweep_seconds.observe(time.perf_counter() - t0)
            metrics.sweep_checked.set(report.checked)
            return report
        report = await asyncio.to_thread(work)
        if report.changed or report.stopped:
            log.info("sla.swept", checked=report.checked, commits=report.commits,
                     stopped=report.stopped, **report.counts)
        self.last_sweep = {"at": report.now.isoformat(), "checked": report.checked, **report.counts}
        return report

    async def trim_heap(self) -> None:
        await asyncio.to_thread(trim)

    async def deliver(self, now: dt.datetime | None = None) -> Any:
        report = await self.outbox.deliver_due(self.app.sessions, now=now or utcnow())
        return report

    async def close(self) -> None:
        close = getattr(self.outbox, "close", None)
        if close is not None:
            await close()
