"""The signed webhook over real HTTP into a real daemon and database."""

from __future__ import annotations

import datetime as dt
import json
import time

import aiohttp
import pytest
from structlog.testing import capture_logs

from adapters import signing
from adapters.webhook.mock import send
from monitor.store.models import Case

from .conftest import case_count, mention_count

SECRET = "s3cret-for-tests"
SOURCES = f"""
[[sources]]
name = "board"
adapter = "webhook"
[sources.options]
secret = "{SECRET}"
channel = "board"
max_body = 4096
"""


def item(n: int, **extra: object) -> dict:
    return {"id": n, "text": "兴庆区丽景街阳光嘉园小区门口的路灯坏了一个月，晚上很黑，希望尽快维修。",
            "created_at": "2026-03-02T09:30:00+08:00", "author": {"id": "u1", "name": "张女士"}, **extra}


@pytest.fixture
async def hook(start_daemon):
    d = await start_daemon(SOURCES)
    async with aiohttp.ClientSession() as http:
        yield http, f"http://127.0.0.1:{d.port}/hooks/board"


async def test_signed_items_become_cases_once_and_route_to_the_named_account(hook, db) -> None:
    http, url = hook
    status, answer = await send(http, url, SECRET, [item(1), item(2, account="银川城管")])
    assert status == 200 and answer["stored"] == 2
    assert set(answer["cases"]) == {"1", "2"} and all(answer["cases"].values())
    # the sender did not hear our answer and sends the same again: the same cases, no new one
    again_status, again = await send(http, url, SECRET, [item(1), item(2, account="银川城管")])
    assert again_status == 200 and again["cases"] == answer["cases"]
    assert case_count(db) == 2 and mention_count(db) == 2
    with db.session() as s:
        routed = s.get(Case, answer["cases"]["2"])
        assert routed.channel == "board" and routed.lead_account_id == "city-cg"  # as an @ would
        first = s.get(Case, answer["cases"]["1"])
        assert first.received_at == dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
        assert first.type is not None and first.lead_account_id  # classified and routed by rules


async def test_forged_replayed_oversized_and_malformed_requests_are_refused_and_store_nothing(hook, db) -> None:
    http, url = hook
    body = json.dumps({"items": [item(7)]}).encode()
    forged = signing.signed_headers("not-the-secret", body)
    old = signing.signed_headers(SECRET, body, now=time.time() - 301)
    unsigned = {"Content-Type": "application/json"}
    with capture_logs() as logs:
        for headers, want, says in ((forged, 403, "bad X-Wenzheng-Signature"),
                                    (old, 403, "replay"), (unsigned, 403, "missing")):
            async with http.post(url, data=body, headers=headers) as r:
                assert r.status == want
                assert says in await r.text()
        big = json.dumps({"items": [item(8, text="很长" * 3000)]}).encode()
        async with http.post(url, data=big, headers=signing.signed_headers(SECRET, big)) as r:
            assert r.status == 413 and "4096" in await r.text()
        for bad, says in ((b"{not json", "not valid JSON"),
                          (json.dumps({"items": [item(9, created_at="2026-03-02 09:30")]}).encode(),
                           "items[0].created_at"),
                          (json.dumps({"items": [item(10, account="nobody")]}).encode(), "items[0].account")):
            async with http.post(url, data=bad, headers=signing.signed_headers(SECRET, bad)) as r:
                assert r.status == 400
                assert says in await r.text()
        async with http.post(url.replace("/board", "/nosuch"), data=body,
                             headers=signing.signed_headers(SECRET, body)) as r:
            assert r.status == 404
    refused = [e for e in logs if e["event"] == "hook.refused"]
    assert [e["status"] for e in refused] == [403, 403, 403, 413, 400, 400, 400, 404]
    assert case_count(db) == 0 and mention_count(db) == 0


async def test_the_environment_overrides_the_configured_secret(start_daemon, db, monkeypatch) -> None:
    monkeypatch.setenv("WENZHENG_HOOK_SECRET_BOARD", "from-the-environment")
    d = await start_daemon(SOURCES)
    url = f"http://127.0.0.1:{d.port}/hooks/board"
    async with aiohttp.ClientSession() as http:
        status, _ = await send(http, url, SECRET, [item(1)])
        assert status == 403
        status, answer = await send(http, url, "from-the-environment", [item(1)])
        assert status == 200 and answer["stored"] == 1
    assert case_count(db) == 1


async def test_a_missing_secret_is_a_config_error_naming_the_variable(config_dir, db) -> None:
    from monitor.core.config import ConfigError
    from monitor.runtime.daemon import Daemon

    from .conftest import write_config

    d = Daemon(write_config(config_dir, '[[sources]]\nname = "board"\nadapter = "webhook"\n'),
               port=0, database_url=db.url)
    with pytest.raises(ConfigError, match="WENZHENG_HOOK_SECRET_BOARD"):
        await d.start()
    if d.http is not None:
        await d.http.close()
    d.app.close()
