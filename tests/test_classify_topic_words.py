"""Domain: a hot topic's word hides no lexicon word, and words for places the police keep and dust blown
off an open coal pile (outside10 round). Sentences written for the tests (never copied from a
development set).

Topic words and lexicon words are found in one leftmost-longest pass: 路灯不亮, a topic's word and no
lexicon word, hid the 路灯 inside it, so a dark street lamp named beside a street called …湖… read as a
lake (环境保护) and alone as nothing. A topic word holding lexicon words must now be one itself (checked
at load, naming the topic and the words).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.settings import load_classify
from monitor.core.config import ConfigError
from test_classify_speech_acts import clf  # noqa: F401 - the shipped rules, as a fresh install answers

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("text", "domain"), [
    # a dark lamp on a street named for a lake, beside the lake itself
    ("路灯不亮 西夏区宝湖西路北口", "城乡建设"),
    ("宝湖里的水发绿发臭，鱼都翻肚皮了", "环境保护"),
    # a police post; an open coal pile's dust
    ("广场边上那个警务亭一直锁着门，从来没见过有人值班", "公共安全"),
    ("村口那个煤场露天堆煤，风一刮院子里全是黑灰", "环境保护"),
])
def test_the_words_written_decide(clf: Classifier, text: str, domain: str) -> None:
    c = clf.classify(text)
    assert c.domain == domain, c.evidence["domain"]


def test_a_topic_word_hiding_a_lexicon_word_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "config" / "classify.toml").read_text(encoding="utf-8")
    bad = tmp_path / "classify.toml"
    bad.write_text(text.replace('[topics]\n', '[topics]\n"车位不够" = ["停车位太少"]\n', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="停车位太少.*停车位"):
        load_classify(bad)
