"""12345 work orders: a real drop folder and the push endpoint, into a real daemon and database."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from adapters import signing
from adapters.hotline.mock import push_orders, work_orders, write_export
from monitor.store.models import Case, Mention

from .conftest import case_count, mention_count, wait_for

SECRET = "hotline-secret"


def sources(folder: Path) -> str:
    return f"""
[[sources]]
name = "hotline"
adapter = "hotline"
interval = 0.3
[sources.options]
folder = "{folder}"
settle_seconds = 0
secret = "{SECRET}"
columns = {{ received_at = "受理时间" }}
"""


def orders(n: int, start: int) -> list[dict]:
    rows = work_orders(random.Random(start), n, start=start,
                       at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    for r in rows:
        r["受理时间"] = r.pop("来电时间")
    return rows


def names(folder: Path, where: str) -> list[str]:
    d = folder / where
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


async def test_the_same_file_twice_makes_no_duplicates(tmp_path, start_daemon, db) -> None:
    folder = tmp_path / "drop"
    batch = orders(3, 100)
    batch[0]["承办单位"] = "金凤区"
    batch[0]["诉求内容"] = "兴庆区文化街丽景花园门口下水道堵了，污水漫到路上"
    batch[1]["承办单位"] = "某不存在的单位"
    batch[0]["联系电话"] = "13812345678"
    write_export(folder, batch, name="export-a", fmt="csv")
    await start_daemon(sources(folder))
    await wait_for(lambda: names(folder, "done") == ["export-a.csv", "export-a.csv.reason.txt"])
    assert case_count(db) == 3
    # the office drops the same export again, and an XLSX that overlaps it by one order
    write_export(folder, batch, name="export-a", fmt="csv")
    write_export(folder, [batch[2], *orders(1, 200)], name="export-b", fmt="xlsx")
    await wait_for(lambda: len(names(folder, "done")) == 6)
    assert names(folder, "done")[:4] == ["export-a-2.csv", "export-a-2.csv.reason.txt",
                                         "export-a.csv", "export-a.csv.reason.txt"]
    assert case_count(db) == 4 and mention_count(db) == 4
    with db.session() as s:
        first = s.scalar(select(Case).where(Case.root_external_id == batch[0]["工单编号"]))
        # 承办单位 kept, even though the text names another district
        assert first.channel == "hotline" and first.lead_account_id == "jinfeng"
        assert first.received_at == dt.datetime.fromisoformat(batch[0]["受理时间"] + "+08:00")
        m = s.scalar(select(Mention).where(Mention.external_id == batch[0]["工单编号"]))
        assert m.raw["order"]["联系电话"] == "138****5678" and "13812345678" not in json.dumps(m.raw)
        assert first.citizen_id == "138****5678"


async def test_unreadable_files_and_rows_are_set_aside_with_the_reason(tmp_path, start_daemon, db) -> None:
    folder = tmp_path / "drop"
    good = orders(2, 300)
    bad_row = dict(good[1], 受理时间="昨天下午")
    write_export(folder, [good[0], bad_row], name="partly", fmt="csv")
    write_export(folder, [{"编号": "1", "内容": "没有对应的列"}], name="wrong-columns", fmt="csv")
    (folder / "garbage.xlsx").write_bytes(b"this is not a spreadsheet")
    await start_daemon(sources(folder))
    await wait_for(lambda: len(names(folder, "failed")) == 4 and len(names(folder, "done")) == 2)
    reason = (folder / "failed" / "wrong-columns.csv.reason.txt").read_text(encoding="utf-8")
    assert "工单编号" in reason and "受理时间" in reason and "columns: 编号, 内容" in reason
    assert "not a readable xlsx" in (folder / "failed" / "garbage.xlsx.reason.txt").read_text(encoding="utf-8")
    partly = (folder / "done" / "partly.csv.reason.txt").read_text(encoding="utf-8")
    assert "row 3: 受理时间: not a time: '昨天下午'" in partly
    assert case_count(db) == 1


async def test_pushed_orders_are_signed_validated_and_deduped(tmp_path, start_daemon, db) -> None:
    d = await start_daemon(sources(tmp_path / "drop"))
    url = f"http://127.0.0.1:{d.port}/hooks/hotline"
    batch = orders(2, 400)
    async with aiohttp.ClientSession() as http:
        status, answer = await push_orders(http, url, SECRET, batch)
        assert status == 200 and answer["stored"] == 2 and all(answer["cases"].values())
        status, again = await push_orders(http, url, SECRET, batch)
        assert again["cases"] == answer["cases"]
        status, _ = await push_orders(http, url, "wrong", orders(1, 500))
        assert status == 403
        status, text = await push_orders(http, url, SECRET, [dict(batch[0], 工单编号="")])
        assert status == 400 and "orders[0]: 工单编号 is empty" in text
        body = json.dumps({"orders": orders(1, 600)}).encode()
        old = signing.signed_headers(SECRET, body, now=dt.datetime.now().timestamp() - 3600)
        async with http.post(url, data=body, headers=old) as r:
            assert r.status == 403
    assert case_count(db) == 2


@pytest.mark.parametrize("phone, masked", [("13812345678", "138****5678"), ("0951-5012345", "095****2345"),
                                           ("138****5678", "138****5678"), ("12345", "*****")])
def test_phone_numbers_are_masked(phone: str, masked: str) -> None:
    from adapters.hotline import mask_phone

    assert mask_phone(phone) == masked
