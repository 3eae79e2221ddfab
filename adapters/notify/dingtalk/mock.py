"""A mock DingTalk custom robot: checks token, signature, timestamp freshness and keywords.

What DingTalk checks, in its order: the ``access_token`` (300001 when unknown); for a robot with a
secret, a ``timestamp`` within one hour of the server's clock and ``sign`` equal to the HMAC of
``timestamp\\nsecret`` (310000 "sign not match" otherwise); for a robot with keywords, one of them
in the content (310000 "keywords not in content"); then 20 messages a minute (130101).
"""

from __future__ import annotations

import hmac
import json
import time
from dataclasses import dataclass, field

from aiohttp import web

from adapters.notify.dingtalk.client import sign
from adapters.notify.http import REF_HEADER
from adapters.notify.mockbase import MockState, Received, apply_fault, start_app

FRESHNESS_MS = 3600 * 1000


@dataclass
class DingtalkState(MockState):
    secrets: dict[str, str] = field(default_factory=dict)  # token → secret ("加签" robots)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)  # token → keywords


STATE_KEY: web.AppKey[DingtalkState] = web.AppKey("dingtalk_state", DingtalkState)


def _err(state: MockState, code: int, msg: str) -> web.Response:
    state.rejected.append(f"{code} {msg}")
    return web.json_response({"errcode": code, "errmsg": msg})


def _content(body: dict[str, object]) -> tuple[str, str, str] | None:
    msgtype = body.get("msgtype")
    part = body.get(msgtype) if isinstance(msgtype, str) else None
    if not isinstance(part, dict):
        return None
    if msgtype == "text" and isinstance(part.get("content"), str):
        return "text", part["content"], ""
    if msgtype == "markdown" and isinstance(part.get("text"), str) and isinstance(part.get("title"), str):
        return "markdown", part["text"], part["title"]
    return None


async def _send(request: web.Request) -> web.Response:
    state = request.app[STATE_KEY]
    fault = state.next_fault()
    if fault == "ratelimit":
        return _err(state, 130101, "send too fast, exceed 20 times per minute")
    if (resp := await apply_fault(fault, state)) is not None:
        return resp
    token = request.query.get("access_token", "")
    if not token or (state.valid and token not in state.valid):
        return _err(state, 300001, "token is not exist")
    secret = state.secrets.get(token)
    if secret is not None:
        try:
            ts = int(request.query.get("timestamp", ""))
        except ValueError:
            return _err(state, 310000, "sign not match: timestamp missing or not a number")
        if abs(time.time() * 1000 - ts) > FRESHNESS_MS:
            return _err(state, 310000, "sign not match: timestamp is more than 1 hour off")
        if not hmac.compare_digest(request.query.get("sign", ""), sign(ts, secret)):
            return _err(state, 310000, "sign not match")
    try:
        body = json.loads(await request.read())
    except ValueError:
        return _err(state, 40035, "invalid parameter: body is not json")
    parsed = _content(body) if isinstance(body, dict) else None
    if parsed is None:
        return _err(state, 40035, "invalid parameter: msgtype and its content")
    msgtype, content, title = parsed
    if not content.strip():
        return _err(state, 40035, "invalid parameter: empty content")
    words = state.keywords.get(token, ())
    if words and not any(w in content or w in title for w in words):
        return _err(state, 310000, "keywords not in content")
    if state.over_rate(token, time.monotonic()):
        return _err(state, 130101, "send too fast, exceed 20 times per minute")
    state.messages.append(Received(robot=token, msgtype=msgtype, content=content, title=title,
                                   payload=body, ref=request.headers.get(REF_HEADER, "")))
    return web.json_response({"errcode": 0, "errmsg": "ok"})


def make_app(state: DingtalkState | None = None) -> web.Application:
    app = web.Application()
    app[STATE_KEY] = state or DingtalkState()
    app.router.add_post("/robot/send", _send)
    return app


def state_of(app: web.Application) -> DingtalkState:
    return app[STATE_KEY]


async def start_mock(host: str = "127.0.0.1", port: int = 0,
                     state: DingtalkState | None = None) -> tuple[web.AppRunner, DingtalkState]:
    """Serve the mock on ``host:port``; stop it with ``await runner.cleanup()``."""
    app = make_app(state)
    runner = await start_app(app, host, port)
    return runner, app[STATE_KEY]
