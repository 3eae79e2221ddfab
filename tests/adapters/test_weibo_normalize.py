"""Normalization of real-shaped Weibo JSON (fixtures written from the API v2 documentation)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from adapters.weibo.normalize import (
    format_created_at,
    normalize_comment,
    normalize_status,
    parse_created_at,
    parse_payload,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_status_mention() -> None:
    raw = load("status_mention.json")
    it = normalize_status(raw)
    assert it.platform == "weibo" and it.kind == "status"
    assert it.external_id == "5009876543210987654"  # exact, beyond 2**53
    assert it.author_id == "6123456789" and it.author_name == "凤凰街的阿杰"
    assert it.created_at == dt.datetime(2024, 3, 5, 13, 14, 9, tzinfo=dt.UTC)
    assert it.created_at.utcoffset() == dt.timedelta(hours=8)
    assert it.text.startswith("@问政银川 @兴庆区文化街街道 清和街")
    assert it.mentioned_names == ("问政银川", "兴庆区文化街街道")
    assert it.thread_root_id is None and it.parent_id is None and it.reply_to_id is None
    assert it.url == "https://weibo.com/6123456789/5009876543210987654"
    assert dict(it.metrics) == {"reposts": 3, "comments": 5, "likes": 17}
    assert it.raw["source_text"] == "iPhone 15 Pro"
    assert it.raw["idstr"] == raw["idstr"]


def test_comment_reply() -> None:
    it = normalize_comment(load("comment_reply.json"))
    assert it.kind == "comment" and it.external_id == "5010000000000000123"
    assert it.author_id == "5600000039"
    assert it.parent_id == it.thread_root_id == "5009876543210987654"
    assert it.parent_author_id == "6123456789"
    assert it.reply_to_id == "5010000000000000001"
    assert it.mentioned_names == ("凤凰街的阿杰",)
    assert it.url == "https://weibo.com/6123456789/5009876543210987654"
    assert dict(it.metrics) == {"likes": 4}


def test_repost_belongs_to_the_reposted_thread() -> None:
    it = normalize_status(load("repost.json"))
    assert it.thread_root_id == it.parent_id == "5009876543210987654"
    assert it.parent_author_id == "6123456789"
    assert it.mentioned_names == ("凤凰街的阿杰", "问政银川")  # "//@名字:" ends at the colon


def test_parse_payload_accepts_objects_and_envelopes() -> None:
    status, comment = load("status_mention.json"), load("comment_reply.json")
    assert [i.kind for i in parse_payload(status)] == ["status"]
    assert [i.kind for i in parse_payload(comment)] == ["comment"]
    both = parse_payload({"statuses": [status, load("repost.json")], "total_number": 2})
    assert [i.external_id for i in both] == ["5009876543210987654", "5011111111111111111"]
    assert [i.external_id for i in parse_payload({"comments": [comment]})] == ["5010000000000000123"]
    assert parse_payload({"comments": []}) == []


def test_ids_without_idstr_are_kept_exact() -> None:
    raw = load("status_mention.json")
    del raw["idstr"]
    assert normalize_status(raw).external_id == "5009876543210987654"
    raw["id"] = 5.009876543210988e18  # what a float-parsing client would have made of it
    with pytest.raises(ValueError, match="no usable id/idstr"):
        normalize_status(raw)


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda o: o.pop("created_at"), "created_at must be a string"),
    (lambda o: o.__setitem__("created_at", "2024-03-05 21:14:09"), "not in Weibo's format"),
    (lambda o: o.__setitem__("created_at", "Tue Feb 30 21:14:09 +0800 2024"), "day is out of range"),
    (lambda o: o.pop("user"), "has no user object"),
    (lambda o: o.__setitem__("text", None), "has no text"),
    (lambda o: (o.pop("id"), o.pop("idstr")), "no usable id/idstr"),
])
def test_malformed_status_says_why(mutate: Any, reason: str) -> None:
    raw = copy.deepcopy(load("status_mention.json"))
    mutate(raw)
    with pytest.raises(ValueError, match=reason):
        normalize_status(raw)


def test_malformed_payloads_say_where() -> None:
    comment = load("comment_reply.json")
    bad = copy.deepcopy(comment)
    del bad["status"]
    with pytest.raises(ValueError, match=r"comments\[1\]: comment 5010000000000000123 has no status"):
        parse_payload({"comments": [comment, bad]})
    with pytest.raises(ValueError, match="must be a list"):
        parse_payload({"statuses": {"id": 1}})
    with pytest.raises(ValueError, match="error response.*21327"):
        parse_payload({"error": "expired_token", "error_code": 21327, "request": "/2/x.json"})
    with pytest.raises(ValueError, match="got str"):
        parse_payload("hello")


def test_created_at_round_trip_in_any_locale_independent_way() -> None:
    when = dt.datetime(2024, 2, 9, 16, 0, 1, tzinfo=dt.UTC)  # 除夕 midnight in Beijing
    text = format_created_at(when)
    assert text == "Sat Feb 10 00:00:01 +0800 2024"
    assert parse_created_at(text) == when
    with pytest.raises(ValueError, match="naive"):
        format_created_at(dt.datetime(2024, 1, 1))
