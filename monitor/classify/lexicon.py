"""Compile the rules and the gazetteer into one token index, and teach jieba the words.

Why one index: the classifier walks the jieba tokens exactly once, and each token costs one dict
lookup that returns everything it means (type word, domain word, place). Most tokens
are in no list and cost nothing more; that is what keeps a full classification close to the
price of the segmentation itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import jieba

from monitor.classify.settings import ClassifySettings, Gazetteer

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
    domains: list[tuple[str, str]] = field(default_factory=list)  # (domain, sub-topic)
    place: Place | None = None
    topic: str | None = None  # the hot topic (problem) this word is a near-synonym of


@dataclass
class Index:
    entries: dict[str, Entry]
    stopwords: frozenset[str]
    nuisance: frozenset[str]

    def get(self, token: str) -> Entry | None:
        return self.entries.get(token)


def _entry(entries: dict[str, Entry], word: str) -> Entry:
    e = entries.get(word)
    if e is None:
        e = entries[word] = Entry()
    return e


def build_index(settings: ClassifySettings, gazetteer: Gazetteer) -> Index:
    entries: dict[str, Entry] = {}
    for rule in settings.types.rules:
        for w in rule.words:
            _entry(entries, w).types.append((rule.type, rule.weight))
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
    return Index(
        entries=entries,
        stopwords=frozenset(settings.keywords.stopwords),
        nuisance=frozenset(settings.types.nuisance_subtopics),
    )


_jieba_lock = threading.Lock()
_registered: set[str] = set()


def register_words(words: Iterable[str]) -> int:
    """Add multi-character words to jieba's dictionary (process-wide, once per word).

    Single characters are left alone: forcing them into the dictionary with a high frequency
    would break longer words apart. Returns how many words were new.
    """
    new = 0
    with _jieba_lock:
        for w in words:
            if len(w) < 2 or w in _registered:
                continue
            jieba.add_word(w)
            _registered.add(w)
            new += 1
    return new
