"""A citizen's short word on their own matter, naming it by a thing of it (issue 14).

A follow-up rarely repeats the place or the table's word for the problem: it names a thing of
the matter ("乒乓球台啥时候换？" after the cracked table at the park). Naming no place and no
problem of the table, a short post follows up the one own case it shares a rare word or thing
with (``ClusterStage.chaser_target``, ``by: shared``); a long post, one saying it opens another
matter, one sharing only a word of numbering (单元), or one sharing words with two own cases is a
new case. The sentences are written for the phenomenon, never copied from a set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from test_cluster_wording import classifier, sign  # noqa: F401 - the real classifier and signature maker

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.cluster.markers import short_own_word
from monitor.core.config import ClusterConfig

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
TABLE = "朔方路那个街心公园的乒乓球台桌面裂了一条大缝，球都打不了"
SWING = "宝湖湾小区儿童乐园的秋千链子锈断了一根，孩子差点摔下来"


@pytest.fixture(scope="module")
def follow(sign: Callable[[str], Signature], classifier: Classifier  # noqa: F811
           ) -> Callable[..., tuple[str, dict] | None]:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]

    def run(later: str, *firsts: str, days: float = 2.0) -> tuple[str, dict] | None:
        own = [(f"own{n}", sign(t), T0 + dt.timedelta(minutes=n)) for n, t in enumerate(firsts)]
        return stage.chaser_target(later, sign(later), own, T0 + dt.timedelta(days=days))
    return run


def test_a_short_post_naming_a_thing_of_the_own_matter_follows_it_up(follow) -> None:  # noqa: ANN001
    hit = follow("乒乓球台啥时候换？", TABLE)
    assert hit is not None and hit[0] == "own0" and hit[1]["chaser"] is True
    # of two own cases, the one it shares the thing with
    hit = follow("秋千现在拿绳子绑着，能用吗", TABLE, SWING)
    assert hit is not None and hit[0] == "own1"


def test_a_long_post_or_another_matter_said_is_a_new_case(follow) -> None:  # noqa: ANN001
    long = "街心公园新装的乒乓球台旁边那排健身器材，扶手松了好几个，老人锻炼时晃得厉害，得有人来紧一紧"
    assert follow(long, TABLE) is None or follow(long, TABLE)[1].get("by") != "shared"
    assert not short_own_word("另外再说个事，乒乓球台边上的长椅坏了")
    assert not short_own_word("顺便问一下，乒乓球台那边晚上几点关灯")
    assert short_own_word("@银川园林 乒乓球台啥时候换？")


def test_a_word_of_numbering_is_no_shared_thing(follow) -> None:  # noqa: ANN001
    hit = follow("就在我们单元门口，大家都看见了", "金桂苑3号楼2单元的信报箱被人撬了好几个")
    assert hit is None or hit[1].get("by") != "shared"
