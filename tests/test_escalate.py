"""The sweep and the escalation ladder, end to end on the database (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.core.config import Config
from monitor.sla import SlaEngine
from monitor.handling.queue import settle
from monitor.handling.sweep import candidates, sweep
from monitor.store.models import Case, CaseEvent, QueueEntry
from test_sla_builders import add_event, make_case, t, write_config

from conftest import Database


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return write_config(tmp_path / "config")


@pytest.fixture
def engine(config: Config) -> SlaEngine:
    return SlaEngine.from_config(config)


def escalations(s, case_id: int) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    rows = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                             CaseEvent.kind == "escalated").order_by(CaseEvent.id))
    return [(e.data["clock"], e.data["level"], e.data["accounts"]) for e in rows]


def open_queue(s, case_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(s.scalars(select(QueueEntry.reason).where(QueueEntry.case_id == case_id,
                                                            QueueEntry.resolved_at.is_(None))))


def test_ladder_at_risk_breached_supervised_then_cleared(db: Database, engine: SlaEngine,
                                                         config: Config) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")  # first response due 11:00
        s.commit()

        r = sweep(s, engine, now=t("2026-03-10T10:30"), config=config)
        assert r.checked == 1 and not r.changed

        r = sweep(s, engine, now=t("2026-03-10T10:46"), config=config)
        assert r.counts == {"at_risk": 1, "breached": 0, "supervision": 0}
        assert escalations(s, case.id) == [("first_response", "at_risk", ["xingqing.wenhuajie"])]
        assert case.first_response_state == "at_risk"
        s.commit()

        # idempotent: the same minute again, and the next, record nothing new
        assert not sweep(s, engine, now=t("2026-03-10T10:46"), config=config).changed
        assert not sweep(s, engine, now=t("2026-03-10T10:50"), config=config).changed

        r = sweep(s, engine, now=t("2026-03-10T11:01"), config=config)
        assert r.counts["breached"] == 1
        # the street's supervisor is its district (its parent)
        assert escalations(s, case.id)[-1] == ("first_response", "breached", ["xingqing"])
        assert open_queue(s, case.id) == ["first_response_breached"]
        s.commit()
        assert not sweep(s, engine, now=t("2026-03-10T11:02"), config=config).changed

        # still breached 24 h later: 督办
        r = sweep(s, engine, now=t("2026-03-11T11:01"), config=config)
        assert r.counts["supervision"] == 1
        assert case.supervised_at == t("2026-03-11T11:01")
        level, accounts = escalations(s, case.id)[-1][1:]
        assert level == "supervision" and accounts[0] == "wzyc" and "xingqing.wenhuajie" in accounts
        assert s.scalar(select(func.count()).select_from(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "supervised")) == 1
        assert open_queue(s, case.id) == ["first_response_breached", "supervision"]
        s.commit()
        # breached and supervised: it leaves the first-response candidates
        assert not sweep(s, engine, now=t("2026-03-11T12:00"), config=config).changed
        assert case.id not in [c.id for c in candidates(s, t("2026-03-11T12:00"))]

        # a reply (polled late) clears the first-response breach
        add_event(s, case, "reply", "2026-03-11T11:30", recorded="2026-03-11T12:05",
                  account_id="xingqing.wenhuajie")
        engine.refresh(s, case, now=t("2026-03-11T12:05"))
        settle(s, [case], now=t("2026-03-11T12:05"))
        assert open_queue(s, case.id) == ["supervision"]
        assert case.status == "replied" and case.first_response_state == "missed"

        # closure clears the supervision entry
        add_event(s, case, "closed", "2026-03-12T09:00", result="已清运")
        engine.refresh(s, case, now=t("2026-03-12T09:00"))
        settle(s, [case], now=t("2026-03-12T09:00"))
        assert open_queue(s, case.id) == []
        assert len(escalations(s, case.id)) == 3
        s.commit()


def test_closure_breach_notifies_supervisors_of_all_handlers(db: Database, engine: SlaEngine,
                                                            config: Config) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult", lead="chengguan",
                         co=("xingqing.wenhuajie",))
        add_event(s, case, "reply", "2026-03-10T10:10", account_id="chengguan")
        engine.refresh(s, case, now=t("2026-03-10T10:10"))
        s.commit()
        r = sweep(s, engine, now=t("2026-03-11T20:00"), config=config)
        assert [(x.clock, x.level) for x in r.steps] == [("closure", "at_risk")]
        assert r.steps[0].accounts == ("chengguan", "xingqing.wenhuajie")
        r = sweep(s, engine, now=t("2026-03-12T00:00:01"), config=config)
        assert [(x.clock, x.level) for x in r.steps] == [("closure", "breached")]
        # chengguan's configured supervisors, then the street's parent (no duplicates)
        assert r.steps[0].accounts == ("wzyc", "xingqing")
        assert open_queue(s, case.id) == ["closure_breached"]


def test_unassigned_case_goes_to_the_hub(db: Database, engine: SlaEngine, config: Config) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-07T10:00", None, lead=None)  # Saturday: 8 h
        r = sweep(s, engine, now=t("2026-03-07T16:30"), config=config)
        assert [(x.level, x.accounts) for x in r.steps] == [("at_risk", ("wzyc",))]
        r = sweep(s, engine, now=t("2026-03-07T18:01"), config=config)
        assert [(x.level, x.accounts) for x in r.steps] == [("breached", ("wzyc",))]
        assert case.id


def test_extension_earns_new_reminders(db: Database, engine: SlaEngine, config: Config) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult")
        add_event(s, case, "reply", "2026-03-10T10:10", account_id="xingqing.wenhuajie")
        sweep(s, engine, now=t("2026-03-11T20:00"), config=config)
        assert escalations(s, case.id)[-1][:2] == ("closure", "at_risk")
        add_event(s, case, "extended", "2026-03-11T21:00", days=1, reason="需协调物业")
        assert not sweep(s, engine, now=t("2026-03-11T21:00"), config=config).changed
        r = sweep(s, engine, now=t("2026-03-12T20:00"), config=config)
        assert [(x.clock, x.level) for x in r.steps] == [("closure", "at_risk")]
        assert len(escalations(s, case.id)) == 2


def test_candidates_are_only_cases_whose_moment_has_come(db: Database, engine: SlaEngine,
                                                         config: Config) -> None:
    """The sweep looks at a case when its next rung is due (next_check_at), not at every open
    case, nor at every case due within some horizon."""
    now = t("2026-03-10T10:50")
    with db.session() as s:
        due_soon = make_case(s, "2026-03-10T10:00", "complaint")  # first response due 11:00
        replied = make_case(s, "2026-03-10T09:00", "complaint")  # closure due 18 Mar
        add_event(s, replied, "reply", "2026-03-10T09:20", account_id="xingqing.wenhuajie")
        closing = make_case(s, "2026-03-09T09:00", "consult")  # closure due tonight, at risk 14:15
        add_event(s, closing, "reply", "2026-03-09T09:20", account_id="xingqing.wenhuajie")
        done = make_case(s, "2026-03-02T09:00", "consult")
        add_event(s, done, "closed", "2026-03-03T09:00")
        for c in (due_soon, replied, closing, done):
            engine.refresh(s, c, now=now)
        s.commit()
        assert closing.next_check_at == t("2026-03-10T14:15")
        assert done.next_check_at is None
        # due_soon has been at risk since 10:45 and nobody reminded anyone yet
        assert [c.id for c in candidates(s, now)] == [due_soon.id]
        sweep(s, engine, now=now, config=config)
        s.commit()
        # reminded: nothing to do for it before its breach (strictly after 11:00)
        assert candidates(s, now) == [] and candidates(s, t("2026-03-10T11:00")) == []
        assert [c.id for c in candidates(s, t("2026-03-10T11:01"))] == [due_soon.id]
        assert [c.id for c in candidates(s, t("2026-03-10T14:15"))] == [due_soon.id, closing.id]
        assert s.get(Case, done.id).status == "closed"  # type: ignore[union-attr]


def test_sweep_notifications_reach_the_outbox(db: Database, engine: SlaEngine,
                                              config: Config) -> None:
    pytest.importorskip("monitor.notify.outbox", reason="monitor.notify.outbox (notifications) has not landed yet")
    from monitor.store.models import Notification

    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")
        sweep(s, engine, now=t("2026-03-10T10:46"), config=config)
        sweep(s, engine, now=t("2026-03-10T11:01"), config=config)
        sweep(s, engine, now=t("2026-03-10T11:01"), config=config)
        s.commit()
        rows = s.scalars(select(Notification).where(Notification.case_id == case.id)
                         .order_by(Notification.id)).all()
        assert [(n.kind, n.recipient, n.urgent) for n in rows] == [
            ("at_risk", "xingqing.wenhuajie", False), ("breached", "xingqing", True)]


def test_a_rung_another_sweep_holds_is_left_to_it_the_rest_of_the_chunk_climbs(
        db: Database, engine: SlaEngine, config: Config) -> None:
    """The sweep claims a chunk's rungs in one statement: a rung whose ledger row another sweep
    wrote (two daemons' sweeps meeting; its events not visible here yet) is neither recorded nor
    sent again, and the other cases of the chunk climb theirs."""
    from monitor.store.models import CaseAlert, Notification

    with db.session() as s:
        held = make_case(s, "2026-03-10T10:00", "complaint")  # first response due 11:00
        free = make_case(s, "2026-03-10T10:05", "complaint")  # due 11:05
        s.commit()
        r = sweep(s, engine, now=t("2026-03-10T10:50"), config=config)
        assert r.counts == {"at_risk": 2, "breached": 0, "supervision": 0}
        s.commit()
        s.add(CaseAlert(case_id=held.id, reason="first_response", level="breached",
                        deadline=held.first_response_due.isoformat(), at=t("2026-03-10T11:06")))
        s.commit()
        r = sweep(s, engine, now=t("2026-03-10T11:06"), config=config)
        assert [(x.case_id, x.level) for x in r.steps] == [(free.id, "breached")]
        s.commit()
        assert escalations(s, held.id) == [("first_response", "at_risk", ["xingqing.wenhuajie"])]
        assert [lv for _, lv, _ in escalations(s, free.id)] == ["at_risk", "breached"]
        assert open_queue(s, held.id) == [] and open_queue(s, free.id) == ["first_response_breached"]
        kinds = s.execute(select(Notification.case_id, Notification.kind).order_by(Notification.id)).all()
        assert [(c, k) for c, k in kinds if k == "breached"] == [(free.id, "breached")]
        # and again: nothing new for either
        assert not sweep(s, engine, now=t("2026-03-10T11:07"), config=config).changed
