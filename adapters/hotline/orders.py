"""12345 work orders (工单) → items: the column mapping, the phone mask, the 承办单位 routing.

Hotline systems export (and provincial platforms push) the same fields under names that differ
by city, so every field is looked up through ``columns`` (field → the export's column name); the
defaults are the most common names. One function, :meth:`OrderReader.item`, serves the drop
folder's rows and the pushed JSON orders alike, so both are read by the same rules:

* ``工单编号`` is the identity (dedupe): a row seen again, in the same file or another, adds nothing;
* the phone number is personal information: it is **masked before it is stored** (138****5678);
* a ``承办单位`` that names a member account (its name, an alias or its id) **is the routing**: the
  hotline's dispatcher decided, so that account leads whatever place the text names
  (:attr:`Item.assigned`); an unknown unit is kept on the record and the order is routed by region
  and domain, with a warning in the log naming the unit;
* times without an offset are Beijing time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import structlog

from monitor.core.config import Matrix
from monitor.core.privacy import mask_phone
from monitor.core.tables import parse_time
from monitor.core.types import Item

log = structlog.get_logger("wenzheng.hotline")

DEFAULT_COLUMNS: dict[str, str] = {
    "id": "工单编号",
    "received_at": "来电时间",
    "text": "诉求内容",
    "title": "诉求标题",
    "type": "诉求类型",
    "region": "所属区域",
    "street": "街道/乡镇",
    "handler": "承办单位",
    "caller": "来电人",
    "phone": "联系电话",
    "due": "办理时限",
}
REQUIRED = ("id", "received_at", "text")


def _jsonable(v: Any) -> Any:
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


class OrderReader:
    """Turns one work order (column name → value) into an :class:`Item`, or says why not."""

    platform = "hotline"

    def __init__(self, columns: Mapping[str, str], matrix: Matrix, source: str) -> None:
        self.columns = dict(columns)
        self.source = source
        self._accounts = {a.id: a.id for a in matrix.accounts} | {n: a.id for n, a in matrix.by_name().items()}
        self._unknown_units: set[str] = set()

    def missing(self, header: list[str]) -> list[str]:
        """Required columns the header lacks (a file without them cannot be read at all)."""
        return [self.columns[f] for f in REQUIRED if self.columns[f] not in header]

    def _get(self, order: Mapping[str, Any], name: str) -> Any:
        v = order.get(self.columns.get(name, ""))
        return v.strip() if isinstance(v, str) else v

    def item(self, order: Mapping[str, Any]) -> Item:
        """The order as an item; ``ValueError`` with the reason when it cannot be one."""
        cols = self.columns
        oid = self._get(order, "id")
        oid = str(oid).strip() if oid not in (None, "") else ""
        if not oid:
            raise ValueError(f"{cols['id']} is empty")
        if len(oid) > 64:
            raise ValueError(f"{cols['id']} is longer than 64 characters")
        raw_time = self._get(order, "received_at")
        if raw_time in (None, ""):
            raise ValueError(f"{cols['received_at']} is empty")
        try:
            received = parse_time(raw_time)
        except ValueError as err:
            raise ValueError(f"{cols['received_at']}: {err}") from None
        body = str(self._get(order, "text") or "")
        title = str(self._get(order, "title") or "")
        text = f"{title}\n{body}" if title and body and not body.startswith(title) else (body or title)
        if not text:
            raise ValueError(f"{cols['text']} is empty")
        record = {str(k): _jsonable(v) for k, v in order.items() if k is not None and str(k)}
        phone = str(self._get(order, "phone") or "")
        if phone:
            record[cols["phone"]] = mask_phone(phone)
        caller = str(self._get(order, "caller") or "")
        unit = str(self._get(order, "handler") or "")
        assigned: str | None = None
        if unit:
            assigned = self._accounts.get(unit)
            if assigned is None and unit not in self._unknown_units:
                self._unknown_units.add(unit)
                log.warning("hotline.unknown_unit", source=self.source, unit=unit,
                            hint="not a member account's name, alias or id: routed by region and domain")
        return Item(platform=self.platform, external_id=oid, kind="work_order",
                    author_id=(mask_phone(phone) or "12345")[:64], author_name=caller or "12345来电人",
                    text=text, created_at=received, assigned=assigned, appeal=True,
                    raw={"order": record, "handler": unit or None})
