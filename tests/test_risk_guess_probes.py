"""Recall by mechanism, fifth session of 2026-12-05 (risk-guess): three dangers that raised nothing, each by its mechanism.

- Someone placed there, told person first (有个人站在桥栏杆外面, 有个男的坐在楼顶边上), is seen as 站着个人 is: an `unless`
  word in the clause before (跳绳) no longer frames a danger told now in its own clause (`context._SEEN`).
- A look-alike phrase of damage (被车撞断, written for a lamp post or a railing hit by a car) followed by a body's part
  (了腿, 手指) tells what was done to a person: it masks nothing (`matching._BODY_HURT`).
- A blow told by the mark it left on a child or someone at home (打哭, 打肿, 打出血), whoever struck, is harm at home.
- A threat dared on a lawful act (我再举报…，就让…) is read as a dare when 再 follows a person and the 就 opens the clause
  after the act's, whatever was reported between (`context._DARED`): the lawful word no longer quiets the model's guess.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind)
    ("someone placed there, told person first", "以前常带娃去跳绳比赛，今天有个人站在桥栏杆外面要往下跳", "self_harm"),
    ("a man sitting on a roof's edge, told person first", "小区里在跳绳，有个男的坐在对面楼顶边上，腿都悬空了", "self_harm"),
    ("a leg broken by a car", "我爸被车撞断了腿，快来人", "medical"),
    ("a child beaten to tears", "我跟他讲道理他不听，还把孩子打哭了", "minor_domestic"),
    ("a dare on a report, what is reported told before 就",
     "他放话说我再举报他家往河里倒垃圾，就让我家的鸡一只也活不了，还说知道我孙女在哪上学", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_the_danger_is_raised(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


QUIET = [  # (mechanism, text, kind): still no flag of the kind
    ("a lamp post hit by a car", "路口的路灯杆被车撞断了，一直没人修", "medical"),
    ("someone beside a skipping test, no place of danger", "体育课跳绳，有人站在旁边计数", "self_harm"),
    ("a game lost in tears", "打游戏被对面打哭了", "minor_domestic"),
    ("the writer's own next step after a complaint", "我再投诉一次物业，就去法院起诉他们", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_the_look_alike_stays_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))
