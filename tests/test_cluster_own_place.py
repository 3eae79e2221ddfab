"""A follow-up naming no place is told at its writer's place (issue 14, eighth session of 2026-12-05).

A citizen who reported one matter at their estate writes again about another of the same place in
the fewest words ("到现在还没水", "终于来电了 但是一会儿又跳"): the chaser check leaves it a case of its
own (their own case is of another problem), and it names no place to be read by. Its writer's own
case of the window names one: the post is read as a report there (that place's index keys, place
and problem both), and joins the appeal of its problem told there. Each rule beside its
look-alikes; the sentences are new ones, never copied from a set.
"""

from __future__ import annotations

from sqlalchemy import select
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.core.labels import JOIN_LABELS
from monitor.store.context import App
from monitor.store.models import CaseEvent

# an estate without water, told by three of its citizens within the hour; one of its citizens
# reported its lamps the evening before
LAMPS = ("w1", "康泰花园南门那一排路灯坏了好几天，晚上黑得看不见路", -600)
DRY = [
    ("d1", "金凤区康泰花园停水了，一早起来水龙头一滴都没有", 0),
    ("d2", "康泰花园从早上就没水，物业也没贴通知", 15),
    ("d3", "康泰花园什么时候来水啊，早饭都做不成", 30),
]


def _joined_how(app: App, n: int) -> dict:
    case = case_of(app, n)
    with app.sessions() as s:
        data = s.scalar(select(CaseEvent.data).where(CaseEvent.case_id == case.id, CaseEvent.kind == "clustered"))
    return data or {}


def test_a_follow_up_naming_no_place_joins_its_writers_place(app: App) -> None:  # noqa: F811
    ingest(app, [LAMPS, *DRY, ("w1", "到现在还没水，娃娃上学脸都没洗", 90)])
    dry = case_of(app, 1).cluster_id
    assert dry is not None and all(case_of(app, i).cluster_id == dry for i in (1, 2, 3))
    late = case_of(app, 4)
    assert late.id != case_of(app, 0).id  # not a follow-up on the lamps
    assert late.cluster_id == dry
    how = _joined_how(app, 4)
    assert how.get("how") == "own_place" and "停水" in " ".join(how.get("words") or [])
    assert JOIN_LABELS[how["how"]] == "本人所在地"  # what the console and `clusters show` print for it, not the code
    assert case_of(app, 0).cluster_id != dry  # the lamps stay their own matter


def test_a_writer_of_another_place_is_not_placed_there(app: App) -> None:  # noqa: F811
    ingest(app, [("w1", "西夏区怀远新村门口的路灯坏了一排，晚上黑乎乎的", -600), *DRY,
                 ("w1", "到现在还没水，娃娃上学脸都没洗", 90)])
    assert case_of(app, 4).cluster_id is None or case_of(app, 4).cluster_id != case_of(app, 1).cluster_id


def test_a_first_report_naming_no_place_is_not_placed_by_an_older_case(app: App) -> None:  # noqa: F811
    # no word of a matter going on: a new matter, told anywhere
    ingest(app, [LAMPS, *DRY, ("w1", "停水了，一滴水都没有，家里老人要吃药", 90)])
    assert case_of(app, 4).cluster_id is None or _joined_how(app, 4).get("how") != "own_place"


def test_a_same_question_naming_no_place_is_not_placed_by_an_older_case(app: App) -> None:  # noqa: F811
    ingest(app, [LAMPS, *DRY, ("w1", "同问，到现在还没水", 90)])
    assert _joined_how(app, 4).get("how") != "own_place"


def test_a_follow_up_saying_it_is_another_matter_is_not_placed(app: App) -> None:  # noqa: F811
    ingest(app, [LAMPS, *DRY, ("w1", "单独反映一下，到现在还没水，物业电话也打不通", 90)])
    assert _joined_how(app, 4).get("how") != "own_place"
