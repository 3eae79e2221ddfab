"""Same stream in, same database out: the ingest's outcome of one code tree against another's.

Why: a change to how the ingest writes (Core rows instead of ORM objects, fewer reads) must not
change what it writes. This ingests a fixed generated stream (``bench/ingest.py``'s generator,
a fixed seed) into a fresh database with the code of ``--root`` (default: this tree) and dumps
what the ingest decided, in a form two trees can be compared by:

* cases (every column: classification, routing, clusters, deadlines and clock states, risk),
  mentions (which case each joined, role, account), assignments, timeline events (kind, time,
  actor, account, mention, data: per case in timeline order), queue entries, clusters, the
  joining index, notifications and alert records;
* row ids of the tables whose ids only order rows (events, assignments, queue entries,
  notifications, alerts, index rows) are left out, and an event id named in another row's data
  (``reply_event_id``) is replaced by that event's place in its case's timeline: writing one
  kind of event earlier in a flush may number events differently without changing anything;
* times written from the wall clock (``recorded_at``, ``ingested_at``, a notification's
  ``created_at``…) are replaced by ``<now>`` when within a day of the run.

    # main's outcome, from an exported copy of main (git archive main | tar -x -C /tmp/base)
    .venv/bin/python bench/ingest_parity.py --root /tmp/base --out /tmp/main.json
    .venv/bin/python bench/ingest_parity.py --out /tmp/branch.json
    .venv/bin/python bench/ingest_parity.py --compare /tmp/main.json /tmp/branch.json
    # PostgreSQL: --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Not a timed test: a development check run before landing a change to the ingest's writes. The
last line is one JSON object (``--compare``: ``identical`` and the differing tables).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

TABLES = ("cases", "mentions", "case_assignments", "case_events", "queue_entries", "clusters",
          "cluster_keys", "notifications", "case_alerts")
ID_ONLY_ORDERS = {"case_events", "case_assignments", "queue_entries", "notifications", "case_alerts",
                  "cluster_keys"}
WALL_CLOCK = {"recorded_at", "ingested_at", "created_at", "not_before", "updated_at", "sent_at"}


def _plain(value: Any, now: dt.datetime, key: str = "") -> Any:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if key in WALL_CLOCK or abs(aware - now) < dt.timedelta(days=1):
            return "<now>"
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, str) and key in WALL_CLOCK:
        return "<now>"
    if isinstance(value, dict):
        return {k: _plain(v, now, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, now) for v in value]
    return value


def _rename_events(value: Any, names: dict[int, str]) -> Any:
    """Event ids inside JSON data (keys ending in ``event_id``) → the event's timeline place."""
    if isinstance(value, dict):
        return {k: (names.get(v, f"?{v}") if k.endswith("event_id") and isinstance(v, int)
                    else _rename_events(v, names)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_events(v, names) for v in value]
    return value


def dump(url: str, n: int, seed: int, batch_size: int | None) -> dict[str, Any]:
    from sqlalchemy import MetaData, select

    from adapters.weibo.normalize import parse_payload
    from adapters.weibo.traffic import generate_backlog
    from monitor.runtime.stages import build_pipeline
    from monitor.store.context import open_app

    app = open_app(str(ROOT / "config" / "wenzheng.toml"), database_url=url)
    pipeline = build_pipeline(app)  # at the configured batch size unless told
    if batch_size is not None:
        pipeline.batch_size = batch_size
    pipeline.stages.warm_up()

    def items():
        for raw in generate_backlog(n, app.matrix, seed):
            yield from parse_payload(raw)

    import monitor
    print(f"code: {Path(monitor.__file__).resolve().parents[1]}")
    report = pipeline.ingest(items(), channel="bench")
    now = dt.datetime.now(dt.UTC)
    meta = MetaData()
    meta.reflect(app.engine, only=list(TABLES))
    out: dict[str, Any] = {"report": {"new": report.new, "cases_opened": report.cases_opened,
                                      "events": report.events, "orphans": report.orphans}}
    with app.engine.connect() as conn:
        ev = meta.tables["case_events"]
        names: dict[int, str] = {}
        place: dict[int, int] = {}
        for eid, cid, kind in conn.execute(select(ev.c.id, ev.c.case_id, ev.c.kind)
                                           .order_by(ev.c.case_id, ev.c.at, ev.c.id)):
            place[cid] = place.get(cid, 0) + 1
            names[eid] = f"case {cid} event {place[cid]} ({kind})"
        for name in TABLES:
            table = meta.tables[name]
            cols = [c.name for c in table.columns if not (name in ID_ONLY_ORDERS and c.name == "id")]
            order = ([table.c.case_id, table.c.at, table.c.id] if name == "case_events"
                     else [table.c.id])
            rows = [_rename_events(_plain(dict(zip(cols, r, strict=True)), now), names)
                    for r in conn.execute(select(*[table.c[c] for c in cols]).order_by(*order))]
            if name in ID_ONLY_ORDERS and name != "case_events":
                rows.sort(key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False, default=str))
            out[name] = rows
    app.engine.dispose()
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    diffs: dict[str, Any] = {}
    for name in ("report", *TABLES):
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        if isinstance(x, list) and isinstance(y, list):
            first = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            diffs[name] = {"rows": [len(x), len(y)], "first_difference": first,
                           "a": x[first] if first < len(x) else None,
                           "b": y[first] if first < len(y) else None}
        else:
            diffs[name] = {"a": x, "b": y}
    return diffs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(ROOT), help="the code tree to ingest with (default: this one)")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", "--batch-size", dest="batch", type=int, default=None,
                    help="items a transaction (default: the config's [database].batch_size, as shipped)")
    ap.add_argument("--database-url", default=None,
                    help="default: a fresh SQLite file; PostgreSQL: a fresh database beside this one")
    ap.add_argument("--out", help="write the dump here")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two dumps")
    args = ap.parse_args()

    if args.compare:
        a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.compare)
        diffs = compare(a, b)
        for name, d in diffs.items():
            print(f"{name}: differs: {json.dumps(d, ensure_ascii=False, default=str)[:2000]}")
        counts = {k: len(v) for k, v in a.items() if isinstance(v, list)}
        print(f"rows compared: {counts}")
        print(json.dumps({"identical": not diffs, "differing": sorted(diffs), "rows": counts}))
        sys.exit(0 if not diffs else 1)
    if not args.out:
        ap.error("give --out FILE (or --compare A B)")

    sys.path.insert(0, str(Path(args.root).resolve()))
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{tmp.name}/parity.db"
    admin_url = None
    if make_url(url).get_backend_name() == "postgresql":
        from monitor.store.db import make_engine
        admin_url, db = url, f"wz_parity_{uuid.uuid4().hex[:8]}"
        admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{db}"'))
        url = make_url(url).set(database=db).render_as_string(hide_password=False)
    try:
        result = dump(url, args.n, args.seed, args.batch)
    finally:
        if admin_url is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            admin.dispose()
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, default=str),
                              encoding="utf-8")
    counts = {k: len(v) for k, v in result.items() if isinstance(v, list)}
    print(f"{args.out}: {counts}")
    print(json.dumps({"out": args.out, "rows": counts}))


if __name__ == "__main__":
    main()
