"""``wenzheng demo``: the daemon, the mock Weibo platform with traffic, and a mock WeCom robot.

Everything runs in one process on 127.0.0.1 so ``make demo`` needs nothing but the venv: the
mock platform on :8081 speaks the Weibo open API and generates citizens' appeals and member
replies; the mock WeCom receiver on :8082 records the reminders the SLA sweep sends; the daemon
polls the mock, stores into ``var/wenzheng.db`` and serves the console on :8080.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import structlog

from monitor.config import Config
from monitor.logging import configure_logging

log = structlog.get_logger("wenzheng.demo")

WEIBO_PORT = 8081
WECOM_PORT = 8082


async def _demo(config_path: Path | str | None, *, rate: float, time_factor: float, seed: int) -> None:
    from adapters.notify.wecom.mock import start_mock as start_wecom
    from adapters.weibo.mock import demo_token_env, start_mock
    from monitor.daemon import Daemon

    config = Config.load(config_path)
    os.environ.update(demo_token_env(config.matrix))
    weibo_runner, weibo_state, traffic = await start_mock(
        "127.0.0.1", WEIBO_PORT, config.matrix, rate=rate, seed=seed, time_factor=time_factor)
    wecom_runner, _wecom_state = await start_wecom("127.0.0.1", WECOM_PORT)
    daemon = Daemon(config_path)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await daemon.start()
    base = f"http://{daemon.host}:{daemon.port}"
    print(f"""
wenzheng demo is running (Ctrl-C to stop)
  console          {base}/
  cases (JSON)     {base}/api/cases
  queue (JSON)     {base}/api/queue
  health, metrics  {base}/healthz  {base}/metrics
  mock Weibo       http://127.0.0.1:{WEIBO_PORT}/_mock/state
  mock WeCom robot http://127.0.0.1:{WECOM_PORT}/_mock/messages
  database         {daemon.app.engine.url.render_as_string(hide_password=True)}
In another terminal:  .venv/bin/wenzheng cases list   ·   .venv/bin/wenzheng queue
""", flush=True)
    await stop.wait()
    await daemon.stop()
    traffic.cancel()
    await weibo_runner.cleanup()
    await wecom_runner.cleanup()


def run_demo(config_path: Path | str | None, *, rate: float, time_factor: float, seed: int) -> None:
    configure_logging()
    asyncio.run(_demo(config_path, rate=rate, time_factor=time_factor, seed=seed))
