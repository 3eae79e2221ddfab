"""A crowd's blockade told 堵死, sixth session of 2026-12-05 (risk-otherkind).

堵死 was a mask of every kind, written for a figure of death (堵死了 = jammed solid, as 忙死 or 吵死 are figures): it hid the
堵 of a crowd that blocks a gate or a road (工人们把厂门堵死了), so a blockade told by no other cue raised nothing. It is now a
mask of the kinds whose words it would misread as death or harm (轻生, 威胁, 未成年人/家暴, 急症) and of hazards (a fire lane
blocked is read by the hazard's own rules, not by 堵), not of a crowd; a jam foretold (肯定堵死, 高峰堵死) or a drain blocked by
rubbish (垃圾堵, 淤泥堵) stays masked for a crowd.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind): raised, certain (before: nothing, or the model's 疑似 guess)
    ("a crowd blocking the office's gate", "一群人把村委会的门堵死了", "mass_incident"),
    ("workers blocking the works' gate", "工人们把厂门堵死了，要老板出来给说法", "mass_incident"),
    ("parents blocking the school's gate", "家长们把学校门口堵死了，要校长出来", "mass_incident"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_the_blockade_is_raised(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = {f["flag"]: f for f in det.detect(text)}
    assert kind in out and not out[kind]["possible"], (mechanism, out)


QUIET = [  # (mechanism, text, kind): still no flag of the kind
    ("a jam foretold at a school's opening", "明天开学，学校门口肯定堵死，家长们早点出门", "mass_incident"),
    ("a jam at the rush hour", "早高峰北京路堵死了，家长送孩子都迟到了", "mass_incident"),
    ("a drain blocked by rubbish", "下水道被垃圾堵死了，村民家里返水", "mass_incident"),
    ("a heart blocked, a figure", "我被他气得想死，心里堵死了", "self_harm"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_the_jam_stays_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))
