"""An estate named after its street (issue 14, third session of 2026-12-03: the retired ``eval12``
read with the other development sets).

Estates take the name of the street or 街道 they stand on (前进街 → 前进小区, 前进里; 满城北街 →
满城花园; 胜利街 → 胜利新村). The street's word may read otherwise alone: 满城 is "the whole city"
(满城都是烟味), 前进 a verb; before an estate's word it names the estate. The gazetteer
(config/regions.toml) says which words name streets. The sentences are new ones, never copied from
a set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster_phenomena import joins
from test_cluster_wording import classifier, sign  # noqa: F401 - the real classifier and maker

from monitor.cluster import Signature


@pytest.mark.parametrize(("text", "estate"), [
    ("满城花园5号楼的暖气一点都不热", "满城花园"),
    ("前进里小区的下水道又堵了", "前进里小区"),
    ("前进小区门口那个井盖翘起来了", "前进小区"),
    ("胜利新村这两天一直停电", "胜利新村"),
    ("兴庆区前进家园的电梯坏了三天", "前进家园"),
])
def test_an_estate_named_after_its_street_is_a_place(sign: Callable[[str], Signature], text: str,  # noqa: F811
                                                      estate: str) -> None:
    assert estate in sign(text).places


@pytest.mark.parametrize("text", [
    "满城都是烧纸的烟，呛得睁不开眼",      # the whole city
    "车子前进不了，小区门口堵死了",        # a verb, then an estate nobody named
])
def test_the_street_s_word_alone_names_no_estate(sign: Callable[[str], Signature], text: str) -> None:  # noqa: F811
    assert not any(k.startswith(("满城", "前进")) for k in sign(text).places)


def test_two_reports_of_one_street_named_estate_meet_and_its_neighbour_stays_out(
        sign: Callable[[str], Signature]) -> None:  # noqa: F811
    one = sign("满城花园8号楼电梯又把人困里面了")
    two = sign("满城花园的电梯三天两头坏，今天又关人了")
    other = sign("满城北街那边的路灯坏了好几盏")
    assert joins(one, two)
    assert not joins(one, other)
