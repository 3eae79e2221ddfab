"""What people read of a stored risk item: its kind, its label and the words that fired.

Kept apart from detection because alerts, queue rows, the console and reports read stored flags,
including those written by older versions (``minor_in_danger``, plain strings, ``words``), and must
never show an operator a code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from monitor.classify.risk_config import LEGACY_FLAGS


def risk_flag(item: Mapping[str, Any] | str) -> str:
    """The kind code of a stored risk item (old stores: ``minor_in_danger``, plain strings)."""
    code = item if isinstance(item, str) else str(item.get("flag", ""))
    return LEGACY_FLAGS.get(code, code)


DEFAULT_LABELS = {"self_harm": "轻生", "threat": "暴力威胁", "safety_hazard": "安全隐患",
                  "mass_incident": "群体性事件", "minor_domestic": "未成年人/家暴", "medical": "医疗急症"}
"""Chinese names when a stored item has no label of its own (never show an operator a code)."""


def risk_label(item: Mapping[str, Any] | str | object) -> str:
    """What an operator reads for one stored risk item: its label (疑似… when uncertain)."""
    if isinstance(item, Mapping) and isinstance(item.get("label"), str) and item["label"]:
        return str(item["label"])
    if not isinstance(item, Mapping | str):
        return str(getattr(item, "label", "") or "风险")
    code = risk_flag(item)
    return DEFAULT_LABELS.get(code, "风险")


def risk_words(item: Mapping[str, Any] | str | object) -> list[str]:
    """The words that fired (``evidence``; ``words`` in stores written before risk.toml)."""
    if not isinstance(item, Mapping):
        return []
    words = item.get("evidence", item.get("words", []))
    return [str(w) for w in words] if isinstance(words, list | tuple) else []


def describe(items: Iterable[Mapping[str, Any] | str | object]) -> str:
    """'轻生（跳下去）；疑似安全隐患（冒烟）': one line for alerts, queue rows and tables."""
    parts = []
    for it in items:
        words = risk_words(it)
        parts.append(risk_label(it) + (f"（{'、'.join(words[:3])}）" if words else ""))
    return "；".join(parts)
