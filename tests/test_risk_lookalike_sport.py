"""Look-alikes by mechanism, fourth session of 2026-12-05 (risk-looks): a jump that is a sport.

- 跳 beside a height and 跳下去 are how 轻生 is told, and how citizens tell a sport or a ride: bungee jumping at a lake,
  a child on a diving board, a skipping test at school, a paraglider off a hill. With such a sport named anywhere in the
  post (蹦极, 跳伞, 滑翔伞, 跳水, 跳台, 跳绳, 跳远, 跳高, 蹦床, 滑索) and no cry or end told anywhere, 轻生's hits are
  cancelled and the model's guess stays quiet (`looks.jumped_for_sport`).
- A sport named beside a cry (不想活了, 活着没意思, 解脱), a call for help (快报警) or a height no such sport is done from
  (楼顶, 天台, 桥) keeps it: the sport explains the jump, not the wish or the person on a roof.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.looks import jumped_for_sport

SPORTS = [  # (mechanism, text): no 轻生 raised (each raised for certain before this check)
    ("bungee jumping at a lake", "蹦极真过瘾！在阅海跳了两次 到现在腿还软 下周再来跳"),
    ("a diving board", "儿子第一次上跳台，站在上面犹豫了十分钟，最后还是跳下去了"),
    ("a skipping test", "跳绳考试，儿子喊着跳不下去了，才跳了九十个"),
    ("a paraglider off a hill", "贺兰山哪有滑翔伞能报名？想从山上跳下去飞一次"),
]


@pytest.mark.parametrize(("mechanism", "text"), SPORTS, ids=[x[0] for x in SPORTS])
def test_a_jump_that_is_a_sport_is_no_cry(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("a cry beside the sport", "以前最爱蹦极，现在活着没意思，今晚想从桥上跳下去"),
    ("an end beside the sport", "跳水队退役以后一事无成，我想去楼顶跳下去，解脱了"),
    ("a call for help beside the sport", "孩子们在楼下跳绳。三号楼顶站着个人要往下跳，快报警"),
    ("a rooftop beside the sport", "孩子们在楼下跳绳。三号楼顶站着个人要往下跳"),
    ("no sport named", "我站在十八楼的天台上，想跳下去"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_jump_with_a_cry_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))


def test_the_sport_is_named_in_the_explanation(det: RiskDetector) -> None:
    evidence: dict = {}
    det.detect("在沙湖玩蹦极，跳下去的时候腿都软了", evidence)
    assert any(c["by"] == "蹦极" for c in evidence["risk"]["cancelled"])


def test_a_place_named_for_a_sport_is_no_sport() -> None:
    assert jumped_for_sport("我是跳马镇的村民，想反映修路的事") is None
    assert jumped_for_sport("蹦极太刺激了") == "蹦极"
    assert jumped_for_sport("蹦极以后我就不想活了") is None
    assert jumped_for_sport("跳绳比赛刚完，楼顶上有人要往下跳") is None
