"""Monthly statistics and bulletin over a big generated history (issue 6).

Generates ``--cases`` cases (default 1,000,000) with their events across the 12 months of 2025
and 462 accounts, bulk-inserted with Core ``executemany`` in chunks, then times
``compute_stats`` for one month and ``render_bulletin`` (which computes the statistics again and
renders) for the same month, ``--repeat`` times; the table shows the first (cold) run and the
medians, the JSON the medians.

    .venv/bin/python bench/stats.py [--cases N] [--database-url URL] [--keep]

Target: monthly statistics over 1,000,000 cases in under 2 s on SQLite and on PostgreSQL; the
cost follows the cases *in the month* (index range on received_at), not the table. The last line
is one JSON object: cases, stats_s, report_s, peak_rss_mb (plus load_s, stats_cpu_s and
report_cpu_s: this process's CPU, the figure to read on a shared machine with SQLite; load1,
backend).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, text  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from monitor.report import render_bulletin  # noqa: E402
from monitor.stats import Period, compute_stats  # noqa: E402
from monitor.store.db import make_engine, upgrade  # noqa: E402
from monitor.store.models import Account, Case, CaseEvent  # noqa: E402
from monitor.core.timeutil import SHANGHAI, UTC  # noqa: E402

TYPES = ("consult", "complaint", "suggestion", "report", "help", "other")
TYPE_W = (58, 23, 7, 2, 6, 4)
DOMAINS = {"城乡建设": ("物业管理", "违章建筑", "市政设施"), "交通": ("道路通行", "公交", "停车"),
           "环境保护": ("噪音", "油烟", "污水"), "卫生健康": ("疫苗", "医保", "医院"),
           "教育": ("入学", "学区", "收费"), "劳动和社会保障": ("欠薪", "社保", "就业"),
           "住房": ("房屋质量", "产权证", "公租房"), "民生": ("用水", "用电", "燃气"),
           "市场监管": ("食品", "价格", "消费"), "公共安全": ("消防", "治安", "隐患")}
WORDS = ("物业", "停车", "噪音", "供暖", "拆迁", "学位", "欠薪", "公交", "路灯", "污水", "油烟",
         "电梯", "燃气", "疫苗", "医保", "社保", "违建", "垃圾", "绿化", "积水")
CHUNK = 20_000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_accounts(n: int = 462) -> list[dict[str, Any]]:
    """A hub, 12 districts, 100 city departments, the rest streets/departments under districts."""
    accs = [{"id": "hub", "name": "问政银川", "kind": "hub", "parent_id": None, "region": "银川市"}]
    districts = [f"d{i:02d}" for i in range(12)]
    accs += [{"id": d, "name": f"第{i + 1}区", "kind": "district", "parent_id": "hub",
              "region": f"第{i + 1}区"} for i, d in enumerate(districts)]
    accs += [{"id": f"city{i:03d}", "name": f"市直部门{i + 1}", "kind": "department", "parent_id": "hub",
              "region": "银川市"} for i in range(100)]
    i = 0
    while len(accs) < n:
        d = districts[i % 12]
        kind = "street" if i % 3 else "department"
        accs.append({"id": f"{d}-{i:03d}", "name": f"第{i % 12 + 1}区{'街道' if kind == 'street' else '部门'}{i}",
                     "kind": kind, "parent_id": d, "region": f"第{i % 12 + 1}区"})
        i += 1
    for a in accs:
        a.update(domains=[], platform_ids={}, supervisors=[], active=True,
                 updated_at=dt.datetime(2025, 1, 1, tzinfo=UTC))
    return accs


def fast_load(engine: Any) -> None:
    """Generated data can be regenerated: let SQLite skip fsyncs and keep indexes in memory."""
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-262144")
            cur.close()


def generate(engine: Any, n_cases: int, seed: int = 6) -> tuple[int, int]:
    rng = random.Random(seed)
    accounts = make_accounts()
    with engine.begin() as conn:
        conn.execute(insert(Account), accounts)
    leads = [a for a in accounts if a["kind"] != "hub"]
    start = dt.datetime(2025, 1, 1, tzinfo=SHANGHAI).astimezone(UTC)
    span = (dt.datetime(2026, 1, 1, tzinfo=SHANGHAI).astimezone(UTC) - start).total_seconds()
    domains = list(DOMAINS)
    n_events = 0
    case_id = 0
    while case_id < n_cases:
        cases, events = [], []
        for _ in range(min(CHUNK, n_cases - case_id)):
            # cases arrive in time order, as ingestion writes them (ids follow received_at)
            rec = start + dt.timedelta(seconds=(case_id + rng.random()) * span / n_cases)
            case_id += 1
            lead = rng.choice(leads)
            dom = rng.choice(domains)
            fr_due = rec + dt.timedelta(hours=1 if rng.random() < 0.7 else 8)
            replied = rng.random() < 0.93
            fr_at = rec + dt.timedelta(seconds=rng.lognormvariate(8.0, 1.6)) if replied else None
            cl_due = rec + dt.timedelta(days=rng.choice((1, 5, 7)))
            closed_at = (fr_at + dt.timedelta(seconds=rng.lognormvariate(11.0, 1.2))
                         if fr_at and rng.random() < 0.85 else None)
            sat = rng.choices(("satisfied", "unsatisfied", None), (60, 5, 35))[0] if closed_at else None
            status = "closed" if closed_at else ("replied" if fr_at else "open")
            cases.append({
                "id": case_id, "platform": "weibo", "channel": "weibo", "root_external_id": str(case_id),
                "citizen_id": f"u{rng.randrange(200_000)}", "citizen_name": "", "text": f"关于{dom}的诉求{case_id}",
                "url": None, "received_at": rec, "status": status,
                "type": rng.choices(TYPES, TYPE_W)[0], "domain": dom, "subtopic": rng.choice(DOMAINS[dom]),
                "region": lead["region"], "street": None, "risk": [], "evidence": {},
                "keywords": rng.sample(WORDS, 2),
                "lead_account_id": lead["id"], "joint": rng.random() < 0.04,
                "first_response_at": fr_at, "first_response_due": fr_due,
                "first_response_state": ("met" if fr_at <= fr_due else "missed") if fr_at else "breached",
                "closure_due": cl_due, "closure_state": ("met" if closed_at <= cl_due else "missed") if closed_at else "breached",
                "closed_at": closed_at, "supervised_at": None, "satisfaction": sat,
                "metrics": {"reads": rng.randrange(5000), "reposts": rng.randrange(20)},
                "last_activity_at": closed_at or fr_at or rec, "created_at": rec, "updated_at": rec,
            })
            evs = [("created", rec, None)]
            if fr_at:
                evs.append(("reply", fr_at, lead["id"]))
            if closed_at:
                evs.append(("closed", closed_at, lead["id"]))
            if not fr_at or fr_at > fr_due:
                evs.append(("escalated", fr_due, None))
            if rng.random() < 0.01:
                evs.append(("reply_violation", fr_at or rec, lead["id"]))
            events += [{"case_id": case_id, "kind": k, "at": at, "actor": "system", "account_id": acc,
                        "mention_id": None, "data": {}, "recorded_at": at} for k, at, acc in evs]
        with engine.begin() as conn:
            conn.execute(insert(Case), cases)
            conn.execute(insert(CaseEvent), events)
        n_events += len(events)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return case_id, n_events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    ap.add_argument("--month", default="2025-06")
    ap.add_argument("--keep", action="store_true", help="reuse the database if it already has cases")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (median reported)")
    args = ap.parse_args()
    tmp = None
    url = args.database_url
    if url is None:
        tmp = tempfile.mkdtemp(prefix="wz-bench-stats-")
        url = f"sqlite:///{tmp}/bench.db"
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(Case)).scalar_one()
    t0 = time.perf_counter()
    if existing and args.keep:
        n_cases, n_events = existing, -1
    else:
        if existing:
            sys.exit(f"{url} already holds {existing} cases: use an empty database or --keep")
        load_engine = make_engine(url)
        fast_load(load_engine)
        n_cases, n_events = generate(load_engine, args.cases)
        load_engine.dispose()
    load_s = time.perf_counter() - t0
    period = Period.parse(args.month)
    sessions = sessionmaker(engine)
    now = dt.datetime(2026, 2, 1, tzinfo=UTC)
    stats_runs, report_runs, stats_cpu, report_cpu = [], [], [], []
    for _ in range(args.repeat):  # the first run pays for a cold page cache; report the median
        with sessions() as s:
            t0, c0 = time.perf_counter(), time.process_time()
            stats = compute_stats(s, period, now=now)
            stats_runs.append(time.perf_counter() - t0)
            stats_cpu.append(time.process_time() - c0)
        with sessions() as s:
            t0, c0 = time.perf_counter(), time.process_time()
            html = render_bulletin(s, period, now=now)
            report_runs.append(time.perf_counter() - t0)
            report_cpu.append(time.process_time() - c0)
    stats_s, report_s = statistics.median(stats_runs), statistics.median(report_runs)
    backend = engine.dialect.name
    rows = [("backend", backend), ("cases", f"{n_cases:,}"), ("events", f"{n_events:,}" if n_events >= 0 else "-"),
            ("load (s)", f"{load_s:.1f}"), ("month", period.key),
            ("cases in month", f"{stats['received']:,}"),
            ("stats, first run (s)", f"{stats_runs[0]:.3f}"),
            (f"stats, median of {args.repeat} (s)", f"{stats_s:.3f}"),
            ("stats, this process's CPU, median (s)", f"{statistics.median(stats_cpu):.3f}"),
            (f"bulletin, median of {args.repeat} (s)", f"{report_s:.3f}"),
            ("bulletin, this process's CPU, median (s)", f"{statistics.median(report_cpu):.3f}"),
            ("bulletin size (kB)", f"{len(html) / 1024:.0f}"),
            ("load (1 min)", f"{os.getloadavg()[0]:.1f}"),
            ("peak RSS (MB)", f"{peak_rss_mb():.0f}")]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v:>12}")
    print(json.dumps({"cases": n_cases, "stats_s": round(stats_s, 3), "report_s": round(report_s, 3),
                      "peak_rss_mb": round(peak_rss_mb(), 1), "load_s": round(load_s, 1),
                      "stats_first_s": round(stats_runs[0], 3), "month_cases": stats["received"],
                      "stats_cpu_s": round(statistics.median(stats_cpu), 3),
                      "report_cpu_s": round(statistics.median(report_cpu), 3),
                      "load1": round(os.getloadavg()[0], 2), "backend": backend}))


if __name__ == "__main__":
    main()
