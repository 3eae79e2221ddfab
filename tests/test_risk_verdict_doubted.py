"""Someone's verdict the writer does not take, sixth session of 2026-12-05 (risk-otherkind).

- A verdict (说修好了, 说是误报) settles and frames nothing when the writer disputes it later in its sentence: besides a
  contrast (可烟味真的很重), now by the state told as still so since (到现在还是这样) or by the writer's distrust (不放心, 看着
  不像) (`context._CONTESTED`): what the sentence tells is 疑似, for a person.
- A smell or a thing scorched (烧焦, 烧糊) is masked for a threat: the 烧 of a burnt smell beside a landlord or the
  property company is no one's arson.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind): raised as 疑似
    ("a repair claimed, the fault still there", "健身房的跑步机老是突然加速，差点把人甩下来，前台说修好了，到现在还是这样",
     "safety_hazard"),
    ("a false alarm claimed, the writer not at ease", "楼道里一股烧焦的味道，烟感也在响，保安说是误报，我不放心", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_the_disputed_verdict_settles_nothing(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = {f["flag"]: f for f in det.detect(text)}
    assert kind in out, (mechanism, out)
    assert out[kind]["possible"], (mechanism, out)


QUIET = [  # (mechanism, text, kind): still no flag of the kind
    ("a false alarm, taken", "警报响了一阵，物业说是误报，后来确实没事了", "safety_hazard"),
    ("a repair, taken", "电梯前几天困过人，物业说修好了，现在用着挺好", "safety_hazard"),
    ("a burnt smell beside the landlord", "插座那里有股烧焦的味道，房东也不管", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_the_verdict_taken_stays_quiet(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


def test_the_burnt_smell_is_still_a_hazard(det: RiskDetector) -> None:
    assert "safety_hazard" in raised(det, "插座那里有股烧焦的味道，房东也不管")
