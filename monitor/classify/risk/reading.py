"""What one text's stages found: the word walk's hits and context, then the flags being raised.

Why one object: the rule check reads some thirty kinds of context (negations, frames, past markers,
clause ends…) and the model step a dozen of them; handed over as arguments they made a call of thirty
parameters whose order had to be kept by hand. Each stage now reads the fields it needs by name and
adds what it decides (``found``, ``cancelled``, ``history``) for the stages after it.

Positions are indices into ``norm``; a pair is ``(start, stop)`` of a word, a ``(start, word)`` item
names the word itself. The lists are in the walk's order (by end), and the rule check may sort a long
one by end in place (see :func:`.spans._ends`): the model step reads them after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Found:
    """What one kind collected on one message."""

    certain: bool = False
    severity: str = "watch"
    evidence: list[str] = field(default_factory=list)
    at: list[int] = field(default_factory=list)  # where its pattern hits and their cues start (see _besides)
    # a hit made 疑似 by its context (a conditional, hearsay, a past or standing marker, a question, a long letter, a sign
    # of danger beside look-alike context): a person judges it, whatever the model reads (see `unlike` in .learned)
    hedged: bool = False


@dataclass(slots=True)
class Reading:
    """One text as the stages read it (built by :meth:`.matching.Matcher.walk`)."""

    norm: str  # the normalised text (see .text.normalise): every position below indexes it
    anchors: list[tuple[int, int, int]]  # (start, end, rule) of each rule word found
    cues: list[tuple[int, int, int]]  # (start, end, the cue's id: the rules it is a cue of are Matcher.cue_bits[id])
    masks: list[tuple[int, int, str | None]]  # look-alike phrases (跳广场舞), and names in quotes
    negs: list[tuple[int, int]]
    notnegs: list[tuple[int, int]]  # 没人管, 不停地: a negation word that denies nothing
    conds: list[tuple[int, int]]  # 万一, 听说; (c, c) for a clause made 疑似 by a disputed verdict
    unless: list[tuple[int, int, str | None]]  # look-alike context of a kind (演练), or of any (None)
    settled: list[tuple[int, str, str | None]]  # (start, marker, kind it settles or None: any)
    here: set[int]  # where a marker of `settled_here` starts: it settles its own sentence only
    past: list[tuple[int, str]]  # 去年, 上次, and dates (3月5日, 十年前): what its clause tells is history
    standing: list[tuple[int, str]]  # 长期, 经常, 每天: a condition, not an event now
    ongoing: list[int]  # 至今, 现在, 还在: what a past marker or date told is still so
    hypers: list[tuple[int, int]]  # 吵得, 挤得: what follows is a figure of speech
    likeness: list[tuple[int, int]]  # 红得像: what follows is a figure, for the hits it reaches only
    frames: list[tuple[int, int]]  # 演练, 新闻, 开玩笑的: the whole sentence is told as such
    turns: list[tuple[int, int]]  # 突然, 结果, 真的: what follows in the clause really happened
    laughs: list[tuple[int, str]]  # 😂, 哈哈: a laugh beside a hit tells a joke (想死😂)
    withdrawals: list[tuple[int, str]]  # 算了, 忍了: a wish taken back (真想打他，算了)
    lawful: list[tuple[int, str]]  # 去劳动仲裁, 找了律师: the way a menace means (see rules)
    asks: list[tuple[int, int]]  # 电话是多少, 怎么举报: a question for a way (see _asked)
    besides: dict[int, int]  # a `beside` entry -> the first of its words (in its list) the text holds
    beside_at: list[tuple[int, int, int]]  # (entry, word, start) of entries read by clause
    persists: list[int]  # 现在还是那样, 也没换: the cause of a past danger is still there
    handled: list[tuple[int, int]]  # 开发商到今天都没赔, 才到: how a past event was handled (see _handled_past)
    dated: list[tuple[int, str]]  # 上回, 那天, a report dated: what dates an event beside its handling
    breaks: list[int]  # where each clause ends (a mark of _CLAUSE_MARKS)
    like: bool  # a comparison's end (一样, 似的) is in the text: similes are sought (see _as_if)
    quiet: str | None  # a procedure question keeps the model quiet ([model] quiet)
    everyday: dict[tuple[str, int], str]  # (kind, source list) -> the source named (烧树叶)
    danger: set[tuple[str, int]]  # source lists whose sign of real danger is told (明火)
    alarms: dict[str, str]  # kind -> its first sign of real danger told (被困, 出不来)
    # told as over (see .over): the rescues a thanks settles (就到了, 救了上来), and after a thanks to a responder
    # its clause (谢谢网格员帮忙叫了120: the deed done); a question of who pays for damage done (找谁赔)
    rescues: list[tuple[int, str]]
    deeds: list[tuple[int, int, str]]  # (after the thanks, its clause's end, the thanks)
    liable: list[tuple[int, int]]
    # what the stages decide, in this order: the rule check, the everyday sources, the model step, besides
    # (given empty by the walk, not by default factories: a factory's call per field per message cost more)
    found: dict[str, Found]  # kind -> what raised it so far
    cancelled: list[dict[str, str]]  # {"flag", "words", "by"}: shown as evidence
    history: dict[str, str]  # kind -> 上回…没赔: a hit read as a past event's history
    # (start, end, kind, rule, how) of each hit that stood, when a caller asks why (bench/risk_dev.py --why;
    # None: not kept)
    trace: list[tuple[int, int, str, int, str]] | None = None
