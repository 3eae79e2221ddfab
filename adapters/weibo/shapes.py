"""Weibo's JSON shapes (user, status, comment, envelopes, errors), built from plain values.

Shared by the mock platform and the backlog generator so both emit exactly what the real API
v2 emits — the same keys, ``id`` as a JSON integer *and* ``idstr`` as a string, ``created_at``
in Weibo's format, ``source`` as HTML — and the normalizer is exercised on the real shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from adapters.weibo.normalize import format_created_at

# Ids just above 2**53: a client that reads ids through a float (JavaScript, a careless
# json.loads(parse_int=float)) gets them wrong at once rather than in a few years.
FIRST_ID = 2**53 + 1_000

CLIENTS = (
    '<a href="https://app.weibo.com/t/feed/5yiHuw" rel="nofollow">iPhone客户端</a>',
    '<a href="https://app.weibo.com/t/feed/6vtZb0" rel="nofollow">HUAWEI Mate 40 Pro</a>',
    '<a href="https://app.weibo.com/t/feed/3o33sO" rel="nofollow">Android</a>',
    '<a href="https://weibo.com/" rel="nofollow">微博 weibo.com</a>',
    '<a href="https://app.weibo.com/t/feed/c66T5g" rel="nofollow">微博网页版</a>',
)


def user_json(uid: str, screen_name: str, *, verified: bool = False, location: str = "宁夏 银川",
              followers: int = 0, description: str = "", created_at: str = "Mon Mar 05 10:00:00 +0800 2012",
              ) -> dict[str, Any]:
    """A user object as embedded in statuses and comments."""
    return {
        "id": int(uid), "idstr": uid, "class": 1, "screen_name": screen_name, "name": screen_name,
        "province": "64", "city": "1", "location": location, "description": description,
        "url": "", "profile_image_url": f"https://tvax1.sinaimg.cn/crop.0.0.180.180.50/{uid}.jpg",
        "profile_url": f"u/{uid}", "domain": "", "weihao": "", "gender": "n",
        "followers_count": followers, "friends_count": 200, "statuses_count": 1000,
        "favourites_count": 0, "created_at": created_at, "following": False,
        "allow_all_act_msg": False, "geo_enabled": True, "verified": verified,
        "verified_type": 1 if verified else -1, "remark": "", "allow_all_comment": True,
        "avatar_large": f"https://tvax1.sinaimg.cn/crop.0.0.180.180.180/{uid}.jpg",
        "verified_reason": "银川市政务新媒体" if verified else "", "follow_me": False,
        "online_status": 0, "bi_followers_count": 0, "lang": "zh-cn",
    }


_STATUS_STATIC: dict[str, Any] = {
    "can_edit": False, "source_allowclick": 0, "source_type": 1, "favorited": False,
    "truncated": False, "in_reply_to_status_id": "", "in_reply_to_user_id": "",
    "in_reply_to_screen_name": "", "geo": None, "is_paid": False, "mblog_vip_type": 0,
    "pending_approval_count": 0, "isLongText": False, "mlevel": 0, "biz_feature": 0,
    "hasActionTypeCard": 0, "rid": "0", "userType": 0, "more_info_type": 0,
    "positive_recom_flag": 0, "content_auth": 0, "gif_ids": "", "is_show_bulletin": 2,
}


def status_json(sid: int, user: dict[str, Any], text: str, at: dt.datetime, *, source: str = CLIENTS[0],
                reposts: int = 0, comments: int = 0, likes: int = 0,
                retweeted: dict[str, Any] | None = None) -> dict[str, Any]:
    """A status (post). ``retweeted`` is the reposted status, already rendered."""
    out = dict(_STATUS_STATIC)  # the constant keys copied in one go: the backlog renders 100k of these
    out.update({
        "created_at": format_created_at(at), "id": sid, "idstr": str(sid), "mid": str(sid),
        "text": text, "textLength": len(text.encode("gbk", "replace")), "source": source,
        "user": user, "reposts_count": reposts, "comments_count": comments, "attitudes_count": likes,
        "visible": {"type": 0, "list_id": 0}, "pic_urls": [],
    })
    if retweeted is not None:
        out["retweeted_status"] = retweeted
    return out


def comment_json(cid: int, user: dict[str, Any], text: str, at: dt.datetime, status: dict[str, Any], *,
                 source: str = CLIENTS[0], reply: dict[str, Any] | None = None, likes: int = 0,
                 ) -> dict[str, Any]:
    """A comment under ``status``; ``reply`` is the comment it answers (rendered, without its post)."""
    out: dict[str, Any] = {
        "created_at": format_created_at(at), "id": cid, "idstr": str(cid), "mid": str(cid),
        "rootid": cid if reply is None else reply.get("rootid", reply["id"]),
        "floor_number": 0, "text": text, "source_allowclick": 0, "source_type": 1, "source": source,
        "user": user, "status": status, "like_counts": likes, "liked": False,
    }
    if reply is not None:
        out["reply_comment"] = reply
    return out


def reply_stub(comment: dict[str, Any]) -> dict[str, Any]:
    """What Weibo embeds as ``reply_comment``: the answered comment without its post."""
    return {k: comment[k] for k in ("created_at", "id", "idstr", "mid", "rootid", "text", "user")
            if k in comment}


def envelope(key: str, objs: list[dict[str, Any]], total: int, next_cursor: int) -> dict[str, Any]:
    """The list envelope of the timeline endpoints."""
    out: dict[str, Any] = {key: objs, "hasvisible": False, "previous_cursor": 0,
                           "next_cursor": next_cursor, "total_number": total}
    if key == "statuses":
        out.update({"advertises": [], "ad": [], "interval": 0})
    return out


def error_json(code: int, message: str, path: str) -> dict[str, Any]:
    """Weibo's error body: ``{"error", "error_code", "request"}``."""
    return {"error": message, "error_code": code, "request": path}
