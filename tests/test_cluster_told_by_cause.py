"""One problem told in other words (issue 14, third session of 2026-12-05): the heating's water
leaking out of a radiator or a stairwell's pipe told bare, and a power cut told by the cause the
supplier or the estate's office gave.

Citizens of one building tell one leak as "暖气片接口漏水" and as "暖气漏了" or "暖气片爆了"; the table
read only the first as the leak (爆管 beside 供暖), so the others, 供暖 alone, met it as a side
remark (0.45) and stayed apart. An estate in the dark is told "停电了" by one and "说是外线故障" or
"配电室淹了" by the next, whose post named no problem at all. Sentences of my own, never copied
from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App


def test_the_heating_s_leak_told_bare_names_the_leak() -> None:
    table = problems()
    for text in ("金桂苑8号楼暖气漏了，顺着墙往下淌", "试压的时候我家暖气片直接爆了，满屋子热水",
                 "刚通暖那天卧室暖气片接口呲水，被子都湿了", "暖气管道老化漏水好几天了没人来"):
        assert "爆管" in table.find(text), text
    # a fee's app crashing, a draught, a flat too warm, a gas smell: no leak of water
    for text in ("交暖气费的页面又崩了", "暖气不热，北边窗户漏风", "暖气烧得热爆了只能开窗", "暖气片旁边有点漏气的味道"):
        assert "爆管" not in table.find(text), text


def test_a_cut_told_by_its_cause_names_the_cut() -> None:
    table = problems()
    for text in ("物业说是配电室进水了，整个小区黑着", "供电所回复外线故障正在查", "又跳了，老楼线路老化谁来管",
                 "地下配电箱冒烟了，楼里全黑"):
        assert "停电" in table.find(text), text
    # a lamp's cable stolen, a broadband's or a phone's line: no cut of the supply
    for text in ("路边那排灯的电缆又被人偷了", "小区宽带线路故障两天了", "座机电话线路老化有杂音"):
        assert "停电" not in table.find(text), text


LEAK = [
    ("h1", "金桂苑8号楼3单元楼道里暖气管子漏水，热水顺着台阶往下流", 0),
    ("h2", "金桂苑8号楼暖气漏了，楼道里全是水汽，物业电话没人接", 25),
    ("h3", "金桂苑8号楼三单元楼上暖气片爆了，水都流到一楼了", 50),
]

CUT = [
    ("p1", "翠湖雅居停电一个多小时了，冰箱里的肉都化了", 0),
    ("p2", "翠湖雅居业主群里物业说是配电室进水了，等供电所", 20),
    ("p3", "翠湖雅居还黑着，95598说外线故障在抢修", 40),
]


def test_one_leak_told_three_ways_is_one_cluster(app: App) -> None:  # noqa: F811
    ingest(app, LEAK)
    clusters = {case_of(app, i).cluster_id for i in range(len(LEAK))}
    assert len(clusters) == 1 and None not in clusters


def test_one_cut_told_by_its_cause_is_one_cluster(app: App) -> None:  # noqa: F811
    ingest(app, CUT)
    clusters = {case_of(app, i).cluster_id for i in range(len(CUT))}
    assert len(clusters) == 1 and None not in clusters
