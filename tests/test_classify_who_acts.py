"""Domain by which department acts on the matter (routing.toml), in sentences written for the tests.

The words that name where something happened (a park, an airport, a bus, a school) or whom the
writer talked to (an agency) are its setting; the act decides: smoking in a park is the health
commission's tobacco control, a noisy airport the environment bureau's, a stairwell light inside an
estate the 物业's (a street lamp the city's), a building declared unsafe (危房) or a bearing wall
knocked out the housing bureau's, a school's milk the school's however stale.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.settings import load_classify, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    """Rules only, from the shipped config: what a fresh install answers."""
    return Classifier(load_classify(ROOT / "config" / "classify.toml"),
                      load_gazetteer(ROOT / "config" / "regions.toml"))


@pytest.mark.parametrize(("text", "domain"), [
    ("小区楼道灯坏了一个月，物业一直说没配件", "住房"),
    ("我们那栋楼墙裂得厉害，想申请危房鉴定", "住房"),
    ("楼上装修把承重墙砸了，我们楼下墙都裂了", "住房"),
    ("老小区物业跑了以后，没人扫地也没人修门", "住房"),
    ("公园里好多人抽烟，小孩子都在旁边玩", "卫生健康"),
    ("村里有个精神病人到处砸东西，家里人管不住，能不能送医", "卫生健康"),
    ("夏天河边蚊子成群，希望定期消杀", "卫生健康"),
    ("菜市场卖的红枣是染过色的，一洗水都红了", "市场监管"),
    ("二手车行卖给我的车是泡水车，商家不认", "市场监管"),
    ("有人半夜在小区里偷电瓶车的电瓶", "公共安全"),
    ("山里下暴雨发山洪，我们几个人被困在半山腰", "公共安全"),
    ("开无犯罪记录证明要去哪", "公共安全"),
    ("学校发的学生奶都是快过期的", "教育"),
    ("网约车司机这种新就业形态能交职业伤害保险吗", "劳动和社会保障"),
    ("有人往荒沟里偷埋化工桶", "环境保护"),
    ("小区附近的垃圾中转站臭得没法开窗", "环境保护"),
    ("机场的飞机一晚上轰隆隆的，吵得人睡不着", "环境保护"),
    ("我妈一个人在家，想找个托养的地方", "民生"),
    ("有人借着设施农业的名头盖别墅", "城乡建设"),
])
def test_the_department_that_acts_decides(clf: Classifier, text: str, domain: str) -> None:
    c = clf.classify(text)
    assert c.domain == domain, c.evidence["domain"]
