"""A mock Weibo open API v2: a real aiohttp server with the real endpoints, JSON and errors.

Why a server rather than a fake client: the adapter is tested exactly as it runs — the same
``ClientSession``, real HTTP, real form encoding, real status codes — so what passes here fails
on the real platform only where the platform differs from its documentation.

State lives in :class:`MockWeibo` (users, statuses, comments, tokens), which tests and the
traffic generator drive with Python methods (:meth:`MockWeibo.post_status`,
:meth:`MockWeibo.add_comment`). Faults are switched per request — ``state.fail("ratelimit",
times=2, path="statuses/mentions")`` — or over HTTP with ``POST /_mock/faults``; a faulty
request changes nothing.

Run standalone (serves and generates traffic), e.g. for several daemons to share::

    wenzheng mock weibo --port 8081 [--rate 2.0] [--backlog 5000] [--seed N]
    python -m adapters.weibo.mock --port 8081 --matrix config/matrix.toml [--rate 2.0] [--seed N]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import datetime as dt
import contextlib
import hashlib
from collections import Counter, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters.weibo import shapes
from adapters.weibo.normalize import mentions_in
from adapters.weibo.source import MAX_REPLY_CHARS, token_env_name, weibo_length
from monitor.core.config import Matrix

FAULTS = {
    # kind: (HTTP status, error_code, message) — None code: not a Weibo error body
    "ratelimit": (429, 10023, "User requests out of rate limit!"),
    "ip_ratelimit": (403, 10022, "IP requests out of rate limit!"),
    "http500": (500, 10001, "system error!"),
    "expired": (401, 21327, "expired_token"),
    "invalid": (401, 21332, "invalid_access_token"),
    "malformed": (200, None, ""),
    "hang": (504, None, ""),
}
STATE_KEY = web.AppKey("weibo_state", object)


def demo_token(uid: str) -> str:
    """The mock's token for ``uid``: deterministic, so the demo can export it before starting."""
    return "2.00" + hashlib.sha256(f"wenzheng-mock:{uid}".encode()).hexdigest()[:28]


def demo_token_env(matrix: Matrix, prefix: str = "WENZHENG_WEIBO_TOKEN_") -> dict[str, str]:
    """Environment variables holding the mock's token of every account with a Weibo uid."""
    return {token_env_name(prefix, a.id): demo_token(a.platform_ids["weibo"])
            for a in matrix.accounts if "weibo" in a.platform_ids}


@dataclass
class Fault:
    kind: str
    path: str | None = None  # e.g. "statuses/mentions"; None = any API path
    after: int = 0  # matching requests to let through first (a fault in the middle of paging)


@dataclass
class Status:
    id: int
    uid: str
    text: str
    at: dt.datetime
    source: str
    retweet_of: int | None = None
    comments: int = 0
    reposts: int = 0
    likes: int = 0


@dataclass
class Comment:
    id: int
    uid: str
    status_id: int
    text: str
    at: dt.datetime
    source: str
    reply_to: int | None = None


@dataclass
class MockWeibo:
    """Everything the mock platform knows, and the faults it is told to produce."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[int, Status] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token → uid
    expired: set[str] = field(default_factory=set)  # tokens answered with 21327
    hang_seconds: float = 30.0
    requests: Counter[str] = field(default_factory=Counter)  # API path → requests answered
    faults_served: list[str] = field(default_factory=list)
    _faults: deque[Fault] = field(default_factory=deque)
    # ids in some authorised account's stream (what pollers can get) and ids served in a list
    # answer: "everything served was stored" is checked against these
    visible: set[int] = field(default_factory=set)
    served: set[int] = field(default_factory=set)
    _authorised: set[str] = field(default_factory=set)
    _next_id: int = shapes.FIRST_ID
    _by_name: dict[str, str] = field(default_factory=dict)
    _streams: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (stream, uid) → ids
    _under: dict[int, list[int]] = field(default_factory=dict)  # status id → comment ids
    _patches: dict[int, dict[str, Any]] = field(default_factory=dict)  # item id → fields as served
    own_posts: dict[str, list[int]] = field(default_factory=dict)  # uid → its statuses (user_timeline)

    # ------------------------------------------------------------------ set-up

    @classmethod
    def from_matrix(cls, matrix: Matrix, *, first_id: int | None = None) -> MockWeibo:
        """Every account with a Weibo uid becomes a verified user with its demo token.

        ``first_id`` starts the ids elsewhere than :data:`shapes.FIRST_ID`: the demo passes
        :func:`clock_first_id`, so a re-created platform numbers its items above the last run's,
        as real Weibo ids grow with time.
        """
        state = cls()
        if first_id is not None:
            state._next_id = first_id
        for acc in matrix.accounts:
            uid = acc.platform_ids.get("weibo")
            if uid:
                state.add_user(uid, acc.name, verified=True, followers=50_000)
                state.add_token(uid)
        return state

    def add_user(self, uid: str, screen_name: str, **kw: Any) -> dict[str, Any]:
        if not uid.isdigit():
            raise ValueError(f"a Weibo uid is digits, got {uid!r}")
        user = shapes.user_json(uid, screen_name, **kw)
        self.users[uid] = user
        self._by_name[screen_name] = uid
        return user

    def add_token(self, uid: str, token: str | None = None) -> str:
        if uid not in self.users:
            raise KeyError(f"unknown user {uid}")
        tok = token or demo_token(uid)
        self.tokens[tok] = uid
        self._authorised.add(uid)
        return tok

    def token_for(self, uid: str) -> str:
        """The (first) token that authorises ``uid``; registers the demo token if none."""
        for tok, owner in self.tokens.items():
            if owner == uid:
                return tok
        return self.add_token(uid)

    def expire_token(self, uid: str) -> None:
        self.expired.add(self.token_for(uid))

    def fail(self, kind: str, times: int = 1, path: str | None = None, *, after: int = 0) -> None:
        """Make the next ``times`` API requests (to ``path`` only, if given) fail with ``kind``.

        ``after`` lets that many matching requests succeed first.
        """
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r} (known: {', '.join(FAULTS)})")
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        p = _clean_path(path) if path else None
        self._faults.extend(Fault(kind, p, after if i == 0 else 0) for i in range(times))

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, path: str) -> Fault | None:
        for i, f in enumerate(self._faults):
            if f.path is None or f.path == path:
                if f.after > 0:
                    f.after -= 1
                    return None
                del self._faults[i]
                return f
        return None

    # ------------------------------------------------------------------ content

    def _new_id(self) -> int:
        self._next_id += 1 + (self._next_id % 7)  # gaps, as on the real platform
        return self._next_id

    def _index(self, stream: str, uid: str, item_id: int) -> None:
        if uid in self._authorised:
            self.visible.add(item_id)
        ids = self._streams.setdefault((stream, uid), [])
        if ids and ids[-1] > item_id:
            bisect.insort(ids, item_id)
        else:
            ids.append(item_id)

    def _mentioned_uids(self, text: str) -> list[str]:
        return [self._by_name[n] for n in mentions_in(text) if n in self._by_name]

    def post_status(self, uid: str, text: str, *, at: dt.datetime | None = None,
                    retweet_of: int | None = None, source: str | None = None) -> Status:
        """``uid`` publishes a post; every user it @-mentions sees it in statuses/mentions."""
        if uid not in self.users:
            raise KeyError(f"unknown user {uid}")
        if retweet_of is not None and retweet_of not in self.statuses:
            raise KeyError(f"unknown status {retweet_of}")
        st = Status(self._new_id(), uid, text, _aware(at), source or shapes.CLIENTS[0], retweet_of)
        self.statuses[st.id] = st
        bisect.insort(self.own_posts.setdefault(uid, []), st.id)
        if retweet_of is not None:
            self.statuses[retweet_of].reposts += 1
        for m in self._mentioned_uids(text):
            if m != uid:
                self._index("statuses/mentions", m, st.id)
        return st

    def add_comment(self, uid: str, status_id: int, text: str, *, reply_to: int | None = None,
                    at: dt.datetime | None = None, source: str | None = None) -> Comment:
        """``uid`` comments on a post (answering comment ``reply_to``, if given)."""
        if uid not in self.users:
            raise KeyError(f"unknown user {uid}")
        status = self.statuses.get(status_id)
        if status is None:
            raise KeyError(f"unknown status {status_id}")
        if reply_to is not None and self.comments.get(reply_to, None) is None:
            raise KeyError(f"unknown comment {reply_to}")
        c = Comment(self._new_id(), uid, status_id, text, _aware(at), source or shapes.CLIENTS[2], reply_to)
        self.comments[c.id] = c
        status.comments += 1
        self._under.setdefault(status_id, []).append(c.id)
        self._index("comments/by_me", uid, c.id)
        receivers = {status.uid}
        if reply_to is not None:
            receivers.add(self.comments[reply_to].uid)
        for r in receivers - {uid}:
            self._index("comments/to_me", r, c.id)
        for m in self._mentioned_uids(text):
            if m != uid:
                self._index("comments/mentions", m, c.id)
        return c

    def corrupt(self, item_id: int, **fields: Any) -> None:
        """Serve status or comment ``item_id`` with ``fields`` replaced (``None`` removes a field).

        The platform sometimes returns one object that is broken (a date in year 0001, no user,
        a 100-digit id): this reproduces that for one item while its stream stays normal.
        """
        if item_id not in self.statuses and item_id not in self.comments:
            raise KeyError(f"unknown item {item_id}")
        self._patches.setdefault(item_id, {}).update(fields)

    def repair(self, item_id: int) -> None:
        """Serve ``item_id`` as it really is again."""
        self._patches.pop(item_id, None)

    def _patched(self, item_id: int, obj: dict[str, Any]) -> dict[str, Any]:
        for k, v in self._patches.get(item_id, {}).items():
            if v is None:
                obj.pop(k, None)
            else:
                obj[k] = v
        return obj

    # ------------------------------------------------------------------ rendering

    def render_status(self, sid: int, *, nested: bool = True) -> dict[str, Any]:
        st = self.statuses[sid]
        rt = self.render_status(st.retweet_of, nested=False) if nested and st.retweet_of else None
        return self._patched(sid, shapes.status_json(
            st.id, self.users[st.uid], st.text, st.at, source=st.source, reposts=st.reposts,
            comments=st.comments, likes=st.likes, retweeted=rt))

    def render_comment(self, cid: int, *, with_status: bool = True) -> dict[str, Any]:
        c = self.comments[cid]
        status = self.render_status(c.status_id) if with_status else {}
        reply = shapes.reply_stub(self.render_comment(c.reply_to, with_status=False)) if c.reply_to else None
        out = shapes.comment_json(c.id, self.users[c.uid], c.text, c.at, status, source=c.source, reply=reply)
        if not with_status:
            out.pop("status")
        return self._patched(cid, out)

    def page(self, ids: list[int], *, since_id: int, max_id: int, count: int, page: int) -> tuple[list[int], int]:
        """Newest first, ``since_id < id <= max_id``, page ``page`` of ``count``; and the total."""
        lo = bisect.bisect_right(ids, since_id)
        hi = bisect.bisect_right(ids, max_id) if max_id else len(ids)
        window = ids[lo:hi]
        start = len(window) - (page - 1) * count
        chosen = window[max(0, start - count):max(0, start)]
        return list(reversed(chosen)), len(window)

    def summary(self) -> dict[str, Any]:
        return {"users": len(self.users), "statuses": len(self.statuses), "comments": len(self.comments),
                "tokens": len(self.tokens), "expired_tokens": len(self.expired),
                "pending_faults": [f"{f.kind}@{f.path or '*'}" for f in self._faults],
                "faults_served": self.faults_served[-50:], "requests": dict(self.requests),
                "items": len(self.visible), "served": len(self.served)}


def _aware(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return dt.datetime.now(dt.UTC)
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}: give a timezone")
    return at


def _clean_path(path: str) -> str:
    p = path.strip("/")
    p = p[2:] if p.startswith("2/") else p
    return p[:-5] if p.endswith(".json") else p


# ---------------------------------------------------------------------- HTTP


class _ApiError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error(request: web.Request, status: int, code: int, message: str) -> web.Response:
    return web.json_response(shapes.error_json(code, message, request.path), status=status)


def _int_param(params: Any, name: str, default: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    if not str(value).isdigit():
        raise _ApiError(400, 10008, f"param error, see doc for more info: {name}")
    return int(value)


async def _authorise(request: web.Request, state: MockWeibo, params: Any) -> str:
    token = params.get("access_token")
    header = request.headers.get("Authorization", "")
    if not token and header.startswith("OAuth2 "):
        token = header[7:].strip()
    if not token:
        raise _ApiError(401, 21301, "auth faild!")
    if token in state.expired:
        raise _ApiError(401, 21327, "expired_token")
    uid = state.tokens.get(token)
    if uid is None:
        raise _ApiError(401, 21332, "invalid_access_token")
    return uid


async def _apply_fault(request: web.Request, state: MockWeibo, path: str) -> web.StreamResponse | None:
    fault = state._take_fault(path)
    if fault is None:
        return None
    state.faults_served.append(f"{fault.kind}@{path}")
    status, code, message = FAULTS[fault.kind]
    if fault.kind == "hang":
        await asyncio.sleep(state.hang_seconds)
        return web.Response(status=504, text="gateway timeout")
    if fault.kind == "malformed":
        return web.Response(status=200, text='{"statuses": [{"id": 1, "text": "半截', content_type="application/json")
    assert code is not None
    return _error(request, status, code, message)


def _make_handler(path: str, kind: str) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        state: MockWeibo = request.app[STATE_KEY]  # type: ignore[assignment]
        params: Any = request.query if request.method == "GET" else await request.post()
        faulty = await _apply_fault(request, state, path)
        if faulty is not None:
            return faulty
        try:
            uid = await _authorise(request, state, params)
            state.requests[path] += 1
            if kind == "list":
                return web.json_response(_list(state, path, uid, params))
            if path == "comments/show":
                return web.json_response(_show(state, params))
            return web.json_response(_write(state, path, uid, params))
        except _ApiError as err:
            return _error(request, err.status, err.code, err.message)
    return handler


def _list(state: MockWeibo, path: str, uid: str, params: Any) -> dict[str, Any]:
    since_id = _int_param(params, "since_id", 0)
    max_id = _int_param(params, "max_id", 0)
    count = min(200, max(1, _int_param(params, "count", 50)))
    page = max(1, _int_param(params, "page", 1))
    ids, total = state.page(state._streams.get((path, uid), []), since_id=since_id, max_id=max_id,
                            count=count, page=page)
    key = "statuses" if path == "statuses/mentions" else "comments"
    render = state.render_status if key == "statuses" else state.render_comment
    next_cursor = ids[-1] - 1 if ids and total > page * count else 0
    state.served.update(ids)
    return shapes.envelope(key, [render(i) for i in ids], total, next_cursor)


def _show(state: MockWeibo, params: Any) -> dict[str, Any]:
    sid = _int_param(params, "id", 0)
    if sid not in state.statuses:
        raise _ApiError(400, 20101, "target weibo does not exist!")
    since_id = _int_param(params, "since_id", 0)
    max_id = _int_param(params, "max_id", 0)
    count = min(200, max(1, _int_param(params, "count", 50)))
    page = max(1, _int_param(params, "page", 1))
    ids, total = state.page(state._under.get(sid, []), since_id=since_id, max_id=max_id, count=count, page=page)
    return shapes.envelope("comments", [state.render_comment(i) for i in ids], total, 0)


def _write(state: MockWeibo, path: str, uid: str, params: Any) -> dict[str, Any]:
    text = (params.get("comment") or "").strip()
    if not text:
        raise _ApiError(400, 10016, "miss required parameter (comment), see doc for more info")
    if weibo_length(text) > MAX_REPLY_CHARS:
        raise _ApiError(400, 20012, "Text too long, please input text less than 140 characters!")
    sid = _int_param(params, "id", 0)
    if sid not in state.statuses:
        raise _ApiError(400, 20101, "target weibo does not exist!")
    reply_to = None
    if path == "comments/reply":
        reply_to = _int_param(params, "cid", 0)
        target = state.comments.get(reply_to)
        if target is None or target.status_id != sid:
            raise _ApiError(400, 10008, "param error, see doc for more info: cid")
        if params.get("without_mention", "0") != "1":  # Weibo prefixes the answered user's name
            text = f"回复@{state.users[target.uid]['screen_name']}:{text}"
    for cid in reversed(state._under.get(sid, [])[-20:]):
        c = state.comments[cid]
        if c.uid == uid and c.text == text:
            raise _ApiError(400, 20019, "repeat content!")
    c = state.add_comment(uid, sid, text, reply_to=reply_to, source=shapes.CLIENTS[3])
    return state.render_comment(c.id)


async def _mock_state(request: web.Request) -> web.Response:
    state: MockWeibo = request.app[STATE_KEY]  # type: ignore[assignment]
    return web.json_response(state.summary())


async def _mock_faults(request: web.Request) -> web.Response:
    """``{"fault": "ratelimit", "times": 2, "path": "statuses/mentions"}`` or ``{"clear": true}``."""
    state: MockWeibo = request.app[STATE_KEY]  # type: ignore[assignment]
    try:
        body = await request.json()
    except ValueError:
        return web.json_response({"error": "body must be JSON"}, status=400)
    if not isinstance(body, dict):
        return web.json_response({"error": "body must be a JSON object"}, status=400)
    if body.get("clear"):
        state.clear_faults()
    elif "fault" in body:
        try:
            state.fail(str(body["fault"]), int(body.get("times", 1)), body.get("path"),
                       after=int(body.get("after", 0)))
        except (ValueError, TypeError) as err:
            return web.json_response({"error": str(err)}, status=400)
    else:
        return web.json_response({"error": "give 'fault' (and optional 'times', 'path') or 'clear'"},
                                 status=400)
    return web.json_response(state.summary())


LIST_PATHS = ("statuses/mentions", "comments/mentions", "comments/to_me", "comments/by_me")


def make_app(state: MockWeibo) -> web.Application:
    """The mock platform as an aiohttp application (serve it with ``aiohttp_server`` in tests)."""
    app = web.Application()
    app[STATE_KEY] = state
    for p in LIST_PATHS:
        app.router.add_get(f"/2/{p}.json", _make_handler(p, "list"))
    app.router.add_get("/2/comments/show.json", _make_handler("comments/show", "show"))
    app.router.add_post("/2/comments/create.json", _make_handler("comments/create", "write"))
    app.router.add_post("/2/comments/reply.json", _make_handler("comments/reply", "write"))
    from adapters.weibo.mock_activity import add_routes  # users/show, statuses/user_timeline

    add_routes(app)
    app.router.add_get("/_mock/state", _mock_state)
    app.router.add_post("/_mock/faults", _mock_faults)
    return app


def clock_first_id(now: dt.datetime) -> int:
    """A first id that grows with the clock (1,000 a second from 2026-01-01), like Weibo's own."""
    epoch = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return shapes.FIRST_ID + max(0, int((now - epoch).total_seconds())) * 1_000


async def start_mock(host: str, port: int, matrix: Matrix, *, rate: float = 1.0, seed: int = 0,
                     time_factor: float = 60.0, state: MockWeibo | None = None,
                     ) -> tuple[web.AppRunner, MockWeibo, asyncio.Task[None]]:
    """Serve the mock on ``host:port`` with live traffic, in the running event loop.

    ``rate`` is new citizen appeals per real second; ``time_factor`` compresses the scenario's
    delays (60: an hour-long wait for a reply takes a minute). Stop with ``task.cancel()`` and
    ``await runner.cleanup()``; with ``port=0`` the bound port is ``runner.addresses[0][1]``.
    """
    from adapters.weibo.mock_activity import with_history
    from adapters.weibo.traffic import Traffic

    state = state or MockWeibo.from_matrix(matrix)
    activity = with_history(state, matrix, seed)
    runner = web.AppRunner(make_app(state), shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    traffic = Traffic(state, matrix, seed=seed, rate=rate, time_factor=time_factor)
    task = asyncio.create_task(_together(traffic.run(), activity.run(time_factor=time_factor)),
                               name="weibo-mock-traffic")
    return runner, state, task


@contextlib.asynccontextmanager
async def served(state: MockWeibo, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve ``state``'s open API without generated traffic and yield its base URL (``…/2/``).

    Tests drive the state themselves and read it through a real source over HTTP; ``port`` 0
    lets the OS pick, so parallel runs never collide.
    """
    runner = web.AppRunner(make_app(state), shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    try:
        yield f"http://{host}:{runner.addresses[0][1]}/2/"
    finally:
        await runner.cleanup()


async def _together(*coros: Any) -> None:
    await asyncio.gather(*coros)


async def serve(host: str, port: int, matrix: Matrix, *, rate: float, seed: int | None = None,
                time_factor: float = 60.0, backlog: int = 0) -> None:
    """Run the mock platform alone until cancelled (``wenzheng mock weibo``, ``python -m``).

    ``backlog``: that many items are already waiting when it starts (appeals and replies of the
    last hours), so several daemons have something to share at once. ``rate`` 0 serves only the
    backlog: nothing new arrives, and "everything served was stored" has a fixed answer.
    Prints one line with the bound port (``port`` 0 picks a free one).
    """
    from adapters.weibo.mock_activity import with_history
    from adapters.weibo.traffic import Traffic, preload

    seed = seed if seed is not None else int(dt.datetime.now().timestamp())
    state = MockWeibo.from_matrix(matrix)
    activity = with_history(state, matrix, seed)
    traffic = Traffic(state, matrix, seed=seed, rate=rate, time_factor=time_factor)
    if backlog:
        preload(traffic, backlog)
    async with served(state, host, port) as base:
        print(f"mock Weibo on {base}  (state: /_mock/state, seed {seed}, "
              f"{len(state.visible)} items waiting, {rate:g} new appeals/s)", flush=True)
        if rate > 0:
            await _together(traffic.run(), activity.run(time_factor=time_factor))
        else:
            await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    from monitor.core.config import load_model

    ap = argparse.ArgumentParser(description="A mock Weibo open API v2 with generated traffic.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8081)
    ap.add_argument("--matrix", default="config/matrix.toml")
    ap.add_argument("--rate", type=float, default=0.5, help="new citizen appeals per second")
    ap.add_argument("--time-factor", type=float, default=60.0, help="how much faster than real time")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--backlog", type=int, default=0, help="items already waiting at start")
    args = ap.parse_args(argv)
    matrix = load_model(Path(args.matrix), Matrix)
    try:
        asyncio.run(serve(args.host, args.port, matrix, rate=args.rate, seed=args.seed,
                          time_factor=args.time_factor, backlog=args.backlog))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
