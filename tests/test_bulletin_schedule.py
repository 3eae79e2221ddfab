"""The daemon's monthly bulletin: last month's HTML written, announced once through the outbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from monitor.runtime.daemon import Daemon
from monitor.store.models import Case, Notification
from monitor.core.timeutil import SHANGHAI


def _config(config_dir: Path, out_dir: Path) -> Path:
    path = config_dir / "wenzheng.toml"
    path.write_text(f"""
[daemon]
host = "127.0.0.1"
sweep_interval = 3600

[bulletin]
enabled = true
day = 1
time = "09:00"
recipients = ["wzyc", "xingqing"]
out_dir = "{out_dir}"
""", encoding="utf-8")
    return path


async def test_monthly_bulletin_is_written_and_announced_once(db, config_dir, tmp_path):
    received = dt.datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI)
    with db.sessions.begin() as s:
        s.add(Case(platform="weibo", channel="weibo", root_external_id="r1", citizen_id="u1",
                   citizen_name="市民甲", text="小区门口停车难", received_at=received, status="open",
                   type="complaint", domain="交通", region="兴庆区", last_activity_at=received))
    daemon = Daemon(_config(config_dir, tmp_path / "bulletins"), port=0, database_url=db.url)
    await daemon.start()
    try:
        assert "monthly-bulletin" in {j.id for j in daemon.scheduler.get_jobs()}
        now = dt.datetime(2026, 11, 1, 9, 0, tzinfo=SHANGHAI)
        path = await daemon.services.send_bulletin(now)
        again = await daemon.services.send_bulletin(now)
    finally:
        await daemon.stop()
    assert path == again == tmp_path / "bulletins" / "bulletin-2026-10.html"
    html = path.read_text(encoding="utf-8")
    assert "<svg" in html and "2026" in html
    with db.session() as s:
        rows = s.scalars(select(Notification).where(Notification.kind == "bulletin")).all()
    # both recipients are reached by the same (default) robot: one message names both
    assert [sorted(r.accounts) for r in rows] == [["wzyc", "xingqing"]]
    assert all("受理 1 件" in r.body and str(path.resolve()) in r.body for r in rows)
