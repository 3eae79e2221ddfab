"""A bus line's matters told by the rider, a road's works by the fence, a road named after a glance
(issue 14, session of 2026-12-03 second: the retired ``eval10`` / ``eval11`` read with the other
development sets).

Riders tell a line's timetable by the headway ("早高峰间隔太长", "是不是减车了") more than by the
table's words, and one line has several matters at once: the wait between buses (and its first
and last buses), the stop a bus drives past, the route changed (``kinds`` of 公交服务): two riders
of one line telling two of them are two matters. Road works are told by the fence and the missing
signs ("那段围起来了 也没绕行指示"). A glance or a time word before a crossing ("下楼一看路口…",
"今早…路口") begins no road's name. Each rule beside its look-alikes; the sentences are new ones,
never copied from a set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_phenomena import joins
from test_cluster_wording import classifier, main, sign  # noqa: F401 - the real classifier and maker

from monitor.cluster import Signature
from monitor.cluster.problems import problems
from monitor.store.context import App

# ---------------------------------------------------------------- a bus line's headway


@pytest.mark.parametrize("text", ["35路早高峰发车间隔也太长了，站台上挤满人",
                                  "16路最近是不是减车了，等一趟要半天"])
def test_a_bus_line_s_service_told_by_its_headway(text: str) -> None:
    assert main(text) == "公交服务"


def test_a_light_s_interval_is_no_bus_service() -> None:
    assert main("路口红绿灯间隔太长，行人等半天") != "公交服务"


def test_two_riders_of_one_line_telling_its_headway_meet(sign: Callable[[str], Signature]) -> None:
    a = sign("35路早高峰间隔太长了，站台上排一长队")
    b = sign("35路是不是减车了，七点半等了四十分钟")
    assert joins(a, b)
    assert not joins(a, sign("36路早高峰间隔太长了，站台上排一长队"))


# ---------------------------------------------------------------- one line, several matters


@pytest.mark.parametrize(("text", "kind"), [
    ("9路早高峰间隔太长，等半天不来", "等车"),
    ("9路末班车提前到八点了，下晚班回不了家", "等车"),   # the timetable's hours are the timetable
    ("9路在康宁站经常不停车直接开过去，招手都不理", "甩站"),
    ("9路改线了，不走文萃街了，也没通知", "改线"),
])
def test_a_line_s_matter_is_told_by_its_kind(text: str, kind: str) -> None:
    assert problems().kinds_of("公交服务", text) == {kind}


def test_one_line_s_skipped_stop_is_no_echo_of_its_headway(sign: Callable[[str], Signature]) -> None:
    wait = sign("9路早高峰间隔太长，站台上排一长队")
    skipped = sign("9路在康宁站经常不停车直接开过去，招手都不理")
    rerouted = sign("9路改线了，不走文萃街了，也没通知")
    assert not joins(skipped, wait) and not joins(rerouted, wait) and not joins(rerouted, skipped)
    # a rider naming no kind ("9路太差劲了，天天迟到") may be either: nothing sets it apart
    assert not problems().kinds_of("公交服务", "9路太差劲了，天天迟到")


# ---------------------------------------------------------------- road works by the fence


def test_road_works_told_by_the_fence_and_the_missing_signs() -> None:
    assert main("建设路那段围起来了，也没个绕行标志，只能掉头") == "道路施工"


# ---------------------------------------------------------------- a glance or a time begins no name


def test_a_glance_or_a_time_word_begins_no_road(sign: Callable[[str], Signature]) -> None:
    s = sign("家里没水了，下楼一看路口水管爆了")
    assert not s.places, s.places
    s = sign("今早康宁路文萃街路口全是冰")
    assert not any(k.startswith("今早") for k in s.places), s.places
    assert "康宁路" in s.places


# ---------------------------------------------------------------- through the pipeline


def test_riders_of_one_line_the_headway_is_one_cluster_the_skipped_stop_another(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("r1", "9路早高峰间隔太长了，站台上排一长队，天天迟到", 0),
        ("r2", "9路在康宁站经常不停车直接开过去，招手都不理", 30),
        ("r3", "9路是不是减车了，七点半等了四十分钟才来一辆", 60),
        ("r4", "9路康宁站又不停车，老人招手都不理", 90),
    ])
    wait, skipped, wait2, skipped2 = (case_of(app, i) for i in range(4))
    assert wait.cluster_id is not None and wait2.cluster_id == wait.cluster_id
    assert skipped.cluster_id is not None and skipped2.cluster_id == skipped.cluster_id
    assert skipped.cluster_id != wait.cluster_id
