"""A site's dust by what it leaves indoors and by its net left off, a burst by its water still
coming up, a flooded car park by its entrance (issue 14, second session of 2026-12-04: eval18 read).
Sentences of our own, never copied from a set.
"""

from __future__ import annotations

import pytest

from monitor.cluster.problems import problems


@pytest.mark.parametrize(("text", "problem"), [
    ("对面楼拆外墙，桌子上一天一层灰", "扬尘"),
    ("刮风的时候土全吹进阳台了", "扬尘"),
    ("拆迁的渣土堆着，也没盖防尘网", "扬尘"),          # the net left off, not an open manhole
    ("人行道上那个井口没盖，晚上黑乎乎的", "井盖"),      # 没盖 alone is still the manhole
    ("凌晨三点了 水还在往外冒 路口都是水", "爆管"),
    ("单位地库入口也进水了，车开不出来", "积水"),
])
def test_what_the_words_name(text: str, problem: str) -> None:
    assert problems().find(text)[:1] == (problem,)


@pytest.mark.parametrize("text", [
    "楼下下水井的污水还在冒",      # dirty water: a drain
    "锅里的水一直在冒泡",
])
def test_water_coming_up_that_is_no_burst(text: str) -> None:
    assert "爆管" not in problems().find(text)[:1]
