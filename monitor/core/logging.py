"""structlog set-up: readable lines on a terminal, JSON lines under a process manager.

Event names are stable (``poll.failed``, ``case.routed``…) so operators can alert on them.
Secrets never reach a log line: :func:`redact` masks token-like keys wherever they appear.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

SECRET_KEYS = re.compile(r"(access_token|token|secret|password|sign|key)$", re.I)
SECRET_IN_TEXT = re.compile(r"((?:access_token|key|sign|secret|password)=)[^&\s\"']+", re.I)


def redact(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for k, v in list(event.items()):
        if SECRET_KEYS.search(k) and v:
            event[k] = "***"
        elif isinstance(v, str) and "=" in v:
            event[k] = SECRET_IN_TEXT.sub(r"\1***", v)
    return event


def configure_logging(level: str | None = None, *, json: bool | None = None) -> None:
    level = (level or os.environ.get("WENZHENG_LOG_LEVEL", "INFO")).upper()
    if json is None:
        json = not sys.stderr.isatty()
    renderer: Any = structlog.processors.JSONRenderer(ensure_ascii=False) if json else \
        structlog.dev.ConsoleRenderer(colors=True)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level, logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    # libraries (aiohttp, apscheduler) log through stdlib: keep their warnings, drop chatter
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
