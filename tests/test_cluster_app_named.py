"""A report at no place that names an app is the app's matter (issue 14, session of 2026-12-05).

A city's service is named by its service, not a place: citizens write which app failed them
(某某APP, a 公众号, a 小程序, i银川) and what it did, in words the table may not hold. Two such
reports naming one app within two days are one matter when their problems of the table do not
disagree; two recent matters of one app leave a third alone. Sentences of my own, never copied
from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.unplaced import services
from monitor.store.context import App


def test_an_app_is_read_by_its_name_without_the_words_before_it() -> None:
    assert services("昨晚用的那个停车宝APP一直闪退") == ["停车宝"]
    assert services("在i银川里面点了没反应") == ["i银川"]
    assert services("给孩子报名，网页卡死") == []
    assert services("家里WiFi断了两天") == [] and services("Hi大家好，问个事") == []  # (no app: an i ending a word)


def test_two_reports_naming_one_app_are_one_matter(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("s1", "停车宝APP绑定车牌以后一直闪退，交不了停车费", 0),
        ("s2", "柳岸花园北门的路灯坏了一排，晚上黑乎乎", 40),
        ("s3", "停车宝公众号付款一直转圈，钱扣了没显示", 300),
    ])
    first, lamps, third = (case_of(app, i).cluster_id for i in range(3))
    assert first is not None and (third, lamps) == (first, None)


def test_another_app_is_another_matter(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("t1", "停车宝APP绑定车牌以后一直闪退，交不了停车费", 0),
        ("t2", "易骑行APP一直闪退，扣了押金退不回来", 60),
    ])
    assert case_of(app, 1).cluster_id is None
