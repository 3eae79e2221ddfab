"""Source rows follow the config; cursors are never reused for another stream."""

from __future__ import annotations

from pathlib import Path

from monitor.core.config import Config
from monitor.intake.sources import sync_sources
from monitor.store.models import Source


def _write(config_dir: Path, sources: str) -> Config:
    path = config_dir / "wenzheng.toml"
    text = path.read_text(encoding="utf-8").split("[[sources]]")[0]
    path.write_text(text + sources, encoding="utf-8")
    return Config.load(path)


WEIBO = """
[[sources]]
name = "weibo"
adapter = "weibo"
[sources.options]
base_url = "{url}"
count = {count}
"""


def _sync(db, cfg: Config) -> list[str]:
    with db.sessions.begin() as s:
        return sync_sources(s, cfg)


def _set_cursor(db, cursor):
    with db.sessions.begin() as s:
        s.get(Source, "weibo").cursor = cursor


def _cursor(db):
    with db.session() as s:
        row = s.get(Source, "weibo")
        return row.cursor, row.retired_at


def test_cursor_survives_harmless_changes_and_resets_on_stream_change(db, config_dir):
    cfg = _write(config_dir, WEIBO.format(url="http://127.0.0.1:0/2/", count=100))
    assert _sync(db, cfg) == ["source weibo: added"]
    _set_cursor(db, {"wzyc:statuses/mentions": {"since": "42"}})

    cfg = _write(config_dir, WEIBO.format(url="http://127.0.0.1:0/2/", count=200))
    assert _sync(db, cfg) == []  # page size is not the stream: keep the cursor
    assert _cursor(db)[0] == {"wzyc:statuses/mentions": {"since": "42"}}

    cfg = _write(config_dir, WEIBO.format(url="http://localhost:0/2/", count=200))
    assert _sync(db, cfg) == ["source weibo: cursor reset (stream options changed)"]
    assert _cursor(db)[0] == {}


def test_removed_then_re_added_source_starts_from_a_fresh_cursor(db, config_dir):
    cfg = _write(config_dir, WEIBO.format(url="http://127.0.0.1:0/2/", count=100))
    _sync(db, cfg)
    _set_cursor(db, {"wzyc:statuses/mentions": {"since": "42"}})

    removed = _write(config_dir, "")
    assert _sync(db, removed) == ["source weibo: retired (no longer configured), cursor dropped"]
    cursor, retired = _cursor(db)
    assert cursor == {} and retired is not None

    _set_cursor(db, {"stale": True})  # even if something wrote to it meanwhile
    back = _write(config_dir, WEIBO.format(url="http://127.0.0.1:0/2/", count=100))
    assert _sync(db, back) == ["source weibo: cursor reset (re-added after removal)"]
    cursor, retired = _cursor(db)
    assert cursor == {} and retired is None
