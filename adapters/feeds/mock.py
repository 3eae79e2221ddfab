"""A mock local-media site: RSS 2.0 and Atom feeds with ETag / Last-Modified, as outlets serve them.

``GET /feeds/<outlet>.xml`` (RSS 2.0) or ``/feeds/<outlet>.atom`` answers 304 when the request's
``If-None-Match`` or ``If-Modified-Since`` says nothing changed; ``/_mock/state`` shows how many
200s and 304s were served. Switches: ``broken`` outlets answer 500, ``garbage`` ones a body that is
not a feed. :func:`run_publisher` publishes an article every few seconds for the demo, about
half of them naming a member account or a watched place. ``python -m adapters.feeds.mock`` serves
it alone on :8084.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import random
import sys
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

from adapters.weibo.phrases import appeal

OUTLETS = {"ycrb": "银川日报", "ycwb": "银川晚报", "nxtv": "宁夏广播电视台"}


@dataclass
class Article:
    guid: str
    title: str
    summary: str
    link: str
    at: dt.datetime


@dataclass
class MockMedia:
    articles: dict[str, list[Article]] = field(default_factory=lambda: {k: [] for k in OUTLETS})
    served: dict[str, int] = field(default_factory=lambda: {"200": 0, "304": 0, "500": 0})
    broken: set[str] = field(default_factory=set)
    garbage: set[str] = field(default_factory=set)
    keep: int = 30  # articles a feed shows

    def publish(self, outlet: str, title: str, summary: str, *, at: dt.datetime | None = None,
                guid: str | None = None) -> Article:
        at = at or dt.datetime.now(dt.UTC)
        n = len(self.articles.setdefault(outlet, [])) + 1
        art = Article(guid=guid or f"https://{outlet}.example.cn/news/{at:%Y%m%d}/{n}.html", title=title,
                      summary=summary, link=f"https://{outlet}.example.cn/news/{at:%Y%m%d}/{n}.html", at=at)
        self.articles[outlet].append(art)
        return art

    def latest(self, outlet: str) -> list[Article]:
        return sorted(self.articles.get(outlet, []), key=lambda a: a.at, reverse=True)[: self.keep]


def rss(outlet: str, arts: list[Article]) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(a.link)}</link>"
        f"<guid isPermaLink=\"false\">{escape(a.guid)}</guid><pubDate>{format_datetime(a.at)}</pubDate>"
        f"<description>{escape('<p>' + a.summary + '</p>')}</description></item>" for a in arts)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(OUTLETS.get(outlet, outlet))}</title><link>https://{outlet}.example.cn/</link>"
            f"<description>本地新闻</description>{items}</channel></rss>")


def atom(outlet: str, arts: list[Article]) -> str:
    entries = "".join(
        f"<entry><title>{escape(a.title)}</title><link href=\"{escape(a.link)}\"/><id>{escape(a.guid)}</id>"
        f"<updated>{a.at.isoformat()}</updated><summary>{escape(a.summary)}</summary></entry>" for a in arts)
    updated = arts[0].at.isoformat() if arts else "2026-01-01T00:00:00+00:00"
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(OUTLETS.get(outlet, outlet))}</title><id>urn:{outlet}</id>"
            f"<updated>{updated}</updated>{entries}</feed>")


def make_app(state: MockMedia) -> web.Application:
    async def feed(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        outlet, _, kind = name.rpartition(".")
        if outlet not in state.articles or kind not in ("xml", "atom"):
            raise web.HTTPNotFound()
        if outlet in state.broken:
            state.served["500"] += 1
            return web.Response(status=500, text="internal error")
        arts = state.latest(outlet)
        body = "<html><body>维护中</body>" if outlet in state.garbage else (
            rss(outlet, arts) if kind == "xml" else atom(outlet, arts))
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'
        modified = format_datetime(arts[0].at.replace(microsecond=0), usegmt=True) if arts else None
        if request.headers.get("If-None-Match") == etag:
            state.served["304"] += 1
            return web.Response(status=304, headers={"ETag": etag})
        state.served["200"] += 1
        headers = {"ETag": etag, **({"Last-Modified": modified} if modified else {})}
        ctype = "application/rss+xml" if kind == "xml" else "application/atom+xml"
        return web.Response(text=body, content_type=ctype, charset="utf-8", headers=headers)

    async def show(_request: web.Request) -> web.Response:
        data: dict[str, Any] = {"served": state.served,
                                "articles": {k: len(v) for k, v in state.articles.items()}}
        return web.json_response(data)

    app = web.Application()
    app.router.add_get("/feeds/{name}", feed)
    app.router.add_get("/_mock/state", show)
    return app


HEADLINES = ("市民反映：{place}问题亟待解决", "记者走访：{place}群众急难愁盼", "热线追踪：{place}诉求多日未果")
NEWS = ("{place}开展春季植树活动", "全市中小学开展安全教育周", "贺兰山东麓葡萄酒节开幕", "本周气温回升 注意防风")


async def run_publisher(state: MockMedia, places: list[str], *, every: float = 30.0, seed: int = 17) -> None:
    """Publish an article every ``every`` s until cancelled; about half concern ``places``."""
    rng = random.Random(seed)
    while True:
        await asyncio.sleep(every * (0.5 + rng.random()))
        outlet = rng.choice(list(OUTLETS))
        place = rng.choice(places)
        if rng.random() < 0.55:
            state.publish(outlet, rng.choice(HEADLINES).format(place=place), appeal(rng, street=place))
        else:
            state.publish(outlet, rng.choice(NEWS).format(place="市区"), "本报讯 " + rng.choice(NEWS).format(place="市区"))


async def start_mock(host: str, port: int) -> tuple[web.AppRunner, MockMedia]:
    state = MockMedia()
    runner = web.AppRunner(make_app(state), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner, state


async def _serve(port: int) -> None:
    runner, state = await start_mock("127.0.0.1", port)
    pub = asyncio.create_task(run_publisher(state, ["兴庆区", "金凤区"], every=10))
    print(f"mock media on http://127.0.0.1:{port}/feeds/ycrb.xml (and .atom; {', '.join(OUTLETS)})")
    try:
        await asyncio.Event().wait()
    finally:
        pub.cancel()
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]) if len(sys.argv) > 1 else 8084))
