"""同 alone is a 同问 (issue 14, third session of 2026-12-03, read on the development sets: one
writer in three wrote it so).

Neighbours agree with the shortest word there is: "同" between spaces or marks ("塔桥那边同 窗户都
震了", "同，刚被吵醒", "掌政的 同") or 同感. Inside a word it says nothing of the kind (不同, 相同,
合同, 胡同, 一同, 同学, 同意). The sentences are new ones, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import is_same_question
from monitor.store.context import App


@pytest.mark.parametrize("text", [
    "景城名苑门口同 我也差点滑倒",
    "同，半夜又被吵醒了",
    "文萃街那边的 同",
    "同感 楼道里全是烟味",
    "康宁路菜市场同。",
])
def test_tong_alone_agrees(text: str) -> None:
    assert is_same_question(text)


@pytest.mark.parametrize("text", [
    "两个小区情况不同，一个停水一个停电",
    "签了合同，物业不认账",
    "胡同 里的路灯坏了三盏",
    "我和邻居一同去的社区",
    "同学说食堂的饭太贵",
    "相同的问题反映过了",
])
def test_tong_inside_a_word_is_no_echo(text: str) -> None:
    assert not is_same_question(text)


def test_a_tong_naming_the_place_joins_its_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("t1", "景城名苑门口那个坡全是冰，电动车推都推不上去", 0),
        ("t2", "景城名苑门口同 我早上也摔了", 40),
    ])
    first, echo = case_of(app, 0), case_of(app, 1)
    assert first.cluster_id is not None and echo.cluster_id == first.cluster_id
