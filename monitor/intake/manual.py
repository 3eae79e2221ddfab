"""Cases typed in by an operator: phone calls and walk-in visits (来电、来访).

@问政银川 also takes appeals by phone and at the counter; they must get the same classification,
routing, clocks and statistics as what arrives online, so an operator's entry becomes an
:class:`~monitor.core.types.Item` and goes through the same pipeline, never straight into the
``cases`` table.

* The entry's ``key`` is its identity: the console puts a fresh one in every form it shows, so a
  double-clicked or re-sent form is one case; the CLI makes one per call.
* The phone number is masked before it is stored, as for 12345 orders.
* ``account``, when given, is the routing (an operator who knows who handles it decided); otherwise
  routing follows region and domain like any other appeal.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from monitor.core.config import Matrix
from monitor.core.privacy import mask_phone
from monitor.core.types import Item
from monitor.intake.pipeline import Pipeline
from monitor.intake.push import store_items

CHANNELS = {"phone": "电话", "visit": "来访"}
PLATFORM = "manual"


class EntryError(ValueError):
    """The entry cannot become a case (the message names the field)."""


@dataclass(frozen=True)
class Entry:
    channel: str
    text: str
    citizen: str = ""
    phone: str = ""
    at: dt.datetime | None = None
    account: str = ""
    actor: str = ""
    key: str = ""


def entry_item(entry: Entry, matrix: Matrix, *, now: dt.datetime) -> Item:
    """Validate ``entry`` and make it an item (``EntryError`` names what is wrong)."""
    if entry.channel not in CHANNELS:
        raise EntryError(f"channel must be one of {', '.join(CHANNELS)} (got {entry.channel!r})")
    text = entry.text.strip()
    if not text:
        raise EntryError("text: what the citizen asked for is required")
    at = entry.at or now
    if at.tzinfo is None:
        raise EntryError("at: the time needs an offset")
    if at > now + dt.timedelta(minutes=5):
        raise EntryError("at: the call or visit cannot be in the future")
    assigned: str | None = None
    if entry.account.strip():
        acc = matrix.by_id.get(entry.account.strip()) or matrix.by_name().get(entry.account.strip())
        if acc is None:
            raise EntryError(f"account: {entry.account!r} is not a member account")
        assigned = acc.id
    key = entry.key.strip() or uuid.uuid4().hex
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
        raise EntryError("key: 8 to 64 letters, digits, '-' or '_'")
    phone = mask_phone(entry.phone) if entry.phone.strip() else ""
    citizen = entry.citizen.strip()
    return Item(platform=PLATFORM, external_id=key, kind=entry.channel,
                author_id=(phone or citizen or "anonymous")[:64],
                author_name=citizen or f"{CHANNELS[entry.channel]}群众", text=text,
                created_at=at.astimezone(dt.UTC), assigned=assigned, appeal=True,
                raw={"channel": entry.channel, "phone": phone, "citizen": citizen,
                     "entered_by": entry.actor.strip()})


def open_case(pipeline: Pipeline, entry: Entry, *, now: dt.datetime) -> int:
    """Store the entry through the pipeline; the case number (the same one for a re-sent key)."""
    item = entry_item(entry, pipeline.matrix, now=now)
    case = store_items(pipeline, [item], source_name=None, channel=entry.channel)[item.external_id]
    assert case is not None  # an appeal always opens a case (or is the one it opened before)
    return case
