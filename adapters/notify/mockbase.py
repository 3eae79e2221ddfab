"""Fault switches and recording shared by the robot mock receivers.

The mocks are real aiohttp servers (tests reach them through the unchanged client over
127.0.0.1), so what they check is what the platform checks. Faults are switched per request:
``state.fail("ratelimit", times=2)`` makes the next two requests answer the platform's
rate-limit errcode, ``"http500"`` a 500, ``"hang"`` no answer until the client gives up;
``state.down = True`` answers 500 until switched back. A faulty request records nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

FAULTS = ("ratelimit", "http500", "hang")


@dataclass
class Received:
    """One message the mock accepted."""

    robot: str  # the key / access token it was sent to
    msgtype: str
    content: str
    title: str = ""
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    payload: dict[str, Any] = field(default_factory=dict)
    ref: str = ""  # the X-Wenzheng-Outbox header: which outbox rows the message carries


def refs(ref: str) -> list[int]:
    """The outbox row ids an ``X-Wenzheng-Outbox`` header names (``"12-14,20"`` → 12, 13, 14, 20)."""
    out: list[int] = []
    for part in filter(None, ref.split(",")):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return out


@dataclass
class MockState:
    """What a mock robot server knows, received and is told to do wrong."""

    valid: set[str] = field(default_factory=set)  # keys / tokens it accepts; empty = any
    rate_per_minute: int = 20
    messages: list[Received] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # why requests were refused, in order
    down: bool = False
    hang_seconds: float = 3600.0
    _faults: deque[str] = field(default_factory=deque)
    _recent: dict[str, deque[float]] = field(default_factory=dict)

    def fail(self, fault: str, times: int = 1) -> None:
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
        self._faults.extend([fault] * times)

    def next_fault(self) -> str | None:
        if self.down:
            return "http500"
        return self._faults.popleft() if self._faults else None

    def over_rate(self, robot: str, now: float) -> bool:
        """The platform's own 20-a-minute window per robot."""
        window = self._recent.setdefault(robot, deque())
        while window and now - window[0] >= 60.0:
            window.popleft()
        if len(window) >= self.rate_per_minute:
            return True
        window.append(now)
        return False

    def for_robot(self, robot: str) -> list[Received]:
        return [m for m in self.messages if m.robot == robot]


async def apply_fault(fault: str | None, state: MockState) -> web.Response | None:
    """The HTTP-level faults; ``ratelimit`` is answered by each mock in its platform's words."""
    if fault == "http500":
        state.rejected.append("http500")
        return web.Response(status=500, text="internal error")
    if fault == "hang":
        state.rejected.append("hang")
        await asyncio.sleep(state.hang_seconds)
        return web.Response(status=504)
    return None


async def start_app(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner
