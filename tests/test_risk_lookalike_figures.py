"""Look-alikes by mechanism, session of 2026-12-05 (risk-lookalikes): a fire, a blast or a collapse told of what cannot
burn, blow up or fall down.

- A sensation (a throat, a mouth, a mind), a persona, a chat or a test paper that 冒烟, 着火, 炸了, 爆炸 or 塌了 is a
  degree, and so is a quality told to its utmost (帅炸了, 好吃到炸, 辣到爆炸): masked as a look-alike phrase, and the
  model's guesses beside it stay quiet as beside 吵得. What burns on a body (头发, 衣服) and a limb that 断了 are no
  figure: an injury.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

FIGURES = [  # (mechanism, text): no flag
    ("a throat dry after a day's work", "在工地搬了一下午砖，嗓子眼干得都快冒烟了"),
    ("a mouth after chilli", "这家的毛血旺太冲了，吃完嘴巴直接着火"),
    ("a mind after an exam", "期中考的物理卷子炸了，好几道题都没看懂"),
    ("a singer's persona", "那个歌手偷税被曝光，人设彻底塌了"),
    ("a chat after a holiday", "放假回来一看，工作群的消息爆炸了，五百多条"),
    ("a quality told to its utmost", "新开的那家羊肉馆好吃到炸，排了一个钟头也值"),
    ("a taste told to its utmost", "这家新开的火锅店辣到爆炸，嘴都麻了"),
]


@pytest.mark.parametrize(("mechanism", "text"), FIGURES, ids=[x[0] for x in FIGURES])
def test_a_degree_told_by_a_blast_is_no_flag(det: RiskDetector, mechanism: str, text: str) -> None:
    assert raised(det, text) == {}, (mechanism, det.detect(text))


STANDS = [  # (mechanism, text, kind): still raised
    ("hair that caught fire", "厨房的油锅着火了，我妈头发都着了", "safety_hazard"),
    ("smoke in a throat from a real fire", "楼下仓库在冒烟，烟很大，嗓子呛得说不出话", "safety_hazard"),
    ("a kitchen's blast beside a figure", "人设塌了就塌了吧，可隔壁餐馆刚才爆炸了，玻璃碎了一地", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), STANDS, ids=[x[0] for x in STANDS])
def test_what_really_burns_stands(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))
