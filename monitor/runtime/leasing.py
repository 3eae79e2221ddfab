"""This daemon's seat among the daemons sharing a database: its id, its leases, its heartbeat.

Every daemon runs the same loop (:meth:`Membership.beat`) every ``period`` seconds:

1. record its heartbeat, renew the leases it holds (learning of any it lost in a stall);
2. count the daemons alive (a heartbeat within three periods) and work out a fair share: the
   leases' total weight divided by the daemons (:func:`volume_weights`: a source weighs what it
   has carried, relative to the average source; with nothing carried yet, every lease weighs
   one and the share is ``ceil(leases / daemons)`` leases);
3. give back leases above its share (by more than :data:`SLACK`) as long as what it keeps is
   still its share (never one whose poll is running), take free or expired ones while below it.

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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.store import leases as store
from monitor.store.models import Lease

log = structlog.get_logger("wenzheng.leases")

MIN_TTL = 1.0
EPSILON = 1e-9  # weights are sums of floats: "at least the share" must survive rounding
# A daemon gives leases back only when it is more than this (in average sources) above its
# share: the weights grow with every batch stored, and without a margin a daemon just above
# its share gave a small source back and took it again two beats later (bench/daemons.py).
# With equal weights a surplus is at least one whole lease, so the count-based share is kept.
SLACK = 0.25
FORGET_AFTER = dt.timedelta(days=1)


def new_daemon_id() -> str:
    """``host-pid-xxxx``: readable in ``wenzheng daemons``, unique even when a pid is reused."""
    host = socket.gethostname().split(".")[0][:40] or "host"
    return f"{host}-{os.getpid()}-{secrets.token_hex(2)}"


def source_lease(name: str) -> str:
    return f"source:{name}"


def job_lease(job_id: str) -> str:
    return f"job:{job_id}"


def family(name: str) -> str:
    """The source a lease belongs to: ``source:weibo/p2`` → ``source:weibo`` (a lane's siblings
    share it); any other lease is its own family."""
    return name.split("/", 1)[0]


def spread_first(names: list[str], held: set[str], every: list[str]) -> list[str]:
    """``names`` ordered to take: first a lane of each split source none of whose lanes
    ``held`` has (the sources with most lanes first), then whole sources and jobs, then lanes of
    sources ``held`` already has lanes of.

    A source is split into lanes so that several daemons store it at once; taken by count or
    weight alone, one daemon took three of the hub's four lanes (bench/daemons.py) and stored
    them in one process, as if the source were whole. Daemons starting together each take one
    lane first, so the lanes are spread before the rest is shared. Ties keep the given order
    (shuffled). ``every``: all the leases (their families' sizes).
    """
    mine = Counter(family(n) for n in held)
    size = Counter(family(n) for n in every)
    return sorted(names, key=lambda n: (mine[family(n)], -size[family(n)]))


def volume_weights(names: list[str], volumes: dict[str, float]) -> dict[str, float]:
    """Each lease's weight in units of an average source, from what the sources carried.

    Sources differ tenfold: a city's 问政 account is @-mentioned in most appeals, a street's in
    few. Shared by count, the daemon holding the hub's source also got as many other sources as
    the rest and finished long after them (bench/daemons.py: after a SIGKILL one survivor took
    the dead daemon's three unfinished sources besides the hub's, the other two finished ones).
    ``volumes`` is what each source lease has stored (``sources.items_total``, on the database
    every daemon reads, so they all weigh alike); a source below a quarter of the average counts
    a quarter (a new or quiet source is still work to poll), a job counts one average source.
    Before anything was stored every lease weighs one: the count-based share.
    """
    known = [volumes[n] for n in names if n in volumes]
    mean = sum(known) / len(known) if known else 0.0
    if mean <= 0:
        return {n: 1.0 for n in names}
    return {n: (max(volumes[n], mean / 4) / mean if n in volumes else 1.0) for n in names}


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
                 busy: Callable[[str], bool] = lambda _name: False,
                 volumes: Callable[[Session], dict[str, float]] | None = None) -> None:
        self.sessions = sessions
        self.id = daemon_id or new_daemon_id()
        self.url = url
        self.wanted = {name: max(MIN_TTL, ttl) for name, ttl in wanted.items()}
        shortest = min(self.wanted.values(), default=heartbeat * 3)
        self.period = min(heartbeat, shortest / 3)
        self.silent_after = dt.timedelta(seconds=3 * self.period)
        self.busy = busy
        self.volumes = volumes  # lease → what its work carried (None: every lease weighs one)
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
            weight = volume_weights(sorted(self.wanted), self.volumes(s) if self.volumes else {})
            share = sum(weight.values()) / self.alive
            mine = sum(weight[n] for n in self.held)
            # give back what is above our share, as long as what we keep is still our share:
            # idle leases first and at once; busy ones stop taking new work and go when their
            # running poll has committed (a backlog poll can run for minutes, and a first daemon
            # must not keep every source while others stand idle)
            surplus: list[str] = []
            kept = Counter(family(n) for n in self.held)
            size = Counter(family(n) for n in self.wanted)
            # a lane of a source of which we keep more than our part of its lanes goes first
            # (lanes of one source are meant to be stored by different daemons), then idle
            # before busy, light before heavy
            for _ in range(len(self.held)):
                left = [n for n in self.held if n not in surplus
                        and mine - weight[n] >= share - EPSILON and mine - share > SLACK]
                if not left:
                    break
                n = min(left, key=lambda n: (kept[family(n)] <= math.ceil(size[family(n)] / self.alive),
                                             size[family(n)] > 1, self.busy(n), weight[n], n))
                surplus.append(n)
                kept[family(n)] -= 1
                mine -= weight[n]
            self.leaving = {n for n in surplus if self.busy(n)}
            out.released = sorted(n for n in surplus if not self.busy(n))
            store.release(s, self.id, out.released)
            self.held = self.held - set(out.released)
        self._renewed = started
        if mine < share - EPSILON:
            out.acquired = self._take(weight, share - mine)
        for name in out.lost:
            log.warning("lease.lost", daemon=self.id, lease=name,
                        hint="another daemon took it after this one missed its renewals")
        if out.acquired or out.released:
            log.info("lease.moved", daemon=self.id, acquired=out.acquired, released=out.released,
                     alive=out.alive)
        return out

    def _take(self, weight: dict[str, float], want: float) -> list[str]:
        """Take free or expired leases until their weight reaches ``want`` (or none is left)."""
        with self.sessions() as s:
            now = store.db_now(s)
            rows = s.execute(select(Lease.name, Lease.owner, Lease.expires_at)
                             .where(Lease.name.in_(list(self.wanted)))).all()
        free = [r.name for r in rows if r.name not in self.held
                and (r.owner is None or r.expires_at is None or r.expires_at < now)]
        random.shuffle(free)  # daemons racing for the same free leases mostly try different ones
        taken: list[str] = []
        while free and want > EPSILON:
            name = spread_first(free, self.held, list(self.wanted))[0]
            free.remove(name)
            with self.sessions.begin() as s:
                if store.try_acquire(s, self.id, name, self.wanted[name]):
                    taken.append(name)
                    self.held = self.held | {name}
                    want -= weight[name]
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
