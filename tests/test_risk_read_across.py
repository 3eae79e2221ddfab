"""A look-alike word read across a word's boundary (third session of 2026-12-05, risk-hazard).

女主 (a show's heroine) is look-alike context for every kind: a beating told of a drama's heroine is no call. Inside
女主人 (the woman of the house, as the hotline and neighbours name her) it cancelled every hit of a beating told of
her, so a wife beaten at home, told that way, raised nothing. 女主人 is now among the phrases that hold an `unless`
word yet are no look-alike (`[match] not_unless`, beside 妇女主任 and 施工单位). Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

# the woman of the house beaten, told by a neighbour or the hotline: harm at home
TOLD = [
    "邻居家女主人又被她男人打了，哭喊声整栋楼都听得见",
    "来电人称对门女主人常被丈夫殴打，今晚又听到砸东西和呼救",
]


@pytest.mark.parametrize("text", TOLD)
def test_the_woman_of_the_house_beaten_is_harm_at_home(det: RiskDetector, text: str) -> None:  # noqa: F811
    got = raised(det, text)
    assert "minor_domestic" in got
    assert not got["minor_domestic"]["evidence"][0].startswith("模型")  # the pattern raised it


# a show's heroine stays a show's: 女主 alone is still look-alike context; in 女主人设 (a character's design) the
# characters 女主人 are read as the woman of the house, but nothing there tells a beating (打脸 is a figure)
SHOWS = [
    "这部剧的女主被她老公打得好惨，看得我直哭",
    "昨晚追剧，女主人设崩了，男主也被打脸",
]


@pytest.mark.parametrize("text", SHOWS)
def test_a_shows_heroine_stays_a_look_alike(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert raised(det, text) == {}
