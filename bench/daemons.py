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
from sqlalchemy.engine import make_url  # noqa: E402

from adapters.notify.mockbase import MockState, refs  # noqa: E402
from adapters.notify.wecom.mock import start_mock as start_robot  # noqa: E402
from adapters.weibo.mock import demo_token_env  # noqa: E402
from monitor.core.config import Config  # noqa: E402
from monitor.store.db import make_engine  # noqa: E402
from monitor.store.models import Case, CaseEvent, Lease, Mention, Notification  # noqa: E402

WENZHENG = [sys.executable, "-c", "from monitor.cli import main; main()"]


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
            *WENZHENG, "run", "--config", str(self.config), "--port", "0", cwd=ROOT, env=self.env,
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


def backend_cpu(url: str, seen: dict[int, float]) -> None:
    """Record in ``seen`` (pid → CPU seconds) the PostgreSQL backends connected to ``url``'s
    database now.

    Sampled through the run, not read once at the end: the backends of a killed daemon, and
    pooled connections closed meanwhile, are gone by then, and PostgreSQL's CPU is a large part
    of what the daemons cost (it was reported as 0.2 s for one daemon that made it spend 13 s).
    What a backend spent after its last sample is missed (under a second's worth)."""
    engine = make_engine(url)
    with engine.connect() as c:
        pids = [r[0] for r in c.execute(text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))]
    engine.dispose()
    for p in pids:
        now = cpu_seconds(p)
        if now:
            seen[p] = max(now, seen.get(p, 0.0))


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


def tally(url: str) -> dict[str, Any]:
    """Stored, cases, duplicates and the outbox, read straight from the database."""
    engine = make_engine(url)
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
    engine.dispose()
    return {"stored": stored, "duplicate_mentions": stored - distinct, "cases": cases, "stranded": stranded,
            "events": kinds,
            "escalations": sum(steps.values()), "duplicate_escalations": sum(n - 1 for n in steps.values()),
            "outbox": outbox, "outbox_due": due, "first": first, "last": last, "leases": leases}


def lease_owners(url: str) -> dict[str, str | None]:
    engine = make_engine(url)
    with engine.connect() as c:
        now = c.execute(select(func.now())).scalar_one()
        rows = {r.name: (r.owner if r.expires_at is not None and r.expires_at >= now else None)
                for r in c.execute(select(Lease.name, Lease.owner, Lease.expires_at))}
    engine.dispose()
    return rows


def joined(url: str) -> dict[int, str]:
    """Like :func:`daemon_ids`, but empty while the schema does not exist yet."""
    from sqlalchemy.exc import ProgrammingError

    try:
        return daemon_ids(url)
    except ProgrammingError:
        return {}


def daemon_ids(url: str) -> dict[int, str]:
    """pid → daemon id, from the daemons table."""
    engine = make_engine(url)
    with engine.connect() as c:
        rows = dict(c.execute(text("SELECT pid, id FROM daemons")).all())
    engine.dispose()
    return rows


# ---------------------------------------------------------------------------- one run


async def run(n: int, daemons: int, admin_url: str, *, interval: float, keep: bool, kill: bool,
              sources: int = 12, partitions: int = 1,
              work: Path, seed: int = 7, timeout: float = 900.0) -> dict[str, Any]:
    url = await asyncio.to_thread(fresh_database, admin_url)
    robot_runner, robot = await start_robot("127.0.0.1", 0, MockState(rate_per_minute=1_000_000))
    robot_url = f"http://127.0.0.1:{robot_runner.addresses[0][1]}"
    config_dir = work / f"config-{daemons}"
    fleet = Fleet(config=Path(), database_url=url, logs=work / f"logs-{daemons}")
    # the config needs the mock's port and the mock needs the matrix: start it on a first copy
    fleet.config = write_config(config_dir, weibo_url="http://127.0.0.1:1/2/", robot_url=robot_url,
                                sources=sources, interval=interval, heartbeat=interval / 3,
                                lease_seconds=interval, partitions=partitions)
    out: dict[str, Any] = {"database_url": url}
    try:
        weibo_url = await fleet.start_mock(backlog=n, seed=seed)
        shutil.rmtree(config_dir)
        fleet.config = write_config(config_dir, weibo_url=weibo_url, robot_url=robot_url, sources=sources,
                                    interval=interval, heartbeat=interval / 3, lease_seconds=interval,
                                    partitions=partitions)
        items = (await mock_state(weibo_url))["items"]
        for _ in range(daemons):  # started together on an empty database: one migrates
            await fleet.start_daemon()
        deadline = time.monotonic() + timeout
        while len(await asyncio.to_thread(joined, url)) < daemons:
            if any(p.returncode is not None for p in fleet.daemons):
                raise RuntimeError(f"a daemon exited while starting: see {fleet.logs}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the daemons did not start: see {fleet.logs}")
            await asyncio.sleep(0.2)
        killed_at = takeover = None
        cpu_dead = 0.0
        pg_cpu: dict[int, float] = {}
        pg_sampled = 0.0
        while time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            if time.monotonic() - pg_sampled >= 1.0:
                await asyncio.to_thread(backend_cpu, url, pg_cpu)
                pg_sampled = time.monotonic()
            t = await asyncio.to_thread(tally, url)
            if any(p.returncode not in (None, -signal.SIGKILL) for p in fleet.daemons):
                raise RuntimeError(f"a daemon exited: see {fleet.logs}")
            if kill and killed_at is None and t["stored"] >= items // 2:
                ids = await asyncio.to_thread(daemon_ids, url)
                owners = Counter(o for name, o in t["leases"].items() if o and name.startswith("source:"))
                victim_id = owners.most_common(1)[0][0]
                victim = next(p for p in fleet.daemons if ids.get(p.pid) == victim_id)
                held = sorted(name for name, o in t["leases"].items() if o == victim_id)
                cpu_dead = cpu_seconds(victim.pid)
                victim.kill()
                killed_at = time.monotonic()
                out["killed_wall"] = dt.datetime.now(dt.UTC)
                out["killed"] = {"daemon": victim_id, "leases": held}
            if killed_at is not None and takeover is None:
                owners_now = await asyncio.to_thread(lease_owners, url)
                if all(owners_now.get(name) not in (None, out["killed"]["daemon"])
                       for name in out["killed"]["leases"]):
                    takeover = time.monotonic() - killed_at
            state = await mock_state(weibo_url)
            if (t["stored"] >= state["served"] and state["served"] >= items
                    and (not kill or takeover is not None) and t["outbox_due"] == 0):
                break
        else:  # say which condition never came true, and keep the database to look at
            keep = True
            raise RuntimeError(
                f"not finished within {timeout:.0f} s: stored {t['stored']} of {state['served']} served "
                f"({items} waiting), take-over {'seen' if takeover is not None else 'not seen'}, outbox "
                f"{json.dumps(t['outbox'])} ({t['outbox_due']} due); database kept: {url}; logs: {fleet.logs}")
        await asyncio.sleep(interval * 2)  # let a last sweep and delivery round happen
        cpu = {"daemons": [round(cpu_dead if p.returncode is not None else cpu_seconds(p.pid), 1)
                           for p in fleet.daemons],
               "mock": round(cpu_seconds(fleet.mock.pid), 1) if fleet.mock else 0.0,
               "postgres": round(await asyncio.to_thread(lambda: backend_cpu(url, pg_cpu) or sum(pg_cpu.values())), 1)}
        codes = await fleet.stop()
        t = await asyncio.to_thread(tally, url)
        state_after = (t, state)
        same_text = Counter((m.robot, m.content) for m in robot.messages)
        sent = delivery_count(robot.messages, out.get("killed_wall"))
        span = (t["last"] - t["first"]).total_seconds() if t["first"] else 0.0
        out.update({
            "items": items, "served": state_after[1]["served"], "stored": t["stored"], "cases": t["cases"],
            "duplicate_mentions": t["duplicate_mentions"], "stranded": t["stranded"], "events": t["events"],
            "deliveries": len(robot.messages), **sent,
            "same_text_deliveries": sum(c - 1 for c in same_text.values()),
            "escalations": t["escalations"], "duplicate_escalations": t["duplicate_escalations"],
            "outbox": t["outbox"], "takeover_s": takeover, "seconds": span,
            "mentions_per_s": t["stored"] / span if span else 0.0, "exit_codes": codes,
            "leases_left_held": sum(1 for o in t["leases"].values() if o),
            "cpu_s": cpu, "lost_work": log_counts(fleet.logs),
            "cpu_ms_per_mention": per_mention(cpu, t["stored"]),
        })
    finally:
        await fleet.stop()
        await robot_runner.cleanup()
        if not keep:
            await asyncio.to_thread(drop_database, admin_url, url)
    return out


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
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'cluster':<28}  single")
    for label, a, b in rows:
        print(f"{label:<{width}}  {a!s:<28}  {b}")
    if "killed" in many:
        print(f"killed {many['killed']['daemon']} holding {', '.join(many['killed']['leases'])}")
    if args.keep:
        print(f"databases kept: {many['database_url']}  {one['database_url']}")
    print("* PostgreSQL: its backends for the run's database, sampled every second (daemons' CPU "
          "includes each one's start: loading dictionaries and models)")
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
    }))


if __name__ == "__main__":
    main()
