"""Each channel against its mock receiver over real HTTP/SMTP: payloads, errors, secrets."""

from __future__ import annotations

import time

import aiohttp
import pytest

from adapters.notify.base import Message, NotifyError, RateLimited, TokenBucket
from adapters.notify.dingtalk import DingtalkOptions, DingtalkRobot, sign
from adapters.notify.dingtalk import mock as ding_mock
from adapters.notify.email import EmailOptions, EmailSender
from adapters.notify.email import mock as smtp_mock
from adapters.notify.wecom import WecomOptions, WecomRobot
from adapters.notify.wecom import mock as wecom_mock

MSG = Message(subject="【超时提醒】案件 12", body="网友反映兴庆区某小区路灯不亮，已超过首次响应时限。")
KEY = "wecom-key-1234567890"


async def wecom(aiohttp_server, **opts):
    state = wecom_mock.MockState(valid={KEY})
    server = await aiohttp_server(wecom_mock.make_app(state))
    http = aiohttp.ClientSession()
    robot = WecomRobot(WecomOptions(key=opts.pop("key", KEY), base_url=str(server.make_url("")),
                                    **opts), http)
    return robot, state, http


async def test_wecom_markdown_and_text(aiohttp_server):
    robot, state, http = await wecom(aiohttp_server)
    async with http:
        await robot.send(MSG)
        await robot.send(Message(subject="s", body="纯文本", markdown=False))
    md, txt = state.messages
    assert md.payload == {"msgtype": "markdown", "markdown": {"content": "**【超时提醒】案件 12**\n\n" + MSG.body}}
    assert txt.payload == {"msgtype": "text", "text": {"content": "s\n纯文本"}}


async def test_wecom_long_body_is_clipped_to_the_byte_limit(aiohttp_server):
    robot, state, http = await wecom(aiohttp_server)
    async with http:
        await robot.send(Message(subject="长", body="路灯" * 3000))
    (m,) = state.messages
    assert len(m.content.encode()) <= 4096 and m.content.endswith("…")


@pytest.mark.parametrize(("fault", "retryable", "code"), [("ratelimit", True, 45009), ("http500", True, 500)])
async def test_wecom_faults_are_retryable(aiohttp_server, fault, retryable, code):
    robot, state, http = await wecom(aiohttp_server)
    state.fail(fault)
    async with http:
        with pytest.raises(NotifyError) as info:
            await robot.send(MSG)
    assert info.value.retryable is retryable and info.value.code == code
    assert state.messages == []


async def test_wecom_bad_key_is_final_and_masked(aiohttp_server):
    robot, _state, http = await wecom(aiohttp_server, key="wrong-key-abcdefghij")
    async with http:
        with pytest.raises(NotifyError) as info:
            await robot.send(MSG)
    assert not info.value.retryable and info.value.code == 93000
    assert "wrong-key-abcdefghij" not in str(info.value)
    assert "wrong-key-abcdefghij" not in repr(robot.options) and "**********" in repr(robot.options)


async def test_wecom_hang_times_out(aiohttp_server):
    robot, state, http = await wecom(aiohttp_server, timeout=0.2)
    state.fail("hang")
    async with http:
        with pytest.raises(NotifyError, match="no answer") as info:
            await robot.send(MSG)
    assert info.value.retryable


async def test_wecom_mock_enforces_twenty_a_minute(aiohttp_server):
    robot, state, http = await wecom(aiohttp_server, rate_per_minute=1000)
    robot.bucket = TokenBucket(1000, burst=100)  # our own limiter out of the way: the platform's
    async with http:
        for _ in range(20):
            await robot.send(MSG)
        with pytest.raises(NotifyError) as info:
            await robot.send(MSG)
    assert info.value.code == 45009 and len(state.messages) == 20


async def test_wecom_mock_refuses_bad_requests(aiohttp_client):
    client = await aiohttp_client(wecom_mock.make_app(wecom_mock.MockState()))
    bad = [({"msgtype": "image"}, 40008), ({"msgtype": "text", "text": {"content": " "}}, 44004),
           ({"msgtype": "markdown", "markdown": {"content": "x" * 5000}}, 40058)]
    for body, code in bad:
        resp = await client.post("/cgi-bin/webhook/send?key=k", json=body)
        assert (await resp.json())["errcode"] == code
    resp = await client.post("/cgi-bin/webhook/send", json={"msgtype": "text", "text": {"content": "x"}})
    assert (await resp.json())["errcode"] == 93000


def test_token_bucket_refills_with_time():
    t = [0.0]
    bucket = TokenBucket(20, clock=lambda: t[0])
    assert all(bucket.take() == 0.0 for _ in range(20))
    assert bucket.take() == pytest.approx(3.0)  # one token every 3 s
    t[0] = 3.0
    assert bucket.take() == 0.0


async def test_local_rate_limit_raises_without_io(aiohttp_server):
    robot, state, http = await wecom(aiohttp_server, rate_per_minute=1)
    async with http:
        await robot.send(MSG)
        with pytest.raises(RateLimited) as info:
            await robot.send(MSG)
    assert info.value.local and info.value.retry_after and info.value.retry_after > 50
    assert len(state.messages) == 1 and state.rejected == []


# ---------------------------------------------------------------- DingTalk

TOKEN, SECRET = "ding-access-token-0001", "SECabcdef0123456789"


async def ding(aiohttp_server, *, secret: str | None = SECRET, keywords: tuple[str, ...] = ()):
    state = ding_mock.DingtalkState(valid={TOKEN}, secrets={TOKEN: SECRET},
                                    keywords={TOKEN: keywords} if keywords else {})
    server = await aiohttp_server(ding_mock.make_app(state))
    http = aiohttp.ClientSession()
    robot = DingtalkRobot(DingtalkOptions(access_token=TOKEN, secret=secret,
                                          base_url=str(server.make_url(""))), http)
    return robot, state, http


def test_sign_matches_the_documented_algorithm():
    # computed independently with: printf '1700000000000\nSECabcdef0123456789' |
    #   openssl dgst -sha256 -hmac 'SECabcdef0123456789' -binary | base64
    assert sign(1700000000000, SECRET) == "dV0RXHUD72d0VKcnHrBhJ9jhSbDS3HUiduucxO+izso="


async def test_dingtalk_signed_markdown_is_accepted(aiohttp_server):
    robot, state, http = await ding(aiohttp_server)
    async with http:
        for _ in range(5):  # several timestamps: signatures with '+' and '/' must survive URL encoding
            await robot.send(MSG)
            time.sleep(0.002)
    assert len(state.messages) == 5 and state.rejected == []
    m = state.messages[0]
    assert m.msgtype == "markdown" and m.title == MSG.subject and MSG.body in m.content


async def test_dingtalk_wrong_secret_is_final(aiohttp_server):
    robot, state, http = await ding(aiohttp_server, secret="SECwrong000000000000")
    async with http:
        with pytest.raises(NotifyError) as info:
            await robot.send(MSG)
    assert info.value.code == 310000 and not info.value.retryable
    assert "SECwrong" not in str(info.value) and TOKEN not in str(info.value)


async def test_dingtalk_mock_refuses_stale_timestamp(aiohttp_client):
    client = await aiohttp_client(ding_mock.make_app(ding_mock.DingtalkState(secrets={TOKEN: SECRET})))
    stale = int(time.time() * 1000) - 2 * 3600 * 1000
    resp = await client.post("/robot/send", params={"access_token": TOKEN, "timestamp": str(stale),
                                                    "sign": sign(stale, SECRET)},
                             json={"msgtype": "text", "text": {"content": "x"}})
    body = await resp.json()
    assert body["errcode"] == 310000 and "1 hour" in body["errmsg"]


async def test_dingtalk_keyword_security(aiohttp_server):
    robot, state, http = await ding(aiohttp_server, keywords=("问政",))
    async with http:
        with pytest.raises(NotifyError, match="keywords"):
            await robot.send(MSG)
        await robot.send(Message(subject="问政提醒", body=MSG.body))
    assert len(state.messages) == 1


async def test_dingtalk_too_fast_is_retryable(aiohttp_server):
    robot, state, http = await ding(aiohttp_server)
    state.fail("ratelimit")
    async with http:
        with pytest.raises(NotifyError) as info:
            await robot.send(MSG)
    assert info.value.retryable and info.value.code == 130101 and info.value.retry_after == 60


# ---------------------------------------------------------------- e-mail


@pytest.fixture
async def smtp():
    server, state = await smtp_mock.start_mock("127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1], state
    server.close()
    await server.wait_closed()


async def test_email_is_delivered(smtp):
    port, state = smtp
    sender = EmailSender(EmailOptions(port=port, sender="wenzheng@example.org"))
    await sender.send(Message(subject="超时提醒", body=MSG.body, urgent=True), ("a@example.org", "b@example.org"))
    (mail,) = state.messages
    assert mail.subject == "【紧急】超时提醒" and mail.rcpt_tos == ["a@example.org", "b@example.org"]
    assert mail.body.strip() == MSG.body and mail.headers["X-Priority"] == "1"


async def test_email_tempfail_retryable_and_refused_recipient_final(smtp):
    port, state = smtp
    sender = EmailSender(EmailOptions(port=port))
    state.fail("tempfail")
    with pytest.raises(NotifyError) as info:
        await sender.send(MSG, ("a@example.org",))
    assert info.value.retryable and info.value.code == 451
    state.refuse = {"gone@example.org"}
    with pytest.raises(NotifyError) as info:
        await sender.send(MSG, ("gone@example.org",))
    assert not info.value.retryable and "gone@example.org" in str(info.value)


async def test_email_login(smtp):
    port, state = smtp
    state.credentials = ("robot", "s3cret-pass")
    server2, st2 = await smtp_mock.start_mock("127.0.0.1", 0, state=state)
    port2 = server2.sockets[0].getsockname()[1]
    try:
        good = EmailSender(EmailOptions(port=port2, username="robot", password="s3cret-pass"))
        await good.send(MSG, ("a@example.org",))
        bad = EmailSender(EmailOptions(port=port2, username="robot", password="nope-nope-nope"))
        with pytest.raises(NotifyError) as info:
            await bad.send(MSG, ("a@example.org",))
        assert not info.value.retryable and "nope-nope" not in str(info.value)
        assert "nope-nope" not in repr(bad.options)
    finally:
        server2.close()
        await server2.wait_closed()
    assert len(st2.messages) == 1


async def test_email_server_down_is_retryable():
    sender = EmailSender(EmailOptions(port=1, timeout=2))
    with pytest.raises(NotifyError) as info:
        await sender.send(MSG, ("a@example.org",))
    assert info.value.retryable


async def test_wecom_start_mock_for_the_demo():
    runner, state = await wecom_mock.start_mock("127.0.0.1", 0)
    try:
        port = runner.addresses[0][1]
        async with aiohttp.ClientSession() as http:
            robot = WecomRobot(WecomOptions(key="demo-hub-robot-key", base_url=f"http://127.0.0.1:{port}"), http)
            await robot.send(MSG)
    finally:
        await runner.cleanup()
    assert [m.robot for m in state.messages] == ["demo-hub-robot-key"]


async def test_connection_refused_is_retryable_and_names_no_secret(closed_port):
    async with aiohttp.ClientSession() as http:
        robot = DingtalkRobot(DingtalkOptions(access_token=TOKEN, secret=SECRET,
                                              base_url=f"http://127.0.0.1:{closed_port}"), http)
        with pytest.raises(NotifyError) as info:
            await robot.send(MSG)
    assert info.value.retryable and TOKEN not in str(info.value) and SECRET not in str(info.value)
