"""The operators' web console, served by the daemon itself at ``/`` (no CDN, no external assets).

Pages: 案件 (list and detail with action forms), 同类诉求, 督办队列, 数据源, 统计. See ``docs/console.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from monitor.web.context import InSession, WebContext

STATIC = Path(__file__).parent / "static"


def setup_console(app: web.Application, ctx: WebContext, in_session: InSession) -> None:
    """Mount the pages and ``/static/`` on the daemon's aiohttp application."""
    from monitor.web.console.clusters import add_cluster_routes
    from monitor.web.console.pages import Pages, add_page_routes

    pages = Pages(ctx, in_session)
    add_page_routes(app, pages)
    add_cluster_routes(app, pages)
    app.router.add_static("/static/", STATIC, append_version=False)
