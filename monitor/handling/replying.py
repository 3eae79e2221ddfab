"""Posting an operator's reply through the platform the case came from.

Why a module of its own: the CLI and the API post the same way: find the configured source
that reads the case's platform, build its adapter on an HTTP session, post, and record the reply
at the time the platform confirms it (:func:`monitor.handling.actions.post_reply`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import aiohttp
from sqlalchemy.orm import Session

from monitor.handling.actions import ActionError, ActionResult, post_reply
from monitor.handling.lint import ReplyLinter
from monitor.core.config import Config
from monitor.core.labels import channel_label
from monitor.sla import SlaEngine
from monitor.intake.sources import create_adapter
from monitor.store.models import Case
from monitor.core.types import Actor, Replier


def first_replier(adapters: Iterable[tuple[str, object]], platform: str,
                  channel: str | None) -> Replier | None:
    """Of ``(source name, adapter)`` pairs, the one to answer a case on ``platform`` with: the
    case's own channel first, else any source of that platform that can post."""
    for _name, adapter in sorted(adapters, key=lambda kv: kv[0] != channel):
        if isinstance(adapter, Replier) and adapter.platform == platform:
            return adapter
    return None


def replier_for(config: Config, case: Case, http: aiohttp.ClientSession) -> Replier:
    """The configured source that can answer ``case`` (the CLI has no running daemon to ask)."""
    adapters = ((cfg.name, create_adapter(config, i, cfg, http))
                for i, cfg in enumerate(config.settings.sources) if cfg.enabled)
    replier = first_replier(adapters, case.platform, case.channel)
    if replier is None:
        raise ActionError(f"没有配置可在{channel_label(case.platform)}发布的数据源（案件#{case.id}）："
                          "请在平台上回复，再用 --no-post 登记回复")
    return replier


async def post_with_config(config: Config, session: Session, case_id: int, *, account_id: str,
                           text: str, actor: Actor | str, now: dt.datetime, engine: SlaEngine,
                           linter: ReplyLinter | None = None) -> ActionResult:
    case = session.get(Case, case_id)
    if case is None:
        raise ActionError(f"没有编号为 {case_id} 的案件")
    async with aiohttp.ClientSession() as http:
        replier = replier_for(config, case, http)
        return await post_reply(session, case_id, account_id=account_id, text=text,
                                replier=replier, actor=actor, now=now, engine=engine,
                                linter=linter)


def posting_action(config: Config) -> Callable[..., ActionResult]:
    """A synchronous action (the CLI's shape) that posts through the platform."""

    def action(session: Session, case_id: int, **kw: Any) -> ActionResult:
        return asyncio.run(post_with_config(config, session, case_id, **kw))

    return action
