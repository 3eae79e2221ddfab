"""One thing, several words: the office's list ``config/cluster_terms.toml`` (issue 14).

The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and signature maker), as ``tests/test_cluster_wording.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cluster import refused
from test_cluster_phenomena import joins
from test_cluster_wording import classifier  # noqa: F401 - the real classifier

from monitor.classify import Classifier
from monitor.cluster import SignatureMaker
from monitor.cluster.problems import problems
from monitor.cluster.terms import SHIPPED, Terms, load_terms
from monitor.core.config import Config

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_list_is_valid_and_is_what_the_configuration_names() -> None:
    cfg = Config.load(ROOT / "config" / "wenzheng.toml")
    assert cfg.file("cluster_terms") == SHIPPED
    terms = load_terms(SHIPPED)
    assert terms("不动产权证") == terms("房本") == "房产证"
    assert terms("野狗") == "流浪狗" and terms("栏杆") == "护栏"
    assert terms("流浪狗") == "流浪狗" and terms("天桥") == "天桥"  # the shown word, and a word of no entry


def test_words_for_one_thing_are_one_term_between_two_reports(classifier: Classifier) -> None:  # noqa: F811
    maker = SignatureMaker(classifier)
    sign = lambda text: maker.make(text, classifier.classify(text))  # noqa: E731
    one = sign("金桂苑交房六年了，不动产权证一直办不下来，开发商说在走流程")
    other = sign("金桂苑的房本到现在还没拿到，孩子上学要用")
    assert "房产证" in one.terms | one.words and "房产证" in other.terms | other.words
    assert joins(other, one)


def test_a_word_for_the_tables_thing_names_its_problem(classifier: Classifier) -> None:  # noqa: F811
    text = "利民小区地下室耗子成群，大白天到处窜"
    assert "病媒" not in problems().find(text)  # the table's own words hold 老鼠, not 耗子
    maker = SignatureMaker(classifier)
    assert maker.make(text, classifier.classify(text)).issues[0] == "病媒"


def test_an_office_extends_the_list_in_its_configuration(classifier: Classifier, tmp_path: Path) -> None:  # noqa: F811
    own = tmp_path / "cluster_terms.toml"
    own.write_text(SHIPPED.read_text(encoding="utf-8") + '\n[terms.extra]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[terms\] 'extra': needs a list"):
        load_terms(own)
    own.write_text('[terms]\n"大喇叭车" = ["流动喇叭", "喇叭车"]\n', encoding="utf-8")
    terms = load_terms(own)
    maker = SignatureMaker(classifier, terms)
    a = maker.make("南门广场又来了流动喇叭卖药", classifier.classify("南门广场又来了流动喇叭卖药"))
    assert "大喇叭车" in a.terms | a.words | set(a.things)
    assert SignatureMaker(classifier, Terms()).terms("野狗") == "野狗"  # an empty list: words as written


@pytest.mark.parametrize(("text", "message"), [
    ('[terms]\n"流浪狗" = "野狗"\n', r"\[terms\] '流浪狗': needs a list of the other words"),
    ('[terms]\n"流浪狗" = ["狗"]\n', r"\[terms\] '流浪狗': '狗' is not a word of two characters"),
    ('[terms]\n"流浪狗" = ["野狗"]\n"野生动物" = ["野狗"]\n', r"\[terms\] '野生动物': '野狗' is already a word of \[terms\] '流浪狗'"),
    ('[terms]\n"流浪狗" = ["野狗", "野狗"]\n', r"\[terms\] '流浪狗': '野狗' is already a word of this entry"),
    ('[terms]\n"护栏" = ["栏杆"]\n[near]\n"扶手" = ["栏杆"]\n', r"\[near\] '扶手': '栏杆' is already a word of \[terms\] '护栏'"),
    ('[synonyms]\n"流浪狗" = ["野狗"]\n', r"unknown table \[synonyms\]"),
    ('[terms\n', r"not valid TOML"),
])
def test_a_bad_entry_is_named(tmp_path: Path, text: str, message: str) -> None:
    refused(load_terms, tmp_path / "cluster_terms.toml", text, message)


def test_a_list_saved_in_another_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cluster_terms.toml"
    path.write_bytes('[terms]\n"流浪狗" = ["野狗"]\n'.encode("gbk"))
    with pytest.raises(ValueError, match=r"cluster_terms\.toml: not UTF-8 text"):
        load_terms(path)
