"""WeChat Official Account push over real HTTP: the mock platform pushes into a real daemon, and
member replies go out through the mock customer-service API."""

from __future__ import annotations

import re
import time

import aiohttp
import pytest
from sqlalchemy import select

from adapters.wechat.crypto import Envelope
from adapters.wechat.mock import DEMO_APPID, DEMO_SECRET, MockWeChat, make_app, push_text, seal, signed_query
from adapters.wechat.protocol import parse_xml, signature, text_message
from monitor.store.models import Case, CaseEvent

from test_console_support import OPERATOR
from .conftest import case_count, mention_count, wait_for

TOKEN = "test-token-123"
OPENID = "o-citizen-0001abcd"


@pytest.fixture
async def wechat(start_daemon, aiohttp_server):
    state = MockWeChat()
    api = await aiohttp_server(make_app(state))
    d = await start_daemon(f"""
[[sources]]
name = "wechat"
adapter = "wechat"
[sources.options]
token = "{TOKEN}"
appid = "{DEMO_APPID}"
app_secret = "{DEMO_SECRET}"
api_base = "{api.make_url('/')}"
account_name = "问政银川公众号"
""")
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {d.tokens[OPERATOR]}"}) as http:
        yield http, f"http://127.0.0.1:{d.port}", state


def case_number(reply_xml: str) -> int:
    found = re.search(r"编号 #(\d+)", reply_xml)
    assert found, reply_xml
    return int(found.group(1))


async def test_url_check_answers_echostr_only_when_signed_with_the_token(wechat) -> None:
    http, base, _ = wechat
    async with http.get(f"{base}/hooks/wechat", params=signed_query(TOKEN, echostr="e123")) as r:
        assert r.status == 200 and await r.text() == "e123"
    async with http.get(f"{base}/hooks/wechat", params=signed_query("wrong", echostr="e123")) as r:
        assert r.status == 403 and "e123" not in await r.text()


async def test_a_message_is_one_case_acknowledged_with_its_number_even_when_retried(wechat, db) -> None:
    http, base, _ = wechat
    url = f"{base}/hooks/wechat"
    status, reply, attempts = await push_text(http, url, TOKEN, openid=OPENID, msg_id="24890123456789012",
                                              content="兴庆区文化街丽景湖小区门口下水道堵了，污水漫到路上。")
    assert status == 200 and attempts == 1
    assert f"<ToUserName><![CDATA[{OPENID}]]></ToUserName>" in reply
    number = case_number(reply)
    # the platform did not hear us in time and retries the same MsgId: same case, same answer
    status2, reply2, _ = await push_text(http, url, TOKEN, openid=OPENID, msg_id="24890123456789012",
                                         content="兴庆区文化街丽景湖小区门口下水道堵了，污水漫到路上。")
    assert status2 == 200 and case_number(reply2) == number
    assert case_count(db) == 1 and mention_count(db) == 1
    with db.session() as s:
        case = s.get(Case, number)
        assert case.channel == "wechat" and case.platform == "wechat"
        assert case.citizen_id == OPENID and case.first_response_due is not None
        assert case.lead_account_id is not None  # routed by region and domain rules


async def test_forged_and_replayed_pushes_are_refused_and_store_nothing(wechat, db) -> None:
    http, base, _ = wechat
    url = f"{base}/hooks/wechat"
    now = int(time.time())
    body = text_message(to="gh_x", sender=OPENID, content="有人在小区里乱倒垃圾", msg_id="1", create_time=now)
    async with http.post(url, params=signed_query("forged-token"), data=body) as r:
        assert r.status == 403 and "signature" in await r.text()
    old = now - 600  # a captured request replayed ten minutes later, signature and all
    async with http.post(url, params=signed_query(TOKEN, timestamp=old), data=body) as r:
        assert r.status == 403 and "replay" in await r.text()
    async with http.post(url, params=signed_query(TOKEN), data=b"<xml><MsgType>text</MsgType>") as r:
        assert r.status == 400
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><ToUserName>&a;</ToUserName></xml>'
    async with http.post(url, params=signed_query(TOKEN), data=bomb) as r:
        assert r.status == 400 and "DTD" in await r.text()
    # safe mode on the platform, but no EncodingAESKey here: the answer names the missing setting
    async with http.post(url, params=signed_query(TOKEN, encrypt_type="aes"), data=body) as r:
        assert r.status == 400 and "WENZHENG_WECHAT_AESKEY_WECHAT" in await r.text()
    assert case_count(db) == 0 and mention_count(db) == 0


async def test_slow_storage_is_not_acknowledged_and_the_retry_gets_the_number(start_daemon, db) -> None:
    d = await start_daemon(f"""
[[sources]]
name = "wechat"
adapter = "wechat"
[sources.options]
token = "{TOKEN}"
answer_within = 0.001
""")
    url = f"http://127.0.0.1:{d.port}/hooks/wechat"
    async with aiohttp.ClientSession() as http:
        status, body, attempts = await push_text(http, url, TOKEN, openid=OPENID, msg_id="777",
                                                 content="小区里的路灯坏了一周了", attempts=1)
        assert status == 503 and "编号" not in body  # no acknowledgement for what is not stored yet
        await wait_for(lambda: case_count(db) == 1)  # storing went on regardless
        for _ in range(20):  # the platform retries; once stored, the answer carries the number
            status, body, _ = await push_text(http, url, TOKEN, openid=OPENID, msg_id="777",
                                              content="小区里的路灯坏了一周了", attempts=1)
            if status == 200:
                break
        assert status == 200 and case_number(body) >= 1
    assert case_count(db) == 1


async def test_subscribe_event_gets_the_welcome_and_opens_no_case(wechat, db) -> None:
    http, base, _ = wechat
    event = (f"<xml><ToUserName>gh_x</ToUserName><FromUserName>{OPENID}</FromUserName>"
             f"<CreateTime>{int(time.time())}</CreateTime><MsgType>event</MsgType>"
             "<Event>subscribe</Event></xml>").encode()
    async with http.post(f"{base}/hooks/wechat", params=signed_query(TOKEN), data=event) as r:
        assert r.status == 200 and "欢迎关注" in await r.text()
    assert case_count(db) == 0


async def test_member_reply_goes_out_through_the_customer_service_api(wechat, db) -> None:
    http, base, state = wechat
    _, reply, _ = await push_text(http, f"{base}/hooks/wechat", TOKEN, openid=OPENID,
                                  content="金凤区阅海湾中央大道公交站牌倒了，请尽快处理。")
    number = case_number(reply)
    answer = {"account": "jinfeng", "text": "您好，已通知公交公司今天修复站牌。"}
    async with http.post(f"{base}/api/cases/{number}/actions/reply", json=answer) as r:
        assert r.status == 200, await r.text()
        detail = await r.json()
    assert state.sent == [{"touser": OPENID, "content": answer["text"], "at": state.sent[0]["at"]}]
    assert detail["status"] == "replied" and detail["first_response_at"]
    # the token ran out meanwhile: the next reply fetches a new one and still goes out
    state.expire_all()
    more = {**answer, "text": "站牌已修复，感谢您的反映。"}
    async with http.post(f"{base}/api/cases/{number}/actions/reply", json=more) as r:
        assert r.status == 200
    assert [m["content"] for m in state.sent] == [answer["text"], more["text"]] and state.token_requests == 2
    # past the 48-hour window the platform refuses: the operator is told, nothing is recorded
    state.refuse_next = 45015
    async with http.post(f"{base}/api/cases/{number}/actions/reply", json=more) as r:
        assert r.status == 409 and "48 hours" in (await r.json())["error"]
    with db.session() as s:
        replies = s.scalars(select(CaseEvent).where(CaseEvent.case_id == number, CaseEvent.kind == "reply")).all()
        assert len(replies) == 2


AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # the platform's documented sample key


async def test_safe_mode_push_is_checked_opened_and_answered_sealed(start_daemon, db) -> None:
    """安全模式: the message arrives AES-encrypted with a msg_signature; the acknowledgement goes
    back in the same envelope. A wrong signature, a wrong key or another account's AppID store
    nothing."""
    d = await start_daemon(f"""
[[sources]]
name = "wechat"
adapter = "wechat"
[sources.options]
token = "{TOKEN}"
appid = "{DEMO_APPID}"
encoding_aes_key = "{AES_KEY}"
""")
    url = f"http://127.0.0.1:{d.port}/hooks/wechat"
    ours = Envelope(AES_KEY, DEMO_APPID)
    async with aiohttp.ClientSession() as http:
        status, reply, _ = await push_text(http, url, TOKEN, openid=OPENID, envelope=ours,
                                           content="兴庆区丽景湖小区的路灯坏了一周了，晚上很黑。")
        assert status == 200 and "编号" not in reply  # sealed: nothing readable outside
        outer = parse_xml(reply.encode())
        assert outer["MsgSignature"] == signature(TOKEN, outer["TimeStamp"], outer["Nonce"], outer["Encrypt"])
        inner = ours.decrypt(outer["Encrypt"]).decode()
        assert f"<ToUserName><![CDATA[{OPENID}]]></ToUserName>" in inner
        number = case_number(inner)
        with db.session() as s:
            assert s.get(Case, number).text.startswith("兴庆区丽景湖小区的路灯")

        now = int(time.time())
        message = text_message(to="gh_x", sender=OPENID, content="有人乱倒垃圾", msg_id="9001",
                               create_time=now)
        forged_body, extra = seal(TOKEN, ours, message, to="gh_x", timestamp=now)
        extra["msg_signature"] = "0" * 40
        async with http.post(url, params=signed_query(TOKEN, timestamp=now, **extra), data=forged_body) as r:
            assert r.status == 403 and "msg_signature" in await r.text()
        other_key = Envelope("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", DEMO_APPID)
        for stranger, words in ((other_key, "EncodingAESKey"), (Envelope(AES_KEY, "wx-another-one"), "AppID")):
            body, extra = seal(TOKEN, stranger, message, to="gh_x", timestamp=now)
            async with http.post(url, params=signed_query(TOKEN, timestamp=now, **extra), data=body) as r:
                assert r.status == 400 and words in await r.text()
        body, extra = seal(TOKEN, ours, message, to="gh_x", timestamp=now)
        garbled = body.replace(b"<Encrypt><![CDATA[", b"<Encrypt><![CDATA[%%")
        async with http.post(url, params=signed_query(TOKEN, timestamp=now, **extra), data=garbled) as r:
            assert r.status in (400, 403)
    assert case_count(db) == 1 and mention_count(db) == 1


def test_envelope_matches_the_platform_sample_and_refuses_bad_keys() -> None:
    """The platform's published sample (key, AppID, 16 random bytes) gives its published ciphertext."""
    from adapters.wechat.crypto import BadKey

    sample = Envelope(AES_KEY, "wxb11529c136998cb6")
    sealed = sample.encrypt("我是中文abcd123", salt=b"aaaabbbbccccdddd")
    assert sealed == "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
    assert sample.decrypt(sealed).decode() == "我是中文abcd123"
    for bad in ("short", AES_KEY[:-1] + "!"):
        with pytest.raises(BadKey):
            Envelope(bad, "wx1")
