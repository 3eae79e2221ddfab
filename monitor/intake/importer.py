"""Import cases from an office's CSV or XLSX export (message board, 12345 hotline) by a column map.

Offices already have years of letters in spreadsheets whose headers differ from office to office,
so the import is driven by a mapping ``field=列名`` rather than by fixed headers:

    wenzheng import replies.csv --map id=id,title=title,text=text,received_at=message_time,\
reply=reply,reply_time=reply_time --platform board

Rules, each for a reason:

* **Idempotent.** A case is keyed on (platform, root_external_id): the ``id`` column when mapped,
  else a hash of text and time. Importing the same file twice adds nothing, so an office can
  re-import a grown export without cleaning up first.
* **Bad rows are reported and skipped, never guessed**: each with its row number (the line in the
  file, header = row 1) and the reason. Good rows still import.
* **A mapping error stops before anything is written** (unknown field, column not in the file).
* Times without an offset are Asia/Shanghai; a reply becomes a ``reply`` event (``data.text``)
  and sets ``first_response_at``, as a reply seen on a platform would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.core.limits import DEFAULT_LIMITS, check_time, clean_text, safe_url
from monitor.core.labels import CASE_TYPES, TYPE_LABELS
from monitor.store.models import Account, Assignment, Case, CaseEvent
from monitor.core.tables import TableError, parse_time, read_table

FIELDS = {
    "id": "the export's own message number (idempotence key)",
    "title": "subject (留言主题), put before the text",
    "text": "the message (留言详情)",
    "received_at": "when it was sent (留言时间)",
    "reply": "the government's answer (答复意见)",
    "reply_time": "when it was answered (答复时间)",
    "citizen": "who wrote it (留言用户)",
    "type": "咨询/投诉/… or consult/complaint/…",
    "domain": "domain label", "region": "district or county", "account": "handling account id or name",
    "url": "link to the message",
}
REQUIRED = ("received_at",)
_TYPE_BY_LABEL = {v: k for k, v in TYPE_LABELS.items() if k} | {"建议": "suggestion", "意见": "suggestion"}
BATCH = 500


class ImportError_(TableError):  # noqa: N801 - ImportError is a builtin
    """The file or the mapping cannot be imported at all (nothing was written)."""


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    replies: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": self.created, "duplicates": self.duplicates,
                "replies": self.replies, "errors": [{"row": e.row, "reason": e.reason} for e in self.errors]}


def parse_mapping(text: str) -> dict[str, str]:
    """``text=留言详情,received_at=留言时间`` → {field: column}; unknown fields are errors."""
    mapping: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, column = part.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise ImportError_(f"--map: {part!r} is not field=column")
        if name not in FIELDS:
            raise ImportError_(f"--map: unknown field {name!r} (known: {', '.join(FIELDS)})")
        if name in mapping:
            raise ImportError_(f"--map: field {name!r} mapped twice")
        mapping[name] = column
    for need in REQUIRED:
        if need not in mapping:
            raise ImportError_(f"--map: {need} must be mapped (e.g. {need}=留言时间)")
    if "text" not in mapping and "title" not in mapping:
        raise ImportError_("--map: map text (and/or title) to the message column")
    return mapping


def _cell(values: list[Any], index: dict[str, int], name: str) -> str:
    i = index.get(name)
    if i is None or i >= len(values) or values[i] is None:
        return ""
    v = values[i]
    return v if isinstance(v, (dt.datetime, dt.date)) else str(v).strip()  # type: ignore[return-value]


def _key(record: dict[str, Any]) -> str:
    if record["id"]:
        return str(record["id"])[:64]
    digest = hashlib.sha256(f"{record['text']}\x00{record['received_at'].isoformat()}".encode())
    return "h:" + digest.hexdigest()[:40]


def _record(values: list[Any], index: dict[str, int], accounts: dict[str, str]) -> dict[str, Any]:
    """One row → fields of a case, or ValueError with the reason."""
    g = {name: _cell(values, index, name) for name in FIELDS}
    for name, value in g.items():  # the same rules as every other way in (monitor.core.limits)
        if isinstance(value, str):
            g[name] = clean_text(value)
    title, text = str(g["title"] or ""), str(g["text"] or "")
    body = f"{title}\n{text}" if title and text and not text.startswith(title) else (text or title)
    if not body.strip():
        raise ValueError("empty message text")
    if len(body) > DEFAULT_LIMITS.max_text_chars:
        raise ValueError(f"message text is {len(body):,} characters long (at most "
                         f"{DEFAULT_LIMITS.max_text_chars:,})")
    for name, width in (("domain", 32), ("region", 32)):
        if g[name] and len(str(g[name])) > width:
            raise ValueError(f"{name} {str(g[name])[:20]!r}… is longer than {width} characters")
    if not g["received_at"]:
        raise ValueError("no message time")
    try:
        received = check_time(parse_time(g["received_at"]), "message time")
    except ValueError as err:
        raise ValueError(f"message time: {err}") from None
    rec: dict[str, Any] = {"id": g["id"], "text": body, "received_at": received, "reply": None,
                           "reply_at": None, "citizen": str(g["citizen"] or ""), "type": None,
                           "domain": g["domain"] or None, "region": g["region"] or None,
                           "account": None, "url": safe_url(str(g["url"] or ""))}
    if g["reply"] or g["reply_time"]:
        if not g["reply"] or not g["reply_time"]:
            raise ValueError("reply and reply time must both be given")
        try:
            rec["reply_at"] = check_time(parse_time(g["reply_time"]), "reply time")
        except ValueError as err:
            raise ValueError(f"reply time: {err}") from None
        if rec["reply_at"] < received:
            raise ValueError("reply time is before the message time")
        rec["reply"] = str(g["reply"])
    if g["type"]:
        t = _TYPE_BY_LABEL.get(str(g["type"]), str(g["type"]))
        if t not in CASE_TYPES:
            raise ValueError(f"unknown type {g['type']!r}")
        rec["type"] = t
    if g["account"]:
        acc = accounts.get(str(g["account"]))
        if acc is None:
            raise ValueError(f"unknown account {g['account']!r}")
        rec["account"] = acc
    return rec


ImportedHook = Callable[[Session, list[tuple[Case, dict[str, Any]]]], None]
"""Called per flushed batch with the new cases and their records (what the export said): runtime/
plugs classification, routing and the clocks in here, as it does for the ingest pipeline."""


def import_file(session: Session, path: Path | str, mapping: dict[str, str], *,
                platform: str = "board", channel: str | None = None,
                close_on_reply: bool = False, on_created: ImportedHook | None = None) -> ImportResult:
    """Create cases (and reply events) from ``path``; flushes in batches, the caller commits.

    Without ``on_created`` the cases are stored as the export has them (``wenzheng import --raw``).
    """
    path = Path(path)
    try:
        header, rows = read_table(path)
    except TableError as err:
        raise ImportError_(str(err)) from None
    missing = [col for col in mapping.values() if col not in header]
    if missing:
        raise ImportError_(f"{path}: column(s) not in the file: {', '.join(missing)} "
                           f"(columns: {', '.join(h for h in header if h)})")
    index = {name: header.index(col) for name, col in mapping.items()}
    accounts = {a.id: a.id for a in session.scalars(select(Account))} | {
        a.name: a.id for a in session.scalars(select(Account))}
    result = ImportResult()
    seen: dict[str, int] = {}
    batch: list[tuple[int, dict[str, Any]]] = []
    for rownum, values in rows:
        if not any(v not in (None, "") for v in values):
            continue  # blank line
        result.rows += 1
        try:
            rec = _record(values, index, accounts)
        except ValueError as err:
            result.errors.append(RowError(rownum, str(err)))
            continue
        key = _key(rec)
        if key in seen:
            result.errors.append(RowError(rownum, f"same id as row {seen[key]}"))
            continue
        seen[key] = rownum
        batch.append((rownum, rec | {"key": key}))
        if len(batch) >= BATCH:
            _insert(session, batch, platform, channel or platform, close_on_reply, result, on_created)
            batch = []
    _insert(session, batch, platform, channel or platform, close_on_reply, result, on_created)
    return result


def _insert(session: Session, batch: list[tuple[int, dict[str, Any]]], platform: str, channel: str,
            close_on_reply: bool, result: ImportResult, on_created: ImportedHook | None) -> None:
    if not batch:
        return
    keys = [rec["key"] for _, rec in batch]
    existing = set(session.scalars(select(Case.root_external_id).where(
        Case.platform == platform, Case.root_external_id.in_(keys))))
    created: list[tuple[Case, dict[str, Any]]] = []
    for _, rec in batch:
        if rec["key"] in existing:
            result.duplicates += 1
            continue
        replied = rec["reply_at"]
        closed = replied if (close_on_reply and replied) else None
        case = Case(platform=platform, channel=channel, root_external_id=rec["key"],
                    citizen_id=rec["citizen"][:64] or "import", citizen_name=rec["citizen"][:200],
                    text=rec["text"], url=rec["url"], received_at=rec["received_at"],
                    status="closed" if closed else ("replied" if replied else "open"),
                    type=rec["type"], domain=rec["domain"], region=rec["region"],
                    lead_account_id=rec["account"], first_response_at=replied, closed_at=closed,
                    last_activity_at=replied or rec["received_at"])
        created.append((case, rec))
    session.add_all([c for c, _ in created])
    session.flush()  # one multi-row INSERT per batch; assigns the case ids the events need
    rows: list[Any] = []
    for case, rec in created:
        replied = case.first_response_at
        rows.append(CaseEvent(case_id=case.id, kind="created", at=rec["received_at"], actor="import",
                              data={"source": "import"}))
        if rec["account"]:
            rows.append(Assignment(case_id=case.id, account_id=rec["account"], role="lead",
                                   assigned_at=rec["received_at"], rule="import"))
        if replied:
            rows.append(CaseEvent(case_id=case.id, kind="reply", at=replied, actor="import",
                                  account_id=rec["account"], data={"text": rec["reply"]}))
            result.replies += 1
        if case.closed_at:
            rows.append(CaseEvent(case_id=case.id, kind="closed", at=case.closed_at, actor="import",
                                  account_id=rec["account"]))
        result.created += 1
    session.add_all(rows)
    session.flush()
    if on_created is not None and created:
        on_created(session, created)
