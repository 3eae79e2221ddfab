"""cases.next_check_at: when the sweep next has work for a case, through a case's life (both backends),
and the migration that adds it to an existing database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from monitor.core.config import Config
from monitor.handling.sweep import sweep
from monitor.sla import SlaEngine
from monitor.store.models import CHECK_AT_ONCE
from test_sla_builders import add_event, make_case, t, write_config

from conftest import Database

ROOT = Path(__file__).resolve().parents[1]
TICK = dt.timedelta(microseconds=1)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path / "config")


@pytest.fixture
def engine(config: Config) -> SlaEngine:
    return SlaEngine.from_config(config)


def test_each_rung_sets_the_next_moment(db: Database, engine: SlaEngine, config: Config) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")  # a Tuesday: first response due 11:00
        assert case.next_check_at == CHECK_AT_ONCE  # nobody derived its clocks yet
        engine.refresh(s, case, now=t("2026-03-10T10:00"))
        assert case.next_check_at == t("2026-03-10T10:45")  # 75 % of the hour: at risk
        s.commit()

        sweep(s, engine, now=t("2026-03-10T10:46"), config=config)  # reminded
        assert case.next_check_at == t("2026-03-10T11:00") + TICK  # the breach, strictly after due
        # a writer that does not know the rungs (ingest touching the case) keeps that moment while
        # the clocks are unchanged, instead of asking for the reminder again
        engine.refresh(s, case, now=t("2026-03-10T10:50"))
        assert case.next_check_at == t("2026-03-10T11:00") + TICK
        s.commit()

        sweep(s, engine, now=t("2026-03-10T11:01"), config=config)  # breached, supervisors told
        assert case.next_check_at == t("2026-03-11T11:00")  # 督办 24 h after the due time
        s.commit()

        # a reply stops the first-response clock: next comes the closure's at-risk instant
        add_event(s, case, "reply", "2026-03-10T11:30", account_id="xingqing.wenhuajie")
        state = engine.refresh(s, case, now=t("2026-03-10T11:31"))
        assert state.closure_at_risk_at is not None
        assert case.next_check_at == state.closure_at_risk_at > t("2026-03-10T11:31")
        s.commit()

        add_event(s, case, "closed", "2026-03-11T09:00", result="已处理")
        engine.refresh(s, case, now=t("2026-03-11T09:00"))
        assert case.next_check_at is None  # settled: out of the sweep's index
        s.commit()
        assert not sweep(s, engine, now=t("2026-03-20T09:00"), config=config).checked


def test_a_paused_closure_waits_for_the_citizen(db: Database, engine: SlaEngine) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult")
        add_event(s, case, "reply", "2026-03-10T10:10", account_id="xingqing.wenhuajie")
        add_event(s, case, "pending_info", "2026-03-10T10:20", note="请提供小区名称")
        engine.refresh(s, case, now=t("2026-03-10T10:20"))
        assert case.next_check_at is None  # nothing runs: only the citizen's answer restarts it
        add_event(s, case, "info_received", "2026-03-12T09:00", note="丽景湖小区")
        state = engine.refresh(s, case, now=t("2026-03-12T09:00"))
        assert state.closure_due is not None and case.next_check_at == state.closure_at_risk_at


def test_migration_checks_open_cases_at_the_next_sweep_and_leaves_closed_ones_out(tmp_path: Path) -> None:
    from alembic import command

    from monitor.store.db import alembic_config, make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "i20_login_failures")
    with engine.begin() as c:
        for n, status in ((1, "open"), (2, "replied"), (3, "closed")):
            c.execute(text(
                "INSERT INTO cases (id, platform, channel, root_external_id, citizen_id, citizen_name, "
                "text, received_at, status, risk, keywords, evidence, joint, metrics, cluster_sig, "
                "last_activity_at, created_at, updated_at) VALUES (:n, 'weibo', 'weibo', :r, 'u1', '', "
                "'路灯不亮', :at, :status, '[]', '[]', '{}', 0, '{}', '{}', :at, :at, :at)"),
                {"n": n, "r": f"r{n}", "at": "2026-03-10 02:00:00.000000", "status": status})
    upgrade(engine)
    with engine.connect() as c:
        rows = dict(c.execute(text("SELECT id, next_check_at FROM cases ORDER BY id")).all())
    assert rows[3] is None and rows[1] is not None and rows[2] is not None
    assert str(rows[1]).startswith("1970-01-01")
    assert "ix_cases_next_check" in {ix["name"] for ix in inspect(engine).get_indexes("cases")}
    engine.dispose()
