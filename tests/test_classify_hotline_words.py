"""Domain: the hotline's own words are no matter. Sentences written for the tests (never copied from a
development set).

A 12345 transcript is told in the operator's words: 来电人…, 市民来电表示…, 特致电表扬. Read as characters,
来电表示 holds 电表 (an electricity meter, 民生) and 来电人 the fallback hint 电: thanks for a school place or
a question about the courts came out as a power matter. ``[domains] masks`` hide a word inside such a
phrase, as ``[types] masks`` hide a cue; ``fallback_not`` keeps 来电/致电 from hinting at electricity.
The look-alikes are the same words about a real meter or a real power cut.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from test_classify_speech_acts import clf  # noqa: F401 - the shipped rules, as a fresh install answers


@pytest.mark.parametrize(("text", "domain"), [
    ("市民来电表示，接线员态度很好，特来电表扬。", "其他"),
    ("市民来电表示，孩子转学的事区教育局两天就办好了，特此致谢。", "教育"),
    ("来电人致电表扬金凤区社保大厅窗口的工作人员，帮她把退休手续一次办完。", "劳动和社会保障"),
    ("市民来电表达对新开通公交线路的满意，希望保持下去。", "交通"),
])
def test_a_caller_expressing_something_names_no_meter(clf: Classifier, text: str, domain: str) -> None:
    c = clf.classify(text)
    assert c.domain == domain, c.evidence["domain"]
    assert "民生" not in c.evidence["domain"].get("scores", {}), c.evidence["domain"]


@pytest.mark.parametrize("text", [
    "市民来电表示，其家中电表箱冒火花，整栋楼跳闸停电，请供电公司尽快处理。",
    "来电人称家里电表走得飞快，一个月电费比以前多了两百。",
])
def test_a_meter_told_in_a_transcript_is_still_a_power_matter(clf: Classifier, text: str) -> None:
    c = clf.classify(text)
    assert c.domain == "民生", c.evidence["domain"]


def test_a_caller_with_no_matter_hints_at_no_electricity(clf: Classifier) -> None:
    c = clf.classify("来电人未讲明具体事项，通话中沉默许久后挂断。")
    assert c.domain == "其他", c.evidence["domain"]


def test_electricity_hinted_without_a_caller_is_still_a_power_matter(clf: Classifier) -> None:
    # no lexicon word: the hint 电 still reads as electricity where no caller is meant
    c = clf.classify("我们这片啥时候能通上电？晚上黑乎乎的")
    assert c.domain == "民生", c.evidence["domain"]
