"""Personal information kept out of storage: phone numbers are masked before anything is stored.

12345 orders and operators' phone entries carry the caller's number. Handlers reach the caller
through the hotline system, not through wenzheng, so wenzheng never needs the full number: it keeps
``138****5678`` (enough to tell two callers apart and to read back to a caller) and nothing more.
"""

from __future__ import annotations

import re

_INNER = re.compile(r"(\d{3})\d+(\d{4})")


def mask_phone(value: str) -> str:
    """Keep the first three and last four digits: ``13812345678`` → ``138****5678``.

    Numbers too short to keep seven digits of are masked whole; an already masked one is unchanged.
    """
    compact = re.sub(r"[\s-]", "", value)
    if len(re.sub(r"\D", "", compact)) < 7:
        return "*" * len(compact)
    return _INNER.sub(lambda m: f"{m.group(1)}****{m.group(2)}", compact)
