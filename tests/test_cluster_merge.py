"""Two clusters of one event merged during ingest (issue 14, fifth session of 2026-12-03).

A water main bursts at a crossing; the estates it leaves dry report their taps first, and form a
cluster at the estate, while passers-by report the burst at the crossing and form another. A
later report that names both, the burst at the crossing and the estate without water, shows
they are one event: the two clusters become one. The older cluster stays, with its lead; each
member keeps its own case and its own reply obligation; the merge is recorded on every moved
member, with why; ``case uncluster --merge`` puts them back. A 同问 naming both, two clusters of
unrelated problems named in one report, or two roads alone merge nothing. The sentences are new
ones, written for these tests.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from test_cluster import ROOT, app, case_of, ingest, runner  # noqa: F401 - the pipeline on each backend

from monitor import cli
from monitor.cluster.ops import cluster_detail, set_cluster_handlers
from monitor.core.timeutil import utcnow
from monitor.store.context import App
from monitor.store.models import Case, CaseEvent, Cluster
from tests.conftest import Database

ESTATE_DRY = [
    ("e1", "枫丹白露小区从早上六点就没水了，物业也说不清楚怎么回事", 0),
    ("e2", "枫丹白露小区停水一上午了，孩子放学回来连口水都喝不上", 15),
]
BURST_SEEN = [
    ("p1", "银新路德胜街路口水管爆了，水往路上冒", 25),
    ("p2", "银新路德胜街路口爆管，一大片都是水，车过不去", 35),
]
BOTH = [("b1", "银新路德胜街路口爆管了，我们枫丹白露小区一上午没水就是因为这个吧", 60)]


def _clustered(app: App) -> dict[int, list[dict]]:
    with app.sessions() as s:
        out: dict[int, list[dict]] = {}
        for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "clustered").order_by(CaseEvent.id)):
            out.setdefault(e.case_id, []).append(dict(e.data))
        return out


def test_two_clusters_apart_until_a_report_names_both(app: App) -> None:  # noqa: F811
    ingest(app, ESTATE_DRY + BURST_SEEN, batch_size=1)
    estate, burst = case_of(app, 0).cluster_id, case_of(app, 2).cluster_id
    assert estate is not None and burst is not None and estate != burst
    assert case_of(app, 1).cluster_id == estate and case_of(app, 3).cluster_id == burst


def test_a_report_naming_the_burst_and_the_dry_estate_merges_their_clusters(app: App) -> None:  # noqa: F811
    ingest(app, ESTATE_DRY + BURST_SEEN, batch_size=1)
    estate, burst = case_of(app, 0).cluster_id, case_of(app, 2).cluster_id
    with app.sessions.begin() as s:  # the younger cluster had another lead: the older one's stays
        lead = s.get(Cluster, estate).lead_account_id
        other = next(a for a in sorted(app.matrix.by_id) if a != lead)
        set_cluster_handlers(s, burst, lead=other, co=[], actor="test", now=utcnow())
    ingest(app, BOTH, start=4, batch_size=1)
    cases = [case_of(app, i) for i in range(5)]
    assert {c.cluster_id for c in cases} == {estate}, "one event, one cluster: the older one"
    assert len({c.id for c in cases}) == 5, "every citizen keeps a case of their own"
    assert {c.lead_account_id for c in cases} == {lead}
    with app.sessions() as s:
        kept, gone = s.get(Cluster, estate), s.get(Cluster, burst)
        assert (kept.members, gone.members) == (5, 0)
    events = _clustered(app)
    for moved in cases[2:4]:
        merged = events[moved.id][-1]
        assert merged["how"] == "merged" and merged["from"] == burst and merged["cluster"] == estate
        assert merged["by_case"] == cases[4].id and merged["places"] and merged["other_places"]
    bridged = events[cases[4].id][-1]
    assert bridged["how"] == "bridged" and bridged["merged"] == burst
    with app.sessions() as s:  # the operator sees it on the cluster's page
        shown = cluster_detail(s, estate)
    assert shown is not None and {m["join"].get("how") for m in shown["members"]} >= {"merged", "bridged"}


def test_one_batch_merges_as_case_by_case_does(app: App) -> None:  # noqa: F811
    ingest(app, ESTATE_DRY + BURST_SEEN + BOTH, batch_size=500)
    cases = [case_of(app, i) for i in range(5)]
    assert len({c.cluster_id for c in cases}) == 1 and cases[0].cluster_id is not None
    with app.sessions() as s:
        assert s.get(Cluster, cases[0].cluster_id).members == 5


def test_case_uncluster_merge_puts_the_moved_cases_back(app: App, db: Database) -> None:  # noqa: F811
    ingest(app, ESTATE_DRY + BURST_SEEN, batch_size=1)
    estate = case_of(app, 0).cluster_id
    burst_case = case_of(app, 2)
    with app.sessions.begin() as s:  # the burst's cluster was heated by two chasers and three reposts
        heated = s.get(Cluster, burst_case.cluster_id)
        heated.chasers, heated.reposts = 2, 3
        before = {c: (s.get(Cluster, c).chasers, s.get(Cluster, c).reposts) for c in (estate, heated.id)}
    ingest(app, BOTH, start=4, batch_size=1)
    with app.sessions() as s:  # the heat went with the merge
        kept = s.get(Cluster, estate)
        assert (kept.chasers, kept.reposts) == (before[estate][0] + 2, before[estate][1] + 3)
    env = {"WENZHENG_DATABASE_URL": db.url}
    cfg = str(ROOT / "config" / "wenzheng.toml")
    r = runner.invoke(cli.app, ["case", "uncluster", str(burst_case.id), "--merge", "--json", "--config", cfg],
                      env=env)
    assert r.exit_code == 0, r.stdout + r.stderr
    back = json.loads(r.stdout)["cluster_id"]
    assert back not in (None, estate)
    assert case_of(app, 3).cluster_id == back, "the whole merge is undone, not one case"
    assert case_of(app, 0).cluster_id == case_of(app, 1).cluster_id == estate
    with app.sessions() as s:  # the counters follow the cases
        for cid in (back, estate):
            assert s.get(Cluster, cid).members == len(s.scalars(select(Case.id).where(Case.cluster_id == cid)).all())
        assert (s.get(Cluster, back).chasers, s.get(Cluster, back).reposts) == before[back]
        assert (s.get(Cluster, estate).chasers, s.get(Cluster, estate).reposts) == before[estate]
    # a case that came by no merge has none to undo
    r = runner.invoke(cli.app, ["case", "uncluster", str(case_of(app, 1).id), "--merge", "--config", cfg],
                      env=env)
    assert r.exit_code == 1 and "合并" in r.stderr


def test_an_echo_naming_both_places_merges_nothing(app: App) -> None:  # noqa: F811
    ingest(app, ESTATE_DRY + BURST_SEEN + [("b2", "同问，银新路德胜街路口爆管，枫丹白露小区也没水", 60)],
           batch_size=1)
    assert case_of(app, 0).cluster_id != case_of(app, 2).cluster_id


def test_a_report_naming_two_places_with_unrelated_problems_merges_nothing(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("n1", "枫丹白露小区门口烧烤摊油烟太大，窗户都不敢开", 0),
        ("n2", "枫丹白露小区楼下烧烤油烟呛人", 20),
        ("n3", "银新路德胜街路口井盖丢了，晚上很危险", 30),
        ("n4", "银新路德胜街路口井盖没了，差点掉进去", 40),
        ("n5", "银新路德胜街路口井盖丢了好几天，枫丹白露小区门口油烟也没人管", 70),
    ], batch_size=1)
    assert case_of(app, 0).cluster_id != case_of(app, 2).cluster_id


MORE_BURST = [
    ("p3", "银新路德胜街路口水管爆裂，路面全是水", 40),
    ("p4", "银新路德胜街路口自来水管爆了，赶紧派人来修", 42),
    ("p5", "银新路德胜街路口爆管冒水半天了，没人管", 44),
    ("p6", "银新路德胜街路口的水管爆开了，水漫到人行道上", 46),
]


def test_a_merge_reads_once_whatever_the_members_it_moves(app: App) -> None:  # noqa: F811
    """Issue 19: the merge moved each member with two reads of its own (the kept cluster's accounts
    again, the member's open queue entries alone): 0.174 -> 0.237 statements a mention at 5,000.
    Its reads are made once for all the members it moves, and what each member gets is the same:
    the kept cluster's lead, and an 无法分派 entry settled by it."""
    from sqlalchemy import event

    from monitor.handling.queue import open_entry
    from monitor.store.models import QueueEntry

    ingest(app, ESTATE_DRY + BURST_SEEN + MORE_BURST, batch_size=1)
    estate, burst = case_of(app, 0).cluster_id, case_of(app, 2).cluster_id
    movers = [case_of(app, i) for i in range(2, 8)]
    assert burst is not None and estate != burst and {c.cluster_id for c in movers} == {burst}
    with app.sessions.begin() as s:  # the younger cluster had another lead; two members wait for a person
        lead = s.get(Cluster, estate).lead_account_id
        other = next(a for a in sorted(app.matrix.by_id) if a != lead)
        set_cluster_handlers(s, burst, lead=other, co=[], actor="test", now=utcnow())
        for c in movers[:2]:
            open_entry(s, c.id, "unroutable", at=utcnow())
    reads: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().startswith(("SELECT accounts.", "SELECT queue_entries.")):
            reads.append(statement.split()[1].split(".")[0])

    event.listen(app.engine, "before_cursor_execute", count)
    try:
        ingest(app, BOTH, start=8, batch_size=1)
    finally:
        event.remove(app.engine, "before_cursor_execute", count)
    moved = [case_of(app, i) for i in range(2, 8)]
    assert {c.cluster_id for c in moved} == {estate} and {c.lead_account_id for c in moved} == {lead}
    assert reads.count("accounts") <= 1, reads
    assert reads.count("queue_entries") <= 3, reads  # the merge's one, the batch's own two
    with app.sessions() as s:
        left = s.scalars(select(QueueEntry).where(QueueEntry.case_id.in_([c.id for c in movers[:2]]),
                                                  QueueEntry.reason == "unroutable")).all()
        assert len(left) == 2 and all(e.resolved_at is not None for e in left)
