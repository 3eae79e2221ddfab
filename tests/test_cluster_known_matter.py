"""A chase naming its matter as known lands on its citizen's report (issue 14, chasers; fourth
session of 2026-12-05).

Days after a report, its citizen writes again by naming the matter first thing, as one the reader
knows ("X的事"), then what an office answered or a question after it: "停车费涨价的事，街道有
回复吗", "路灯的事社区说报上去了". The words they choose now are seldom the report's (涨价 for a fee
raised from one figure to another, 画线 for a worn zebra crossing), so the signature reads another
problem or none. The citizen's word that this is their matter, and their one open report, agree.
A matter set aside for another ("X的事先不说"), introduced (关于…的事) or asked after for others
(同问) is no such chase. New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.chasers import Chasers
from monitor.cluster.markers import known_matter

DAY = 24 * 60


@pytest.mark.parametrize("text", [
    "停车费涨价的事，街道有回复吗",
    "路灯的事社区说报上去了，还在等",
    "菜市场搬迁的事有没有结论",
    "退卡的事三天了，没人退钱",
    "36路的事情 公交公司能不能恢复原来的站",
])
def test_a_matter_named_as_known_is_read(text: str) -> None:
    assert known_matter(text) is not None


@pytest.mark.parametrize("text", [
    "停车费的事先不说了，小区东门那个井盖又没了",  # set aside for another matter
    "停水的事大家都说了，我说个别的：三号楼楼道灯全坏了",
    "关于小区停车的事，想问一下业主能不能自己划线",  # introduced: a first report
    "同问菜市场搬迁的事，有说法了吗",  # asked after for others
    "不是噪音的事，是楼下烧烤的油烟",
])
def test_no_matter_named_as_known(text: str) -> None:
    assert known_matter(text) is None


REPORT = "兴隆苑物业贴通知，物业费从一块一一下调到一块六，业主大会没开过，这样合法吗 @金凤区住建"


def test_a_known_matter_named_anew_lands_on_the_one_report(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The report tells a fee raised from one figure to another; its chase four days on names the
    matter 物业涨价 and asks after the office's answer."""
    ingest(app, [("u1", REPORT, 0), ("u1", "物业涨价的事，住建那边有回复吗", 4 * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_a_known_matter_of_another_citizen_opens_its_own_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Another citizen's word on the same matter is no chase of the first citizen's report."""
    ingest(app, [("u1", REPORT, 0), ("u2", "幼儿园门口划线的事谁来管", 4 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_a_known_matter_at_another_place_is_not_the_report(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The citizen's one report is at 兴隆苑; a matter told at another estate is another."""
    ingest(app, [("u1", REPORT, 0), ("u1", "丽水园东门垃圾站的事，社区有说法吗", 4 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_a_second_matter_told_beside_the_known_one_is_no_chase_of_it() -> None:
    """"电梯的事…，暖气也不热": the heating is another matter than the lift the post names as known."""
    told = known_matter("金水园电梯的事还没修完，暖气也不热，家里才十五度")
    assert told is not None and Chasers._adds_matter(*told)
    told = known_matter("金水园电梯的事物业说配件到了，下周能修好吗")
    assert told is not None and not Chasers._adds_matter(*told)
