"""The daemon's periodic work besides polling, and the API routes that go with it.

* **SLA sweep** (every ``[daemon].sweep_interval`` s): at-risk → remind, breached → notify
  supervisors and queue, long breached → 督办.
* **Outbox delivery** (every 10 s): send due notifications, per recipient, with retries.
* Routes: ``/api/queue``, ``/api/stats``, and operator actions on cases.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import structlog
from aiohttp import web

from monitor.sla.sweep import sweep
from monitor.store.models import utcnow

if TYPE_CHECKING:
    from monitor.daemon import Daemon

log = structlog.get_logger("wenzheng.services")


@dataclass
class Job:
    id: str
    seconds: float
    func: Callable[[], Awaitable[None]]


class Services:
    def __init__(self, daemon: Daemon) -> None:
        from monitor.outbox import Outbox

        self.daemon = daemon
        self.app = daemon.app
        self.sla = daemon.pipeline.stages.sla
        assert daemon.http is not None
        self.outbox = Outbox.from_config(self.app.config, daemon.http)
        self.last_sweep: dict[str, Any] | None = None

    def jobs(self) -> list[Job]:
        return [
            Job("sla-sweep", self.app.config.settings.daemon.sweep_interval, self.run_sweep),
            Job("outbox", 10.0, self.deliver),
        ]

    async def run_sweep(self, now: dt.datetime | None = None) -> Any:
        def work() -> Any:
            with self.app.sessions.begin() as s:
                return sweep(s, self.sla, now=now or utcnow(), config=self.app.config)
        report = await asyncio.to_thread(work)
        if report.changed:
            log.info("sla.swept", checked=report.checked, **report.counts)
        self.last_sweep = {"at": report.now.isoformat(), "checked": report.checked, **report.counts}
        return report

    async def deliver(self, now: dt.datetime | None = None) -> Any:
        report = await self.outbox.deliver_due(self.app.sessions, now=now or utcnow())
        return report

    async def close(self) -> None:
        close = getattr(self.outbox, "close", None)
        if close is not None:
            await close()

    def add_routes(self, app: web.Application, in_session: Callable[[Any], Awaitable[Any]]) -> None:
        from monitor.api_extra import add_routes

        add_routes(app, self, in_session)


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False), status=status,
                        content_type="application/json")
