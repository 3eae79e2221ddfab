"""Outbox enqueue: one row per (account, channel), dedupe, quiet hours, urgent, no config."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from adapters.notify.settings import NotifySettings, QuietHours
from monitor.notify import outbox
from monitor.store.models import Case, Notification
from monitor.core.timeutil import SHANGHAI

SETTINGS = NotifySettings.model_validate({
    "default": {"wecom_key": "default-robot-key-0001"},
    "accounts": {
        "xingqing": {"wecom_key": "xingqing-robot-key-01", "email": ["xq@example.org"]},
        "city-cg": {"dingtalk_token": "cg-token-0001", "dingtalk_secret": "SECxyz"},
    },
})
DAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
NIGHT = dt.datetime(2026, 3, 2, 23, 30, tzinfo=SHANGHAI)


def rows(s) -> list[Notification]:
    return list(s.scalars(select(Notification).order_by(Notification.id)))


def make_case(s) -> int:
    case = Case(platform="weibo", channel="weibo", root_external_id="5000", citizen_id="42",
                text="小区路灯不亮", received_at=DAY)
    s.add(case)
    s.flush()
    return case.id


def test_one_row_per_account_and_channel(db):
    with db.sessions.begin() as s:
        case_id = make_case(s)
        n = outbox.enqueue(s, kind="breached", case_id=case_id, account_ids=["xingqing", "city-cg", "wzyc"],
                           subject="超时未回复", body="案件 1 已超时", urgent=False,
                           dedupe=f"breached:{case_id}", now=DAY, settings=SETTINGS)
    assert n == 4
    with db.session() as s:
        got = {(r.recipient, r.channel, r.status) for r in rows(s)}
        keys = {r.dedupe_key for r in rows(s)}
        assert all(r.not_before == DAY.astimezone(dt.UTC) for r in rows(s))
    assert got == {("xingqing", "wecom", "pending"), ("xingqing", "email", "pending"),
                   ("city-cg", "dingtalk", "pending"), ("wzyc", "wecom", "pending")}
    assert f"breached:{case_id}:email:xq@example.org" in keys


def test_enqueue_twice_is_a_no_op(db):
    for expected in (2, 0):
        with db.sessions.begin() as s:
            n = outbox.enqueue(s, kind="at_risk", case_id=None, account_ids=["xingqing", "xingqing"],
                               subject="s", body="b", urgent=False, dedupe="risk:7", now=DAY,
                               settings=SETTINGS)
        assert n == expected
    with db.session() as s:
        assert len(rows(s)) == 2


def test_quiet_hours_defer_routine_but_not_urgent(db):
    with db.sessions.begin() as s:
        outbox.enqueue(s, kind="at_risk", case_id=None, account_ids=["wzyc"], subject="s", body="b",
                       urgent=False, dedupe="routine", now=NIGHT, settings=SETTINGS)
        outbox.enqueue(s, kind="risk", case_id=None, account_ids=["wzyc"], subject="s", body="b",
                       urgent=True, dedupe="alert", now=NIGHT, settings=SETTINGS)
    with db.session() as s:
        by_kind = {r.kind: r for r in rows(s)}
    assert by_kind["at_risk"].not_before == dt.datetime(2026, 3, 3, 7, 0, tzinfo=SHANGHAI)
    assert by_kind["risk"].not_before == NIGHT
    assert by_kind["risk"].urgent is True


def test_unconfigured_process_records_auto_rows(db):
    outbox.configure(None)
    with db.sessions.begin() as s:
        n = outbox.enqueue(s, kind="breached", case_id=None, account_ids=["a1", "a2"], subject="s",
                           body="b", urgent=False, dedupe="x", now=DAY)
    assert n == 2
    with db.session() as s:
        assert {(r.channel, r.dedupe_key) for r in rows(s)} == {("auto", "x:auto:a1"), ("auto", "x:auto:a2")}


def test_account_without_channel_is_failed_visibly(db):
    bare = NotifySettings.model_validate({"accounts": {"xingqing": {"email": ["xq@example.org"]}}})
    with db.sessions.begin() as s:
        outbox.enqueue(s, kind="breached", case_id=None, account_ids=["city-cg"], subject="s",
                       body="b", urgent=False, dedupe="y", now=DAY, settings=bare)
    with db.session() as s:
        (r,) = rows(s)
    assert (r.channel, r.status) == ("none", "failed")
    assert "city-cg" in (r.last_error or "") and "notify.toml" in (r.last_error or "")


def test_enqueue_runs_in_the_callers_transaction(db):
    s = db.session()
    s.begin()
    outbox.enqueue(s, kind="breached", case_id=None, account_ids=["wzyc"], subject="s", body="b",
                   urgent=False, dedupe="rolled-back", now=DAY, settings=SETTINGS)
    s.rollback()
    s.close()
    with db.session() as s2:
        assert rows(s2) == []


def test_bad_input_is_refused_clearly(db):
    with db.session() as s:
        with pytest.raises(ValueError, match="dedupe"):
            outbox.enqueue(s, kind="k", case_id=None, account_ids=["a"], subject="", body="",
                           urgent=False, dedupe="", now=DAY, settings=SETTINGS)
        with pytest.raises(ValueError, match="naive"):
            outbox.enqueue(s, kind="k", case_id=None, account_ids=["a"], subject="", body="",
                           urgent=False, dedupe="d", now=dt.datetime(2026, 1, 1), settings=SETTINGS)


@pytest.mark.parametrize(("local", "until"), [
    ((21, 59), None),
    ((22, 0), (3, 7, 0)),
    ((23, 59), (3, 7, 0)),
    ((0, 30), (2, 7, 0)),
    ((6, 59), (2, 7, 0)),
    ((7, 0), None),
])
def test_quiet_until_edges(local, until):
    now = dt.datetime(2026, 3, 2, *local, tzinfo=SHANGHAI)
    got = outbox.quiet_until(now, QuietHours())
    if until is None:
        assert got is None
    else:
        assert got == dt.datetime(2026, 3, until[0], until[1], until[2], tzinfo=SHANGHAI)
    assert outbox.quiet_until(now, QuietHours(enabled=False)) is None


def test_a_batchs_alerts_are_written_once_at_its_end_in_the_order_of_their_keys(db):
    """An ingest batch defers its alerts (outbox.defer): two batches alerting on one cluster
    insert the same keys, and inserted as each alert arose, in each batch's own order, they
    deadlocked. Written at the end, in key order (numbers as numbers), a key queued twice once."""
    with db.sessions.begin() as s:
        outbox.defer(s)
        for n in (10, 9, 10):
            queued = outbox.enqueue(s, kind="burst", case_id=None, account_ids=["wzyc"], subject=f"#{n}",
                                    body="b", urgent=True, dedupe=f"burst:{n}", now=DAY, settings=SETTINGS)
            assert queued == 1
        assert rows(s) == [], "nothing is written before the batch's end"
        assert outbox.write_deferred(s) == 2
        assert outbox.write_deferred(s) == 0, "the deferral ended with the write"
    with db.session() as s:
        assert [r.subject for r in rows(s)] == ["#9", "#10"]
