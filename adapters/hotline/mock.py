"""A mock 12345 hotline system: it writes export files into a drop folder and pushes orders.

Exports look like the real ones: the common Chinese headers, masked callers, 承办单位 filled for
some orders, times without an offset (Beijing time). :func:`write_export` writes under a hidden
temporary name and renames, as a careful exporter does (the source also waits for a file to
settle, for exporters that do not). ``python -m adapters.hotline.mock FOLDER [N]`` drops one
file of N orders; the demo runs :func:`run_dropper`.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

import aiohttp
import structlog

from adapters import signing
from adapters.hotline.orders import DEFAULT_COLUMNS
from adapters.weibo.phrases import appeal

log = structlog.get_logger("wenzheng.mock.hotline")

HEADER = [DEFAULT_COLUMNS[f] for f in ("id", "received_at", "caller", "phone", "text", "type",
                                        "region", "street", "handler", "due")]
TYPES = ("咨询", "求助", "投诉", "举报", "建议")
REGIONS = {"兴庆区": ("文化街街道", "解放西街街道", "胜利街街道"), "金凤区": ("黄河东路街道", "满城北街街道"),
           "西夏区": ("朔方路街道", "贺兰山西路街道")}
UNITS = ("兴庆区", "金凤区", "银川城管", "银川住建", "银川公交", "银川水务", "")
SURNAMES = "王李张刘陈杨马赵黄周"


def work_orders(rng: random.Random, n: int, *, start: int | None = None,
                at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """``n`` work orders as an export's rows (column name → value)."""
    now = at or dt.datetime.now(dt.timezone(dt.timedelta(hours=8)))
    first = start if start is not None else rng.randint(100000, 900000)
    out = []
    for i in range(n):
        region = rng.choice(list(REGIONS))
        street = rng.choice(REGIONS[region])
        called = (now - dt.timedelta(minutes=rng.randint(1, 50))).replace(tzinfo=None)
        out.append({
            "工单编号": f"YC{now:%Y%m%d}{first + i:06d}", "来电时间": called.strftime("%Y-%m-%d %H:%M:%S"),
            "来电人": rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
            "联系电话": f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}",
            "诉求内容": f"{region}{street}" + appeal(rng, street=street), "诉求类型": rng.choice(TYPES),
            "所属区域": region, "街道/乡镇": street, "承办单位": rng.choice(UNITS), "办理时限": "5个工作日",
        })
    return out


def write_export(folder: Path, orders: list[dict[str, Any]], *, name: str, fmt: str = "csv") -> Path:
    """Write ``orders`` as ``name``.csv or .xlsx in ``folder``, appearing there all at once."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{name}.{fmt}"
    tmp = folder / f".{name}.{fmt}.part"
    header = list(orders[0]) if orders else HEADER
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(header)
        for o in orders:
            ws.append([o.get(h) for h in header])
        wb.save(tmp)
    else:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=header)
            w.writeheader()
            w.writerows(orders)
    tmp.replace(final)
    return final


async def push_orders(http: aiohttp.ClientSession, url: str, secret: str,
                      orders: list[dict[str, Any]]) -> tuple[int, Any]:
    """POST ``{"orders": […]}`` signed as a provincial platform would."""
    body = json.dumps({"orders": orders}, ensure_ascii=False).encode()
    async with http.post(url, data=body, headers=signing.signed_headers(secret, body)) as r:
        text = await r.text()
        try:
            return r.status, json.loads(text)
        except json.JSONDecodeError:
            return r.status, text.strip()


async def run_dropper(folder: Path, *, every: float = 45.0, seed: int = 19) -> None:
    """Drop an export of a few orders every ``every`` s until cancelled (the demo)."""
    rng = random.Random(seed)
    n = 0
    while True:
        await asyncio.sleep(every * (0.5 + rng.random()))
        n += 1
        orders = work_orders(rng, rng.randint(1, 4))
        path = await asyncio.to_thread(write_export, folder, orders, name=f"12345-export-{n:04d}",
                                       fmt="xlsx" if n % 3 == 0 else "csv")
        log.info("mock.hotline.dropped", file=path.name, orders=len(orders))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m adapters.hotline.mock FOLDER [N]")
    rows = work_orders(random.Random(), int(sys.argv[2]) if len(sys.argv) == 3 else 5)
    print(write_export(Path(sys.argv[1]), rows, name=f"12345-{dt.datetime.now():%Y%m%d%H%M%S}"))
