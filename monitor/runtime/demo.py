"""``wenzheng demo``: the daemon, the mock Weibo platform with traffic, and a mock WeCom robot,
plus a mock of every other intake channel the configuration names.

Everything runs in one process on 127.0.0.1 so ``make demo`` needs nothing but the venv: the
mock platform on :8081 speaks the Weibo open API and generates citizens' appeals and member
replies; the mock WeCom receiver on :8082 records the reminders the SLA sweep sends; the daemon
polls the mock, stores into ``var/wenzheng.db`` and serves the console on :8080. Beside them
(:mod:`monitor.runtime.demo_channels`): a mock WeChat API on :8083 with citizens writing to the
official account, a mock media outlet on :8084 publishing articles, a 12345 system dropping
exports into the hotline folder, and a message board pushing signed webhook items.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from monitor.core.config import Config, Matrix
from monitor.core.logging import configure_logging
from monitor.sla import SlaEngine
from monitor.store.models import utcnow

if TYPE_CHECKING:
    from adapters.weibo.mock import MockWeibo

log = structlog.get_logger("wenzheng.demo")

WEIBO_PORT = 8081
WECOM_PORT = 8082


async def _demo(config_path: Path | str | None, *, rate: float, time_factor: float, seed: int) -> None:
    from adapters.notify.wecom.mock import start_mock as start_wecom
    from adapters.weibo.mock import MockWeibo, clock_first_id, demo_token_env, start_mock
    from monitor.runtime.daemon import Daemon
    from monitor.runtime.demo_channels import describe_channels, start_channel_mocks, start_senders

    config = Config.load(config_path)
    os.environ.update(demo_token_env(config.matrix))
    # ids that grow with the clock: a second demo on the same var/ continues above the stored
    # cursor instead of re-using the first run's ids (which the cursor and dedupe would skip)
    weibo_runner, weibo_state, traffic = await start_mock(
        "127.0.0.1", WEIBO_PORT, config.matrix, rate=rate, seed=seed, time_factor=time_factor,
        state=MockWeibo.from_matrix(config.matrix, first_id=clock_first_id(utcnow())))
    overdue = seed_overdue(weibo_state, config.matrix, SlaEngine.from_config(config), utcnow())
    wecom_runner, _wecom_state = await start_wecom("127.0.0.1", WECOM_PORT)
    daemon = Daemon(config_path)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    channels = await start_channel_mocks(config)
    await daemon.start()
    base = f"http://{daemon.host}:{daemon.port}"
    senders = start_senders(config, base)
    print(f"""
wenzheng demo is running (Ctrl-C to stop)
  console          {base}/
  cases (JSON)     {base}/api/cases
  queue (JSON)     {base}/api/queue
  health, metrics  {base}/healthz  {base}/metrics
  mock Weibo       http://127.0.0.1:{WEIBO_PORT}/_mock/state
  mock WeCom robot http://127.0.0.1:{WECOM_PORT}/_mock/messages   (reminders and alerts land here)
  database         {daemon.app.engine.url.render_as_string(hide_password=True)}
In another terminal:  .venv/bin/wenzheng cases list   ·   .venv/bin/wenzheng queue
{len(overdue)} appeals were received before the demo started and are near or past their first-response
deadline: the first sweep records it and puts the late ones in the queue; as they were already late when
they arrived, the WeCom robot gets one summary (补录汇总), not a message each. Live appeals that run late
later are told as they happen, one digest per robot per round; risk alerts go at once. In {REPLY_AFTER_S} s
the most overdue one gets its reply on the platform, which clears its queue entry.
""", flush=True)
    print(describe_channels(config, base, channels), flush=True)
    answer = asyncio.create_task(answer_later(weibo_state, config.matrix, overdue, REPLY_AFTER_S))
    await stop.wait()
    answer.cancel()
    for task in senders:
        task.cancel()
    await daemon.stop()
    await channels.close()
    traffic.cancel()
    await weibo_runner.cleanup()
    await wecom_runner.cleanup()


REPLY_AFTER_S = 120

# (street account id suffix is not needed: the first streets of the matrix get these)
OVERDUE_TEXTS = (
    "@{name} 小区北门的路灯坏了快一个月了，晚上出行很不方便，希望尽快维修。",
    "@{name} 楼下垃圾站三天没人清运了，味道很大，麻烦协调一下。",
    "@{name} 我们单元的楼道窗户玻璃碎了，风一吹掉渣，担心砸到孩子，请派人看看。",
    "@{name} 社区门口的人行道砖翘起来好几块，老人走路容易绊倒，能不能修一下？",
    "@{name} 小区里有人长期占用消防车道停车，物业管不了，请帮忙处理。",
    "@{name} 附近工地晚上十一点还在施工，噪音太大，影响休息。",
)
# shares of the first-response window already elapsed when the demo starts: two at risk
# (≥ 75 %), four past due
OVERDUE_SHARES = (0.8, 0.9, 1.1, 1.3, 1.6, 2.0)


def seed_overdue(state: MockWeibo, matrix: Matrix, engine: SlaEngine, now: dt.datetime) -> list[tuple[int, str]]:
    """Appeals that arrived before the demo started, so its deadlines visibly run out.

    A live demo only ever shows fresh cases: the first-response window is an hour, so without
    these a visitor would wait an hour to see a reminder, a breach and the queue.
    """
    streets = [a for a in matrix.accounts if a.kind == "street" and "weibo" in a.platform_ids]
    out = []
    for i, (share, text) in enumerate(zip(OVERDUE_SHARES, OVERDUE_TEXTS, strict=True)):
        acc = streets[(i * 7) % len(streets)]
        received = now
        for _ in range(2):  # the window depends on the day received: settle it
            window = engine.deadlines(received, "complaint").first_response_due - received
            received = now - window * share
        uid = f"73000000{i:02d}"
        state.add_user(uid, f"银川市民{i + 1:02d}")
        status = state.post_status(uid, text.format(name=acc.name), at=received)
        out.append((status.id, acc.id))
    return out


async def answer_later(state: MockWeibo, matrix: Matrix, overdue: list[tuple[int, str]],
                       delay: float) -> None:
    """The most overdue appeal gets its reply on the platform; the daemon sees it and clears it."""
    await asyncio.sleep(delay)
    status_id, account_id = overdue[-1]
    uid = matrix.by_id[account_id].platform_ids["weibo"]
    state.add_comment(uid, status_id, "您好，您反映的问题已转社区网格员，今天下午到现场核实处理，处理结果将在此回复。")
    log.info("demo.replied_on_platform", status=status_id, account=account_id)


def run_demo(config_path: Path | str | None, *, rate: float, time_factor: float, seed: int) -> None:
    configure_logging()
    asyncio.run(_demo(config_path, rate=rate, time_factor=time_factor, seed=seed))
