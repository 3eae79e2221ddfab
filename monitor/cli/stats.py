"""Statistics commands: ``stats``, ``report`` (the monthly bulletin) and ``import`` (CSV/XLSX).

Thin wrappers over :mod:`monitor.stats`, :mod:`monitor.report` and :mod:`monitor.intake.importer`, which
the daemon (``/api/stats``, the scheduled bulletin) calls too; ``--format json`` prints exactly
what :func:`monitor.stats.compute_stats` returns.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from monitor.cli import ConfigOption
from monitor.cli.common import err, fail, plain
from monitor.core.config import DEFAULT_CONFIG
from monitor.report.bulletin import duration

out = Console()
FORMATS = ("table", "json", "csv", "xlsx")


def _fail(message: str, code: int = 2) -> None:
    fail(message, code)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        _fail(f"{option}: not a date: {text!r} (use YYYY-MM-DD)")
        raise


def pick_period(date_from: str | None, date_to: str | None, month: str | None,
                quarter: str | None, *, default_month: bool = True) -> Any:
    """Exactly one of --from/--to, --month, --quarter (default: the current month)."""
    from monitor.stats.period import Period
    from monitor.core.timeutil import to_local, utcnow

    given = [x for x in ((date_from or date_to), month, quarter) if x]
    if len(given) > 1:
        _fail("give only one of --from/--to, --month, --quarter")
    period = _given_period(date_from, date_to, month, quarter)
    if period is not None:
        return period
    if not default_month:
        _fail("give --month YYYY-MM or --quarter YYYY-Qn")
    today = to_local(utcnow()).date()
    return Period.month(today.year, today.month)


def _given_period(date_from: str | None, date_to: str | None, month: str | None,
                  quarter: str | None) -> Any:
    from monitor.stats.period import EARLIEST, LATEST, PeriodError, within_bounds

    try:
        period = _parse_period(date_from, date_to, month, quarter)
        return None if period is None else within_bounds(period)
    except PeriodError as e:
        _fail(str(e))
    except OverflowError:  # --to 9999-12-31: the day after it does not exist
        _fail(f"统计期须在 {EARLIEST} 至 {LATEST} 之间")
    return None


def _parse_period(date_from: str | None, date_to: str | None, month: str | None,
                  quarter: str | None) -> Any:
    from monitor.stats.period import Period, PeriodError

    if month:
        if not month.strip()[:4].isdigit() or "-" not in month:
            raise PeriodError(f"“{month}”不是月份（写作 2026-03）")
        return Period.parse(month)
    if quarter:
        p = Period.parse(quarter)
        if p.kind != "quarter":
            raise PeriodError(f"“{quarter}”不是季度（写作 2026-Q1）")
        return p
    if date_from or date_to:
        if not (date_from and date_to):
            _fail("--from 和 --to 要一起给（YYYY-MM-DD，含首尾两天）")
        return Period.range(_date(date_from or "", "--from"), _date(date_to or "", "--to"))
    return None


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v * 100:.2f}%"


_dur = duration  # the bulletin's wording, so the table and the bulletin read alike


def print_table(stats: dict[str, Any]) -> None:
    """A readable terminal summary; the full data is in --format json/xlsx."""
    from monitor.core.timeutil import show_iso
    from monitor.stats.export import HEADLINE, HOURS, PCT

    p = stats["period"]
    head = Table(title=f"{p['label']} ({p['from']} 至 {p['to']}，截至 {show_iso(stats['as_of'])})")
    head.add_column("指标")
    head.add_column("数值", justify="right")
    head.add_column(f"上期 {stats['previous']['label']}", justify="right")
    for label, key, fmt in HEADLINE:
        v = stats[key]
        shown = _pct(v) if fmt == PCT else (_dur(v) if fmt == HOURS else ("-" if v is None else str(v)))
        prev = stats["change"].get(key, {}).get("previous")
        prev_s = "" if key not in stats["change"] else (
            _pct(prev) if fmt == PCT else ("-" if prev is None else str(prev)))
        head.add_row(label, shown, prev_s)
    out.print(head)
    for title, rows, cols in (
        ("类型", stats["by_type"], [("类型", "label"), ("数量", "received"), ("占比", "share")]),
        ("区域", stats["by_region"], [("区域", "region"), ("数量", "received"), ("回复", "replied"),
                                      ("排名", "rank"), ("上期排名", "previous_rank")]),
        ("渠道", stats["by_channel"], [("渠道", "label"), ("数量", "received"), ("占比", "share"),
                                       ("回复率", "reply_rate"), ("办结率", "closure_rate")]),
        ("部门 (前10)", stats["by_account"][:10], [("部门", "name"), ("信件总数", "received"),
                                                  ("办结数", "closed"), ("办结率", "closure_rate"),
                                                  ("超期未受理", "overdue_unaccepted")]),
        ("热点话题", stats["hot_topics"], [("关键词", "keyword"), ("次数", "count")]),
    ):
        if not rows:
            continue
        t = Table(title=title)
        for h, _ in cols:
            t.add_column(h)
        for r in rows:
            t.add_row(*(_pct(r[k]) if k.endswith(("rate", "share")) else
                        plain("-" if r[k] is None else r[k]) for _, k in cols))
        out.print(t)


def activity_status(r: dict[str, Any], silent_days: int) -> str:
    """One account's state in words: 读取失败 / 未读取 / 沉默N天 / 正常."""
    if r["read_error"]:
        return "读取失败：" + r["read_error"]
    if r["followers"] is None:
        return "尚未读取"
    if r["silent"]:
        return (f"沉默（{r['silent_for_days']}天未发博）" if r["silent_for_days"] is not None
                else f"沉默（{silent_days}天以上未发博）")
    return "正常"


def print_activity(stats: dict[str, Any]) -> None:
    """矩阵账号运营情况: every member account, then the totals as @问政银川 reports them."""
    from monitor.core.timeutil import show_iso

    act, p = stats["matrix_activity"], stats["period"]
    t = Table(title=f"矩阵账号运营情况 {p['label']}（截至 {show_iso(act['as_of'])}）")
    for h in ("账号", "粉丝", "粉丝变化", "发博数", "转发", "评论", "点赞", "转评赞", "最近发博", "状态"):
        t.add_column(h, justify="left" if h in ("账号", "状态", "最近发博") else "right")
    num = lambda v: "-" if v is None else str(v)  # noqa: E731
    for r in act["accounts"]:
        change = r["followers_change"]
        t.add_row(plain(r["name"]), num(r["followers"]), "-" if change is None else f"{change:+d}",
                  str(r["posts"]), str(r["reposts"]), str(r["comments"]), str(r["likes"]),
                  str(r["engagement"]), show_iso(r["last_post_at"]),
                  plain(activity_status(r, act["silent_days"]), 60))
    out.print(t)
    tot = act["totals"]
    out.print(f"账号数{tot['accounts']}个（已读取{tot['accounts_read']}个），粉丝总数{tot['followers']}，"
              f"本期发博{tot['posts']}条，转评赞{tot['engagement']}次；"
              f"{act['silent_days']}天以上未发博的账号{tot['silent_accounts']}个"
              + (f"，读取失败{tot['accounts_with_errors']}个" if tot["accounts_with_errors"] else "") + "。",
              highlight=False, markup=False)


def register(app: typer.Typer) -> None:  # noqa: C901 - three flat commands
    @app.command("stats")
    def stats_cmd(
        date_from: Annotated[str | None, typer.Option("--from", help="first day YYYY-MM-DD")] = None,
        date_to: Annotated[str | None, typer.Option("--to", help="last day YYYY-MM-DD (inclusive)")] = None,
        month: Annotated[str | None, typer.Option("--month", help="YYYY-MM (Asia/Shanghai)")] = None,
        quarter: Annotated[str | None, typer.Option("--quarter", help="YYYY-Qn")] = None,
        account: Annotated[str | None, typer.Option("--account", help="an account and its subtree")] = None,
        region: Annotated[str | None, typer.Option("--region")] = None,
        case_type: Annotated[str | None, typer.Option("--type", help="consult, complaint, …")] = None,
        domain: Annotated[str | None, typer.Option("--domain")] = None,
        channel: Annotated[str | None, typer.Option("--channel", help="weibo, hotline, wechat, media, phone, visit, …")] = None,
        fmt: Annotated[str, typer.Option("--format", help="table, json, csv or xlsx")] = "table",
        out_file: Annotated[Path | None, typer.Option("--out", help="write to this file")] = None,
        by_year: Annotated[bool, typer.Option("--by-year", help="per-year history instead")] = False,
        platform: Annotated[str | None, typer.Option("--platform", help="with --by-year")] = None,
        activity: Annotated[bool, typer.Option(
            "--activity", help="only the matrix's own activity: every member account's followers, "
            "posts and reposts+comments+likes (table, json or csv)")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Matrix statistics for a month, quarter or date range (default: this month)."""
        from monitor.store.context import open_app
        from monitor.stats import StatsError, compute_stats
        from monitor.stats.export import write_xlsx, csv_text
        from monitor.stats.scope import Scope, Slice

        if fmt not in FORMATS:
            _fail(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
        if activity and fmt == "xlsx":
            _fail("--activity prints a table, json or csv (the xlsx has a 矩阵账号 sheet)")
        if fmt == "xlsx" and out_file is None:
            _fail("--format xlsx needs --out FILE.xlsx")
        if by_year:
            _by_year(config, fmt, out_file, platform)
            return
        period = pick_period(date_from, date_to, month, quarter)
        ctx = open_app(config, sync=False)
        try:
            with ctx.sessions() as s:
                try:
                    data = compute_stats(s, period, account_id=account, region=region,
                                         type=case_type, domain=domain, channel=channel,
                                         matrix=ctx.matrix,
                                         silent_days=ctx.config.settings.activity.silent_days)
                except StatsError as e:
                    _fail(str(e))
                if fmt == "xlsx":
                    assert out_file is not None
                    scope = Scope.build(s, period, Slice(account, region, case_type, domain, channel),
                                        matrix=ctx.matrix)
                    write_xlsx(data, out_file, s, scope)
                    err.print(f"wrote {out_file}", highlight=False)
                    return
        finally:
            ctx.close()
        if activity:
            if fmt == "json":
                _emit(json.dumps(data["matrix_activity"], ensure_ascii=False, indent=2) + "\n", out_file)
            elif fmt == "csv":
                _emit(activity_csv(data["matrix_activity"]), out_file)
            else:
                print_activity(data)
        elif fmt == "json":
            _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", out_file)
        elif fmt == "csv":
            _emit(csv_text(data), out_file)
        else:
            print_table(data)
            if data["matrix_activity"]["accounts"]:
                tot = data["matrix_activity"]["totals"]
                out.print(f"矩阵账号：{tot['accounts']}个，粉丝总数{tot['followers']}，本期发博{tot['posts']}条，"
                          f"转评赞{tot['engagement']}次，沉默账号{tot['silent_accounts']}个"
                          "（各账号明细：wenzheng stats --activity）", highlight=False, markup=False)

    def _by_year(config: Path, fmt: str, out_file: Path | None, platform: str | None) -> None:
        from monitor.store.context import open_app
        from monitor.stats.yearly import by_year as compute

        ctx = open_app(config, sync=False)
        try:
            with ctx.sessions() as s:
                data = compute(s, platform=platform)
        finally:
            ctx.close()
        rows = data["years"] + [data["all"]]
        if fmt == "json":
            _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", out_file)
            return
        if fmt == "csv":
            lines = ["year,received,replied,reply_rate,reply_median_days,reply_p90_days"]
            for r in rows:
                lines.append(",".join(str(x) for x in (
                    r["year"], r["received"], r["replied"], r["reply_rate"] if r["reply_rate"] is not None else "",
                    _days(r["reply_median_s"]), _days(r["reply_p90_s"]))))
            _emit("\n".join(lines) + "\n", out_file)
            return
        t = Table(title="按年统计 (回复用时 = 首次回复时间 − 留言时间)")
        for h in ("年份", "受理", "回复", "回复率", "回复用时中位数(天)", "P90(天)"):
            t.add_column(h, justify="right")
        for r in rows:
            t.add_row(r["year"], str(r["received"]), str(r["replied"]), _pct(r["reply_rate"]),
                      _days(r["reply_median_s"]) or "-", _days(r["reply_p90_s"]) or "-")
        out.print(t)

    @app.command("report")
    def report_cmd(
        month: Annotated[str | None, typer.Option("--month", help="YYYY-MM")] = None,
        quarter: Annotated[str | None, typer.Option("--quarter", help="YYYY-Qn")] = None,
        out_file: Annotated[Path | None, typer.Option(
            "--out", help="the file to write (default: [bulletin].out_dir/bulletin-PERIOD.FORMAT)")] = None,
        fmt: Annotated[str, typer.Option("--format", help="html, pdf (A4) or png (one long image)")] = "html",
        min_cases: Annotated[int | None, typer.Option(
            "--min-cases", min=1, help="cases an account needs to appear in the department tables "
            "(default: [bulletin].min_cases, 5)")] = None,
        account: Annotated[str | None, typer.Option("--account", help="an account and its subtree")] = None,
        title: Annotated[str | None, typer.Option("--title", help="bulletin title")] = None,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Write the monthly (or quarterly) bulletin: one self-contained HTML file, or the same page
        printed by headless Chromium as a PDF or a long PNG image."""
        from monitor.store.context import open_app
        from monitor.report import render_bulletin
        from monitor.report.publish import FORMATS as PUBLISH_FORMATS
        from monitor.report.publish import PublishError, find_chromium, publish
        from monitor.stats import StatsError

        if fmt not in PUBLISH_FORMATS:
            _fail(f"--format: {fmt!r} is not one of {', '.join(PUBLISH_FORMATS)}")
        if fmt != "html":
            try:
                find_chromium()  # before the statistics: fail fast and write nothing
            except PublishError as e:
                _fail(str(e))
        period = pick_period(None, None, month, quarter, default_month=False)
        ctx = open_app(config, sync=False)
        try:
            with ctx.sessions() as s:
                try:
                    html = render_bulletin(
                        s, period, account_id=account, matrix=ctx.matrix, title=title,
                        min_cases=min_cases or ctx.config.settings.bulletin.min_cases,
                        silent_days=ctx.config.settings.activity.silent_days)
                except StatsError as e:
                    _fail(str(e))
        finally:
            ctx.close()
        if out_file is None:  # where the daemon writes its monthly bulletins, not the working directory
            out_file = Path(ctx.config.settings.bulletin.out_dir) / f"bulletin-{period.key}.{fmt}"
        try:
            publish(html, fmt, out_file)
        except PublishError as e:
            _fail(str(e), 1)
        err.print(f"已写入 {out_file}", highlight=False, markup=False)

    @app.command("import")
    def import_cmd(
        file: Annotated[Path, typer.Argument(help="CSV (UTF-8) or XLSX export")],
        mapping: Annotated[str, typer.Option("--map", help="field=列名,… e.g. "
                                             "text=留言详情,received_at=留言时间,reply=答复意见,reply_time=答复时间,id=留言编号")],
        platform: Annotated[str, typer.Option("--platform", help="platform recorded on the cases")] = "board",
        channel: Annotated[str | None, typer.Option("--channel", help="channel name (default: platform)")] = None,
        close_on_reply: Annotated[bool, typer.Option("--close-on-reply",
                                                     help="the reply is the final answer: mark closed")] = False,
        raw: Annotated[bool, typer.Option("--raw", help="store the rows as they are: no classification, "
                                          "routing or deadlines")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
        config: ConfigOption = DEFAULT_CONFIG,
    ) -> None:
        """Create cases from an office's CSV/XLSX export (classified, routed and on the clocks unless
        --raw); re-importing adds nothing."""
        from monitor.store.context import open_app
        from monitor.core.tables import TableError
        from monitor.intake.importer import ImportError_, import_file, parse_mapping
        from monitor.runtime.stages import ImportStages

        try:
            fields = parse_mapping(mapping)
        except ImportError_ as e:
            _fail(str(e))
        ctx = open_app(config)
        try:
            stages = None if raw else ImportStages(ctx)
            with ctx.sessions.begin() as s:
                result = import_file(s, file, fields, platform=platform, channel=channel,
                                     close_on_reply=close_on_reply, on_created=stages)
        except TableError as e:  # ImportError_ too; nothing was committed
            _fail(str(e))
        finally:
            ctx.close()
        if as_json:
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            out.print(f"{result.rows} rows: {result.created} cases created ({result.replies} with a "
                      f"reply), {result.duplicates} already present, {len(result.errors)} skipped",
                      highlight=False)
            for e in result.errors:
                err.print(plain(str(e), 500))
        if result.errors:
            raise typer.Exit(1)


def activity_csv(act: dict[str, Any]) -> str:
    """One line per member account, Chinese headers (opens in Excel as offices use it)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["账号", "粉丝", "粉丝变化", "发博数", "转发", "评论", "点赞", "转评赞", "最近发博", "沉默", "读取错误"])
    for r in act["accounts"]:
        w.writerow([r["name"], "" if r["followers"] is None else r["followers"],
                    "" if r["followers_change"] is None else r["followers_change"], r["posts"],
                    r["reposts"], r["comments"], r["likes"], r["engagement"],
                    (r["last_post_at"] or "")[:16].replace("T", " "), "是" if r["silent"] else "否",
                    r["read_error"] or ""])
    return buf.getvalue()


def _days(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 86400:.1f}"


def _emit(text: str, out_file: Path | None) -> None:
    if out_file is None:
        sys.stdout.write(text)
    else:
        out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}", highlight=False)
