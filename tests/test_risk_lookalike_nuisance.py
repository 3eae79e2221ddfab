"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): a neighbour's child whose play is the writer's nuisance.

- A neighbour's child is how harm at home is reported above all (隔壁天天听见小孩哭喊), and how a noise complaint is told:
  楼上娃天天晚上十点还在跳绳; 楼下的小孩天天在院里拍球，球老砸我家玻璃. With the play named (踢球, 蹦, 跳绳, 拍球, 放炮…)
  and nothing told anywhere of a blow, a cry, hunger, a child alone or shut in, or a fall, harm at home's hits are cancelled
  and the model's guess stays quiet (`context._play_nuisance`).
- The same play beside a blow heard or a child alone at a window keeps it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector, normalise
from monitor.classify.risk.context import _play_nuisance

NUISANCE = [  # (mechanism, text): no 未成年人/家暴 raised
    ("skipping at night, help asked", "救命 楼上娃天天晚上十点还在跳绳 咚咚咚 能不能协调一下"),
    ("a ball at the window", "楼下的小孩天天在院里拍球，球老砸我家玻璃，家长也不管"),
    ("firecrackers and a frightened cat", "隔壁小孩过年放炮，把我家猫吓得钻床底下一天没出来"),
]


@pytest.mark.parametrize(("mechanism", "text"), NUISANCE, ids=[x[0] for x in NUISANCE])
def test_a_neighbours_child_at_play_is_a_noise_complaint(det: RiskDetector, mechanism: str, text: str) -> None:
    assert _play_nuisance(normalise(text)) is not None, mechanism
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 未成年人/家暴 still raised
    ("a blow heard beside the play", "楼上小孩天天蹦，今天听见他爸打他，哭了半个多小时"),
    ("a child alone at a window", "楼下的小孩一个人在阳台上蹦，窗户也没关"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_harm_beside_a_childs_play_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert _play_nuisance(normalise(text)) is None, mechanism
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
