"""What the web face needs from whoever serves it, as one small value.

Why a value and not the daemon itself: the web package sits below the runtime, so it must not
import :mod:`monitor.runtime`; the daemon builds a :class:`WebContext` and mounts the routes. Tests
and other hosts can do the same.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.core.metrics import DaemonMetrics
from monitor.intake.pipeline import Pipeline
from monitor.sla import SlaEngine
from monitor.store.context import App


InSession = Callable[[Callable[[Any], Any]], Awaitable[Any]]
"""Run a function with a read session in a worker thread (the event loop never waits on SQL)."""


@dataclass
class WebContext:
    """The open app (config, database, matrix), the SLA engine, metrics and the running sources.

    ``runners`` maps a source name to its running poller (anything with an ``adapter``): the web
    posts a member's reply through the source that can post on the case's platform.
    ``push_sources`` (name → adapter) are served at ``/hooks/<name>`` and store through
    ``pipeline``, which also takes the cases operators type in (phone, walk-in).
    """

    app: App
    sla: SlaEngine
    metrics: DaemonMetrics
    runners: Mapping[str, Any]
    # this daemon's seat among those sharing the database (``id``, ``held``): /healthz shows it
    membership: Any = None
    push_sources: Mapping[str, Any] = field(default_factory=dict)
    pipeline: Pipeline | None = None

    def adapters(self) -> list[tuple[str, Any]]:
        """Every running source's adapter by name, pulled or pushed (who can post a reply)."""
        return [(n, r.adapter) for n, r in self.runners.items()] + list(self.push_sources.items())
