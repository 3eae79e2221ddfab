"""The signature maker's lists of jieba's dictionary words say exactly what reading the file says.

They are no longer sets read from ``dict.txt`` (41 MB and 16 MB in the daemon): one asks jieba's
own table, less the words we taught it; the others are tries. Compared here with the file read
the old way, word by word, after the classifier has taught jieba its lexicon.
"""

from __future__ import annotations

from pathlib import Path

import jieba

from monitor.classify import Classifier
from monitor.classify.lexicon import in_jieba_dictionary, register_words
from monitor.cluster import SignatureMaker
from monitor.cluster.signature import (JIEBA_DICT, LOOKING, REPOST_WORDS, TIMES, VERB_TAGS, dictionary_words,
                                       name_word_lists, not_name_words, trim_name, word_tag,
                                       word_tags)
from monitor.core.config import Config

ROOT = Path(__file__).resolve().parents[1]


def file_words() -> set[str]:
    with JIEBA_DICT.open(encoding="utf-8") as fh:
        return {w for line in fh if 2 <= len(w := line.split(" ", 1)[0]) <= 4}


def test_dictionary_words_are_the_files_short_words_and_no_taught_one() -> None:
    classifier = Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))
    maker = SignatureMaker(classifier)
    made_up = "噪音扰民垃圾桶旁"[:4]  # four characters, taught below if jieba does not hold it
    register_words([made_up, "阅海湾北苑"])
    words = dictionary_words()
    expected = file_words()
    assert all(w in words for w in expected)
    # every word jieba's table holds now (the file's, their prefixes, the lexicon's, ours) and
    # is not a short word of the file is no dictionary word
    extra = [w for w in jieba.dt.FREQ if w not in expected and w in words]
    assert extra == []
    assert made_up in jieba.dt.FREQ and (made_up in expected) == (made_up in words)
    assert "阅海湾北苑" not in words and not in_jieba_dictionary("阅海湾北苑")
    taught = [w for w in classifier.index.entries if 2 <= len(w) <= 4 and w not in expected]
    assert taught and not any(w in maker.dict_words for w in taught)
    assert "中华人民共和国" not in words and in_jieba_dictionary("中华人民共和国")  # five or more: no
    assert 12 not in words


def test_name_word_lists_hold_the_same_words_as_the_sets() -> None:
    not_names, verbs = name_word_lists()
    assert set(not_names.keys()) == ((not_name_words() - (not_name_words(frozenset({"t"})) - TIMES))
                                     | REPOST_WORDS | TIMES | LOOKING)
    assert "今早" in not_names and "一看" in not_names  # no words of jieba's, no names' beginnings
    assert set(verbs.keys()) == not_name_words(VERB_TAGS)
    assert "晚上" in not_names and "同问" in not_names and "尽快" in not_names
    assert trim_name("尽快处理", not_names) == "" and trim_name("进入北京", not_names) == "北京"


def test_word_tags_are_jiebas_part_of_speech_table() -> None:
    """The tag trie answers what ``jieba.posseg``'s table answers, word by word (that module
    builds the table at import, so only this test imports it)."""
    import jieba.posseg

    table = jieba.posseg.dt.word_tag_tab
    assert len(word_tags()) == len(table)
    assert [w for w, tag in table.items() if word_tag(w) != tag] == []
    assert word_tag("新华") == table["新华"] and word_tag("阅海湾北苑", "x") == "x" and word_tag("") == ""
