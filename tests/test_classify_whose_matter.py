"""Which office a matter is, told the way citizens tell it (the blind6 round, 2026-12-02 night).

Sentences of our own, each beside a look-alike in the same words where one exists. The lexicon
and its frames are read both alone (the cues) and as a fresh install reads them (the shipped models
beside them), so that a word the models happen to know does not hide a missing one.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.classifiers import cues, fresh  # noqa: F401 (fixtures)


@pytest.mark.parametrize(("text", "domain"), [
    ("菜市场门口有人专门给老人放高利贷，利滚利还不上就上门堵人", "公共安全"),  # lending that preys is the police's
    ("手机上天天弹反诈宣传，我妈还是被人骗走了两千", "公共安全"),
    ("孩子抑郁症又犯了，晚上一直哭，哪里有心理援助热线", "卫生健康"),  # the mind's illness
    ("天这么热，广场上有个老人中暑倒了", "卫生健康"),  # the heat's
    ("幼儿园保育费一学期又涨了八百，也没开家长会说明", "教育"),  # a kindergarten's fee is the school system's
    ("闺女把书包落在出租车上了，里面有户口本和准考证", "交通"),  # lost property on transit, not the papers
    ("楼下那户人家起火了，黑烟一个劲往楼上冒", "公共安全"),  # a fire's smoke is the fire
    ("我从没借过钱，催收的却天天打电话骂我全家", "公共安全"),  # collectors and online loans are the police's
    ("我弟在手机上借了几笔网贷，现在对方天天上门逼债", "公共安全"),
])
def test_whose_matter_it_is(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


@pytest.mark.parametrize(("text", "domain"), [
    ("村口那家厂子天天烧塑料，黑烟飘得满村都是", "环境保护"),  # smoke with no fire told: air pollution
    ("我的身份证丢了，补办要带什么材料", "公共安全"),  # papers lost, not on a bus: the police's
])
def test_their_look_alikes(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


def test_a_channel_asked_about_is_no_ditch(cues: Classifier) -> None:
    """渠道 holds 渠 (a ditch, 河流污染): masked, it names no water at all."""
    got = cues.classify("想给家里老人申请居家护理补贴，有没有什么渠道")
    assert got.domain != "环境保护" and "渠" not in str(got.evidence["domain"].get("words", [])), got.evidence
    assert cues.classify("村里的水渠被人倒满了垃圾，水都流不动了").domain == "环境保护"
