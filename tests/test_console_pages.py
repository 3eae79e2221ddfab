"""Console pages over plain HTTP (no browser): paging, filters, bad input and unknown cases.

The browser tests cover what an operator sees and does; these pin the edges cheaply.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from monitor.web.console.pages import PER_PAGE, QUEUE_PAGE
from monitor.core.timeutil import SHANGHAI
from test_console_support import add_case, api, daemon  # noqa: F401 - fixture

from conftest import Database


def _ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<td><a href="/cases/(\d+)">', html)]


async def test_paging_filters_and_errors(daemon: Any, db: Database, config_dir: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    async with api(daemon) as http, http.get("/queue") as r:  # before any case: a sweep cannot fill it
        assert "队列为空" in await r.text()
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    ids = [add_case(db, cfg, (t0 + dt.timedelta(minutes=i)).isoformat(), text=f"第{i}号诉求：路面坑洼",
                    lead="jinfeng" if i % 2 else "xingqing") for i in range(PER_PAGE + 3)]
    async with api(daemon) as http:
        async with http.get("/", allow_redirects=False) as r:
            assert r.status == 302 and r.headers["Location"] == "/cases"
        async with http.get("/cases") as r:
            assert r.status == 200 and r.content_type == "text/html" and r.charset == "utf-8"
            html = await r.text()
        assert _ids(html) == ids[::-1][:PER_PAGE] and "下一页" in html and "上一页" not in html
        async with http.get("/cases?page=2") as r:
            page2 = await r.text()
        assert _ids(page2) == ids[::-1][PER_PAGE:] and "上一页" in page2 and "下一页" not in page2
        async with http.get("/cases?account=jinfeng") as r:
            assert _ids(await r.text()) == [i for i in ids[::-1] if (ids.index(i) % 2)][:PER_PAGE]
        async with http.get("/cases?status=closed") as r:
            assert _ids(await r.text()) == []
        for path, status, words in [("/cases?status=done", 400, "未知状态"),
                                    ("/cases?page=0", 400, "页码"),
                                    ("/cases/99999", 404, "没有编号为 99999 的案件"),
                                    ("/cases/abc", 400, "案件编号必须是正整数"),
                                    ("/cases/99999999999999", 400, "案件编号必须是正整数")]:
            async with http.get(path) as r:
                assert r.status == status and words in await r.text(), path
        # a form post for an unknown case or action answers a page, never a traceback
        async with http.post("/cases/99999/do/close", data={"result": "r"}) as r:
            assert r.status == 404
        async with http.post(f"/cases/{ids[0]}/do/fly", data={},
                             allow_redirects=False) as r:  # the refusal is on the page, not in a URL
            assert r.status == 400 and "未知操作 &#39;fly&#39;" in await r.text()
        async with http.get("/static/console.css") as r:
            assert r.status == 200


async def test_risk_shows_in_chinese_new_and_old_stores(daemon: Any, db: Database, config_dir: Path) -> None:
    """Badges, queue rows and timeline say 轻生 / 疑似安全隐患, never a code or a dict, including for
    rows stored before risk.toml (``minor_in_danger`` with ``words``; codes in ``classified`` events)."""
    from monitor.handling.queue import open_entry
    from monitor.store.models import Case, CaseEvent

    cfg = config_dir / "wenzheng.toml"
    new = add_case(db, cfg, "2026-03-02T09:00:00+08:00", text="活着一点意思都没有，想从楼顶跳下去")
    old = add_case(db, cfg, "2026-03-02T09:05:00+08:00", text="邻居天天打孩子")
    with db.sessions.begin() as s:
        s.get(Case, new).risk = [
            {"flag": "self_harm", "label": "轻生", "severity": "critical", "possible": False,
             "evidence": ["楼顶…跳下去"]},
            {"flag": "safety_hazard", "label": "疑似安全隐患", "severity": "high", "possible": True,
             "evidence": ["冒烟"]}]
        open_entry(s, new, "risk", at=dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC),
                   detail={"risk": "轻生（楼顶…跳下去）；疑似安全隐患（冒烟）", "source": "原帖"})
        s.get(Case, old).risk = [{"flag": "minor_in_danger", "words": ["打孩子"]}]
        open_entry(s, old, "risk", at=dt.datetime(2026, 3, 2, 1, 5, tzinfo=dt.UTC),
                   detail={"flags": ["minor_in_danger"], "words": {"minor_in_danger": ["打孩子"]}})
        s.add(CaseEvent(case_id=old, kind="classified", at=dt.datetime(2026, 3, 2, 1, 5, tzinfo=dt.UTC),
                        data={"type": "complaint", "risk": ["minor_in_danger"]}))
    async with api(daemon) as http:
        pages = {}
        for path in ("/cases", f"/cases/{new}", f"/cases/{old}", "/queue"):
            async with http.get(path) as r:
                assert r.status == 200
                pages[path] = await r.text()
    for html in pages.values():
        assert not re.search(r"self_harm|safety_hazard|minor_in_danger|'flag'|\{'", html)
    assert "轻生" in pages["/cases"] and "疑似安全隐患" in pages["/cases"] and "未成年人/家暴" in pages["/cases"]
    assert "风险：轻生（楼顶…跳下去）" in pages[f"/cases/{new}"]
    assert "风险：未成年人/家暴（打孩子）" in pages[f"/cases/{old}"]
    assert "风险：未成年人/家暴" in pages[f"/cases/{old}"] and "类型：投诉" in pages[f"/cases/{old}"]
    assert "依据词语：未成年人/家暴（打孩子）" in pages["/queue"] and "来源：原帖" in pages["/queue"]


async def test_queue_pages_and_counts(daemon: Any, db: Database, config_dir: Path) -> None:
    """After an outage the queue can hold thousands of entries: the page shows them a page at a
    time, most urgent first, and says how many are open in all."""
    cfg = config_dir / "wenzheng.toml"
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    ids = [add_case(db, cfg, (t0 + dt.timedelta(minutes=i)).isoformat(), text=f"第{i}号诉求：路灯不亮",
                    queue=("risk",)) for i in range(QUEUE_PAGE + 2)]
    seen: list[int] = []
    async with api(daemon) as http:
        async with http.get("/queue?page=-1") as r:
            assert r.status == 400 and "页码" in await r.text()
        for page_no in range(1, 10):  # the sweep may add entries of its own: walk to the last page
            async with http.get(f"/queue?page={page_no}") as r:
                html = await r.text()
            rows = re.findall(r'<tr class="p\d', html)
            seen += _ids(html)
            total = int(re.search(r"未解除 (\d+) 条", html)[1])
            assert total >= QUEUE_PAGE + 2 and len(rows) <= QUEUE_PAGE
            if page_no == 1:
                assert len(rows) == QUEUE_PAGE and "下一页" in html and "上一页" not in html
            if "下一页" not in html:
                break
    assert page_no > 1 and set(seen) == set(ids)
    # the risk entries come first, in the order they arrived
    assert list(dict.fromkeys(seen))[:QUEUE_PAGE] == ids[:QUEUE_PAGE]
