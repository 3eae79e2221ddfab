"""This daemon's seat among the daemons sharing a database: its id, its leases, its heartbeat.

Every daemon runs the same loop (:meth:`Membership.beat`) every ``period`` seconds:

1. record its heartbeat, renew the leases it holds (learning of any it lost in a stall);
2. count the daemons alive (a heartbeat within three periods) and work out a fair share,
   ``ceil(leases / daemons)``;
3. give back leases above its share (never one whose poll is running), take free or expired
   ones below it.

So a new daemon gets work within a few beats, a stopped one's leases (released on SIGTERM) are
taken at the next beat of another, and a killed one's leases are taken once they expire. A
source's lease lives ``min(lease_seconds, interval)`` (at least a second) and the period is at
most a third of the shortest lease, so a dead daemon's source is polled again within
``ttl + period``, i.e. less than two of its poll intervals.

The database decides every race (:mod:`monitor.store.leases`); nothing here trusts timing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import os
import random
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.store import leases as store
from monitor.store.models import Lease

log = structlog.get_logger("wenzheng.leases")

MIN_TTL = 1.0
FORGET_AFTER = dt.timedelta(days=1)


def new_daemon_id() -> str:
    """``host-pid-xxxx``: readable in ``wenzheng daemons``, unique even when a pid is reused."""
    host = socket.gethostname().split(".")[0][:40] or "host"
    return f"{host}-{os.getpid()}-{secrets.token_hex(2)}"


def source_lease(name: str) -> str:
    return f"source:{name}"


def job_lease(job_id: str) -> str:
    return f"job:{job_id}"


@dataclass
class BeatResult:
    acquired: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    alive: int = 0


class Membership:
    """The leases this daemon may hold (name → ttl seconds) and those it holds now."""

    def __init__(self, sessions: sessionmaker[Session], wanted: dict[str, float], *,
                 heartbeat: float, url: str = "", daemon_id: str | None = None,
                 busy: Callable[[str], bool] = lambda _name: False) -> None:
        self.sessions = sessions
        self.id = daemon_id or new_daemon_id()
        self.url = url
        self.wanted = {name: max(MIN_TTL, ttl) for name, ttl in wanted.items()}
        shortest = min(self.wanted.values(), default=heartbeat * 3)
        self.period = min(heartbeat, shortest / 3)
        self.silent_after = dt.timedelta(seconds=3 * self.period)
        self.busy = busy
        self.held: set[str] = set()
        # held but being given back: no new work starts under them; released once idle
        self.leaving: set[str] = set()
        self.last_beat: dt.datetime | None = None
        self._renewed = time.monotonic()
        self.alive = 0

    def holds(self, name: str) -> bool:
        """Ours, as far as this process can tell: held, and renewed within the lease's life
        (a daemon cut off from its database stops working before another takes over)."""
        return (name in self.held and name not in self.leaving
                and time.monotonic() - self._renewed < self.wanted[name])

    # ------------------------------------------------------------------ database work (threads)

    def join(self) -> None:
        """Register this daemon and make sure a lease row exists for everything it can do."""
        with self.sessions.begin() as s:
            store.register_daemon(s, daemon_id=self.id, host=socket.gethostname(), pid=os.getpid(),
                                  url=self.url)
            store.ensure_leases(s, sorted(self.wanted))

    def beat(self) -> BeatResult:
        """One heartbeat: renew, count the living, give back surplus, take a fair share."""
        out = BeatResult()
        with self.sessions.begin() as s:
            self.last_beat = store.beat(s, self.id, forget_after=FORGET_AFTER)
            started = time.monotonic()
            kept = store.renew(s, self.id, {n: self.wanted[n] for n in self.held})
            out.lost = sorted(self.held - kept)
            self.held = set(kept)
            alive = store.alive_daemons(s, silent_after=self.silent_after)
            out.alive = self.alive = max(1, len(alive))
            share = math.ceil(len(self.wanted) / self.alive)
            # give back what is above our share: idle leases at once; busy ones stop taking new
            # work and go when their running poll has committed (a backlog poll can run for
            # minutes, and a first daemon must not keep every source while others stand idle)
            surplus = sorted(self.held, key=lambda n: (self.busy(n), n))[: max(0, len(self.held) - share)]
            self.leaving = {n for n in surplus if self.busy(n)}
            out.released = sorted(n for n in surplus if not self.busy(n))
            store.release(s, self.id, out.released)
            self.held = self.held - set(out.released)
        self._renewed = started
        if len(self.held) < share:
            out.acquired = self._take(share - len(self.held))
        for name in out.lost:
            log.warning("lease.lost", daemon=self.id, lease=name,
                        hint="another daemon took it after this one missed its renewals")
        if out.acquired or out.released:
            log.info("lease.moved", daemon=self.id, acquired=out.acquired, released=out.released,
                     alive=out.alive)
        return out

    def _take(self, want: int) -> list[str]:
        with self.sessions() as s:
            now = store.db_now(s)
            rows = s.execute(select(Lease.name, Lease.owner, Lease.expires_at)
                             .where(Lease.name.in_(list(self.wanted)))).all()
        free = [r.name for r in rows if r.name not in self.held
                and (r.owner is None or r.expires_at is None or r.expires_at < now)]
        random.shuffle(free)  # daemons racing for the same free leases mostly try different ones
        taken: list[str] = []
        for name in free:
            if len(taken) >= want:
                break
            with self.sessions.begin() as s:
                if store.try_acquire(s, self.id, name, self.wanted[name]):
                    taken.append(name)
                    self.held = self.held | {name}
        return taken

    def fence(self, session: Session, name: str) -> None:
        """In a committing transaction: still ours? (renews it) Else :class:`LeaseLost`."""
        try:
            store.fence(session, self.id, name, self.wanted[name])
        except store.LeaseLost:
            self.held = self.held - {name}
            raise

    def release(self, names: list[str]) -> None:
        with self.sessions.begin() as s:
            store.release(s, self.id, names)
        self.held = self.held - set(names)

    def leave(self) -> None:
        """Hand everything back and record the stop (SIGTERM, after running polls committed)."""
        with self.sessions.begin() as s:
            store.release(s, self.id, sorted(self.held))
            store.mark_stopped(s, self.id)
        if self.held:
            log.info("lease.handed_over", daemon=self.id, leases=sorted(self.held))
        self.held = set()

    # ------------------------------------------------------------------ the loop

    async def run(self, on_beat: Callable[[BeatResult], None]) -> None:
        """Beat every ``period`` seconds until cancelled; a failed beat is logged and retried.

        The beat runs in a thread of its own and sleeps there, independent of the event loop:
        in the shared worker pool it queued behind the polls' ingest work, and on the event loop
        it waited whenever a poll parsed a large answer, so on a busy machine it missed its
        renewals and the leases flapped between daemons. ``on_beat`` is called on the loop.
        """
        loop = asyncio.get_running_loop()
        stop = threading.Event()

        def beating() -> None:
            while not stop.is_set():
                try:
                    result = self.beat()
                    loop.call_soon_threadsafe(on_beat, result)
                except RuntimeError:  # the loop closed under us: the daemon is gone
                    return
                except Exception as err:  # noqa: BLE001 - a database hiccup must not end the heartbeat
                    log.warning("lease.beat_failed", daemon=self.id, error=str(err) or type(err).__name__)
                stop.wait(self.period)

        thread = threading.Thread(target=beating, name=f"heartbeat-{self.id}", daemon=True)
        thread.start()
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            stop.set()
            await asyncio.to_thread(thread.join, 30)
