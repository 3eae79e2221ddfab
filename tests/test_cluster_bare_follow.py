"""A citizen's bare word on their matter follows their one report, or their latest case of the last day (issue 14).

A follow-up names least of all ("师傅刚走，说明天再来"): no place, no problem of the table, no
thing of the matter shared with it. From a citizen whose one open case is a report of theirs, one
telling what came since follows it up within the chaser window (``by: only_case_since``; not
their 同问 under another's appeal). From a citizen with several open cases, one telling what came
since (or asking after it) follows the latest when that one was opened within a day
(``by: latest``), unless it names another place or problem. A 同问, a word agreeing with others,
one addressing an office or a long post stays out. The sentences are written for the phenomenon,
never copied from a set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from test_cluster_wording import classifier, sign  # noqa: F401 - the real classifier and signature maker

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.core.config import ClusterConfig

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
PIPE = "凤翔小区6号楼楼下的暖气管道漏水，地上结了一大片冰，老人出门不敢走"
ECHO = "同问，我们那栋也是这样"
LAMP = "长春巷口那盏路灯天一黑就忽明忽暗，走夜路心里发毛"


@pytest.fixture(scope="module")
def follow(sign: Callable[[str], Signature], classifier: Classifier  # noqa: F811
           ) -> Callable[..., tuple[str, dict] | None]:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]

    def run(later: str, *firsts: tuple[str, float], days: float, echoes: tuple[str, ...] = ()
            ) -> tuple[str, dict] | None:
        """``firsts``: (text, hours after T0) of each own case; ``later`` written ``days`` after T0."""
        own = [(f"own{n}", sign(t), T0 + dt.timedelta(hours=h)) for n, (t, h) in enumerate(firsts)]
        return stage.chaser_target(later, sign(later), own, T0 + dt.timedelta(days=days), echoes=echoes)
    return run


def _by(hit: tuple[str, dict] | None) -> str | None:
    return hit[1].get("by") if hit is not None else None


def test_of_several_own_cases_the_latest_of_the_last_day(follow) -> None:  # noqa: ANN001
    hit = follow("师傅刚走，说明天再来", (PIPE, 0), (LAMP, 60), days=3)
    assert hit is not None and hit[0] == "own1" and hit[1]["by"] == "latest"
    # the latest two days old: none of them by that rule
    assert _by(follow("师傅刚走，说明天再来", (PIPE, 0), (LAMP, 20), days=3)) != "latest"


def test_a_same_question_an_agreement_or_a_word_to_an_office_is_none(follow) -> None:  # noqa: ANN001
    for text in ("同问，我家也这样", "我们这边也一样", "@物业服务中心 师傅刚走，说明天再来"):
        assert _by(follow(text, (PIPE, 0), (LAMP, 60), days=3)) != "latest"


def test_a_bare_word_follows_the_one_own_report_weeks_on(follow) -> None:  # noqa: ANN001
    hit = follow("今天门口多了两个锥桶", (PIPE, 0), days=12)
    assert hit is not None and hit[0] == "own0" and hit[1]["by"] == "only_case_since"
    # …not the citizen's 同问 under another's appeal, nor a remark telling nothing since
    assert _by(follow("今天门口多了两个锥桶", (ECHO, 0), days=12, echoes=("own0",))) != "only_case_since"
    assert _by(follow("看着真让人难受", (PIPE, 0), days=12)) != "only_case_since"


FLOOD = "桃源路和枫林巷交叉口积水没过了车轮，电动车推着在水里走"


def test_a_word_naming_what_the_matter_became_hours_on_follows_the_one_report(follow) -> None:  # noqa: ANN001
    """Hours after their one report, a citizen names what the matter became, in words the table
    reads as another problem and at no place (the flood gone, a manhole's cover washed away): ``same_day``."""
    hit = follow("退水以后井盖被冲跑了一个，谁来盖", (FLOOD, 0), days=0.4)
    assert hit is not None and hit[0] == "own0" and hit[1]["by"] == "same_day"
    # two days on, or a matter of the whole city, or a post to the public: not by this rule
    assert _by(follow("退水以后井盖被冲跑了一个，谁来盖", (FLOOD, 0), days=2)) != "same_day"
    assert _by(follow("乘车码是不是又刷不出来了", (FLOOD, 0), days=0.4)) != "same_day"
    assert _by(follow("#暴雨# 退水以后井盖被冲跑了一个", (FLOOD, 0), days=0.4)) != "same_day"


@pytest.mark.parametrize("text", ["枫林巷的路灯 周三反映的 到今天还黑着", "星期五问的那个班车，没人回",
                                  "上回说的那个井盖，今天还是没盖", "九月反映了两次，还是那样",
                                  "上周吐槽的那趟车今天又晚了四十分钟"])
def test_a_chaser_names_when_it_was_said_by_the_weekday_the_month_or_last_time(text: str) -> None:
    from monitor.cluster.markers import chaser_words
    assert chaser_words(text)


@pytest.mark.parametrize("text", ["上回说换了阀门，才半个月又有味了", "往年十一月就发了", "周末也不停 说了也不听"])
def test_what_one_was_told_last_time_is_no_chaser_word(text: str) -> None:
    from monitor.cluster.markers import back_reference, chaser_words
    assert not chaser_words(text) and not back_reference(text)


def test_the_one_report_of_the_last_day_beside_older_ones(follow) -> None:  # noqa: ANN001
    """Older open cases of the citizen's do not hide the one report of the last day; two reports
    of the last day leave the word unplaced by this rule."""
    hit = follow("退水以后井盖被冲跑了一个，谁来盖", (LAMP, 0), (FLOOD, 70), days=3)
    assert hit is not None and hit[0] == "own1" and hit[1]["by"] == "same_day"
    assert _by(follow("退水以后井盖被冲跑了一个，谁来盖", (LAMP, 60), (FLOOD, 70), days=3)) != "same_day"
