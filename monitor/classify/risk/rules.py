"""The rule check: each rule word the walk found, against its cues and the context around it.

A word fires alone or with a `near` cue within a few characters; then, in this order, a look-alike
phrase (mask), a question for a way naming the danger as its topic, a figure of speech (吵得…, a
simile, a laugh), a negation, look-alike context or a frame, a wish taken back, a settled marker, a
past marker or a past event's handling, a long letter's background and a standing condition may
cancel it, and a conditional, a standing condition or a sign of real danger beside look-alike
context makes it 疑似. Every cancelled hit is listed with what cancelled it (the evidence shows it).
The words and their order are the module docstring of :mod:`monitor.classify.risk`.

Cost: a bisection into the cues per hit and, for a long text, into each role's items (see
:func:`.spans._ends`); the checks read a few characters or a sentence around the hit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import reduce
from operator import or_
from typing import Any

from monitor.classify.risk.context import (_AHEAD_KINDS, _ANIMAL, _CALL_WORDS, _CEASED, _CONTRASTS, _DECISION, _EXPLAINING,
                                           _NOBODY, _OPENING, _RESOLVE, _TOLD, _ahead, _animal_told, _asked, _ban_asked,
                                           _class_asked, _clause_for_another, _dared, _elder_story, _escalated, _fought_for,
                                           _handled_past, _in_clause, _judged, _mild_punishment, _occasion, menace_answered,
                                           _pill_as_medicine, _play_nuisance, _price_cry, _proof, _slept, _supposed, _told_now, _video_call,
                                           _wished_away)
from monitor.classify.risk.flags import _SEVERITY_ORDER, _snippet
from monitor.classify.risk.looks import told_doubtful, told_harmless
from monitor.classify.risk.matching import Matcher
from monitor.classify.risk.over import liable_after, outgrown
from monitor.classify.risk.policy import Policy
from monitor.classify.risk.reading import Found, Reading
from monitor.classify.risk.spans import (_CLAUSE, _MANY, _SECOND, _STOPS, _THIRD, _clause, _ends, _near, _search,
                                         _sentence_end, _sentence_ends, _word_end)
from monitor.classify.risk.text import _REPOST
from monitor.classify.risk_config import RiskSettings
from monitor.core.alternation import longest_first

# an outbreak: a group of people told sick together in the emergency's clause (班上七八个学生呕吐; 十余名孩子出现腹泻;
# 好几个说肚子疼; 大人孩子都…): food or water that made many ill is a matter for the duty desk told as a standing
# condition or deep in a long letter, and told as last week's when the text says it is unanswered since (至今未…,
# 到现在也没…; not 上个月…吃坏了肚子，现在都好了) — those make it 疑似 instead of cancelling it
_OUTBREAK = re.compile(r"(?:好几|十几|几十|十余|十多|二十多|三十多|七八|六七|五六|四五|三四|两三|[两三四五六七八九十]{1,2})"
                       r"(?:个|名|位|家|户)(?!多?月|小时|钟|星期|礼拜|工作日|季度|[岁年天周点])|(?:大人孩子|大人小孩|一家人|全家人?|好多人|很多人|不少人)都")
# …told as unanswered since (至今未…, 到现在也没…)
_UNANSWERED = re.compile(r"(?:至今|到现在|到今天|到目前|迄今)(?:为止)?(?:也|都|还|仍|依然)?(?:没|未|不)")
# a routine told to say it broke (每天早上都下楼遛弯，这都三天没见着人了; 天天在门口晒太阳，这两天没出来):
# a count of days gone without it, or today without it, after the standing word is an event now, not a
# standing condition (see `standing` in _rules)
_BROKEN = re.compile(r"(?:[0-9一二两三四五六七八九十几]+|好几|这几|这两|几)天(?:了|多|都|也|一直|还)*(?:没|不见|未)"
                     r"|今天(?:却|竟然|怎么|咋)?(?:没|不见)")
# the kinds whose sign told as stopped (不冒烟了) is over; a body's sign stopped (不动了, 不呼吸了) is the danger
_CEASING = frozenset({"safety_hazard"})
# a child uncared for or hurt, told beside a service asked (孩子三天没吃饭，大人都不在，有没有人推荐个社工): no mild sign, a
# neglect or a harm report; the service settles nothing there (see `services`, session of 2026-12-05)
# a thing of someone's that harm at home's 把 rule reads (老婆…把我的麻将桌扔出去了; 熊孩子把我的手办摔了): told with 的 after
# the person, what is thrown or broken is theirs, not them; not a body or kin (把我的头按进水里, 把她的孩子锁在阳台), which
# is the person still (sixth session of 2026-12-05, risk-looks; the kind's masks list things one by one, 把我的手机…)
_BA_PERSON = frozenset({"把我", "把他", "把她"})
_BODY_OR_KIN = re.compile(r"头|脑|脸|手|胳膊|臂|腿|脚|脖|发|眼|耳|背|腰|身|嘴|牙|鼻|肚|胸|肩|孩子|娃|女儿|儿子|闺女|妈|爸|老婆|"
                          r"媳妇|老公|丈夫|老人|奶|爷|姥|外婆|外公|宝|弟|妹|哥|姐|家人|命")
_UNCARED = re.compile(r"大人都?不在|没大人|无人看管|没人照顾|没人管|没吃饭|没吃东西|天没吃|救命|求救|惨叫|有伤|打|锁|关在|不给吃")
# a risk to a person named (危险, 砸到, 摔, 绊倒, 伤, 孩子, 老人, 隐患, 出事): the stakes are a body's, whatever else is named
# (see `stakes`, session of 2026-12-05)
# …or told as urgent or sudden (赶紧派人, 快来人, 水管爆了): an event, not wear
_AT_RISK = re.compile(r"危险|砸|摔|绊|滑倒|伤|孩子|小孩|娃|老人|安全|隐患|出事|万一|吓人|害怕|赶紧|快来|紧急|急|爆|大水|淹")
_ANIMAL_KINDS = frozenset({"medical", "minor_domestic"})  # (the kinds told of a person who suffers: see _animal_told)
_NOT_NON = frozenset("除莫无是绝并")  # (除非, 莫非, 无非, 是非 deny nothing; 绝非, 并非 are negations of the walk's own)
_NON_WORDS = frozenset("常法要得正凡")  # (非常, 非法, 非要, 非得, 非正常, 非凡: no denial)
_ASKED_END = "吗"  # a clause ending so is a question (呢 is as often a sigh: 水很深呢), a sentence of its own (see `unless` in _check)
# a question's end (这样可以吗 …): no cue pairs with a word across it, as no topic reaches across it
_QEND = re.compile(_ASKED_END + r"[，。！？；,.!?; ]")
# a case named by the act and pointed at (那起杀人纵火案, 那个家暴案子的判决): a case at law or in the news, no call; not a
# case reported or filed (报案, 立案: the act is told before them), nor one's own told bare (我被家暴的案子一直不立案)
_CASE_NAMED = re.compile(r"(?:那起|这起|一起|那个|这个|那宗|这宗|某起|那件|这件|几起)[^,.;:!?\s]{0,4}$")  # (the case pointed at)
# (ninth session of 2026-12-04) where the act asked about would be done, named as one place people are (在政府门口泼油点火要判
# 几年; 在他家楼下…判几年): a penalty asked for an act at a particular door is a plan's, not a rule question
_PLACED = re.compile(r"在[^,.;:!?\s]{0,8}(?:门口|门前|楼下|大门|大厅|办公室|院里|院子里|家里|店里|公司里?)")
_CASE = re.compile(r"[^,.;:!?\s报立结办破备翻犯]{0,4}?(?:案子|案件|案(?![板底头例情由发]))")
# a dream's end (梦见家里着火了，醒来检查了一遍燃气阀门): what was dreamt and what is done awake are no pair of cue and word
_WOKE = re.compile(r"醒来|醒了|醒过来")
# things compared for a choice (烧煤和烧电哪个暖和; 120和999有啥区别): a hit among them names a product or a
# service asked about, in its clause before the question (see _compared)
_COMPARED = re.compile(r"(?:和|跟|与|还是|或者)[^,.;:!?\s]{1,12}?(?:哪个|哪种|哪样|哪家|有啥区别|有什么区别|区别大|的区别)")
_AFTERTHOUGHT = 12  # characters of a sentence that frames the one before it (我在写论文, 就是问问, 开玩笑的)
_HYPER_REACH = 5  # characters between 吵得 and the hit it turns into a figure of speech (我都快)


_LAUGH_GAP = 10  # characters after a hit's clause within which a laugh still comments on it (…打死你 他还冲我做鬼脸 哈哈)
# the kinds a laugh told beyond another clause still makes a joke of: words said (我说再画我打死你 他还冲我做鬼脸 哈哈; a
# cry of one's own), not harm told done to someone, where a laugh a clause further on is as often scorn of the one who
# did it (把他家五岁的娃关在阳台上，冻得直哆嗦，哈哈这种人也配当爹) (eighth session of 2026-12-05)
_SAID_KINDS = frozenset({"self_harm", "threat"})


def _laughed(norm: str, laughs: list[tuple[int, str]], laugh_ends: list[int] | None, laugh_len: int,
             turns: list[tuple[int, str]], lo: int, hi: int, s: int, kind: str) -> str | None:
    """The laugh that tells a hit of ``kind`` at ``s`` (its clause ``lo:hi``) as a joke, or None: in its clause (想死😂,
    哈哈哈我死了) or right after it (我不活了 哈哈哈), or further on in the same sentence, within ``_LAUGH_GAP`` characters
    of the clause's end (我说再画我打死你 他还冲我做鬼脸 哈哈), for words said only (``_SAID_KINDS``): a laugh told as a
    comment on what was just said; never with a turn between the laugh and the hit (哈哈哈我真的不想活了)."""
    for a, w in _near(laughs, laugh_ends, lo, hi + 1 + _LAUGH_GAP + laugh_len):
        if ((lo <= a < hi or a == hi + 1
             or (hi < a <= hi + 1 + _LAUGH_GAP and not any(c in _STOPS for c in norm[hi:a])
                 and (kind in _SAID_KINDS or _CLAUSE.search(norm, hi + 1, a) is None)))
                and not any(min(a, s) <= t < max(a, s) for t, _ in turns)):
            return w
    # a remark someone reported (我同事说他再加班就从五楼跳下去 我们说…再跳 哈哈): the laugh anywhere after it in its
    # sentence comments on what was said, the listeners' banter between (never across a turn)
    if _REPORTED.search(norm, max(lo, s - _REPORT_REACH), s + 2) is not None:
        end = _sentence_end(norm, hi)
        for a, w in _near(laughs, laugh_ends, hi, end + laugh_len):
            if hi < a < end and not any(s <= t < a for t, _ in turns):
                return w
    return None


def _told_harmless(kind: str, possible: bool, norm: str, lo: int, s: int, e: int) -> str | None:
    """What the post ``norm`` tells, read whole, that makes the hit of ``kind`` at ``s:e`` (its clause from ``lo``)
    harmless, named for the explanation; None when nothing does. ``possible``: the rule raises only 疑似, where the
    weaker cues' look-alikes are read. Each check is context's, with its sentences there; of two, the first here wins.

    - a crowd gathered for an occasion the post names, with no grievance told (全家四十多口人聚在一起，给爷爷过大寿);
    - a school's mild punishment told with its small offence or its short time (上课说话，被罚站了一节课，合理吗); a
      neighbour's child's play told as the writer's nuisance (楼上娃半夜还在跳绳); running away announced as a wish,
      not done (我要离家出走去吃顿火锅);
    - a fire risk named as the ground of someone's ban, the rule asked about (物业说有火灾隐患，谁说了算);
    - a resolve whose object is an everyday decision (明天就辞职，谁也别拦我); a policy's suicide clause read on
      someone else's behalf (帮我爸看保单，自杀免责是两年吗); sleeping pills asked about as a medicine (失眠好久了，想去
      医院开点安眠药，挂什么科); sleep told as ordinary sleep (醒来都中午了) or a cry over a price gone up (猪肉又涨价了，
      这日子没法过了);
    - a fight for a goal, against a thing or as a lawful step (跟12306拼了; 跟他拼了！明天就去劳动局告他);
    - what :mod:`.looks` reads (ways of telling common to many writers: a jump that is a sport, 蹦极跳了一次)."""
    return _told_harmless_before(kind, possible, norm, lo, s, e) or told_harmless(kind, norm)


def _told_harmless_before(kind: str, possible: bool, norm: str, lo: int, s: int, e: int) -> str | None:
    """:func:`_told_harmless`'s checks in context (the sessions before the fourth of 2026-12-05); .looks has the rest."""
    if kind == "mass_incident":
        return _occasion(norm)
    if kind == "minor_domestic":
        return (_mild_punishment(norm) or _play_nuisance(norm)
                or (_wished_away(norm, s, e) if possible and "出走" in norm[s:e] else None))
    if kind == "safety_hazard":
        return _ban_asked(norm)
    if kind == "self_harm":
        decision = _search(_DECISION, norm, 0) if _RESOLVE.search(norm, s, e) is not None else None
        if decision is not None:
            return decision.group()
        return ((_clause_for_another(norm) if "自杀" in norm[s:e] else None) or _pill_as_medicine(norm)
                or ((_slept(norm, s, e) or _price_cry(norm)) if possible else None))
    if kind == "threat" and possible:
        return _fought_for(norm, lo, s, e)
    return None


class RuleCheck:
    """The context settings of ``risk.toml`` the rule check reads; :meth:`check` is pure per text."""

    def __init__(self, settings: RiskSettings, policy: Policy, matcher: Matcher) -> None:
        m = settings.match
        self.matcher = matcher
        self.rules = matcher.rules
        self._near_bits = sum(1 << i for i, rule in enumerate(self.rules) if rule.near)  # (the rules needing a cue)
        self._cue_len = matcher.cue_len
        self._cue_bits = matcher.cue_bits
        self._cue_rules = matcher.cue_rules  # (an `unless` word that is a rule's own cue cancels nothing for it)
        self.neg_window = m.negation_window
        self.questioned = policy.questioned
        self.grievances = policy.grievances
        self.sourced = policy.sourced
        self.withdrawn = policy.withdrawn
        self.past_cancels = policy.past_cancels
        self.explained = policy.explained
        self.standing = policy.standing
        self.long_letter = policy.long_letter
        self.long_cancels = policy.long_cancels
        self.thanked = policy.thanked
        self.outgrown = policy.outgrown
        self.trifles = {code: frozenset(k.trifles) for code, k in settings.kinds.items() if k.trifles}
        # per kind, the general measures or services a post may ask for (see `services` in risk_config)
        self.services = {code: re.compile(longest_first(k.services)) for code, k in settings.kinds.items() if k.services}
        self.stakes = {code: re.compile(longest_first(k.stakes)) for code, k in settings.kinds.items() if k.stakes}
        # 跟…要塌了一样: an opener before the hit and an end after it, in its clause (see _as_if)
        self._simile = (re.compile(longest_first(m.similes))
                        if m.similes and m.simile_ends else None)
        self._simile_end = (re.compile(longest_first(m.simile_ends))
                            if m.similes and m.simile_ends else None)

    def check(self, r: Reading) -> None:
        """Check each word that fired against its cues and context (see the module docstring): what
        stands goes into ``r.found``, what is cancelled into ``r.cancelled`` with what cancelled it,
        and a hit read as a past event's history into ``r.history`` (the model follows it).

        A trifle (a kind's ``trifles``: 基金又绿了，我不活了) explains one clause's cry, when nothing else of
        the kind stands in the message: beside a deed or a means of it (雅思又没过，不想活了，现在站在楼顶), or
        with cancelled hits of the kind in clauses apart (…同归于尽，他的游戏存档被我删了，他拿着菜刀在门外: the
        weapon cancelled by a look-alike word, 游戏, in the clause before it), the cry is told for real, and the
        text is read again with that kind's trifles as nothing (the rare path: a trifle is seldom beside a danger)."""
        trifled, spans = self._check(r, frozenset())
        # (two hits' clauses apart: the first clause of one after the last clause of another)
        kept = frozenset(k for k in trifled
                         if k in r.found or max(a for a, _ in spans[k]) > min(b for _, b in spans[k]))
        if kept:
            r.found.clear()
            r.cancelled.clear()
            r.history.clear()
            if r.trace is not None:
                r.trace.clear()
            self._check(r, kept)

    def _check(self, r: Reading, untrifled: frozenset[str]) -> tuple[set[str], dict[str, set[tuple[int, int]]]]:
        """One reading of :meth:`check`, with the trifles of the kinds in ``untrifled`` as nothing; the kinds
        a trifle cancelled a hit of, and for each kind with trifles the clauses its hits cancelled by context
        (a trifle, a look-alike word, a frame) run over, with their cues: where the first and the last start."""
        trifled: set[str] = set()
        spans: dict[str, set[tuple[int, int]]] = {}
        norm, anchors, masks, negs, notnegs, conds = r.norm, r.anchors, r.masks, r.negs, r.notnegs, r.conds
        unless, settled, past, found, cancelled = r.unless, r.settled, r.past, r.found, r.cancelled
        standing, ongoing, frames, turns, laughs = r.standing, r.ongoing, r.frames, r.turns, r.laughs
        withdrawals, lawful, breaks, alarms, like = r.withdrawals, r.lawful, r.breaks, r.alarms, r.like
        asks, persists, here, handled, dated, history = r.asks, r.persists, r.here, r.handled, r.dated, r.history
        rescues, deeds, liable = r.rescues, r.deeds, r.liable
        # (a likeness, 红得像, is a figure for the hits it reaches, as 吵得 is: read with them here)
        hypers = r.hypers + r.likeness if r.likeness else r.hypers
        cues = self.matcher.cues(r)
        reposted = _REPOST in norm  # (a cue and its word in two speakers' words of a repost chain are no pair)
        asked_end = _ASKED_END in norm  # (…联名写信 这样可以吗 会不会被当成闹事: 联名 and 闹事 are no pair)
        woke = "梦" in norm and _WOKE.search(norm) is not None  # (梦见着火了，醒来…燃气阀门: no pair)
        # the rules that need a cue and have none anywhere in the text (bit i for rule i): their words are
        # passed over before their rule is read
        cue_bits = self._cue_bits  # (a cue's rules as bits, by its id)
        dead = self._near_bits & ~reduce(or_, map(cue_bits.__getitem__, map(_THIRD, cues)), 0)
        cue_ends = list(map(_SECOND, cues))  # ascending (the automaton reports by end): a hit's
        # window is found by bisection, not by reading every cue of the text for every hit
        # 没人/没有人 deny nothing (没人管, 没人接: `not_negations`), except what they say nobody
        # did or suffered, told right after them (没有人晕倒, 没人受伤, 没有人被困): see _NOBODY
        # (not inside a longer phrase that denies nothing: 趁没人把管子拔了 tells when, not who)
        nobody: list[tuple[int, int]] = []
        if notnegs:
            nn_ends = _ends(notnegs, _SECOND)
            nn_len = max(b - a for a, b in notnegs) if nn_ends is not None else 0
            nobody = [(a, b) for a, b in notnegs if norm[a:b] in _NOBODY
                      and not any(x <= a and b <= y and y - x > b - a for x, y in _near(notnegs, nn_ends, b, a + nn_len))]
            negs = [(s, e) for s, e in negs
                    if not any(a <= s and e <= b for a, b in _near(notnegs, nn_ends, e, s + nn_len))]
        # a long text's many context items are read by window (see _ends; None: a short text, all)
        # (one test for all of them first: nearly every text has few of each, and thirteen calls
        # that each return None cost more than the test; a chain of comparisons, because
        # ``max(map(len, …))`` over the thirteen costs twice as much as the chain)
        many = _MANY
        if (len(negs) > many or len(conds) > many or len(unless) > many or len(masks) > many
                or len(frames) > many or len(hypers) > many or len(turns) > many or len(settled) > many
                or len(past) > many or len(standing) > many or len(ongoing) > many or len(laughs) > many
                or len(nobody) > many):
            neg_ends, cond_ends, unless_ends = _ends(negs, _SECOND), _ends(conds, _SECOND), _ends(unless, _SECOND)
            mask_ends, frame_ends = _ends(masks, _SECOND), _ends(frames, _SECOND)
            hyper_ends, turn_ends = _ends(hypers, _SECOND), _ends(turns, _SECOND)
            settled_ends = _ends(settled, _word_end)
            past_ends, standing_ends = _ends(past, _word_end), _ends(standing, _word_end)
            ongoing_ends = _ends(ongoing, int)
            laugh_ends, nobody_ends = _ends(laughs, _word_end), _ends(nobody, _SECOND)
        else:
            neg_ends = cond_ends = unless_ends = mask_ends = frame_ends = hyper_ends = turn_ends = None
            settled_ends = past_ends = standing_ends = ongoing_ends = laugh_ends = nobody_ends = None
        mask_len = max(b - a for a, b, _ in masks) if mask_ends is not None else 0
        laugh_len = max(len(w) for _, w in laughs) if laugh_ends is not None else 0
        # a comparison needs its end (一样, 似的) somewhere (``like``: the walk found one), not one search per hit
        similes = like and self._simile_end is not None
        figures = similes or bool(laughs)  # (one test per hit for both: most texts have neither)
        # a word of several rules (孩子, 打我) is read once per kind: its mask, clause and figure
        # of speech do not depend on the rule (None: cancelled already)
        spans: dict[tuple[int, int, str], tuple[int, int] | None] = {}
        sentences: list[int] | None = None  # sentence ends, found when a hit first meets context
        denials: list[tuple[str, int, int, str]] = []  # (kind, start, clause end, 不是着火): see `explained`
        told: dict[str, int] = {}  # kind -> where its last raised hit starts
        asked: set[tuple[int, int, str]] = set()  # hits told of someone and asked about at once (see _asked)
        # (what the text holds anywhere, read once, not once per hit: a long text read it whole for each)
        compared, cased = "哪" in norm or "区别" in norm, "案" in norm
        asking, named_not = "吗" in norm or "?" in norm, "非" in norm
        # (on the hot paths below, a list without a window index is read as it is, not through a
        # call of _near that returns it: those calls, several per hit, cost more than the test)
        for s, e, ri in anchors:
            if dead >> ri & 1:
                continue  # none of its cues is anywhere in the text
            rule = self.rules[ri]
            kind = rule.kind
            done_kind = found.get(kind)
            if done_kind is not None and done_kind.certain and len(done_kind.evidence) >= 3:
                continue  # raised for certain, with words enough for the operator to see why
            cue = None
            if rule.near:
                within = rule.within  # a cue before, after or across the word, never inside it, and
                # never inside a longer look-alike phrase (孩子 near the 溺水 of 防溺水 is no child in
                # water; a mask that is the cue itself, 打工 for 打, says how 打 reads, not 打工)
                first = bisect_left(cue_ends, s - within)
                last = bisect_right(cue_ends, e + within + self._cue_len, first)  # later ones start too late
                # (plain loops here and below, not next() or any() over a generator: each of those
                # builds a function, its cells and a generator for a list of one or two items, and
                # they were a tenth of detection's instructions)
                for cs, ce, cid in cues[first:last]:
                    if (cue_bits[cid] >> ri & 1 and cs <= e + within and not (s <= cs and ce <= e)
                            and not (reposted and norm.find(_REPOST, cs if cs < s else e, s if cs < s else cs) >= 0)
                            and not (asked_end and _QEND.search(norm, ce if cs < s else e, s if cs < s else cs) is not None)
                            and not (woke and _WOKE.search(norm, ce if cs < s else e, s if cs < s else cs) is not None)):
                        for a, b, k in masks if mask_ends is None else _near(masks, mask_ends, ce, cs + mask_len):
                            if (a <= cs and ce <= b and b - a > ce - cs and not (a <= s and e <= b)
                                    and (k is None or k == kind)):
                                break  # the cue is inside a look-alike phrase
                        else:
                            cue = (cs, ce)
                            break
                else:
                    continue
            key = (s, e, kind)
            if key in spans:
                bounds = spans[key]
                if bounds is None:
                    continue
                lo, hi = bounds
            else:
                spans[key] = None
                word = norm[s:e]
                # a look-alike phrase that shares characters with the word decides how they read
                # (打孩子疫苗, 要杀价), unless the word itself holds the whole phrase
                mask = None
                for a, b, k in masks if mask_ends is None else _near(masks, mask_ends, s + 1, e + mask_len):
                    if a < e and s < b and not (s <= a and b <= e) and (k is None or k == kind):
                        mask = norm[a:b]
                        break
                if mask is not None:
                    cancelled.append({"flag": kind, "words": word, "by": mask})
                    continue
                lo, hi = _clause(breaks, s, len(norm))
                # the danger named as the topic of a question for a way (怎么举报家暴, 家暴报警电话是多少):
                # no hit; told of someone, asked about at once (邻居天天打孩子怎么举报): 疑似, for a person
                ask = _asked(norm, asks, lo, hi, s, e) if asks else None
                if ask is not None:
                    if ask[1]:
                        cancelled.append({"flag": kind, "words": word, "by": ask[0]})
                        continue
                    asked.add(key)
                # a degree told by its effect (吵得我想跳楼, 挤得都快窒息, 加班加到吐血): a figure of speech
                # (吵得我…, 气得我…: said of oneself, the whole rest of the clause is the figure; the
                # next clause is not: 吵得我睡不着，刀我已经磨好了)
                hyper = next((norm[a:b] for a, b in _near(hypers, hyper_ends, lo, s) if lo <= a and b <= s
                              and (s - b <= _HYPER_REACH or norm[b:b + 1] == "我")),
                             None) if hypers else None
                if hyper is None and figures:
                    if similes:
                        hyper = self._as_if(norm, lo, hi, s, e)
                    # a laugh in the hit's clause or just after it (想死😂, 我不活了哈哈哈, 哈哈哈我死了) tells
                    # a joke, unless a turn between the laugh and the hit says it is meant (哈哈哈我真的不想
                    # 活了; not 真的活不起了😂, where the laugh comes after)
                    if hyper is None and laughs:
                        hyper = _laughed(norm, laughs, laugh_ends, laugh_len, turns, lo, hi, s, kind)
                if hyper is not None:
                    cancelled.append({"flag": kind, "words": word, "by": hyper})
                    continue
                if (kind == "minor_domestic" and word in _BA_PERSON and norm.startswith("的", e)
                        and _BODY_OR_KIN.match(norm, e + 1) is None):
                    cancelled.append({"flag": kind, "words": word, "by": norm[s:e + 1]})  # (把我的麻将桌: a thing of theirs)
                    continue
                spans[key] = (lo, hi)
            cue_span = (s, e) if cue is None else (min(s, cue[0]), max(e, cue[1]))
            # things compared for a choice (烧煤和烧电哪个暖和): a product or a service asked about
            if compared:
                mt = _COMPARED.search(norm, lo, hi)
                if mt is not None and cue_span[0] < mt.end() and lo <= s:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": mt.group()})
                    continue
            # a case named by the act (那起投毒案今天宣判了): a case at law or in the news
            if cased:
                mt = _CASE.match(norm, cue_span[1] if cue_span[1] <= hi else e)
                if mt is not None and _CASE_NAMED.search(norm, max(lo, s - 8), s) is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": norm[s:mt.end()]})
                    continue
            # an animal the sign or the loss is told of in its sentence, no person named (仓鼠不吃东西，一直躺着，是不是快不行了)
            if kind in _ANIMAL_KINDS and _search(_ANIMAL, norm, 0) is not None:
                if sentences is None:
                    sentences = _sentence_ends(norm)
                pet = _animal_told(norm, _clause(sentences, s, len(norm))[0], s, hi)
                if pet is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": pet})
                    continue
            # a weak cue of a kind in a post that asks for a general measure or a service (孩子考砸了哭了一晚上，能不能别把
            # 排名发家长群; 孩子一个人在家，有没有托管班推荐): the ground of what is asked, nobody harming anyone
            if rule.possible and kind in self.services and kind not in alarms and _search(_UNCARED, norm, 0) is None:
                service = _search(self.services[kind], norm, 0)
                if service is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": service.group()})
                    continue
            # the stakes named are property, looks or convenience, no one's risk (地砖松了，踩上去溅一脚泥水; 外墙起皮开裂了，
            # 质量太差): wear told as a maintenance complaint
            if kind in self.stakes and kind not in alarms and _search(_AT_RISK, norm, 0) is None:
                stake = _search(self.stakes[kind], norm, 0)
                if stake is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": stake.group()})
                    continue
            # a rule asked about a class of people (初中生可以去网吧吗): told of nobody
            if asking:
                verdict = _class_asked(norm, lo, s)
                if verdict is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": verdict})
                    continue
            # something harmless the whole post tells of the hit's kind (_told_harmless: a crowd at an occasion, a mild
            # punishment, a child's play, a ban asked about, an everyday resolve, sleep, a price, a fight for a goal…)
            if kind not in alarms:
                harmless = _told_harmless(kind, rule.possible, norm, lo, s, e)
                if harmless is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": harmless})
                    continue
            # a question asked ahead of need, its purpose told (抢修电话是多少？想存手机里备用): knowledge sought, told of nobody
            if kind in _AHEAD_KINDS and kind not in alarms:
                if sentences is None:
                    sentences = _sentence_ends(norm)
                ahead = _ahead(norm, *_clause(sentences, s, len(norm)))
                if ahead is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": ahead})
                    continue
            # a danger supposed and asked what to do about it (万一厨房漏气了该怎么处理): knowledge asked for
            if conds:
                if sentences is None:
                    sentences = _sentence_ends(norm)
                how = _supposed(norm, lo, s, e, _clause(sentences, s, len(norm))[1])
                if how is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": how})
                    continue
            # the act named as the bare topic of a verdict or a definition (打孩子不好; 宝宝不吃饭，打孩子到底管不管用;
            # 同归于尽是什么意思): talked about, told of nobody (a cue in its clause is read with it)
            verdict = _judged(norm, lo, cue_span[0] if cue_span[0] >= lo else s, cue_span[1] if cue_span[1] <= hi else e)
            if verdict is not None:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": verdict})
                continue
            # a negation just before the hit, or between the word and a cue told after it
            # (燃气没有漏: the word comes first and the denial sits before the cue)
            later = cue[0] if cue is not None and cue[0] >= e else s
            # (a cue in the word's own clause, up to its mark, has the word's bounds: no second search)
            clo, chi = (lo, hi) if cue is None or lo <= cue[0] <= hi else _clause(breaks, cue[0], len(norm))
            if laughs and clo > hi:
                # a laugh after the cue's clause, the later half of the hit (说要给我个惊喜 结果把厨房炸了 哈哈), read
                # from the cue: a turn before the cue (结果) lies inside the hit, not between it and the laugh
                laugh = _laughed(norm, laughs, laugh_ends, laugh_len, turns, clo, chi, cue[0], kind)
                if laugh is not None:
                    cancelled.append({"flag": kind, "words": _snippet(norm, s, e, cue), "by": laugh})
                    continue
            neg = None  # the longest (没有 over 没), the first of equals
            nhi = later if later > s else s
            if cue is not None and cue[0] > nhi:
                nhi = cue[0]
            nlo = s if cue is None or s < cue[0] else cue[0]
            for a, b in negs if neg_ends is None else _near(negs, neg_ends, nlo - self.neg_window, nhi):
                if (((lo <= a and b <= s and s - b <= self.neg_window
                      and not (norm[a:b] in _CONTRASTS and "是" in norm[b:s]))
                     or (e <= a and b <= later and later - b <= self.neg_window)
                     or (cue is not None and clo <= a and b <= cue[0] and cue[0] - b <= self.neg_window))
                        and (neg is None or b - a > len(neg))):
                    neg = norm[a:b]
            if neg is None and kind in _CEASING and named_not:
                # …确认为下水道返味，非燃气泄漏: a hazard named as what it is not, 非 right before its word or the noun it
                # ends (not 除非, 莫非, 无非, nor 非常, 非法)
                k = norm.rfind("非", max(0, s - 3), s)
                if (k >= 0 and norm[k - 1:k] not in _NOT_NON and norm[k + 1:k + 2] not in _NON_WORDS
                        and _CLAUSE.search(norm, k, s) is None):
                    neg = "非"
            if neg is not None and "不姓" in norm[s:e]:
                neg = None  # an oath on one's surname (不让他见血我不姓王): the 不 before it is the oath's condition
            if (neg is None and kind in _CEASING and "了" in norm[cue_span[1]:cue_span[1] + 2]
                    and (norm[s - 1:s] == "不" or (cue is not None and norm[cue[0] - 1:cue[0]] == "不"))
                    and _CLAUSE.search(norm, cue_span[1], norm.find("了", cue_span[1])) is None):
                # 也不冒火花了, 插座不冒火花了: a hazard told as ceased, 不 right before the word or its cue and 了 right
                # after (not a body's sign: 不呼吸了 is the danger; not 不停冒烟, where 不 is not right before)
                neg = _CEASED
            if neg is None and nobody:
                neg = next((norm[a:b] for a, b in _near(nobody, nobody_ends, s - 1, s) if lo <= a and b <= s and s - b <= 1),
                           None)
            if neg is not None:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": neg})
                if kind in self.explained and neg in _EXPLAINING:
                    denials.append((kind, s, hi, neg + norm[cue_span[0]:cue_span[1]]))
                continue
            # look-alike context in the clause of the word, of its cue, or in the clause before
            # (the topic: 小区门口的烧烤摊烟太大了，天天冒烟); a frame ([match] frames) anywhere in
            # the sentence (up to 。！？), told before or after the hit (社区今天组织了燃气泄漏应急
            # 演练，…; 亏得我想跳楼，开玩笑的)
            u = None
            alarm = None  # look-alike context kept as 疑似 by a sign of real danger (see below)
            # …unless the hit's own clause turns to what really happened (演练的时候，突然真的有人
            # 晕倒了): a frame or a topic told in another clause then frames nothing
            turned = bool(turns) and any(lo <= a < s for a, _ in _near(turns, turn_ends, lo, hi))
            if frames:
                if sentences is None:
                    sentences = _sentence_ends(norm)
                slo, shi = (lo, hi) if turned else _clause(sentences, s, len(norm))
                u = next((norm[a:b] for a, b in _near(frames, frame_ends, slo, shi) if slo <= a and b <= shi), None)
                if u is None and not turned and shi < len(norm):
                    # an afterthought: a short sentence right after the hit's that is a frame (…家暴男有
                    # 哪些特征？我在写论文; 暖气片上烤衣服会不会着火？就是问问) frames it too
                    nlo = shi
                    while nlo < len(norm) and norm[nlo] in _STOPS:
                        nlo += 1
                    nhi = _sentence_end(norm, nlo)
                    if nhi - nlo <= _AFTERTHOUGHT:
                        u = next((norm[a:b] for a, b in _near(frames, frame_ends, nlo, nhi) if nlo <= a and b <= nhi),
                                 None)
            if unless and u is None:
                # (nor a question's clause: 打孩子犯法吗 我老公天天打孩子 asks, then tells; a question is a sentence
                # of its own, with or without its mark)
                plo = (_clause(breaks, lo - 2, len(norm))[0]
                       if lo >= 2 and norm[lo - 1] not in _STOPS and norm[lo - 2] not in _ASKED_END and not turned
                       else lo)
                # (not the hit itself nor a word inside it: a rule whose word is a look-alike's, 烧烤摊 or 抽烟
                # near 液化气, has said that with its cue it is the danger, and a word holding one whole,
                # 腿打折, has said how it reads: a leg, not a discount; nor a word that is itself one of the
                # rule's cues: a rule with the cue 器官捐献 beside 放心走了 has said that a donation told with a
                # farewell is an affair put in order, not a look-alike's talk)
                # (nor, before a threat dared on a lawful act, the act's words or the topic told before it: see _dared)
                dared = plo if kind == "threat" and _dared(norm, plo, s) is not None else -1
                for a, b, k in _near(unless, unless_ends, plo if plo < clo else clo, hi if hi > chi else chi):
                    if ((k is None or k == kind) and ((plo <= a and b <= hi) or (clo <= a and b <= chi))
                            and not (s <= a and b <= e) and not (0 <= dared <= a and b <= s)
                            # (nor a word in the clause before only, when the hit's own clause tells a danger
                            # now: see _told_now)
                            and not (b <= lo and b <= clo and _told_now(norm, lo, hi))
                            # (nor a threat's lawful word in the clause before, when the hit's own clause is an
                            # ultimatum past it: 我要去投诉，再不解决我就拿刀去找他; see _escalated)
                            and not (kind == "threat" and b <= lo and b <= clo and _escalated(norm, lo, s))
                            and not (norm[a:b] in _CALL_WORDS and _video_call(norm, a))
                            and not (cue is not None and ri in self._cue_rules.get(norm[a:b], ()))
                            and not (untrifled and kind in untrifled and norm[a:b] in self.trifles[kind])):
                        u = norm[a:b]
                        break
                if u is None:
                    u = _explained_after(norm, breaks, unless, unless_ends, hi if hi > chi else chi, kind,
                                         None if kind in untrifled else self.trifles.get(kind))
                    if u is not None and kind in untrifled and u in self.trifles[kind]:
                        u = None
                if u is None and _TOLD.search(_OPENING.sub("", norm[lo:s])) is None:
                    # a rule question that is the whole clause after the hit's (十六岁的娃想去打工，合法吗？): it asks about
                    # what the hit's clause named, a plan or a case; not with someone who did it or a time told before
                    # the hit (邻居天天打孩子，犯法吗): a danger told, then asked about, stands
                    u = _asked_after(norm, unless, unless_ends, hi if hi > chi else chi, kind)
                # look-alike context beside a sign of real danger (烧烤摊 … 有人被困, 油烟 … 出不来):
                # the sign may be the barbecue's own fire, so the hit is 疑似 for a person to judge,
                # never dropped (a frame, 演练 or 新闻, still cancels: the whole sentence is told as such)
                if u is not None and alarms and kind in alarms and u in self.sourced[kind]:
                    alarm = f"{u}，但{alarms[kind]}"
                    u = None
                # a question about the law for the act, asked by the one who tells it (泼汽油判几年？我真的受够
                # 他了): for a kind that lists the word as `questioned`, 疑似 for a person, not a rule question
                elif u is not None and u in self.questioned.get(kind, ()):
                    felt = next((w for w in self.grievances[kind] if w in norm), None)
                    if felt is None:
                        at = _PLACED.search(norm, plo if plo < clo else clo, s)
                        felt = at.group() if at is not None else None
                    if felt is not None:
                        alarm = f"问{u}，{felt}"
                        u = None
            if u is not None:
                if kind in self.trifles:
                    spans.setdefault(kind, set()).add((clo if clo < lo else lo, clo if clo > lo else lo))
                    if u in self.trifles[kind]:
                        trifled.add(kind)
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": u})
                continue
            if (withdrawals or lawful) and kind in self.withdrawn:  # 真想一拳打过去，算了忍了: taken back
                if sentences is None:
                    sentences = _sentence_ends(norm)
                shi = _clause(sentences, s, len(norm))[1]
                back = next((w for at, w in withdrawals if e <= at < shi), None)
                if back is None and rule.menace and lawful:  # 让他付出代价，明天去劳动仲裁
                    back = next((w for at, w in lawful if e <= at < shi), None)
                if back is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": back})
                    continue
            if rule.menace and kind not in alarms:
                # the writer's own recourse named anywhere beside a menace naming no harm (下月我们就投票把物业换了，走着瞧;
                # 我要曝光他，让他在银川混不下去): the menace is the complaint's grammar (context.menace_answered)
                answered = menace_answered(norm, s, e)
                if answered is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": answered})
                    continue
            done = None
            if settled:  # (most texts settle nothing: no range built per hit)
                for i in range(0 if settled_ends is None else bisect_left(settled_ends, e), len(settled)):
                    at, w, k = settled[i]
                    if at >= e and (k is None or k == kind):  # 着火…已扑灭
                        if at in here and _sentence_end(norm, e) < at:
                            continue  # (安心多了 settles its own sentence, not a letter's earlier matter)
                        if cue is not None and cue[0] <= at and at + len(w) <= cue[1]:
                            continue  # the hit's own cue is what it tells (把自己解决了), not an outcome after it
                        done = w
                        break
            if done is None and (rescues or deeds) and kind in self.thanked:
                if rescues and cue is not None and cue[0] < s:
                    # (老人被困在电梯里，维修的就来了，老人出来…: the danger its cue told came before the rescue)
                    done = next((w for at, w in rescues if cue[0] < at < s), None)
                if done is None and deeds:  # (谢谢网格员帮忙叫了120送医院: the thanks names what was done)
                    done = next((w for b, h, w in deeds if b <= s and e <= h), None)
            if done is not None:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": done})
                continue
            # (in the clause of the word or of its cue: 去年燃气管道漏气那次，燃气公司半小时就来了)
            told_past, past_at = None, -1
            if past:
                # (a cue told in a later clause after a turn, 上次电梯困人，物业道歉了，结果我妈被困在里面: what
                # the turn tells happened now, and only its own clause can date it)
                spans_ = (((lo, hi), (clo, chi)) if (clo, chi) != (lo, hi) else ((lo, hi),))
                if turns and cue is not None and (clo, chi) != (lo, hi):
                    tlo, thi, at = (clo, chi, cue[0]) if clo > lo else (lo, hi, s)
                    if any(tlo <= a < at for a, _ in _near(turns, turn_ends, tlo, at)):
                        spans_ = ((tlo, thi),)
                for plo_, phi_ in spans_:
                    past_at, told_past = next(((a, w) for a, w in _near(past, past_ends, plo_, phi_) if plo_ <= a < phi_),
                                              (-1, None))
                    if told_past is not None and ongoing and any(plo_ <= a < phi_
                                                                 for a in _near(ongoing, ongoing_ends, plo_, phi_)):
                        told_past = None  # 去年开始漏气，至今没人修: still so
                    if told_past is not None:
                        break
            if told_past is None and liable and kind in self.past_cancels:
                # 大风把广告牌刮下来砸了我的车，找谁赔: damage done, asked who pays (see .over.liable_after)
                if sentences is None:
                    sentences = _sentence_ends(norm)
                shi = _clause(sentences, s, len(norm))[1]
                nxt = shi
                while nxt < len(norm) and norm[nxt] in _STOPS:
                    nxt += 1
                told_past = liable_after(norm, liable, s, e, hi, _sentence_end(norm, nxt) if nxt < len(norm) else shi)
                if told_past is not None and history is not None:
                    history.setdefault(kind, told_past)
            if told_past is None and handled and kind in self.past_cancels:
                if sentences is None:
                    sentences = _sentence_ends(norm)
                told_past = _handled_past(norm, handled, _near(past, past_ends, lo, hi), dated, ongoing, lo, hi, e,
                                          _clause(sentences, s, len(norm))[1])
                if told_past is not None and history is not None and not (persists and persists[-1] > e):
                    history.setdefault(kind, told_past)
            if kind in self.outgrown and (told_past is not None
                                          or (dated and any(lo <= a < hi for a, _ in _in_clause(dated, lo, hi)))):
                # 我爸小时候打我，现在老了可慈祥了: a past harm told over by a now told otherwise (see .over)
                now = outgrown(norm, e, hi)
                if now is not None:
                    over = f"{told_past or next(w for a, w in _in_clause(dated, lo, hi) if lo <= a < hi)}…{now}"
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": over})
                    history.setdefault(kind, over)  # (the model reads the harm as over too)
                    continue
            if kind != "self_harm":
                # 听我姥爷讲，六几年闹水灾，半个村子都冲没了，现在有了水库: an elder's story of the old days, set against now
                story = _elder_story(norm, s, e)
                if story is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": story})
                    if history is not None:
                        history.setdefault(kind, story)  # (the model reads it as history too)
                    continue
            # 去年发大水时家被淹了: history; but 去年就着过一回，现在还是那样: its cause is still there, 疑似
            outbreak = kind == "medical" and _OUTBREAK.search(norm, lo, hi) is not None
            # (去年就淹过: a proof of the danger still there, 疑似 as a cause told as still there is)
            proof = told_past is not None and past_at >= 0 and _proof(norm, past_at, told_past)
            if (told_past is not None and kind in self.past_cancels and not (persists and persists[-1] > e) and not proof
                    and not (outbreak and _search(_UNANSWERED, norm, e) is not None)):
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": told_past})
                continue
            # in a long letter (a petition, a dispute told from its start) a hazard, a crowd or an
            # emergency is background unless its clause says it is so now (目前, 还在, 今天…)
            long_told = (self.long_letter and len(norm) >= self.long_letter and kind in self.long_cancels
                         and not (ongoing and any(lo <= a < hi for a in _near(ongoing, ongoing_ends, lo, hi))))
            if long_told and not outbreak:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]],
                                  "by": f"长信（{len(norm)}字）"})
                continue
            # a standing condition (长期有车占用消防通道, 电梯经常关人) is a complaint, not an
            # emergency now: each kind's `standing` says whether that cancels or makes it 疑似
            how = self.standing.get(kind) if standing else None
            # (in the clause or the one before it, its topic: 长期有车占用消防通道，120进不来怎么办)
            slo = _clause(breaks, lo - 2, len(norm))[0] if how and lo >= 2 and norm[lo - 1] not in _STOPS else lo
            told_standing = (next((w for a, w in _near(standing, standing_ends, slo, hi) if slo <= a < hi), None)
                             if how else None)
            if told_standing is not None and _BROKEN.search(norm, slo, max(hi, chi)) is not None:
                told_standing = None  # 每天都下楼遛弯，三天没见着了: the routine broke, now
            if (told_standing is not None and slo < lo and ongoing
                    and not any(lo <= a < hi for a, _ in _near(standing, standing_ends, lo, hi))
                    and any(lo <= a < hi for a in _near(ongoing, ongoing_ends, lo, hi))):
                told_standing = None  # 水箱长期未清洗，近一周多名居民腹泻: the topic stands, its clause is now
            if told_standing is not None and how == "cancel" and not outbreak:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": told_standing})
                continue
            hedged = (told_past is not None or told_standing is not None or alarm is not None or key in asked
                      or bool(long_told))
            # what the whole post tells that leaves the hit in doubt (.looks: minors at a venue, an inspection asked)
            doubted = told_doubtful(kind, norm, norm[cue[0]:cue[1]]) if not hedged and cue is not None else None
            hedged = hedged or doubted is not None
            if not hedged:
                for a, b in conds if cond_ends is None else _near(conds, cond_ends, lo, hi):
                    if lo <= a and b <= hi:
                        hedged = True
                        break
            possible = rule.possible or hedged
            if r.trace is not None:  # (what made it 疑似, for bench/risk_dev.py --why)
                r.trace.append((s, e, kind, ri, "rule" if not possible else "rule.possible" if rule.possible
                                else f"past:{told_past}" if told_past is not None
                                else f"standing:{told_standing}" if told_standing is not None
                                else f"alarm:{alarm}" if alarm is not None else f"doubted:{doubted}" if doubted is not None
                                else "asked" if key in asked
                                else "long" if long_told else "conditional"))
            f = found.get(kind)
            if f is None:  # (not setdefault: that builds a _Found for every hit of a kind already found)
                f = found[kind] = Found()
            f.certain = f.certain or not possible
            f.hedged = f.hedged or hedged
            if not f.evidence or _SEVERITY_ORDER[rule.severity] < _SEVERITY_ORDER[f.severity]:
                f.severity = rule.severity  # the kind is as severe as its most severe hit
            snippet = norm[s:e] if cue is None else _snippet(norm, s, e, cue)
            if snippet not in f.evidence:
                f.evidence.append(snippet)
            f.at.append(s)
            if cue is not None:
                f.at.append(cue[0])
            if alarm is not None and alarm not in f.evidence:
                f.evidence.append(alarm)
            if s > told.get(kind, -1):
                told[kind] = s
        if found and any(w in norm for w in _OUTCOME_WORDS):
            _came_to_nothing(norm, found, cancelled)
        for kind, at, end, denial in denials:
            # 那个冒白烟的不是着火; 原来是做饭烟大了，不是着火: a denial of the kind told after every
            # hit of it explains them (not asked, 不是着火吧？, nor one of two, 不是漏水就是漏气)
            if (kind in found and told.get(kind, len(norm)) < at and "就是" not in norm[at:end]
                    and not (end < len(norm) and norm[end] == "?") and norm[end - 1:end] not in ("吗", "吧", "呢")):
                cancelled.append({"flag": kind, "words": "、".join(found.pop(kind).evidence), "by": denial})
        return trifled, spans

    def _as_if(self, norm: str, lo: int, hi: int, s: int, e: int) -> str | None:
        """The simile a hit at ``s:e`` sits in, if any: an opener (跟, 好像) before it in its clause,
        要/快 between the opener and the hit (what *might* happen), an end (一样, 似的) after it. 那声音跟
        楼要塌了一样 is a noise complaint; 闻着跟煤气一样 (nothing about to happen) stays a smell."""
        assert self._simile is not None and self._simile_end is not None
        opener = None
        for mt in self._simile.finditer(norm, lo, s):
            opener = mt
        if opener is None or not any(ch in "要快" for ch in norm[opener.end():e]):
            return None
        end = self._simile_end.search(norm, e, hi)
        if end is None or end.start() - e > 6:
            return None
        return f"{opener.group()}…{end.group()}"


# a remark reported (他说…, quoted) and what came of it, told in a clause opening with 结果 or 原来 (老爷子天天说
# "活够了"，结果第二天照样去打牌; 朋友说"我先走一步了"，结果是先下班回家了): see _came_to_nothing
# (not 后来 or 最后, which go on with the story and the writer's own thoughts: 我没当回事，后来越想越不对劲)
_OUTCOME_WORDS = ("结果", "原来")
_OUTCOME = re.compile(r"(?:^|(?<=[，。！？；,.!?;…~～\n \"”」]))(?:结果|原来)(是)?")
_REPORTED = re.compile(r"说|扬言|嚷嚷|喊着|写着|[\"“「]")
_REPORT_REACH = 12  # characters before a hit within which its speech verb or quote opens what is reported
_MEANT = re.compile(r"真|竟然|居然|果然")  # (结果真的跳了: what came of it was the act itself)


def _came_to_nothing(norm: str, found: dict[str, Found], cancelled: list[dict[str, Any]]) -> None:
    """A kind whose hits lie in a remark someone reported (他说要…, a quote: a speech verb or a quote mark within
    ``_REPORT_REACH`` characters before one of them or at its start, in its sentence) followed by what came of it (a
    clause opening with 结果 or 原来, after the last of them) that tells no danger: no hit of any kind raised from there
    on, and nothing said to be meant (真的, 竟然). Told as what the remark was (结果是…, 原来是…: 结果是先下班回家了) its
    hits are cancelled (by ``说…结果是``); told as what happened next (结果给我买了奶茶) the kind is 疑似, for a person:
    what came of a threat or a farewell may be told without a danger's words (结果今天没来上班)."""
    for kind in list(found):
        f = found[kind]
        if not f.at:
            continue
        last = max(f.at)
        said = None
        for p in f.at:
            lo = max(0, p - _REPORT_REACH)
            for stop in "。！？!?\n":
                lo = max(lo, norm.rfind(stop, lo, p) + 1)
            said = _REPORTED.search(norm, lo, p + 2)
            if said is not None:
                break
        if said is None:
            continue
        mt = _OUTCOME.search(norm, last + 1)
        if mt is None or len(norm) - mt.end() < 2:
            continue
        if any(p >= mt.start() for g in found.values() for p in g.at) or _MEANT.search(norm, mt.end()) is not None:
            continue
        came = f"{said.group()}…{mt.group()}"
        if mt.group(1):
            cancelled.append({"flag": kind, "words": "、".join(f.evidence), "by": came})
            del found[kind]
        elif f.certain:
            f.certain = False
            f.evidence.append(came)


_ASK_TAIL = "呢啊呀"  # (what may close a rule question of a clause of its own: 合法吗呢 is no question, 合法吗 is)


def _asked_after(norm: str, unless: list[Any], unless_ends: list[int] | None, end: int, kind: str) -> str | None:
    """An `unless` word of the kind that is, by itself, the clause right after the hit's clause ending at ``end``
    (…打工，合法吗？; …打工。违法吗): a question about what was just told. The word, or None."""
    if end >= len(norm) - 1 or norm[end] == "\n":
        return None
    lo = end + 1
    for a, b, k in _near(unless, unless_ends, lo, lo + 12):
        if a == lo and (k is None or k == kind):
            tail = b
            while tail < len(norm) and norm[tail] in _ASK_TAIL:
                tail += 1
            if tail == len(norm) or _CLAUSE.match(norm, tail) is not None:
                return norm[a:b]
    return None


# what opens a clause that tells what the one before it was (一百多人在广场集合 是跳广场舞比赛; 有点煤气味 哦不对 是楼下炒菜)
_EXPLAINS = ("是", "原来是", "其实是", "结果是", "后来才知道是", "原来只是", "其实只是")


def _explained_after(norm: str, breaks: list[int], unless: list[Any], unless_ends: list[int] | None, end: int,
                     kind: str, trifles: frozenset[str] | None = None) -> str | None:
    """Look-alike context told in the clause right after the hit's when that clause opens by saying what it was (…集合
    是跳广场舞比赛): a voice message adds its explanation after the words that alarm, where a written one puts its topic
    first. Only across a clause's mark, not a sentence's, and only an `unless` word of the kind (是讨薪的 explains nothing
    away). A clause that opens otherwise is read for the kind's ``trifles`` only: the small cause of a cry told just after
    it (我哥说要跟我同归于尽，他的游戏存档被我删了), never a clause further on. The word found, or None."""
    if end >= len(norm) - 1 or norm[end] in _STOPS:
        return None
    lo = end + 1
    if not norm.startswith(_EXPLAINS, lo):
        if not trifles:
            return None
    else:
        trifles = None  # (what it was: any `unless` word of the kind)
    hi = _clause(breaks, lo, len(norm))[1]
    for a, b, k in _near(unless, unless_ends, lo, hi):
        if (k is None or k == kind) and lo <= a and b <= hi and (trifles is None or norm[a:b] in trifles):
            return norm[a:b]
    return None
