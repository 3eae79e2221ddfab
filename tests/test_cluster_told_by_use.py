"""One problem told by its use, its hour or its count (issue 14, the outside10 round of
2026-12-02: the development set ``cluster-outside10.jsonl``, May, by a writer who never read the
rules). Each rule beside a look-alike that must stay out.

The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and signature maker), as ``tests/test_cluster_wording.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from test_cluster_phenomena import joins
from test_cluster_wording import classifier, main, sign  # noqa: F401 - the real classifier and maker

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.core.config import ClusterConfig

T0 = dt.datetime(2027, 5, 10, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("text", "problem"), [
    # road works named by their road, not by a word of the works
    ("正源街施工的，晚上一盏警示灯都没有", "道路施工"),
    ("北京东路段正在施工，公交都绕了", "道路施工"),
    # a taxi's meter never run
    ("永宁的出租就没打过表，上车就说十块", "出租车"),
    # stray dogs by how many there are
    ("金凤新村这边狗越来越多，晚上不敢走", "流浪狗"),
    ("掌政那边的狗晚上成群", "流浪狗"),
    # the last bus by its hour
    ("望远镇晚上7点就没车了，下了夜班走回去", "公交服务"),
    # water that stops often, or the building's own pump for the upper floors
    ("这个月水三天两头停，洗个澡都没准", "停水"),
    ("高层二次供水泵坏了，十楼以上都没法用", "停水"),
    ("楼里的水泵又坏了，物业说等配件", "停水"),
    # a fee added to what was agreed
    ("培训班中途要加收资料费三百，不交不让上课", "乱收费"),
])
def test_a_problem_told_by_its_use_its_hour_or_its_count(text: str, problem: str) -> None:
    assert main(text) == problem


@pytest.mark.parametrize(("text", "not_problem"), [
    ("小区门口的工地施工到半夜，吵得睡不着", "道路施工"),  # a site by the road: its noise
    ("电表没走表，是不是坏了", "出租车"),                   # a meter of the flat
    ("公园里遛狗的人太多了，还不拴绳", "流浪狗"),            # dogs walked by their owners
    ("晚上七点以后就没人管了，车乱停", "公交服务"),          # nobody after seven, no bus
    ("宁华路下穿又淹了，排水泵是摆设吗", "停水"),           # a drain's pump is the flooding's
    ("二次供水的水箱多久没洗了，水都是黄的", "停水"),       # the building's tank: the water's colour
    ("物业加装了门禁，要我们登记", "乱收费"),               # something added, no fee
])
def test_their_look_alikes_name_other_problems(text: str, not_problem: str) -> None:
    assert main(text) != not_problem


def test_reports_of_one_road_works_join_when_one_names_only_the_road_and_its_works(
        sign: Callable[[str], Signature]) -> None:  # noqa: F811 - the fixture imported above
    dug = sign("正源街往南那段又挖开了，半边路都封了，下班堵得要命")
    unlit = sign("正源街施工的地方晚上连个警示灯都没有，差点骑进坑里")
    assert joins(unlit, dug)
    # the look-alike: the same street's lamps out, told beside the works, is another problem
    lamps = sign("正源街南头那一排路灯全不亮，跟施工那段不是一回事")
    assert not joins(lamps, dug)


def test_a_chaser_naming_the_works_chases_its_citizens_noise_of_them(
        sign: Callable[[str], Signature], classifier: Classifier) -> None:  # noqa: F811 - the fixtures imported above
    """Road works make the noise (``yields``): a citizen who complained of the works' noise at
    night and chases "the works" is chasing that case; naming the street's lamps is another matter."""
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]
    first = "文昌路南段管网施工，晚上十二点还在挖，吵得睡不着"

    def chases(later: str) -> bool:
        return stage.chaser_target(later, sign(later), [("own", sign(first), T0)], T0 + dt.timedelta(days=2)) is not None
    assert chases("文昌路施工的事还没回复")
    assert not chases("文昌路的路灯还没人修，问了没回复")
    # works on a road are another matter than a night market's noise the road is named after
    market = "文昌夜市的音响每天晚上放到十二点，楼上根本睡不着"
    later = "文昌路施工围挡占了两个车道，围起来一个月了也不见干活"
    assert stage.chaser_target(later, sign(later), [("own", sign(market), T0)], T0 + dt.timedelta(days=2)) is None
