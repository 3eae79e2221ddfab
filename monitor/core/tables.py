"""Reading offices' spreadsheets: CSV (UTF-8) or the first sheet of an XLSX, and their times.

Shared by ``wenzheng import`` (a one-off backfill) and the 12345 drop folder (a standing feed),
because both read what a hotline or message-board system exports: headers that differ by city,
times in a handful of local formats without an offset (Asia/Shanghai).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from monitor.core.timeutil import SHANGHAI, UTC

_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")


class TableError(ValueError):
    """The file cannot be read as a table at all (the message names the file and why)."""


def read_table(path: Path, *, encoding: str = "utf-8-sig") -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """Header and (row number, values) of a CSV (UTF-8 with or without BOM unless ``encoding``
    says otherwise, e.g. ``gb18030`` for an export saved by Excel) or the first XLSX sheet."""
    if not path.exists():
        raise TableError(f"{path}: file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds
            raise TableError(f"{path}: not a readable xlsx file: {err}") from None
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]

        def sheet() -> Iterator[tuple[int, list[Any]]]:
            try:
                yield from ((i, list(r)) for i, r in enumerate(rows, start=2))
            finally:
                wb.close()  # read-only workbooks keep the file open until closed
        return header, sheet()
    fh = path.open(encoding=encoding, newline="")
    try:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
    except UnicodeDecodeError:
        fh.close()
        raise TableError(f"{path}: not {encoding.removesuffix('-sig').upper()} text (save the export "
                         "as UTF-8 CSV, or set the file's encoding)") from None

    def body() -> Iterator[tuple[int, list[Any]]]:
        with fh:
            try:
                yield from enumerate(reader, start=2)  # spreadsheet rows: the header is row 1
            except UnicodeDecodeError as err:
                raise TableError(f"{path}: not {encoding.removesuffix('-sig').upper()} text past "
                                 f"line {reader.line_num}: {err.reason}") from None
    return header, body()


def parse_time(value: Any) -> dt.datetime:
    """A spreadsheet time as aware UTC; no offset means Asia/Shanghai."""
    if isinstance(value, dt.datetime):
        t = value
    elif isinstance(value, dt.date):
        t = dt.datetime.combine(value, dt.time())
    else:
        text = str(value).strip()
        try:
            t = dt.datetime.fromisoformat(text)
        except ValueError:
            for fmt in _TIME_FORMATS:
                try:
                    t = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(f"not a time: {text!r}") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=SHANGHAI)
    return t.astimezone(UTC)
