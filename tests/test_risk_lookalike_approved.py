"""Look-alikes by mechanism, fifth session of 2026-12-05 (risk-modellooks): a scene the post closes by approving.

- Crowds, hazards and emergencies are told in words a look-alike shares (几十个人, 门口, 冲下来, 一氧化碳), and writers
  close a harmless scene with their own verdict on it: a gathering that went well, a vote, an inspection they praise, a
  ride that thrilled them (挺热闹, 挺民主的, 查得好, 太刺激了, 这个服务不错). With such a verdict as the post's last words and
  nothing anywhere of irony, neglect, a danger going on, harm, a call for help or a grievance, the kind's hits are
  cancelled and the model's guess stays quiet (`looks.scene_approved`), where the word walk's content verdict settles
  the verdict's sentence for a pattern's hit only.
- Not for 轻生, harm at home or threats (a calm farewell, 晚风挺好的; a beating is never fine; 要他好看), and not beside
  irony or neglect (又, 一直, 不管, 呵呵) or harm (伤, 着火了, 堵, 讨): such a post keeps what it raised.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.looks import scene_approved
from monitor.classify.risk.text import normalise

APPROVED = [  # (mechanism, kind, text): the kind not raised (each raised, certain or 疑似, before this check)
    ("a vote praised", "mass_incident", "今天村委会门口来了一百多个村民开会选组长，大家轮流发言，挺民主的"),
    ("a crowd in good order", "mass_incident", "下午学校门口几百个家长等孩子放学，秩序井然，挺好"),
    ("a dance that went well", "mass_incident", "广场上几十个人一起跳舞，场面挺热闹"),
    ("a ride that thrilled", "safety_hazard", "坐过山车从最高点冲下来，腿都软了，太刺激了"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), APPROVED, ids=[x[0] for x in APPROVED])
def test_a_scene_closed_by_approval_is_no_danger(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


NOT_READ = [  # (mechanism, text): no approval read
    ("irony after neglect", "楼道的电线露出来一大截，物业就是不管，挺好"),
    ("a danger going on", "工地的吊臂一直在晃，底下的人照样干活，真给力"),
    ("harm told", "仓库着火了，几个人被困在里面，消防来得快，给力"),
    ("a grievance told", "几十个工人堵在公司门口讨薪，场面挺热闹"),
    ("approval not at the end", "社区活动挺热闹的，可是散场的时候有人在门口晕倒了，快叫救护车"),
]


@pytest.mark.parametrize(("mechanism", "text"), NOT_READ, ids=[x[0] for x in NOT_READ])
def test_approval_beside_irony_harm_or_a_grievance_is_not_read(mechanism: str, text: str) -> None:
    assert scene_approved(normalise(text)) is None, mechanism


STANDS = [  # (mechanism, kind, text): still raised, the kind outside what a verdict settles
    ("a calm farewell", "self_harm", "药都吃完了，现在有点困，晚风挺好的"),
    ("a beating is never fine", "minor_domestic", "儿子在幼儿园被老师扇了两巴掌，园长说会严肃处理，挺好"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_verdict_settles_no_farewell_or_beating(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))
