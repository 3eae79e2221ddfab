"""Compile the rules and the gazetteer into one index, and teach jieba the words.

Why one index: each word costs one dict lookup that returns everything it means (type word,
domain word, hot topic, place).

Why the type and domain words are found in the *characters* (an Aho–Corasick automaton,
leftmost-longest, one pass) and not by comparing jieba tokens: citizens glue words into phrases
jieba cuts its own way (路灯黑了, 烧烤店, 电动车上楼充电, 排黑水), and a token-equality match
misses every word that came out cut differently — on messages written the way people write, that
left a quarter of them 其他. Places are still read from the tokens: a gazetteer name inside a
longer word (永宁 inside 永宁街) must not move a case to another district.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick
import jieba

from monitor.classify.settings import ClassifySettings, Gazetteer
from monitor.classify.trie_order import by_frequency, landings

jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter would land in every CLI run


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry a token names: its district, and street when it is that precise."""

    district: str
    street: str | None
    kind: str  # district | street | community | landmark
    community: str | None = None


@dataclass(slots=True)
class Entry:
    """Everything one token means to the rules."""

    types: list[tuple[str, float]] = field(default_factory=list)
    # (type, weight, within, max_chars): cues that count only at the message's opening
    # ([[types.rules]] opening), in messages shorter than max_chars (0: any length)
    opening: list[tuple[str, float, int, int]] = field(default_factory=list)
    domains: list[tuple[str, str]] = field(default_factory=list)  # (domain, sub-topic)
    place: Place | None = None
    topic: str | None = None  # the hot topic (problem) this word is a near-synonym of
    no_matter: bool = False  # a thanks or small-talk cue ([[types.rules]] no_matter)


@dataclass
class Index:
    entries: dict[str, Entry]
    stopwords: frozenset[str]
    nuisance: frozenset[str]
    # two automata, because a type cue and a domain word may overlap (没有营运证 is a 举报 cue
    # around the 交通 word 营运证): each is matched leftmost-longest within its own kind
    domain_automaton: ahocorasick.Automaton | None = None  # domain and topic words, lower-cased
    type_automaton: ahocorasick.Automaton | None = None  # type cues, lower-cased
    fallback_automaton: ahocorasick.Automaton | None = None  # [domains.fallback] characters

    def get(self, token: str) -> Entry | None:
        return self.entries.get(token)

    @staticmethod
    def _scan(automaton: ahocorasick.Automaton | None, text: str) -> list[tuple[int, str, Entry]]:
        if automaton is None or not len(automaton):
            return []
        return [(end - len(w) + 1, w, e) for end, (w, e) in automaton.iter_long(text.lower())]

    def scan_domains(self, text: str) -> list[tuple[int, str, Entry]]:
        """(start, word, entry) of every domain or topic word written in ``text``, leftmost-longest
        and not overlapping: 暖气不热 is one word, not 暖气 and 不热. Cost: one pass over the characters."""
        return self._scan(self.domain_automaton, text)

    def scan_types(self, text: str) -> list[tuple[int, str, Entry]]:
        """The type cues written in ``text``, the same way."""
        return self._scan(self.type_automaton, text)

    def scan_fallback(self, text: str) -> list[tuple[int, str, Entry]]:
        """The fallback characters written in ``text`` (read only when no lexicon word is)."""
        return self._scan(self.fallback_automaton, text)


# what letters hold most besides Chinese characters, ranked before them (jieba's dictionary
# counts no punctuation or digits)
_COMMON = "，。、！？：；“”（）《》…—·,.!?:;()/-0123456789 "


@functools.cache
def _common_chars() -> str:
    """Characters most frequent first: punctuation and digits, then every CJK character by its
    frequency as a word of its own in jieba's bundled dictionary (的, 了, 是, 我 lead): the order
    the lexicon's automata are filled in (see :mod:`monitor.classify.trie_order`)."""
    jieba.initialize()
    freq = jieba.dt.FREQ
    cjk = sorted((c for c in map(chr, range(0x4E00, 0xA000)) if freq.get(c)), key=lambda c: -freq[c])
    return "".join(dict.fromkeys([*_COMMON, *cjk]))


def _fill(automaton: ahocorasick.Automaton, items: dict[str, tuple[str, Entry]]) -> None:
    """Add ``items`` (lower-cased word → value) common characters first, with a landing (value an
    empty entry) for each frequent character that begins no word (:mod:`monitor.classify.trie_order`):
    same matches in the same order, fewer comparisons at the root."""
    order = _common_chars()
    landing = Entry()
    keys = {**items, **{k: (k, landing) for k in landings(items, order)}}
    for key in sorted(keys, key=by_frequency(order)):
        automaton.add_word(key, keys[key])


def _entry(entries: dict[str, Entry], word: str) -> Entry:
    e = entries.get(word)
    if e is None:
        e = entries[word] = Entry()
    return e


def build_index(settings: ClassifySettings, gazetteer: Gazetteer) -> Index:
    entries: dict[str, Entry] = {}
    for rule in settings.types.rules:
        for w in rule.words:
            e = _entry(entries, w)
            if rule.opening is None:
                e.types.append((rule.type, rule.weight))
            else:
                e.opening.append((rule.type, rule.weight, rule.opening, rule.max_chars or 0))
            e.no_matter = e.no_matter or rule.no_matter
    for domain, subs in settings.domains.lexicon.items():
        for sub, words in subs.items():
            for w in words:
                pair = (domain, sub)
                if pair not in _entry(entries, w).domains:
                    entries[w].domains.append(pair)
    for topic, words in settings.topics.items():
        for w in words:
            _entry(entries, w).topic = topic
    for d in gazetteer.districts:
        for n in (d.name, *d.short):
            _entry(entries, n).place = Place(d.name, None, "district")
        for n in d.landmarks:
            _entry(entries, n).place = Place(d.name, None, "landmark")
        for s in d.streets:
            for n in (s.name, *s.short):
                _entry(entries, n).place = Place(d.name, s.name, "street")
            for n in s.communities:
                _entry(entries, n).place = Place(d.name, s.name, "community", n)
            for n in s.landmarks:
                _entry(entries, n).place = Place(d.name, s.name, "landmark")
    domain_automaton, type_automaton = ahocorasick.Automaton(), ahocorasick.Automaton()
    nothing = Entry()  # a mask ([types] / [domains] masks): found leftmost-longest, it hides the word inside it
    domain_items = {w.lower(): (w, e) for w, e in entries.items() if e.domains or e.topic is not None}
    domain_items.update({m.lower(): (m, nothing) for m in settings.domains.masks if m.lower() not in domain_items})
    _fill(domain_automaton, domain_items)
    type_items = {w.lower(): (w, e) for w, e in entries.items() if e.types or e.opening}
    type_items.update({m.lower(): (m, nothing) for m in settings.types.masks if m.lower() not in type_items})
    _fill(type_automaton, type_items)
    fallback_automaton = ahocorasick.Automaton()
    hints: dict[str, Entry] = {}  # kept out of `entries`: a hint is no lexicon word
    for key, chars in settings.domains.fallback.items():
        dom, _, sub = key.partition(".")
        for ch in chars:
            e = hints.setdefault(ch, Entry())
            if (dom, sub) not in e.domains:
                e.domains.append((dom, sub))
    for w in settings.domains.fallback_not:  # leftmost-longest: the word hides its characters
        hints.setdefault(w, Entry())
    _fill(fallback_automaton, {w.lower(): (w, e) for w, e in hints.items()})
    for a in (domain_automaton, type_automaton, fallback_automaton):
        if len(a):
            a.make_automaton()
    return Index(
        fallback_automaton=fallback_automaton,
        domain_automaton=domain_automaton,
        type_automaton=type_automaton,
        entries=entries,
        stopwords=frozenset(settings.keywords.stopwords),
        nuisance=frozenset(settings.types.nuisance_subtopics),
    )


_jieba_lock = threading.Lock()
_registered: set[str] = set()
_taught: set[str] = set()  # registered words jieba's own dictionary did not hold


def register_words(words: Iterable[str]) -> int:
    """Add multi-character words to jieba's dictionary (process-wide, once per word).

    Single characters are left alone: forcing them into the dictionary with a high frequency
    would break longer words apart. Returns how many words were new. The words jieba's bundled
    dictionary did not already hold are remembered (:func:`in_jieba_dictionary`).
    """
    new = 0
    with _jieba_lock:
        jieba.initialize()  # its table must be there to say which words it already holds
        freq = jieba.dt.FREQ
        for w in words:
            if len(w) < 2 or w in _registered:
                continue
            if not freq.get(w):  # absent, or only the prefix of a longer word (frequency 0)
                _taught.add(w)
            jieba.add_word(w)
            _registered.add(w)
            new += 1
    return new


def in_jieba_dictionary(word: str) -> bool:
    """Is ``word`` a word of jieba's bundled dictionary (``dict.txt``)?

    Answered from jieba's own table (every word of ``dict.txt`` with its frequency, every prefix
    of one with frequency 0; no word of the file has frequency 0) less the words we taught it,
    rather than from a second set of the file's 330,000 short words, which held 41 MB. A word
    jieba's table holds is either one of the file's or one :func:`register_words` added.
    """
    if not jieba.dt.initialized:
        jieba.initialize()
    return jieba.dt.FREQ.get(word, 0) > 0 and word not in _taught
