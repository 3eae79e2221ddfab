"""Pattern cancellations read too far, sixth session of 2026-12-05 (risk-otherkind).

- A past occasion told with 就 (去年就…, 上次就…) argues that the danger is still there: "it already happened then". For a
  kind whose `past` cancels (hazards, crowds, emergencies) the hit is 疑似, as with a cause told as still there
  (`persists`), not cancelled (`context._proof`); 当时就 (at that moment) and a death dated then (去年就走了) are no
  proof, and a past occasion told without 就 is history still.
- A brick works given up (废砖厂) names no kiln's smoke or fire: 砖厂, look-alike context for a hazard, frames nothing
  there (`[kinds.safety_hazard] not_unless`).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind, 疑似)
    ("a flood gate still broken, the flood of last year its proof", "雨季快到了，河边那个闸门还坏着，去年就是这里淹了好多户",
     "safety_hazard", True),
    ("a pit dug, last week's near-drowning its proof", "河滩上挖出来的坑灌满了水，上礼拜就有个人差点没上来", "safety_hazard",
     True),
    ("an abandoned brick works' chimney leaning", "村西头废砖厂的烟囱已经歪了，风一大就往下掉砖头，旁边就是大路",
     "safety_hazard", False),
]


@pytest.mark.parametrize(("mechanism", "text", "kind", "possible"), RAISED, ids=[x[0] for x in RAISED])
def test_the_danger_is_raised(det: RiskDetector, mechanism: str, text: str, kind: str, possible: bool) -> None:
    out = {f["flag"]: f for f in det.detect(text)}
    assert kind in out, (mechanism, out)
    assert out[kind]["possible"] is possible, (mechanism, out)  # a past occasion as proof: 疑似, a person judges it


QUIET = [  # (mechanism, text, kind): still no flag of the kind
    ("a flood of last year told as history", "去年这里淹了好多户，今年河道清过了，挺好", "safety_hazard"),
    ("at that moment, no proof", "上个月楼下着火那次，当时就有人报了119，很快就灭了", "safety_hazard"),
    ("a brick works' kiln smoke", "砖厂的烟囱天天冒烟，灰落得到处都是", "safety_hazard"),
    ("a house pulled down last year", "那栋着过火的旧房子去年就拆了，现在是个停车场", "safety_hazard"),
    ("a death dated then, no proof", "表弟说要去找姥爷，可姥爷去年就走了，现在他人联系不上", "medical"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_the_look_alike_stays_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))
