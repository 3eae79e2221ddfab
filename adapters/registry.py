"""Adapter discovery: built-ins listed here, third-party ones through the ``wenzheng.adapters``
entry-point group, both through the same path; a duplicate name fails loudly.

An adapter package exports ``create(options, *, name, matrix, http)`` returning a
:class:`monitor.core.types.PullSource` or :class:`monitor.core.types.PushSource`, and an ``Options``
pydantic model that validates its ``[sources.options]`` table.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from types import ModuleType

BUILTIN = {
    "weibo": "adapters.weibo",
    "webhook": "adapters.webhook",
    "wechat": "adapters.wechat",
    "feeds": "adapters.feeds",
    "hotline": "adapters.hotline",
}


class UnknownAdapter(LookupError):
    pass


def available() -> dict[str, str]:
    """Adapter name → module path, built-ins first, then installed plugins."""
    found = dict(BUILTIN)
    for ep in entry_points(group="wenzheng.adapters"):
        if ep.name in found and found[ep.name] != ep.value:
            raise RuntimeError(f"adapter name {ep.name!r} is provided twice: {found[ep.name]} and {ep.value}")
        found[ep.name] = ep.value
    return found


def load(name: str) -> ModuleType:
    mods = available()
    if name not in mods:
        raise UnknownAdapter(f"unknown adapter {name!r} (available: {', '.join(sorted(mods))})")
    return importlib.import_module(mods[name])
