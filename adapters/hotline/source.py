"""The 12345 hotline source: a watched drop folder of exports, and an HTTP push endpoint.

**Drop folder.** Offices (or their hotline system) save CSV/XLSX exports into ``folder``. Each
poll takes the oldest file that has stopped changing for ``settle_seconds`` (a file still being
copied is left alone), reads it whole, and hands its orders to the pipeline. Only *after* they are
committed is the file moved to ``done/``; a file that cannot be read (not a table, required
columns missing, no readable row) goes to ``failed/``. Either way a ``<file>.reason.txt`` beside
it says what happened: which rows were skipped and why. So each file is taken once, and a crash
between the commit and the move only means the file is read again, which adds nothing (orders
dedupe on 工单编号). A name already in ``done/`` gets a ``-2``, ``-3``… suffix: the same export
dropped twice is kept twice, stored once.

**Push** (when a secret is configured): ``POST /hooks/<source>`` with ``{"orders": [{…}]}``, each
order keyed by the same column names as the exports, signed as :mod:`adapters.signing` says. The
whole body is checked before anything is stored; one bad order is a 400 naming it.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any, ClassVar

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator, model_validator

from adapters import signing
from adapters.hotline.orders import DEFAULT_COLUMNS, REQUIRED, OrderReader
from monitor.core.config import Matrix
from monitor.core.tables import TableError, read_table
from monitor.core.types import Cursor, Deliver, HookRefused, Item, PollResult

log = structlog.get_logger("wenzheng.hotline")

SECRET_PREFIX = "WENZHENG_HOOK_SECRET_"
SUFFIXES = (".csv", ".xlsx", ".xlsm")


class Options(BaseModel):
    """``[sources.options]`` of a 12345 hotline source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    folder: str | None = Field(default=None, description="drop folder of CSV/XLSX exports (done/ and failed/ inside)")
    columns: dict[str, str] = Field(default_factory=dict, description="field → the export's column name")
    encoding: str = Field(default="utf-8-sig", description="CSV encoding (gb18030 for exports saved by Excel)")
    settle_seconds: float = Field(default=2.0, ge=0, description="a file must be unchanged this long")
    secret: SecretStr | None = Field(default=None, description="enables the push endpoint; "
                                     "WENZHENG_HOOK_SECRET_<SOURCE> overrides it")
    max_body: int = Field(default=2 * 1024 * 1024, ge=1024, le=4 * 1024 * 1024)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, v: dict[str, str]) -> dict[str, str]:
        for name, col in v.items():
            if name not in DEFAULT_COLUMNS:
                raise ValueError(f"unknown field {name!r} (known: {', '.join(DEFAULT_COLUMNS)})")
            if not col.strip():
                raise ValueError(f"column name for {name!r} is empty")
        return v

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, v: str) -> str:
        import codecs

        try:
            codecs.lookup(v)
        except LookupError:
            raise ValueError(f"unknown encoding {v!r}") from None
        return v

    @model_validator(mode="after")
    def _something_to_do(self, info: ValidationInfo) -> Options:
        ctx = info.context or {}
        if ctx.get("name") is not None and self.folder is None:
            var = signing.env_name(SECRET_PREFIX, ctx["name"])
            if signing.resolve_secret(self.secret.get_secret_value() if self.secret else None, var) is None:
                raise ValueError(f"set folder (a drop folder) or a push secret ({var} or secret = \"…\")")
        return self


class HotlineSource:
    """Drop folder (polled) and/or push endpoint for 12345 work orders."""

    platform: ClassVar[str] = "hotline"
    channel: ClassVar[str] = "hotline"

    def __init__(self, options: Options, *, name: str, matrix: Matrix) -> None:
        self.options = options
        self.name = name
        self.max_body = options.max_body
        self.reader = OrderReader(DEFAULT_COLUMNS | options.columns, matrix, name)
        self.folder = Path(options.folder) if options.folder else None
        self.secret_env = signing.env_name(SECRET_PREFIX, name)
        self._configured = options.secret.get_secret_value() if options.secret else None
        self._taken: tuple[Path, int, list[str]] | None = None  # the file read by the last poll

    # ------------------------------------------------------------------ drop folder

    def _waiting(self) -> list[Path]:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        now = time.time()
        files = [p for p in self.folder.iterdir()
                 if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
                 and now - p.stat().st_mtime >= self.options.settle_seconds]
        return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))

    def read_file(self, path: Path) -> tuple[list[Item], list[str], str | None]:
        """(items, skipped-row reasons, why the whole file failed or None)."""
        try:
            header, rows = read_table(path, encoding=self.options.encoding)
            missing = self.reader.missing(header)
            if missing:
                return [], [], (f"required column(s) not in the file: {', '.join(missing)} "
                                f"(columns: {', '.join(h for h in header if h)}; map them with "
                                "[sources.options.columns])")
            items: list[Item] = []
            skipped: list[str] = []
            seen: dict[str, int] = {}
            for rownum, values in rows:
                if not any(v not in (None, "") for v in values):
                    continue
                order = dict(zip(header, values, strict=False))
                try:
                    it = self.reader.item(order)
                except ValueError as err:
                    skipped.append(f"row {rownum}: {err}")
                    continue
                if it.external_id in seen:
                    skipped.append(f"row {rownum}: same {self.reader.columns['id']} as row {seen[it.external_id]}")
                    continue
                seen[it.external_id] = rownum
                items.append(it)
        except TableError as err:
            return [], [], str(err).replace(f"{path}: ", "")
        if not items:
            return [], skipped, "no readable work order in the file"
        return items, skipped, None

    async def poll(self, cursor: Cursor) -> PollResult:
        """The oldest settled file's orders; ``more`` when others wait."""
        if self.folder is None:
            return PollResult(items=[], cursor=dict(cursor))
        waiting = await asyncio.to_thread(self._waiting)
        for path in waiting:
            items, skipped, failure = await asyncio.to_thread(self.read_file, path)
            if failure is not None:
                await asyncio.to_thread(self._move, path, "failed", [failure, *skipped])
                log.warning("hotline.file_failed", source=self.name, file=path.name, reason=failure)
                continue
            self._taken = (path, len(items), skipped)
            taken = int(cursor.get("files_taken", 0)) + 1 if isinstance(cursor, dict) else 1
            return PollResult(items=items, cursor={"files_taken": taken, "last_file": path.name},
                              more=len(waiting) > 1)
        return PollResult(items=[], cursor=dict(cursor))

    async def committed(self, cursor: Cursor) -> None:
        """The last poll's orders are stored: now the file may leave the drop folder."""
        if self._taken is None:
            return
        path, count, skipped = self._taken
        self._taken = None
        lines = [f"taken: {count} work order(s) stored (or already known by 工单编号)"]
        lines += [f"skipped {len(skipped)} row(s):", *skipped] if skipped else []
        await asyncio.to_thread(self._move, path, "done", lines)
        log.info("hotline.file_done", source=self.name, file=path.name, skipped=len(skipped))

    def _move(self, path: Path, where: str, reasons: list[str]) -> Path:
        assert self.folder is not None
        dest_dir = self.folder / where
        dest_dir.mkdir(exist_ok=True)
        dest = dest_dir / path.name
        n = 1
        while dest.exists():
            n += 1
            dest = dest_dir / f"{path.stem}-{n}{path.suffix}"
        path.replace(dest)
        if reasons:
            dest.with_name(dest.name + ".reason.txt").write_text("\n".join(reasons) + "\n", encoding="utf-8")
        return dest

    # ------------------------------------------------------------------ push

    async def receive(self, request: web.Request, body: bytes, deliver: Deliver) -> web.Response:
        secret = signing.resolve_secret(self._configured, self.secret_env)
        if secret is None:
            raise HookRefused(404, f"source {self.name!r} takes no pushes (no secret configured)")
        if request.method != "POST":
            raise HookRefused(405, "POST the signed JSON work orders here")
        signing.verify(secret, request.headers, body)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise HookRefused(400, f"the body is not UTF-8 JSON: {err}") from None
        orders = data.get("orders") if isinstance(data, dict) else None
        if not isinstance(orders, list) or not orders:
            raise HookRefused(400, 'the body must be {"orders": [ {…}, … ]} with at least one order')
        items: dict[str, Item] = {}
        for i, order in enumerate(orders):
            if not isinstance(order, dict):
                raise HookRefused(400, f"orders[{i}] is not an object")
            try:
                it = self.reader.item(order)
            except ValueError as err:
                raise HookRefused(400, f"orders[{i}]: {err}") from None
            items.setdefault(it.external_id, it)
        cases = await deliver(list(items.values()))
        return web.json_response({"stored": len(items), "cases": cases},
                                 dumps=lambda d: json.dumps(d, ensure_ascii=False))

    def health(self) -> dict[str, Any]:
        waiting = len(self._waiting()) if self.folder else 0
        return {"platform": self.platform, "folder": str(self.folder) if self.folder else None,
                "files_waiting": waiting, "required": [self.reader.columns[f] for f in REQUIRED]}

    async def close(self) -> None:
        """Nothing held open between polls."""
