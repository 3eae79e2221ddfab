"""Look-alikes by mechanism, session of 2026-12-05 (risk-lookalikes): a child's trouble told as the ground of a service
asked for.

- A post that asks an office for a general measure or a service (有没有…推荐, 能不能加强宣传, 别把排名发群里, 伙食标准能
  公开吗) tells a child's fear, hunger or tears beside it (harm at home's weak cues) as the reason for what it asks:
  nobody harms the child, and the model's own guess stays quiet too. A service only named (a tutoring centre, a camp)
  is no service asked: children are shut in and beaten at such places too. A sign of real danger, a child uncared for
  or hurt (没吃饭, 大人都不在, 救命, 打, 关在), or a certain hit, stands.
- A hazard's wear whose stakes the post names as property, looks or convenience (溅一脚泥, 影响美观, 外人随便进, 车漆,
  出行不便) is a maintenance complaint when no risk to a person is named (危险, 摔, 伤, 老人, 孩子…) and nothing is told
  as urgent or sudden (赶紧派人, 爆了, 淹): the hazard is not raised. Quality (质量太差, 偷工减料) and mud are no such
  stakes: holes in a new building's structure and a flood's mud are told with them.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

SETTLED = [  # (mechanism, text): harm at home no longer raised
    ("a child alone at home, a holiday class asked for", "寒假里孩子一个人在家待着，附近有没有靠谱的兴趣班推荐一下"),
    ("a child afraid of loose dogs, publicity asked for", "楼下好几条大狗不牵绳，孩子看见就害怕，社区能不能加强宣传"),
    ("a child in tears over a ranking, the ranking asked away",
     "月考完孩子回来哭了一晚上，就因为名次，老师能不能别把排名发到家长群里"),
]


@pytest.mark.parametrize(("mechanism", "text"), SETTLED, ids=[x[0] for x in SETTLED])
def test_a_childs_trouble_as_the_ground_of_a_request(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): harm at home still raised
    ("shut in at a tutoring centre, the centre only named", "我家孩子在辅导班被老师关进小黑屋，回来天天做噩梦"),
    ("a child crying for help, a lawyer asked for", "隔壁孩子一个人在家，一直哭着喊救命，有没有人推荐个律师"),
    ("a child unfed with no adult, publicity asked for", "对门那家孩子两天没吃饭了，大人都不在家，社区能不能多宣传一下"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_harm_beside_a_request_stands(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))


STAKES = [  # (mechanism, text, raised): whether a hazard is raised
    ("loose paving that splashes mud", "菜市场门口的方砖松了一大片，一下雨踩上去就溅一脚黑水", False),
    ("a wall's plaster peeling, looks complained of", "单元门口那面墙的墙皮大片脱落，好几年没刷了，太影响美观", False),
    ("a fence fallen, strangers walk in", "后院那段砖砌的围墙倒了快一个月，外人随便进，物业也不修", False),
    ("loose paving where an old man fell", "菜市场门口的方砖松了一大片，昨天一个老人踩上去摔了，溅一身泥", True),
    ("a burst main, help asked at once", "路口水管爆了，水漫了一大片，车开过去溅一身，赶紧派人来", True),
]


@pytest.mark.parametrize(("mechanism", "text", "flagged"), STAKES, ids=[x[0] for x in STAKES])
def test_wear_whose_stakes_are_property_or_looks(det: RiskDetector, mechanism: str, text: str, flagged: bool) -> None:
    assert ("safety_hazard" in raised(det, text)) is flagged, (mechanism, det.detect(text))
