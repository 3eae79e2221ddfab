"""Type: 举报 or 投诉, by whose harm it is. Sentences written for the tests (never copied from a
development set); each phenomenon beside its look-alike in the same words.

* **An institution named as the actor** (某医院, 某餐馆, 某幼儿园: a 12345 transcript hides the name) is a
  party told on, a report — as a third party introduced (有家店, 有人在) is.
* **Unless the writer tells being its patient, pupil, customer or employee** (我父亲在某医院住院, 我家孩子
  在某幼儿园上学, 我在某餐馆吃饭): the harm is their own, to be put right, a complaint
  (``[[types.rules]] unless``).
* **A wrongdoing named by what it is** (群租, 哄抬物价, 串通) is a report, and a reproach that nobody stops
  it (没人管吗) asks for enforcement (``[types] unenforced``); the same words in one's own question (租的是
  群租房…怎么办) or a price rise told without the charge (菜价涨得太快) are not.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from test_classify_speech_acts import _type, clf  # noqa: F401 - the shipped rules, as a fresh install answers


@pytest.mark.parametrize("text", [
    "某餐馆后厨老鼠乱窜，切菜的连手套都不戴",
    "某幼儿园让家长在老师个人账户上交伙食费",
    "市民反映，某药店店员没有执业药师证还给人开抗生素。",
    "某超市让收银员自己垫付收银短款",
])
def test_an_institution_named_as_the_actor_is_told_on(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "举报", clf.classify(text).evidence["type"]


@pytest.mark.parametrize("text", [
    "我在某餐馆吃饭，后厨老鼠乱窜，菜里有老鼠屎",
    "我家孩子在某幼儿园上学，伙食费一学期涨了两次",
    "来电人反映，其父在某医院住院期间护工态度恶劣，多次呵斥老人。",
    "本人在某公司上班三年，公司一直不给交社保。",
])
def test_the_writer_served_by_the_institution_complains(clf: Classifier, text: str) -> None:
    c = clf.classify(text)
    assert c.type_label == "投诉", c.evidence["type"]
    assert "report" not in c.evidence["type"].get("scores", {}), c.evidence["type"]


def test_a_wrongdoing_named_still_reports_when_the_writer_was_served(clf: Classifier) -> None:
    # `unless` cancels the institution named, not a wrongdoing told by its own cue (私下收)
    assert _type(clf, "我父亲在某医院住院，护工私下收家属的钱才给翻身") == "举报"


@pytest.mark.parametrize("text", [
    "楼上那套房子被隔成十几个小间，群租的人天天吵到半夜，没人管吗",
    "菜价一天一个样，这是不是哄抬物价？",
    "物业和装修公司串通好了，只让用他们指定的材料",
])
def test_a_wrongdoing_named_by_what_it_is_is_told_on(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "举报", clf.classify(text).evidence["type"]


@pytest.mark.parametrize(("text", "label"), [
    ("我租的是群租房，想问被查了租客怎么办", "求助"),
    ("菜价一天一个样，这个冬天日子不好过", "投诉"),
])
def test_the_same_words_without_a_wrong_told_on(clf: Classifier, text: str, label: str) -> None:
    assert _type(clf, text) == label, clf.classify(text).evidence["type"]
