"""Jinja2 environment of the console: autoescaped templates, Asia/Shanghai times, Chinese labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from monitor.core.limits import safe_url
from monitor.web.console.labels import label
from monitor.core.timeutil import to_local

HERE = Path(__file__).parent


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


def duration(seconds: float | None) -> str:
    """Lag in words: 45秒, 12分钟, 3小时20分, 2天."""
    if seconds is None:
        return "-"
    s = int(seconds)
    if s < 60:
        return f"{s}秒"
    if s < 3600:
        return f"{s // 60}分钟"
    if s < 86400:
        return f"{s // 3600}小时{s % 3600 // 60}分"
    return f"{s // 86400}天{s % 86400 // 3600}小时"


def _coded(field: str, value: object) -> str:
    if value in (None, ""):
        return "-"
    return label(str(value), "type") if field == "type" else str(value)


def field_value(value: object, key: str) -> str:
    """One value of an event's ``data`` as an operator reads it (times local, codes in Chinese)."""
    if key in ("until", "previous_due", "at"):
        return local(value if isinstance(value, str | dt.datetime) else None)
    if key in ("resolution", "role"):
        return label(str(value), key)
    if key == "changes" and isinstance(value, dict):  # a correction: 类型 咨询→投诉，领域 其他→民生
        return "，".join(f"{label(f, 'field')} {_coded(f, ch.get('from'))}→{_coded(f, ch.get('to'))}"
                        for f, ch in value.items() if isinstance(ch, dict))
    if key == "route" and isinstance(value, dict):
        return str(value.get("rule") or "-")
    if key == "clock":
        return CLOCKS.get(str(value), str(value))
    if key == "rules" and isinstance(value, list):
        return "、".join(LINT_RULES.get(str(r), str(r)) for r in value)
    if key == "words" and isinstance(value, dict):  # a risk entry's evidence: {flag: [words]}
        return "、".join(str(w) for ws in value.values() for w in (ws or []))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


CLOCKS = {"first_response": "首次响应", "closure": "办结"}
LINT_RULES = {"duplicate": "重复答复", "perfunctory": "敷衍", "buck_passing": "推诿",
              "mentions_superior": "@上级", "returned_in_comments": "评论区退件"}
HIDDEN_DETAIL = frozenset({"flags", "accounts", "account_id"})  # codes and ids; shown otherwise


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["local"] = local
    env.filters["label"] = label
    env.filters["duration"] = duration
    env.filters["field_value"] = field_value
    env.globals["hidden_detail"] = HIDDEN_DETAIL
    env.filters["http_url"] = safe_url  # only http(s) becomes a link: never javascript: or data:
    return env


ENV = make_env()


def page(template: str, http_status: int = 200, **context: Any) -> web.Response:
    html = ENV.get_template(template).render(**context)
    return web.Response(text=html, status=http_status, content_type="text/html", charset="utf-8")
