"""How stored values read on a page: times in Beijing time, codes by their Chinese label, never a repr.

Why one module: event data, queue details and source cursors are free-form JSON written by many
stages (SLA, lint, feedback, routing, intake). Each key the console knows gets its own reading;
anything else goes through :func:`plain`, which spells lists, mappings, booleans and missing
values out in words, so a new key shows up as readable text rather than ``{'a': [1]}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from monitor.classify.risk import risk_label
from monitor.core.timeutil import to_local
from monitor.core.labels import JOIN_LABELS
from monitor.web.console.labels import label

TIME_KEYS = frozenset({"until", "previous_due", "at", "due", "since", "received_at", "replied_at"})
ACCOUNT_KEYS = frozenset({"account", "account_id", "lead", "accounts", "co", "addressed", "notified"})


def local(value: str | dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (aware datetime or ISO string) as Beijing time; '-' when missing."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        return value.strftime(fmt)
    return to_local(value).strftime(fmt)


def plain(value: Any) -> str:
    """Any JSON value in words: lists joined with 、, mappings as 键：值, booleans 是/否."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Mapping):
        return "；".join(f"{label(str(k), 'field')}：{plain(v)}" for k, v in value.items()) or "-"
    if isinstance(value, list | tuple | set):
        return "、".join(plain(v) for v in value) or "-"
    return str(value)


def _coded(field: str, value: object) -> str:
    if value in (None, ""):
        return "-"
    return label(str(value), "type") if field == "type" else str(value)


def field_value(value: object, key: str, names: Mapping[str, str] | None = None) -> str:
    """One value of an event's ``data`` or a queue entry's ``detail`` as an operator reads it."""
    names = names or {}
    if key in TIME_KEYS:
        return local(value if isinstance(value, str | dt.datetime) else None)
    if key == "how":  # how a case joined its cluster: 相似, 同问, 合并并入…
        return JOIN_LABELS.get(str(value), str(value))
    if key == "by":  # why a follow-up is the citizen's chaser: 催办用语, 数周后再说问题仍在…
        return label(str(value), "chaser_by")
    if key in ("resolution", "role", "clock", "type"):
        return label(str(value), {"clock": "clock_kind"}.get(key, key)) if value else "-"
    if key in ACCOUNT_KEYS:
        ids = value if isinstance(value, list | tuple) else [value]
        return "、".join(names.get(str(i), str(i)) for i in ids if i) or "-"
    if key in ("flags", "flag", "risk"):  # codes, stored flags, or a line already in words
        return "、".join(f if isinstance(f, str) and not f.isascii() else risk_label(f)
                        for f in (value if isinstance(value, list) else [value])) or "-"
    if key in ("rules", "rule") and isinstance(value, list | str):
        return "、".join(label(str(r), "lint_rule") for r in (value if isinstance(value, list) else [value]))
    if key == "words" and isinstance(value, Mapping):  # per risk flag: 安全隐患（燃气泄漏）
        return "；".join(f"{risk_label(k)}（{plain(v)}）" for k, v in value.items())
    if key == "changes" and isinstance(value, dict):  # a correction: 类型 咨询→投诉，领域 其他→民生
        return "，".join(f"{label(f, 'field')} {_coded(f, ch.get('from'))}→{_coded(f, ch.get('to'))}"
                        for f, ch in value.items() if isinstance(ch, dict))
    if key == "route" and isinstance(value, dict):
        return str(value.get("rule") or "-")
    return plain(value)


def actor_label(actor: str | None) -> str:
    """Who acted, as the timeline shows it: 系统 for the daemon, 命令行 for ``cli:<login>``."""
    if not actor or actor == "system":
        return "系统"
    if actor.startswith("cli:"):
        return f"命令行（{actor[4:]}）"
    return actor


def cursor_text(cursor: Any) -> str:
    """How far a source has read, in words: its cursor is the adapter's own JSON (Weibo keeps one
    position per account and endpoint), which an operator needs only as "how many streams, how
    many with a position"; ``wenzheng sources --json`` has the positions themselves."""
    if not cursor:
        return "尚未读取"
    if isinstance(cursor, Mapping) and isinstance(cursor.get("streams"), Mapping):
        streams = cursor["streams"]
        placed = sum(1 for v in streams.values() if v)
        return f"{len(streams)} 个数据流，{placed} 个已记录读取位置" if streams else "尚未读取"
    return "已记录读取位置"


@pass_context
def field_value_filter(context: Context, value: object, key: str) -> str:
    """``{{ v|field_value(k) }}``: account ids are named from the page's ``names`` when it has them."""
    names = context.get("names")
    return field_value(value, key, names if isinstance(names, Mapping) else None)
