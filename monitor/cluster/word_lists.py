"""Which words of jieba's dictionary can never begin or hold a place name, read from the dictionary.

A citizen writes a place's name right after any word ("尽快处理小区…", "隔壁小区", "进入北京路",
"晚上广场上…", "同问新月广场"): the name reader (:mod:`monitor.cluster.places`) cuts such words
off by what jieba's dictionary says they are (verbs, adverbs, pronouns, directions, times), plus
the words of time, glancing and reposting citizens write before a place that the dictionary does
not tag so. Kept apart from the reader because the daemon warms these lists once at start-up
(``monitor/runtime/stages.py``, ``bench/warmup_memory.py``) and their memory is measured on
their own: each is held in a compact form (MARISA tries, jieba's own table) and the docstrings
say what that costs.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from functools import cache
from pathlib import Path

import jieba
import marisa_trie

from monitor.classify.lexicon import in_jieba_dictionary

# jieba's dictionary tags: words tagged as verbs, adverbs, pronouns, directions, times… are never
# the start of a place name ("尽快处理小区…", "隔壁小区", "进入北京路")
NOT_NAME_TAGS = frozenset({"v", "vn", "vd", "d", "r", "p", "c", "u", "f", "b", "m", "q", "t",
                           "ad", "y", "e", "o", "l"})
# inside a name (not at its start) only verbs and function words say it is no name: numerals and
# words of kind are names' own (阅海万家, 百家乐园, 金色阳光)
VERB_TAGS = NOT_NAME_TAGS - frozenset({"m", "q", "t", "f", "b"})
JIEBA_DICT = Path(jieba.__file__).with_name("dict.txt")
# a repost's words of agreement, and the times of day, week and year: written before a place, they
# begin no name (jieba's dictionary tags some of them otherwise or holds them not)
REPOST_WORDS = frozenset({"同问", "同求", "顶起"})
TIMES = frozenset({"今天", "昨天", "明天", "前天", "后天", "早上", "上午", "中午", "下午", "傍晚", "晚上", "夜里",
                   "半夜", "凌晨", "清晨", "白天", "黑夜", "周末", "平时", "现在", "以前", "以后", "最近", "当时",
                   "今年", "去年", "明年", "前年", "每天", "天天", "夜间", "深夜", "早晨", "晚间", "平日", "假期",
                   "冬天", "夏天", "秋天", "春天", "冬季", "夏季", "刚才", "目前", "此时", "近期", "近日", "日前",
                   "昨晚", "今晚", "明晚", "今早", "昨夜", "当天", "当晚", "每晚", "每年", "每月", "月初", "月底",
                   "年底", "年初", "之前", "之后", "后来", "过去", "将来", "未来", "早晚", "一早", "节假日",
                   "早高峰", "晚高峰", "高峰", "高峰期"})  # "同问新月广场": they begin no name
# a glance before what was seen ("下楼一看路口水管爆了", "出门一瞧小区门口…"): no name begins with it
# (neither do the times above that jieba's dictionary does not hold: 今早怀远路 is 怀远路)
LOOKING = frozenset({"一看", "一瞧", "一瞅", "看看", "瞅瞅", "瞧瞧", "一抬头", "抬头"})


def not_name_words(tags: frozenset[str] = NOT_NAME_TAGS) -> frozenset[str]:
    """Two- to four-character dictionary words tagged one of ``tags`` (not names), read from the
    file at each call: what the signature maker keeps is :func:`name_word_lists`."""
    out = set()
    with JIEBA_DICT.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4 and parts[2] in tags:
                out.add(parts[0])
    return frozenset(out)


@cache
def word_tags() -> marisa_trie.BytesTrie:
    """Each word of jieba's dictionary with its part-of-speech tag, as ``dict.txt`` gives it.

    What ``jieba.posseg.dt.word_tag_tab`` holds, as a MARISA trie (about 4 MB outside Python's
    allocator) rather than that dict: importing ``jieba.posseg`` builds the dict of all 349,000
    words at import time, 40 MB of the daemon's resident set for the tag of a few words around a
    road or a shop's name (``bench/warmup_memory.py``). Read as jieba reads it (``word freq
    tag``, one space apart); the file's one repeated word repeats its tag.
    """
    def pairs() -> Iterator[tuple[str, bytes]]:
        with JIEBA_DICT.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.strip().split(" ")
                if len(parts) == 3:
                    yield parts[0], parts[2].encode()
    return marisa_trie.BytesTrie(pairs())


def word_tag(word: str, default: str = "") -> str:
    """``word``'s part-of-speech tag in jieba's dictionary, ``default`` if it holds no such word."""
    tags = word_tags().get(word)
    return tags[-1].decode() if tags else default


@cache
def common_words(min_freq: int = 100) -> frozenset[str]:
    """Dictionary words of two to four characters common enough to be words before they are
    names (阳光, 幸福, 农民工, 情况下): never learnt as names, never filed without their place word."""
    out = set()
    with JIEBA_DICT.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= min_freq:
                out.add(parts[0])
    return frozenset(out)


class DictionaryWords:
    """The words of two to four characters in jieba's dictionary, as a container: ``w in words``.

    Asked of jieba's own table (:func:`~monitor.classify.lexicon.in_jieba_dictionary`), not of a
    copy of its 330,000 words (41 MB in the daemon, ``bench/warmup_memory.py``)."""

    __slots__ = ()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and 2 <= len(word) <= 4 and in_jieba_dictionary(word)


@cache
def dictionary_words() -> DictionaryWords:
    """Every word of two to four characters in jieba's dictionary."""
    return DictionaryWords()


@cache
def name_word_lists() -> tuple[marisa_trie.Trie, marisa_trie.Trie]:
    """The signature maker's two lists of jieba's dictionary words, read once per process.

    * words no name begins with: every not-name tag, less the words of time (tag ``t``) that are
      no time of day, week or year a citizen writes before a place (新月广场, 国庆小区, 中秋花园
      are names), plus the repost words (同问…);
    * words no name holds: verbs, adverbs and function words (严重污染, 力度整顿).

    The times of day and the glances are added whether or not the dictionary holds them (今早, 一看
    are no words of it, and began 今早怀远路, 一看路).

    Held as MARISA tries (about 1 MB for both) rather than frozensets (16 MB of 130,000 strings
    and their tables, ``bench/warmup_memory.py``): the same answers, at about 0.4 µs a lookup
    instead of 0.05 µs, asked only of the words around a candidate place name.
    """
    not_names = (not_name_words() - (not_name_words(frozenset({"t"})) - TIMES)) | REPOST_WORDS | TIMES | LOOKING
    return marisa_trie.Trie(not_names), marisa_trie.Trie(not_name_words(VERB_TAGS))


def trim_name(name: str, bad: Container[str]) -> str:
    """Drop leading words that cannot start a name ("尽快处理" → "", "进入北京" → "北京")."""
    changed = True
    while changed and name:
        changed = False
        for n in (4, 3, 2):
            if len(name) >= n and name[:n] in bad:
                name = name[n:]
                changed = True
                break
    return name
