"""Clustering quality and cost: a labelled file through the real pipeline on a real database.

Each line of the file is one citizen's post, oldest first::

    {"id": "c0001", "problem": "P001", "text": "...", "created_at": "2026-10-12T08:15:00+08:00",
     "author": {"id": "u1001", "name": "..."}, "kind": "report"|"chaser"|"same_question", "note": "..."}

``problem`` is the true cluster. Every line becomes a Weibo post addressed to the hub account and
goes through classification, routing, chaser detection and clustering exactly as live traffic
does. A post's predicted group is the cluster of the case it landed on (the case itself when it
stands alone); a chaser lands on the case it follows up.

Prints only aggregate figures (the file may be a blind evaluation set): pairwise precision and
recall of the grouping, chaser accuracy (a chaser is right when it became a follow-up on its own
author's case about the same problem), µs per post end to end. Targets (issue 14): precision
>= 0.95, recall >= 0.85. Last line: one JSON object.

    .venv/bin/python bench/cluster.py [--file tests/fixtures/cluster/eval.jsonl] [--database-url URL]

"Cluster" also names several daemons sharing one database (issue 17): with ``--daemons N`` this
script hands over to ``bench/daemons.py`` with the same arguments (mock platform, N daemons, a
kill -9 half-way, duplicates, take-over time and throughput against one daemon)::

    .venv/bin/python bench/cluster.py --daemons 3 --database-url postgresql://… --n 6000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from monitor.core.types import Item  # noqa: E402
from monitor.runtime.stages import build_pipeline  # noqa: E402
from monitor.store.context import open_app  # noqa: E402
from monitor.store.models import Case, Cluster, Mention  # noqa: E402


def read(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                dt.datetime.fromisoformat(row["created_at"])
                row["author"]["id"], row["text"], row["problem"]  # noqa: B018 - required keys
            except (ValueError, KeyError, TypeError) as err:
                sys.exit(f"{path}:{lineno}: not a labelled post ({type(err).__name__}: {err})")
            rows.append(row)
    return moved_into_the_past(rows)


def moved_into_the_past(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A set written ahead of time (dated after today) moved back by whole weeks to end before now.

    The pipeline rejects platform times more than a little ahead of our clock (clock skew,
    ``monitor.core.limits``), so a spring set run in winter would be dead-lettered whole. Whole
    weeks keep every weekday and every gap between posts, which is all clustering reads.
    """
    times = [dt.datetime.fromisoformat(r["created_at"]) for r in rows]
    if not times:
        return rows
    ahead = max(times) - dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    if ahead <= dt.timedelta(0):
        return rows
    shift = dt.timedelta(weeks=-(-ahead.days // 7) + 1)
    print(f"# the file's newest post is in the future: every post moved back {shift.days // 7} weeks",
          file=sys.stderr)
    return [{**r, "created_at": (t - shift).isoformat()} for r, t in zip(rows, times, strict=True)]


def posts_as_items(rows: list[dict[str, Any]], hub_name: str) -> list[Item]:
    """Each labelled post as a Weibo item @-mentioning the hub, ids ``bench-<n>`` in file order.

    A post with ``reply_to`` (optional: the file id of the earlier post it is a comment under or
    a repost of) comes as the platform gives it (``adapters/weibo/normalize.py``): a repost (its
    text passes a chain on, ``//@…``) is a status whose original is the first post of the chain,
    anything else a comment under that post (answering the comment it names, when it names one),
    each with the ids and words of what it answers or passes on, nearest first. Without
    ``reply_to`` a post is a status of its own, as before.
    """
    index = {r.get("id"): i for i, r in enumerate(rows) if r.get("id") is not None}
    items: list[Item] = []
    for i, r in enumerate(rows):
        base = Item(platform="weibo", external_id=f"bench-{i}", kind="status", author_id=r["author"]["id"],
                    author_name=r["author"].get("name") or r["author"]["id"], text=r["text"],
                    created_at=dt.datetime.fromisoformat(r["created_at"]), mentioned_names=(hub_name,))
        j = index.get(r.get("reply_to"))
        items.append(base if j is None or j >= i else _answering(base, items[j]))
    return items


def _answering(item: Item, parent: Item) -> Item:
    """``item`` as a comment under ``parent`` (or a reply to it, when ``parent`` is a comment), or
    as a repost of it when its text passes a chain on; the fields ``normalize`` fills."""
    if "//@" in item.text and parent.kind == "status":
        # a repost's original is the chain's first post, whatever it passes on
        orig = parent.parent_id or parent.external_id
        words = parent.context[-1] if parent.parent_id and parent.context else parent.text
        author = parent.parent_author_id if parent.parent_id else parent.author_id
        return replace(item, thread_root_id=orig, parent_id=orig, parent_author_id=author,
                       context_ids=(orig,), context=(words,))
    if parent.kind == "comment":  # a reply: the comment it answers, then that comment's post…
        k = parent.context_ids.index(parent.parent_id) if parent.parent_id in parent.context_ids else 0
        return replace(item, kind="comment", thread_root_id=parent.parent_id, parent_id=parent.parent_id,
                       parent_author_id=parent.parent_author_id, reply_to_id=parent.external_id,
                       context_ids=(parent.external_id, *parent.context_ids[k:]),
                       context=(parent.text, *parent.context[k:]))
    ids, words = (parent.external_id,), (parent.text,)
    if parent.parent_id and parent.context:  # the post is a repost: its original too
        ids, words = (*ids, parent.context_ids[-1]), (*words, parent.context[-1])
    return replace(item, kind="comment", thread_root_id=parent.external_id, parent_id=parent.external_id,
                   parent_author_id=parent.author_id, context_ids=ids, context=words)


def pairs(labels: list[str]) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(i)
    return {(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1:]}


def main() -> None:
    if any(a == "--daemons" or a.startswith("--daemons=") for a in sys.argv[1:]):
        daemons = Path(__file__).with_name("daemons.py")  # several daemons: that bench's job
        os.execv(sys.executable, [sys.executable, str(daemons), *sys.argv[1:]])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default=str(ROOT / "tests" / "fixtures" / "cluster" / "eval.jsonl"))
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    ap.add_argument("--config", default=str(ROOT / "config" / "wenzheng.toml"))
    args = ap.parse_args()

    rows = read(Path(args.file))
    tmp = tempfile.TemporaryDirectory()
    app = open_app(args.config, database_url=args.database_url or f"sqlite:///{tmp.name}/bench.db")
    hub = app.matrix.hub
    pipeline = build_pipeline(app)
    pipeline.stages.warm_up()
    items = posts_as_items(rows, hub.name)

    t0 = time.perf_counter()
    report = pipeline.ingest(items, channel="bench")
    seconds = time.perf_counter() - t0

    with app.sessions() as s:
        case_of = dict(s.execute(select(Mention.external_id, Mention.case_id)
                                 .where(Mention.external_id.like("bench-%"))).all())
        cases = {c.id: c for c in s.scalars(select(Case))}
        clusters = s.scalar(select(Cluster.id).order_by(Cluster.id.desc()).limit(1)) or 0
    ids = [f"bench-{i}" for i in range(len(rows))]
    predicted = []
    for ext in ids:
        case = cases.get(case_of.get(ext) or -1)
        predicted.append(f"cluster{case.cluster_id}" if case and case.cluster_id else
                         f"case{case.id}" if case else f"lost{ext}")
    truth = [r["problem"] for r in rows]
    p_pairs, t_pairs = pairs(predicted), pairs(truth)
    tp = len(p_pairs & t_pairs)
    precision = tp / len(p_pairs) if p_pairs else 1.0
    recall = tp / len(t_pairs) if t_pairs else 1.0

    problem_of_root = {ids[i]: rows[i]["problem"] for i in range(len(rows))}
    chasers = [i for i, r in enumerate(rows) if r.get("kind") == "chaser"]
    right = 0
    for i in chasers:
        case = cases.get(case_of.get(ids[i]) or -1)
        if (case is not None and case.root_external_id != ids[i]
                and case.citizen_id == rows[i]["author"]["id"]
                and problem_of_root.get(case.root_external_id) == rows[i]["problem"]):
            right += 1
    kinds = Counter(r.get("kind", "report") for r in rows)
    # where the misses come from, as shares (no content): posts whose case names no place, no
    # domain word or no problem of monitor/cluster/problems.toml, true problems split over several
    # groups, groups holding several problems
    sigs = [cases[cid].cluster_sig or {} for cid in {case_of.get(x) for x in ids} if cid in cases]
    by_problem: dict[str, set[str]] = {}
    by_group: dict[str, set[str]] = {}
    for lab, truth_lab in zip(predicted, [r["problem"] for r in rows], strict=True):
        by_problem.setdefault(truth_lab, set()).add(lab)
        by_group.setdefault(lab, set()).add(truth_lab)
    figures = {
        "posts": len(rows), "problems": len(set(truth)), "reports": kinds.get("report", 0),
        "chasers": len(chasers), "same_questions": kinds.get("same_question", 0),
        "cases": report.cases_opened, "clusters": clusters,
        "precision": round(precision, 4), "recall": round(recall, 4),
        # the counts behind both, so that several sets can be pooled pair by pair
        "pairs_right": tp, "pairs_predicted": len(p_pairs), "pairs_true": len(t_pairs),
        "chasers_right": right,
        "chaser_accuracy": round(right / len(chasers), 4) if chasers else None,
        "us_per_post": round(seconds / max(1, len(rows)) * 1e6, 1),
        "cases_without_place": round(sum(1 for g in sigs if not g.get("places")) / max(1, len(sigs)), 3),
        "cases_without_domain": round(sum(1 for g in sigs if g.get("domain") in (None, "", "其他"))
                                      / max(1, len(sigs)), 3),
        "cases_without_problem": round(sum(1 for g in sigs if not g.get("issues")) / max(1, len(sigs)), 3),
        "groups_per_problem": round(sum(len(v) for v in by_problem.values()) / max(1, len(by_problem)), 2),
        "mixed_groups": sum(1 for v in by_group.values() if len(v) > 1),
        "lost": sum(1 for lab in predicted if lab.startswith("lost")),
        "backend": app.engine.dialect.name,
    }
    app.close()
    if figures["lost"]:  # dead-lettered posts would read as perfect precision: say so loudly
        print(f"# {figures['lost']} posts reached no case (dead-lettered: see the log above)", file=sys.stderr)
    width = max(len(k) for k in figures)
    print(f"{'figure':<{width}}  value")
    print("-" * (width + 12))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v}")
    print("targets: precision >= 0.95, recall >= 0.85")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
