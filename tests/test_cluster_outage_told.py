"""No water told by what one does without it (issue 14, third session of 2026-12-03: the retired
``eval12`` read with the other development sets).

Neighbours of a burst main tell the cut by its consequences, not its name: they ask for a water
truck, find the shops' bottled water bought out, carry water upstairs or fetch it from a
neighbour, say their floors are dry. Each is 停水 (and so meets the burst, its related event);
fields left dry by a blocked canal are not. The sentences are new ones, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster_wording import main


@pytest.mark.parametrize("text", [
    "康居苑从早上就这样，能不能安排辆送水车",
    "我们这片超市的桶装水都抢光了",
    "六楼以上全干着，老人只能下楼去接水",
    "这栋楼都干着呢，做饭的水都是去隔壁借水",
    "老人提水爬五楼，腿都软了",
    "水龙头拧开一点水都出不来",
])
def test_no_water_is_told_by_what_one_does_without_it(text: str) -> None:
    assert main(text) == "停水"


@pytest.mark.parametrize("text", [
    "渠堵了，几十亩地都干着",                 # fields dry: irrigation, no household's water
    "买了桶装水做饭，自来水黄得不敢喝",        # bottled water for the colour of the tap's
    "洒水车天天早上六点就放音乐",              # a street sprinkler, no water truck asked for
])
def test_dry_fields_yellow_water_and_a_sprinkler_are_no_cut(text: str) -> None:
    assert main(text) != "停水"
