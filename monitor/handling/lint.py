"""Reply rules (lint): what @问政银川 promises about every public reply (seed 003).

"规范答复程序和答复用语 … 不出现重复、敷衍答复等情况，不在评论里发生退件或"@"上级部门、公开推诿扯皮等现象."
Each promise is one rule:

* ``duplicate``: near-identical to the same account's replies to *other* cases (a pasted
  template). Jaccard similarity over jieba tokens after removing greetings, user ids, dates and
  numbers, so ``已转F3区调查处理`` and ``已转F9市调查处理`` count as the same reply.
* ``perfunctory`` (敷衍): after removing boilerplate (已收悉, 已转相关部门, 感谢关注, 请耐心等待…) and
  greetings, almost nothing is left.
* ``buck_passing`` (推诿): says the matter belongs to someone else (不属于我单位职责, 建议您向…反映)
  without saying it was transferred.
* ``mentions_superior``: @-mentions an account above the replying one in the matrix.
* ``returned_in_comments`` (退件): returns the case in public (退回, 不予受理, 请重新反映…).

Phrases are regular expressions in ``config/lint.toml`` (a plain phrase is a valid one), so an
office tunes them without code. :meth:`ReplyLinter.check` is pure; :meth:`ReplyLinter.record`
loads the account's recent replies, records violations on the case timeline and in the queue.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import jieba
from pydantic import Field, field_validator
from sqlalchemy import Integer, bindparam, select, union_all
from sqlalchemy.orm import Session

from monitor.core.config import Config, Matrix, Strict, load_model
from monitor.handling.queue import open_entry
from monitor.store.models import Case, CaseEvent

if TYPE_CHECKING:  # the ingest's events (plain rows) are read as stored ones are
    from monitor.intake.events import NewEvent

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise


@dataclass
class Recent:
    """One account's recent replies as :meth:`ReplyLinter.preload` read them."""

    rows: list[tuple[dt.datetime, int, str | None]] = field(default_factory=list)
    """(at, case id, text), newest first."""
    cut: bool = False
    """The read stopped at its limit: older replies exist that it did not bring."""


Windows = dict[str, Recent]
"""Account → its recent replies (:meth:`ReplyLinter.preload`)."""
SPARE = 16
"""Rows read beyond ``window`` + the batch's own replies, for replies to the same case (which a
reply is not compared with); a reply that still finds fewer than ``window`` others in a cut
window is compared by its own query, so the result is the same either way."""

RULES = ("duplicate", "perfunctory", "buck_passing", "mentions_superior", "returned_in_comments")

# --------------------------------------------------------------------------- configuration


def _compile(patterns: Sequence[str]) -> tuple[str, ...]:
    for i, p in enumerate(patterns):
        try:
            re.compile(p)
        except re.error as err:
            raise ValueError(f"[{i}]: not a valid regular expression {p!r}: {err}") from None
    return tuple(patterns)


class DuplicateRule(Strict):
    enabled: bool = True
    threshold: float = Field(default=0.8, gt=0, le=1)  # Jaccard over token sets
    window: int = Field(default=200, ge=1)  # how many of the account's latest replies to compare
    days: int = Field(default=180, ge=1)  # …within this many days
    min_tokens: int = Field(default=3, ge=1)  # shorter replies are left to "perfunctory"


class PerfunctoryRule(Strict):
    enabled: bool = True
    min_substance: int = Field(default=12, ge=0)  # characters left after removing boilerplate
    boilerplate: tuple[str, ...] = ()
    filler: tuple[str, ...] = ()  # whole jieba tokens that are not substance alone (您, 问题…)

    _v = field_validator("boilerplate", "filler")(_compile)


class PatternRule(Strict):
    enabled: bool = True
    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # the rule does not fire when one of these also matches

    _v = field_validator("patterns", "unless")(_compile)


class LintSettings(Strict):
    """``config/lint.toml``. ``strip`` removes greetings, user ids and dates before any rule."""

    strip: tuple[str, ...] = ()
    duplicate: DuplicateRule = DuplicateRule()
    perfunctory: PerfunctoryRule = PerfunctoryRule()
    buck_passing: PatternRule = PatternRule()
    returned_in_comments: PatternRule = PatternRule()
    mentions_superior: PatternRule = PatternRule()  # only ``enabled`` is used: names come from the matrix

    _v = field_validator("strip")(_compile)


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Violation:
    """One broken rule, with what fired it (phrases, the superior's name, the similar reply)."""

    rule: str
    evidence: list[str] = field(default_factory=list)
    score: float | None = None

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rule": self.rule, "evidence": self.evidence}
        if self.score is not None:
            data["score"] = round(self.score, 3)
        return data


_NOISE = re.compile(r"[\W_\d]+", re.UNICODE)
_LATIN_ID = re.compile(r"[A-Za-z]+\d+|\d+")


def _find(patterns: Sequence[re.Pattern[str]], text: str) -> list[str]:
    out: list[str] = []
    for p in patterns:
        group = "ev" if "ev" in p.groupindex else 0  # a named group narrows the evidence shown
        out.extend(m.group(group) for m in p.finditer(text) if m.group(group))
    return list(dict.fromkeys(out))


TOKEN_MEMO = 32_768  # reply texts whose tokens are kept (see ReplyLinter.__init__)
SEGMENT_MEMO = 64  # the last cleaned bodies segmented: a reply's two readings share one segmentation


def _segment(body: str) -> tuple[str, ...]:
    """``jieba.lcut`` of ``body``, as a tuple: shared by the memo's callers, never changed."""
    return tuple(jieba.lcut(body))


READ_ARMS = 64  # accounts per statement of :meth:`ReplyLinter.preload` (unused arms match nothing)


@functools.cache
def _recent_replies() -> Any:
    """:data:`READ_ARMS` per-account reads in one statement, each the newest ``keep`` replies of
    account ``a<i>`` in [``since``, ``until``] (newest first along the (account, kind, at) index,
    stopping at the limit). Built once and reused, so each backend compiles it once."""
    arms = []
    for i in range(READ_ARMS):
        inner = (select(CaseEvent.account_id, CaseEvent.at, CaseEvent.id, CaseEvent.case_id,
                        CaseEvent.data["text"].as_string().label("text"))
                 .where(CaseEvent.account_id == bindparam(f"a{i}"), CaseEvent.kind == "reply",
                        CaseEvent.at >= bindparam("since"), CaseEvent.at <= bindparam("until"))
                 .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
                 .limit(bindparam("keep", type_=Integer))
                 .subquery(f"r{i}"))
        arms.append(select(inner.c.account_id, inner.c.at, inner.c.id, inner.c.case_id, inner.c.text))
    return union_all(*arms)


class ReplyLinter:
    """Checks replies against the rules; build once (patterns compiled, matrix indexed)."""

    def __init__(self, settings: LintSettings, matrix: Matrix | None = None) -> None:
        self.settings = settings
        self.matrix = matrix
        c = re.compile
        self._strip = [c(p) for p in settings.strip]
        self._boiler = [c(p) for p in settings.perfunctory.boilerplate]
        self._filler = [c(p) for p in settings.perfunctory.filler]
        self._buck = [c(p) for p in settings.buck_passing.patterns]
        self._buck_unless = [c(p) for p in settings.buck_passing.unless]
        self._ret = [c(p) for p in settings.returned_in_comments.patterns]
        self._ret_unless = [c(p) for p in settings.returned_in_comments.unless]
        # bounded memos of the two costly readings: the same recent replies are compared again for
        # every new reply, and accounts paste the same replies again and again. lru_cache, not a
        # dict trimmed by hand: one daemon's sources lint in parallel threads, and a hand-trimmed
        # dict raised when two threads evicted at once
        # The token memo holds every replying account's window across batches (each reply is
        # compared with its account's latest ``window`` replies, and the next batch compares the
        # same ones again): 115 accounts x 200 replies. At 4,096 entries it was evicted between
        # batches and every batch segmented the windows again (a third of the lint, growing with
        # the stored replies). Values are tuples of interned tokens, about a quarter of a frozenset.
        self._tokens = functools.lru_cache(maxsize=TOKEN_MEMO)(self._read_tokens)
        self._substance_memo = functools.lru_cache(maxsize=4096)(self._substance)
        # both readings segment the reply's cleaned body; without boilerplate in it they are the
        # same string, segmented once (a new reply is read for tokens, then for its substance)
        self._segment = functools.lru_cache(maxsize=SEGMENT_MEMO)(_segment)

    @classmethod
    def from_config(cls, config: Config) -> ReplyLinter:
        path = config.file("lint")
        settings = load_model(path, LintSettings) if path.exists() else LintSettings()
        return cls(settings, config.matrix)

    # ---- text normalisation

    def clean(self, text: str) -> str:
        """The reply without greetings, user ids and dates (what every rule looks at)."""
        for p in self._strip:
            text = p.sub(" ", text)
        return text

    def tokens(self, text: str) -> frozenset[str]:
        """Token set for similarity: numbers and ids dropped, so templates match across cases."""
        return frozenset(self._tokens(text))

    def _read_tokens(self, text: str) -> tuple[str, ...]:
        """The distinct tokens of ``text``, interned (one copy of each word in the memo)."""
        body = _LATIN_ID.sub(" ", self.clean(text))
        return tuple(sys.intern(t) for t in dict.fromkeys(self._segment(body)) if not _NOISE.fullmatch(t))

    def substance(self, text: str) -> tuple[str, list[str]]:
        """What is left after boilerplate and filler are removed, and the boilerplate found."""
        body, found = self._substance_memo(text)
        return body, list(found)  # the caller's own list: the memo's must not change

    def _substance(self, text: str) -> tuple[str, list[str]]:
        body = self.clean(text)
        found = _find(self._boiler, body)
        for p in self._boiler:
            body = p.sub(" ", body)
        body = _LATIN_ID.sub(" ", body)
        kept = [t for t in self._segment(body)
                if not _NOISE.fullmatch(t) and not any(p.fullmatch(t) for p in self._filler)]
        return _NOISE.sub("", "".join(kept)), found

    # ---- rules

    def check(self, text: str, *, account_id: str, previous: Sequence[str] = ()) -> list[Violation]:
        """All rules on one reply. ``previous``: the account's replies to *other* cases."""
        s = self.settings
        out: list[Violation] = []
        if s.duplicate.enabled and previous:
            v = self._duplicate(text, previous)
            if v:
                out.append(v)
        if s.perfunctory.enabled:
            rest, found = self.substance(text)
            if len(rest) < s.perfunctory.min_substance:
                out.append(Violation("perfunctory", found + ([f"left: {rest}"] if rest else ["left: nothing"])))
        for rule, pats, unless in (("buck_passing", self._buck, self._buck_unless),
                                   ("returned_in_comments", self._ret, self._ret_unless)):
            if getattr(s, rule).enabled:
                hits = _find(pats, text)
                if hits and not _find(unless, text):
                    out.append(Violation(rule, hits))
        if s.mentions_superior.enabled:
            hits = self._superiors(text, account_id)
            if hits:
                out.append(Violation("mentions_superior", hits))
        return out

    def _duplicate(self, text: str, previous: Sequence[str]) -> Violation | None:
        mine = self.tokens(text)
        n = len(mine)
        if n < self.settings.duplicate.min_tokens:
            return None
        best, best_text = 0.0, ""
        threshold = self.settings.duplicate.threshold
        memo = self._tokens
        for other in previous:
            theirs = memo(other)  # distinct tokens: |mine | theirs| = n + m - |mine & theirs|
            m = len(theirs)
            if not m or min(n, m) < threshold * max(n, m):
                continue  # sizes alone rule it out: Jaccard <= min/max
            common = len(mine.intersection(theirs))
            score = common / (n + m - common)
            if score > best:
                best, best_text = score, other
        if best >= self.settings.duplicate.threshold:
            return Violation("duplicate", [best_text[:80]], score=best)
        return None

    @cached_property
    def _names(self) -> dict[str, tuple[str, ...]]:
        if self.matrix is None:
            return {}
        return {a.id: (a.name, *a.aliases) for a in self.matrix.accounts}

    def _superiors(self, text: str, account_id: str) -> list[str]:
        if self.matrix is None or account_id not in self.matrix.by_id or "@" not in text:
            return []
        hits = []
        for sup in self.matrix.ancestors(account_id):
            for name in self._names[sup]:
                if f"@{name}" in text:
                    hits.append(f"@{name}")
        return hits

    # ---- recording

    def preload(self, session: Session, replies: Sequence[CaseEvent | NewEvent]) -> Windows:
        """Load, in one query, the recent replies of every account that replies in ``replies``.

        The ingest batch calls this after its events are flushed and before it lints them, and
        passes what it returns to :meth:`record`, which compares from memory what it would
        otherwise select per reply (the batch's own replies included, as they are stored by
        then). Each account's window keeps its latest replies up to the batch's last one:
        ``window`` of them plus room for the batch's own and for replies to the same case (which
        a reply is not compared with). Returned, not kept: one linter serves the batches of
        every source polling at once (worker threads), and each batch sees its own windows only.

        Each account's rows are read newest first along ``ix_case_events_account_kind_at`` and
        cut at the limit (:func:`_recent_replies`): the read costs the window, not the account's
        history. The limit is ``window`` + the batch's own replies + :data:`SPARE` (it was twice
        the window: half the rows read every batch, each a table lookup and a JSON extraction).
        A ranking window function over every reply of the last ``days`` days, as before, grew
        with the database (issue 19: the lint's share of a mention doubled from 5,000 to
        40,000 mentions stored).
        """
        spans: dict[str, list[dt.datetime]] = {}
        for e in replies:
            if e.account_id is not None and e.kind == "reply":
                spans.setdefault(e.account_id, []).append(e.at)
        if not spans:
            return {}
        d = self.settings.duplicate
        since = min(min(v) for v in spans.values()) - dt.timedelta(days=d.days)
        until = max(max(v) for v in spans.values())
        keep = d.window + max(len(v) for v in spans.values()) + SPARE
        window: Windows = {a: Recent() for a in spans}
        accounts = sorted(spans)
        stmt = _recent_replies()
        read: dict[str, list[tuple[dt.datetime, int, int, str | None]]] = {}
        for i in range(0, len(accounts), READ_ARMS):
            chunk = accounts[i:i + READ_ARMS]
            params: dict[str, Any] = {"since": since, "until": until, "keep": keep}
            for j in range(READ_ARMS):
                params[f"a{j}"] = chunk[j] if j < len(chunk) else None  # NULL matches nothing
            # streamed into each account's list, not fetched whole and sorted: the result's rows
            # (a Row, the account's name and the id each) were a quarter of this read's peak,
            # which grows as the windows fill (docs/deploy.md "Seventh session")
            for account, at, id_, case_id, text in session.execute(stmt, params):
                read.setdefault(account, []).append((at, id_, case_id, text))
        for account, rows in read.items():
            rows.sort(key=lambda r: (r[0], r[1]), reverse=True)  # newest first, as each arm read them
            window[account].rows = [(at, case_id, text) for at, _id, case_id, text in rows]
            rows.clear()
        for recent in window.values():
            recent.cut = len(recent.rows) >= keep
        return window

    def record(self, session: Session, case: Case, reply_event: CaseEvent | NewEvent, *,
               now: dt.datetime, fresh: bool = False,
               windows: Windows | None = None) -> list[Violation]:
        """Lint a reply event: violations become timeline events and one queue entry.

        Idempotent per reply event (a re-run over the same reply records nothing new).
        ``fresh``: the event was written in this transaction (the ingest), so nothing recorded
        for it can exist yet and that is not looked up. ``windows``: what :meth:`preload`
        returned for this reply's batch; an account not in it is looked up.
        """
        text = str((reply_event.data or {}).get("text") or "")
        account_id = reply_event.account_id
        if not text or account_id is None:
            return []
        d = self.settings.duplicate
        since = reply_event.at - dt.timedelta(days=d.days)
        window = windows.get(account_id) if windows is not None else None
        previous = (_previous(window, case.id, reply_event.at, since, d.window)
                    if window is not None else None)
        if previous is None:
            if session.new:  # pending replies must be visible to the query below; a flush with
                session.flush()  # nothing new still walks every loaded object, so skip it then
            # only the text, extracted by the database: decoding 200 whole JSON documents per
            # reply was most of the lint's cost
            previous = session.scalars(
                select(CaseEvent.data["text"].as_string()).where(
                    CaseEvent.account_id == account_id, CaseEvent.kind == "reply",
                    CaseEvent.case_id != case.id, CaseEvent.at >= since,
                    CaseEvent.at <= reply_event.at)
                .order_by(CaseEvent.at.desc()).limit(d.window)).all()
        violations = self.check(text, account_id=account_id, previous=[p for p in previous if p])
        if not violations:
            return []
        # by case only, kind filtered here: a case has a handful of events, whereas SQLite would
        # otherwise search the (kind, at) index through every violation ever recorded
        done = set() if fresh else {
            (data or {}).get("reply_event_id")
            for kind, data in session.execute(select(CaseEvent.kind, CaseEvent.data)
                                              .where(CaseEvent.case_id == case.id))
            if kind == "reply_violation"
        }
        if reply_event.id in done:
            return violations
        for v in violations:
            session.add(CaseEvent(case_id=case.id, kind="reply_violation", at=now, account_id=account_id,
                                  mention_id=reply_event.mention_id,
                                  data={**v.as_data(), "reply_event_id": reply_event.id}))
        open_entry(session, case.id, "reply_violation", at=now,
                   detail={"account_id": account_id, "rules": [v.rule for v in violations]})
        return violations


def _previous(window: Recent, case_id: int, at: dt.datetime, since: dt.datetime,
              size: int) -> list[str | None] | None:
    """The texts of the ``size`` latest replies in ``window`` to cases other than ``case_id``,
    from ``since`` to ``at``; None when the window was cut before ``size`` of them were found
    (the caller reads them itself)."""
    found: list[str | None] = []
    for when, cid, text in window.rows:  # newest first: stop once full or too old
        if when > at or cid == case_id:
            continue
        if when < since or len(found) == size:
            return found
        found.append(text)
    return None if window.cut and len(found) < size else found
