"""The demo's other intake channels: a mock of each platform, and someone using it.

For each source of the configuration (by adapter): the media outlet serves the feeds' URLs and
publishes an article every half minute; the WeChat API mock answers the daemon's calls and
citizens write to the official account; a 12345 system drops an export into the hotline folder;
a message board pushes signed items to the webhook. Senders sign with the same token or secret
the daemon checks (the configured value, or the environment's when set), so nothing is special-
cased for the demo: the daemon sees exactly what a real platform would send.

The mocks take whatever ports are free (a busy port must not stop a demo); :attr:`ChannelMocks.urls`
maps the demo config's URLs (``FEEDS_URL``, ``WECHAT_URL``) to the ones really bound, and the demo
rewrites its copy of the configuration with them.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters import signing
from monitor.core.config import Config, SourceConfig

# the URLs the shipped demo config names for these mocks; replaced by the ports actually bound
FEEDS_URL = "http://127.0.0.1:8084"
WECHAT_URL = "http://127.0.0.1:8083"


def _source(config: Config, adapter: str) -> SourceConfig | None:
    return next((s for s in config.settings.sources if s.adapter == adapter and s.enabled), None)


@dataclass
class ChannelMocks:
    runners: list[web.AppRunner] = field(default_factory=list)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # demo config URL -> URL really bound

    async def close(self) -> None:
        for t in self.tasks:
            t.cancel()
        for r in self.runners:
            await r.cleanup()


async def start_channel_mocks(config: Config) -> ChannelMocks:
    """The platforms the daemon calls (feeds, WeChat API): up before the daemon starts polling."""
    from adapters.feeds.mock import start_mock as start_feeds
    from adapters.feeds.mock import run_publisher
    from adapters.wechat.mock import start_mock as start_wechat

    mocks = ChannelMocks()
    media = _source(config, "feeds")
    if media is not None:
        runner, state = await start_feeds("127.0.0.1", 0)
        mocks.runners.append(runner)
        mocks.urls[FEEDS_URL] = _bound(runner)
        places = list(media.options.get("places") or []) or ["兴庆区"]
        rng = random.Random(5)
        from adapters.weibo.phrases import appeal
        state.publish("ycrb", f"市民反映：{places[0]}小区问题亟待解决", appeal(rng, street=places[0]))
        mocks.tasks.append(asyncio.create_task(run_publisher(state, places, every=30)))
    if _source(config, "wechat") is not None:
        runner, _state = await start_wechat("127.0.0.1", 0)
        mocks.runners.append(runner)
        mocks.urls[WECHAT_URL] = _bound(runner)
    return mocks


def _bound(runner: web.AppRunner) -> str:
    return f"http://127.0.0.1:{runner.addresses[0][1]}"


def _secret(src: SourceConfig, key: str, prefix: str) -> str | None:
    return signing.resolve_secret(src.options.get(key), signing.env_name(prefix, src.name))


def start_senders(config: Config, base: str) -> list[asyncio.Task[Any]]:
    """Whoever pushes to the daemon: citizens on WeChat, a message board, a 12345 system."""
    from adapters.hotline.mock import run_dropper
    from adapters.webhook.mock import run_sender as run_webhook
    from adapters.wechat.mock import run_sender as run_wechat

    tasks = []
    wechat = _source(config, "wechat")
    if wechat is not None and (token := _secret(wechat, "token", "WENZHENG_WECHAT_TOKEN_")):
        tasks.append(asyncio.create_task(run_wechat(f"{base}/hooks/{wechat.name}", token, every=25)))
    hook = _source(config, "webhook")
    if hook is not None and (secret := _secret(hook, "secret", "WENZHENG_HOOK_SECRET_")):
        tasks.append(asyncio.create_task(run_webhook(f"{base}/hooks/{hook.name}", secret, every=20)))
    hotline = _source(config, "hotline")
    if hotline is not None and hotline.options.get("folder"):
        tasks.append(asyncio.create_task(run_dropper(Path(hotline.options["folder"]), every=40)))
    return tasks


def describe_channels(config: Config, base: str, mocks: ChannelMocks) -> str:
    lines = ["Other channels (docs/adapters/):"]
    if _source(config, "feeds") is not None:
        feeds = mocks.urls.get(FEEDS_URL, FEEDS_URL)
        lines.append(f"  media feeds      {feeds}/feeds/ycrb.xml   (an article every ~30 s)")
    if (h := _source(config, "hotline")) is not None:
        lines.append(f"  12345 drop folder {h.options.get('folder')}/   (an export every ~40 s; done/ failed/)")
    if (w := _source(config, "wechat")) is not None:
        api = mocks.urls.get(WECHAT_URL, WECHAT_URL)
        lines.append(f"  WeChat push      {base}/hooks/{w.name}   (mock API {api}/_mock/messages)")
    if (k := _source(config, "webhook")) is not None:
        lines.append(f"  signed webhook   {base}/hooks/{k.name}")
    return "\n".join(lines) if len(lines) > 1 else ""
