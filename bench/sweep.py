"""The SLA sweep over a big backlog: does its cost follow the cases due, not the cases open?

Seeds ``--open`` open cases (default 100,000) received over the ``--days`` before ``--at`` (a
Tuesday morning, Beijing time), with set-based Core inserts: the cases with their lead
assignment, ``created`` and ``reply`` events (``--replied`` of them answered), and the ladder as
the sweeps of the past would have left it: each rung whose moment had passed recorded once
(``escalated`` events and the ``case_alerts`` ledger), 督办 set where due. Every clock is derived
by the real engine (:func:`monitor.sla.state.derive` on the shipped ``config/``) and each case's
``next_check_at`` by :func:`monitor.sla.attention.next_check`, exactly as the sweep stores it.
``--closed`` adds settled cases (they hold no ``next_check_at`` and stay out of the sweep's index).

Then it runs the real sweep (:func:`monitor.handling.sweep.sweep`, one transaction each, as the
daemon does) every simulated minute for ``--minutes`` minutes from ``--at``, and prints each
sweep's cases checked, rungs recorded, wall and CPU time. Last, a catch-up sweep to 23:59
(untimed) and the midnight sweep, timed on its own: every closure due that day breaches at 24:00
at once, the one spike a day of the ladder has.

    .venv/bin/python bench/sweep.py [--open 100000] [--minutes 30] [--database-url URL] [--keep]

Target (issue 19): sweep p95 < 100 ms with 100,000 open cases (the minute sweeps; wall time, the
machine's load is printed beside it). Last line: one JSON object: backend, open_cases,
closed_cases, sweeps, checked_mean, checked_max, sweep_p50_ms, sweep_p95_ms, sweep_max_ms,
sweep_cpu_p95_ms, midnight_checked, midnight_ms, seed_s, load1.
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


def timed_sweep(app: Any, engine: SlaEngine, now: dt.datetime) -> tuple[int, int, float, float]:
    """One sweep in its own transaction, as the daemon runs it: checked, steps, wall ms, CPU ms."""
    t0, c0 = time.perf_counter(), time.process_time()
    with app.sessions.begin() as s:
        report = sweep(s, engine, now=now, config=app.config)
    return (report.checked, len(report.steps), (time.perf_counter() - t0) * 1000,
            (time.process_time() - c0) * 1000)


def p(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method: no extrapolation beyond the largest sweep)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    admin = None
    url = args.database_url or f"sqlite:///{work}/sweep.db"
    if make_url(url).get_backend_name() == "postgresql":
        admin, url = url, fresh_database(url)
    try:
        app = open_app(ROOT / "config" / "wenzheng.toml", database_url=url)
        fast_load(app.engine)
        app.engine.dispose()  # the pragmas apply to connections opened from here on
        engine = SlaEngine.from_config(app.config)
        at = parse_iso(args.at).astimezone(UTC)
        t0 = time.perf_counter()
        written = seed(app, engine, n_open=args.open, n_closed=args.closed, days=args.days,
                       replied=args.replied, at=at, rng=random.Random(args.seed))
        seed_s = time.perf_counter() - t0
        with app.sessions() as s:
            open_cases = s.scalar(select(func.count()).select_from(Case).where(Case.status != "closed"))
            waiting = s.scalar(select(func.count()).select_from(Case).where(Case.next_check_at.is_not(None)))
        print(f"seeded {written['cases']} cases ({open_cases} open, {written['supervised']} under 督办), "
              f"{written['events']} events, {written['alerts']} recorded rungs in {seed_s:.1f} s "
              f"({make_url(url).get_backend_name()}); {waiting} cases hold a next check", flush=True)

        print(f"{'sweep at (北京时间)':<22}{'checked':>8}{'rungs':>7}{'wall_ms':>9}{'cpu_ms':>8}", flush=True)
        walls, cpus, checked = [], [], []
        for minute in range(1, args.minutes + 1):
            now = at + dt.timedelta(minutes=minute)
            n, steps, wall, cpu = timed_sweep(app, engine, now)
            walls.append(wall)
            cpus.append(cpu)
            checked.append(n)
            print(f"{show(now):<24}{n:>8}{steps:>7}{wall:>9.1f}{cpu:>8.1f}", flush=True)
        # midnight: every closure due today breaches at 24:00; catch up to 23:59 first (untimed)
        local = at.astimezone(SHANGHAI)
        midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=SHANGHAI)
        timed_sweep(app, engine, (midnight - dt.timedelta(minutes=1)).astimezone(UTC))
        m_checked, m_steps, m_wall, m_cpu = timed_sweep(app, engine, (midnight + dt.timedelta(seconds=1))
                                                        .astimezone(UTC))
        print(f"{show(midnight) + ' (午夜)':<22}{m_checked:>8}{m_steps:>7}{m_wall:>9.1f}{m_cpu:>8.1f}")
        app.engine.dispose()
    finally:
        if admin is not None and not args.keep:
            drop_database(admin, url)
    return {
        "backend": make_url(url).get_backend_name(), "open_cases": open_cases, "closed_cases": args.closed,
        "sweeps": len(walls), "checked_mean": round(statistics.fmean(checked), 1),
        "checked_max": max(checked), "sweep_p50_ms": round(p(walls, 50), 1),
        "sweep_p95_ms": round(p(walls, 95), 1), "sweep_max_ms": round(max(walls), 1),
        "sweep_cpu_p95_ms": round(p(cpus, 95), 1), "midnight_checked": m_checked,
        "midnight_ms": round(m_wall, 1), "seed_s": round(seed_s, 1), "load1": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--open", type=int, default=100_000, help="open cases to seed")
    ap.add_argument("--closed", type=int, default=0, help="closed cases to seed beside them")
    ap.add_argument("--days", type=float, default=10.0, help="the open cases arrived over these days")
    ap.add_argument("--replied", type=float, default=0.6, help="share of open cases answered once")
    ap.add_argument("--at", default="2026-03-17T10:00", help="when the sweeps start (Beijing time)")
    ap.add_argument("--minutes", type=int, default=30, help="minute sweeps to time")
    ap.add_argument("--database-url", default=None,
                    help="default: a fresh SQLite file; PostgreSQL: a fresh database beside this one")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(args, Path(tmp))
    print(f"{figures['open_cases']} open cases ({figures['backend']}): sweep p50 {figures['sweep_p50_ms']} ms, "
          f"p95 {figures['sweep_p95_ms']} ms, max {figures['sweep_max_ms']} ms over {figures['sweeps']} "
          f"minute sweeps ({figures['checked_mean']} cases checked on average); midnight "
          f"{figures['midnight_ms']} ms for {figures['midnight_checked']} cases; load {figures['load1']}")
    print("target: sweep_p95_ms < 100 with 100,000 open cases")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
