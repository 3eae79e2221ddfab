"""The SLA sweep over a big backlog: does its cost follow the cases due, not the cases open?

Seeds ``--open`` open cases (default 100,000) received over the ``--days`` before ``--at`` (a
Tuesday morning, Beijing time), with set-based Core inserts: the cases with their lead
assignment, ``created`` and ``reply`` events (``--replied`` of them answered), and the ladder as
the sweeps of the past would have left it: each rung whose moment had passed recorded once
(``escalated`` events and the ``case_alerts`` ledger), 督办 set where due. Every clock is derived
by the real engine (:func:`monitor.sla.state.derive` on the shipped ``config/``) and each case's
``next_check_at`` by :func:`monitor.sla.attention.next_check`, exactly as the sweep stores it.
``--closed`` adds settled cases (they hold no ``next_check_at`` and stay out of the sweep's index).

Then it runs the real sweep as the daemon does (:func:`monitor.handling.sweep.sweep_in_chunks`, a
transaction per chunk; ``--whole``: :func:`monitor.handling.sweep.sweep`, the whole sweep in one
transaction, as before) every simulated minute for ``--minutes`` minutes from ``--at``, and prints each
sweep's cases checked, rungs recorded, SQL statements, wall and CPU time, and its transactions:
how many, the longest, and the longest from a first write to the commit (what holds SQLite's
write lock against the ingest). Then:

* **idle sweeps**: ``--idle`` sweeps again at the last minute, when nothing is due: what a sweep
  costs whatever the number of open cases (the index read, the transaction);
* **catch-up sweeps** (a daemon that stopped for a while): sweeps after gaps of 5 minutes, 15
  minutes, 1 and 3 hours, then to 23:59, each checking every case that fell due meanwhile (tens
  to thousands);
* **the midnight sweep**, timed on its own: every closure due that day breaches at 24:00 at
  once, the one spike a day of the ladder has.

``--writer`` runs another writer beside the catch-up and midnight sweeps (a one-row write every
0.2 s, as an ingest batch or a lease's renewal): how long its writes waited, and how many failed.

A line ``cpu ≈ a + b × checked`` fitted by least squares over every timed sweep says what a
sweep costs by itself (``a``) and per case due (``b``). ``--compare-open N`` (default 10,000; 0:
none) seeds N open cases the same way in a second database and times its idle and catch-up
sweeps too: if the sweep's cost followed the open cases, the fixed part would be ten times
larger at 100,000 than at 10,000; it follows the cases due when both are alike.

    .venv/bin/python bench/sweep.py [--open 100000] [--minutes 30] [--database-url URL] [--keep]

Read the CPU times and the statements: the machine is shared, and wall times swing with its load
(printed beside them). Target (issue 19): sweep p95 < 100 ms with 100,000 open cases (the minute
sweeps). Last line: one JSON object: backend, open_cases, closed_cases, sweeps, checked_mean,
checked_max, sweep_p50_ms, sweep_p95_ms, sweep_max_ms, sweep_cpu_p50_ms, sweep_cpu_p95_ms,
statements_p95, idle_cpu_ms, idle_statements, catchup (checked, cpu_ms, statements each),
cpu_fixed_ms, cpu_per_case_ms, midnight_checked, midnight_ms, midnight_cpu_ms,
midnight_statements, midnight_txns, midnight_longest_txn_ms, midnight_longest_write_ms,
minute_longest_txn_ms, longest_txn_ms, longest_write_ms, longest_txn_cpu_ms (this process's CPU
in a transaction, the largest: what the load does not inflate; on PostgreSQL the server's is not
counted), midnight_longest_txn_cpu_ms (catch-ups and midnight), midnight_writer (``--writer``:
writes, writes_failed, write_longest_ms; each catch-up has its own), mode, chunk, seed_s,
load1, and ``compare`` (the same figures at ``--compare-open``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.daemons import drop_database, fresh_database  # noqa: E402
from monitor.core.timeutil import SHANGHAI, UTC, parse_iso, show  # noqa: E402
from monitor.handling.sweep import sweep  # noqa: E402

try:  # a transaction per chunk, as the daemon sweeps (absent before issue 19's fifth session)
    from monitor.handling.sweep import CHUNK_COMMITTED, sweep_in_chunks  # noqa: E402
except ImportError:  # pragma: no cover - the bench run against an older tree, for a "before"
    sweep_in_chunks = CHUNK_COMMITTED = None  # type: ignore[assignment]
from monitor.sla.attention import CLOCKS, rung  # noqa: E402
from monitor.sla.engine import SlaEngine  # noqa: E402
from monitor.sla.state import derive  # noqa: E402
from monitor.store.context import open_app  # noqa: E402
from monitor.store.models import Assignment, Case, CaseAlert, CaseEvent  # noqa: E402

TYPES = ("consult", "complaint", "suggestion", "help", "report")
TYPE_W = (55, 25, 8, 8, 4)
CHUNK = 5_000


def fast_load(engine: Any) -> None:
    """Seeded data can be seeded again: SQLite skips fsyncs while loading (the sweeps too: the
    daemon's own SQLite settings are what open_app gives it, kept for the timed part)."""
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA cache_size=-131072")
            cur.close()


def seed(app: Any, engine: SlaEngine, *, n_open: int, n_closed: int, days: float, replied: float,
         at: dt.datetime, rng: random.Random) -> dict[str, int]:
    """Insert the backlog in chunks of set-based statements; return what was written."""
    leads = [a.id for a in app.config.matrix.accounts if a.id != app.config.matrix.hub.id]
    span = days * 86400
    written = {"cases": 0, "events": 0, "alerts": 0, "supervised": 0}
    case_id = 0
    total = n_open + n_closed
    while case_id < total:
        cases, assignments, events, alerts = [], [], [], []
        for _ in range(min(CHUNK, total - case_id)):
            case_id += 1
            closed = case_id > n_open
            received = at - dt.timedelta(seconds=rng.random() * span)
            ctype = rng.choices(TYPES, TYPE_W)[0]
            lead = rng.choice(leads)
            evs = [SimpleNamespace(kind="created", at=received, data={})]
            if closed or rng.random() < replied:
                reply = min(received + dt.timedelta(minutes=rng.lognormvariate(3.5, 1.0)),
                            at - dt.timedelta(seconds=1))
                evs.append(SimpleNamespace(kind="reply", at=max(reply, received), data={"text": "已转办"}))
            if closed:
                evs.append(SimpleNamespace(kind="closed", at=max(evs[-1].at, received), data={}))
            state = derive(SimpleNamespace(received_at=received, type=ctype), evs, engine.rules, at)
            done: set[tuple[str, str, str]] = set()
            supervised = None
            for clock in CLOCKS:
                due, cs = state.due(clock), state.clock_state(clock)
                if due is None or cs not in ("at_risk", "breached"):
                    continue
                risk_at = (state.first_response_at_risk_at if clock == "first_response"
                           else state.closure_at_risk_at) or due
                steps = [("at_risk", risk_at)] + ([("breached", due)] if cs == "breached" else [])
                if cs == "breached" and supervised is None and at >= due + engine.wait:
                    supervised = due + engine.wait
                    steps.append(("supervision", supervised))
                for level, when in steps:
                    done.add(rung(clock, level, due))
                    data = {"level": level, "clock": clock, "due": rung(clock, level, due)[2],
                            "accounts": [lead]}
                    evs.append(SimpleNamespace(kind="escalated", at=when, data=data))
                    alerts.append({"case_id": case_id, "reason": clock, "level": level,
                                   "deadline": data["due"], "at": when})
            case = SimpleNamespace(supervised_at=supervised)
            cases.append({
                "id": case_id, "platform": "weibo", "channel": "weibo", "root_external_id": f"s{case_id}",
                "citizen_id": f"u{rng.randrange(50_000)}", "citizen_name": "市民", "url": None,
                "text": f"小区门口路灯坏了很久没人修，希望尽快处理（{case_id}）",
                "received_at": received, "status": state.status, "type": ctype, "domain": "城乡建设",
                "subtopic": None, "region": None, "street": None, "risk": [], "keywords": [],
                "evidence": {}, "lead_account_id": lead, "joint": False,
                "first_response_at": state.first_response_at, "first_response_due": state.first_response_due,
                "first_response_state": state.first_response_state, "closure_due": state.closure_due,
                "closure_state": state.closure_state, "closed_at": state.closed_at,
                "supervised_at": supervised, "satisfaction": None, "metrics": {}, "cluster_sig": {},
                "next_check_at": engine.next_check(case, state, done=done),  # type: ignore[arg-type]
                "last_activity_at": evs[-1].at, "created_at": received, "updated_at": received,
            })
            assignments.append({"case_id": case_id, "account_id": lead, "role": "lead",
                                "assigned_at": received, "active": True, "rule": "bench"})
            events += [{"case_id": case_id, "kind": e.kind, "at": e.at, "actor": "system",
                        "account_id": lead if e.kind == "reply" else None, "mention_id": None,
                        "data": e.data, "recorded_at": e.at} for e in evs]
            written["supervised"] += supervised is not None
        # Core on the tables, not the ORM's bulk insert: that one drops None values (a case with
        # nothing due would get the column's "check at once" default instead of NULL)
        with app.engine.begin() as conn:
            conn.execute(insert(Case.__table__), cases)
            conn.execute(insert(Assignment.__table__), assignments)
            conn.execute(insert(CaseEvent.__table__), events)
            if alerts:
                conn.execute(insert(CaseAlert.__table__), alerts)
        written["cases"] += len(cases)
        written["events"] += len(events)
        written["alerts"] += len(alerts)
    with app.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    return written


class Statements:
    """Counts the statements the engine sends (an ``executemany`` is one), by an engine listener,
    and times its transactions: from ``begin`` to ``commit``/``rollback`` (the longest, per sweep,
    in wall time and in this process's CPU),
    and from a transaction's first write (``INSERT``/``UPDATE``/``DELETE``) to its end: what
    holds SQLite's one write lock, and PostgreSQL's row locks, against every other writer."""

    def __init__(self, engine: Any) -> None:
        self.n = 0
        self.txns = 0
        self.longest_txn = 0.0  # seconds, since the last reset()
        self.longest_write = 0.0
        self.longest_txn_cpu = 0.0  # this process's CPU inside the longest-running transaction
        self._begun: dict[int, float] = {}
        self._cpu: dict[int, float] = {}
        self._wrote: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._count)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def reset(self) -> None:
        self.txns, self.longest_txn, self.longest_write, self.longest_txn_cpu = 0, 0.0, 0.0, 0.0

    def _count(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.n += 1
        if id(conn) in self._begun and id(conn) not in self._wrote and \
                statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self._wrote[id(conn)] = time.perf_counter()

    def _begin(self, conn: Any) -> None:
        self._begun[id(conn)] = time.perf_counter()
        self._cpu[id(conn)] = time.process_time()

    def _end(self, conn: Any) -> None:
        t = time.perf_counter()
        began = self._begun.pop(id(conn), None)
        wrote = self._wrote.pop(id(conn), None)
        cpu = self._cpu.pop(id(conn), None)
        if began is not None:
            self.txns += 1
            self.longest_txn = max(self.longest_txn, t - began)
        if cpu is not None:
            self.longest_txn_cpu = max(self.longest_txn_cpu, time.process_time() - cpu)
        if wrote is not None:
            self.longest_write = max(self.longest_write, t - wrote)


def timed_sweep(app: Any, engine: SlaEngine, now: dt.datetime, counter: Statements | None = None, *,
                whole: bool = False, chunk: int | None = None) -> tuple[int, int, float, float, int]:
    """One sweep as the daemon runs it (a transaction per chunk; ``whole``: the sweep in one
    transaction, as before issue 19's fifth session): checked, steps, wall ms, CPU ms, statements.
    The transactions are in ``counter`` (``last``)."""
    n0 = counter.n if counter is not None else 0
    if counter is not None:
        counter.reset()
    t0, c0 = time.perf_counter(), time.process_time()
    if whole or sweep_in_chunks is None:
        with app.sessions.begin() as s:
            report = sweep(s, engine, now=now, config=app.config)
    else:
        report = sweep_in_chunks(app.sessions, engine, now=now, config=app.config,
                                 **({"chunk": chunk} if chunk else {}))
    out = (report.checked, len(report.steps), (time.perf_counter() - t0) * 1000,
           (time.process_time() - c0) * 1000, (counter.n if counter is not None else 0) - n0)
    if counter is not None:
        counter.last = {"txns": counter.txns, "longest_txn_ms": round(counter.longest_txn * 1000, 1),
                        "longest_txn_cpu_ms": round(counter.longest_txn_cpu * 1000, 1),
                        "longest_write_ms": round(counter.longest_write * 1000, 1)}
    return out


class Writer:
    """Another writer beside the sweeps (``--writer``): every ``every`` seconds a one-row write in
    its own transaction, on an engine of its own (its statements and transactions are not the
    sweep's), as an ingest batch's commit or a lease's renewal would be. Counts the writes, those
    that failed (SQLite's ``database is locked`` once its 10 s ``busy_timeout`` ran out) and the
    longest a write took, lock wait included."""

    def __init__(self, url: str, every: float = 0.2) -> None:
        import threading

        from sqlalchemy.orm import sessionmaker

        from monitor.store.db import make_engine
        from monitor.store.leases import ensure_leases
        from monitor.store.models import Lease

        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine)
        self.every, self.lease = every, Lease
        with self.sessions.begin() as s:
            ensure_leases(s, ["bench:writer"])
        self.stop_flag = threading.Event()
        self.reset()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.writes, self.failed, self.longest = 0, 0, 0.0

    def figures(self) -> dict[str, Any]:
        return {"writes": self.writes, "writes_failed": self.failed,
                "write_longest_ms": round(self.longest * 1000, 1)}

    def _run(self) -> None:
        from sqlalchemy import update

        from monitor.store.models import utcnow

        while not self.stop_flag.wait(self.every):
            t0 = time.perf_counter()
            try:
                with self.sessions.begin() as s:
                    s.execute(update(self.lease).where(self.lease.name == "bench:writer")
                              .values(renewed_at=utcnow()))
            except Exception:  # noqa: BLE001 - a failed write is what is counted
                self.failed += 1
            self.writes += 1
            self.longest = max(self.longest, time.perf_counter() - t0)

    def close(self) -> None:
        self.stop_flag.set()
        self.thread.join()
        self.engine.dispose()


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares ``y = a + b x`` over (x, y) points: (a, b)."""
    xs, ys = [float(x) for x, _ in points], [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


ROW = "{}{:>8}{:>7}{:>6}{:>9}{:>8}{:>10}{:>5}{:>10}{:>10}"
LABEL = 30


def pad(label: str) -> str:
    """``label`` padded to :data:`LABEL` columns as a terminal shows it (a Chinese character
    takes two)."""
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)
    return label + " " * max(LABEL - width, 1)


HEAD = ROW.format(pad("sweep at (北京时间)"), "checked", "rungs", "sql", "wall_ms", "cpu_ms", "cpu/case",
                  "txns", "txn_max", "write_max")


def line(label: str, n: int, steps: int, wall: float, cpu: float, stmts: int,
         txn: dict[str, Any] | None = None) -> str:
    per = f"{cpu / n:.2f}" if n else "-"
    t = txn or {}
    return ROW.format(pad(label), n, steps, stmts, f"{wall:.1f}", f"{cpu:.1f}", per, t.get("txns", "-"),
                      t.get("longest_txn_ms", "-"), t.get("longest_write_ms", "-"))


def p(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method: no extrapolation beyond the largest sweep)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


CATCH_UP = (5, 15, 60, 180)  # minutes a stopped daemon was away, one after the other


def run(args: argparse.Namespace, work: Path, n_open: int, *, minutes: int) -> dict[str, Any]:
    """Seed ``n_open`` open cases, time ``minutes`` minute sweeps, the idle, catch-up and midnight
    sweeps; print the table and return the figures."""
    admin = None
    url = args.database_url or f"sqlite:///{work}/sweep-{n_open}.db"
    if make_url(url).get_backend_name() == "postgresql":
        admin, url = url, fresh_database(url)
    try:
        app = open_app(ROOT / "config" / "wenzheng.toml", database_url=url)
        fast_load(app.engine)
        app.engine.dispose()  # the pragmas apply to connections opened from here on
        engine = SlaEngine.from_config(app.config)
        at = parse_iso(args.at).astimezone(UTC)
        t0 = time.perf_counter()
        written = seed(app, engine, n_open=n_open, n_closed=args.closed, days=args.days,
                       replied=args.replied, at=at, rng=random.Random(args.seed))
        seed_s = time.perf_counter() - t0
        with app.sessions() as s:
            open_cases = s.scalar(select(func.count()).select_from(Case).where(Case.status != "closed"))
            waiting = s.scalar(select(func.count()).select_from(Case).where(Case.next_check_at.is_not(None)))
        print(f"seeded {written['cases']} cases ({open_cases} open, {written['supervised']} under 督办), "
              f"{written['events']} events, {written['alerts']} recorded rungs in {seed_s:.1f} s "
              f"({make_url(url).get_backend_name()}); {waiting} cases hold a next check", flush=True)
        counter = Statements(app.engine)

        print(HEAD, flush=True)
        walls, cpus, checked, stmts, points = [], [], [], [], []
        minute_txn = 0.0
        now = at
        for minute in range(1, minutes + 1):
            now = at + dt.timedelta(minutes=minute)
            n, steps, wall, cpu, k = timed_sweep(app, engine, now, counter, whole=args.whole, chunk=args.chunk)
            minute_txn = max(minute_txn, counter.last["longest_txn_ms"])
            walls.append(wall)
            cpus.append(cpu)
            checked.append(n)
            stmts.append(k)
            if minute > 1:  # the first sweep pays for warming up (statements compiled, caches)
                points.append((n, cpu))
            print(line(show(now), n, steps, wall, cpu, k, counter.last), flush=True)

        idle = [timed_sweep(app, engine, now, counter, whole=args.whole, chunk=args.chunk)
                for _ in range(args.idle)]
        idle_cpu = statistics.median(r[3] for r in idle)
        print(line(f"{show(now)} 空转×{args.idle}", 0, 0, statistics.median(r[2] for r in idle),
                   idle_cpu, idle[-1][4]), flush=True)
        points += [(0, r[3]) for r in idle]

        # catch-up: a daemon away for a while, then back; the last one runs to 23:59
        local = at.astimezone(SHANGHAI)
        midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=SHANGHAI)
        catchup = []
        writer = Writer(url) if args.writer else None
        for gap in (*CATCH_UP, None):
            now = (midnight - dt.timedelta(minutes=1)).astimezone(UTC) if gap is None else \
                now + dt.timedelta(minutes=gap)
            if writer is not None:
                writer.reset()
            n, steps, wall, cpu, k = timed_sweep(app, engine, now, counter, whole=args.whole, chunk=args.chunk)
            label = f"{show(now)} (+{gap} 分)" if gap is not None else f"{show(now)} (至23:59)"
            print(line(label, n, steps, wall, cpu, k, counter.last), flush=True)
            catchup.append({"gap_min": gap, "checked": n, "cpu_ms": round(cpu, 1), "wall_ms": round(wall, 1),
                            "statements": k, **counter.last, **(writer.figures() if writer else {})})
            points.append((n, cpu))
        a, b = fit(points)
        if writer is not None:
            writer.reset()
        m_checked, m_steps, m_wall, m_cpu, m_k = timed_sweep(
            app, engine, (midnight + dt.timedelta(seconds=1)).astimezone(UTC), counter, whole=args.whole,
            chunk=args.chunk)
        m_txn = dict(counter.last)
        if writer is not None:
            m_txn.update(writer.figures())
            writer.close()
            print(f"beside the midnight sweep: {writer.writes} writes, {writer.failed} failed, the longest "
                  f"{writer.longest * 1000:.1f} ms", flush=True)
        print(line(f"{show(midnight)} (午夜)", m_checked, m_steps, m_wall, m_cpu, m_k, m_txn))
        print(f"fit over {len(points)} sweeps (midnight apart): cpu ≈ {a:.1f} ms + {b:.2f} ms × cases "
              f"checked", flush=True)
        app.engine.dispose()
    finally:
        if admin is not None and not args.keep:
            drop_database(admin, url)
    return {
        "backend": make_url(url).get_backend_name(), "open_cases": open_cases, "closed_cases": args.closed,
        "sweeps": len(walls), "checked_mean": round(statistics.fmean(checked), 1) if checked else 0,
        "checked_max": max(checked, default=0),
        "sweep_p50_ms": round(p(walls, 50), 1) if walls else None,
        "sweep_p95_ms": round(p(walls, 95), 1) if walls else None,
        "sweep_max_ms": round(max(walls), 1) if walls else None,
        "sweep_cpu_p50_ms": round(p(cpus, 50), 1) if cpus else None,
        "sweep_cpu_p95_ms": round(p(cpus, 95), 1) if cpus else None,
        "statements_p95": round(p([float(k) for k in stmts], 95), 1) if stmts else None,
        "idle_cpu_ms": round(idle_cpu, 1), "idle_statements": idle[-1][4],
        "catchup": catchup, "cpu_fixed_ms": round(a, 1), "cpu_per_case_ms": round(b, 3),
        "midnight_checked": m_checked, "midnight_ms": round(m_wall, 1), "midnight_cpu_ms": round(m_cpu, 1),
        "midnight_statements": m_k, "midnight_txns": m_txn["txns"],
        "midnight_longest_txn_ms": m_txn["longest_txn_ms"], "midnight_longest_write_ms": m_txn["longest_write_ms"],
        "minute_longest_txn_ms": minute_txn,
        "midnight_writer": {k: m_txn[k] for k in ("writes", "writes_failed", "write_longest_ms") if k in m_txn},
        "longest_txn_ms": max([minute_txn, m_txn["longest_txn_ms"], *(c["longest_txn_ms"] for c in catchup)]),
        "longest_write_ms": max([m_txn["longest_write_ms"], *(c["longest_write_ms"] for c in catchup)]),
        "longest_txn_cpu_ms": max([m_txn["longest_txn_cpu_ms"], *(c["longest_txn_cpu_ms"] for c in catchup)]),
        "midnight_longest_txn_cpu_ms": m_txn["longest_txn_cpu_ms"],
        "mode": "whole" if args.whole or sweep_in_chunks is None else "chunks",
        "chunk": None if args.whole or sweep_in_chunks is None else (args.chunk or CHUNK_COMMITTED),
        "seed_s": round(seed_s, 1), "load1": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--open", type=int, default=100_000, help="open cases to seed")
    ap.add_argument("--closed", type=int, default=0, help="closed cases to seed beside them")
    ap.add_argument("--days", type=float, default=10.0, help="the open cases arrived over these days")
    ap.add_argument("--replied", type=float, default=0.6, help="share of open cases answered once")
    ap.add_argument("--at", default="2026-03-17T10:00", help="when the sweeps start (Beijing time)")
    ap.add_argument("--minutes", type=int, default=30, help="minute sweeps to time")
    ap.add_argument("--idle", type=int, default=5, help="sweeps with nothing due to time")
    ap.add_argument("--compare-open", type=int, default=10_000,
                    help="a second database with this many open cases, for comparison (0: none)")
    ap.add_argument("--database-url", default=None,
                    help="default: a fresh SQLite file; PostgreSQL: a fresh database beside this one")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--chunk", type=int, default=None,
                    help="cases a transaction of the daemon's sweep (default: its CHUNK_COMMITTED)")
    ap.add_argument("--writer", action="store_true",
                    help="another writer beside the catch-up and midnight sweeps: its waits and failures")
    ap.add_argument("--whole", action="store_true",
                    help="each sweep in one transaction, as before the daemon committed chunk by chunk")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(args, Path(tmp), args.open, minutes=args.minutes)
        small = None
        if args.compare_open:
            print(f"\n--- for comparison: {args.compare_open} open cases, the same clocks ---", flush=True)
            small = run(args, Path(tmp), args.compare_open, minutes=args.minutes)
    print()
    print(f"{'open cases':<12}{'min p50':>9}{'min p95':>9}{'cpu p95':>9}{'idle cpu':>10}{'fixed':>8}"
          f"{'per case':>10}{'midnight':>10}{'cases':>8}   (ms; wall, then CPU)")
    for f in (figures, small):
        if f is not None:
            print(f"{f['open_cases']:<12}{f['sweep_p50_ms']:>9}{f['sweep_p95_ms']:>9}{f['sweep_cpu_p95_ms']:>9}"
                  f"{f['idle_cpu_ms']:>10}{f['cpu_fixed_ms']:>8}{f['cpu_per_case_ms']:>10}"
                  f"{f['midnight_cpu_ms']:>10}{f['midnight_checked']:>8}")
    print(f"{figures['open_cases']} open cases ({figures['backend']}): sweep p50 {figures['sweep_p50_ms']} ms, "
          f"p95 {figures['sweep_p95_ms']} ms (CPU {figures['sweep_cpu_p95_ms']} ms), max "
          f"{figures['sweep_max_ms']} ms over {figures['sweeps']} minute sweeps ({figures['checked_mean']} "
          f"cases checked on average); midnight {figures['midnight_ms']} ms for {figures['midnight_checked']} "
          f"cases; load {figures['load1']}")
    print("target: sweep_p95_ms < 100 with 100,000 open cases")
    if small is not None:
        figures["compare"] = {k: small[k] for k in (
            "open_cases", "checked_mean", "sweep_p50_ms", "sweep_p95_ms", "sweep_cpu_p95_ms", "idle_cpu_ms",
            "idle_statements", "cpu_fixed_ms", "cpu_per_case_ms", "midnight_checked", "midnight_cpu_ms")}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
