"""The learned model's step: a second opinion on every message, and a doubt on the patterns' hits.

The model (:mod:`monitor.classify.risk_model`, character n-grams, one logistic scorer per kind) raises
a kind no pattern raised as 疑似, with the n-grams that weighed most as evidence, unless the context
the patterns read (look-alike context, a frame, a figure of speech, a settled or past marker, a
denial, a standing condition…) says the message is not that; and it shows a pattern's certain hit it
scores very low as 疑似 (see :meth:`ModelStep._doubted`). It drops a pattern's hit only in a short post it scores
far lower still, and never one made 疑似 by its context (``[model] unlike``, see :meth:`ModelStep._doubted`).

Cost: one walk of a second automaton (its n-grams, a double array: see :mod:`.matching`) and one sum of
packed integers per message (every kind's score at once, see :func:`_pack`); the message ends there
when no kind reaches its bar.
"""

from __future__ import annotations

import math
import re
import struct
from pathlib import Path

from daachorse import CharwiseDoubleArrayAhoCorasick

from monitor.classify.risk.context import (_AHEAD, _ANIMAL, _AWAY_WISHED, _BAN_ASKED, _CALL_WORDS, _CEASED, _DECISION,
                                           _DISMISSED, _EVENT_DENIALS, _FIGHT, _FLAT_DENIALS, _FOR_ANOTHER, _FOUGHT,
                                           _INTENT_DENIALS, _NOBODY, _PILL_TOLD, _PRICE_UP, _PUNISHED_MILDLY, _RULE_ASKED,
                                           _SLEPT, _SUPPOSED_ASKED, _VERDICT, _content_child, _in_dare, _not_the_writers_way,
                                           _occasion, _pill_as_medicine, _play_nuisance, _proof, _recourse, _told_now,
                                           _video_call)
from monitor.classify.risk.looks import at_play, harm_averted, laughed_off, told_harmless
from monitor.classify.risk.policy import Policy
from monitor.classify.risk.reading import Found, Reading
from monitor.classify.risk.spans import _CLAUSE, _THIRD, _clause, _sentence_end, _sentence_ends
from monitor.core.alternation import longest_first
from monitor.classify.risk.text import blank_names, find_all, model_text, name_automaton
from monitor.classify.risk_config import KINDS, RiskSettings
from monitor.classify.risk_model import GUESS_LENGTHS, RiskModel, RiskModelError, length_band, positions_of
from monitor.classify.trie_order import by_frequency
from monitor.core.config import ConfigError

_PACK_SCALE = 10_000  # weights are stored to 4 decimals
_PACK_HALF = 1 << 20  # added to every stored weight so that no field is ever negative (at most: see _pack_offset)
# sqrt(n-gram positions) x _PACK_SCALE for every text shorter than _INV_LEN characters, from the one
# definition of positions (risk_model.positions_of, which training scales by): a list index per
# message, where a call of it per message cost more than the sum it scales
_INV_LEN = 4096
# the longest message whose 疑似 the model's reading may drop (see `unlike`): a post, where the model reads the whole of
# what is told; a long letter's scores sit low (its danger is a sentence among many), so the patterns keep it
_UNLIKE_SHORT = 100
# a post that asks for something (when it is mended, whether one can, who is in charge: 什么时候能修好, 能不能, 请问, 同问)
# tells its hazard as the ground of a service asked for: `unlike_keeps` lowers the bar for a certain hit only in a post
# that tells without asking, a report (井里的人喊不应了; 加气站门口在放炮仗)
_ASKING = re.compile(r"[?？]|什么时候|啥时候|多久|能不能|能否|可不可以|请问|同问|有没有人|希望|建议|要求")
_INV = tuple(math.sqrt(positions_of(n)) * _PACK_SCALE for n in range(_INV_LEN))


def _pack_offset(weights: list[tuple[float, ...]]) -> int:
    """What :func:`_pack` adds to every stored weight of the model: the least that keeps each of them
    non-negative (the most negative stored weight, negated), not the ``2²⁰`` any |w| < 100 would need.
    Why: the sums minus ``n·offset`` are the same integers for any offset that keeps the fields
    non-negative, and a small offset lets a large model's fields fit in 32 bits (see
    :func:`_field_bits`): the 6,128 n-grams of the model of 2026-12-03 need 64 bits with ``2²⁰``
    (6,128·2²⁰ > 2³²) and 32 with their own offset (76,383)."""
    lowest = min((round(w * _PACK_SCALE) for ws in weights for w in ws), default=0)
    return max(0, -lowest)


def _field_bits(weights: list[tuple[float, ...]], offset: int = _PACK_HALF) -> int:
    """How wide each kind's field is (see :func:`_pack`): 32 bits when the field of *all* the
    model's n-grams together fits in 32 (a message holds a subset of them and every stored weight
    is positive, so none of its fields can spill into the next), else 64. Why not always 64:
    a message's n-grams are hashed into a set and summed, and integers half as long cost
    noticeably less to hash and add (callgrind: −1.2 % of detection's instructions when the model of
    2026-12-03 went back from 64 to 32, see :func:`_pack_offset`)."""
    kinds = len(weights[0]) if weights else 0
    most = max((sum(round(w[k] * _PACK_SCALE) + offset for w in weights) for k in range(kinds)), default=0)
    return 32 if most < 1 << 32 else 64


def _pack(weights: tuple[float, ...], bits: int = 64, offset: int = _PACK_HALF) -> int:
    """One n-gram's weights as one integer, kind ``k`` in bits ``bits·k…bits·k+bits-1`` as
    ``round(w·10⁴) + offset`` (never negative: ``offset`` is at least the most negative stored weight
    negated, see :func:`_pack_offset`; ``2²⁰`` holds any |w| < 100). Adding the integers of a
    message's n-grams adds every kind's weights at once; a field minus ``n·offset`` is that kind's
    sum. No field can spill into the next: with 64 bits even all n-grams of a large model
    together (``n·(2²⁰ + 10⁶)`` for n = 100 000) stay far below 2⁶⁴; 32 bits are used only when
    :func:`_field_bits` has checked that the model's n-grams all together fit."""
    if any(abs(w) >= 100 for w in weights):
        raise ValueError(f"weight out of range: {weights}")
    if any(round(w * _PACK_SCALE) + offset < 0 for w in weights):
        raise ValueError(f"weight below the offset {offset}: {weights}")
    return sum((round(w * _PACK_SCALE) + offset) << (bits * k) for k, w in enumerate(weights))


# a body's state denied just before it (没有昏迷, 不抽搐, 无呕吐, 未晕倒): no sign (see ModelStep._told_word)
_TOLD_DENIED = re.compile(r"[没不无未别]")
# nausea announced, not vomiting (要吐了, 想吐, 快吐了 at a smell or a sight): no sign either
_TOLD_NAUSEA = re.compile(r"[要想快]吐")


def _masks(r: Reading) -> list[tuple[int, int, str | None]]:
    """The look-alike phrases the model reads blanked: the walk's masks, and each likeness up to the end of its clause
    (a likeness is a figure where it is told, not a complaint's tone over the whole message, as 吵得 is: 红得像着火了)."""
    if not r.likeness:
        return r.masks
    return r.masks + [(a, next((c for c in r.breaks if c > b), len(r.norm)), None) for a, b in r.likeness]


def _droppable(f: Found) -> bool:
    """Whether `unlike` may drop what ``f`` found (when the model scores its kind low, in a short post): no hit made 疑似 by
    its context (a person judges it) and no everyday source's (for the duty desk)."""
    return not f.hedged and not any(w.startswith("来源：") for w in f.evidence)


def _told_plainly(r: Reading) -> bool:
    """Whether ``r`` tells without asking, laughing or settling (where `unlike_keeps` asks a certain hit its own bar)."""
    return not (r.laughs or r.settled or r.rescues) and _ASKING.search(r.norm) is None


def _demote(f: Found, z: float) -> None:
    """A certain hit shown as 疑似, with the model's figure (logit ``z``) as its last piece of evidence."""
    f.certain = False
    f.evidence[5:] = []  # (the operator sees six words at most: keep the figure)
    f.evidence.append(f"模型{1 / (1 + math.exp(-z)):.0%}")


# how far a context word that keeps the model's guess of a kind quiet reaches, as the patterns read it for a hit: a
# kind's `unless` word its clause, the clause before it and the one after, within its sentence (a word in the clause
# before a hit frames it as the topic, 烧烤摊…，天天冒烟; one told after explains it, …冒黑烟 是烧烤摊); a frame (演练,
# 电影), a past marker or a word of the model's own `unless` (a lawful way, 投诉到底; talk taken back, 其实就是说说) its
# sentence. A kind's word in a question frames the whole post: a question asks about what the post tells (狂犬疫苗哪里
# 能打？卫生站说没有了; …臭得吃不下饭。请问它的环评怎么批的？). A past marker's sentence ends, for it, at a contrast told
# after it (当时觉得人没事，可是到晚上头一直疼): what follows is told as so now, not as history; and a settled marker is taken
# back by one after it in its sentence or opening the next (人没事 但是…头一直晕: see _taken_back)
_BUT = re.compile(r"但是|但|可是|不过|然而|其实")
_QUESTION_END = ("?", "吗", "吗呢", "吗啊", "吗呀")


def _framed(r: Reading, words: list[tuple[int, int]], frames: list[tuple[int, int]],
            dated: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """What the context words of a guess frame in ``r``'s text (see above), as spans: ``words`` its kind's `unless` words,
    ``frames`` the frames (or the model's own `unless` words), ``dated`` the past markers that would keep it quiet."""
    norm, breaks = r.norm, r.breaks
    n = len(norm)
    ends = _sentence_ends(norm)
    spans = []
    for a, _ in words:
        slo, shi = _clause(ends, a, n)
        if norm.startswith("?", shi) or norm[slo:shi].endswith(_QUESTION_END):
            return [(0, n)]
        lo, hi = _clause(breaks, a, n)
        if lo - 1 > slo:
            lo = _clause(breaks, lo - 2, n)[0]
        if hi + 1 < shi:
            nhi = _clause(breaks, hi + 1, n)[1]
            if not _told_now(norm, hi + 1, nhi):  # (the clause after tells its own danger now: not framed, see .rules)
                hi = nhi
        spans.append((lo, hi + 1))
    for a, _ in frames:
        lo, hi = _clause(ends, a, n)
        spans.append((lo, hi + 1))
    for a, _ in dated:
        lo, hi = _clause(ends, a, n)
        but = _BUT.search(norm, a, hi)
        spans.append((lo, but.start() if but is not None else hi + 1))
    return spans


def _taken_back(r: Reading, starts: list[int]) -> int:
    """Where the last settled marker (starting at ``starts``) is taken back: a contrast after it in its sentence or
    opening the next (人没事 但是…头一直晕; 说是没事了。其实…); 0 when none is. The guess is then read from the contrast
    on (see ModelStep._raised_without)."""
    norm = r.norm
    a = max(starts)
    end = _sentence_end(norm, a)
    mt = _BUT.search(norm, a, end)
    if mt is None:
        nxt = end + 1
        mt = _BUT.match(norm, nxt) if nxt < len(norm) else None
    return mt.start() if mt is not None else 0


def _drop(found: dict[str, Found], dropped: list[tuple[str, Found, float, str]], r: Reading) -> None:
    """The kinds the model reads a post as none of (``dropped``: kind, hit, logit, what the post told beside it, or ""),
    dropped from ``found`` and listed among what was cancelled, by what was told and the model's figure (看到电费单我心梗,
    模型1.2%; 没砸着人，模型4.0%). Not when another kind is raised as certain: the message goes to a person as certain of
    it anyway (井水…拉肚子: sickness certain, the water's hazard weak), and dropping a kind would keep no post out of the
    queue, only hide what was seen; its certain hits are shown 疑似 then, with the model's figure, as ``doubt`` shows
    them."""
    kinds = {kind for kind, _, _, _ in dropped}
    if any(g.certain for kind, g in found.items() if kind not in kinds):
        for _, f, z, _ in dropped:
            if f.certain:
                _demote(f, z)
        return
    for kind, f, z, told in dropped:
        del found[kind]
        r.cancelled.append({"flag": kind, "words": "、".join(f.evidence),
                            "by": f"{told + '，' if told else ''}模型{1 / (1 + math.exp(-z)):.1%}"})


class ModelStep:
    """The model of ``[model]`` in ``risk.toml`` (none: the step raises nothing), packed for scoring;
    :meth:`score` is pure per text."""

    def __init__(self, settings: RiskSettings, policy: Policy) -> None:
        m = settings.match
        self.labels = policy.labels
        self.severity = policy.severity
        self.sourced = policy.sourced
        self.past_cancels = policy.past_cancels
        self.standing = policy.standing
        self.questioned = policy.questioned
        self.services = policy.services
        self.stakes = policy.stakes
        self.grievances = policy.grievances
        self.model_needs = dict(settings.model.needs) if settings.model is not None else {}
        # each kind's needs as one expression: one C-level search, not a Python test per word
        self._needs = {k: re.compile("|".join(map(re.escape, words))) for k, words in self.model_needs.items() if words}
        # the words of a call, blanked where needs are looked for (来电人反映路灯不亮: no 电 of electricity)
        calls = settings.model.calls if settings.model is not None else ()
        self._calls = re.compile("|".join(map(re.escape, sorted(calls, key=len, reverse=True)))) if calls else None
        self._model_unless = ({k: re.compile("|".join(map(re.escape, words)))
                               for k, words in settings.model.unless.items() if words}
                              if settings.model is not None else {})
        self._laughs = frozenset(m.laughs) | frozenset(m.withdrawals)  # (what the model follows)
        self.model: RiskModel | None = None
        # per model kind, the logits below which a certain pattern hit becomes 疑似: (any hit, a hit
        # resting on one piece of evidence); None when no kind has a bar (see _doubted)
        self._doubt: tuple[tuple[float, float], ...] | None = None
        self._unlike: tuple[float, ...] = ()  # (per model kind, the logit of `unlike`, see _doubted; -inf: never)
        self._unlike_on = False  # (whether any kind has a bar)
        self._unlike_keeps: dict[str, float] = {}  # (per kind, the logit below which `unlike` drops a plain certain hit)
        gram_ids: dict[str, int] = {}
        # the model's characters, most frequent first, and the sort key they give: the word walk's
        # automaton numbers its words in that order (see trie_order)
        self.order = by_frequency("")
        if settings.model is not None:
            try:
                self.model = RiskModel.load(Path(settings.model.path), KINDS)
            except RiskModelError as err:
                raise ConfigError(f"risk.toml: model.path: {err}") from None
            gram_ids = {g: i for i, g in enumerate(self.model.weights)}
            self.order = by_frequency(self.model.chars)
            self._weights = list(self.model.weights.values())
            self._gram_text = list(self.model.weights)
            self._bias = self.model.intercepts
            # each n-gram's weights packed in one integer, a field per kind (see _pack): the
            # score of a message is then one sum of integers, not a sum per kind
            self._offset = _pack_offset(self._weights)
            bits = _field_bits(self._weights, self._offset)
            # (made again one after another once _pack's intermediate integers are freed: a message sums some
            # twenty of them read at random, and scattered among those leftovers each cost a cache miss)
            self._packed = [p + 0 for p in [_pack(w, bits, self._offset) for w in self._weights]]
            self._neg_weights = [[-w[k] for w in self._weights] for k in range(len(self.model.kinds))]
            # a message's fields are read in one C call; a kind is above its bar when its field
            # minus the offset reaches (bar - intercept) x sqrt(positions) x 10^4 (no logit per kind)
            self._unpack = struct.Struct(f"<{len(self.model.kinds)}{'I' if bits == 32 else 'Q'}").unpack
            self._field_bytes = bits // 8 * len(self.model.kinds)
            self._model_kinds = self.model.kinds
            self._kind_index = {kind: k for k, kind in enumerate(self.model.kinds)}
            # compare scores in logit space: no exp() for the kinds that stay quiet
            self._logit_bar = tuple(math.log(t / (1 - t)) for t in
                                    (settings.model.thresholds.get(k, settings.model.threshold)
                                     for k in self.model.kinds))
            self._margins = tuple(bar - bias for bar, bias in zip(self._logit_bar, self._bias))
            # below this logit a pattern's certain hit is shown as 疑似 (see _doubted)
            def logit(p: float) -> float:
                return math.log(p / (1 - p)) if p > 0 else -math.inf
            doubt = settings.model.doubt
            bars = tuple((logit(doubt), logit(max(doubt, settings.model.doubt_single.get(k, 0.0))))
                         for k in self.model.kinds)
            self._doubt = bars if any(b > -math.inf for pair in bars for b in pair) else None
            # below this logit a kind the patterns raised as 疑似 (or a certain hit the doubt would demote) is dropped
            # (per kind: its bar in `unlike_bars`, else the model file's at `unlike_share`, read from its held-out
            # dangers, else `unlike`)
            if settings.model.unlike_share is not None:
                try:
                    bars = self.model.unlike_bars(settings.model.unlike_share)
                except RiskModelError as err:
                    raise ConfigError(f"risk.toml: model.unlike_share: {settings.model.path}: {err}") from None
            else:
                bars = {}
            bars |= settings.model.unlike_bars  # (a kind's explicit bar over the model's)
            self._unlike = tuple(logit(bars.get(k, settings.model.unlike)) for k in self.model.kinds)
            self._unlike_on = any(b > -math.inf for b in self._unlike)
            self._unlike_keeps = {kind: logit(p) for kind, p in settings.model.unlike_keeps.items()}
            # per model kind told by how it shows in a body (`told`, `told_bar` in [kinds.X]): the told words as one
            # expression and the margin of the lower bar they allow (see _told_word)
            self._told: dict[int, tuple[re.Pattern[str], float]] = {}
            for k, kind in enumerate(self.model.kinds):
                ks = settings.kinds.get(kind)
                if ks is not None and ks.told and ks.told_bar is not None and logit(ks.told_bar) < self._logit_bar[k]:
                    self._told[k] = (re.compile(longest_first(ks.told)),
                                     logit(ks.told_bar) - self._bias[k])
            # the rows of n-grams made of style characters only (我要, 真的): see _model_hits
            style = set(settings.model.style)
            self._style_rows = frozenset(i for i, g in enumerate(self._gram_text) if set(g) <= style)
            # per kind, n-grams that tell only who and where (孩子, 老师, 同学, 邻居家) beside style: a
            # harm-at-home guess must rest on something done or left undone, not on a family being named
            self._plain_rows = {self.model.kinds.index(k): frozenset(i for i, g in enumerate(self._gram_text)
                                                                     if set(g) <= style | set(chars))
                                for k, chars in settings.model.topic.items() if k in self.model.kinds}
            # per kind, the bar its content n-grams alone must reach (`content_bar`, or the model file's at
            # `content_share`, read from its held-out dangers, at most `content_most`: see RiskModel.content_bars)
            try:
                content = settings.model.content_bars(self.model)
            except RiskModelError as err:
                raise ConfigError(f"risk.toml: model.content_share: {settings.model.path}: {err}") from None
            self._content_bar = {self.model.kinds.index(k): logit(b) for k, b in content.items() if k in self.model.kinds}
            # per length band (GUESS_LENGTHS), the margins of each kind's bar: `thresholds` alike in every band, or with
            # `bars_odds` the bars the model file's held-out guesses read under them (RiskModel.guess_bars)
            self._band_margins = (self._margins,) * (len(GUESS_LENGTHS) + 1)
            if settings.model.bars_odds is not None:
                ceilings = {k: settings.model.thresholds.get(k, settings.model.threshold) for k in self.model.kinds}
                try:
                    read = self.model.guess_bars(settings.model.bars_odds, ceilings)
                except RiskModelError as err:
                    raise ConfigError(f"risk.toml: model.bars_odds: {settings.model.path}: {err}") from None
                self._band_margins = tuple(tuple(math.log(read[kind][b] / (1 - read[kind][b])) - bias
                                                 for kind, bias in zip(self.model.kinds, self._bias))
                                           for b in range(len(GUESS_LENGTHS) + 1))
            self._min_margin = min(tuple(m for band in self._band_margins for m in band)
                                   + tuple(m for _, m in self._told.values()))
        self.chars = self.model.chars if self.model is not None else ""
        # the place and account names the model was trained without, and every @-mention (see
        # text.blank_names): None for a model trained on the texts as written, read as they are
        self._names = name_automaton(self.model.names) if self.model is not None else None
        self._blanks = self.model is not None and bool(self.model.names)
        # the n-grams in one double-array automaton (daachorse): a pattern's id is its row, so the rows of
        # a message's distinct n-grams are one C-level ``set(map(...))`` and their packed weights one ``sum``
        self._grams: CharwiseDoubleArrayAhoCorasick | None = (
            CharwiseDoubleArrayAhoCorasick(self._gram_text) if gram_ids else None)

    def threshold_of(self, kind: str, n: int | None = None) -> float:
        """The model's bar for ``kind`` (a probability) in a text of ``n`` characters the model reads: at or above it the
        kind is raised as 疑似 (below `thresholds`, see `bars_odds`, only where nothing else is raised); without ``n``,
        the kind's `thresholds` bar, the most any length asks."""
        if self.model is None:
            return 1.0
        k = self.model.kinds.index(kind)
        margin = self._margins[k] if n is None else self._band_margins[length_band(n)][k]
        return 1 / (1 + math.exp(-margin - self._bias[k]))

    def score(self, r: Reading, content: dict[str, float] | None = None) -> dict[str, float]:
        """Kinds the learned model scores above their threshold that no pattern raised: added to
        ``found`` as possible (疑似), with the n-grams that weighed most as evidence. The
        look-alike context of the patterns holds for the model too, over the whole message (it
        cannot say which clause it read): an ``unless`` (演练, 新闻…), a frame, a figure of speech
        (吵得), a settled marker, for kinds whose ``past`` cancels a past marker, and for kinds whose
        ``standing`` cancels a standing condition the patterns read (长期有车占用消防通道，120进不来
        怎么办) keep it quiet; the evidence says so. An ``unless`` beside a sign of real danger of the
        kind (油烟 … 有人被困) does not: the guess is 疑似 anyway (see :mod:`.rules`)."""
        scored = self._sums(r)
        if scored is None:
            return {}
        norm, found = r.norm, r.found
        told, held, sums, offset, inv, n = scored
        if (self._doubt is not None or self._unlike_on) and found:
            self._doubted(found, sums, offset, inv, n, r)
        if max(sums) - offset < self._min_margin * inv:
            return {}  # no kind reaches its bar: most messages end here, with one comparison
        hits: list[int] = []  # (a plain loop: a comprehension builds a function and its frame per message)
        told_by: dict[int, str] = {}  # a kind raised below its bar, by the body's state told (see _told_word)
        # (a kind guessed between its bar read from the model file and `thresholds`, see `bars_odds`: only where nothing
        # else is raised, see below)
        low: set[int] | None = None
        margins = self._band_margins[length_band(n)]
        for k, margin in enumerate(margins):
            if self._model_kinds[k] in found:
                continue
            field = sums[k] - offset
            if field >= self._margins[k] * inv:
                hits.append(k)
                continue
            word = self._told_word(r.norm, k, field, inv) if k in self._told else None
            if word is not None:
                hits.append(k)
                told_by[k] = word
            elif field >= margin * inv and not found:
                hits.append(k)
                low = low or set()
                low.add(k)
        if not hits:
            return {}  # every kind above its bar was raised by the patterns already (most risk messages)
        masks = _masks(r)
        cancelled, settled, past, unless, quiet = r.cancelled, r.settled, r.past, r.unless, r.quiet
        frames, standing, ongoing, alarms, history = r.frames, r.standing, r.ongoing, r.alarms, r.history
        if r.here:  # (a marker of one sentence's outcome leaves the model's guesses on the rest alone)
            settled = [x for x in settled if x[0] not in r.here]
        if past and ongoing:  # (a past marker in a clause that says it is so now, 以前没见过, dates nothing
            # for the model either: 坝子底下一直渗水，老人说以前没见过这样)
            breaks = r.breaks
            past = [(a, w) for a, w in past
                    if not any(lo <= o < hi for lo, hi in (_clause(breaks, a, len(norm)),) for o in ongoing)]
        if past:  # (nor one that opens a proof, 去年就是这淹了半个村: the danger is argued as still there, see .rules)
            past = [(a, w) for a, w in past if not _proof(norm, a, w)]
        # (a laugh anywhere keeps the model quiet as a figure of speech does: 菜价涨成这样真的活不起了😂;
        # the patterns still read a cry beside a laugh, 哈哈哈我真的不想活了)
        hypers = r.hypers + [(a, a + len(w)) for a, w in r.laughs] if r.laughs else r.hypers
        out: dict[str, float] = {}
        told_standing = {w for _, w in standing}
        rows: list[int] | None = None  # the rows of the n-grams held (set order), read once
        if low is not None:
            # a guess under `thresholds`, above the bar the model's held-out guesses read (`bars_odds`), is raised only
            # on a message nothing else raises: there it brings a post to a person that would reach none, where beside
            # another flag it would only add a label, wrong as often as not (read last, after the guesses at their bars)
            # (the highest first: of two guesses under their bars, the likelier is raised)
            hits.sort(key=lambda k: (True, -self._bias[k] - (sums[k] - offset) / inv) if k in low else (False, 0.0))
        raised = False  # (whether a guess at its `thresholds` bar was raised: then no guess under it is)
        for k in hits:
            kind = self._model_kinds[k]
            if raised and low is not None and k in low:
                continue
            p = 1 / (1 + math.exp(-(self._bias[k] + (sums[k] - offset) / inv)))
            out[kind] = round(p, 3)
            # (a video call with the writer's kin, 我外甥…视频里说, frames nothing for the model either: see .rules)
            # (nor, for a threat, the act it is dared on: 谁敢去劳动仲裁，他就找人…, as the patterns read it)
            words = [(a, b) for a, b, c in unless if (c is None or c == kind)
                     and not (norm[a:b] in _CALL_WORDS and _video_call(norm, a))
                     and not (kind == "threat" and _in_dare(norm, a, b))]
            u = norm[words[0][0]:words[0][1]] if words else None
            alarm = None
            if u is not None and kind in alarms and u in self.sourced[kind]:
                alarm, u, words = f"{u}，但{alarms[kind]}", None, []
            if u is None and frames:
                u = norm[frames[0][0]:frames[0][1]]
            dated = past if past and kind in self.past_cancels and not (r.persists and r.persists[-1] > past[0][0]) else []
            if (u is not None or dated) and self._raised_without(r, k, _framed(r, words, frames, dated),
                                                                  low is not None and k in low, n, inv):
                # what these words frame is told where they stand (see _framed): a guess the rest of the post raises by
                # itself is of a danger told elsewhere (上个月单位体检都正常。今天早上我爸一直吐，头晕得站不住)
                u, dated = None, []
            if u is None and hypers:  # 吵得人头疼: a complaint told by its effect (a laugh anywhere, 😂, as one)
                u = norm[hypers[0][0]:hypers[0][1]]
            needs = self._needs.get(kind)
            # the patterns read this kind as a standing condition (长期有车占用消防通道): so does the model
            stood = (next((c["by"] for c in cancelled if c["flag"] == kind and c["by"] in told_standing), None)
                     if told_standing and self.standing.get(kind) == "cancel" else None)
            # the patterns read this kind as something nobody suffered (没有人晕倒): the model, which
            # cannot read who, does not raise it either (other denials stay the patterns' own: a
            # wrong one, 没有担架, must not silence the model too)
            denied = next((c["by"] for c in cancelled if c["flag"] == kind and c["words"] != "模型"
                           and (c["by"] in _NOBODY or c["by"] in self._laughs
                                or (kind == "safety_hazard" and (c["by"] in _FLAT_DENIALS or c["by"] == _CEASED))
                                or (kind == "self_harm" and (c["by"] in _INTENT_DENIALS
                                                             # a resolve about a job or a study (明天就辞职，谁也别拦我)
                                                             or _DECISION.fullmatch(c["by"]) is not None))
                                or (kind == "medical" and c["by"] in _EVENT_DENIALS)
                                # the act named as the topic of a verdict (打孩子到底管不管用): talked about, not told
                                or _VERDICT.fullmatch(c["by"]) is not None
                                # a child's tears beside a measure asked for (能不能别把排名发家长群): the ground of a request
                                or c["by"] in self.services.get(kind, ())
                                # wear whose stakes are property or looks (溅一脚泥水, 影响观感): a maintenance complaint
                                or c["by"] in self.stakes.get(kind, ())
                                # a danger supposed and asked what to do about it (万一…应该怎么做): knowledge asked for
                                or _SUPPOSED_ASKED.fullmatch(c["by"]) is not None
                                # a question asked ahead of need (想存手机里备用, 提前问问心里有底): knowledge sought
                                or _AHEAD.fullmatch(c["by"]) is not None
                                # a fire risk as the ground of a ban, the rule asked about (物业说有火灾隐患，谁说了算)
                                or (kind == "safety_hazard" and _BAN_ASKED.fullmatch(c["by"]) is not None
                                    and _RULE_ASKED.search(c["by"]) is not None)
                                # a school's mild punishment (上课说话，被罚站了一节课): a rule weighed
                                or _PUNISHED_MILDLY.fullmatch(c["by"]) is not None
                                # sleep told as ordinary sleep (醒来都中午了, 被窝太舒服了): no wish never to wake
                                or (kind == "self_harm" and (_SLEPT.fullmatch(c["by"]) is not None
                                                             or _FOR_ANOTHER.fullmatch(c["by"]) is not None
                                                             or _PRICE_UP.fullmatch(c["by"]) is not None
                                                             or _PILL_TOLD.fullmatch(c["by"]) is not None))
                                # running away announced as a wish, not done (我要离家出走去吃顿火锅): a mood vented
                                or (kind == "minor_domestic" and c["by"].endswith("离家出走")
                                    and _AWAY_WISHED.search(c["by"][:-4]) is not None)
                                # a fight for a goal, against a thing or as a lawful step (跟12306拼了): no one's harm
                                or (kind == "threat" and _FIGHT.search(c["words"]) is not None
                                    and _FOUGHT.fullmatch(c["by"]) is not None))), None) if cancelled else None
            if denied is None and kind == "self_harm" and masks:
                # 死 told as a degree (热死了, 累死了, 头疼得要死): the writer's strongest word was a figure of
                # speech, so the model's vague 轻生 guess from the rest (今天, 外面) is no cry either
                denied = next((norm[a:b] for a, b, _ in masks if "死" in norm[a:b]), None)
            done = next((w for _, w, c in settled if c is None or c == kind), None) if settled else None
            if done is not None:
                # (what a contrast after the marker tells is not settled, when it raises the guess by itself)
                cut = _taken_back(r, [a for a, _, c in settled if c is None or c == kind])
                if cut and self._raised_without(r, k, [(0, cut)], low is not None and k in low, n, inv):
                    done = None
            why = (u if u is not None else done if done is not None
                   else dated[0][1] if dated
                   else history[kind] if history and kind in history  # 上回…没赔: read as history by the patterns
                   else denied if denied is not None
                   else stood if stood is not None
                   else quiet if quiet is not None
                   else f"无{self.labels[kind]}字眼" if needs is not None and not needs.search(self._uncalled(model_text(told)))
                   else None)
            if why is None and kind in self._model_unless:  # 投诉到底 beside a threat's 我就
                # (in the text as written: 打官司 is also a mask, 打 no blow, and blanked it would hide
                # the lawful way it names)
                ways = [mt for mt in self._model_unless[kind].finditer(norm)
                        if _DISMISSED.match(norm, mt.end()) is None and not _not_the_writers_way(norm, mt)]
                why = ways[0].group() if ways else None
                if ways and self._raised_without(r, k, _framed(r, [], [mt.span() for mt in ways], []),
                                                 low is not None and k in low, n, inv):
                    why = None  # (a lawful way told away from the menace: 我找了劳动仲裁…。…我已经打听好了他几点出门)
                if why is not None and alarm is None and kind in alarms:
                    # an everyday setting of the model's own (拜年, 促销, 刷油漆) beside a sign of real danger of the
                    # kind (被踩, 晕倒, 被困) is no look-alike either, as a pattern's `unless` is not: 疑似, with both told
                    alarm, why = f"{why}，但{alarms[kind]}", None
            if why is None and kind == "mass_incident" and alarm is None and kind not in alarms:
                # a crowd gathered for an occasion, no grievance told (迎新晚会 几百人在操场; 公会战今晚八点，全员集合)
                why = _occasion(norm)
            if why is None and kind == "minor_domestic" and alarm is None and kind not in alarms:
                # a child told content or praised, nothing harsh told (在姥姥家住了一周，乖得很; 俩娃堆雪人，玩疯了)
                why = _content_child(norm)
            if why is None and kind == "self_harm" and alarm is None and kind not in alarms:
                # sleeping pills asked about as a medicine (失眠…挂什么科; 过期的安眠药该扔哪): no means at hand
                why = _pill_as_medicine(norm)
            if why is None and kind == "minor_domestic" and alarm is None and kind not in alarms:
                # a neighbour's child's play told as the writer's nuisance (楼上娃半夜还在跳绳)
                why = _play_nuisance(norm)
            if why is None and kind == "threat" and alarm is None:
                # the writer's own recourse as the ultimatum's consequence (…我就把这家店的事发到抖音上; 我明天就去信访局)
                why = _recourse(norm)
            if why is None and alarm is None and kind not in alarms:
                # what the whole post tells that makes the kind harmless (.looks: a jump that is a sport, 蹦极跳了一次)
                why = told_harmless(kind, norm)
            if why is not None and why in self.questioned.get(kind, ()):
                # a rule question asked beside the writer's own plight (全队约好了周一去堵厂门，合法吗？厂里欠我们两季
                # 的钱; 我不在了以后房子归谁，想问问): about the writer's case, not the law, as the patterns read it
                # (see .rules): 疑似 for a person
                felt = next((w for w in self.grievances[kind] if w in norm), None)
                if felt is not None:
                    alarm, why = f"问{why}，{felt}", None
            # (a kind raised by its told word has its content: the word, 去拦 or 在旁边玩, is what the post tells, not its
            # style; the content bar is not asked of it)
            if why is None and k in self._content_bar and k not in told_by:
                # style n-grams alone raise no flag: the written risk messages are told in the first
                # person and in a hurry more often than their look-alikes, so 我要/我已经/你们/一个
                # learned weight and fired on ordinary appeals (我要去人社局问问, 你们这客服…我就不信)
                if rows is None:
                    rows = list(held)
                plain = self._plain_rows.get(k, self._style_rows)
                z = self._bias[k] + sum(self._weights[i][k] for i in rows if i not in plain) * _PACK_SCALE / inv
                if content is not None:
                    content[kind] = 1 / (1 + math.exp(-z))
                if z < self._content_bar[k]:
                    why = "仅语气字眼" if plain is self._style_rows else "仅人物字眼"
            if why is not None:
                cancelled.append({"flag": kind, "words": "模型", "by": why})
                continue
            # the four n-grams that weigh most for the kind (ties in row order): a C-level key
            # (style n-grams are no evidence: 我要 tells an operator nothing)
            # (nsmallest's documented equal, sorted by key and cut, in C: no generators, no heap)
            if rows is None:
                rows = list(held)
            top = [i for i in rows if i not in self._style_rows]
            top.sort()
            top.sort(key=self._neg_weights[k].__getitem__)
            del top[4:]
            raised = True
            f = found.setdefault(kind, Found(severity=self.severity[kind]))
            f.evidence.append(f"模型{p:.0%}")
            if alarm is not None:
                f.evidence.append(alarm)
            if k in told_by:
                f.evidence.append(told_by[k])
            f.evidence.extend(self._gram_text[i] for i in top
                              if self._weights[i][k] > 0 and not _CLAUSE.search(self._gram_text[i]))
        return out

    def _told_word(self, norm: str, k: int, field: int, inv: float) -> str | None:
        """The word telling model kind ``k`` by how it shows (`told` in [kinds.X]: a body's state for 急症, 昏迷, 抽搐; for
        轻生 a person to be stopped or a sleep not to be woken from, 去拦, 别叫醒; for a hazard who is exposed or what it already did, 在旁边玩,
        翻了两), when the model's guess for it (``field``, its packed sum less the offset) reaches the kind's `told_bar`,
        below its bar: the first such word not denied just before it (没有昏迷, 不抽搐, 没拦住), nor nausea announced (要吐了),
        nor an animal's (狗…抽搐), else None. The danger is read from what it does to someone or asks of others, which no
        writer words the same, and the model has already read the text as near the kind."""
        expr, margin = self._told[k]
        if field < margin * inv:
            return None
        for mt in expr.finditer(norm):
            a = mt.start()
            if (_TOLD_DENIED.search(norm, max(0, a - 2), a) is None and _TOLD_NAUSEA.match(norm, max(0, a - 1)) is None
                    # (an animal's body: 路边那只狗突然抽搐)
                    and _ANIMAL.search(norm, max(0, a - 8), a) is None):
                return mt.group()
        return None

    def _sums(self, r: Reading) -> tuple[str, set[int], tuple[int, ...], int, float, int] | None:
        """What the model reads of ``r``: the text a kind's needs are looked for in (masks blanked), the rows of the
        distinct n-grams held, every kind's packed sum, the offset to take from each, the row scaling (in stored
        units) and the length read; None when the model holds none of its n-grams."""
        if self.model is None or self._grams is None:
            return None
        # (what every message needs first; the context that keeps a guess quiet is read below, for the
        # few messages where the model raises a kind the patterns did not)
        norm, masks = r.norm, _masks(r)
        seen = norm
        if masks:  # a look-alike phrase is read as the look-alike by the model too (气死, 跳绳):
            # its characters are blanked, so no n-gram touching it is found (masks are at least two
            # characters long, so an n-gram touches one by its first or last character), and it
            # holds no word a kind needs (冻死 no 死 of an ending, 打了一个电话 no blow)
            # (the text's pieces between the masks and a blank run for each, joined once: not a list of its
            # characters, a new object for each Chinese one, which cost a long letter 6 % of its detection)
            parts = []
            at = 0
            for a, b in sorted([(a, b) for a, b, _ in masks]):
                if b <= at:
                    continue
                if a > at:
                    parts.append(norm[at:a])
                    at = a
                parts.append("\0" * (b - at))
                at = b
            parts.append(norm[at:])
            seen = "".join(parts)
        told = seen  # (what a kind's needs are looked for in: the names are words of a place, 门口, 广场)
        read = self._read(seen)
        if read is None:
            return None
        n, held, sums, offset = read
        inv = _INV[n] if n < _INV_LEN else math.sqrt(positions_of(n)) * _PACK_SCALE
        return told, held, sums, offset, inv, n

    def _read(self, seen: str) -> tuple[int, set[int], tuple[int, ...], int] | None:
        """What the model reads of ``seen`` (a text with its masks blanked): the length read, the rows of the distinct
        n-grams held, every kind's packed sum and the offset to take from each; None when it holds none."""
        if self._blanks:  # the names, as in training: no n-gram of an account's or a place's name
            seen = blank_names(seen, self._names)
        if " " in seen:  # (a clause's space: the model reads the text without it, as trained)
            seen = model_text(seen)
        held = set(map(_THIRD, find_all(self._grams, seen)))  # type: ignore[arg-type]  # (the distinct n-grams' rows)
        if not held:
            return None
        sums = self._unpack(sum(map(self._packed.__getitem__, held)).to_bytes(self._field_bytes, "little"))
        # (n: 1 / the row scaling, in stored units, is read from the table, see _INV)
        return len(seen), held, sums, len(held) * self._offset

    def _raised_without(self, r: Reading, k: int, spans: list[tuple[int, int]], low: bool, n: int, inv: float) -> bool:
        """Whether the model raises kind ``k`` on ``r``'s text with ``spans`` cut out (what a context word frames: see
        :func:`_framed`), its masks blanked as in :meth:`_sums` and its n-grams scaled as the whole text's (``n``
        characters read, ``inv``): at its kind's bar (its length's, for a guess raised under `thresholds` where nothing
        else is raised, ``low``), or at the lower bar of a body's state told outside them (see _told_word). Scaled as the
        whole, the rest must tell the danger by itself: read as a short post of its own, a fragment scores higher than it
        weighs in its post (a meal told before 撑得, the clause of 撑得 cut). Only on the rare path where a context word
        would keep a guess quiet."""
        norm = r.norm
        chars = list(norm)
        for a, b, _ in _masks(r):
            chars[a:b] = "\0" * (b - a)
        pieces = []
        at = 0
        for a, b in sorted(spans) + [(len(norm), len(norm))]:
            if a > at:
                pieces.append("".join(chars[at:a]))
            at = max(at, b)
        # (each cut a blank: no n-gram reads across it)
        seen = "\0".join(pieces)
        read = self._read(seen)
        if read is None:
            return False
        _, _, sums, offset = read
        field = sums[k] - offset
        if field >= (self._band_margins[length_band(n)][k] if low else self._margins[k]) * inv:
            return True
        return k in self._told and self._told_word(seen, k, field, inv) is not None

    def _uncalled(self, seen: str) -> str:
        """``seen`` with the words of a call blanked (``[model] calls``: 来电, 电话): what a kind's
        ``needs`` are looked for in. Only on the rare path where the model raises a kind."""
        return self._calls.sub(lambda mt: "\0" * len(mt.group()), seen) if self._calls is not None else seen

    def unlike_scores(self, r: Reading) -> dict[str, tuple[float, bool]]:
        """For calibrating `unlike` (risk_train.held_out): per kind the patterns found in ``r`` (read by the rule check and
        the everyday sources, not yet by :meth:`score`) that `unlike` could drop, the model's probability and whether the
        hit is certain in a post told plainly (where `unlike_keeps` applies). Could drop: a short post, a hit
        :func:`_droppable`, and no other kind found certain (nothing is dropped beside one)."""
        found = r.found
        if len(r.norm) > _UNLIKE_SHORT or not found:
            return {}
        scored = self._sums(r)
        if scored is None:
            return {}
        _, _, sums, offset, inv, n = scored
        if n > _UNLIKE_SHORT:
            return {}
        plain = _told_plainly(r)
        out = {}
        for kind, f in found.items():
            k = self._kind_index.get(kind)
            if k is None or not _droppable(f) or any(g.certain for other, g in found.items() if other != kind):
                continue
            out[kind] = (1 / (1 + math.exp(-(self._bias[k] + (sums[k] - offset) / inv))), f.certain and plain)
        return out

    def _doubted(self, found: dict[str, Found], sums: tuple[int, ...], offset: int, inv: float, n: int,
                 r: Reading) -> None:
        """A pattern's certain hit of a kind the model scores below ``[model] doubt`` is shown as
        疑似, with the model's figure as evidence (跳楼, 模型3%): the whole message reads like none
        of the thousands of that kind's messages it was trained on, and like the look-alikes, so a
        person judges it (see docs/classify.md). A kind resting on one
        piece of evidence asks ``doubt_single`` of its kind: a lone cue (烟呛 of burning leaves,
        井盖…下沉 of a sunken cover) is how routine things are told, while a danger is mostly told
        with more than one (冒烟 + 火花).

        Below ``[model] unlike`` (far below ``doubt``), in a message of at most ``_UNLIKE_SHORT`` characters, a kind
        raised by weak cues or certain hits only is dropped and listed among what was cancelled (看到电费单我心梗,
        模型1.2%): the post reads like none of the kind's messages. A kind with a hit made 疑似 by its context
        (``Found.hedged``: 听说, 请问, a past marker…) or an everyday source's stays for a person. A certain hit of a kind
        of ``unlike_keeps``, in a post told plainly, asks that kind's lower bar instead (a hazard: above it, shown as 疑似
        with the model's figure by ``doubt``). Nothing is dropped from a message another kind raises as certain: it goes
        to a person anyway."""
        unlike = None
        averted: list[tuple[str, Found, float, str]] | None = None  # (doubted hits beside a mishap's luck, see below)
        # (a certain hit of `unlike_keeps` asks its kind's bar in a post told plainly: no asking, no laugh, nothing settled)
        plain = _told_plainly(r)
        for kind, f in found.items():  # (the kinds found, one or two: not every kind of the model)
            k = self._kind_index.get(kind)
            if k is None:
                continue
            z = self._bias[k] + (sums[k] - offset) / inv
            if n <= _UNLIKE_SHORT and self._unlike_on:
                bar = self._unlike_keeps.get(kind, self._unlike[k]) if f.certain and plain else self._unlike[k]
                if z < bar and _droppable(f):
                    # a danger's word in a message the model reads as none of the kind's (a sight that made one
                    # 吐血, a fee that made life 没法过): no flag, shown among what was cancelled
                    unlike = unlike or []
                    unlike.append((kind, f, z))
                    continue
            if f.certain and self._doubt is not None and z < self._doubt[k][len(f.evidence) == 1]:
                if kind != "self_harm" and (luck := harm_averted(r.norm) or laughed_off(r.laughs)
                                               or at_play(r.norm)) is not None:
                    averted = averted or []
                    averted.append((kind, f, z, luck))
                    continue
                _demote(f, z)
        if averted is not None:
            # the certain hits under ``doubt`` in a post that tells a mishap's luck with nothing left at risk, laughs,
            # or names a play (looks.harm_averted, looks.laughed_off, looks.at_play): the model reads the post as none
            # of the kind's dangers and the writer says nobody came to harm (树倒了一棵，没砸着人), laughs at it (娃又
            # 挨打了，武术课上被踢的，哈哈) or tells it of a game or a show (当群演，演了个被砍死的土匪); not 轻生
            _drop(found, averted, r)
        if unlike is not None:
            _drop(found, [(kind, f, z, "") for kind, f, z in unlike], r)
