"""One bad item never stops its stream: it is dead-lettered, reported, and can be retried.

End to end through the mock Weibo platform over real HTTP, on SQLite and PostgreSQL: poisoned
objects (NUL and a lone surrogate, a text over the configured limit, a date in year 0001, an
object without its user) arrive among good ones; the good ones and everything after are stored,
the bad ones are in the dead-letter table, ``/healthz`` says degraded, and ``deadletters retry``
stores what the fixed cause had blocked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
from sqlalchemy import select

from monitor.core.types import Item
from monitor.intake.pipeline import Pipeline, Stages
from monitor.runtime.daemon import Daemon
from monitor.store.models import Case, DeadLetter, Mention, Source
from tests.factories import status, small_matrix
from tests.inprocess import wenzheng
from test_console_support import OPERATOR, make_user
from tests.test_daemon import CITIZEN, CITIZEN2, T0, counts, tokens, platform, wait_for, write_config  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


def wz(db, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, a process of its own (``python -m monitor``)."""
    env = dict(os.environ, WENZHENG_DATABASE_URL=db.url, WENZHENG_LOG_LEVEL="WARNING", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(config)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)


def inproc(db, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command in this process (tests/inprocess.py): no three seconds of start-up."""
    return wenzheng({"WENZHENG_DATABASE_URL": db.url, "COLUMNS": "200"}, *args, "--config", str(config))


def set_limit(config: Path, max_text_chars: int) -> None:
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^max_text_chars = \d+", f"max_text_chars = {max_text_chars}", text)
    assert n == 1, "config/wenzheng.toml has an [intake] max_text_chars line"
    config.write_text(text, encoding="utf-8")


def dead_letters(db) -> list[DeadLetter]:
    with db.session() as s:
        return list(s.scalars(select(DeadLetter).order_by(DeadLetter.id)))


async def test_poisoned_items_are_dead_lettered_and_the_stream_goes_on(db, config_dir, tokens, platform):
    state, base = platform
    config = write_config(config_dir, base)
    set_limit(config, 200)
    good = state.post_status(CITIZEN, "@问政银川 金凤区公交站牌坏了好几天", at=T0)
    dirty = state.post_status(CITIZEN2, "@问政银川 楼道\x00灯坏了\ud800，没人修", at=T0 + dt.timedelta(minutes=1))
    long = state.post_status(CITIZEN, "@问政银川 " + "小区噪音扰民严重。" * 40, at=T0 + dt.timedelta(minutes=2))
    ancient = state.post_status(CITIZEN2, "@问政银川 路灯不亮", at=T0 + dt.timedelta(minutes=3))
    state.corrupt(ancient.id, created_at="Mon Jan 01 00:00:00 +0800 0001")
    nouser = state.post_status(CITIZEN, "@问政银川 井盖丢了", at=T0 + dt.timedelta(minutes=4))
    state.corrupt(nouser.id, user=None)

    token = make_user(db, OPERATOR, "operator")
    daemon = Daemon(config, port=0, database_url=db.url)
    await daemon.start()
    try:
        await wait_for(lambda: len(dead_letters(db)) == 3 and counts(db)[0] == 2)
        # the stream goes on: a later appeal is stored too
        later = state.post_status(CITIZEN2, "@问政银川 幼儿园门口占道经营", at=T0 + dt.timedelta(minutes=9))
        await wait_for(lambda: counts(db)[0] == 3)
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http:
            url = f"http://127.0.0.1:{daemon.port}"
            async with http.get(f"{url}/healthz") as r:
                health = await r.json()
            async with http.get(f"{url}/metrics") as r:
                metrics = await r.text()
            async with http.get(f"{url}/sources") as r:
                sources_page = await r.text()
    finally:
        await daemon.stop()

    assert health["status"] == "degraded" and health["sources"] == {"weibo": "ok"}
    assert health["dead_letters"]["open"] == 3 and health["dead_letters"]["recent"] == 3
    assert 'wenzheng_dead_letters{source="weibo"} 3.0' in metrics
    assert "3 条待处理" in sources_page and 'id="dead-letters"' in sources_page

    with db.session() as s:
        stored = {m.external_id: m for m in s.scalars(select(Mention))}
        assert set(stored) == {str(good.id), str(dirty.id), str(later.id)}
        # NUL removed and the lone surrogate replaced: the same on both backends
        assert stored[str(dirty.id)].text == "@问政银川 楼道灯坏了\ufffd，没人修"
        cursor = s.get(Source, "weibo").cursor
        assert int(cursor["streams"]["wzyc/statuses/mentions"]["since"]) >= later.id
    rows = {d.external_id: d for d in dead_letters(db)}
    assert set(rows) == {str(long.id), str(ancient.id), str(nouser.id)}
    assert rows[str(long.id)].stage == "check" and "max_text_chars" in rows[str(long.id)].error
    assert rows[str(ancient.id)].stage == "check" and "0001" in rows[str(ancient.id)].error
    assert rows[str(nouser.id)].stage == "parse" and "no user" in rows[str(nouser.id)].error
    assert all(d.source == "weibo" and d.adapter == "weibo" and d.attempts == 1 for d in rows.values())
    assert json.loads(rows[str(long.id)].raw)["idstr"] == str(long.id)

    listed = wz(db, config, "deadletters", "list")
    assert listed.returncode == 0, listed.stderr
    assert "超出限制" in listed.stdout and "无法解析" in listed.stdout
    shown = inproc(db, config, "deadletters", "show", str(rows[str(nouser.id)].id))
    assert shown.returncode == 0 and "原始内容" in shown.stdout and "井盖丢了" in shown.stdout

    # the cause of one is fixed (the limit was too strict): retry stores it; the others stay
    set_limit(config, 1000)
    retried = inproc(db, config, "deadletters", "retry", "--all")
    assert retried.returncode == 1, retried.stderr  # two still fail, and the exit code says so
    assert "成功 1 条，仍失败 2 条" in retried.stdout
    rows = {d.external_id: d for d in dead_letters(db)}
    assert rows[str(long.id)].resolution == "retried" and rows[str(long.id)].resolved_at
    assert rows[str(ancient.id)].resolved_at is None and rows[str(ancient.id)].attempts == 2
    with db.session() as s:
        case = s.scalar(select(Case).where(Case.root_external_id == str(long.id)))
        assert case is not None and case.channel == "weibo"

    dropped = inproc(db, config, "deadletters", "drop", "--all")
    assert dropped.returncode == 0 and "已放弃 2 条" in dropped.stdout
    assert inproc(db, config, "deadletters", "list", "--json").stdout.strip() == "[]"
    assert len(json.loads(inproc(db, config, "deadletters", "list", "--all", "--json").stdout)) == 3
    missing = wz(db, config, "deadletters", "retry", "999")
    assert missing.returncode == 1 and "no dead letter 999" in missing.stderr


class Explodes(Stages):
    """A stage that fails on one kind of text, as a classifier bug would."""

    def on_case_created(self, session, case, addressed, assigned=None) -> None:
        if "爆炸" in case.text:
            raise RuntimeError("classifier bug on this text")


def test_a_batch_that_fails_is_split_until_the_bad_item_stands_alone(db):
    items: list[Item] = [status(str(700 + i), f"900{i}", f"@兴庆区 第{i}个诉求：路面坑洼", i,
                                mentions=("兴庆区",)) for i in range(11)]
    items[6] = status("706", "9006", "@兴庆区 第6个：爆炸", 6, mentions=("兴庆区",))
    with db.sessions.begin() as s:
        s.add(Source(name="weibo", adapter="weibo", fingerprint="x", cursor={}))
    pipeline = Pipeline(db.sessions, small_matrix(), stages=Explodes(), batch_size=4)
    report = pipeline.ingest(items, source_name="weibo", cursor={"since": "710"})
    assert report.new == 10 and [r.external_id for r in report.rejects] == ["706"]
    with db.session() as s:
        assert sorted(s.scalars(select(Mention.external_id))) == [str(700 + i) for i in range(11) if i != 6]
        assert s.get(Source, "weibo").cursor == {"since": "710"}  # moved past it: it is set aside
        (dead,) = s.scalars(select(DeadLetter))
        assert dead.stage == "store" and "classifier bug" in dead.error and dead.external_id == "706"
    again = pipeline.ingest([items[6]], source_name="weibo")
    assert again.rejects and dead_letters(db)[0].attempts == 2  # one row per item, attempts counted
