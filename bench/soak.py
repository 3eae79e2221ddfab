"""Soak: does the daemon's memory stay flat, and does the SLA sweep stay cheap, over time?

Starts the mock Weibo platform (``wenzheng mock weibo --rate``) and one daemon (``wenzheng run``)
as separate processes on a fresh database (SQLite file by default; with a PostgreSQL
``--database-url``, a fresh database beside it), alerts going to a mock WeCom robot in this
process. Every minute it prints the daemon's RSS (``/proc/<pid>/status``), the mentions and open
cases stored so far, and the sweeps of that minute (from the daemon's own ``/metrics``: the
``wenzheng_sweep_duration_seconds`` histogram, read with a viewer's token as Prometheus would).
The sweep runs every ``--sweep-interval`` seconds (the shipped config: 60).

    .venv/bin/python bench/soak.py --minutes 30 --rate 30 [--database-url URL]

``--rate`` is mentions per second; the mock is asked for citizen appeals at ``rate / 1.75`` per
second (each appeal brings its replies and comments: about 1.75 mentions an appeal), and the
figures report what was actually stored.

``--backlog N`` starts the mock with N items already waiting (appeals and replies of the last
hour), as after an outage with the daemon stopped: the daemon then catches up while ``--rate``
(0 for none) goes on. The RSS is also sampled every second: ``rss_peak_mb`` is the highest, the
figure a backlog moves (a poll round's items are read before they are stored).

Targets (issue 19): RSS at the end within 10 % of RSS after 5 minutes; sweep p95 < 100 ms.
Last line: one JSON object: rss_warm_mb (after 5 minutes, or the last minute of a shorter run),
rss_last_mb, mentions, open_cases, sweep_p95_ms (over every sweep after the first minute,
interpolated within the histogram's buckets), mentions_per_s_after_warm and kept_up (stored at
least 90 % of ``--rate``: when not, polls grew with the backlog and the RSS figures measure their
peak), plus the per-minute series.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from adapters.notify.mockbase import MockState  # noqa: E402
from adapters.notify.wecom.mock import start_mock as start_robot  # noqa: E402
from bench.daemons import Fleet, daemon_ids, drop_database, fresh_database, write_config  # noqa: E402
from monitor.access.users import add_user, issue_token  # noqa: E402
from monitor.store.db import make_engine  # noqa: E402
from monitor.store.models import Case, DaemonRow, Mention  # noqa: E402

MENTIONS_PER_APPEAL = 1.75


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as c:
        mentions = c.execute(select(func.count()).select_from(Mention)).scalar_one()
        open_cases = c.execute(select(func.count()).select_from(Case).where(Case.status != "closed")).scalar_one()
    engine.dispose()
    return mentions, open_cases


def viewer_token(url: str) -> tuple[str, str]:
    """A viewer's API token and the daemon's own URL (once it has registered)."""
    engine = make_engine(url)
    with Session(engine) as s, s.begin():
        add_user(s, "soak-prometheus", "viewer", "soak-password-1")
        token = issue_token(s, "soak-prometheus")
        daemon_url = s.scalars(select(DaemonRow.url)).first()
    engine.dispose()
    assert daemon_url is not None
    return token, daemon_url


Buckets = dict[float, float]


async def sweep_histogram(daemon_url: str, token: str) -> tuple[Buckets, int]:
    """Cumulative bucket counts of the sweep duration histogram (upper bound → count), and the
    cases the last sweep looked at."""
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http, \
            http.get(daemon_url + "metrics") as r:
        body = await r.text()
    out: Buckets = {}
    for le, n in re.findall(r'wenzheng_sweep_duration_seconds_bucket\{le="([^"]+)"\} ([\d.e+]+)', body):
        out[float(le)] = float(n)
    checked = re.search(r"^wenzheng_sweep_checked_cases ([\d.e+]+)", body, re.M)
    return out, int(float(checked.group(1))) if checked else 0


def diff(a: Buckets, b: Buckets) -> Buckets:
    return {le: b.get(le, 0.0) - a.get(le, 0.0) for le in b}


def quantile(q: float, buckets: Buckets) -> float | None:
    """Prometheus-style ``histogram_quantile`` over cumulative buckets, in seconds."""
    if not buckets:
        return None
    bounds = sorted(buckets)
    total = buckets[bounds[-1]]
    if total <= 0:
        return None
    rank, lo, prev = q * total, 0.0, 0.0
    for le in bounds:
        n = buckets[le]
        if n >= rank:
            if le == float("inf"):
                return lo
            return lo + (le - lo) * ((rank - prev) / max(n - prev, 1e-9))
        lo, prev = le, n
    return lo


async def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    admin = None
    url = args.database_url or f"sqlite:///{work}/soak.db"
    if make_url(url).get_backend_name() == "postgresql":
        admin, url = url, await asyncio.to_thread(fresh_database, url)
    robot_runner, robot = await start_robot("127.0.0.1", 0, MockState(rate_per_minute=1_000_000))
    robot_url = f"http://127.0.0.1:{robot_runner.addresses[0][1]}"
    fleet = Fleet(config=Path(), database_url=url, logs=work / "logs")
    series: list[dict[str, Any]] = []
    try:
        # the mock needs the config only for the matrix: write the real one once its port is known
        fleet.config = write_config(work / "cfg0", weibo_url="http://127.0.0.1:1/2/", robot_url=robot_url,
                                    sources=1, interval=args.interval, heartbeat=5.0, lease_seconds=30.0,
                                    sweep_interval=args.sweep_interval)
        weibo = await fleet.start_mock(backlog=args.backlog, seed=args.seed,
                                       rate=args.rate / MENTIONS_PER_APPEAL)
        fleet.config = write_config(work / "cfg", weibo_url=weibo, robot_url=robot_url, sources=1,
                                    interval=args.interval, heartbeat=5.0, lease_seconds=30.0,
                                    sweep_interval=args.sweep_interval)
        daemon = await fleet.start_daemon()
        peak = {"rss_mb": 0.0, "minute": 0.0}
        started_at = time.monotonic()

        async def sample_peak() -> None:
            while daemon.returncode is None:
                with contextlib.suppress(OSError):
                    rss = rss_mb(daemon.pid)
                    if rss > peak["rss_mb"]:
                        peak.update(rss_mb=round(rss, 1), minute=round((time.monotonic() - started_at) / 60, 2))
                await asyncio.sleep(1.0)

        sampler = asyncio.create_task(sample_peak())
        for _ in range(600):
            try:
                if await asyncio.to_thread(daemon_ids, url):
                    break
            except Exception:  # noqa: BLE001 - the schema is still being created
                pass
            await asyncio.sleep(0.5)
        token, daemon_url = await asyncio.to_thread(viewer_token, url)
        start = time.monotonic()
        before, _ = await sweep_histogram(daemon_url, token)
        after_first: Buckets | None = None
        print(f"{'minute':>6}{'rss_mb':>10}{'mentions':>10}{'per_s':>8}{'open':>8}{'sweeps':>8}"
              f"{'checked':>8}{'sweep_p95_ms':>14}", flush=True)
        last_mentions = 0
        for minute in range(1, args.minutes + 1):
            await asyncio.sleep(max(0.0, start + 60 * minute - time.monotonic()))
            if daemon.returncode is not None:
                raise SystemExit(f"the daemon exited ({daemon.returncode}): see {fleet.logs}")
            now, checked = await sweep_histogram(daemon_url, token)
            mentions, open_cases = await asyncio.to_thread(counts, url)
            d = diff(before, now)
            p95 = quantile(0.95, d)
            row = {"minute": minute, "rss_mb": round(rss_mb(daemon.pid), 1), "mentions": mentions,
                   "mentions_per_s": round((mentions - last_mentions) / 60, 1), "open_cases": open_cases,
                   "sweeps": int(d.get(float("inf"), 0)), "sweep_checked": checked,
                   "sweep_p95_ms": None if p95 is None else round(p95 * 1000, 1)}
            series.append(row)
            print(f"{minute:>6}{row['rss_mb']:>10}{mentions:>10}{row['mentions_per_s']:>8}{open_cases:>8}"
                  f"{row['sweeps']:>8}{checked:>8}{row['sweep_p95_ms']!s:>14}", flush=True)
            before, last_mentions = now, mentions
            if minute == 1:
                after_first = now
        final, _ = await sweep_histogram(daemon_url, token)
        sampler.cancel()
        overall = quantile(0.95, diff(after_first or {}, final)) if after_first else None
    finally:
        await fleet.stop()
        await robot_runner.cleanup()
        if admin is not None and not args.keep:
            await asyncio.to_thread(drop_database, admin, url)
    warm = series[min(5, len(series)) - 1]
    # did the daemon keep up? On a machine it cannot keep up on, each poll returns a bigger backlog
    # (the Weibo source reads up to max_pages pages per stream per poll) and the RSS figures are
    # the high-water mark of those polls, not growth of a steady daemon: say so in the figures
    since = warm if series[-1]["minute"] > warm["minute"] else {"mentions": 0, "minute": 0}  # a short run: all of it
    stored_rate = (series[-1]["mentions"] - since["mentions"]) / (60 * (series[-1]["minute"] - since["minute"]))
    return {
        "mentions_per_s_after_warm": round(stored_rate, 1), "kept_up": stored_rate >= 0.9 * args.rate,
        "minutes": args.minutes, "rate": args.rate, "backend": make_url(url).get_backend_name(),
        "rss_warm_mb": warm["rss_mb"], "rss_warm_minute": warm["minute"], "rss_last_mb": series[-1]["rss_mb"],
        "rss_peak_mb": peak["rss_mb"], "rss_peak_minute": peak["minute"], "backlog": args.backlog,
        "load_1m": round(os.getloadavg()[0], 2),
        "mentions": series[-1]["mentions"], "open_cases": series[-1]["open_cases"],
        "sweep_p95_ms": None if overall is None else round(overall * 1000, 1),
        "series": series,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=int, default=30)
    ap.add_argument("--rate", type=float, default=30.0, help="mentions per second")
    ap.add_argument("--database-url", default=None,
                    help="default: a fresh SQLite file; PostgreSQL: a fresh database beside this one")
    ap.add_argument("--interval", type=float, default=5.0, help="poll interval (s)")
    ap.add_argument("--sweep-interval", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--backlog", type=int, default=0,
                    help="items waiting on the mock when the daemon starts (an outage's backlog)")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = asyncio.run(run(args, Path(tmp)))
    grew = (figures["rss_last_mb"] - figures["rss_warm_mb"]) / max(figures["rss_warm_mb"], 1e-9)
    print(f"rss after {figures['rss_warm_minute']} min {figures['rss_warm_mb']} MB, at the end "
          f"{figures['rss_last_mb']} MB ({grew:+.1%}), peak {figures['rss_peak_mb']} MB at minute "
          f"{figures['rss_peak_minute']}; sweep p95 {figures['sweep_p95_ms']} ms; "
          f"{figures['mentions']} mentions, {figures['open_cases']} open cases ({figures['backend']})")
    if not figures["kept_up"]:
        print(f"the daemon did not keep up: {figures['mentions_per_s_after_warm']} mentions/s stored after "
              f"warm-up for {figures['rate']} asked (machine load {os.getloadavg()[0]:.1f}); polls grew "
              "with the backlog, so RSS measures their peak, not a steady daemon")
    print("targets: rss_last within 10 % of rss_warm (30 min at >= 30 mentions/s), sweep_p95_ms < 100")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
