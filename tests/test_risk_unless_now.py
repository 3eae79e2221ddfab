"""Recall by mechanism, fourth session of 2026-12-05 (risk-unless): a danger told now in its own clause.

- A kind's `unless` word read in the clause before a hit frames it as a topic (烧烤摊 before 天天冒烟). When the hit's
  own clause names someone seen there doing the deed (有人, 站着个人, 看见一个男的), or the post calls the police, an
  ambulance or the fire brigade at once (快报警, 赶紧打120), the clause before only tells what was going on around:
  the word there no longer cancels (`context._told_now`).
- The word in the hit's own clause or its cue's still cancels, and the writer's own cry over it (我不想活了) is no
  one seen: hyperbole about the clause before stays quiet. 快来人 and 救命 are no call of this kind.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

NOW = [  # (mechanism, text, kind): raised although an `unless` word of the kind is in the clause before
    ("someone seen on a roof", "院子里小孩们在跳绳，我抬头一看对面楼顶上站着个人要往下跳", "self_harm"),
    ("the police called at once", "楼下一群人在跳绳，顶楼那边好像要跳楼，快报警", "self_harm"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), NOW, ids=[x[0] for x in NOW])
def test_a_danger_told_now_in_its_own_clause_stands(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


QUIET = [  # (mechanism, text, kind): still no flag
    ("the writer's own cry over the clause before", "跳绳测试又没及格，我真不想活了", "self_harm"),
    ("the word in the hit's own clause", "体育课跳绳跳得我想跳楼", "self_harm"),
    ("a cry for help that hyperbole ends with", "跳绳满分太难了，我要跳楼了，救命", "self_harm"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_the_clause_before_still_frames_a_cry(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


WATCHED = [  # (mechanism, text, kind): a scene watched or relayed is still framed by the word before it
    ("a film watched", "晚上看了场电影，看见一个人站在楼顶要往下跳", "self_harm"),
    ("a series watched", "昨天追的那部电视剧，天台上站着个人要往下跳", "self_harm"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), WATCHED, ids=[x[0] for x in WATCHED])
def test_a_scene_watched_stays_framed(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))
