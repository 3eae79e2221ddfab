"""SLA state derived from the stored timeline, and the cache on ``cases`` (both backends).

Covers the three classic helpdesk complaints: a clock that ignores a real reply, keeps running
after closure, or restarts on reassignment.
"""

from __future__ import annotations

from sqlalchemy import select

from monitor.handling.queue import open_entry, settle
from monitor.sla import SlaEngine
from monitor.store.models import Assignment, Case, QueueEntry
from monitor.core.timeutil import iso_local
from test_sla_builders import add_event, make_case, t

from conftest import Database

ENGINE = SlaEngine()


def test_fresh_case_is_ok_then_at_risk_then_breached(db: Database) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult")  # due 11:00, at risk from 10:45
        st = ENGINE.refresh(s, case, now=t("2026-03-10T10:30"))
        assert (st.first_response_state, st.closure_state, st.status) == ("ok", "ok", "open")
        assert ENGINE.refresh(s, case, now=t("2026-03-10T10:45")).first_response_state == "at_risk"
        assert ENGINE.refresh(s, case, now=t("2026-03-10T11:01")).first_response_state == "breached"
        # closure: due end of Wed 11 Mar; at risk once 75 % of the working time has gone
        st = ENGINE.refresh(s, case, now=t("2026-03-11T15:00"))
        assert st.closure_state == "at_risk"
        assert ENGINE.refresh(s, case, now=t("2026-03-12T00:00:01")).closure_state == "breached"
        s.commit()
    with db.session() as s:
        row = s.get(Case, case.id)
        assert row is not None
        assert iso_local(row.first_response_due) == "2026-03-10T11:00:00+08:00"
        assert iso_local(row.closure_due) == "2026-03-12T00:00:00+08:00"
        assert (row.first_response_state, row.closure_state) == ("breached", "breached")


def test_late_recorded_reply_counts_at_platform_time(db: Database) -> None:
    """Complaint 1: the clock must not ignore a real reply, even one polled hours late."""
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")
        assert ENGINE.refresh(s, case, now=t("2026-03-10T12:00")).first_response_state == "breached"
        add_event(s, case, "reply", "2026-03-10T10:40", recorded="2026-03-10T13:00",
                  account_id="xingqing.wenhuajie")
        st = ENGINE.refresh(s, case, now=t("2026-03-10T13:00"))
        assert st.first_response_state == "met"
        assert st.first_response_at == t("2026-03-10T10:40")
        assert st.status == "replied"
        s.commit()
        assert case.first_response_at == t("2026-03-10T10:40") and case.status == "replied"


def test_reply_resolves_first_response_breach_in_queue(db: Database) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")
        ENGINE.refresh(s, case, now=t("2026-03-10T12:00"))
        open_entry(s, case.id, "first_response_breached", at=t("2026-03-10T12:00"))
        add_event(s, case, "reply", "2026-03-10T12:30", account_id="xingqing.wenhuajie")
        st = ENGINE.refresh(s, case, now=t("2026-03-10T12:31"))
        assert st.first_response_state == "missed"
        assert settle(s, [case], now=t("2026-03-10T12:31")) == 1
        entry = s.scalar(select(QueueEntry).where(QueueEntry.case_id == case.id))
        assert entry is not None and entry.resolved_at == t("2026-03-10T12:31")


def test_clock_stops_at_closure(db: Database) -> None:
    """Complaint 2: after 办结 neither clock runs on."""
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult")
        add_event(s, case, "reply", "2026-03-10T10:20", account_id="xingqing.wenhuajie")
        add_event(s, case, "closed", "2026-03-11T16:00", result="已清运")
        for now in ("2026-03-11T16:01", "2026-03-20T09:00", "2026-06-01T09:00"):
            st = ENGINE.refresh(s, case, now=t(now))
            assert (st.first_response_state, st.closure_state, st.status) == ("met", "met", "closed")
        assert st.closed_at == t("2026-03-11T16:00")


def test_closed_late_is_missed_and_frozen(db: Database) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult")
        add_event(s, case, "closed", "2026-03-13T10:00")
        st = ENGINE.refresh(s, case, now=t("2026-04-01T00:00"))
        # closed without any reply and after the hour: both clocks missed, neither running
        assert (st.first_response_state, st.closure_state) == ("missed", "missed")
        assert st.first_response_at is None


def test_reassignment_keeps_the_clocks(db: Database) -> None:
    """Complaint 3: a transfer to another account does not restart anything."""
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")
        before = ENGINE.refresh(s, case, now=t("2026-03-10T10:50"))
        for a in case.assignments:
            a.active = False
        case.assignments.append(Assignment(account_id="chengguan", role="lead",
                                           assigned_at=t("2026-03-10T10:55")))
        add_event(s, case, "unassigned", "2026-03-10T10:55", account_id="xingqing.wenhuajie")
        add_event(s, case, "assigned", "2026-03-10T10:55", account_id="chengguan", role="lead")
        after = ENGINE.refresh(s, case, now=t("2026-03-10T10:50"))
        assert after.first_response_due == before.first_response_due
        assert after.closure_due == before.closure_due
        assert after.first_response_state == "at_risk"


def test_extension_moves_closure_due(db: Database) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "consult")  # due end of Wed 11 Mar
        add_event(s, case, "extended", "2026-03-11T12:00", days=2, reason="需现场核实")
        st = ENGINE.refresh(s, case, now=t("2026-03-12T10:00"))
        assert iso_local(st.closure_due) == "2026-03-14T00:00:00+08:00"  # end of Fri 13 Mar
        assert st.closure_state == "ok"
        add_event(s, case, "extended", "2026-03-12T12:00", until="2026-03-20T18:00:00+08:00",
                  reason="等待检测结果")
        st = ENGINE.refresh(s, case, now=t("2026-03-19T09:00"))
        assert iso_local(st.closure_due) == "2026-03-20T18:00:00+08:00"
        assert st.closure_state == "at_risk"


def test_pending_info_pauses_the_closure_clock(db: Database) -> None:
    with db.session() as s:
        # consultation received Tue 10 Mar 10:00, due end of Wed 11 Mar
        case = make_case(s, "2026-03-10T10:00", "consult")
        add_event(s, case, "reply", "2026-03-10T10:30", account_id="xingqing.wenhuajie")
        add_event(s, case, "pending_info", "2026-03-11T12:00")  # 12 working hours left
        st = ENGINE.refresh(s, case, now=t("2026-03-16T09:00"))
        assert st.status == "pending_info" and st.closure_state == "ok"
        assert st.closure_due is None and st.closure_remaining_s == 12 * 3600
        # the citizen answers on Fri 13 Mar at 20:00: 4 h left of Friday, then Monday until 08:00
        add_event(s, case, "follow_up", "2026-03-13T20:00")
        st = ENGINE.refresh(s, case, now=t("2026-03-13T20:01"))
        assert st.status == "replied"
        assert iso_local(st.closure_due) == "2026-03-16T08:00:00+08:00"
        assert st.closure_state == "ok"
        # the grant was 38 working hours (Tue 10:00 → Thu 00:00); at risk when < 9.5 h remain
        assert st.closure_at_risk_at == t("2026-03-13T22:30")
        assert ENGINE.refresh(s, case, now=t("2026-03-13T22:30")).closure_state == "at_risk"
        s.commit()
        assert case.closure_due == t("2026-03-16T08:00")


def test_reopened_case_gets_a_new_closure_window(db: Database) -> None:
    with db.session() as s:
        case = make_case(s, "2026-03-10T10:00", "complaint")
        add_event(s, case, "reply", "2026-03-10T10:30", account_id="xingqing.wenhuajie")
        add_event(s, case, "closed", "2026-03-12T10:00")
        add_event(s, case, "reopened", "2026-03-20T15:00", reason="问题未解决")  # Friday
        st = ENGINE.refresh(s, case, now=t("2026-03-21T10:00"))
        assert st.status == "open" and st.closed_at is None
        assert st.first_response_state == "met"  # the first response stays answered
        assert iso_local(st.closure_due) == "2026-03-28T00:00:00+08:00"  # 23–27 Mar
        assert st.closure_state == "ok"
        assert st.closure_window_start == t("2026-03-20T15:00")


def test_policy_change_is_a_recompute(db: Database) -> None:
    from monitor.sla import SlaPolicy
    from monitor.sla.policy import FirstResponse

    with db.session() as s:
        case = make_case(s, "2026-03-07T10:00", "help")  # Saturday
        assert ENGINE.refresh(s, case, now=t("2026-03-07T12:00")).first_response_state == "ok"
        strict = SlaEngine(SlaPolicy(first_response=FirstResponse(restday_hours=1)))
        st = strict.refresh(s, case, now=t("2026-03-07T12:00"))
        assert st.first_response_state == "breached"
        assert case.first_response_due == t("2026-03-07T11:00")
