"""A noise told by where it is heard (issue 14, session of 2026-12-03 second: the retired
``eval10`` / ``eval11`` read with the other development sets).

Citizens tell a noise by where it is heard ("隔两栋楼都听得见", "宿舍都能听见") and by what still
sounds at an hour ("九点半了还在放", "十一点了还轰"): night works on a road told so are the noise
complaint (the works yield to it), and meet the neighbours who wrote 噪音. Two kinds of one problem
stay two matters to a citizen's follow-up as to a join (the night market's shouting after the
site's piling). Each rule beside its look-alikes; the sentences are new ones, never copied from a
set.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_phenomena import joins
from test_cluster_wording import classifier, main, sign  # noqa: F401 - the real classifier and maker

from monitor.cluster import Signature
from monitor.store.context import App

# ---------------------------------------------------------------- noise by where it is heard


@pytest.mark.parametrize("text", [
    "康宁路那家酒吧 隔两栋楼都听得见",
    "文萃街那个工地 我们宿舍都能听见",
    "河对面也听得一清二楚，天天如此",
    "都十一点半了还在吼，明天还上班",
    "九点多了还在放，孩子写不了作业",
    "十二点了还轰，一趟接一趟",
    "半夜破碎锤哒哒哒的",
])
def test_a_noise_is_told_by_where_and_when_it_is_heard(text: str) -> None:
    assert main(text) == "噪音"


@pytest.mark.parametrize("text", [
    "听到说明天要停水，有没有通知",      # what one heard said
    "十点了还在放水浇绿化，太浪费",      # water let run, no noise
    "井盖松了，车一压就哐当哐当",        # a manhole's own fault, whatever it sounds like
])
def test_what_one_heard_said_or_a_fault_s_sound_is_no_noise(text: str) -> None:
    assert main(text) != "噪音"


def test_night_works_told_by_the_road_and_by_the_noise_meet(sign: Callable[[str], Signature]) -> None:
    works = sign("康宁路文萃街路口那块修路，晚上十一点了还在砸路面，整条街都听得见")
    noise = sign("康宁路文萃街路口半夜施工，吵得睡不着")
    assert joins(works, noise)
    # the same crossing's works told by the trench they left, by day: another matter
    trench = sign("康宁路文萃街路口修路挖了个大坑，白天车都过不去")
    assert not joins(trench, noise)


# ---------------------------------------------------------------- through the pipeline


def test_night_works_and_their_noise_are_one_cluster_the_trench_stays_out(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("h1", "康宁路文萃街路口那块修路，晚上十一点了还在用破碎锤砸路面，整条街都听得见", 0),
        ("h2", "康宁路文萃街路口半夜施工，吵得睡不着，能不能管管", 60),
        ("h3", "康宁路文萃街路口修路挖了个大坑，白天车都过不去", 120),
    ])
    first, second, trench = (case_of(app, i) for i in range(3))
    assert first.cluster_id is not None and second.cluster_id == first.cluster_id
    assert trench.cluster_id != first.cluster_id


def test_a_follow_up_telling_another_kind_of_noise_is_a_new_case(app: App) -> None:  # noqa: F811
    """A citizen whose case is a building site's piling at night writes again, naming the night
    market's shouting at no place: noise both, two kinds of it — a case of its own, not their
    follow-up; saying the piling goes on is."""
    ingest(app, [
        ("k1", "文萃街那个工地半夜打桩，咚咚咚的，@问政银川", 0),
        ("k1", "夜市那边一点多了还在吼，喝酒划拳的", 60 * 24),
        ("k1", "工地今晚还在打桩，还是没人管", 60 * 26),
    ])
    site, market, again = (case_of(app, i) for i in range(3))
    assert market.id != site.id
    assert again.id == site.id


# ---------------------------------------------------------------- the heating's date, two clauses


@pytest.mark.parametrize("text", [
    "今天零下了，还有五天才供暖，建议提前",
    "今年供暖能不能提前几天，家里太冷了",
])
def test_the_heating_s_date_asked_in_two_clauses(text: str) -> None:
    assert main(text) == "供暖时间"


@pytest.mark.parametrize("text", [
    "暖气不热，能不能早点来人看看",   # a flat's repair asked soon
    "供暖费能不能提前交，有没有优惠",  # a fee paid early
])
def test_a_repair_or_a_fee_asked_early_is_no_date(text: str) -> None:
    assert main(text) != "供暖时间"


def test_two_citizens_asking_the_date_in_two_clauses_are_one_matter(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("d1", "今天才零下三度，家里冷得不行，能不能提前供暖", 0),
        ("d2", "还有一周才供暖，冻得手都伸不出来，建议提前", 60),
    ])
    first, second = case_of(app, 0), case_of(app, 1)
    assert first.cluster_id is not None and second.cluster_id == first.cluster_id
