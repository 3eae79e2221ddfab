"""Harm at home's look-alikes by mechanism, seventh session of 2026-12-05 (risk-child): family talk the kind's rules
raised, each shape confirmed on three to five development sets by different writers (`looks.told_harmless`).

- Withdrawn by the lead: family banter laughed at, the laugh anywhere in a short post (`family_laughed`): a bitter
  laugh beside another household's abuse was silenced with it, so a laugh quiets nothing (STANDS).
- A child's hunger laid at the school canteen, its food or its fee (`looks.canteen_hunger`); not with someone keeping
  the child hungry.
- A child's water outing told with the care taken: a life jacket, a swimming class, a lesson on drowning
  (`looks.water_care`); not with a child in trouble in the water or nobody watching.
- The writer's own childhood blows remembered as their time's way (`looks.childhood_recalled`); not with a wound, a
  blow now, or an abuse.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

QUIET = [  # (mechanism, text): harm at home not raised by a pattern
    ("a canteen's portions", "娃说学校食堂中午的菜太少，每天放学都饿得不行，伙食费可一分没少交"),
    ("a canteen's food", "孩子在学校吃不饱，回家就喊饿，食堂的饭菜都是凉的，能不能改善一下"),
    ("a life jacket worn", "带孩子去河边钓鱼，给他穿好救生衣，离水边两米远，安全第一"),
    ("a swimming class", "儿子报了暑假游泳班，刚开始害怕下水，现在能自己游十米了"),
    ("childhood blows remembered", "我们小时候谁没挨过打，那个年代都这样，现在的家长都舍不得"),
]


@pytest.mark.parametrize(("mechanism", "text"), QUIET, ids=[x[0] for x in QUIET])
def test_family_talk_raises_no_pattern(det: RiskDetector, mechanism: str, text: str) -> None:
    assert no_pattern(raised(det, text), "minor_domestic"), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): harm at home still raised
    ("a laugh beside a wound", "他喝了酒就把孩子关在门外打，胳膊上全是伤，邻居还说哈哈"),
    ("a bitter laugh at a neighbour's beating", "笑死，楼上那个爹又在往死里揍孩子，孩子嗓子都哭哑了"),
    ("hunger kept by a stepmother", "后妈不给孩子饭吃，孩子饿得去学校食堂捡剩饭"),
    ("a child in the water beside a life jacket", "河边好几个孩子在玩水，穿着救生衣的那个掉进水里了，大人都不在"),
    ("a childhood beating with its wound", "我小时候被我爸打到住院，现在他又开始打我妹妹"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_harm_beside_them_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
