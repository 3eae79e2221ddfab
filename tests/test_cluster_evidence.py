"""A follow-up needs evidence that says which appeal (issue 14, the validation round).

Rules of this round were judged on the validation sets (totals only), not on read sentences; the
sentences here are new ones written for each rule.

* a citizen pointing back at their own earlier post in so many words (前天说的…, 第二次问, 再次)
  follows up the one open case of theirs sharing its main problem or a rare word with it, even
  when the signature of the short post reads another place or problem into it;
* unsaid, a post follows up the citizen's own case on the place and the problem agreeing, never
  the place alone (a citizen's two matters are mostly at their one home).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from test_cluster_wording import classifier, sign  # noqa: F401 - the real signature maker

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.cluster.markers import back_reference
from monitor.core.config import ClusterConfig

T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("text", ["上周说的那个水表井，盖子还是歪的", "我12号问的补贴，到现在没消息",
                                  "第二次问了：那排树什么时候修剪", "再次反映，门口的坑还在",
                                  "下午说的那块广告牌，现在晃得更厉害了", "说了三回了，还是那样"])
def test_said_back_references(text: str) -> None:
    assert back_reference(text)


@pytest.mark.parametrize("text", ["小区门口的坑很深", "老板说的工资年底给", "昨天晚上九点开始停水",
                                  "他说的不对，根本没人来过", "都三天了，有没有人管"])
def test_not_back_references(text: str) -> None:
    assert not back_reference(text)


def own_case(sign: Callable[[str], Signature], classifier: Classifier,
             own: list[tuple[str, str, float]], later: str, days: float) -> str | None:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]
    hit = stage.chaser_target(later, sign(later), [(k, sign(t), T0 + dt.timedelta(days=d)) for k, t, d in own],
                              T0 + dt.timedelta(days=days))
    return hit[0] if hit else None


def test_a_said_back_reference_sharing_a_rare_word_follows_up_whatever_the_short_post_reads(
        sign: Callable[[str], Signature], classifier: Classifier) -> None:
    first = "金凤区安居小区后面的排水渠塌了一段，水漫到院子里了"
    # the later post may be read as another problem or place (a slope made slippery, a 一院 out
    # of 一院子): the citizen says it is their own matter, and the 排水渠 agrees
    later = "前天说的排水渠，今天下雨地上滑得站不住，一院子泥"
    assert own_case(sign, classifier, [("own", first, 0)], later, 2) == "own"


def test_a_said_back_reference_with_two_own_cases_goes_to_the_one_sharing_a_rare_word(
        sign: Callable[[str], Signature], classifier: Classifier) -> None:
    own = [("tree", "前进街那棵歪脖子老槐树快倒了，底下天天有小孩玩", 0),
           ("bill", "这个月水费单子比上个月多了两百，查不出原因", 1)]
    assert own_case(sign, classifier, own, "前天说的老槐树，今天风一吹枝子掉了一地", 3) == "tree"


def test_a_said_back_reference_that_cannot_tell_which_stays_a_case(
        sign: Callable[[str], Signature], classifier: Classifier) -> None:
    own = [("tree", "前进街那棵歪脖子老槐树快倒了，底下天天有小孩玩", 0),
           ("bill", "丽苑小区这个月水费单子比上个月多了两百，查不出原因", 1)]
    # it names another place than either and nothing of theirs: of two own cases, which?
    assert own_case(sign, classifier, own, "上周说的那事，民乐村这边也一样", 6) is None


def test_a_citizens_second_matter_at_their_own_place_is_no_chaser_on_the_place_alone(
        sign: Callable[[str], Signature], classifier: Classifier) -> None:
    """Unsaid, the own case is chased when the place AND the problem agree: a citizen's two
    matters are mostly at their one home, so the place alone says nothing."""
    first = "金桂苑小区南边那排树的枝子伸到三楼窗户里了"
    assert own_case(sign, classifier, [("own", first, 0)], "金桂苑小区的凉亭顶上瓦片掉了两块", 2) is None
    assert own_case(sign, classifier, [("own", first, 0)], "金桂苑小区南边的树枝还伸在窗户里", 2) == "own"
