"""The statistics' stored per-case values (``cases.stat_*``, ``case_keywords``) stay what the
statistics' own expressions compute, after every kind of write, on both backends.

The values are kept by the database's triggers (migration ``i19_case_stats``), so every writer is
covered by construction; this test writes through each kind of writer the application has (the
ingest's batch insert, the ORM's updates from the SLA refresh and the operator actions, Core
``UPDATE`` statements like an import's or a hand-written one, a bulk ``INSERT``) and after each
compares every case's stored values with a recomputation by ``monitor.stats.sqlfn`` (the
expressions the statistics computed per read before). It also migrates a populated database up
from the previous head and checks the backfill the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, insert, literal, select, text, update

from bench.stats import generate
from monitor.core.config import Config
from monitor.handling import actions
from monitor.intake.pipeline import Pipeline
from monitor.sla import SlaEngine
from monitor.stats.sqlfn import json_int, keyword_values, local_date, seconds_between
from monitor.store.db import alembic_config, make_engine, upgrade
from monitor.store.models import Case, CaseKeyword
from test_sla_builders import make_case, mirror, t, write_config
from tests.factories import WHJ_UID, comment, small_matrix, status

from conftest import BACKENDS, PG_ADMIN_URL, Database

ENGINE = SlaEngine()
OP = "operator:li"
PREVIOUS_HEAD = "i17_source_lanes"


def stored_vs_computed(conn: Any) -> tuple[int, list[Any], list[Any]]:
    """(cases checked, cases whose stored values differ from the statistics' expressions, cases
    whose keyword rows differ from their ``keywords`` list)."""
    c = Case
    want = (seconds_between(c.first_response_at, c.received_at), seconds_between(c.closed_at, c.received_at),
            local_date(c.received_at), json_int(c.metrics, "reads"),
            json_int(c.metrics, "reposts") + json_int(c.metrics, "comments") + json_int(c.metrics, "attitudes"))
    got = (c.stat_fr_s, c.stat_cl_s, c.stat_day, c.stat_reads, c.stat_engagement)
    rows = conn.execute(select(c.id, *want, *got).order_by(c.id)).all()
    bad = [r for r in rows if tuple(r[1:6]) != tuple(r[6:11])]
    kw = keyword_values(conn.dialect.name, c.keywords)
    listed = sorted((int(i), str(v), str(at)) for i, v, at in conn.execute(
        select(c.id, kw.c.value, c.received_at).select_from(c).join(kw, literal(True))))
    kept = sorted((int(i), str(v), str(at)) for i, v, at in conn.execute(
        select(CaseKeyword.case_id, CaseKeyword.keyword, CaseKeyword.received_at)))
    return len(rows), bad, sorted(set(listed) ^ set(kept))


def assert_true(db_or_engine: Any, at_least: int = 1) -> None:
    engine = getattr(db_or_engine, "engine", db_or_engine)
    with engine.connect() as conn:
        n, bad, kw = stored_vs_computed(conn)
    assert n >= at_least
    assert not bad, f"stored values differ: {bad[:5]}"
    assert not kw, f"keyword rows differ: {kw[:5]}"


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path / "config")


def test_every_writer_keeps_the_stored_values(db: Database, config: Config) -> None:
    # ingest: the batch's Core INSERT (COPY on PostgreSQL), then threading and classification
    p = Pipeline(db.sessions, small_matrix(), batch_size=3)
    p.ingest([status("501", "9001", "@兴庆区文化街街道 小区门口停车太乱了，噪音也大", 0, mentions=("兴庆区文化街街道",)),
              comment("601", WHJ_UID, "您好，已转社区核实处理。", 30, on="501", on_author="9001",
                      name="兴庆区文化街街道"),
              status("502", "9002", "@兴庆区 夜市油烟太大，晚上睡不着", 5, mentions=("兴庆区",))])
    assert_true(db, 2)
    with db.session() as s:
        mirror(s, config)
        # the ORM: a new case, then the operator actions, each an event and a refresh of the clocks
        case = make_case(s, "2026-03-10T10:00", "consult")
        other = make_case(s, "2026-03-10T11:00", "complaint", lead=None)
        s.commit()
        assert_true(db, 4)
        steps = [
            lambda: actions.claim(s, other.id, account_id="xingqing", actor="xingqing",
                                  now=t("2026-03-10T11:20"), engine=ENGINE),
            lambda: actions.record_reply(s, case.id, account_id="xingqing.wenhuajie", text="您好，已安排环卫今日清运。",
                                         actor=OP, now=t("2026-03-10T11:30"), at=t("2026-03-10T10:40"),
                                         engine=ENGINE),
            lambda: actions.extend(s, other.id, days=2, reason="需现场核实", actor=OP,
                                   now=t("2026-03-11T10:00"), engine=ENGINE),
            lambda: actions.pending_info(s, other.id, actor=OP, now=t("2026-03-11T11:00"), engine=ENGINE),
            lambda: actions.info_received(s, other.id, actor=OP, now=t("2026-03-11T15:00"), engine=ENGINE),
            lambda: actions.close(s, case.id, result="垃圾已清运", actor=OP, now=t("2026-03-11T09:00"),
                                  engine=ENGINE),
            lambda: actions.reopen(s, case.id, reason="市民反映垃圾又堆积", actor=OP,
                                   now=t("2026-03-12T09:00"), engine=ENGINE),
            lambda: actions.close(s, case.id, result="已再次清运", actor=OP, now=t("2026-03-13T09:00"),
                                  engine=ENGINE),
            lambda: actions.merge(s, other.id, into=case.id, actor=OP, now=t("2026-03-13T10:00"),
                                  engine=ENGINE),
        ]
        for step in steps:
            step()
            s.commit()
            assert_true(db, 4)
        # the ORM setting the sources of the values directly (a reclassification, the platform's
        # counts, a received time corrected), and a refresh of the clocks after it
        case.keywords = ["垃圾", "清运", "垃圾"]
        case.metrics = {"reads": 12, "reposts": 3, "comments": "7", "attitudes": 2}
        s.commit()
        assert_true(db, 4)
        case.received_at = t("2026-03-09T23:30")
        case.keywords = []
        case.metrics = {}
        s.commit()
        ENGINE.refresh(s, case, now=t("2026-03-14T09:00"))
        s.commit()
        assert_true(db, 4)
    # Core: an import's or a script's UPDATE, and a bulk INSERT (the bench's, the tests')
    with db.engine.begin() as conn:
        conn.execute(update(Case).where(Case.id == case.id).values(
            first_response_at=None, closed_at=t("2026-03-20T08:00"), keywords=["停车"],
            metrics={"reads": 5, "comments": 1}))
        conn.execute(update(Case).where(Case.id != case.id).values(first_response_at=t("2026-03-12T08:17")))
        conn.execute(update(Case).where(Case.id == other.id).values(stat_fr_s=-1.0, stat_day=None))
    if db.backend == "postgresql":
        assert_true(db, 4)  # every UPDATE sets them again there
    with db.engine.begin() as conn:  # SQLite: only an UPDATE of a source column; say it again
        conn.execute(update(Case).where(Case.id == other.id).values(received_at=Case.received_at))
    assert_true(db, 4)


def _migrate_populated(url: str) -> None:
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), PREVIOUS_HEAD)
        generate(engine, 1200, seed=7)  # the bench's cases, written as before: no stored values yet
        with engine.begin() as conn:  # odd values: empty lists and objects, strings, nothing replied
            conn.execute(update(Case).where(Case.id % 7 == 0).values(keywords=[], metrics={}))
            conn.execute(update(Case).where(Case.id % 11 == 0).values(
                metrics={"reads": 9, "comments": 2, "attitudes": 4}, first_response_at=None, closed_at=None))
            conn.execute(update(Case).where(Case.id % 13 == 0).values(keywords=["物业", "物业", "停车"]))
        upgrade(engine)
        assert_true(engine, 1200)
        with engine.connect() as conn:
            n_kw = conn.execute(select(func.count()).select_from(CaseKeyword)).scalar_one()
        assert n_kw > 2000
    finally:
        engine.dispose()


def test_migration_backfills_a_populated_database_sqlite(tmp_path: Path) -> None:
    if "sqlite" not in BACKENDS:
        pytest.skip("SQLite not in WENZHENG_TEST_BACKENDS")
    _migrate_populated(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_backfills_a_populated_database_postgresql() -> None:
    if "postgresql" not in BACKENDS:
        pytest.skip("PostgreSQL not in WENZHENG_TEST_BACKENDS")
    name = f"wenzheng_mig_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _migrate_populated(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_bulk_insert_of_many_cases_fills_every_row(db: Database) -> None:
    """A multi-row ``INSERT`` (the ingest's batch on SQLite) fills each row, not only the last."""
    rows = [{"platform": "weibo", "channel": "weibo", "root_external_id": f"b{i}", "citizen_id": "u1",
             "citizen_name": "", "text": "路灯不亮", "received_at": dt.datetime(2026, 3, 1, 16 + i % 8, tzinfo=dt.UTC),
             "status": "open", "risk": [], "evidence": {}, "keywords": ["路灯", f"k{i}"],
             "metrics": {"reads": i, "reposts": i % 3}, "joint": False, "cluster_sig": {},
             "first_response_at": dt.datetime(2026, 3, 2, 1, tzinfo=dt.UTC) if i % 2 else None,
             "last_activity_at": dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
             "created_at": dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
             "updated_at": dt.datetime(2026, 3, 1, tzinfo=dt.UTC)} for i in range(40)]
    with db.engine.begin() as conn:
        conn.execute(insert(Case), rows)
    assert_true(db, 40)
    with db.engine.connect() as conn:
        days = conn.execute(select(Case.stat_day).distinct()).scalars().all()
    assert {str(d) for d in days} == {"2026-03-02"}  # 16:00–23:00 UTC is the next day in Shanghai


def test_the_triggers_are_there_at_head(db: Database) -> None:
    """A later migration that rebuilds ``cases`` (SQLite's batch mode) would drop them silently."""
    with db.engine.connect() as conn:
        if db.backend == "sqlite":
            names = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            want = {"tr_cases_stat_insert", "tr_cases_stat_update", "tr_cases_keywords_update",
                    "tr_cases_keywords_delete"}
        else:
            names = set(conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
            want = {"tr_cases_stat", "tr_cases_keywords_insert", "tr_cases_keywords_update"}
    assert want <= names
