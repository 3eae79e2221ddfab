"""Statistics and the bulletin by intake channel, over cases that came in through the pipeline."""

from __future__ import annotations

import datetime as dt

from monitor.core.timeutil import SHANGHAI
from monitor.intake.manual import Entry, open_case
from monitor.report.bulletin import render_bulletin
from monitor.runtime.stages import build_pipeline
from monitor.stats import Period, compute_stats
from monitor.store.context import open_app

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=SHANGHAI)


def test_statistics_and_bulletin_break_down_by_channel(config_dir, db) -> None:
    app = open_app(config_dir / "wenzheng.toml", database_url=db.url)
    pipeline = build_pipeline(app)
    texts = ["小区门口路灯坏了好几天，晚上很黑", "楼下饭店油烟太大，窗户都不敢开", "孩子上学报名需要什么材料"]
    for i, text in enumerate(texts):
        open_case(pipeline, Entry(channel="phone", text=text, at=T0 + dt.timedelta(hours=i)), now=NOW)
    open_case(pipeline, Entry(channel="visit", text="单位拖欠工资三个月了", at=T0), now=NOW)
    with app.sessions() as s:
        stats = compute_stats(s, Period.month(2026, 3), matrix=app.matrix, now=NOW)
        rows = {r["channel"]: r for r in stats["by_channel"]}
        assert set(rows) == {"phone", "visit"}
        assert rows["phone"]["received"] == 3 and rows["phone"]["label"] == "电话"
        assert rows["phone"]["rank"] == 1 and rows["visit"]["share"] == 0.25
        only_visits = compute_stats(s, Period.month(2026, 3), matrix=app.matrix, now=NOW, channel="visit")
        assert only_visits["received"] == 1 and only_visits["period"]["channel"] == "visit"
        html = render_bulletin(s, Period.month(2026, 3), matrix=app.matrix, now=NOW)
    assert "从受理渠道看，电话3件" in html and "来访1件" in html and "受理渠道分布" in html
    app.close()
