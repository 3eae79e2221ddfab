"""A problem recognised by its form, not by a list: the thing, and what is wrong with it.

The problem table (``problems.toml``) holds the problems its writers met: each season brings
others (catkins in spring, thawed potholes, irrigation water; in summer mosquitoes and burst
air conditioners), and a report of one of those names no problem of the table, so two reports
of it at one place never met. Citizens tell any problem in one form, whatever the season: a
thing, and a fault of it — "路灯不亮", "井盖松了", "杨絮堆了一地没人扫", "下水道又堵了",
"垃圾桶臭得要命", "小区里乱停车", "楼下烧烤摊冒黑烟". The fault words are few and belong to no
season (坏, 漏, 堵, 冒, 臭, 吵, 乱停, 没人管…); the thing is whatever noun the citizen puts
before them (or after the few that take an object: 乱扔垃圾, 占用人行道). Two reports at one spot
naming the same thing with a fault are one problem even when the table knows neither.

The things are weighed by how specific they are among the recent cases (:class:`Spread`): a word
many places' reports use (小区, 问题, 门口) says nothing; one used at few places is the problem.

Pure functions over the classifier's tokens, plus one small in-memory count per process.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Container, Iterable, Sequence

# what is wrong with a thing, as citizens write it after the thing ("路灯不亮", "井盖松了"); each
# with the kind of fault, so that two reports of one thing with two kinds of fault (the lamp is
# dark / the lamp pole leans) can be told apart when it matters
_AFTER = {
    "broken": "坏了|坏掉|损坏|破了|破损|破裂|裂了|裂开|开裂|塌了|塌陷|塌下|沉下|下沉|倒了|断了|掉了|脱落|松了|松动"
              "|歪了|翘起|鼓起|鼓包|起皮|变形|锈了|生锈|失灵|不亮|不转|不动了|不工作|不能用|用不了|没法用|罢工|烂了|没了|丢了"
              "|不见了|缺了|少了|晃|摇摇欲坠|坑坑洼洼|坑洼|露出来|敞着|敞开|打不开|关不上|锁不上",
    "leak": "漏水|漏了|漏气|渗水|渗漏|滴水|冒水|冒烟|冒黑烟|冒臭|冒出|溢出|外溢|往外流|往外冒|往外渗|流得|淌得|漫到|漫过|淹了|淹到",
    "blocked": "堵了|堵住|堵死|堵塞|不通|挡住|挡着|被占|占满|占了",
    "smell": "臭|有味|异味|刺鼻|呛人|熏得|熏人|腥",
    "noise": "吵(?![架嘴])|太响|轰隆|嗡嗡",
    "mess": "堆满|堆了|堆得|满地|一地|到处都是|满天飞|漫天|飞得|飘得|成堆|遍地|铺满|落满|积了|积满|长满|疯长|泛滥",
    "neglect": "没人管|没人修|没人扫|没人清|没人收|没人理|无人管|无人问|没人处理|不清理|不打扫|不修|不管(?!用)|也不清|也不扫",
}
# faults written before their thing, which they take as an object ("乱扔垃圾", "占用人行道", "冒黑烟")
_BEFORE = {
    "mess": "乱停|乱放|乱扔|乱倒|乱丢|乱贴|乱堆|乱摆|乱搭|乱挂|乱拉|乱排|偷倒|随地|随意停|随便停",
    "blocked": "占用|占道|堵住|挡住|霸占",
    "leak": "冒着?|流出|漏出|排放|直排|偷排",
}
_AFTER_RE = re.compile("|".join(f"(?P<a_{k}>{v})" for k, v in _AFTER.items()))
_BEFORE_RE = re.compile("|".join(f"(?P<b_{k}>{v})" for k, v in _BEFORE.items()))
# words between a thing and its fault that are neither ("路灯又不亮了", "井盖一直都松着", "垃圾桶天天都满")
_BETWEEN = frozenset({"的", "了", "又", "都", "也", "还", "总是", "一直", "经常", "老是", "天天", "已经", "被",
                      "太", "很", "特别", "非常", "就", "全", "全都", "又是", "还是", "一直都", "早就", "都是",
                      "好几天", "好久", "几天", "常年", "长期", "整天", "每天", "老", "总", "竟然", "居然", "到处",
                      "全部", "基本", "基本上", "彻底", "完全", "依然", "仍然", "始终", "从来", "根本", "真的",
                      "实在", "有点", "有些", "严重", "着", "得", "过", "给", "让", "弄", "搞", "吹", "刮",
                      # who, not what: people are the ones the fault troubles or the ones at it
                      "有人", "别人", "大家", "自己", "人家", "我们", "他们", "咱们", "这些", "那些", "什么",
                      # nor words of saying, starting or pointing ("确实不亮", "开始漏水", "那种冒烟的")
                      "确实", "开始", "那种", "这种", "那个", "这个", "又开始", "现在", "目前", "今天", "昨天",
                      "晚上", "白天", "早上", "半夜", "一到", "一下雨", "下雨", "刮风", "放学", "上班", "下班"})
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NUMBERISH = re.compile(r"[\d一二三四五六七八九十百几两号楼栋层单元个条些]")
_CLAUSE_END = frozenset("，,。！？!?；;、\n ～~")
MAX_THINGS = 6  # things a report is filed with (a letter listing grievances names many)


def things(text: str, tokens: Sequence[str], skip: Container[str]) -> dict[str, str]:
    """The things ``text`` says something is wrong with, thing → kind of fault.

    ``tokens`` cover ``text`` (the classifier's segmentation); ``skip`` holds what is never a thing
    (filler, type words, places, place words). A token jieba glued to the fault ("杨絮堆" before
    了一地) gives its part before the fault."""
    if len(text) < 3:
        return {}
    starts: list[int] = []
    at = 0
    for t in tokens:
        starts.append(at)
        at += len(t)
    if at != len(text):
        return {}  # not this text's tokens (a masked text): no guess
    found: dict[str, str] = {}
    for m in _AFTER_RE.finditer(text):
        kind = m.lastgroup[2:] if m.lastgroup else ""
        thing = _before(text, tokens, starts, m.start(), skip)
        if thing and thing not in found:
            found[thing] = kind
    for m in _BEFORE_RE.finditer(text):
        kind = m.lastgroup[2:] if m.lastgroup else ""
        thing = _after(text, tokens, starts, m.end(), skip)
        if thing and thing not in found:
            found[thing] = kind
    return dict(list(found.items())[:MAX_THINGS])


def _token_at(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # the last token starting at or before pos
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _usable(word: str, skip: Container[str]) -> bool:
    return bool(_CJK.match(word)) and word not in skip and word not in _BETWEEN \
        and not _NUMBERISH.search(word)


def _before(text: str, tokens: Sequence[str], starts: list[int], pos: int, skip: Container[str]) -> str:
    """The thing written just before a fault at ``pos``: the nearest token of the clause that is
    no word of degree, time or manner (又, 一直, 天天…)."""
    if pos == 0:
        return ""
    i = _token_at(starts, pos - 1)
    if starts[i] < pos < starts[i] + len(tokens[i]):
        head = tokens[i][:pos - starts[i]]  # glued to the fault: 杨絮堆 → 杨絮
        if len(head) >= 2 and _usable(head, skip):
            return head
        i -= 1
    for j in range(i, max(-1, i - 4), -1):
        tok = tokens[j]
        if any(ch in _CLAUSE_END for ch in tok):
            return ""
        if tok in _BETWEEN or not tok.strip():
            continue
        if len(tok) == 1 and j > 0 and _usable(tokens[j - 1], skip):
            tok = tokens[j - 1] + tok  # a thing jieba cut off its kind: 烧烤 / 摊
        return tok if len(tok) >= 2 and _usable(tok, skip) else ""
    return ""


def _after(text: str, tokens: Sequence[str], starts: list[int], pos: int, skip: Container[str]) -> str:
    """The thing a fault written before it takes ("乱扔垃圾", "占用人行道", "冒着黑烟")."""
    if pos >= len(text):
        return ""
    i = _token_at(starts, pos)
    if starts[i] < pos:
        tail = tokens[i][pos - starts[i]:]  # glued: 乱扔垃圾 cut 乱扔垃 / 圾 would give 垃
        if len(tail) >= 2 and _usable(tail, skip):
            return tail
        i += 1
    for j in range(i, min(len(tokens), i + 3)):
        tok = tokens[j]
        if any(ch in _CLAUSE_END for ch in tok):
            return ""
        if tok in _BETWEEN or not tok.strip():
            continue
        return tok if len(tok) >= 2 and _usable(tok, skip) else ""
    return ""


class Spread:
    """At how many places the recent cases used each word: an in-memory document frequency
    over the cluster window, counted by place and not by case, so that forty reports of one
    burst main at one estate leave its words as specific as they were, while 小区, 门口 or 问题,
    written at every place, are found common whatever the season.

    Kept per process (each daemon learns its own) and forgotten with age (every half day, what
    was last seen before the window); until it has seen :data:`MIN_PLACES` places it answers
    ``None`` and the caller keeps the dictionary's word. A read is two dictionary look-ups.

    Bounded by count too, not by the window alone: a week of a flood (thirty mentions a second)
    would keep every new (word, place) pair it brought, about a hundred bytes each. Past
    :data:`MAX_ENTRIES` pairs and places together, the oldest seen are forgotten first, down to
    nine tenths of it, so that the shares are then those of the most recent days."""

    MIN_PLACES = 40
    RARE = 0.03  # a word used at no more than this share of the places is specific
    COMMON = 0.08  # and at more than this one is common
    SWEEP = 12 * 3600.0  # seconds between two forgettings
    # (word, place) pairs and places kept at most: realistic posts bring about five new pairs a
    # case (the cluster development sets: 17,554 pairs from 3,443 cases at 714 places), so this
    # is about 80,000 cases a week at places never seen before — more than an office's matrix
    # receives — and about 40 MB at its fullest
    MAX_ENTRIES = 400_000

    def __init__(self, window_seconds: float, max_entries: int = MAX_ENTRIES) -> None:
        self.window = window_seconds
        self.max_entries = max_entries
        self.words: dict[str, dict[str, float]] = {}  # word → place → last seen (epoch seconds)
        self.places: dict[str, float] = {}  # place → last seen
        self.pairs = 0  # (word, place) pairs in ``words``
        self.swept = 0.0
        self._lock = threading.Lock()

    def add(self, place: str, words: Iterable[str], at: float) -> None:
        """One case's words at its place (its most specific key), seen at ``at``."""
        if not place:
            return
        with self._lock:
            if at - self.swept > self.SWEEP:
                self._forget(at)
            self.places[place] = max(at, self.places.get(place, at))
            for w in words:
                seen = self.words.setdefault(w, {})
                if place not in seen:
                    self.pairs += 1
                seen[place] = max(at, seen.get(place, at))
            if self.pairs + len(self.places) > self.max_entries:
                self._shed()

    def _forget(self, now: float) -> None:
        self.swept = now
        self._keep_from(now - self.window)

    def _shed(self) -> None:
        """Over the cap: forget the oldest seen pairs and places, down to nine tenths of it (not
        just under it, so that a flood sorts the times once per tenth, not once per case)."""
        times = sorted([*self.places.values(), *(t for seen in self.words.values() for t in seen.values())])
        cut = times[len(times) - self.max_entries * 9 // 10 - 1]  # the newest time to forget
        self._keep_from(math.nextafter(cut, math.inf))

    def _keep_from(self, lo: float) -> None:
        """Forget what was last seen before ``lo``."""
        self.places = {p: t for p, t in self.places.items() if t >= lo}
        kept = {}
        for w, seen in self.words.items():
            live = {p: t for p, t in seen.items() if t >= lo}
            if live:
                kept[w] = live
        self.words = kept
        self.pairs = sum(len(seen) for seen in kept.values())

    def weight(self, word: str) -> float | None:
        """1 for a word few recent places used, ½ between, 0 for a common one; ``None`` while
        too few places were seen to say."""
        total = len(self.places)
        if total < self.MIN_PLACES:
            return None
        seen = self.words.get(word)
        share = len(seen) / total if seen else 0.0
        return 1.0 if share <= self.RARE else 0.5 if share <= self.COMMON else 0.0
