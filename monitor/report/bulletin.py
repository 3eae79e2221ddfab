"""The monthly bulletin: statistics → one self-contained HTML page (看数据 / 看热点 / 看回复).

Modelled on what offices publish (seeds 000, 001, 004): a lead paragraph with the headline
figures and the change on last month, counts by type and district, the busiest city and
district departments, the domains in focus with rank changes, the most-read posts, the fastest
reply, the department table, and the cases still unresolved. Everything comes from
:func:`monitor.stats.compute_stats`, so the bulletin never disagrees with ``wenzheng stats``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from monitor.core.config import Matrix
from monitor.report import charts
from monitor.stats.compute import compute_stats
from monitor.stats.period import Period

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TITLE = "问政银川网络问政办理情况通报"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: "-" if v is None else f"{v * 100:.2f}%"
    env.filters["dur"] = duration
    env.filters["overdue"] = overdue
    env.filters["signed_pct"] = lambda v: "-" if v is None else f"{'增长' if v >= 0 else '下降'}{abs(v) * 100:.1f}%"
    env.filters["rank_change"] = rank_change
    env.filters["wan"] = wan
    env.filters["local"] = lambda s: "-" if not s else s[:16].replace("T", " ")
    env.filters["md"] = lambda s: "" if not s else f"{int(s[5:7])}月{int(s[8:10])}日"
    return env


def duration(seconds: float | None) -> str:
    """A time span as bulletins print it: 40秒, 12分钟, 3.5小时, 2.1天 (never "0分钟")."""
    if seconds is None:
        return "-"
    if seconds < 60:
        return f"{seconds:.0f}秒"
    if round(seconds / 60) < 60:
        return f"{round(seconds / 60)}分钟"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f}小时"
    return f"{seconds / 86400:.1f}天"


def overdue(seconds: float | None) -> str:
    """How long past its deadline: whole days (as 逾期天数 in the sheets) once a day has passed,
    else hours or minutes, so an hour late never reads "逾期0天"."""
    if seconds is None:
        return "-"
    if seconds >= 86400:
        return f"{int(seconds // 86400)}天"
    if seconds >= 3600:
        return f"{int(seconds // 3600)}小时"
    return f"{max(1, int(seconds // 60))}分钟"


def wan(v: int | None) -> str:
    """A count as bulletins print large ones: 546,312 → 54.6万; below ten thousand as it is."""
    if v is None:
        return "-"
    return f"{v / 10000:.1f}万" if abs(v) >= 10000 else str(v)


def rank_change(v: int | None) -> str:
    if v is None:
        return "新进"
    if v > 0:
        return f"↑{v}"
    if v < 0:
        return f"↓{-v}"
    return "持平"


def department_groups(accounts: list[dict[str, Any]], hub_ids: set[str],
                      min_cases: int = 5) -> dict[str, list[dict[str, Any]]]:
    """The seeds' two tables: 市级部门 (departments directly under the hub) and 区县/乡镇 (districts,
    their departments, streets and townships), by volume. ``table_*`` keeps the accounts with at
    least ``min_cases`` cases ("本月问政数量5件以上"); ``city``/``county`` are the top five of each
    for the 看数据 sentence."""
    city = [a for a in accounts if a["kind"] == "department" and a["parent_id"] in hub_ids]
    county = [a for a in accounts if a["kind"] != "hub" and a not in city]
    key = lambda a: (-a["received"], a["account_id"])  # noqa: E731
    city, county = sorted(city, key=key), sorted(county, key=key)
    return {"city": city[:5], "county": [a for a in county if a["kind"] == "department"][:5],
            "table_city": [a for a in city if a["received"] >= min_cases],
            "table_county": [a for a in county if a["received"] >= min_cases]}


def render_bulletin(session: Session, period: Period, *, account_id: str | None = None,
                    matrix: Matrix | None = None, title: str | None = None,
                    stats: dict[str, Any] | None = None, now: dt.datetime | None = None,
                    min_cases: int = 5, silent_days: int = 7) -> str:
    """The bulletin for ``period`` as HTML (inline SVG charts, inline CSS, no external files).

    Pass ``stats`` when you already computed them (the daemon's scheduled send); otherwise they
    are computed here for ``account_id``'s subtree (default: the whole matrix). ``min_cases`` is
    the volume an account needs to appear in the department tables (``[bulletin].min_cases``).
    """
    s = stats or compute_stats(session, period, account_id=account_id, matrix=matrix, now=now,
                               min_cases=min_cases, silent_days=silent_days)
    hubs = {a.id for a in matrix.accounts if a.kind == "hub"} if matrix else {
        a["account_id"] for a in s["by_account"] if a["kind"] == "hub"}
    if not hubs:
        from sqlalchemy import select

        from monitor.store.models import Account
        hubs = set(session.scalars(select(Account.id).where(Account.kind == "hub")))
    named_accounts = [a for a in s["by_account"] if a["account_id"]]
    regions = [r for r in s["by_region"] if r["region"]]
    figs = {
        "types": charts.pie([(t["label"], t["received"]) for t in s["by_type"]], "留言类型分布"),
        "channels": charts.pie([(c["label"], c["received"]) for c in s.get("by_channel", [])], "受理渠道分布"),
        "regions": charts.hbars([(r["region"], r["received"]) for r in regions[:12]], "各区域问政数量"),
        "departments": charts.hbars([(a["name"], a["received"]) for a in named_accounts[:12]],
                                    "承办账号问政数量（前12）"),
        "daily": charts.line([(d["date"][5:], d["received"]) for d in s["daily"]], "每日留言量"),
        "response": charts.columns([(b["bucket"], b["count"]) for b in s["response_time_distribution"]],
                                   "首次回复用时分布"),
    }
    return _env().get_template("bulletin.html.j2").render(
        s=s, title=title or DEFAULT_TITLE, period=period, figs=figs,
        departments=department_groups(named_accounts, hubs, min_cases), min_cases=min_cases,
        focus_domains=[d for d in s["by_domain"] if d["domain"]][:5],
    )
