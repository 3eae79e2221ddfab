"""What the console shows for stored codes and JSON: Chinese labels, Beijing time, never a Python repr."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from monitor.handling.queue import open_entry
from monitor.store.models import Case, CaseEvent, Source
from monitor.web.console.display import cursor_text, field_value, plain, risk_label
from test_console_support import add_case, api, daemon  # noqa: F401 - fixture

from conftest import Database

REPR = re.compile(r"[\[{]'|'[\]}]|\bTrue\b|\bFalse\b|\bNone\b")


def test_values_read_as_words() -> None:
    names = {"xingqing": "兴庆区", "jinfeng": "金凤区"}
    assert field_value("first_response", "clock") == "首次响应"
    assert field_value("2026-03-02T01:30:00+00:00", "due") == "2026-03-02 09:30"
    assert field_value(["xingqing", "jinfeng"], "accounts", names) == "兴庆区、金凤区"
    assert field_value(["safety_hazard", "self_harm"], "flags") == "安全隐患、轻生"
    assert field_value({"safety_hazard": ["燃气泄漏", "漏气"]}, "words") == "安全隐患（燃气泄漏、漏气）"
    assert field_value(["perfunctory"], "rules") == "敷衍答复"
    assert field_value("complaint", "type") == "投诉"
    assert plain({"a": [1, 2], "b": {"c": None}, "d": True}) == "a：1、2；b：c：-；d：是"
    assert risk_label({"flag": "threat", "label": "威胁", "words": ["报复"]}) == "威胁"
    assert risk_label("mass_incident") == "群体性事件"
    assert cursor_text({"streams": {"xingqing/statuses/mentions": {"since_id": "5012"},
                                    "xingqing/comments/to_me": {}}}) == "2 个数据流，1 个已记录读取位置"
    assert cursor_text({}) == cursor_text(None) == "尚未读取"
    assert cursor_text({"etag": "W/1"}) == "已记录读取位置"  # never the adapter's own keys
    assert field_value(["wzyc", "city-jt"], "addressed", {"wzyc": "问政银川", "city-jt": "银川交通"}) == \
        "问政银川、银川交通"



def test_every_reason_a_post_is_read_as_a_chaser_has_a_chinese_name() -> None:
    # the follow-up's data as the timeline and `cases show` print it: 催办：是；判定依据：数周后再说问题仍在
    from monitor.web.console.labels import CHASER_BY, field_label
    root = Path(__file__).resolve().parents[1]
    written = {code for f in ("monitor/cluster/chasers.py", "monitor/runtime/stages.py")
               for code in re.findall(r'"by": "(\w+)"', (root / f).read_text(encoding="utf-8"))} - {"assigned"}
    assert written and written <= set(CHASER_BY)
    assert field_label("chaser", "follow_up") == "催办" and field_label("by", "follow_up") == "判定依据"
    assert field_value("weeks_on", "by") == "数周后再说问题仍在"
    assert all(not v.isascii() for v in CHASER_BY.values())


async def test_pages_show_no_repr(daemon: Any, db: Database, config_dir: Path) -> None:
    case_id = add_case(db, config_dir / "wenzheng.toml", "2026-11-30T10:00", text="楼道里燃气泄漏，味道很大")
    with db.sessions.begin() as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.risk = [{"flag": "safety_hazard", "label": "安全隐患", "words": ["燃气泄漏"]}]
        at = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)
        open_entry(s, case_id, "risk", at=at,
                   detail={"flags": ["safety_hazard"], "words": {"safety_hazard": ["燃气泄漏"]}})
        s.add(CaseEvent(case_id=case_id, kind="escalated", at=at, recorded_at=at,
                        data={"clock": "first_response", "due": "2026-11-30T03:00:00+00:00",
                              "accounts": ["xingqing"], "posted": False}))
        s.add(Source(name="weibo", adapter="weibo", fingerprint="f",
                     cursor={"streams": {"mentions:xingqing": {"since_id": "5012"}}}))
    async with api(daemon) as http:
        pages = {}
        for path in ("/cases", f"/cases/{case_id}", "/queue", "/sources"):
            async with http.get(path) as r:
                assert r.status == 200, path
                pages[path] = await r.text()
    for path, html in pages.items():
        assert not REPR.search(html), (path, REPR.search(html))
    assert "安全隐患" in pages["/cases"] and "风险：安全隐患" in pages[f"/cases/{case_id}"]
    detail = pages[f"/cases/{case_id}"]
    assert "时钟：首次响应" in detail and "期限：2026-11-30 11:00" in detail and "承办账号：兴庆区" in detail
    assert "风险预警" in pages["/queue"] and "依据词语：安全隐患（燃气泄漏）" in pages["/queue"]
    assert "微博" in pages["/sources"] and "1 个数据流，1 个已记录读取位置" in pages["/sources"] and "mentions:xingqing" not in pages["/sources"]
