"""A mock WeCom group robot: validates requests as WeCom does and records what it accepts.

Checks, in WeCom's order: the ``key`` (93000 "invalid webhook url" when unknown), a JSON body
(40035 invalid parameter), ``msgtype`` text/markdown (40008), non-empty content (44004) within the
byte limit (40058), then the 20-a-minute window per robot (45009). See :mod:`mockbase` for the
fault switches. The lead's demo runs it in-process with :func:`start_mock`.
"""

from __future__ import annotations

import json
import time

from aiohttp import web

from adapters.notify.http import REF_HEADER
from adapters.notify.mockbase import MockState, Received, apply_fault, start_app

LIMITS = {"markdown": 4096, "text": 2048}
STATE_KEY: web.AppKey[MockState] = web.AppKey("wecom_state", MockState)


def _err(state: MockState, code: int, msg: str) -> web.Response:
    state.rejected.append(f"{code} {msg}")
    return web.json_response({"errcode": code, "errmsg": msg})


async def _send(request: web.Request) -> web.Response:
    state = request.app[STATE_KEY]
    fault = state.next_fault()
    if fault == "ratelimit":
        return _err(state, 45009, "api freq out of limit")
    if (resp := await apply_fault(fault, state)) is not None:
        return resp
    key = request.query.get("key", "")
    if not key or (state.valid and key not in state.valid):
        return _err(state, 93000, "invalid webhook url")
    try:
        body = json.loads(await request.read())
    except ValueError:
        return _err(state, 40035, "invalid parameter: body is not json")
    if not isinstance(body, dict):
        return _err(state, 40035, "invalid parameter")
    msgtype = body.get("msgtype")
    if msgtype not in LIMITS:
        return _err(state, 40008, "invalid message type")
    part = body.get(msgtype)
    content = part.get("content") if isinstance(part, dict) else None
    if not isinstance(content, str) or not content.strip():
        return _err(state, 44004, "empty content")
    if len(content.encode("utf-8")) > LIMITS[msgtype]:
        return _err(state, 40058, "content exceed max length")
    if state.over_rate(key, time.monotonic()):
        return _err(state, 45009, "api freq out of limit")
    state.messages.append(Received(robot=key, msgtype=msgtype, content=content, payload=body,
                                   ref=request.headers.get(REF_HEADER, "")))
    return web.json_response({"errcode": 0, "errmsg": "ok"})


async def _messages(request: web.Request) -> web.Response:
    """What the robot received, newest last: lets a person watching the demo see the reminders."""
    state = request.app[STATE_KEY]
    return web.json_response([
        {"robot": m.robot, "msgtype": m.msgtype, "content": m.content, "at": m.at.isoformat()}
        for m in state.messages
    ], dumps=lambda o: json.dumps(o, ensure_ascii=False))


def make_app(state: MockState | None = None) -> web.Application:
    app = web.Application()
    app[STATE_KEY] = state or MockState()
    app.router.add_post("/cgi-bin/webhook/send", _send)
    app.router.add_get("/_mock/messages", _messages)
    return app


def state_of(app: web.Application) -> MockState:
    return app[STATE_KEY]


async def start_mock(host: str = "127.0.0.1", port: int = 0,
                     state: MockState | None = None) -> tuple[web.AppRunner, MockState]:
    """Serve the mock on ``host:port``; stop it with ``await runner.cleanup()``.

    The bound port (useful with ``port=0``) is ``runner.addresses[0][1]``.
    """
    app = make_app(state)
    runner = await start_app(app, host, port)
    return runner, app[STATE_KEY]
