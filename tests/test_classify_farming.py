"""Farming and the land it is done on are 银川农业农村's, domain 其他 (2026-12-03, second session).

`matrix.toml` gives 银川农业农村 the domain 其他, and the outside writers file contracted land, the
state's payments to farmers, farm inputs and livestock's vaccines 其他; until now no routing rule named
that account, so such a case was read as 城乡建设 (土地), 劳动和社会保障 (补贴) or 卫生健康 (疫苗), or left at
the hub. `routing.toml` sends 其他.农业农村 there. Sentences of our own, read by the lexicon alone and by
a fresh install, then routed over the shipped matrix.
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from monitor.route import Router
from tests.classifiers import cues, fresh, router  # noqa: F401 (fixtures)

FARMING = [
    "想问一下土地承包经营权证丢了怎么补办",
    "今年的种粮补贴怎么还没打到卡上，隔壁村都发了",
    "羊要打口蹄疫疫苗，村里的防疫员一直找不着人",
    "高标准农田的滴灌设备坏了一半，也没人来修",
]


@pytest.mark.parametrize("text", FARMING)
def test_farming_is_the_farm_offices(cues: Classifier, fresh: Classifier, router: Router, text: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert (got.domain, got.subtopic) == ("其他", "农业农村"), got.evidence["domain"]
        d = router.route(got)
        assert d.lead == "city-nync" and not d.unroutable, d


@pytest.mark.parametrize(("text", "domain"), [
    ("村里征地拆迁，补偿标准到底是多少", "城乡建设"),  # land taken for building, not farmed land
    ("化肥厂的废水排到河里，下游的鱼都死了", "环境保护"),  # a fertiliser plant's effluent
    ("孩子的疫苗本丢了，打疫苗的记录去哪查", "卫生健康"),  # a child's vaccine, not livestock's
    # fertiliser sold fake: the selling is the matter (the writers split farm goods with the regulator)
    ("去年在镇上买的化肥全是假的，麦子长得稀稀拉拉", "市场监管"),
])
def test_their_look_alikes(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]
