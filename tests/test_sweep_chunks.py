"""The daemon's sweep commits chunk by chunk: a backlog never holds the write lock for long, and a
sweep cut short (SIGKILL, a lost lease) is taken up by the next without losing or repeating a rung.

Real databases (both backends), the real sweep, the real pipeline for the ingest beside it, a real
process killed with SIGKILL. The backlog is written as rows (as an import or a long outage leaves
it): cases nobody answered, every third one a backfill that reached wenzheng after its deadlines.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from monitor.core.types import Item
from monitor.handling.escalation import LATE_JOB
from monitor.handling.sweep import sweep, sweep_in_chunks
from monitor.notify import outbox
from monitor.runtime.stages import build_pipeline
from monitor.sla import SlaEngine
from monitor.store.context import App, open_app
from monitor.store.models import Assignment, Case, CaseAlert, CaseEvent, JobRun, Mention, Notification

from conftest import Database

ROOT = Path(__file__).resolve().parents[1]
RECEIVED = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)  # a Tuesday, 09:00 in Beijing
SWEPT = RECEIVED + dt.timedelta(days=4)  # every first response long breached, 督办 due


@pytest.fixture(autouse=True)
def _outbox_unconfigured() -> Iterator[None]:
    """Messages recorded per account (``auto``), in this process as in the killed one."""
    before = outbox.configured()
    outbox.configure(None)
    yield
    outbox.configure(before)


@pytest.fixture
def app(db: Database, config_dir: Path) -> Iterator[App]:
    app = open_app(config_dir / "wenzheng.toml", database_url=db.url)
    yield app
    app.close()


def backlog(app: App, n: int) -> tuple[set[int], set[int]]:
    """``n`` open cases received at :data:`RECEIVED`, none answered; every third reached wenzheng
    three days later (a backfill: its rungs had all passed). Returns (on time, late) case ids."""
    leads = [a.id for a in app.config.matrix.accounts if a.id != app.config.matrix.hub.id]
    with app.sessions() as s:
        first = (s.scalar(select(func.max(Case.id))) or 0) + 1
    cases, assignments, events = [], [], []
    on_time, late = set(), set()
    for cid in range(first, first + n):
        backfilled = cid % 3 == 0
        (late if backfilled else on_time).add(cid)
        seen = RECEIVED + dt.timedelta(days=3 if backfilled else 0)
        lead = leads[cid % len(leads)]
        cases.append({"id": cid, "platform": "weibo", "channel": "weibo", "root_external_id": f"b{cid}",
                      "citizen_id": f"u{cid}", "citizen_name": "市民", "text": f"路灯坏了没人修（{cid}）",
                      "received_at": RECEIVED, "status": "open", "type": "consult",
                      "lead_account_id": lead, "created_at": seen, "updated_at": seen,
                      "last_activity_at": RECEIVED})
        assignments.append({"case_id": cid, "account_id": lead, "role": "lead", "assigned_at": RECEIVED,
                            "active": True, "rule": "test"})
        events.append({"case_id": cid, "kind": "created", "at": RECEIVED, "actor": "system", "data": {},
                       "recorded_at": seen})
    with app.engine.begin() as conn:
        conn.execute(insert(Case.__table__), cases)
        conn.execute(insert(Assignment.__table__), assignments)
        conn.execute(insert(CaseEvent.__table__), events)
        if conn.dialect.name == "postgresql":  # ids given: the cases' sequence follows them
            conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), max(id)) FROM cases"))
    return on_time, late


def summarised(app: App) -> list[int]:
    """The number of cases each late-rung summary counts (本轮共 N 件…)."""
    with app.sessions() as s:
        bodies = s.scalars(select(Notification.body).where(Notification.kind == "backlog"))
        return [int(re.search(r"本轮共 (\d+) 件", b).group(1)) for b in bodies]  # type: ignore[union-attr]


def assert_every_rung_once(app: App, on_time: set[int], late: set[int]) -> None:
    """Each case's breach, its 督办 and the others recorded once, told once (on time) or summarised
    once (late); nothing owed, nothing left due."""
    with app.sessions() as s:
        alerts = Counter(s.execute(select(CaseAlert.case_id, CaseAlert.reason, CaseAlert.level,
                                          CaseAlert.deadline)).all())
        events = list(s.execute(select(CaseEvent.case_id, CaseEvent.data)
                                .where(CaseEvent.kind == "escalated")))
        keys = set(s.scalars(select(Notification.dedupe_key).where(Notification.kind != "backlog")))
        owed = s.scalar(select(func.count()).select_from(JobRun).where(JobRun.job == LATE_JOB))
        supervised = set(s.scalars(select(Case.id).where(Case.supervised_at.is_not(None))))
    assert set(alerts.values()) == {1}
    steps = Counter((cid, d["clock"], d["level"], d["due"]) for cid, d in events)
    assert set(steps.values()) == {1} and set(steps) == set(alerts)  # each rung one event, one row
    assert {cid for cid, _, level, _ in steps if level == "breached"} == on_time | late
    assert supervised == on_time | late
    for cid, d in events:  # an on-time rung told (its message exists), a late one not
        told = any(k.startswith(f"sla:{cid}:{d['clock']}:{d['level']}:{d['due']}:") for k in keys)
        assert told == (cid in on_time) and bool(d.get("late")) == (cid in late), (cid, d)
    assert sum(summarised(app)) == len(late) and owed == 0
    with app.sessions() as s:
        assert not s.scalar(select(func.count()).select_from(Case).where(Case.next_check_at <= SWEPT))


def test_chunks_commit_one_by_one_and_record_what_one_transaction_does(db: Database, app: App) -> None:
    on_time, late = backlog(app, 95)
    engine = SlaEngine.from_config(app.config)
    report = sweep_in_chunks(app.sessions, engine, now=SWEPT, config=app.config, chunk=10)
    assert report.checked == 95 and report.commits == 10 and not report.stopped
    assert_every_rung_once(app, on_time, late)
    assert summarised(app) == [len(late)]  # one summary for the sweep, not one per chunk
    # the same sweep again: nothing new (idempotent), whether in chunks or in one transaction
    assert not sweep_in_chunks(app.sessions, engine, now=SWEPT, config=app.config, chunk=10).changed
    with app.sessions.begin() as s:
        assert not sweep(s, engine, now=SWEPT, config=app.config).changed
    assert_every_rung_once(app, on_time, late)


def test_a_sweep_stopped_halfway_is_finished_by_the_next(db: Database, app: App) -> None:
    """The lease moved (or SIGTERM) after three chunks: what they committed stays, with its
    summary owed; the next sweep, a minute later, does the rest and writes both summaries."""
    on_time, late = backlog(app, 60)
    engine = SlaEngine.from_config(app.config)
    asked = iter([True, True, True, False])
    first = sweep_in_chunks(app.sessions, engine, now=SWEPT, config=app.config, chunk=10,
                            keep_going=lambda: next(asked))
    assert first.stopped and first.checked == 30 and first.commits == 3
    reached = set(sorted(on_time | late)[:30])
    with app.sessions() as s:
        assert set(s.scalars(select(Case.id).where(Case.next_check_at <= SWEPT))) == (on_time | late) - reached
    assert summarised(app) == [len(late & reached)]  # its own late cases, summarised as it stopped

    later = sweep_in_chunks(app.sessions, engine, now=SWEPT + dt.timedelta(minutes=1),
                            config=app.config, chunk=10)
    assert later.checked == 30 and not later.stopped
    assert_every_rung_once(app, on_time, late)
    assert sorted(summarised(app)) == sorted([len(late & reached), len(late - reached)])


KILLED_SWEEP = """
import datetime as dt, sys, time
from monitor.handling.sweep import sweep_in_chunks
from monitor.sla import SlaEngine
from monitor.store.context import open_app

app = open_app(sys.argv[1], database_url=sys.argv[2])
engine = SlaEngine.from_config(app.config)

def paced():  # a chunk every few hundredths of a second: time for the test to kill it halfway
    time.sleep(0.03)
    return True

sweep_in_chunks(app.sessions, engine, now=dt.datetime.fromisoformat(sys.argv[3]), config=app.config,
                chunk=15, keep_going=paced)
print("finished", flush=True)
"""


@pytest.mark.slow
def test_a_sweep_killed_halfway_loses_nothing_and_repeats_nothing(db: Database, app: App,
                                                                   config_dir: Path) -> None:
    on_time, late = backlog(app, 600)
    proc = subprocess.Popen([sys.executable, "-c", KILLED_SWEEP, str(config_dir / "wenzheng.toml"),
                             db.url, SWEPT.isoformat()], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the first chunks are in: kill it, mid-chunk or between
            with app.sessions() as s:
                if s.scalar(select(func.count(func.distinct(CaseAlert.case_id)))) >= 30:
                    break
            assert proc.poll() is None, "the sweep ended before it could be killed"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL and b"finished" not in proc.stdout.read()  # type: ignore[union-attr]
    with app.sessions() as s:
        done = set(s.scalars(select(CaseAlert.case_id).distinct()))
        owed = s.scalar(select(func.count()).select_from(JobRun).where(JobRun.job == LATE_JOB))
        waiting = s.scalar(select(func.count()).select_from(Case).where(Case.next_check_at <= SWEPT))
    # whole chunks of 15 committed, the rest still due
    assert 30 <= len(done) < 600 and len(done) % 15 == 0 and waiting == 600 - len(done)
    assert owed == (1 if done & late else 0) and not summarised(app)  # its summary owed, not lost

    engine = SlaEngine.from_config(app.config)
    report = sweep_in_chunks(app.sessions, engine, now=SWEPT + dt.timedelta(minutes=1), config=app.config)
    assert report.checked == 600 - len(done)
    assert_every_rung_once(app, on_time, late)
    assert sorted(summarised(app)) == sorted([len(done & late), len(late - done)])


def test_ingest_beside_a_backlog_sweep_goes_between_its_chunks(db: Database, app: App) -> None:
    """The sweep of a backlog in one thread, the pipeline storing batches in another: no batch
    fails, and batches are committed while the sweep is still between its first and last chunk
    (with the sweep in one transaction, none could be on SQLite)."""
    on_time, late = backlog(app, 400)
    engine = SlaEngine.from_config(app.config)
    pipeline = build_pipeline(app)
    now = dt.datetime.now(dt.UTC)
    chunks: list[float] = []  # when each chunk began (after the previous one committed)
    failed: list[BaseException] = []
    report = None

    def paced() -> bool:
        chunks.append(time.monotonic())
        time.sleep(0.02)  # this machine is shared: leave the other thread a moment between chunks
        return True

    def sweeping() -> None:
        nonlocal report
        try:
            report = sweep_in_chunks(app.sessions, engine, now=SWEPT, config=app.config, chunk=20,
                                     keep_going=paced)
        except BaseException as err:  # noqa: BLE001
            failed.append(err)

    stored: list[float] = []
    worker = threading.Thread(target=sweeping)
    worker.start()
    n = 0
    while worker.is_alive() or not stored:
        n += 1
        items = [Item(platform="weibo", external_id=f"{n}{k:03d}", kind="status", author_id=f"72{n}{k}",
                      author_name="市民", text=f"@兴庆区 小区门口的路灯又坏了（{n}-{k}）",
                      created_at=now, mentioned_names=("兴庆区",), raw={"idstr": f"{n}{k:03d}"})
                 for k in range(5)]
        pipeline.ingest(items, channel="weibo")  # raises if the write lock could not be had
        stored.append(time.monotonic())
    worker.join()
    assert not failed and report is not None and report.checked == 400 and report.commits == 20
    between = [t for t in stored if chunks[1] < t < chunks[-1]]
    assert between, (chunks[1], chunks[-1], stored)
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 5 * n
    assert_every_rung_once(app, on_time, late)
