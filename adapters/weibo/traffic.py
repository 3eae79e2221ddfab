"""Scenario-driven Weibo traffic: citizens' appeals and member accounts' answers, seeded.

One *thread* is one citizen's appeal and what follows it. A citizen either posts a status that
@-mentions the hub (and often the street or the department), or comments on a member account's
post. A member account answers after a realistic delay (minutes to a day or two, log-normal),
sometimes first with an acknowledgement and later with the result, sometimes tersely; some never
answer. The citizen may chase (``还没人处理吗？``), thank (``问题已解决，感谢！``) or complain
(``敷衍``, ``没解决``). Rare risk cases (gas smell, a person in danger) are answered fast.

The same engine drives two sinks:

* :class:`Traffic` writes into a live :class:`~adapters.weibo.mock.MockWeibo` at real time,
  delays divided by ``time_factor`` (the demo);
* :func:`generate_backlog` renders the raw API JSON itself on a simulated clock and streams it
  (the bench: 100,000 objects with bounded memory — only open threads are held).

Everything citizens and members write is visible to the member accounts' streams, as on the real
platform: a follow-up on one's own post @-mentions the hub, a thank-you answers the member's
comment (``comments/to_me``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
import itertools
import math
import random
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from adapters.weibo import phrases, shapes
from monitor.core.config import Account, Matrix

if TYPE_CHECKING:
    from adapters.weibo.mock import MockWeibo

CITIZEN_UID_BASE = 6_000_000_000
HOUR = 3600.0


class Sink(Protocol):
    """Where the scenario's posts go. ``Ref`` values are opaque to the engine."""

    def user(self, uid: str, name: str) -> None: ...
    def status(self, uid: str, text: str, at: dt.datetime, *, member: bool) -> Any: ...
    def comment(self, uid: str, on: Any, text: str, at: dt.datetime, reply_to: Any | None) -> Any: ...


@dataclass
class Thread:
    citizen: str
    topic: phrases.Topic
    target: Account  # the member account that answers
    post: Any  # the status the conversation's comments go under
    root_comment: Any | None  # the citizen's comment, when the appeal is a comment on a member post
    last_member: Any | None = None
    last_citizen: Any | None = None
    replies: int = 0
    street: str = "社区"


@dataclass(order=True)
class _Due:
    at: float  # seconds on the engine's clock
    seq: int
    action: Callable[[dt.datetime, float], None] = field(compare=False)  # (time, engine clock)


class Scenario:
    """The story engine: decides who says what, and schedules what happens next."""

    def __init__(self, matrix: Matrix, sink: Sink, *, seed: int, delay_scale: float = 1.0,
                 citizens: int = 5000) -> None:
        self.rng = random.Random(seed)
        self.matrix = matrix
        self.sink = sink
        self.delay_scale = delay_scale
        members = [a for a in matrix.accounts if "weibo" in a.platform_ids]
        if not members:
            raise ValueError("the matrix has no account with a Weibo uid: nobody to mention")
        self.members = members
        self.hub = matrix.hub if "weibo" in matrix.hub.platform_ids else members[0]
        self.streets = [a for a in members if a.kind == "street"] or members
        self.departments = [a for a in members if a.kind == "department"]
        self.citizens = citizens
        self._known_citizens: set[int] = set()
        self._seq = itertools.count()
        self._queue: list[_Due] = []
        self._posts: dict[str, deque[Any]] = {}
        self.counts: dict[str, int] = {"threads": 0, "member_replies": 0, "follow_ups": 0,
                                       "thanks": 0, "complaints": 0, "never_answered": 0}
        self._weights = list(itertools.accumulate(t.weight for t in phrases.TOPICS))
        self._dept_cache: dict[tuple[str, str | None], list[Account]] = {}
        self._names: set[str] = set()

    # ------------------------------------------------------------------ scheduling

    def schedule(self, now: float, delay: float, action: Callable[[dt.datetime, float], None]) -> None:
        """Run ``action`` ``delay`` scenario-seconds after ``now`` (scaled to the engine clock)."""
        heapq.heappush(self._queue, _Due(now + delay * self.delay_scale, next(self._seq), action))

    def due(self, clock: float) -> Iterator[_Due]:
        while self._queue and self._queue[0].at <= clock:
            yield heapq.heappop(self._queue)

    def next_due(self) -> float | None:
        return self._queue[0].at if self._queue else None

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _lognormal_hours(self, median: float, spread: float, low: float, high: float) -> float:
        return min(high, max(low, median * math.exp(self.rng.gauss(0, spread)))) * HOUR

    # ------------------------------------------------------------------ actors

    def _citizen(self) -> tuple[str, str]:
        k = self.rng.randrange(self.citizens)
        uid = str(CITIZEN_UID_BASE + 1_000 + k * 7)
        if k not in self._known_citizens:
            name = phrases.nickname(random.Random(k))
            if name in self._names:  # screen names are unique on Weibo
                name = f"{name}_{k}"
            self._names.add(name)
            self._known_citizens.add(k)
            self.sink.user(uid, name)
        else:
            name = ""
        return uid, name

    def _department(self, topic: phrases.Topic, district: str | None) -> Account | None:
        """A department owning ``topic``: the district's own if it has one, else the city's."""
        key = (topic.key, district)
        pool = self._dept_cache.get(key)
        if pool is None:
            matches = [a for a in self.departments if any(f in a.name for f in topic.departments)]
            local = [a for a in matches
                     if district and a.parent and self.matrix.by_id[a.parent].name == district]
            pool = local or [a for a in matches if a.region == "银川市"] or matches
            self._dept_cache[key] = pool
        return self.rng.choice(pool) if pool else None

    def member_post(self, at: dt.datetime, account: Account | None = None) -> Any:
        acc = account or self.rng.choice(self.members)
        text = phrases.fill(self.rng.choice(phrases.MEMBER_POSTS), self.rng, street=acc.region or acc.name)
        ref = self.sink.status(acc.platform_ids["weibo"], text, at, member=True)
        self._posts.setdefault(acc.id, deque(maxlen=3)).append(ref)
        return ref

    # ------------------------------------------------------------------ a thread

    def open_thread(self, clock: float, at: dt.datetime) -> None:
        """A citizen raises something; schedule the rest of the story."""
        rng = self.rng
        topic = rng.choices(phrases.TOPICS, cum_weights=self._weights)[0]
        street = rng.choice(self.streets)
        district = self.matrix.by_id[street.parent].name if street.parent else None
        dept = self._department(topic, district)
        if topic.street_level and street.kind == "street" and (dept is None or rng.random() < 0.55):
            target = street
        else:
            target = dept or street
        uid, _name = self._citizen()
        values = {"street": street.region or street.name, "hub": self.hub.name, "target": target.name}
        text = phrases.fill(rng.choice(topic.appeals), rng, **values)
        self.counts["threads"] += 1
        if rng.random() < 0.62 or topic.risk:
            mentions = [self.hub.name] if (rng.random() < 0.8 or target is self.hub) else []
            if target is not self.hub and (not mentions or rng.random() < 0.6):
                mentions.append(target.name)
            if street.region and rng.random() < 0.5:
                text = f"{district or ''}{street.region}{text}" if district else text
            body = " ".join(f"@{m}" for m in mentions) + " " + text
            post = self.sink.status(uid, body, at, member=False)
            th = Thread(uid, topic, target, post, None, street=values["street"])
        else:
            posts = self._posts.get(target.id)
            post = posts[-1] if posts and rng.random() < 0.8 else self.member_post(at, target)
            root = self.sink.comment(uid, post, text, at, None)
            th = Thread(uid, topic, target, post, root, street=values["street"])
        th.last_citizen = th.root_comment
        self._plan(th, clock)

    def _plan(self, th: Thread, clock: float) -> None:
        rng = self.rng
        if th.topic.risk:
            self.schedule(clock, rng.uniform(3, 25) * 60, lambda at, c: self._reply(th, at, "risk", c))
            return
        p_answer = 0.8
        if rng.random() < p_answer:
            delay = self._lognormal_hours(3.0, 1.1, 0.08, 60.0)
            kind = "ack" if rng.random() < 0.45 else ("terse" if rng.random() < 0.1 else "done")
            self.schedule(clock, delay, lambda at, c: self._reply(th, at, kind, c))
            if delay > 20 * HOUR and rng.random() < 0.6:
                self.schedule(clock, delay * rng.uniform(0.4, 0.8), lambda at, c: self._follow_up(th, at))
        else:
            self.counts["never_answered"] += 1
            for i in range(rng.choice((0, 1, 1, 2))):
                self.schedule(clock, self._lognormal_hours(24.0 * (i + 1), 0.5, 6.0, 120.0),
                              lambda at, c: self._follow_up(th, at))

    def _reply(self, th: Thread, at: dt.datetime, kind: str, clock: float) -> None:
        rng = self.rng
        dept = self._department(th.topic, None)
        values = {"dept": (dept.name if dept else "相关部门"), "issue": th.topic.issue, "street": th.street}
        pool = {"risk": phrases.REPLY_RISK, "ack": phrases.REPLY_ACK, "done": phrases.REPLY_DONE,
                "terse": phrases.REPLY_TERSE}[kind]
        text = phrases.fill(rng.choice(pool), rng, **values)
        answering = th.last_citizen if (th.last_citizen is not None and rng.random() < 0.7) else th.root_comment
        th.last_member = self.sink.comment(th.target.platform_ids["weibo"], th.post, text, at, answering)
        th.replies += 1
        self.counts["member_replies"] += 1
        if kind == "ack" and rng.random() < 0.75:
            self.schedule(clock, self._lognormal_hours(30.0, 0.7, 4.0, 150.0),
                          lambda at2, c: self._reply(th, at2, "done", c))
            return
        r = rng.random()
        if kind == "terse" or r < 0.14:
            self.schedule(clock, self._lognormal_hours(2.0, 0.8, 0.1, 24.0), lambda at2, c: self._complain(th, at2, c))
        elif r < 0.55:
            self.schedule(clock, self._lognormal_hours(4.0, 0.9, 0.1, 48.0), lambda at2, c: self._thank(th, at2))

    def _follow_up(self, th: Thread, at: dt.datetime) -> None:
        if th.replies:
            return  # answered in the meantime
        rng = self.rng
        values = {"hub": self.hub.name, "target": th.target.name}
        if th.root_comment is None:
            text = phrases.fill(rng.choice(phrases.FOLLOW_UPS), rng, **values)
            th.last_citizen = self.sink.comment(th.citizen, th.post, text, at, th.last_citizen)
        else:
            text = phrases.fill(rng.choice(phrases.FOLLOW_UPS_ON_OWN_COMMENT), rng, **values)
            th.last_citizen = self.sink.comment(th.citizen, th.post, text, at, th.root_comment)
        self.counts["follow_ups"] += 1

    def _thank(self, th: Thread, at: dt.datetime) -> None:
        text = phrases.fill(self.rng.choice(phrases.THANKS), self.rng, hub=self.hub.name, target=th.target.name)
        th.last_citizen = self.sink.comment(th.citizen, th.post, text, at, th.last_member)
        self.counts["thanks"] += 1

    def _complain(self, th: Thread, at: dt.datetime, clock: float) -> None:
        text = phrases.fill(self.rng.choice(phrases.COMPLAINTS), self.rng)
        th.last_citizen = self.sink.comment(th.citizen, th.post, text, at, th.last_member)
        self.counts["complaints"] += 1
        if th.replies < 4 and self.rng.random() < 0.5:
            self.schedule(clock, self._lognormal_hours(12.0, 0.8, 1.0, 96.0),
                          lambda at2, c: self._reply(th, at2, "done", c))


# ---------------------------------------------------------------------- live traffic


class _MockSink:
    """Writes into the live mock platform; refs are its status/comment ids."""

    def __init__(self, state: MockWeibo) -> None:
        self.state = state

    def user(self, uid: str, name: str) -> None:
        if uid not in self.state.users:
            self.state.add_user(uid, name)

    def status(self, uid: str, text: str, at: dt.datetime, *, member: bool) -> int:
        return self.state.post_status(uid, text, at=at).id

    def comment(self, uid: str, on: int, text: str, at: dt.datetime, reply_to: int | None) -> int:
        if reply_to is not None:  # as comments/reply writes it
            text = f"回复@{self.state.users[self.state.comments[reply_to].uid]['screen_name']}:{text}"
        return self.state.add_comment(uid, on, text, at=at, reply_to=reply_to).id


class Traffic:
    """Live traffic into a :class:`MockWeibo`: ``rate`` new appeals per real second."""

    def __init__(self, state: MockWeibo, matrix: Matrix, *, seed: int = 0, rate: float = 0.5,
                 time_factor: float = 60.0, tick: float = 0.2) -> None:
        if rate < 0 or time_factor <= 0:
            raise ValueError("rate must be >= 0 and time_factor > 0")
        self.state = state
        self.rate = rate
        self.tick = tick
        self.scenario = Scenario(matrix, _MockSink(state), seed=seed, delay_scale=1.0 / time_factor)
        self._start: dt.datetime | None = None
        self._next_arrival = 0.0
        self._next_post = 0.0

    def _clock(self, now: dt.datetime) -> float:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if self._start is None:
            self._start = now
        return (now - self._start).total_seconds()

    def step(self, now: dt.datetime) -> int:
        """Advance to ``now``: open due appeals, run due replies/follow-ups. Returns actions run."""
        clock = self._clock(now)
        sc, done = self.scenario, 0
        if clock == 0.0 and not sc.pending:
            for acc in sc.members[: min(len(sc.members), 10)]:
                sc.member_post(now, acc)  # a few notices to comment on from the start
        while self.rate > 0 and self._next_arrival <= clock:
            sc.open_thread(clock, now)
            self._next_arrival += sc.rng.expovariate(self.rate)
            done += 1
        while self.rate > 0 and self._next_post <= clock:
            sc.member_post(now)
            self._next_post += sc.rng.expovariate(self.rate / 15)
        for item in sc.due(clock):
            item.action(now, clock)
            done += 1
        return done

    async def run(self) -> None:
        """Step forever at ``tick`` intervals (cancel the task to stop)."""
        while True:
            self.step(dt.datetime.now(dt.UTC))
            await asyncio.sleep(self.tick)


def preload(traffic: Traffic, n: int, *, span: dt.timedelta = dt.timedelta(hours=1),
            now: dt.datetime | None = None) -> int:
    """Fill ``traffic``'s platform with at least ``n`` items pollers can see, dated in the past.

    Runs the same story engine as live traffic on a simulated clock over the ``span`` before
    ``now`` (an appeal brings some three items: the rate is set to fit), so the backlog looks like
    the last hour's appeals and replies, some of them near their deadline. Returns the items
    waiting. The traffic's own rate is left as it was, for what follows live.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    now = now or dt.datetime.now(dt.UTC)
    live_rate, traffic.rate = traffic.rate, max(0.01, n / (3.0 * span.total_seconds()))
    at = now - span
    while len(traffic.state.visible) < n:
        traffic.step(at)  # may run a little past now if the story was slow: harmless
        at += dt.timedelta(seconds=traffic.tick)
    traffic.rate = live_rate
    return len(traffic.state.visible)


# ---------------------------------------------------------------------- backlog


class _JsonSink:
    """Renders Weibo JSON directly (no mock state): refs are the rendered objects."""

    def __init__(self, first_id: int) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.out: deque[dict[str, Any]] = deque()
        self._id = first_id
        self._sources = shapes.CLIENTS

    def _next(self) -> int:
        self._id += 1 + (self._id % 5)
        return self._id

    def user(self, uid: str, name: str) -> None:
        self.users[uid] = shapes.user_json(uid, name)

    def member(self, uid: str, name: str) -> None:
        self.users[uid] = shapes.user_json(uid, name, verified=True, followers=50_000)

    def status(self, uid: str, text: str, at: dt.datetime, *, member: bool) -> dict[str, Any]:
        sid = self._next()
        obj = shapes.status_json(sid, self.users[uid], text, at, source=self._sources[sid % len(self._sources)])
        if not member:
            self.out.append(obj)
        return obj

    def comment(self, uid: str, on: dict[str, Any], text: str, at: dt.datetime,
                reply_to: dict[str, Any] | None) -> dict[str, Any]:
        cid = self._next()
        if reply_to is not None:
            text = f"回复@{reply_to['user']['screen_name']}:{text}"
        obj = shapes.comment_json(cid, self.users[uid], text, at, on, source=self._sources[cid % len(self._sources)],
                                  reply=shapes.reply_stub(reply_to) if reply_to is not None else None)
        self.out.append(obj)
        return obj


BACKLOG_START = dt.datetime(2024, 3, 1, 0, 0, tzinfo=dt.UTC)


def generate_backlog(n: int, matrix: Matrix, seed: int = 0, *, start: dt.datetime = BACKLOG_START,
                     appeals_per_hour: float = 120.0) -> Iterator[dict[str, Any]]:
    """Yield ``n`` raw status/comment objects (oldest first), as the API returns them.

    Streams: only threads still open are held, so memory does not grow with ``n``. Deterministic
    for a given ``seed``.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    sink = _JsonSink(shapes.FIRST_ID)
    for acc in matrix.accounts:
        if "weibo" in acc.platform_ids:
            sink.member(acc.platform_ids["weibo"], acc.name)
    sc = Scenario(matrix, sink, seed=seed)
    rate = appeals_per_hour / HOUR
    clock, next_arrival, emitted = 0.0, 0.0, 0
    while emitted < n:
        if not sink.out:
            nxt = sc.next_due()
            if nxt is not None and nxt < next_arrival:
                clock = nxt
            else:
                clock = next_arrival
                next_arrival += sc.rng.expovariate(rate)
                at = start + dt.timedelta(seconds=clock)
                sc.open_thread(clock, at)
                if sc.rng.random() < 0.05:
                    sc.member_post(at)
                continue
            at = start + dt.timedelta(seconds=clock)
            for item in sc.due(clock):
                item.action(at, clock)
        while sink.out and emitted < n:
            yield sink.out.popleft()
            emitted += 1
