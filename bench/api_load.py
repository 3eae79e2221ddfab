"""Health under load: /healthz latency while heavy API requests pile up (issue 16).

Generates ``--cases`` cases (bench/stats.py's generator), starts the real daemon on them (no
sources), measures ``/healthz`` at rest, then fires ``--concurrent`` heavy requests at once
(quarterly ``/api/stats`` and full ``/api/cases`` pages) and measures ``/healthz`` every 100 ms
until they are all answered. Before issue 16, 16 such requests held ``/healthz`` for 32 s: API
reads shared the daemon's default thread pool with health, polling and sweeping. Target: health
under load stays within a few hundred milliseconds of health at rest, whatever the load.

    .venv/bin/python bench/api_load.py [--cases 200000] [--concurrent 16] [--database-url URL]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stats import fast_load, generate  # noqa: E402

from monitor.runtime.daemon import Daemon  # noqa: E402
from monitor.store.db import make_engine, upgrade  # noqa: E402


async def timed(http: aiohttp.ClientSession, url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    async with http.get(url) as r:
        await r.read()
        return time.perf_counter() - t0, r.status


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    url = args.database_url or f"sqlite:///{tmp}/load.db"
    engine = make_engine(url)
    fast_load(engine)
    upgrade(engine)
    t0 = time.perf_counter()
    generate(engine, args.cases)
    load_s = time.perf_counter() - t0
    engine.dispose()
    config_dir = tmp / "config"
    shutil.copytree(ROOT / "config", config_dir)
    main = config_dir / "wenzheng.toml"
    text = main.read_text(encoding="utf-8").split("[[sources]]")[0]
    main.write_text(re.sub(r"(?m)^enabled = true", "enabled = false", text), encoding="utf-8")
    daemon = Daemon(main, port=0, database_url=url)
    await daemon.start()
    base = f"http://127.0.0.1:{daemon.port}"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as http:
            rest = [(await timed(http, f"{base}/healthz"))[0] for _ in range(10)]
            refused = (await timed(http, f"{base}/api/cases?limit=0"))[1]
            heavy = [f"{base}/api/stats?quarter=2025-Q{1 + i % 4}" if i % 2 else
                     f"{base}/api/cases?limit=200&offset={i * 1000}" for i in range(args.concurrent)]
            t0 = time.perf_counter()
            load = asyncio.gather(*(timed(http, u) for u in heavy))
            under: list[float] = []
            while not load.done():
                under.append((await timed(http, f"{base}/healthz"))[0])
                await asyncio.sleep(0.1)
            results = await load
            load_wall = time.perf_counter() - t0
    finally:
        await daemon.stop()
    return {"cases": args.cases, "load_s": round(load_s, 1), "concurrent": args.concurrent,
            "heavy_wall_s": round(load_wall, 2),
            "heavy_statuses": sorted({s for _, s in results}),
            "health_rest_ms": round(statistics.median(rest) * 1000, 1),
            "health_under_load_median_ms": round(statistics.median(under) * 1000, 1) if under else None,
            "health_under_load_max_ms": round(max(under) * 1000, 1) if under else None,
            "health_samples_under_load": len(under), "limit_0_status": refused,
            "backend": url.split(":", 1)[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--concurrent", type=int, default=16)
    ap.add_argument("--database-url", default=None, help="an empty database (default: a temporary SQLite)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        res = asyncio.run(run(args, Path(tmp)))
    rows = [("cases", f"{res['cases']:,} (generated in {res['load_s']} s, {res['backend']})"),
            ("heavy requests at once", f"{res['concurrent']} (stats by quarter, 200-case pages): "
                                       f"all answered in {res['heavy_wall_s']} s, statuses {res['heavy_statuses']}"),
            ("/healthz at rest (median)", f"{res['health_rest_ms']} ms"),
            ("/healthz under load", f"median {res['health_under_load_median_ms']} ms, max "
                                    f"{res['health_under_load_max_ms']} ms over {res['health_samples_under_load']} samples"),
            ("/api/cases?limit=0", f"HTTP {res['limit_0_status']} (was: every case)")]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print(json.dumps({"bench": "api_load", **res}))


if __name__ == "__main__":
    main()
