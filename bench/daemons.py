"""Several daemons on one PostgreSQL database: nothing lost, nothing doubled, a fast take-over.

Starts the mock Weibo platform (``wenzheng mock weibo``, with a backlog of N items and no new
traffic) and D daemons (``wenzheng run``) as separate processes on a fresh PostgreSQL database
next to URL, plus a mock WeCom robot in this process that every account's alerts go to (one robot
per account, so a duplicate delivery is visible as such). Half-way through the backlog it kills
the daemon holding the most sources with SIGKILL, measures how long until its leases are held by
the others, and waits until everything the mock served is stored and the outbox has nothing due
(alerts a robot's rate limit deferred to a later minute stay pending: that is the outbox working).
Then it runs the same backlog with one daemon, for the throughput ratio.

    .venv/bin/python bench/daemons.py --daemons 3 --database-url postgresql://postgres@127.0.0.1:5432/postgres --n 6000 [--keep]

Targets (issue 17): duplicates 0, stored = served, take-over <= 2 poll intervals, 3 daemons
>= 1.3 x one daemon (on a 2-core machine the mock, PostgreSQL and the daemons share two cores).
Last line: one JSON object. ``--keep`` leaves the databases in place and prints their URLs.

Where the CPU went, per run: each process's CPU seconds (daemons, the mock platform, PostgreSQL's
backends for the run's database, this process), the start (dictionaries, models, the mock's
backlog) apart from the work, the work per 1,000 stored mentions, and the ceiling that implies:
on C cores no run can store more than C / (CPU s per mention of all of them) a second. Beside
it PostgreSQL's own counters per 1,000 mentions (commits, rollbacks, rows, deadlocks, backends
seen waiting for a lock) and the statements the daemons sent, by shape (``bench/sqlcount.py``).
On a shared machine the mentions/s swing with everyone's load; these figures much less.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from adapters.notify.mockbase import MockState, refs  # noqa: E402
from adapters.notify.wecom.mock import start_mock as start_robot  # noqa: E402
from adapters.weibo.mock import demo_token_env  # noqa: E402
from monitor.core.config import Config  # noqa: E402
from monitor.store.db import make_engine  # noqa: E402
from monitor.store.models import Case, CaseEvent, Lease, Mention, Notification, Source  # noqa: E402

WENZHENG = [sys.executable, "-c", "from monitor.cli import main; main()"]
# a daemon counts its SQL statements by shape (bench/sqlcount.py) when WENZHENG_BENCH_SQLCOUNT is set
DAEMON = [sys.executable, "-c",
          "import sys; sys.path.insert(0, 'bench'); import sqlcount; from monitor.cli import main; main()"]


# ---------------------------------------------------------------------------- set-up


def write_config(dest: Path, *, weibo_url: str, robot_url: str, sources: int, interval: float,
                 heartbeat: float, lease_seconds: float, sweep_interval: float = 2.0,
                 partitions: int = 1) -> Path:
    """A copy of config/ whose Weibo accounts are split over ``sources`` sources, alerts going to
    one mock robot per account. The source with the hub's account (the busiest: most appeals
    @-mention it) is split into ``partitions`` lanes, each leased apart (the others are one
    lease each)."""
    shutil.copytree(ROOT / "config", dest)
    main = dest / "wenzheng.toml"
    matrix = Config.load(main).matrix
    accounts = [a.id for a in matrix.accounts if "weibo" in a.platform_ids]
    head = main.read_text(encoding="utf-8").split("[[sources]]")[0]
    head = head.replace("[daemon]\n", f"[daemon]\nheartbeat = {heartbeat}\nlease_seconds = {lease_seconds}\n")
    head = re.sub(r"sweep_interval = [\d.]+", f"sweep_interval = {sweep_interval}", head)
    head = re.sub(r"\[bulletin\]\nenabled = true", "[bulletin]\nenabled = false", head)
    parts = [head]
    for i in range(sources):
        mine = accounts[i::sources]
        lanes = partitions if matrix.hub.id in mine else 1
        parts.append(f"""
[[sources]]
name = "weibo-{i + 1:02d}"
adapter = "weibo"
interval = {interval}
timeout = 120
[sources.options]
base_url = "{weibo_url}"
accounts = {json.dumps(mine)}
count = 200
max_pages = 20
request_timeout = 30
partitions = {lanes}
""")
    main.write_text("".join(parts), encoding="utf-8")
    notify = dest / "notify.toml"
    body = notify.read_text(encoding="utf-8")
    body = re.sub(r"\[quiet_hours\][^\[]*", "[quiet_hours]\nenabled = false\n\n", body)
    body = re.sub(r"\[delivery\][^\[]*", "[delivery]\nbatch_size = 1000\nconcurrency = 16\n"
                  "lease_seconds = 30\nbackoff_seconds = 1\n\n", body)
    body = re.sub(r"\[wecom\][^\[]*", f'[wecom]\nbase_url = "{robot_url}"\nrate_per_minute = 100000\n\n', body)
    body += "".join(f'\n[accounts.{a.id}]\nwecom_key = "robot-{a.id}"\n' for a in matrix.accounts)
    notify.write_text(body, encoding="utf-8")
    # a rest day's first response is due in 8 hours, so a backlog of the last hour breaches nothing on a
    # weekend or a holiday: one hour every day, so that escalations (and their alerts) happen whatever the
    # day the fleet runs on (it failed on Saturdays in Beijing time, when no backlog appeal was overdue)
    sla = dest / "sla.toml"
    body = sla.read_text(encoding="utf-8")
    body, n = re.subn(r"(?m)^restday_hours = \d+", "restday_hours = 1", body)
    if n != 1:
        raise RuntimeError(f"{sla}: no [first_response] restday_hours to set")
    sla.write_text(body, encoding="utf-8")
    return main


def fresh_database(url: str) -> str:
    """Create an empty database beside the one ``url`` names; return its URL."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        raise SystemExit(f"--database-url: several daemons need PostgreSQL, got {u.get_backend_name()}")
    name = f"wz_daemons_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return u.set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# ---------------------------------------------------------------------------- processes


@dataclass
class Fleet:
    """The mock platform and the daemons, as child processes; logs under ``logs``."""

    config: Path
    database_url: str
    logs: Path
    env: dict[str, str] = field(default_factory=dict)
    mock: asyncio.subprocess.Process | None = None
    daemons: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def start_mock(self, *, backlog: int, seed: int = 7, rate: float = 0.0) -> str:
        """Start ``wenzheng mock weibo --port 0``; returns its API root once it listens."""
        self.logs.mkdir(parents=True, exist_ok=True)
        self.mock = await asyncio.create_subprocess_exec(
            *WENZHENG, "mock", "weibo", "--port", "0", "--rate", str(rate), "--backlog", str(backlog),
            "--seed", str(seed), "--config", str(self.config), cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, stderr=open(self.logs / "mock.err", "wb"))  # noqa: SIM115
        assert self.mock.stdout is not None
        line = (await asyncio.wait_for(self.mock.stdout.readline(), 300)).decode()
        found = re.search(r"http://[\d.]+:(\d+)/2/", line)
        if not found:
            raise RuntimeError(f"the mock platform did not start: {line!r} (see {self.logs / 'mock.err'})")
        matrix = Config.load(self.config).matrix
        self.env = {**os.environ, **demo_token_env(matrix), "WENZHENG_DATABASE_URL": self.database_url,
                    "PYTHONUNBUFFERED": "1"}
        return f"http://127.0.0.1:{found.group(1)}/2/"

    async def start_daemon(self) -> asyncio.subprocess.Process:
        i = len(self.daemons) + 1
        proc = await asyncio.create_subprocess_exec(
            *DAEMON, "run", "--config", str(self.config), "--port", "0", cwd=ROOT,
            env={**self.env, "WENZHENG_BENCH_SQLCOUNT": str(self.logs / "sql")},
            stdout=open(self.logs / f"daemon-{i}.log", "wb"), stderr=asyncio.subprocess.STDOUT)  # noqa: SIM115
        self.daemons.append(proc)
        return proc

    async def stop(self) -> list[int | None]:
        """SIGTERM every daemon still running (graceful hand-over), then the mock; exit codes."""
        for p in self.daemons:
            if p.returncode is None:
                p.send_signal(signal.SIGTERM)
        codes = []
        for p in self.daemons:
            try:
                codes.append(await asyncio.wait_for(p.wait(), 60))
            except TimeoutError:
                p.kill()
                codes.append(await p.wait())
        if self.mock is not None and self.mock.returncode is None:
            self.mock.send_signal(signal.SIGINT)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.mock.wait(), 10)
            if self.mock.returncode is None:
                self.mock.kill()
                await self.mock.wait()
        if self.mock is not None and self.mock.stdout is not None:
            # read its stdout to the end: a pipe left open is closed when the transport is
            # collected, after asyncio.run closed the loop ('Event loop is closed' at exit)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.mock.stdout.read(), 10)
        return codes


async def mock_state(weibo_url: str) -> dict[str, Any]:
    import aiohttp

    async with aiohttp.ClientSession() as http, http.get(weibo_url.replace("/2/", "/_mock/state")) as r:
        return await r.json()


# ---------------------------------------------------------------------------- where the time went


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux ``/proc``); 0 when it is gone.

    Wall-clock throughput on a shared machine says little by itself: CPU seconds per process
    say whether the daemons, the mock platform or PostgreSQL did the work, and whether a
    cluster spent more CPU than one daemon for the same items (work thrown away and redone).
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_cpu(engine: Engine, seen: dict[int, float], waits: Counter[str] | None = None) -> int:
    """Record in ``seen`` (pid → CPU seconds) the PostgreSQL backends connected to the run's
    database now; returns how many of them are waiting for a lock at this moment, and counts in
    ``waits`` the statements they wait in (by shape: which writes queue behind other daemons').

    Sampled through the run, not read once at the end: the backends of a killed daemon, and
    pooled connections closed meanwhile, are gone by then, and PostgreSQL's CPU is a large part
    of what the daemons cost (it was reported as 0.2 s for one daemon that made it spend 13 s).
    What a backend spent after its last sample is missed (under a second's worth). The bench's
    own connection is left out (its CPU is the bench's, counted apart)."""
    with engine.connect() as c:
        rows = c.execute(text(
            "SELECT pid, wait_event_type = 'Lock', left(query, 200) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).all()
    for p, _, _ in rows:
        now = cpu_seconds(p)
        if now:
            seen[p] = max(now, seen.get(p, 0.0))
    if waits is not None:
        from bench.sqlcount import shape

        waits.update(shape(q or "") for _, waiting, q in rows if waiting)
    return sum(1 for _, waiting, _ in rows if waiting)


def table_reads(engine: Engine) -> dict[str, int]:
    """Rows each table gave up to scans (sequential and index), for where PostgreSQL read."""
    with engine.connect() as c:
        return {r[0]: int(r[1] or 0) for r in c.execute(text(
            "SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables "
            "ORDER BY 2 DESC LIMIT 8"))}


def pg_counters(engine: Engine) -> dict[str, int]:
    """The run's database's own counters (``pg_stat_database``): transactions, rows, deadlocks.
    A fresh database per run, so they are the run's (plus the bench's few reads)."""
    with engine.connect() as c:
        c.execute(text("SELECT pg_stat_clear_snapshot()"))
        row = c.execute(text(
            "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, "
            "tup_deleted, deadlocks, blks_hit + blks_read FROM pg_stat_database "
            "WHERE datname = current_database()")).one()
    keys = ("commits", "rollbacks", "rows_returned", "rows_fetched", "rows_inserted", "rows_updated",
            "rows_deleted", "deadlocks", "blocks")
    return dict(zip(keys, (int(v or 0) for v in row), strict=True))


def statement_counts(logs: Path) -> Counter[str]:
    """Statements the daemons sent, by shape, summed over the daemons (bench/sqlcount.py)."""
    total: Counter[str] = Counter()
    for f in sorted((logs / "sql").glob("*.json")):
        with contextlib.suppress(ValueError, OSError):
            total.update(json.loads(f.read_text(encoding="utf-8")))
    return total


def per_mention(cpu: dict[str, Any], stored: int) -> dict[str, float]:
    """CPU milliseconds per stored mention, of the daemons and of everything (daemons, mock,
    PostgreSQL): on a shared machine the throughput swings with the others' load, what the
    work cost much less."""
    daemons = sum(cpu["daemons"])
    return {"daemons": round(daemons / max(1, stored) * 1000, 2),
            "all": round((daemons + cpu["mock"] + cpu["postgres"]) / max(1, stored) * 1000, 2)}


LOST_WORK = ("lease.lost", "poll.lease_lost", "ingest.batch_conflict_retry", "lease.beat_failed",
             "ingest.joined_concurrent_writer", "poll.failed", "ingest.batch_failed_isolating")


def log_counts(logs: Path) -> dict[str, int]:
    """How often the daemons threw work away or lost a lease, from their JSON log lines."""
    counts: Counter[str] = Counter()
    for f in sorted(logs.glob("daemon-*.log")):
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            found = re.search(r'"event": "([a-z_.]+)"', line)
            if found and found.group(1) in LOST_WORK:
                counts[found.group(1)] += 1
    return {k: counts[k] for k in LOST_WORK}


def delivery_count(messages: list[Any], killed: dt.datetime | None) -> dict[str, int]:
    """Outbox rows delivered, and delivered more than once, from the robot's own records.

    Every message names the outbox rows it carries (the ``X-Wenzheng-Outbox`` header), so a
    repeat is counted per row, exactly: two different alerts with the same text are not a
    duplicate, and a row re-sent inside a differently composed digest is one. A repeat whose
    first delivery reached the robot before the SIGKILL and the next after it is the documented
    at-least-once case (confirmed to the daemon that was killed before it recorded it).
    """
    times: dict[int, list[dt.datetime]] = {}
    for m in messages:
        for i in refs(m.ref):
            times.setdefault(i, []).append(m.at)
    twice = {i: sorted(ts) for i, ts in times.items() if len(ts) > 1}
    # the robot is served by this process's event loop: a request the victim sent just before
    # it died may still be read a moment after the kill
    late = killed + dt.timedelta(seconds=2) if killed is not None else None
    at_kill = sum(len(ts) - 1 for ts in twice.values() if late is not None and ts[0] <= late < ts[1])
    return {"rows_delivered": len(times),
            "duplicate_deliveries": sum(len(ts) - 1 for ts in twice.values()),
            "duplicate_deliveries_at_kill": at_kill,
            "deliveries_without_ref": sum(1 for m in messages if not m.ref)}


# ---------------------------------------------------------------------------- what the database says


def progress(engine: Engine, at_least: int = 0) -> dict[str, Any]:
    """What the wait needs, cheaply: mentions stored, notifications due, the lease holders.

    Read every half second through the run on one pooled connection. The full :func:`tally`
    (distinct mentions, stranded replies, events, escalations) cost PostgreSQL 30-40 ms at 13,000
    mentions and grew with them; read ten times a second over a fresh connection each (a forked
    backend, an engine), as it was, the bench's own watching took a third of a core on a 2-core
    machine where the daemons are meant to be the only work, and more in the run whose
    daemons had no core to spare."""
    with engine.connect() as c:
        # the sources' running totals (12 rows), counted exactly only once they say it is all there:
        # a count(*) of mentions twice a second read the whole table each time
        stored = int(c.execute(select(func.coalesce(func.sum(Source.items_total), 0))).scalar_one())
        if stored >= at_least:
            stored = c.execute(select(func.count()).select_from(Mention)).scalar_one()
        due = c.execute(select(func.count()).select_from(Notification).where(
            Notification.status == "pending", Notification.not_before <= func.now())).scalar_one()
        now = c.execute(select(func.now())).scalar_one()
        leases = {r.name: r.owner for r in c.execute(select(Lease.name, Lease.owner, Lease.expires_at))}
        live = {r.name: (r.owner if r.expires_at is not None and r.expires_at >= now else None)
                for r in c.execute(select(Lease.name, Lease.owner, Lease.expires_at))}
    return {"stored": stored, "outbox_due": due, "leases": leases, "live_leases": live}


def tally(engine: Engine) -> dict[str, Any]:
    """Stored, cases, duplicates and the outbox, read straight from the database (at the end)."""
    with engine.connect() as c:
        stored = c.execute(select(func.count()).select_from(Mention)).scalar_one()
        distinct = c.execute(select(func.count()).select_from(
            select(Mention.platform, Mention.external_id).distinct().subquery())).scalar_one()
        cases = c.execute(select(func.count()).select_from(Case)).scalar_one()
        # stored outside the case its thread has: a reply that should have been adopted
        stranded = c.execute(select(func.count()).select_from(Mention).join(
            Case, (Case.platform == Mention.platform) & (Case.root_external_id == Mention.thread_root_id))
            .where(Mention.case_id.is_(None))).scalar_one()
        # read in another order than one daemon reads it (lanes, sources), a thread must still
        # give the same case events: citizens' feedback is read only after a reply
        kinds = dict(c.execute(select(CaseEvent.kind, func.count()).where(
            CaseEvent.kind.in_(("feedback", "reply", "follow_up", "comment", "risk")))
            .group_by(CaseEvent.kind)).all())
        steps = Counter((case_id, json.dumps(d, sort_keys=True)) for case_id, d in c.execute(
            select(CaseEvent.case_id, CaseEvent.data).where(CaseEvent.kind == "escalated")))
        outbox = dict(c.execute(select(Notification.status, func.count()).group_by(Notification.status)).all())
        # pending and due: what a delivery round should already have sent (a robot's rate limit
        # defers the rest to a later minute, which is the outbox working, not stuck)
        due = c.execute(select(func.count()).select_from(Notification).where(
            Notification.status == "pending", Notification.not_before <= func.now())).scalar_one()
        first, last = c.execute(select(func.min(Mention.ingested_at), func.max(Mention.ingested_at))).one()
        leases = {r.name: r.owner for r in c.execute(select(Lease.name, Lease.owner))}
    return {"stored": stored, "duplicate_mentions": stored - distinct, "cases": cases, "stranded": stranded,
            "events": kinds,
            "escalations": sum(steps.values()), "duplicate_escalations": sum(n - 1 for n in steps.values()),
            "outbox": outbox, "outbox_due": due, "first": first, "last": last, "leases": leases}


def joined(db: Engine | str) -> dict[int, str]:
    """pid → daemon id, from the daemons table; empty while the schema does not exist yet."""
    from sqlalchemy.exc import ProgrammingError

    try:
        return daemon_ids(db)
    except ProgrammingError:
        return {}


def daemon_ids(db: Engine | str) -> dict[int, str]:
    """pid → daemon id, from the daemons table (an engine kept by the caller, or a URL)."""
    engine = make_engine(db) if isinstance(db, str) else db
    try:
        with engine.connect() as c:
            return dict(c.execute(text("SELECT pid, id FROM daemons")).all())
    finally:
        if isinstance(db, str):
            engine.dispose()


def lease_owners(url: str) -> dict[str, str | None]:
    """Each lease's live holder (None: free or expired), read once over a fresh connection."""
    engine = make_engine(url)
    try:
        return progress(engine)["live_leases"]
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- one run


def own_cpu() -> float:
    """This process's CPU seconds (the bench: its watching, the mock robot it serves)."""
    t = os.times()
    return t.user + t.system


async def run(n: int, daemons: int, admin_url: str, *, interval: float, keep: bool, kill: bool,
              sources: int = 12, partitions: int = 1,
              work: Path, seed: int = 7, timeout: float = 900.0) -> dict[str, Any]:
    import aiohttp

    bench0 = own_cpu()  # the process runs both passes: each counts its own
    url = await asyncio.to_thread(fresh_database, admin_url)
    engine = make_engine(url)  # one pooled connection watches the whole run
    http = aiohttp.ClientSession()
    robot_runner, robot = await start_robot("127.0.0.1", 0, MockState(rate_per_minute=1_000_000))
    robot_url = f"http://127.0.0.1:{robot_runner.addresses[0][1]}"
    config_dir = work / f"config-{daemons}"
    fleet = Fleet(config=Path(), database_url=url, logs=work / f"logs-{daemons}")
    # the config needs the mock's port and the mock needs the matrix: start it on a first copy
    fleet.config = write_config(config_dir, weibo_url="http://127.0.0.1:1/2/", robot_url=robot_url,
                                sources=sources, interval=interval, heartbeat=interval / 3,
                                lease_seconds=interval, partitions=partitions)
    out: dict[str, Any] = {"database_url": url}

    async def mock_state() -> dict[str, Any]:
        async with http.get(weibo_url.replace("/2/", "/_mock/state")) as r:
            return await r.json()

    try:
        weibo_url = await fleet.start_mock(backlog=n, seed=seed)
        shutil.rmtree(config_dir)
        fleet.config = write_config(config_dir, weibo_url=weibo_url, robot_url=robot_url, sources=sources,
                                    interval=interval, heartbeat=interval / 3, lease_seconds=interval,
                                    partitions=partitions)
        items = (await mock_state())["items"]
        for _ in range(daemons):  # started together on an empty database: one migrates
            await fleet.start_daemon()
        deadline = time.monotonic() + timeout
        while len(await asyncio.to_thread(joined, engine)) < daemons:
            if any(p.returncode is not None for p in fleet.daemons):
                raise RuntimeError(f"a daemon exited while starting: see {fleet.logs}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the daemons did not start: see {fleet.logs}")
            await asyncio.sleep(0.2)
        # what the start cost (dictionaries, models, the mock's backlog), apart from the work:
        # a daemon joins once it has warmed up, before its first poll
        pg_cpu: dict[int, float] = {}
        await asyncio.to_thread(backend_cpu, engine, pg_cpu)
        start = {"daemons": [cpu_seconds(p.pid) for p in fleet.daemons],
                 "mock": cpu_seconds(fleet.mock.pid) if fleet.mock else 0.0,
                 "postgres": sum(pg_cpu.values()), "bench": own_cpu() - bench0}
        killed_at = takeover = None
        cpu_dead = 0.0
        pg_sampled = 0.0
        lock_waits = samples = 0
        waiting_in: Counter[str] = Counter()
        while time.monotonic() < deadline:
            # after the kill the take-over is timed to a tenth of a second; else twice a second
            await asyncio.sleep(0.1 if killed_at is not None and takeover is None else 0.5)
            if time.monotonic() - pg_sampled >= 1.0:
                lock_waits += await asyncio.to_thread(backend_cpu, engine, pg_cpu, waiting_in)
                samples += 1
                pg_sampled = time.monotonic()
            t = await asyncio.to_thread(progress, engine, items)
            if any(p.returncode not in (None, -signal.SIGKILL) for p in fleet.daemons):
                raise RuntimeError(f"a daemon exited: see {fleet.logs}")
            if kill and killed_at is None and t["stored"] >= items // 2:
                ids = await asyncio.to_thread(joined, engine)
                owners = Counter(o for name, o in t["leases"].items() if o and name.startswith("source:"))
                victim_id = owners.most_common(1)[0][0]
                victim = next(p for p in fleet.daemons if ids.get(p.pid) == victim_id)
                held = sorted(name for name, o in t["leases"].items() if o == victim_id)
                cpu_dead = cpu_seconds(victim.pid)
                victim.kill()
                killed_at = time.monotonic()
                out["killed_wall"] = dt.datetime.now(dt.UTC)
                out["killed"] = {"daemon": victim_id, "leases": held}
                continue
            if killed_at is not None and takeover is None:
                if all(t["live_leases"].get(name) not in (None, out["killed"]["daemon"])
                       for name in out["killed"]["leases"]):
                    takeover = time.monotonic() - killed_at
            if t["stored"] < items:
                continue  # the mock's state is asked only once the backlog could be stored
            state = await mock_state()
            if (t["stored"] >= state["served"] and state["served"] >= items
                    and (not kill or takeover is not None) and t["outbox_due"] == 0):
                break
        else:  # say which condition never came true, and keep the database to look at
            keep = True
            t = await asyncio.to_thread(tally, engine)
            state = await mock_state()
            raise RuntimeError(
                f"not finished within {timeout:.0f} s: stored {t['stored']} of {state['served']} served "
                f"({items} waiting), take-over {'seen' if takeover is not None else 'not seen'}, outbox "
                f"{json.dumps(t['outbox'])} ({t['outbox_due']} due); database kept: {url}; logs: {fleet.logs}")
        await asyncio.sleep(interval * 2)  # let a last sweep and delivery round happen
        await asyncio.to_thread(backend_cpu, engine, pg_cpu)
        cpu = {"daemons": [round(cpu_dead if p.returncode is not None else cpu_seconds(p.pid), 1)
                           for p in fleet.daemons],
               "mock": round(cpu_seconds(fleet.mock.pid), 1) if fleet.mock else 0.0,
               "postgres": round(sum(pg_cpu.values()), 1), "bench": round(own_cpu() - bench0, 1)}
        codes = await fleet.stop()
        t = await asyncio.to_thread(tally, engine)
        counters = await asyncio.to_thread(pg_counters, engine)
        reads = await asyncio.to_thread(table_reads, engine)
        same_text = Counter((m.robot, m.content) for m in robot.messages)
        sent = delivery_count(robot.messages, out.get("killed_wall"))
        span = (t["last"] - t["first"]).total_seconds() if t["first"] else 0.0
        out.update({
            "items": items, "served": state["served"], "stored": t["stored"], "cases": t["cases"],
            "duplicate_mentions": t["duplicate_mentions"], "stranded": t["stranded"], "events": t["events"],
            "deliveries": len(robot.messages), **sent,
            "same_text_deliveries": sum(c - 1 for c in same_text.values()),
            "escalations": t["escalations"], "duplicate_escalations": t["duplicate_escalations"],
            "outbox": t["outbox"], "takeover_s": takeover, "seconds": span,
            "mentions_per_s": t["stored"] / span if span else 0.0, "exit_codes": codes,
            "leases_left_held": sum(1 for o in t["leases"].values() if o),
            "cpu_s": cpu, "daemon_start": [round(c, 1) for c in start["daemons"]], "cpu_start_s": {k: (round(sum(v), 1) if isinstance(v, list) else round(v, 1))
                                          for k, v in start.items()},
            "cpu_per_1000": cpu_per_1000(cpu, start, t["stored"]),
            "lost_work": log_counts(fleet.logs),
            "cpu_ms_per_mention": per_mention(cpu, t["stored"]),
            "pg": {**counters, "lock_wait_samples": lock_waits, "samples": samples},
            "statements": statement_counts(fleet.logs),
            "waiting_in": dict(waiting_in.most_common(6)), "table_reads": reads,
        })
    finally:
        await fleet.stop()
        await robot_runner.cleanup()
        await http.close()
        engine.dispose()
        if not keep:
            await asyncio.to_thread(drop_database, admin_url, url)
    return out


def cpu_per_1000(cpu: dict[str, Any], start: dict[str, Any], stored: int) -> dict[str, float]:
    """CPU seconds per 1,000 stored mentions of each kind of process, the start left out (a
    daemon's dictionaries and models, the mock's backlog: paid once, not per mention)."""
    work = {"daemons": sum(cpu["daemons"]) - sum(start["daemons"]),
            "postgres": cpu["postgres"] - start["postgres"],
            "mock": cpu["mock"] - start["mock"],
            "bench": cpu["bench"] - start["bench"]}
    per = {k: round(max(0.0, v) / max(1, stored) * 1000, 2) for k, v in work.items()}
    per["all"] = round(sum(per.values()), 2)
    return per


def ceiling(x: dict[str, Any], cpus: int) -> float:
    """The most mentions a second ``cpus`` cores allow at the run's CPU cost per mention (all
    processes, starts left out): what the daemons could reach if nothing ever waited."""
    per = x["cpu_per_1000"]["all"]
    return round(cpus * 1000 / per, 1) if per else 0.0


def per_thousand_pg(x: dict[str, Any]) -> dict[str, float]:
    """PostgreSQL's counters and the daemons' statements, per 1,000 stored mentions."""
    k = 1000 / max(1, x["stored"])
    pg = x["pg"]
    return {"statements": round(sum(x["statements"].values()) * k, 1),
            "commits": round(pg["commits"] * k, 1), "rollbacks": round(pg["rollbacks"] * k, 1),
            "rows_read": round((pg["rows_returned"] + pg["rows_fetched"]) * k),
            "rows_written": round((pg["rows_inserted"] + pg["rows_updated"] + pg["rows_deleted"]) * k),
            "deadlocks": pg["deadlocks"], "lock_wait_samples": pg["lock_wait_samples"]}


def cpu_rows(many: dict[str, Any], one: dict[str, Any], cpus: int) -> list[tuple[str, Any, Any]]:
    """The per-process CPU table: where each run's CPU went, per 1,000 mentions, and the ceiling
    it implies on ``cpus`` cores. On a shared machine the wall figures swing with the others'
    load; what each mention cost each process, and so the limit, much less."""
    rows: list[tuple[str, Any, Any]] = [("-- CPU s per 1,000 mentions (start left out) --", "", "")]
    for key, label in (("daemons", "daemons"), ("postgres", "PostgreSQL backends*"),
                       ("mock", "mock platform (traffic, its API)"),
                       ("bench", "bench (watching, mock robot)"), ("all", "all")):
        rows.append((f"  {label}", many["cpu_per_1000"][key], one["cpu_per_1000"][key]))
    rows.append(("  per daemon (work / start, CPU s)",
                 ", ".join(f"{w - s:.1f}/{s:.1f}" for w, s in zip(many["cpu_s"]["daemons"], many["daemon_start"],
                                                                  strict=True)),
                 ", ".join(f"{w - s:.1f}/{s:.1f}" for w, s in zip(one["cpu_s"]["daemons"], one["daemon_start"],
                                                                  strict=True))))
    rows.append((f"ceiling on {cpus} cores (mentions/s) / reached", *(
        f"{ceiling(x, cpus):.0f} / {x['mentions_per_s'] / ceiling(x, cpus):.0%}" if ceiling(x, cpus) else "-"
        for x in (many, one))))
    rows.append(("-- PostgreSQL per 1,000 mentions --", "", ""))
    a, b = per_thousand_pg(many), per_thousand_pg(one)
    for key, label in (("statements", "statements sent by the daemons"), ("commits", "commits"),
                       ("rollbacks", "rollbacks"), ("rows_read", "rows read"),
                       ("rows_written", "rows written")):
        rows.append((f"  {label}", a[key], b[key]))
    rows.append(("  deadlocks / lock-wait samples**", f"{a['deadlocks']} / {a['lock_wait_samples']}",
                 f"{b['deadlocks']} / {b['lock_wait_samples']}"))
    return rows


def print_statements(many: dict[str, Any], one: dict[str, Any], top: int = 12) -> None:
    """The statement shapes the daemons sent most, per 1,000 mentions, cluster beside single."""
    k_many, k_one = 1000 / max(1, many["stored"]), 1000 / max(1, one["stored"])
    shapes = sorted(set(many["statements"]) | set(one["statements"]),
                    key=lambda q: -many["statements"].get(q, 0))[:top]
    print("statements per 1,000 mentions (cluster / single):")
    for q in shapes:
        print(f"  {many['statements'].get(q, 0) * k_many:8.1f} {one['statements'].get(q, 0) * k_one:8.1f}  {q}")
    print("waiting for a lock, samples (cluster / single):")
    for q in sorted(set(many["waiting_in"]) | set(one["waiting_in"]), key=lambda q: -many["waiting_in"].get(q, 0)):
        print(f"  {many['waiting_in'].get(q, 0):8d} {one['waiting_in'].get(q, 0):8d}  {q}")
    print("rows read per mention, by table (cluster / single):")
    for t in sorted(set(many["table_reads"]) | set(one["table_reads"]), key=lambda t: -many["table_reads"].get(t, 0)):
        print(f"  {many['table_reads'].get(t, 0) * k_many / 1000:8.0f} {one['table_reads'].get(t, 0) * k_one / 1000:8.0f}  {t}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--daemons", type=int, default=3)
    ap.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                    help="a PostgreSQL database; the runs use fresh databases beside it")
    ap.add_argument("--n", type=int, default=6000, help="items waiting on the mock platform")
    ap.add_argument("--interval", type=float, default=5.0, help="poll interval of every source (s)")
    ap.add_argument("--sources", type=int, default=12,
                    help="Weibo sources the matrix's accounts are split over (the unit daemons share)")
    ap.add_argument("--partitions", type=int, default=1,
                    help="lanes the hub's source is split into by its posts' authors (each its own "
                         "lease; each lane reads all the source's streams)")
    ap.add_argument("--single-first", action="store_true",
                    help="run the one-daemon pass first (alternate between repeats on a shared machine)")
    ap.add_argument("--keep", action="store_true", help="leave the databases for inspection")
    ap.add_argument("--no-kill", action="store_true",
                    help="kill no daemon: the cluster's throughput alone, without a take-over in it")
    args = ap.parse_args()
    if args.daemons < 2:
        ap.error("--daemons: at least 2 (one of them is killed half-way)")
    work = Path(f"/tmp/wenzheng-bench-daemons-{uuid.uuid4().hex[:6]}")
    load_before = os.getloadavg()[0]  # a shared machine: say how busy it was

    def cluster() -> dict[str, Any]:
        return asyncio.run(run(args.n, args.daemons, args.database_url, interval=args.interval,
                               sources=args.sources, partitions=args.partitions, keep=args.keep,
                               kill=not args.no_kill, work=work))

    def single() -> dict[str, Any]:
        return asyncio.run(run(args.n, 1, args.database_url, interval=args.interval,
                               sources=args.sources, partitions=args.partitions, keep=args.keep,
                               kill=False, work=work))

    if args.single_first:  # alternate the order between repeats: a shared machine's load drifts
        one = single()
        many = cluster()
    else:
        many = cluster()
        one = single()
    rows = [("daemons", f"{args.daemons}" + ("" if args.no_kill else " (one killed half-way)"), "1"),
            ("items waiting / served", f"{many['items']} / {many['served']}", f"{one['items']} / {one['served']}"),
            ("mentions stored", many["stored"], one["stored"]),
            ("cases", many["cases"], one["cases"]),
            ("mentions outside their thread's case", many["stranded"], one["stranded"]),
            ("events: reply / follow-up / feedback / risk",
             *("{reply} / {follow_up} / {feedback} / {risk}".format_map(Counter(x["events"]))
               for x in (many, one))),
            ("duplicate mentions", many["duplicate_mentions"], one["duplicate_mentions"]),
            ("alert messages / rows delivered", f"{many['deliveries']} / {many['rows_delivered']}",
             f"{one['deliveries']} / {one['rows_delivered']}"),
            ("rows delivered twice (at the kill)",
             f"{many['duplicate_deliveries']} ({many['duplicate_deliveries_at_kill']})",
             one["duplicate_deliveries"]),
            ("messages without a row ref", many["deliveries_without_ref"], one["deliveries_without_ref"]),
            ("messages repeating a text", many["same_text_deliveries"], one["same_text_deliveries"]),
            ("escalation steps (duplicates)", f"{many['escalations']} ({many['duplicate_escalations']})",
             f"{one['escalations']} ({one['duplicate_escalations']})"),
            ("outbox", json.dumps(many["outbox"]), json.dumps(one["outbox"])),
            ("take-over (s)", f"{many['takeover_s']:.2f} (poll interval {args.interval:g})"
             if many["takeover_s"] is not None else "- (none killed)", "-"),
            ("ingest span (s)", f"{many['seconds']:.1f}", f"{one['seconds']:.1f}"),
            ("mentions/s", f"{many['mentions_per_s']:.0f}", f"{one['mentions_per_s']:.0f}"),
            ("CPU s: daemons", " + ".join(map(str, many["cpu_s"]["daemons"])), one["cpu_s"]["daemons"][0]),
            ("CPU s: mock / PostgreSQL*", f"{many['cpu_s']['mock']} / {many['cpu_s']['postgres']}",
             f"{one['cpu_s']['mock']} / {one['cpu_s']['postgres']}"),
            ("CPU ms per mention: daemons / all", *(
                f"{x['cpu_ms_per_mention']['daemons']} / {x['cpu_ms_per_mention']['all']}" for x in (many, one))),
            ("leases lost / polls fenced", f"{many['lost_work']['lease.lost']} / {many['lost_work']['poll.lease_lost']}",
             f"{one['lost_work']['lease.lost']} / {one['lost_work']['poll.lease_lost']}"),
            ("batches retried (conflict)", many["lost_work"]["ingest.batch_conflict_retry"],
             one["lost_work"]["ingest.batch_conflict_retry"]),
            ("heads re-run (joined a writer)", many["lost_work"]["ingest.joined_concurrent_writer"],
             one["lost_work"]["ingest.joined_concurrent_writer"]),
            ("polls failed / batches bisected",
             f"{many['lost_work']['poll.failed']} / {many['lost_work']['ingest.batch_failed_isolating']}",
             f"{one['lost_work']['poll.failed']} / {one['lost_work']['ingest.batch_failed_isolating']}"),
            ("exit codes after SIGTERM", many["exit_codes"], one["exit_codes"]),
            ("leases still held after stop", many["leases_left_held"], one["leases_left_held"])]
    rows += cpu_rows(many, one, os.cpu_count() or 1)
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'cluster':<28}  single")
    for label, a, b in rows:
        print(f"{label:<{width}}  {a!s:<28}  {b}")
    print_statements(many, one)
    if "killed" in many:
        print(f"killed {many['killed']['daemon']} holding {', '.join(many['killed']['leases'])}")
    if args.keep:
        print(f"databases kept: {many['database_url']}  {one['database_url']}")
    print("* PostgreSQL: its backends for the run's database, sampled every second (the CPU s rows "
          "above include each daemon's start: loading dictionaries and models; the per-1,000 rows do "
          "not)\n** backends seen waiting for a lock, at the once-a-second samples (about "
          "backend-seconds of lock waits)")
    print(f"logs and configs: {work}")
    ratio = many["mentions_per_s"] / one["mentions_per_s"] if one["mentions_per_s"] else None
    print(json.dumps({
        "daemons": args.daemons, "n": args.n, "sources": args.sources, "partitions": args.partitions,
        "single_first": args.single_first, "items": many["items"],
        "served": many["served"], "stored": many["stored"], "cases": many["cases"],
        "duplicate_mentions": many["duplicate_mentions"], "stranded": many["stranded"],
        "single_daemon_stranded": one["stranded"], "events": many["events"],
        "single_daemon_events": one["events"],
        "duplicate_notifications": many["duplicate_deliveries"] + many["duplicate_escalations"],
        "duplicate_deliveries": many["duplicate_deliveries"],
        "duplicate_deliveries_at_kill": many["duplicate_deliveries_at_kill"],
        "deliveries_without_ref": many["deliveries_without_ref"],
        "takeover_s": round(many["takeover_s"], 2) if many["takeover_s"] is not None else None,
        "killed": not args.no_kill, "poll_interval_s": args.interval,
        "mentions_per_s": round(many["mentions_per_s"], 1),
        "single_daemon_mentions_per_s": round(one["mentions_per_s"], 1),
        "speedup": round(ratio, 2) if ratio else None,
        "single_daemon_served": one["served"], "single_daemon_stored": one["stored"],
        "cpus": os.cpu_count(), "load_before": load_before, "load_after": os.getloadavg()[0],
        "cpu_s": many["cpu_s"], "single_daemon_cpu_s": one["cpu_s"],
        "cpu_ms_per_mention": many["cpu_ms_per_mention"],
        "single_daemon_cpu_ms_per_mention": one["cpu_ms_per_mention"],
        "lost_work": many["lost_work"],
        "cpu_start_s": many["cpu_start_s"], "single_daemon_cpu_start_s": one["cpu_start_s"],
        "cpu_s_per_1000": many["cpu_per_1000"], "single_daemon_cpu_s_per_1000": one["cpu_per_1000"],
        "ceiling_mentions_per_s": ceiling(many, os.cpu_count() or 1),
        "single_daemon_ceiling_mentions_per_s": ceiling(one, os.cpu_count() or 1),
        "pg": per_thousand_pg(many), "single_daemon_pg": per_thousand_pg(one),
    }))


if __name__ == "__main__":
    main()
