"""``wenzheng demo``: the daemon, the mock Weibo platform with traffic, and a mock WeCom robot,
plus a mock of every other intake channel the configuration names.

Everything runs in one process on 127.0.0.1 so ``make demo`` needs nothing but the venv: the
mock platform speaks the Weibo open API and generates citizens' appeals and member replies; the
mock WeCom receiver records the reminders the SLA sweep sends; the daemon polls the mock, stores
into ``var/wenzheng.db`` and serves the console on ``--port`` (default ``[daemon].port``, 8080).

Every mock takes whatever port is free and the printout says which: a busy 8081 (or any other)
must not stop a demo. The daemon is pointed at them through a copy of the config directory
(``var/demo-config/``) whose demo URLs name the real ports; the shipped config stays untouched.
Three demo users (an operator, a street member, a viewer) get fresh random passwords on every start,
printed with the URLs, since the console lets no one in without signing in.
Beside them (:mod:`monitor.runtime.demo_channels`): a mock WeChat API with citizens
writing to the official account, a mock media outlet publishing articles, a 12345 system
dropping exports into the hotline folder, and a message board pushing signed webhook items.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import shutil
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

from monitor.access.users import AccessError, add_user, get_user, set_password
from monitor.core.config import DEFAULT_CONFIG, Config, Matrix
from monitor.core.logging import configure_logging
from monitor.sla import SlaEngine
from monitor.store.models import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from adapters.weibo.mock import MockWeibo

log = structlog.get_logger("wenzheng.demo")

# the URLs the shipped demo config names for the mocks; replaced by the ports actually bound
WEIBO_URL = "http://127.0.0.1:8081"
WECOM_URL = "http://127.0.0.1:8082"
DEMO_CONFIG_DIR = Path("var/demo-config")


def demo_config(config_path: Path, urls: dict[str, str], dest: Path = DEMO_CONFIG_DIR) -> Path:
    """A copy of the config directory whose mock URLs (keys of ``urls``, as the shipped config
    names them) are replaced by the URLs the mocks really bound (its values)."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in config_path.parent.glob("*.toml"):
        text = f.read_text(encoding="utf-8")
        for shipped, bound in urls.items():
            text = text.replace(shipped, bound)
        (dest / f.name).write_text(text, encoding="utf-8")
    for d in config_path.parent.iterdir():  # companion files and directories (seed examples, models…)
        if d.is_dir():
            shutil.copytree(d, dest / d.name, dirs_exist_ok=True)
        elif d.suffix != ".toml":
            shutil.copy2(d, dest / d.name)
    return dest / config_path.name


def demo_users(sessions: sessionmaker[Session], street: str, street_name: str) -> list[tuple[str, str, str]]:
    """(name, password, what) of the demo's users, created or given a new random password."""
    wanted = [("operator", "operator", None, "值班员：全部案件，可分派、办结"),
              ("street", "member", street, f"成员单位：只看{street_name}的案件"),
              ("viewer", "viewer", None, "只读统计：统计与通报，不见群众原文")]
    out = []
    with sessions.begin() as s:
        for name, role, account, what in wanted:
            password = secrets.token_urlsafe(9)
            try:
                user = get_user(s, name)
            except AccessError:
                add_user(s, name, role, password, account_id=account)
            else:
                set_password(s, name, password)
                user.disabled_at = None
            out.append((name, password, what))
    return out


async def _demo(config_path: Path | str | None, *, port: int | None, rate: float, time_factor: float,
                seed: int) -> None:
    from adapters.notify.wecom.mock import start_mock as start_wecom
    from adapters.weibo.mock import MockWeibo, clock_first_id, demo_token_env, start_mock
    from monitor.runtime.daemon import Daemon
    from monitor.runtime.demo_channels import describe_channels, start_channel_mocks, start_senders

    path = Path(config_path) if config_path is not None else DEFAULT_CONFIG
    config = Config.load(path)
    os.environ.update(demo_token_env(config.matrix))
    # ids that grow with the clock: a second demo on the same var/ continues above the stored
    # cursor instead of re-using the first run's ids (which the cursor and dedupe would skip)
    weibo_runner, weibo_state, traffic = await start_mock(
        "127.0.0.1", 0, config.matrix, rate=rate, seed=seed, time_factor=time_factor,
        state=MockWeibo.from_matrix(config.matrix, first_id=clock_first_id(utcnow())))
    overdue = seed_overdue(weibo_state, config.matrix, SlaEngine.from_config(config), utcnow())
    wecom_runner, _wecom_state = await start_wecom("127.0.0.1", 0)
    weibo_port, wecom_port = weibo_runner.addresses[0][1], wecom_runner.addresses[0][1]
    channels = await start_channel_mocks(config)
    urls = {WEIBO_URL: f"http://127.0.0.1:{weibo_port}", WECOM_URL: f"http://127.0.0.1:{wecom_port}",
            **channels.urls}
    daemon = Daemon(demo_config(path, urls), port=port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await daemon.start()
    except OSError as err:
        traffic.cancel()
        await weibo_runner.cleanup()
        await wecom_runner.cleanup()
        await channels.close()
        await daemon.stop()
        print(f"wenzheng demo: cannot serve the console on {daemon.host}:{daemon.port} ({err.strerror}): "
              f"choose another port with --port N", file=sys.stderr)
        raise SystemExit(1) from None
    street = overdue[0][1]
    users = await asyncio.to_thread(demo_users, daemon.app.sessions, street, config.matrix.by_id[street].name)
    base = f"http://{daemon.host}:{daemon.port}"
    senders = start_senders(config, base)
    logins = "\n".join(f"  {name:<9} {password:<14} {what}" for name, password, what in users)
    print(f"""
wenzheng demo is running (Ctrl-C to stop)
  console          {base}/            (sign in with one of the users below)
  cases (JSON)     {base}/api/cases   (needs a token: .venv/bin/wenzheng users token operator)
  health           {base}/healthz
  mock Weibo       http://127.0.0.1:{weibo_port}/_mock/state
  mock WeCom robot http://127.0.0.1:{wecom_port}/_mock/messages   (reminders and alerts land here)
  database         {daemon.app.engine.url.render_as_string(hide_password=True)}
Demo users (new passwords on every start):
  user      password       may
{logins}
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


def run_demo(config_path: Path | str | None, *, port: int | None = None, rate: float = 0.5,
             time_factor: float = 60.0, seed: int = 7) -> None:
    configure_logging()
    asyncio.run(_demo(config_path, port=port, rate=rate, time_factor=time_factor, seed=seed))
