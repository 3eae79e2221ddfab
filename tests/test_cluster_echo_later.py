"""An echo posted hours after the appeal it agrees with (issue 14, session of 2026-12-05).

A 同问 or +1 posted alone, naming neither place nor problem, is often written the next morning or
that evening, not in the hour: a citizen scrolls back, finds their own trouble told, and adds a
line in their own words. The wording still says which appeal it is ("扣了两遍" under "扣了两遍
钱"), but only when it takes up more than one phrase of it: one phrase hours later may be anyone's
(物业说等…). Each rule beside its look-alikes; the sentences are new ones, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.echoes import _apart
from monitor.store.context import App


def test_overlapping_pairs_are_one_phrase() -> None:
    assert _apart({"物业", "业说", "说等"}) == [{"物业", "业说", "说等"}]  # one phrase read three times
    assert len(_apart({"扣费", "页面", "费两"})) == 2


def test_an_echo_the_next_morning_joins_the_appeal_it_takes_up(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("e1", "网上营业厅交的水费页面转圈，扣费两遍了还显示待支付", 0),
        ("e2", "柳岸花园北门的路灯坏了一排，晚上黑乎乎", 300),
        ("e3", "+1 我也扣费两遍 页面一直转圈", 900),  # fifteen hours on, the lamps told since
    ])
    bills, lamps, echo = (case_of(app, i).cluster_id for i in range(3))
    assert echo is not None and (bills, lamps) == (echo, None)


def test_one_phrase_hours_later_says_no_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("f1", "楼道的声控灯坏了半个月，物业说等材料", 0),
        ("f2", "同问，物业说等通知", 600),  # 物业说等 only: any estate's answer
    ])
    assert case_of(app, 1).cluster_id is None


def test_two_older_appeals_it_could_mean_leave_it_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("g1", "公积金网上提取一直提示人脸核验失败，试了十几遍", 0),
        ("g2", "社保网上认证人脸核验失败，老人弄不了", 60),
        ("g3", "同问 人脸核验失败", 800),  # both appeals hold its words
    ])
    echo = case_of(app, 2)
    assert echo.cluster_id is None or echo.cluster_id not in (case_of(app, 0).cluster_id, case_of(app, 1).cluster_id)
