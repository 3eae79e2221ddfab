"""A comment under another citizen's post is about that post (issue 14).

The platform says what a comment answers. A 同问, +1 or word of agreement there asks the post's
question, whatever its few words add: a stop moved by the road works, the lorries of a noisy site,
a smell that came up from a blocked drain (each a problem of its own to the table). A short word
saying the writer has it too ("这边也闻到了") at another estate is the post's smell when the air
carries it, not another estate's lift. A word on the post's matter under it ("又来了，比刚才还
响") from a citizen with an open case of another matter is no chaser of that case: it says nothing
of it; said in so many words ("我反映的…还没人管") it still chases. Real mock Weibo, real pipeline,
both backends. The sentences are written for the phenomena, never copied from a set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_cluster_threads import case_of, how_joined, platform, poll
from test_cluster_wording import classifier, sign  # noqa: F401 - the real classifier and signature maker

from conftest import Database
from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.core.config import ClusterConfig
from monitor.runtime.stages import build_pipeline
from monitor.store.context import App, open_app

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def app(db: Database) -> Iterator[App]:
    a = open_app(ROOT / "config" / "wenzheng.toml", database_url=db.url)
    yield a
    a.close()


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture(scope="module")
def apart(sign: Callable[[str], Signature], classifier: Classifier  # noqa: F811
          ) -> Callable[[str, str], bool]:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]
    return lambda comment, post: stage._answers_other(sign(comment), sign(post), comment, 0.5)


@pytest.mark.parametrize(("comment", "post"), [
    ("同问 车站挪哪去了", "福宁路封了半边挖管子，也没个提示牌，开过去才知道过不去"),
    ("+1 半夜还有拉土的车进出", "兰馨苑对面那个工地十一点了还在打桩，吵得人睡不着"),
    ("同问，楼道里都是那股味", "我们这栋的下水管堵死了，一楼卫生间往外漫脏水"),
    ("河西村这边也闻到了", "化工园区半夜排的气又来了，焦糊味呛得孩子直咳嗽"),
])
def test_an_echo_under_a_post_asks_its_question(apart, comment: str, post: str) -> None:  # noqa: ANN001
    assert not apart(comment, post)


@pytest.mark.parametrize(("comment", "post"), [
    ("翠湖苑的电梯也坏了两天了", "金桂园3号楼电梯又坏了，困了人"),
    ("同问，另外福宁路的路灯也该修了", "福宁路封了半边挖管子，也没个提示牌，开过去才知道过不去"),
])
def test_a_thing_of_another_place_or_another_matter_said_is_not(apart, comment: str, post: str) -> None:  # noqa: ANN001
    assert apart(comment, post)


async def test_a_word_under_anothers_post_is_not_a_chaser_of_ones_own_case(app: App) -> None:
    """A citizen with a report of their own open (a lamp) comments under a neighbour's post on
    the night's piling: their comment is the piling's, not a follow-up on the lamp; a comment
    there saying it chases their own report is one."""
    state = platform(app, (("6900000001", "长春巷住户"), ("6900000002", "兰馨苑业主"), ("6900000003", "兰馨苑六楼")))
    hub = app.matrix.hub
    lamp = state.post_status("6900000001", f"@{hub.name} 长春巷口那盏路灯天一黑就忽明忽暗", at=at(0))
    pile = state.post_status("6900000002", f"@{hub.name} 兰馨苑对面那个工地十一点了还在打桩，吵得人睡不着",
                             at=at(120))
    again = state.add_comment("6900000001", pile.id, f"又开始了，比刚才还响 @{hub.name}", at=at(150))
    mine = state.post_status("6900000003", f"@{hub.name} 我家卫生间顶上漏水，楼上不开门", at=at(160))
    chased = state.add_comment("6900000003", pile.id, f"我反映的漏水到现在还没人管 @{hub.name}", at=at(170))
    build_pipeline(app).ingest(await poll(app, state))

    pile_case = case_of(app, pile.id)
    comment = case_of(app, again.id)
    assert comment.id != case_of(app, lamp.id).id, "no follow-up on the citizen's lamp"
    assert comment.cluster_id == pile_case.cluster_id is not None
    assert how_joined(app, comment) == "thread"
    assert case_of(app, chased.id).id == case_of(app, mine.id).id  # said so: their own case
