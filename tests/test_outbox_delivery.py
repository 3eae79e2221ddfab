"""Outbox delivery over real HTTP/SMTP to the mock receivers, on both database backends."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from adapters.notify.dingtalk import mock as ding_mock
from adapters.notify.email import mock as smtp_mock
from adapters.notify.mockbase import refs
from adapters.notify.settings import NotifySettings
from adapters.notify.wecom import mock as wecom_mock
from monitor.notify import outbox
from monitor.store.models import Case, CaseEvent, Notification
from monitor.core.timeutil import SHANGHAI

DAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
XQ_KEY = "xq-robot-key-000000001"
HUB_KEY = "hub-robot-key-00000002"
CG_TOKEN = "cg-ding-token-0000003"
CG_SECRET = "SEC0123456789abcdef"


@dataclass
class Mocks:
    wecom: wecom_mock.MockState
    ding: ding_mock.DingtalkState
    smtp: smtp_mock.SmtpState
    settings: NotifySettings
    http: aiohttp.ClientSession

    def outbox(self, **delivery: object) -> outbox.Outbox:
        s = self.settings
        if delivery:
            s = s.model_copy(update={"delivery": s.delivery.model_copy(update=delivery)})
        return outbox.Outbox(s, self.http)


@pytest.fixture
async def mocks(aiohttp_server) -> AsyncIterator[Mocks]:
    wstate = wecom_mock.MockState(valid={XQ_KEY, HUB_KEY})
    dstate = ding_mock.DingtalkState(valid={CG_TOKEN}, secrets={CG_TOKEN: CG_SECRET})
    wserver = await aiohttp_server(wecom_mock.make_app(wstate))
    dserver = await aiohttp_server(ding_mock.make_app(dstate))
    smtp_server, sstate = await smtp_mock.start_mock("127.0.0.1", 0)
    port = smtp_server.sockets[0].getsockname()[1]
    settings = NotifySettings.model_validate({
        "wecom": {"base_url": str(wserver.make_url("")), "timeout": 2},
        "dingtalk": {"base_url": str(dserver.make_url("")), "timeout": 2},
        "email": {"host": "127.0.0.1", "port": port, "sender": "wenzheng@example.org"},
        "default": {"wecom_key": HUB_KEY},
        "accounts": {
            "xingqing": {"wecom_key": XQ_KEY, "email": ["xq@example.org"]},
            "city-cg": {"dingtalk_token": CG_TOKEN, "dingtalk_secret": CG_SECRET},
        },
    })
    async with aiohttp.ClientSession() as http:
        yield Mocks(wstate, dstate, sstate, settings, http)
    smtp_server.close()
    await smtp_server.wait_closed()


def add_case(db) -> int:
    with db.sessions.begin() as s:
        case = Case(platform="weibo", channel="weibo", root_external_id="7001", citizen_id="42",
                    text="小区门口路灯坏了一个月", received_at=DAY)
        s.add(case)
        s.flush()
        return case.id


def enqueue(db, mocks: Mocks, accounts: list[str], *, dedupe: str = "m1", urgent: bool = False,
            now: dt.datetime = DAY, case_id: int | None = None, kind: str = "breached") -> int:
    with db.sessions.begin() as s:
        return outbox.enqueue(s, kind=kind, case_id=case_id, account_ids=accounts,
                              subject="案件超时未回复", body="网友反映：小区门口路灯坏了", urgent=urgent,
                              dedupe=dedupe, now=now, settings=mocks.settings)


def rows(db) -> dict[tuple[str, str], Notification]:
    with db.session() as s:
        return {(r.recipient, r.channel): r for r in s.scalars(select(Notification))}


async def test_delivers_every_channel_and_records_per_recipient(db, mocks):
    case_id = add_case(db)
    assert enqueue(db, mocks, ["xingqing", "city-cg", "wzyc"], case_id=case_id) == 4
    report = await mocks.outbox().deliver_due(db.sessions, now=DAY)
    assert (report.picked, report.sent, report.failed) == (4, 4, 0)
    assert {m.robot for m in mocks.wecom.messages} == {XQ_KEY, HUB_KEY}
    assert "案件超时未回复" in mocks.wecom.messages[0].content
    assert mocks.wecom.messages[0].msgtype == "markdown"
    (ding,) = mocks.ding.messages  # the mock checked signature and timestamp
    assert ding.title == "案件超时未回复" and "路灯" in ding.content
    (mail,) = mocks.smtp.messages
    assert mail.rcpt_tos == ["xq@example.org"] and mail.subject == "案件超时未回复"
    assert "路灯" in mail.body
    assert all(r.status == "sent" and r.attempts == 1 and r.sent_at for r in rows(db).values())
    with db.session() as s:
        events = s.scalars(select(CaseEvent).where(CaseEvent.kind == "notified")).all()
        state = outbox.delivery_state(s, case_id)
    assert {e.account_id for e in events} == {"xingqing", "city-cg", "wzyc"}
    assert {d["recipient"]: d["state"] for d in state} == {"xingqing": "sent", "city-cg": "sent", "wzyc": "sent"}
    again = await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(minutes=1))
    assert again.picked == 0 and len(mocks.wecom.messages) == 2


async def test_enqueued_twice_is_delivered_once(db, mocks):
    enqueue(db, mocks, ["wzyc"])
    enqueue(db, mocks, ["wzyc"])
    await mocks.outbox().deliver_due(db.sessions, now=DAY)
    enqueue(db, mocks, ["wzyc"])  # even after it was sent
    await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(minutes=5))
    assert len(mocks.wecom.messages) == 1


async def test_quiet_hours_hold_routine_reminders_but_not_risk_alerts(db, mocks):
    night = dt.datetime(2026, 3, 2, 23, 0, tzinfo=SHANGHAI)
    enqueue(db, mocks, ["wzyc"], dedupe="routine", now=night)
    enqueue(db, mocks, ["xingqing"], dedupe="risk", urgent=True, now=night)
    report = await mocks.outbox().deliver_due(db.sessions, now=night + dt.timedelta(minutes=1))
    assert report.sent == 2  # the urgent one, over wecom and e-mail
    assert [m.robot for m in mocks.wecom.messages] == [XQ_KEY]
    assert "【紧急】" in mocks.wecom.messages[0].content
    early = dt.datetime(2026, 3, 3, 6, 59, tzinfo=SHANGHAI)
    assert (await mocks.outbox().deliver_due(db.sessions, now=early)).picked == 0
    morning = dt.datetime(2026, 3, 3, 7, 0, tzinfo=SHANGHAI)
    assert (await mocks.outbox().deliver_due(db.sessions, now=morning)).sent == 1
    assert mocks.wecom.messages[-1].robot == HUB_KEY


async def test_platform_rate_limit_then_retry(db, mocks):
    enqueue(db, mocks, ["wzyc"])
    mocks.wecom.fail("ratelimit")
    first = await mocks.outbox().deliver_due(db.sessions, now=DAY)
    assert (first.retried, first.sent) == (1, 0)
    row = rows(db)[("wzyc", "wecom")]
    assert row.status == "pending" and row.attempts == 1 and "45009" in (row.last_error or "")
    assert row.not_before >= DAY + dt.timedelta(seconds=60)  # the platform's minute, not 30 s
    assert (await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(seconds=30))).picked == 0
    later = await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(seconds=61))
    assert later.sent == 1 and rows(db)[("wzyc", "wecom")].attempts == 2


async def test_http_500_then_retry_with_backoff(db, mocks):
    enqueue(db, mocks, ["city-cg"])
    mocks.ding.fail("http500", times=2)
    ob = mocks.outbox()
    await ob.deliver_due(db.sessions, now=DAY)
    r1 = rows(db)[("city-cg", "dingtalk")]
    await ob.deliver_due(db.sessions, now=r1.not_before)
    r2 = rows(db)[("city-cg", "dingtalk")]
    assert (r1.not_before - DAY, r2.not_before - r1.not_before) == (dt.timedelta(seconds=30), dt.timedelta(seconds=60))
    assert "HTTP 500" in (r2.last_error or "")
    assert (await ob.deliver_due(db.sessions, now=r2.not_before)).sent == 1
    assert rows(db)[("city-cg", "dingtalk")].attempts == 3


async def test_permanent_failure_fails_at_once_without_leaking_the_key(db, mocks):
    mocks.wecom.valid = {HUB_KEY}  # the xingqing robot was removed from its group
    enqueue(db, mocks, ["xingqing"])
    with capture_logs() as logs:
        report = await mocks.outbox().deliver_due(db.sessions, now=DAY)
    assert (report.failed, report.sent) == (1, 1)  # wecom failed, e-mail went
    row = rows(db)[("xingqing", "wecom")]
    assert row.status == "failed" and row.attempts == 1
    assert "not retryable" in (row.last_error or "") and "93000" in (row.last_error or "")
    text = repr(logs) + " ".join(report.errors) + (row.last_error or "")
    assert XQ_KEY not in text and XQ_KEY[:3] in text  # masked, still recognisable


async def test_gives_up_after_max_attempts(db, mocks):
    enqueue(db, mocks, ["wzyc"])
    mocks.wecom.down = True
    ob = mocks.outbox(max_attempts=3)
    now = DAY
    for _ in range(3):
        await ob.deliver_due(db.sessions, now=now)
        now += dt.timedelta(hours=2)
    row = rows(db)[("wzyc", "wecom")]
    assert row.status == "failed" and row.attempts == 3
    assert "gave up after 3 attempts" in (row.last_error or "")
    assert (await ob.deliver_due(db.sessions, now=now)).picked == 0


async def test_one_of_two_co_handlers_down(db, mocks):
    case_id = add_case(db)
    enqueue(db, mocks, ["wzyc", "city-cg"], case_id=case_id)
    mocks.ding.down = True
    await mocks.outbox().deliver_due(db.sessions, now=DAY)
    with db.session() as s:
        state = {d["recipient"]: d["state"] for d in outbox.delivery_state(s, case_id)}
    assert state == {"wzyc": "sent", "city-cg": "pending"}
    mocks.ding.down = False
    await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(minutes=1))
    with db.session() as s:
        state = {d["recipient"]: d["state"] for d in outbox.delivery_state(s, case_id)}
    assert state == {"wzyc": "sent", "city-cg": "sent"}
    assert len(mocks.wecom.messages) == 1  # the reached account was not told twice


async def test_own_rate_limit_summarises_the_overflow_and_defers_without_spending_attempts(db, mocks):
    mocks.settings = mocks.settings.model_copy(update={"wecom": mocks.settings.wecom.model_copy(
        update={"rate_per_minute": 2})})
    for i in range(3):
        enqueue(db, mocks, ["wzyc"], dedupe=f"m{i}", kind="risk", urgent=True)
    box = mocks.outbox(concurrency=1)
    report = await box.deliver_due(db.sessions, now=DAY)
    # two sends allowed: the first alert alone, the overflow summarised in one digest, none dropped
    assert (report.sent, report.messages, report.digested, report.deferred) == (3, 2, 2, 0)
    assert "【汇总】2 条提醒" in mocks.wecom.messages[-1].content
    # each message names the rows it carries (X-Wenzheng-Outbox): a repeat is recognisable
    ids = sorted(r.id for r in rows_all(db))
    assert [refs(m.ref) for m in mocks.wecom.messages] == [ids[:1], ids[1:]]
    enqueue(db, mocks, ["wzyc"], dedupe="m3", kind="risk", urgent=True)
    report = await box.deliver_due(db.sessions, now=DAY)
    assert (report.sent, report.deferred) == (0, 1)
    (waiting,) = [r for r in rows_all(db) if r.status == "pending"]
    assert waiting.attempts == 0 and waiting.not_before > DAY
    assert mocks.wecom.rejected == []  # the platform never saw a message over its limit


def rows_all(db) -> list[Notification]:
    with db.session() as s:
        return list(s.scalars(select(Notification)))


async def test_hanging_receiver_times_out_and_is_retried(db, mocks):
    mocks.settings = mocks.settings.model_copy(update={"wecom": mocks.settings.wecom.model_copy(
        update={"timeout": 0.3})})
    enqueue(db, mocks, ["wzyc"])
    mocks.wecom.fail("hang")
    report = await mocks.outbox().deliver_due(db.sessions, now=DAY)
    assert report.retried == 1 and "no answer within" in rows(db)[("wzyc", "wecom")].last_error


async def test_crash_after_claim_resends_after_the_lease(db, mocks):
    enqueue(db, mocks, ["wzyc"])
    mocks.wecom.fail("hang")
    task = asyncio.create_task(mocks.outbox().deliver_due(db.sessions, now=DAY))
    for _ in range(200):  # wait until the request is hanging in the mock
        await asyncio.sleep(0.01)
        if mocks.wecom.rejected:
            break
    task.cancel()  # the process dies mid-send
    with pytest.raises(asyncio.CancelledError):
        await task
    row = rows(db)[("wzyc", "wecom")]
    assert row.status == "pending" and row.attempts == 0  # nothing lost
    assert (await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(minutes=1))).picked == 0
    after = await mocks.outbox().deliver_due(db.sessions, now=DAY + dt.timedelta(minutes=6))
    assert after.sent == 1 and len(mocks.wecom.messages) == 1


async def test_a_round_that_outlasts_its_claim_does_not_send_what_another_daemon_sent(db, mocks):
    """Two daemons: the first claims, stalls past the lease; the second re-claims and sends.
    When the first goes on, it must send nothing of what it no longer holds (and still send
    what it does hold)."""
    enqueue(db, mocks, ["wzyc"], dedupe="stolen")
    slow = mocks.outbox()
    with db.sessions.begin() as s:
        claims = slow._claim(s, DAY)  # the slow daemon's round, up to its claim
    assert len(claims) == 1
    later = DAY + dt.timedelta(minutes=6)  # past the 5 min lease: the row is due again
    other = await mocks.outbox().deliver_due(db.sessions, now=later)
    assert other.sent == 1 and len(mocks.wecom.messages) == 1
    report = outbox.DeliveryReport()
    fence = outbox._Fence(slow._claimed_until(DAY), DAY, time.monotonic(),
                          mocks.settings.delivery.lease_seconds)
    await slow._deliver_group(db.sessions, claims, DAY, report, fence)
    assert (report.sent, report.lost, report.messages) == (0, 1, 0)
    assert len(mocks.wecom.messages) == 1  # sent once, by the daemon that held the row
    row = rows(db)[("wzyc", "wecom")]
    assert row.status == "sent" and row.attempts == 1

    # a claim nobody took over is renewed at the send and delivered as usual
    enqueue(db, mocks, ["wzyc"], dedupe="kept", now=later)
    with db.sessions.begin() as s:
        kept = slow._claim(s, later + dt.timedelta(minutes=1))
    report = outbox.DeliveryReport()
    fence = outbox._Fence(slow._claimed_until(later + dt.timedelta(minutes=1)),
                          later + dt.timedelta(minutes=1), time.monotonic(),
                          mocks.settings.delivery.lease_seconds)
    await slow._deliver_group(db.sessions, kept, later, report, fence)
    assert (report.sent, report.lost) == (1, 0) and len(mocks.wecom.messages) == 2


async def test_rows_queued_before_configuration_are_expanded(db, mocks):
    outbox.configure(None)
    with db.sessions.begin() as s:
        outbox.enqueue(s, kind="breached", case_id=None, account_ids=["xingqing"], subject="s",
                       body="正文", urgent=False, dedupe="early", now=DAY)
    report = await mocks.outbox().deliver_due(db.sessions, now=DAY)
    assert (report.expanded, report.sent) == (1, 2)  # expanded and sent in the same round
    got = {(r.channel, r.status) for r in rows_all(db)}
    assert got == {("auto", "expanded"), ("wecom", "sent"), ("email", "sent")}
    assert mocks.smtp.messages[0].body.strip() == "正文"
    with db.sessions.begin() as s:  # the same message queued again, now configured: no double
        assert outbox.enqueue(s, kind="breached", case_id=None, account_ids=["xingqing"], subject="s",
                              body="正文", urgent=False, dedupe="early", now=DAY,
                              settings=mocks.settings) == 0
