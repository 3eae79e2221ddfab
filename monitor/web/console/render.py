"""Jinja2 environment of the console: autoescaped templates, Asia/Shanghai times, Chinese labels.

Every page rendered by :func:`page` gets the signed-in user (``current_user()``) and, in each
``<form method="post">``, a hidden ``csrf_token`` field for the current session: a form added to
any template is accepted by the CSRF check without its author doing anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from monitor.core.limits import safe_url
from monitor.web.auth import CSRF_FIELD, current_csrf_token, current_user
from monitor.web.console.display import actor_label, cursor_text, field_value_filter, local, risk_label
from monitor.classify.risk import risk_words
from monitor.web.console.labels import HIDDEN_FIELDS, field_label, label

HERE = Path(__file__).parent


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


HIDDEN_DETAIL = frozenset({"flags", "accounts", "account_id"})  # codes and ids; the row names them


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["local"] = local
    env.filters["label"] = label
    env.filters["field_label"] = field_label
    env.globals["hidden_fields"] = HIDDEN_FIELDS
    env.filters["duration"] = duration
    env.filters["field_value"] = field_value_filter
    env.filters["risk_label"] = risk_label
    env.filters["risk_words"] = risk_words
    env.filters["cursor_text"] = cursor_text
    env.filters["actor_label"] = actor_label
    env.globals["current_user"] = current_user
    env.globals["csrf_token"] = current_csrf_token
    env.globals["csrf_field"] = csrf_field
    env.globals["hidden_detail"] = HIDDEN_DETAIL
    env.filters["http_url"] = safe_url  # only http(s) becomes a link: never javascript: or data:
    env.filters["risk_label"] = risk_label
    env.filters["risk_words"] = risk_words
    env.filters["risk_words"] = risk_words
    return env


_POST_FORM = re.compile(r"<form\b[^>]*\bmethod\s*=\s*[\"']?post\b[^>]*>", re.IGNORECASE)


def csrf_field() -> Markup:
    """The hidden CSRF field of the current session ('' when the request has no session)."""
    token = current_csrf_token()
    if not token:
        return Markup("")
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


ENV = make_env()


def page(template: str, http_status: int = 200, **context: Any) -> web.Response:
    html = ENV.get_template(template).render(**context)
    field = str(csrf_field())  # plain str: Markup + str would escape the matched tag
    if field:
        html = _POST_FORM.sub(lambda m: m.group(0) + field, html)
    return web.Response(text=html, status=http_status, content_type="text/html", charset="utf-8")
