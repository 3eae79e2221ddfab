"""One thing, several words: the office's list of words citizens use for one thing.

Citizens name one thing in their own words: 房产证, 产权证, 不动产权证 and 房本 are one certificate,
野狗 and 流浪狗 one dog, 电瓶车 and 电动车 one vehicle. Clustering compares two reports on the
words they share, so two words for one thing must read as one term: each is read as the entry's
first word (the one shown), and a problem of the table named by one word of an entry is named by
all of them (``problems.toml``'s 流浪狗 is also told as 野狗).

The list is configuration (``[files].cluster_terms``, default ``config/cluster_terms.toml``), so an
office extends it with its own people's words without a code change; it is validated when loaded,
and a bad entry is named (the file, the entry and the word).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from monitor.core.config import read_toml

# the list shipped with wenzheng, for a signature maker built without a configuration (tests, tools)
SHIPPED = Path(__file__).resolve().parents[2] / "config" / "cluster_terms.toml"
MIN_LENGTH = 2  # a one-character word is inside every other word: never a term of its own


@dataclass(frozen=True)
class Terms:
    """The office's list: every word of an entry → the entry's word shown."""

    shown: Mapping[str, str] = field(default_factory=dict)  # both tables: what two reports compare
    naming: Mapping[str, str] = field(default_factory=dict)  # ``[terms]`` only: also names problems

    def __call__(self, word: str) -> str:
        return self.shown.get(word, word)


def load_terms(path: Path) -> Terms:
    """Read ``path``: ``[terms]`` (words for one thing, which also name the problem of the table
    one of them names) and ``[near]`` (near-synonyms compared as one word only: 栏杆 and 护栏, 不热
    and 供暖 — 取暖 is no complaint of a cold flat), each ``"shown" = ["other", …]``.

    Raises ``ValueError`` naming the file, the entry and what is wrong: not a list of words, a
    word of one character, a word given twice or in two entries."""
    data = read_toml(path, ValueError)
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise ValueError(f"{path}: unknown table [{unknown[0]}] (the lists are [terms] and [near])")
    shown: dict[str, str] = {}
    naming: dict[str, str] = {}
    where: dict[str, str] = {}
    for table in TABLES:
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            raise ValueError(f"{path}: [{table}] must be a table of \"word\" = [\"other word\", …]")
        for head, others in entries.items():
            if not isinstance(others, list) or not others:
                raise ValueError(f"{path}: [{table}] {head!r}: needs a list of the other words for it, not {others!r}")
            for word in (head, *others):
                if not isinstance(word, str) or len(word.strip()) < MIN_LENGTH or word != word.strip():
                    raise ValueError(f"{path}: [{table}] {head!r}: {word!r} is not a word of two characters or more")
                if word in shown:
                    other = "this entry" if where[word] == f"[{table}] {head!r}" else where[word]
                    raise ValueError(f"{path}: [{table}] {head!r}: {word!r} is already a word of {other}")
                shown[word] = head
                where[word] = f"[{table}] {head!r}"
                if table == "terms":
                    naming[word] = head
    return Terms(shown, naming)


TABLES = ("terms", "near")


@cache
def shipped_terms() -> Terms:
    """The shipped list (empty when wenzheng runs without its configuration folder)."""
    return load_terms(SHIPPED) if SHIPPED.exists() else Terms()
