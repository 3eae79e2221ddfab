"""A first report closing with an answer asked for is no chaser of its writer's other matter
(issue 14, chasers; seventh session of 2026-12-05).

"有没有人管", "给个说法", "到底啥时候…" are chaser words: a citizen asking again after their open
matter says so. But a citizen's new report closes with them as often ("小区车位费涨了一百，有没有人
管"), and the chaser check took such a report for a follow-up on the writer's own open case of
another matter whenever nothing in it contradicted that case. When an answer asked for is all a
post says of chasing (no word that it wrote before, that the matter goes on or how long it
lasted, no day since), it now follows an own case only when it names nothing of place or problem,
or names that case's main problem (or a related one) or a rare word of it. Sentences of my own,
never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import appeals_only, chaser_words
from monitor.store.context import App

DAY = 24 * 60

TRUCKS = ("u1", "锦华苑门口大车太多，早上出门都要等半天", 0)
BUS = ("u1", "金河村到县城的班车减了两趟，早上等一个钟头", 0)


@pytest.mark.parametrize("text", [
    "锦华苑车库的停车费从一百五一下涨到三百，也没开业主大会，有没有人管",
    "东门外的早市天天占着消防通道，谁来管管",
    "暖气费交了两次，钱扣了单子还是待支付，给个说法",
])
def test_an_answer_asked_for_alone_is_read(text: str) -> None:
    assert chaser_words(text) and appeals_only(chaser_words(text))


@pytest.mark.parametrize("text", [
    "反映三天了还是没人管，有没有人管",  # the writing pointed back at
    "一个礼拜了没人回，谁给个准话",  # how long it lasted
])
def test_a_chase_in_other_words_is_not_an_answer_alone(text: str) -> None:
    assert chaser_words(text) and not appeals_only(chaser_words(text))


@pytest.mark.parametrize(("first", "new"), [
    # a problem of the table at the writer's place, where the open case named none
    (TRUCKS, "锦华苑这几天臭得睡不着觉，窗户都不敢开，有人管吗"),
    # a place and a matter of its own after a case naming no place
    (BUS, "金河村收玉米的机子一亩要价一百了，比去年贵三十，有没有人管管"),
])
def test_a_new_report_closing_with_an_appeal_opens_its_own_case(app: App, first: tuple[str, str, int],  # noqa: F811
                                                                 new: str) -> None:
    ingest(app, [first, ("u1", new, 3 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_an_appeal_naming_the_matter_still_chases_it(app: App) -> None:  # noqa: F811
    ingest(app, [TRUCKS, ("u1", "锦华苑门口的大车到底有没有人管，天天堵", 3 * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_an_appeal_naming_nothing_still_chases_the_matter(app: App) -> None:  # noqa: F811
    ingest(app, [TRUCKS, ("u1", "来人看了一眼就走了，到底有没有人管", 3 * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id
