"""Type: a thing proposed, however it is asked (outside8 round). Sentences written for the tests
(never copied from a development set).

* **建议**: a thing proposed to be put in or laid on (装个, 设几个, 放几张, 搞个…) is a proposal though it
  is asked as a question (能不能…？) or told beside a complaint's reason; a "why not" (为啥不, 为什么不)
  beside such a thing asks for the thing (`[types] proposed`).
* **Not a proposal**: a "why not" with no thing proposed (为什么不修) stays a complaint; a thing one means
  to put in oneself (想装个…要啥手续) is a question; a reproach that it was not put in (也不设个指示牌) is
  a complaint.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from test_classify_speech_acts import _type, clf  # noqa: F401 - the shipped rules, as a fresh install answers


@pytest.mark.parametrize("text", [
    "为什么不在学校门口的斑马线加个红绿灯？早上车开得飞快",
    "公园西门那段路黑咕隆咚的，为啥不装几盏灯",
    "菜市场里头能不能放几张长凳？买菜的老人站不住",
    "体育馆旁边搞个免费停车场吧，周末根本没地方停",
    "地铁口能不能设几个共享单车停放点，现在乱七八糟的",
    # trees planted, one of a thing laid on, a service brought forward or extended (this session)
    "为什么不在河堤两边多种点柳树？夏天连个阴凉都没有",
    "为啥不给每个公交站配一个垃圾桶",
    "社区活动中心能不能提前到早上七点开门？老人起得早",
    "夜班公交能不能延到十二点？下了晚班就没车了",
])
def test_a_thing_proposed_is_a_proposal_however_asked(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "建议"


@pytest.mark.parametrize("text", [
    "路灯坏了半个月，为什么不修",
    "押金交了三个月了，为啥不给退？",
    "修管道把路挖了一半，也不设个提示牌，晚上差点摔了",
])
def test_a_why_not_without_a_thing_proposed_stays_a_complaint(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "投诉"


@pytest.mark.parametrize("text", [
    "自家院子想装个充电桩，需要准备啥材料？",
    "自家院子里想种点菜，需要审批吗",
    "我们小区想装一个充电桩，要找哪个部门批",
])
def test_a_thing_one_means_to_put_in_oneself_is_a_question(clf: Classifier, text: str) -> None:
    assert _type(clf, text) == "咨询"


def test_the_why_not_counts_for_the_proposal_in_the_evidence(clf: Classifier) -> None:
    c = clf.classify("为什么不在这个路口加个红绿灯")
    assert c.type_label == "建议"
    assert {"为什么不", "加个"} <= set(c.evidence["type"]["words"])


def test_a_why_not_must_be_a_complaint_cue(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``[types] proposed`` names complaint cues that count for a suggestion: a word that is none is a
    configuration error naming the key."""
    from pathlib import Path

    from monitor.classify.settings import load_classify
    from monitor.core.config import ConfigError

    root = Path(__file__).resolve().parents[1]
    text = (root / "config" / "classify.toml").read_text(encoding="utf-8")
    bad = tmp_path / "classify.toml"
    bad.write_text(text.replace('proposed = ["为啥不"', 'proposed = ["加个", "为啥不"', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="proposed"):
        load_classify(bad)
