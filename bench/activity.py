"""The matrix's own activity over a year of daily readings (issue 18, item 4).

@问政银川's matrix: 462 accounts read once a day for a year (168,630 audience snapshots) and
their own posts (``--posts``, default 200,000, about what 462 accounts publish in a year). Times
``matrix_activity`` for one month (the per-account table and totals ``wenzheng stats`` and the
bulletin print) and ``record_readings`` for one daily round of every account (a snapshot each and
the look-back's posts re-read), ``--repeat`` times; the table shows the first run and the medians.

    .venv/bin/python bench/activity.py [--posts N] [--database-url URL] [--repeat N]

The cost of the figures follows the snapshots and posts *before and in* the month (index ranges
on (account, time)), five grouped queries whatever the number of accounts. The last line is one
JSON object: accounts, snapshots, posts, month_s, round_s, backend.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from adapters.weibo.activity import OwnPost, Reading  # noqa: E402
from monitor.activity.reading import record_readings  # noqa: E402
from monitor.core.config import ActivityConfig  # noqa: E402
from monitor.stats.activity import matrix_activity  # noqa: E402
from monitor.stats.period import Period  # noqa: E402
from monitor.stats.scope import Scope  # noqa: E402
from monitor.store.activity import AccountPost, AccountSnapshot  # noqa: E402
from monitor.store.db import make_engine, upgrade  # noqa: E402
from monitor.store.models import Account  # noqa: E402

ACCOUNTS = 462
START = dt.datetime(2025, 1, 1, 4, tzinfo=dt.UTC)  # noon in Beijing


def load(engine: object, posts: int, rng: random.Random) -> None:
    ids = [f"acc{i:03d}" for i in range(ACCOUNTS)]
    with engine.begin() as c:  # type: ignore[attr-defined]
        c.execute(insert(Account), [{"id": a, "name": f"账号{i}", "kind": "hub" if i == 0 else "street",
                                     "parent_id": None if i == 0 else "acc000", "region": "银川市",
                                     "domains": [], "platform_ids": {"weibo": str(5_600_000_000 + i)},
                                     "supervisors": [], "active": True,
                                     "updated_at": START} for i, a in enumerate(ids)])
        base = {a: rng.randint(500, 200_000) for a in ids}
        rows = []
        for day in range(365):
            at = START + dt.timedelta(days=day)
            rows.extend({"account_id": a, "platform": "weibo", "taken_at": at,
                         "followers": base[a] + day * 7, "friends": 100, "statuses_total": 0} for a in ids)
            if len(rows) >= 20_000:
                c.execute(insert(AccountSnapshot), rows)
                rows = []
        if rows:
            c.execute(insert(AccountSnapshot), rows)
        weights = [rng.random() ** 3 for _ in ids]  # a few accounts post most
        rows = []
        for n in range(posts):
            at = START + dt.timedelta(seconds=rng.randrange(365 * 86400))
            rows.append({"account_id": rng.choices(ids, weights)[0], "platform": "weibo",
                         "external_id": str(2**53 + n), "posted_at": at, "reposts": rng.randint(0, 50),
                         "comments": rng.randint(0, 30), "likes": rng.randint(0, 200), "repost": False,
                         "text": "", "first_read_at": at, "read_at": at})
            if len(rows) >= 20_000:
                c.execute(insert(AccountPost), rows)
                rows = []
        if rows:
            c.execute(insert(AccountPost), rows)


def one_round(sessions: sessionmaker, day: dt.datetime, rng: random.Random) -> float:  # type: ignore[type-arg]
    """Every account's reading of ``day``: a snapshot and its last 40 days' posts re-read, those
    of the last three days with moved counters (as on the platform)."""
    from sqlalchemy import select

    with sessions() as s:
        recent = {}
        for a, ext, at, rp, cm, lk in s.execute(
                select(AccountPost.account_id, AccountPost.external_id, AccountPost.posted_at,
                       AccountPost.reposts, AccountPost.comments, AccountPost.likes)
                .where(AccountPost.posted_at >= day - dt.timedelta(days=40), AccountPost.posted_at < day)):
            if at >= day - dt.timedelta(days=3):  # still gathering reactions
                rp, cm, lk = rp + rng.randint(0, 5), cm + rng.randint(0, 3), lk + rng.randint(1, 20)
            recent.setdefault(a, []).append(OwnPost(ext, at, rp, cm, lk, False, ""))
    results = {f"acc{i:03d}": Reading(f"acc{i:03d}", day, 1000 + i, 100, 0, recent.get(f"acc{i:03d}", []))
               for i in range(ACCOUNTS)}
    t0 = time.perf_counter()
    with sessions.begin() as s:
        record_readings(s, "weibo", results, day, ActivityConfig())
    elapsed = time.perf_counter() - t0
    with sessions.begin() as s:  # leave the history as it was for the next repeat
        s.execute(text("DELETE FROM account_snapshots WHERE taken_at = :d"), {"d": day})
        s.execute(text("DELETE FROM activity_reads"))
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{tmp.name}/bench.db"
    engine = make_engine(url)
    upgrade(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    rng = random.Random(18)
    t0 = time.perf_counter()
    load(engine, args.posts, rng)
    load_s = time.perf_counter() - t0
    month = Period.month(2025, 6)
    month_times, round_times = [], []
    for _ in range(args.repeat):
        with sessions() as s:
            t1 = time.perf_counter()
            got = matrix_activity(s, Scope.build(s, month, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
            month_times.append(time.perf_counter() - t1)
        round_times.append(one_round(sessions, dt.datetime(2025, 12, 31, 4, tzinfo=dt.UTC), rng))
    assert got["totals"]["accounts"] == ACCOUNTS and got["totals"]["accounts_read"] == ACCOUNTS
    backend = engine.dialect.name
    print(f"{'backend':<28}{backend}")
    print(f"{'accounts':<28}{ACCOUNTS}")
    print(f"{'snapshots (a year, daily)':<28}{ACCOUNTS * 365:,}")
    print(f"{'own posts':<28}{args.posts:,}")
    print(f"{'load':<28}{load_s:.1f} s")
    print(f"{'month figures':<28}first {month_times[0]:.3f} s, median {statistics.median(month_times):.3f} s")
    print(f"{'one daily round (stored)':<28}first {round_times[0]:.3f} s, median {statistics.median(round_times):.3f} s")
    print(f"{'month: posts / 转评赞':<28}{got['totals']['posts']:,} / {got['totals']['engagement']:,}")
    print(json.dumps({"accounts": ACCOUNTS, "snapshots": ACCOUNTS * 365, "posts": args.posts,
                      "month_s": round(statistics.median(month_times), 4),
                      "round_s": round(statistics.median(round_times), 4), "backend": backend}))


if __name__ == "__main__":
    main()
