"""Several daemons on one database (issue 17), as an operator runs them: separate processes.

Two ``wenzheng run`` processes start together on an *empty* PostgreSQL database (one migrates,
the other waits) and share the mock Weibo platform (``wenzheng mock weibo``, its own process)
and a mock WeCom robot. Each source is polled by exactly one of them; killing the holder of a
source with SIGKILL moves its leases to the other; every item the platform served is stored
once and every alert reaches its robot once. On SQLite a second daemon refuses to start.

The process helpers are the benchmark's (``bench/daemons.py``), so this test runs exactly what
the benchmark measures; the benchmark, not this test, measures how fast.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import sys
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from adapters.notify.mockbase import MockState
from adapters.notify.wecom.mock import start_mock as start_robot
from monitor.access.users import add_user, issue_token
from monitor.runtime.daemon import Daemon
from monitor.store.db import AnotherDaemon, current_revision, head_revision, make_engine, upgrade
from monitor.store.models import CaseAlert, CaseEvent, DaemonRow, Lease, Mention, Notification
from tests.conftest import PG_ADMIN_URL, ROOT

spec = importlib.util.spec_from_file_location("bench_daemons", ROOT / "bench" / "daemons.py")
assert spec is not None and spec.loader is not None
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_daemons"] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)

INTERVAL = 1.0


@pytest.fixture
def empty_pg():
    url = bench.fresh_database(PG_ADMIN_URL)
    yield url
    bench.drop_database(PG_ADMIN_URL, url)


async def metrics_polls(url: str, token: str) -> dict[str, float]:
    """Successful polls per lease (a source, or a source's lane: ``weibo-01/comments/to_me``), from
    one daemon's own /metrics (a viewer's token, as Prometheus)."""
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http, \
            http.get(url + "metrics") as r:
        body = await r.text()
    found = re.findall(r'wenzheng_polls_total\{outcome="ok",source="([^"]+)"\} ([\d.]+)', body)
    lanes = re.findall(r'wenzheng_lane_polls_total\{lane="([^"]+)",outcome="ok",source="([^"]+)"\} ([\d.]+)',
                       body)
    return {source: float(n) for source, n in found} | {f"{source}/{lane}": float(n)
                                                          for lane, source, n in lanes}


async def healthz(url: str) -> dict:
    async with aiohttp.ClientSession() as http, http.get(url + "healthz") as r:
        return await r.json()


async def wait_until(predicate, timeout: float = 120.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = await asyncio.to_thread(predicate)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached within {timeout:.0f} s")
        await asyncio.sleep(0.2)


@pytest.mark.slow
@pytest.mark.parametrize("sources,partitions", [(4, 1), (1, 4)])
async def test_two_daemons_share_sources_take_over_and_send_each_alert_once(empty_pg, tmp_path, sources,
                                                                              partitions):
    """Shared by whole sources (4 sources), or by lanes: one source in 4 lanes (its posts split by
    author, each lane leased apart), so the two daemons each poll lanes of the same source, and
    killing one moves its lanes to the other."""
    url = empty_pg
    leases = sources * partitions
    robot_runner, robot = await start_robot("127.0.0.1", 0, MockState(rate_per_minute=1_000_000))
    robot_url = f"http://127.0.0.1:{robot_runner.addresses[0][1]}"
    fleet = bench.Fleet(config=bench.write_config(tmp_path / "first", weibo_url="http://127.0.0.1:1/2/",
                                                  robot_url=robot_url, sources=sources, interval=INTERVAL,
                                                  heartbeat=0.3, lease_seconds=INTERVAL, partitions=partitions),
                        database_url=url, logs=tmp_path / "logs")
    engine = make_engine(url)
    try:
        weibo_url = await fleet.start_mock(backlog=120, seed=11, rate=1.0)  # and new appeals live
        fleet.config = bench.write_config(tmp_path / "config", weibo_url=weibo_url, robot_url=robot_url,
                                          sources=sources, interval=INTERVAL, heartbeat=0.3,
                                          lease_seconds=INTERVAL, partitions=partitions)
        items = (await bench.mock_state(weibo_url))["items"]
        first, second = await fleet.start_daemon(), await fleet.start_daemon()

        def both_working() -> dict[int, str] | None:
            ids = bench.joined(url)
            if len(ids) < 2:
                return None
            owners = bench.lease_owners(url)
            sources = {n: o for n, o in owners.items() if n.startswith("source:")}
            if len(sources) == leases and all(sources.values()) and len(set(sources.values())) == 2:
                return ids
            return None

        ids = await wait_until(both_working, what="both daemons holding sources")
        assert first.returncode is None and second.returncode is None  # nobody died migrating
        assert current_revision(engine) == head_revision(engine)
        with engine.connect() as c:
            urls = dict(c.execute(select(DaemonRow.id, DaemonRow.url)).all())
        with Session(engine) as s, s.begin():
            add_user(s, "prometheus", "viewer", "scrape-password")
            token = issue_token(s, "prometheus")

        # each source is polled by exactly one daemon: over a window in which no lease moved, only
        # the holder's /metrics counts polls of it (at start the first daemon holds everything
        # until the second joins, so the counters before the window are not the question)
        for _ in range(600):  # the first polls take the backlog: wait for one poll of each
            # read the holders each time: with 1 s leases on a loaded machine a lease can lapse
            # for a moment (no holder) before its holder's next beat renews it
            owners = bench.lease_owners(url)
            sources = {n.split(":", 1)[1]: o for n, o in owners.items() if n.startswith("source:")}
            counts = {d: await metrics_polls(urls[d], token) for d in urls}
            if all(o in counts and counts[o].get(n, 0) >= 1 for n, o in sources.items()):
                break
            await asyncio.sleep(0.2)
        for _ in range(5):  # on a loaded machine a late heartbeat may move a lease: look again
            before = {d: await metrics_polls(urls[d], token) for d in urls}
            await asyncio.sleep(6 * INTERVAL)
            after = {d: await metrics_polls(urls[d], token) for d in urls}
            now = bench.lease_owners(url)
            if now == owners:
                break
            owners = now
            sources = {n.split(":", 1)[1]: o for n, o in owners.items() if n.startswith("source:")}
        assert now == owners, "leases kept moving while nobody joined or left"
        for name, owner in sources.items():
            polled_by = [d for d in urls if after[d].get(name, 0) > before[d].get(name, 0)]
            assert polled_by == [owner], (name, before, after)
        health = await healthz(urls[ids[first.pid]])
        assert health["daemon"] == ids[first.pid]
        assert {f"source:{n}" for n, h in health["holders"].items() if h == ids[first.pid]} <= set(health["leases"])
        assert {f"source:{n}" for n, h in health["lane_holders"].items() if h == ids[first.pid]} \
            <= set(health["leases"])
        if partitions > 1:  # one source, its lanes polled by both daemons at once
            assert len(health["lane_holders"]) == 4 and len(set(health["lane_holders"].values())) == 2
            assert health["holders"]["weibo-01"] == ", ".join(sorted(urls))

        # SIGKILL the daemon holding the sweep (or else the first): its leases move
        victim_id = owners["job:sla-sweep"]
        victim = first if ids[first.pid] == victim_id else second
        survivor = second if victim is first else first
        survivor_id = ids[survivor.pid]
        held = sorted(n for n, o in owners.items() if o == victim_id)
        assert any(n.startswith("source:") for n in held)  # it polls something that must move
        victim.send_signal(signal.SIGKILL)
        killed_at = bench.dt.datetime.now(bench.dt.UTC)
        await victim.wait()

        def moved() -> bool:
            now = bench.lease_owners(url)
            return all(now.get(n) == survivor_id for n in held)

        await wait_until(moved, what=f"leases {held} taken over by {survivor_id}")

        # nothing lost, nothing doubled; every alert sent once. New appeals keep coming, so
        # "everything served is stored" is checked at a moment between two polls
        await asyncio.sleep(3 * INTERVAL)
        for _ in range(600):
            state = await bench.mock_state(weibo_url)
            with engine.connect() as c:
                stored = c.execute(select(func.count()).select_from(Mention)).scalar_one()
                pending = c.execute(select(func.count()).select_from(Notification)
                                    .where(Notification.status == "pending")).scalar_one()
            if stored == state["served"] and pending == 0 and stored >= items:
                break
            await asyncio.sleep(0.1)

        # graceful hand-over: SIGTERM → the running poll and delivery finish, exit 0, leases
        # given back at once, the stop recorded; after it nothing moves, so the counts are final
        survivor.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(survivor.wait(), 60) == 0
        with engine.connect() as c:
            assert c.execute(select(func.count()).select_from(Lease).where(Lease.owner.is_not(None))).scalar_one() == 0
            stopped = c.execute(select(DaemonRow.stopped_at).where(DaemonRow.id == survivor_id)).scalar_one()
        assert stopped is not None

        state = await bench.mock_state(weibo_url)
        with engine.connect() as c:
            stored = c.execute(select(func.count()).select_from(Mention)).scalar_one()
            distinct = c.execute(select(func.count(func.distinct(Mention.external_id)))).scalar_one()
            sent = c.execute(select(func.count()).select_from(Notification)
                             .where(Notification.status == "sent", Notification.channel == "wecom")).scalar_one()
            steps = c.execute(select(CaseEvent.case_id, CaseEvent.data)
                              .where(CaseEvent.kind == "escalated")).all()
            ledger = c.execute(select(func.count()).select_from(CaseAlert)).scalar_one()
        assert stored == distinct == state["served"] and stored >= items
        # Each outbox row reaches the robot once. The one exception is physical, not timing: a
        # request the killed daemon had sent before SIGKILL, whose "sent" it never committed, is
        # sent again by the survivor (at-least-once, docs/deploy.md; the X-Wenzheng-Outbox header
        # lets a receiver drop it). Only such a repeat, straddling the kill, is allowed.
        per_row = bench.delivery_count(robot.messages, killed_at)
        evidence = (per_row, [(m.ref, m.at, killed_at) for m in robot.messages])
        assert per_row["deliveries_without_ref"] == 0, evidence
        assert 0 < per_row["rows_delivered"] <= sent, evidence
        assert per_row["duplicate_deliveries"] == per_row["duplicate_deliveries_at_kill"], evidence
        deliveries = Counter((m.robot, m.content) for m in robot.messages)
        assert max(deliveries.values()) <= 1 + per_row["duplicate_deliveries_at_kill"], evidence
        keyed = Counter((case_id, d["clock"], d["level"], d["due"]) for case_id, d in steps)
        assert keyed and max(keyed.values()) == 1 and ledger == len(keyed)
    finally:
        await fleet.stop()
        await robot_runner.cleanup()
        engine.dispose()


def test_concurrent_upgrades_of_an_empty_database_do_not_race(empty_pg):
    """Four processes' worth of upgrades at once: one migrates under the lock, none fails."""
    errors: list[BaseException] = []

    def one() -> None:
        engine = make_engine(empty_pg)
        try:
            upgrade(engine)
        except BaseException as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = make_engine(empty_pg)
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM leases")).scalar_one() == 0
    engine.dispose()


async def test_second_daemon_on_sqlite_refuses_with_a_clear_message(tmp_path, config_dir):
    url = f"sqlite:///{tmp_path / 'one.db'}"
    first = Daemon(config_dir / "wenzheng.toml", port=0, database_url=url)
    await first.start()
    try:
        second = Daemon(config_dir / "wenzheng.toml", port=0, database_url=url)
        with pytest.raises(AnotherDaemon) as err:
            await second.start()
        message = str(err.value)
        assert "already running" in message and "one.db" in message and "PostgreSQL" in message
        assert f"pid {os.getpid()}" in message
        second.app.close()
    finally:
        await first.stop()
    # the lock goes with the daemon: a new one starts
    third = Daemon(config_dir / "wenzheng.toml", port=0, database_url=url)
    await third.start()
    await third.stop()
    assert Path(f"{tmp_path / 'one.db'}.daemon.lock").exists()


async def test_daemons_and_sources_commands_show_who_holds_what(db, config_dir, monkeypatch):
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app

    _register_all()
    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    cfg = config_dir / "wenzheng.toml"
    daemon = Daemon(cfg, port=0, database_url=db.url)
    await daemon.start()
    try:
        me = daemon.membership.id
        runner = CliRunner()
        shown = await asyncio.to_thread(runner.invoke, app, ["daemons", "--json", "-c", str(cfg)])
        assert shown.exit_code == 0, shown.output
        rows = json.loads(shown.stdout)
        assert [r["id"] for r in rows] == [me] and rows[0]["state"] == "alive"
        polled = {f"source:{key}" for key in daemon.pollers}
        assert "source:weibo" in polled and set(rows[0]["leases"]) == {"job:sla-sweep",
                                                                       "job:matrix-activity", *polled}
        table = await asyncio.to_thread(runner.invoke, app, ["daemons", "-c", str(cfg)])
        assert "运行中" in table.stdout and "来源 weibo" in table.stdout and "时限巡检" in table.stdout
        assert "矩阵运营读取" in table.stdout
        sources = await asyncio.to_thread(runner.invoke, app, ["sources", "--json", "-c", str(cfg)])
        holders = {r["name"]: r["holder"] for r in json.loads(sources.stdout)}
        assert {name: holders[name] for name in daemon.runners} == {name: me for name in daemon.runners}
    finally:
        await daemon.stop()
    after = await asyncio.to_thread(CliRunner().invoke, app, ["daemons", "--json", "-c", str(cfg)])
    rows = json.loads(after.stdout)
    assert rows[0]["state"] == "stopped" and rows[0]["leases"] == []


def hold_first_writer(db, post) -> tuple[threading.Event, threading.Thread, dict[str, object]]:  # type: ignore[no-untyped-def]
    """A first writer ingesting ``post`` for the source "hub", in a thread, its commit held open.

    On return its transaction holds the post's rows, uncommitted; setting the returned event lets
    it commit. Its report lands in the returned dict under "first".
    """
    from monitor.intake.pipeline import Pipeline
    from monitor.store.models import Source
    from tests.factories import small_matrix

    with db.sessions.begin() as s:
        s.add(Source(name="hub", adapter="weibo", fingerprint="x", cursor={}))
    first = Pipeline(db.sessions, small_matrix())
    holding, release = threading.Event(), threading.Event()

    def hold(_session: Session) -> None:  # the first writer's commit, held open
        holding.set()
        assert release.wait(30)

    reports: dict[str, object] = {}
    one = threading.Thread(target=lambda: reports.update(first=first.ingest(
        [post], source_name="hub", cursor={"n": 1}, guard=hold)))
    one.start()
    assert holding.wait(30)
    return release, one, reports


def test_a_thread_another_writer_opens_meanwhile_is_joined_not_redone(db):
    """Two sources carry one post (it @-mentions the hub and a street) and their daemons ingest
    it at the same moment: the second waits for the first's commit at the unique key, then joins
    the case the first opened (the post skipped as stored, the member's reply attached to that
    case) instead of rolling its whole batch back and classifying it again."""
    if db.backend != "postgresql":
        pytest.skip("one writer at a time on SQLite: no concurrent transaction to join")
    from structlog.testing import capture_logs

    from monitor.intake.pipeline import Pipeline
    from monitor.store.models import Case
    from tests.factories import XQ_UID, comment, small_matrix, status

    post = status("501", "9001", "@问政银川 @兴庆区 小区门口停车太乱了", 0, mentions=("问政银川", "兴庆区"))
    reply = comment("601", XQ_UID, "您好，已转社区核实处理。", 30, on="501", on_author="9001", name="兴庆区")
    other = status("502", "9002", "@兴庆区 路灯坏了", 5, mentions=("兴庆区",))
    second = Pipeline(db.sessions, small_matrix())
    with capture_logs() as logs:
        release, one, reports = hold_first_writer(db, post)
        two = threading.Thread(target=lambda: reports.update(second=second.ingest([post, reply, other])))
        two.start()
        # the second writer now waits for the first's row; each look is its own transaction:
        # PostgreSQL keeps one snapshot of pg_stat_activity per transaction, and a first look
        # taken before the second writer got there would be read again for ever
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            for _ in range(300):
                if c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND wait_event_type = 'Lock'")).scalar_one():
                    break
                time.sleep(0.05)
            else:
                raise AssertionError("the second writer never waited for the first")
        release.set()
        one.join(30)
        two.join(30)
    events = [e["event"] for e in logs]
    assert "ingest.batch_conflict_retry" not in events
    assert events.count("ingest.joined_concurrent_writer") == 1
    got = reports["second"]
    assert (got.new, got.duplicates, got.cases_opened, got.events) == (2, 1, 1, 1)
    with db.session() as s:
        cases = {c.root_external_id: c.id for c in s.scalars(select(Case))}
        assert set(cases) == {"501", "502"}
        by_id = {m.external_id: m.case_id for m in s.scalars(select(Mention))}
        assert by_id == {"501": cases["501"], "601": cases["501"], "502": cases["502"]}
        kinds = s.execute(select(CaseEvent.case_id, CaseEvent.kind).order_by(CaseEvent.id)).all()
    assert sorted(kinds) == sorted([(cases["501"], "created"), (cases["501"], "reply"),
                                    (cases["502"], "created")])


def test_a_reply_stored_while_its_thread_opens_elsewhere_is_adopted(db):
    """One daemon opens a post's case while another stores the member's reply to it: neither sees
    the other's rows before commit, so the reply is stored as an orphan the case's adoption
    missed. The writer that commits second looks again and attaches it (reply event, once)."""
    if db.backend != "postgresql":
        pytest.skip("one writer at a time on SQLite: the reply always sees the case or is seen")
    from monitor.intake.pipeline import Pipeline
    from monitor.store.models import Case
    from tests.factories import XQ_UID, comment, small_matrix, status

    post = status("501", "9001", "@问政银川 小区门口停车太乱了", 0, mentions=("问政银川",))
    reply = comment("601", XQ_UID, "您好，已转社区核实处理。", 30, on="501", on_author="9001", name="兴庆区")
    second = Pipeline(db.sessions, small_matrix())
    release, one, reports = hold_first_writer(db, post)
    alone = second.ingest([reply])  # the case is not visible yet: an orphan, committed first
    assert (alone.orphans, alone.adopted_late) == (1, 0)
    release.set()
    one.join(30)
    assert reports["first"].adopted_late == 1
    assert second.ingest([reply]).adopted_late == 0  # looked at again: nothing left to adopt
    with db.session() as s:
        case_id = s.scalars(select(Case.id)).one()
        assert s.scalar(select(Mention.case_id).where(Mention.external_id == "601")) == case_id
        kinds = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
    assert kinds == ["created", "reply"]


@pytest.mark.parametrize("hub_items", [0, 1000])
def test_leases_are_shared_by_what_their_sources_carry(db, hub_items):
    """The daemon holding the hub's source (ten times a street's traffic) holds nothing else;
    before anything was stored, leases are shared by count as before."""
    from monitor.runtime.daemon import source_volumes
    from monitor.runtime.leasing import Membership
    from monitor.store.models import Source

    names = [f"s{i}" for i in range(1, 8)]
    with db.sessions.begin() as s:
        for name in names:
            s.add(Source(name=name, adapter="weibo", fingerprint="x", cursor={},
                         items_total=(hub_items if name == "s1" else hub_items // 10)))
    wanted = {f"source:{n}": 15.0 for n in names} | {"job:sla-sweep": 15.0}
    first, second = (Membership(db.sessions, wanted, heartbeat=5.0, daemon_id=i, volumes=source_volumes)
                     for i in ("first", "second"))
    first.join()
    first.beat()  # alone: everything
    assert first.held == set(wanted)
    second.join()
    second.beat()  # nothing free yet
    first.beat()  # gives back down to its share
    second.beat()  # takes what was given back
    assert first.held | second.held == set(wanted) and not first.held & second.held
    if hub_items:
        assert first.held == {"source:s1"}
    else:
        assert len(first.held) == len(second.held) == 4
    first.beat(), second.beat()  # and it stays so
    assert (first.held if hub_items else len(first.held)) == ({"source:s1"} if hub_items else 4)


def test_lanes_of_one_source_go_to_different_daemons(db):
    """A source split into lanes is stored by several daemons at once: a daemon takes (and keeps)
    lanes of a source it already holds a lane of only when nothing else is left, and gives those
    back first. Before, shared by count alone, one daemon took three of the hub's four lanes."""
    from monitor.runtime.leasing import Membership

    hub = [f"source:hub/{i}of4" for i in range(1, 5)]
    wanted = {n: 15.0 for n in hub} | {f"source:s{i}": 15.0 for i in range(1, 5)} | {"job:sla-sweep": 15.0}
    daemons = [Membership(db.sessions, wanted, heartbeat=5.0, daemon_id=f"d{i}") for i in range(3)]
    for d in daemons:
        d.join()
    for d in daemons:  # started together: each takes its share (3 of 9) of what is free
        d.beat()
    assert set().union(*(d.held for d in daemons)) == set(wanted)
    assert sorted(len(d.held & set(hub)) for d in daemons) == [1, 1, 2]

    # alone, one daemon holds everything; to a second joining it gives back first the lanes it
    # holds beside their siblings
    for d in daemons:
        d.leave()
    solo = Membership(db.sessions, wanted, heartbeat=5.0, daemon_id="solo")
    for d in daemons:
        d.leave()
    solo.join()
    solo.beat()
    assert solo.held == set(wanted)
    other = Membership(db.sessions, wanted, heartbeat=5.0, daemon_id="other")
    other.join()
    other.beat()
    solo.beat()  # gives back down to its share: lanes whose siblings it keeps first
    other.beat()
    assert len(solo.held & set(hub)) == len(other.held & set(hub)) == 2
