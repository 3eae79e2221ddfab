"""Small hand-written fixtures: a tiny matrix and Weibo-shaped items (no shared data copied)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from monitor.core.config import Matrix
from monitor.core.timeutil import SHANGHAI
from monitor.core.types import Item

HUB_UID = "1000000001"
XQ_UID = "1000000002"
WHJ_UID = "1000000003"
CG_UID = "1000000004"


def small_matrix() -> Matrix:
    return Matrix.model_validate({"accounts": [
        {"id": "wzyc", "name": "问政银川", "kind": "hub", "region": "银川市",
         "platform_ids": {"weibo": HUB_UID}},
        {"id": "xingqing", "name": "兴庆区", "kind": "district", "parent": "wzyc", "region": "兴庆区",
         "platform_ids": {"weibo": XQ_UID}},
        {"id": "xingqing-wenhuajie", "name": "兴庆区文化街街道", "kind": "street", "parent": "xingqing",
         "region": "兴庆区", "platform_ids": {"weibo": WHJ_UID}},
        {"id": "city-cg", "name": "银川城管", "kind": "department", "parent": "wzyc", "region": "银川市",
         "domains": ["城乡建设"], "platform_ids": {"weibo": CG_UID}},
    ]})


T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)  # a Monday, a workday


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def status(sid: str, author: str, text: str, minutes: float, *, name: str | None = None,
           mentions: tuple[str, ...] = ()) -> Item:
    return Item(platform="weibo", external_id=sid, kind="status", author_id=author,
                author_name=name or f"网友{author[-3:]}", text=text, created_at=at(minutes),
                mentioned_names=mentions, raw={"idstr": sid, "text": text})


def comment(cid: str, author: str, text: str, minutes: float, *, on: str, on_author: str,
            reply_to: str | None = None, name: str | None = None,
            mentions: tuple[str, ...] = ()) -> Item:
    raw: dict[str, Any] = {"idstr": cid, "text": text, "status": {"idstr": on}}
    return Item(platform="weibo", external_id=cid, kind="comment", author_id=author,
                author_name=name or f"网友{author[-3:]}", text=text, created_at=at(minutes),
                parent_id=on, parent_author_id=on_author, thread_root_id=on, reply_to_id=reply_to,
                mentioned_names=mentions, raw=raw)
