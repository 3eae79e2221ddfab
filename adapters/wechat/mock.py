"""A mock WeChat platform: the API wenzheng calls, and the pushes the platform makes.

* :func:`make_app` serves ``/cgi-bin/token`` and ``/cgi-bin/message/custom/send`` with the real
  JSON and errcodes (40013 bad appid, 40125 bad secret, 40001 expired token, 45015 out of the
  48-hour window); ``/_mock/messages`` lists what was sent. Switches on :class:`MockWeChat`
  expire every token or refuse the next send.
* :func:`push_text` is the platform pushing a citizen's message: signed as the platform signs,
  waiting 5 s for the answer, retrying with the same MsgId, three attempts in all.
* ``python -m adapters.wechat.mock`` serves the API on :8083; the demo also runs
  :func:`run_sender`, a citizen writing every few seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import secrets
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import structlog
from aiohttp import web

from adapters.wechat.crypto import Envelope
from adapters.wechat.protocol import signature, text_message
from adapters.weibo.phrases import appeal

log = structlog.get_logger("wenzheng.mock.wechat")

DEMO_APPID = "wx0000demo0000"
DEMO_SECRET = "wenzheng-demo-appsecret"


@dataclass
class MockWeChat:
    appid: str = DEMO_APPID
    secret: str = DEMO_SECRET
    tokens: dict[str, float] = field(default_factory=dict)  # token → expiry (monotonic)
    sent: list[dict[str, Any]] = field(default_factory=list)
    token_requests: int = 0
    refuse_next: int | None = None  # errcode for the next send

    def expire_all(self) -> None:
        """Every token issued so far is now expired (the next send answers 42001)."""
        self.tokens = {t: 0.0 for t in self.tokens}


def _err(code: int, msg: str) -> web.Response:
    return web.json_response({"errcode": code, "errmsg": msg})


def make_app(state: MockWeChat) -> web.Application:
    async def token(request: web.Request) -> web.Response:
        q = request.query
        state.token_requests += 1
        if q.get("grant_type") != "client_credential":
            return _err(40002, "invalid grant_type")
        if q.get("appid") != state.appid:
            return _err(40013, "invalid appid")
        if q.get("secret") != state.secret:
            return _err(40125, "invalid appsecret")
        tok = secrets.token_hex(16)
        state.tokens[tok] = time.monotonic() + 7200
        return web.json_response({"access_token": tok, "expires_in": 7200})

    async def send(request: web.Request) -> web.Response:
        tok = request.query.get("access_token", "")
        if tok not in state.tokens:
            return _err(40001, "invalid credential, access_token is invalid or not latest")
        if state.tokens[tok] < time.monotonic():
            return _err(42001, "access_token expired")
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return _err(44002, "empty post data")
        if body.get("msgtype") != "text" or not isinstance(body.get("text"), dict):
            return _err(40008, "invalid message type")
        if state.refuse_next is not None:
            code, state.refuse_next = state.refuse_next, None
            return _err(code, "response out of time limit or subscription is canceled")
        state.sent.append({"touser": body.get("touser"), "content": body["text"].get("content"),
                           "at": time.time()})
        return _err(0, "ok")

    async def messages(_request: web.Request) -> web.Response:
        return web.json_response(state.sent, dumps=lambda d: json.dumps(d, ensure_ascii=False))

    app = web.Application()
    app.router.add_get("/cgi-bin/token", token)
    app.router.add_post("/cgi-bin/message/custom/send", send)
    app.router.add_get("/_mock/messages", messages)
    return app


def signed_query(token: str, *, timestamp: int | None = None, nonce: str | None = None,
                 **extra: str) -> dict[str, str]:
    """The query the platform adds to every call: signature, timestamp, nonce."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or str(random.randint(10**8, 10**9))
    return {"signature": signature(token, ts, nonce), "timestamp": ts, "nonce": nonce, **extra}


_msg_ids = itertools.count(int(time.time()) * 1000)


def seal(token: str, envelope: Envelope, message: bytes, *, to: str, timestamp: int,
         nonce: str | None = None) -> tuple[bytes, dict[str, str]]:
    """A message in safe mode (安全模式): the body and the extra query the platform sends with it."""
    nonce = nonce or str(random.randint(10**8, 10**9))
    encrypt = envelope.encrypt(message.decode("utf-8"))
    body = (f"<xml><ToUserName><![CDATA[{to}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>").encode("utf-8")
    return body, {"encrypt_type": "aes", "nonce": nonce,
                  "msg_signature": signature(token, str(timestamp), nonce, encrypt)}


async def push_text(http: aiohttp.ClientSession, url: str, token: str, *, openid: str, content: str,
                    msg_id: str | None = None, to: str = "gh_wzyc_demo", create_time: int | None = None,
                    wait: float = 5.0, attempts: int = 3,
                    envelope: Envelope | None = None) -> tuple[int, str, int]:
    """Push a text message as the platform does; (last status, last body, attempts made).

    Like the platform: wait ``wait`` s for an answer, then retry with the same MsgId. With an
    ``envelope`` the message goes in safe mode (encrypted, ``msg_signature`` in the query).
    """
    msg_id = msg_id or str(next(_msg_ids))
    created = int(time.time()) if create_time is None else create_time
    body = text_message(to=to, sender=openid, content=content, msg_id=msg_id, create_time=created)
    extra: dict[str, str] = {}
    if envelope is not None:
        body, extra = seal(token, envelope, body, to=to, timestamp=created)
    status, text = 0, ""
    for n in range(1, attempts + 1):
        params = signed_query(token, timestamp=created, openid=openid, **extra)
        try:
            async with http.post(url, params=params, data=body, headers={"Content-Type": "text/xml"},
                                 timeout=aiohttp.ClientTimeout(total=wait)) as r:
                status, text = r.status, await r.text()
            if status == 200:
                return status, text, n
        except (TimeoutError, aiohttp.ClientError) as err:
            status, text = 0, f"{type(err).__name__}"
    return status, text, attempts


async def run_sender(url: str, token: str, *, every: float = 25.0, seed: int = 13) -> None:
    """Citizens writing to the official account until cancelled (the demo)."""
    rng = random.Random(seed)
    async with aiohttp.ClientSession() as http:
        while True:
            await asyncio.sleep(every * (0.5 + rng.random()))
            openid = "o-demo-" + "".join(rng.choices("abcdefghijkmnpqrstuvwxyz23456789", k=12))
            status, reply, attempts = await push_text(http, url, token, openid=openid, content=appeal(rng))
            log.info("mock.wechat.pushed", status=status, attempts=attempts, reply=reply[:120])


async def start_mock(host: str, port: int) -> tuple[web.AppRunner, MockWeChat]:
    state = MockWeChat()
    runner = web.AppRunner(make_app(state), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner, state


async def _serve(port: int) -> None:
    runner, _state = await start_mock("127.0.0.1", port)
    print(f"mock WeChat API on http://127.0.0.1:{port}/ (appid {DEMO_APPID}, secret {DEMO_SECRET})")
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8083))
