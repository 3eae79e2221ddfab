"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): a childhood beating looked back on from now.

- A harm dated in the writer's (or a sibling's) childhood and told over by a later "now" (`over.outgrown`) was kept
  whenever 还 or 也 followed it, read as the harm going on. 还 and 也 of degree, comparison, concession or memory tell
  nothing going on (躲得比猫还快, 现在想起来还挺好笑, 现在想想也就是那时候的规矩, 现在还拿出来说笑), and a memory
  laughed at (好笑, 说笑) is how such a past is told as over.
- Still raised: the harm told as going on after it (他现在还打我妈; 还是动不动就打我).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

OVER = [  # (mechanism, text): harm at home no longer raised
    ("laughed at now, 还 of degree", "小时候偷吃糖被我妈打了一顿，我哭得比谁都响，现在想想还挺好笑的"),
    ("a comparison's 还", "小时候考砸了被我爸打，我躲得比猫还快，现在想起来好笑"),
    ("brought up to laugh about", "我姐小时候被我爸打过一回手心，现在过年还拿出来说笑"),
    ("a concession's 也", "小时候我爸打我打得可凶了，现在想想也就是那时候的规矩，如今一家人挺好"),
]


@pytest.mark.parametrize(("mechanism", "text"), OVER, ids=[x[0] for x in OVER])
def test_a_childhood_beating_looked_back_on_is_over(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


GOES_ON = [  # (mechanism, text): still raised
    ("still beating the mother", "小时候我爸天天打我，现在想想还挺好笑，可他现在还打我妈"),
    ("still beating the writer", "小时候我妈打我，现在她老了，可还是动不动就打我"),
]


@pytest.mark.parametrize(("mechanism", "text"), GOES_ON, ids=[x[0] for x in GOES_ON])
def test_a_beating_going_on_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
