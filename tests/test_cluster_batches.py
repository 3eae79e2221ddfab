"""Clustering does not depend on where a batch begins and ends (issue 14).

The signature maker learns place names from every text it reads ("良田工业园" from a post naming
it with its place word), so a post read again after its whole batch had been read knew names from
posts written after it: the same posts joined differently in batches of 500 and of 1 (the daemon's
batch size moved the development figures). Each case is now signed once, as the batch is threaded,
in time order. New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App

SITE = "金凤区良田工业园区冷链物流项目拖欠三十多个工人工资，包工头不接电话"  # names the town only
SITE_LATER = "良田工业园那个冷库工地讨薪的事有人管吗"  # teaches the 工业园's name


@pytest.mark.parametrize("batch_size", [500, 1])
def test_a_post_is_not_signed_with_a_name_a_later_post_taught(app: App, batch_size: int) -> None:  # noqa: F811
    """The later post's writer has an open case of their own, so the later post is read for the
    chaser check while the batch is threaded, before the batch's cases were signed."""
    ingest(app, [("w2", "我们小区东门那盏路灯坏了一个礼拜了，晚上黑乎乎的", 0),
                 ("w1", SITE, 60), ("w2", SITE_LATER, 120)], batch_size)
    first, later = case_of(app, 1), case_of(app, 2)
    assert "良田工业园" in later.cluster_sig["places"]  # the name is learnt…
    assert "良田工业园" not in first.cluster_sig["places"]  # …from the later post: not the first's


@pytest.mark.parametrize("batch_size", [500, 1])
def test_a_later_post_is_signed_with_a_name_an_earlier_one_taught(app: App, batch_size: int) -> None:  # noqa: F811
    ingest(app, [("w2", SITE_LATER, 0), ("w1", SITE, 60)], batch_size)
    assert "良田工业园" in case_of(app, 1).cluster_sig["places"]
