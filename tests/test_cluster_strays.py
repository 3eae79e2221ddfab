"""A case left alone that a later report shows to be a cluster's is gathered in, with its follow-ups
(issue 14, second session of 2026-12-05: :mod:`monitor.cluster.strays`).

A report posted before its problem's cluster formed, at a spot the cluster's reports do not name,
stays alone; a later report (a hotline summary naming both estates) joins the cluster and meets
the lone case at its spot on the same problem: the lone case joins the cluster, and the chasers on
it come along. A lone case of another problem at that spot, or one met only on a road, stays
alone. Sentences of my own, never copied from a set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App
from monitor.store.models import CaseEvent, Mention
from monitor.web.console.display import field_value

SITE = "来电人反映：兴庆区华兴苑北侧在建工地凌晨打桩施工，噪音很大，东方家园的住户也能听到，要求查处。"


def _events(app: App, case_id: int) -> list[dict]:  # noqa: F811
    with app.sessions() as s:
        return [d or {} for (d,) in s.execute(select(CaseEvent.data).where(
            CaseEvent.case_id == case_id, CaseEvent.kind == "clustered").order_by(CaseEvent.id))]


@pytest.mark.parametrize("batch_size", [500, 1])
def test_a_lone_case_a_later_report_meets_at_its_spot_is_gathered(app: App, batch_size: int) -> None:  # noqa: F811
    ingest(app, [
        ("u3", "东方家园楼下都能听到半夜施工的动静，太吵了", 0),
        ("u3", "还是吵，昨晚又是一宿没睡，到底有没有人管", 10),  # a chaser on the lone case
        ("u1", "华兴苑北边那个工地凌晨两点还在打桩，吵得根本睡不着", 20),
        ("u2", "华兴苑旁边工地半夜施工的噪音谁管管", 30),
        ("u4", SITE, 60),
    ], batch_size)
    lone, chaser, first, second, summary = (case_of(app, i) for i in range(5))
    assert chaser.id == lone.id, "the chaser is a follow-up on its citizen's own case"
    assert first.cluster_id is not None and first.cluster_id == second.cluster_id == summary.cluster_id
    assert lone.cluster_id == first.cluster_id, "the lone case is gathered into the cluster"
    assert lone.citizen_id != summary.citizen_id, "each case keeps its own citizen"
    gathered = [e for e in _events(app, lone.id) if e.get("how") == "gathered"]
    assert len(gathered) == 1
    assert gathered[0]["by_case"] == summary.id and gathered[0]["score"] >= 0.6
    assert "东方家园" in gathered[0]["places"]
    assert field_value(gathered[0]["how"], "how") == "后续并入", "operators read how it joined in Chinese"
    with app.sessions() as s:  # the chaser's mention is on the lone case, so in the cluster with it
        assert s.scalar(select(Mention.case_id).where(Mention.external_id == "t1")) == lone.id


def test_a_lone_case_of_another_problem_at_that_spot_stays_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("u3", "东方家园门口天天有人乱停车，消防通道都堵死了", 0),
        ("u1", "华兴苑北边那个工地凌晨两点还在打桩，吵得根本睡不着", 20),
        ("u2", "华兴苑旁边工地半夜施工的噪音谁管管", 30),
        ("u4", SITE, 60),
    ])
    lone, first, _second, summary = (case_of(app, i) for i in range(4))
    assert summary.cluster_id == first.cluster_id is not None
    assert lone.cluster_id is None


def test_a_lone_case_met_only_on_a_road_stays_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("u3", "清和街这边半夜施工吵得很，睡不着", 0),
        ("u1", "华兴苑北边那个工地凌晨两点还在打桩，吵得根本睡不着", 20),
        ("u2", "华兴苑旁边工地半夜施工的噪音谁管管", 30),
        ("u4", "来电人反映：清和街上华兴苑北侧在建工地凌晨打桩施工，噪音很大，要求查处。", 60),
    ])
    lone, first, _second, summary = (case_of(app, i) for i in range(4))
    assert summary.cluster_id == first.cluster_id is not None
    assert lone.cluster_id != summary.cluster_id
