"""Ingest throughput: N generated Weibo mentions through the whole pipeline.

Prints mentions/s end to end (normalize → dedupe → thread → classify → route → SLA → commit),
the raw ``jieba.lcut`` rate on the same texts in the same process, their ratio, the SQL
statements per mention and peak RSS.

How each figure is taken, and why:

* ``mentions_per_s``: wall time of ``Pipeline.ingest`` over the generated stream (generation and
  parsing included: the daemon pays for parsing too).
* ``jieba_per_s``: CPU time (``time.process_time``) of ``jieba.lcut`` alone over the same texts,
  best of 3 passes, in this process after the ingest. A wall-time difference of two loops swung
  3x between runs on a shared machine; CPU time of the segmentation alone does not.
* ``ingest_cpu_s`` and ``ratio_cpu``: the same on this process's CPU time, for a loaded machine
  (it leaves out the database server's own work on PostgreSQL, so ``ratio`` is the target).
* ``pg_backend_cpu_s`` and ``pg_share_cpu`` (PostgreSQL only): CPU seconds of the run database's
  backends over the ingest (Linux ``/proc``, read at its start and end: the pipeline's pooled
  connections live through the run), and their share of the ingest's CPU (this process's plus
  theirs): what the server's side of the writes costs, which ``ingest_cpu_s`` leaves out.
* ``sql_statements_per_mention``: every statement the driver executes (an engine
  ``before_cursor_execute`` listener), divided by the mentions. An ``executemany`` or a multi-row
  ``INSERT … VALUES`` is one statement: what it costs is one round trip.
* ``peak_rss_mb``: this process's peak resident memory over the whole run (``ru_maxrss``), the
  bench's own jieba pass after the ingest included (it holds every generated text at once: at
  100,000 mentions that pass can set the peak); ``peak_rss_ingest_mb``: the peak up to the end
  of the ingest (warm-up and ingest), the daemon's figure.
* ``backend``: ``sqlite`` (a fresh file, the default) or ``postgresql``. With a PostgreSQL
  ``--database-url``, a fresh database is created beside the one it names and dropped afterwards.

* ``batch_size``: items a transaction, by default the configured ``[database].batch_size`` (what
  the daemon ships with, 250), so the statements a mention are the daemon's; ``--batch`` measures
  another size. Most statements are a batch's, not a mention's: halving the batch nearly doubles
  them (0.139 at 500 against 0.244 at 250 before the eighth session, docs/deploy.md).

Targets (issue 19): SQLite ratio >= 0.6, statements per mention <= 0.2, peak RSS < 300 MB;
PostgreSQL ratio >= 0.4.

    .venv/bin/python bench/ingest.py --n 100000 [--database-url URL] [--batch 500]
    .venv/bin/python bench/ingest.py --n 5000 --profile /tmp/ingest.prof   # cProfile the ingest

Last line: one JSON object with the figures, so runs can be compared.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import jieba
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.weibo.normalize import parse_payload  # noqa: E402
from bench.daemons import backend_cpu  # noqa: E402
from adapters.weibo.traffic import generate_backlog  # noqa: E402
from monitor.core.types import Item  # noqa: E402
from monitor.runtime.stages import build_pipeline  # noqa: E402
from monitor.store.context import open_app  # noqa: E402
from monitor.store.db import make_engine  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def items(n: int, matrix, seed: int) -> Iterator[Item]:
    for raw in generate_backlog(n, matrix, seed):
        yield from parse_payload(raw)


def jieba_rate(texts: list[str], passes: int = 3) -> float:
    """Texts per CPU second of ``jieba.lcut`` alone: the best of ``passes`` passes."""
    best = float("inf")
    for _ in range(passes):
        t0 = time.process_time()
        for t in texts:
            jieba.lcut(t)
        best = min(best, time.process_time() - t0)
    return len(texts) / max(best, 1e-9)


class StatementCounter:
    """Counts the statements the driver executes (one per ``execute``/``executemany``), and, with
    ``by_text`` (``--statements``), how often each statement text ran (which ones still run per
    mention). The texts only when asked: normalising each statement's text (the joining index's
    read is a statement of hundreds of arms) cost about 1 % of the CPU the bench charges to the
    ingest."""

    def __init__(self, by_text: bool = False) -> None:
        self.count = 0
        self.by_text: Counter[str] | None = Counter() if by_text else None

    def __call__(self, _conn: object, _cursor: object, statement: str, *_args: object) -> None:
        self.count += 1
        if self.by_text is not None:
            self.by_text[" ".join(statement.split())[:160]] += 1


def fresh_postgres(url: str) -> tuple[str, str]:
    """A new empty database beside the one ``url`` names: (its URL, the admin URL)."""
    name = f"wz_ingest_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False), url


def drop_postgres(admin_url: str, url: str) -> None:
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="mentions to generate")
    ap.add_argument("--database-url", default=None,
                    help="default: a fresh SQLite file; PostgreSQL: a fresh database beside this one")
    ap.add_argument("--config", default=str(ROOT / "config" / "wenzheng.toml"))
    ap.add_argument("--batch", "--batch-size", dest="batch", type=int, default=None,
                    help="items a transaction (default: the config's [database].batch_size)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--profile", default=None, help="write a cProfile of the ingest here and print its top")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    ap.add_argument("--statements", type=int, default=0, metavar="K",
                    help="print the K statement texts run most often, with their counts")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    admin_url = None
    url = args.database_url or f"sqlite:///{tmp.name}/bench.db"
    if make_url(url).get_backend_name() == "postgresql":
        url, admin_url = fresh_postgres(url)
    app = open_app(args.config, database_url=url)
    pipeline = build_pipeline(app)  # at the configured batch size, as the daemon runs
    if args.batch is not None:
        pipeline.batch_size = args.batch
    jieba.initialize()
    pipeline.stages.warm_up()  # load dictionaries and models before the clock starts

    watcher = make_engine(url) if admin_url is not None else None  # the backends' CPU, from outside
    backends0: dict[int, float] = {}
    if watcher is not None:
        backend_cpu(watcher, backends0)
    counter = StatementCounter(by_text=bool(args.statements))
    event.listen(app.engine, "before_cursor_execute", counter)
    profiler = cProfile.Profile() if args.profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    report = pipeline.ingest(items(args.n, app.matrix, args.seed), channel="bench")
    if profiler:
        profiler.disable()
    ingest_s, ingest_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    event.remove(app.engine, "before_cursor_execute", counter)
    rss_after_ingest = peak_rss_mb()
    pg_cpu_s = None
    if watcher is not None:
        backends1: dict[int, float] = {}
        backend_cpu(watcher, backends1)
        watcher.dispose()
        pg_cpu_s = sum(cpu - backends0.get(pid, 0.0) for pid, cpu in backends1.items())

    texts = [it.text for it in items(args.n, app.matrix, args.seed)]  # the same texts, same seed
    jieba_per_s = jieba_rate(texts)

    mentions_per_s = report.seen / ingest_s
    figures = {
        "n": args.n, "mentions": report.seen, "new": report.new, "cases": report.cases_opened,
        "events": report.events, "ingest_s": round(ingest_s, 2),
        "mentions_per_s": round(mentions_per_s, 1), "jieba_per_s": round(jieba_per_s, 1),
        "ratio": round(mentions_per_s / jieba_per_s, 3),
        "ingest_cpu_s": round(ingest_cpu_s, 2),
        "ratio_cpu": round(report.seen / max(ingest_cpu_s, 1e-9) / jieba_per_s, 3),
        "cpu_ms_per_mention": round(1000 * ingest_cpu_s / max(report.seen, 1), 3),
        "pg_backend_cpu_s": None if pg_cpu_s is None else round(pg_cpu_s, 2),
        "pg_share_cpu": None if pg_cpu_s is None else round(pg_cpu_s / max(pg_cpu_s + ingest_cpu_s, 1e-9), 3),
        "sql_statements": counter.count,
        "sql_statements_per_mention": round(counter.count / max(report.seen, 1), 3),
        "peak_rss_mb": round(max(rss_after_ingest, peak_rss_mb()), 1),
        "peak_rss_ingest_mb": round(rss_after_ingest, 1),
        "backend": app.engine.dialect.name, "batch_size": pipeline.batch_size,
    }
    app.close()
    if admin_url is not None and not args.keep:
        drop_postgres(admin_url, url)
    tmp.cleanup()

    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(40)
    if counter.by_text is not None:
        print(f"{'runs':>8}  statement (the {args.statements} most frequent)")
        for stmt, runs in counter.by_text.most_common(args.statements):
            print(f"{runs:>8}  {stmt}")
    print(f"{'figure':<28}{'value':>14}")
    print("-" * 42)
    for key in ("mentions", "cases", "events", "ingest_s", "mentions_per_s", "jieba_per_s", "ratio",
                "ingest_cpu_s", "ratio_cpu", "cpu_ms_per_mention", "pg_backend_cpu_s", "pg_share_cpu",
                "sql_statements_per_mention", "peak_rss_mb", "peak_rss_ingest_mb", "backend", "batch_size"):
        print(f"{key:<28}{figures[key]!s:>14}")
    print("targets: ratio >= 0.6 (PostgreSQL >= 0.4), sql_statements_per_mention <= 0.2, "
          "peak_rss_mb < 300")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
