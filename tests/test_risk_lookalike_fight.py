"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): a fight told as effort, against a thing, or as a lawful step.

- 拼了, 拼命 and 玩命 are how a threat's desperation is told (谁再来拆我就跟他拼了), and how citizens tell effort for a goal
  (为了考研我拼了), a quarrel with a device or a ticket site (今晚跟这破打印机拼了), or a complaint whose next words say what
  they will do (我跟他拼了，下周就去仲裁). With the goal, the thing or the lawful step told right beside it and nothing
  harmful anywhere else in the post, the fight's own hit is cancelled and the model's threat guess stays quiet
  (`context._fought_for`).
- A person fought with nothing lawful after it (我跟他拼了), a weapon or a death told elsewhere (为了闺女，我拿刀跟他拼了),
  or a goal with someone fought beside it stays a threat.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

AIMED = [  # (mechanism, text): no threat raised
    ("effort for a goal", "为了考研上岸，这半年我拼了"),
    ("a device fought", "打了八遍还是卡纸，今晚我跟这台破打印机拼了"),
    ("a ticket site fought", "春运第一天，凌晨五点起来刷票，我跟12306拼了"),
    ("a lawful step told next", "押金拖了两个月不退，我跟他拼了！下周就去仲裁"),
    ("a move told next", "空调坏了半个月房东装听不见，我跟他拼了！月底就搬走"),
]


@pytest.mark.parametrize(("mechanism", "text"), AIMED, ids=[x[0] for x in AIMED])
def test_a_fight_for_a_goal_or_a_thing_is_no_threat(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): threat still raised
    ("a person fought, nothing after it", "他再敢来我家门口闹，我就跟他拼了"),
    ("a weapon beside the goal", "为了我闺女，菜刀我都磨好了，跟他拼了"),
    ("a goal with someone fought", "为了讨回这口气，我跟他们拼了"),
    ("a step that is no lawful one", "工钱拖了一年，我跟他拼了，明天就去他家门口等他"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_fight_against_someone_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" in raised(det, text), (mechanism, det.detect(text))
