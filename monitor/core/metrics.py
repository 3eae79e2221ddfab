"""Prometheus metrics for ``/metrics``, on a registry of the daemon's own.

A private registry (not the global default) lets tests and the demo run several daemons in one
process without "duplicated timeseries" errors.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class DaemonMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.items = Counter("wenzheng_items_ingested_total", "New items stored", ["source"], registry=r)
        self.duplicates = Counter("wenzheng_items_duplicate_total", "Items seen again and skipped",
                                  ["source"], registry=r)
        self.cases = Counter("wenzheng_cases_opened_total", "Cases opened", ["source"], registry=r)
        self.polls = Counter("wenzheng_polls_total", "Polls by outcome", ["source", "outcome"], registry=r)
        self.lane_polls = Counter("wenzheng_lane_polls_total",
                                  "Polls of a source's lane (a source shared by its streams) by outcome",
                                  ["source", "lane", "outcome"], registry=r)
        self.source_failures = Gauge("wenzheng_source_consecutive_failures",
                                     "Consecutive failed polls", ["source"], registry=r)
        self.open_cases = Gauge("wenzheng_open_cases", "Cases not closed", ["status"], registry=r)
        self.queue = Gauge("wenzheng_queue_open_entries", "Open escalation queue entries", ["reason"],
                           registry=r)
        self.outbox = Gauge("wenzheng_outbox_notifications", "Notifications by state", ["status"],
                            registry=r)
        self.dead_letters = Gauge("wenzheng_dead_letters", "Items set aside and not yet resolved "
                                  "(source '-' = a file)", ["source"], registry=r)
        self.dead_lettered = Counter("wenzheng_items_dead_lettered_total",
                                     "Items set aside by polls", ["source"], registry=r)

        # the sweep's cost must follow the cases due, not all open cases: its duration over time
        # is how an operator sees that it does
        self.sweep_seconds = Histogram("wenzheng_sweep_duration_seconds",
                                       "SLA sweep duration (refresh and escalate the cases due)",
                                       buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                                                10.0, 30.0), registry=r)
        self.sweep_checked = Gauge("wenzheng_sweep_checked_cases", "Cases the last SLA sweep looked at",
                                   registry=r)

        self.lease_held = Gauge("wenzheng_lease_held", "1 for each lease this daemon holds",
                                ["daemon", "lease"], registry=r)
        self.lease_moves = Counter("wenzheng_lease_moves_total",
                                   "Leases this daemon acquired, released or lost", ["move"], registry=r)
        self.daemons_alive = Gauge("wenzheng_daemons_alive", "Daemons alive on this database", registry=r)
        self.heartbeat = Gauge("wenzheng_heartbeat_timestamp_seconds", "This daemon's last heartbeat",
                               registry=r)

    def record_leases(self, daemon: str, held: Any, beat: Any) -> None:
        """After a heartbeat: which leases this daemon holds now, and what moved."""
        for name in [*beat.released, *beat.lost]:
            self.lease_held.labels(daemon, name).set(0)
        for name in held:
            self.lease_held.labels(daemon, name).set(1)
        for move in ("acquired", "released", "lost"):
            if getattr(beat, move):
                self.lease_moves.labels(move).inc(len(getattr(beat, move)))
        self.daemons_alive.set(beat.alive)
        self.heartbeat.set_to_current_time()

    def record_poll(self, source: str, outcome: Any, *, lane: str | None = None) -> None:
        """A poll of ``source`` (of its ``lane``, when the source is shared by lanes): the
        per-source series add up its lanes, the lane series say which lanes this daemon polled."""
        if lane is not None:
            result = ("ok" if outcome.ok and outcome.report is not None else "paused" if outcome.paused
                      else "failed" if not outcome.ok and outcome.error != "backing off" else None)
            if result is not None:
                self.lane_polls.labels(source, lane, result).inc()
        if outcome.ok and outcome.report is not None:
            self.polls.labels(source, "ok").inc()
            self.items.labels(source).inc(outcome.report.new)
            self.duplicates.labels(source).inc(outcome.report.duplicates)
            self.cases.labels(source).inc(outcome.report.cases_opened)
            self.dead_lettered.labels(source).inc(len(outcome.report.rejects))
            self.source_failures.labels(source).set(0)
        elif outcome.paused:
            self.polls.labels(source, "paused").inc()
        elif not outcome.ok and outcome.error != "backing off":
            self.polls.labels(source, "failed").inc()
            self.source_failures.labels(source).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
