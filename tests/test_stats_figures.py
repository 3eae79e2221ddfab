"""Every figure ``compute_stats`` returns and every byte of the bulletin stay what they were, on a
generated year with everything the statistics read (both backends).

Why a recorded reference: the statistics are being made faster by changing *how* they are
computed (which table a figure is read from, which pass computes it), and the promise is that no
figure moves. ``tests/test_stats_parity.py`` checks the grouped pass against a pass per key; this
test checks the whole output, clusters, stories, quotes, risk counts, keywords and the bulletin's
HTML included, against what the code computed when the reference was recorded (per backend:
SQLite's durations come from ``julianday`` rounded to the millisecond, PostgreSQL's from an exact
interval, so a mean can differ in its last digit between the two).

The reference holds one SHA-256 per top-level key of each run (and of the bulletin), so that a
failure names the figures that moved. To record it again after a change that is *meant* to move
figures: ``WZ_RECORD_FIGURES=1 .venv/bin/pytest -q tests/test_stats_figures.py`` (both backends),
and say in the commit which figures moved and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, insert, select, update

from bench.stats import generate
from monitor.report import render_bulletin
from monitor.stats import Period, compute_stats, outcomes
from monitor.stats.cohort import Cohort
from monitor.stats.scope import Scope, Slice
from monitor.store.activity import AccountPost, AccountSnapshot, ActivityRead
from monitor.store.models import Account, Assignment, Case, CaseEvent, Cluster, Mention

#: one file per backend (``figures-sqlite.json``, ``figures-postgresql.json``), so that recording
#: both at once (``-n 2``) cannot have one worker overwrite the other's
REFERENCE = Path(__file__).parent / "fixtures" / "stats"
NOW = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
UTC = dt.UTC
#: (name, period, compute_stats keyword arguments): the slices the console and the CLI offer
RUNS: list[tuple[str, Period, dict[str, Any]]] = [
    ("june", Period.month(2025, 6), {}),
    ("june-region", Period.month(2025, 6), {"region": "第3区"}),
    ("june-district", Period.month(2025, 6), {"account_id": "d03"}),
    ("june-type-domain", Period.month(2025, 6), {"type": "complaint", "domain": "交通"}),
    ("june-channel", Period.month(2025, 6), {"channel": "12345"}),
    ("june-running", Period.month(2025, 6), {"as_of": dt.datetime(2025, 6, 17, 5, tzinfo=UTC)}),
    ("january", Period.month(2025, 1), {}),
    ("q2", Period.parse("2025-Q2"), {}),
]


def _vary(engine: Any) -> None:
    """Keys left empty or varied here and there, as real data has them."""
    with engine.begin() as conn:
        for mod, values in ((17, {"domain": None, "subtopic": None}), (13, {"subtopic": None}),
                            (11, {"type": None}), (7, {"region": None}), (29, {"region": ""}),
                            (5, {"channel": "12345"}), (19, {"lead_account_id": None}),
                            (23, {"first_response_due": None}), (31, {"closure_due": None}),
                            (61, {"keywords": []}), (67, {"keywords": ["物业", "停车", "噪音"]}),
                            (71, {"metrics": {}}),
                            (7 * 3, {"metrics": {"reads": 40, "comments": 3, "attitudes": 9}}),
                            (37, {"risk": [{"flag": "self_harm", "severity": "critical"}]}),
                            (53, {"risk": [{"flag": "minor_in_danger"}, {"flag": "threat"}]}),
                            (59, {"risk": [{"flag": "safety_hazard"}, {"flag": "safety_hazard"}]})):
            conn.execute(update(Case).where(Case.id % mod == 0).values(**values))
        conn.execute(update(Case).where(Case.id % 47 == 0)
                     .values(supervised_at=Case.received_at))


def _enrich(engine: Any) -> None:
    """What the bench's generator leaves out: assignments (lead and co-handlers), clusters with
    chasers, closure results and reply texts, citizens' feedback with its mention, and the
    matrix's own activity."""
    rng = random.Random(23)
    with engine.begin() as conn:
        cases = conn.execute(select(Case.id, Case.received_at, Case.lead_account_id, Case.domain,
                                    Case.subtopic, Case.joint, Case.satisfaction, Case.closed_at)
                             .order_by(Case.id)).all()
        accounts = [a for (a,) in conn.execute(select(Account.id).order_by(Account.id))]
        assigns = []
        for c in cases:
            if c.lead_account_id:
                assigns.append({"case_id": c.id, "account_id": c.lead_account_id, "role": "lead",
                                "assigned_at": c.received_at, "active": True, "rule": ""})
            if c.joint or c.id % 41 == 0:
                for k in range(1 + c.id % 3):
                    late = c.id % 43 == 0 and k == 0  # assigned after every period's end
                    assigns.append({"case_id": c.id, "account_id": rng.choice(accounts), "role": "co",
                                    "assigned_at": dt.datetime(2026, 3, 1, tzinfo=UTC) if late
                                    else c.received_at + dt.timedelta(hours=k + 1),
                                    "active": c.id % 41 != 0, "rule": ""})
        conn.execute(insert(Assignment), assigns)
        # clusters: a run of nearby cases, some across a month's boundary, some unnamed
        by_id = {c.id: c for c in cases}
        members_of: dict[int, list[Any]] = {}
        anchor = 3
        n_cluster = 0
        while anchor < len(cases) - 30:
            size = 2 + rng.randrange(7)
            members = [by_id[anchor + 3 * k] for k in range(size)]
            n_cluster += 1
            first = members[0]
            named = n_cluster % 9 != 0
            cid = conn.execute(insert(Cluster).values(
                place=f"第{n_cluster}片区" if named else "", problem=("积水" if n_cluster % 2 else "停车难")
                if named else "", domain=first.domain, subtopic=first.subtopic,
                lead_account_id=first.lead_account_id, co_account_ids=[], members=size,
                chasers=rng.randrange(4), reposts=rng.randrange(6),
                first_seen=members[0].received_at, last_seen=members[-1].received_at,
                created_at=members[0].received_at).returning(Cluster.id)).scalar_one()
            members_of[cid] = members
            conn.execute(update(Case).where(Case.id.in_([m.id for m in members])).values(cluster_id=cid))
            anchor += 25 + rng.randrange(40)
        events = []
        for cid, members in members_of.items():
            for m in members[::2]:
                events.append({"case_id": m.id, "kind": "follow_up", "at": m.received_at + dt.timedelta(hours=2),
                               "actor": "system", "account_id": None, "mention_id": None,
                               "data": {"chaser": m.id % 4 != 0}, "recorded_at": m.received_at})
        conn.execute(insert(CaseEvent), events)
        # closure results (some long, some with odd spacing, some none) and reply texts
        results = [{"cid": c.id, "data": {"result": f"经现场核查，已协调处理 第{c.id % 50}项\n  "
                                         + ("并完成整改回访" * (c.id % 3))}}
                   for c in cases if c.closed_at is not None and c.id % 4 != 0]
        conn.execute(update(CaseEvent).where(CaseEvent.case_id == bindparam("cid"), CaseEvent.kind == "closed")
                     .values(data=bindparam("data", type_=CaseEvent.data.type)).execution_options(synchronize_session=False), results)
        replies = [{"cid": c.id, "data": {"text": f"您好，已转交相关部门办理（{c.id}）" * (1 + c.id % 5)}}
                   for c in cases if c.id % 3 == 0]
        conn.execute(update(CaseEvent).where(CaseEvent.case_id == bindparam("cid"), CaseEvent.kind == "reply")
                     .values(data=bindparam("data", type_=CaseEvent.data.type)).execution_options(synchronize_session=False), replies)
        # citizens' feedback: satisfied follow-ups (short, long, with an @), a few unsatisfied
        texts = ("好", "问题已经解决了，感谢街道的工作人员", "@问政银川 谢谢，路灯已经修好了",
                 "非常满意" * 20, "回复@某街道: 已经处理好了，点赞")
        fb = [c for c in cases if c.closed_at is not None and c.satisfaction == "satisfied" and c.id % 5 == 0]
        for c in fb:
            at = c.closed_at + dt.timedelta(hours=3)
            mid = conn.execute(insert(Mention).values(
                platform="weibo", external_id=f"fb{c.id}", kind="comment", author_id=f"u{c.id}",
                role="citizen", text=texts[c.id // 5 % len(texts)], created_at=at, case_id=c.id,
                metrics={}, raw={}, ingested_at=at).returning(Mention.id)).scalar_one()
            conn.execute(insert(CaseEvent).values(
                case_id=c.id, kind="feedback", at=at, actor="system", mention_id=mid,
                data={"label": "unsatisfied" if c.id % 35 == 0 else "satisfied"}, recorded_at=at))
        # the matrix's own activity: twenty accounts on Weibo, snapshots and posts through the year
        active = accounts[:20]
        for i, a in enumerate(active):
            conn.execute(update(Account).where(Account.id == a).values(platform_ids={"weibo": f"{9000 + i}"}))
        snaps, posts = [], []
        for i, a in enumerate(active):
            for m in range(1, 13, 1 + i % 3):
                snaps.append({"account_id": a, "platform": "weibo", "followers": 1000 * i + 37 * m,
                              "taken_at": dt.datetime(2025, m, 1 + i % 20, 4, tzinfo=UTC)})
            for k in range(0, 360, 5 + i):
                at = dt.datetime(2025, 1, 1, 2, tzinfo=UTC) + dt.timedelta(days=k, hours=i)
                posts.append({"account_id": a, "platform": "weibo", "external_id": f"p{i}-{k}",
                              "posted_at": at, "reposts": k % 7, "comments": k % 5, "likes": k % 11,
                              "repost": k % 4 == 0, "text": "", "first_read_at": at, "read_at": at})
        conn.execute(insert(AccountSnapshot), snaps)
        conn.execute(insert(AccountPost), posts)
        conn.execute(insert(ActivityRead), [
            {"account_id": a, "platform": "weibo", "last_ok_at": dt.datetime(2025, 12, 30, tzinfo=UTC),
             "last_error": "HTTP 502" if i % 6 == 0 else None,
             "last_error_at": dt.datetime(2025, 12, 31, tzinfo=UTC) if i % 6 == 0 else None,
             "failures": 0, "next_at": None, "incomplete": False} for i, a in enumerate(active)])


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _figures(db: Any) -> tuple[dict[str, dict[str, str]], dict[str, Any]]:
    """Per run, a digest per top-level key of ``compute_stats`` and one of the bulletin's HTML;
    and June's statistics themselves."""
    out: dict[str, dict[str, str]] = {}
    runs: dict[str, Any] = {}
    with db.session() as s:
        for name, period, kw in RUNS:
            st = runs[name] = compute_stats(s, period, now=NOW, **kw)
            out[name] = {k: _digest(v) for k, v in sorted(st.items())}
            if not kw:  # the bulletin of the whole matrix (it renders compute_stats' own figures)
                out[name]["bulletin.html"] = _digest(render_bulletin(s, period, now=NOW))
            out[name]["received"] = str(st["received"])  # readable: what the run was about
            out[name]["clustered_cases"] = str(st["clustered_cases"])
    return out, runs["june"]


@pytest.fixture
def year(db):
    generate(db.engine, 6000, seed=19)
    _vary(db.engine)
    _enrich(db.engine)
    return db


def test_every_figure_as_recorded(year) -> None:
    got, june = _figures(year)
    path = REFERENCE / f"figures-{year.engine.dialect.name}.json"
    if os.environ.get("WZ_RECORD_FIGURES"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    want = json.loads(path.read_text())
    moved = {f"{run}.{k}" for run in want for k in want[run] if got.get(run, {}).get(k) != want[run][k]}
    assert not moved, f"figures moved: {sorted(moved)}"
    assert got == want
    # the data holds what the figures are about, so that a digest of nothing cannot pass
    assert june["received"] > 300 and june["clustered_cases"] > 20 and june["chasers"] > 5
    assert len(june["hot_clusters"]) == 10 and any(d["clusters"] for d in june["domain_hotspots"])
    assert june["resolved_clusters"]["clusters"] and june["resolved_clusters"]["by_subtopic"]
    assert len(june["case_stories"]) == 3 and june["citizen_quotes"] and june["departments_involved"] > 50
    assert {r["flag"] for r in june["risk"]} >= {"self_harm", "minor_domestic", "threat", "safety_hazard"}
    assert len(june["hot_topics"]) == 10 and june["most_engaged"] and june["overdue_open"]["count"] > 0
    assert june["supervised"] > 0 and june["matrix_activity"]["totals"]["posts"] > 0


@pytest.mark.parametrize("step, steps", [(1, 2), (7, 10**6)])
def test_latest_closures_walked_or_queried_alike(year, monkeypatch, step, steps) -> None:
    """这些事解决了's closure result per listed group: the walk over the latest closure events
    (``monitor.stats.outcomes._latest_closures``) in small steps, with the query per group taking
    over after two steps or never, gives the recorded figures for every run."""
    want = json.loads((REFERENCE / f"figures-{year.engine.dialect.name}.json").read_text())
    monkeypatch.setattr(outcomes, "_STEP", step)
    monkeypatch.setattr(outcomes, "_STEPS", steps)
    with year.session() as s:
        for name, period, kw in RUNS:
            scope = Scope.build(s, period, Slice(**{k: v for k, v in kw.items() if k != "as_of"}),
                                as_of=kw.get("as_of"), now=NOW)
            co = Cohort.build(s, scope)
            try:
                got = outcomes.resolved_by_subtopic(s, co)
            finally:
                co.drop(s)
            assert _digest(got) == want[name]["resolved_by_subtopic"], name
            assert any(r["example_result"] for r in got), name
