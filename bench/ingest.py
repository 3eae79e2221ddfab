"""Ingest throughput: N generated Weibo mentions through the whole pipeline into SQLite.

Prints mentions/s end to end (normalize → dedupe → thread → classify → route → SLA → commit),
the raw ``jieba.lcut`` rate on the same texts in the same run, their ratio, and peak RSS.
Targets (issue 3): ratio >= 0.6 (the pipeline segments each text once and reuses the tokens),
peak RSS < 300 MB for any N (items stream through in batches; nothing loads a whole backlog).

    .venv/bin/python bench/ingest.py --n 100000 [--database-url URL] [--batch-size 500]

Last line: one JSON object with the figures, so runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.weibo.normalize import parse_payload  # noqa: E402
from adapters.weibo.traffic import generate_backlog  # noqa: E402
from monitor.store.context import open_app  # noqa: E402
from monitor.runtime.stages import build_pipeline  # noqa: E402
from monitor.core.types import Item  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def items(n: int, matrix, seed: int) -> Iterator[Item]:
    for raw in generate_backlog(n, matrix, seed):
        yield from parse_payload(raw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="mentions to generate")
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    ap.add_argument("--config", default=str(ROOT / "config" / "wenzheng.toml"))
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{tmp.name}/bench.db"
    app = open_app(args.config, database_url=url)
    pipeline = build_pipeline(app)
    pipeline.batch_size = args.batch_size
    jieba.initialize()
    pipeline.stages.warm_up()  # load dictionaries and models before the clock starts

    t0 = time.perf_counter()
    report = pipeline.ingest(items(args.n, app.matrix, args.seed), channel="bench")
    ingest_s = time.perf_counter() - t0
    rss_after_ingest = peak_rss_mb()

    # the same texts, segmented raw, streamed again from the same seed
    count, t0 = 0, time.perf_counter()
    for it in items(args.n, app.matrix, args.seed):
        jieba.lcut(it.text)
        count += 1
    gen_and_jieba_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in items(args.n, app.matrix, args.seed):
        pass
    gen_s = time.perf_counter() - t0
    jieba_s = max(gen_and_jieba_s - gen_s, 1e-9)

    mentions_per_s = report.seen / ingest_s
    jieba_per_s = count / jieba_s
    ratio = mentions_per_s / jieba_per_s
    figures = {
        "n": args.n, "mentions": report.seen, "new": report.new, "cases": report.cases_opened,
        "events": report.events, "ingest_s": round(ingest_s, 2),
        "mentions_per_s": round(mentions_per_s, 1), "jieba_per_s": round(jieba_per_s, 1),
        "ratio": round(ratio, 3), "peak_rss_mb": round(max(rss_after_ingest, peak_rss_mb()), 1),
        "backend": app.engine.dialect.name, "batch_size": args.batch_size,
    }
    app.close()
    tmp.cleanup()

    print(f"{'figure':<18}{'value':>14}")
    print("-" * 32)
    for key in ("mentions", "cases", "events", "ingest_s", "mentions_per_s", "jieba_per_s", "ratio",
                "peak_rss_mb", "backend"):
        print(f"{key:<18}{figures[key]!s:>14}")
    print("targets: ratio >= 0.6, peak_rss_mb < 300")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
