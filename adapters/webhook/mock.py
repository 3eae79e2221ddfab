"""A mock webhook sender: another system pushing signed JSON items, as the docs' curl does.

``python -m adapters.webhook.mock URL SECRET`` sends one appeal; the demo runs :func:`run_sender`
to push one every few seconds. The sender signs exactly as :mod:`adapters.signing` verifies, and
re-sends once on a 5xx or a lost connection (a retried delivery must stay one case).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import sys
from typing import Any

import aiohttp
import structlog

from adapters import signing
from adapters.weibo.phrases import appeal, nickname

log = structlog.get_logger("wenzheng.mock.webhook")


def make_item(rng: random.Random, n: int, *, account: str | None = None) -> dict[str, Any]:
    """One item as a message-board system would push it."""
    item: dict[str, Any] = {
        "id": f"board-{n}", "text": appeal(rng),
        "created_at": dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(timespec="seconds"),
        "author": {"id": f"u{rng.randint(10000, 99999)}", "name": nickname(rng)},
        "url": f"https://board.example.gov.cn/message/{n}",
    }
    if account:
        item["account"] = account
    return item


async def send(http: aiohttp.ClientSession, url: str, secret: str, items: list[dict[str, Any]],
               *, retries: int = 1) -> tuple[int, Any]:
    """POST ``items`` signed with ``secret``; (status, answer). Retries a 5xx or a lost connection."""
    body = json.dumps({"items": items}, ensure_ascii=False).encode()
    for attempt in range(retries + 1):
        try:
            async with http.post(url, data=body, headers=signing.signed_headers(secret, body)) as r:
                text = await r.text()
                if r.status < 500 or attempt == retries:
                    try:
                        return r.status, json.loads(text)
                    except json.JSONDecodeError:
                        return r.status, text.strip()
        except aiohttp.ClientError:
            if attempt == retries:
                raise
        await asyncio.sleep(1.0)
    raise AssertionError("unreachable")


async def run_sender(url: str, secret: str, *, every: float = 20.0, seed: int = 11) -> None:
    """Push one appeal every ``every`` seconds until cancelled (the demo's message board)."""
    rng = random.Random(seed)
    n = rng.randint(1000, 9000)
    async with aiohttp.ClientSession() as http:
        while True:
            await asyncio.sleep(every * (0.5 + rng.random()))
            n += 1
            try:
                status, answer = await send(http, url, secret, [make_item(rng, n)])
                log.info("mock.webhook.sent", status=status, answer=answer)
            except aiohttp.ClientError as err:
                log.warning("mock.webhook.failed", error=str(err))


async def _main(url: str, secret: str) -> None:
    async with aiohttp.ClientSession() as http:
        status, answer = await send(http, url, secret, [make_item(random.Random(), random.randint(1, 10**6))])
    print(status, json.dumps(answer, ensure_ascii=False) if not isinstance(answer, str) else answer)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m adapters.webhook.mock URL SECRET")
    asyncio.run(_main(sys.argv[1], sys.argv[2]))
