"""``wenzheng ingest`` on a hostile file: every bad line reported with its number, every good one kept.

Each line below is one way real exports go wrong (a truncated multi-byte character, a nesting
bomb, a year-0001 date, a lone surrogate, a NUL, a 100-digit id, a 300-character name, empty
text, a line far over the size limit, a 5,000-digit number). The same file must give the same
result on SQLite and PostgreSQL: the backends refuse different things, the rules in front of
them do not.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from monitor.store.models import Mention
from tests.inprocess import wenzheng

ROOT = Path(__file__).resolve().parents[1]


def status(sid: int, text: str, *, name: str = "银川小王", at: str = "Mon Mar 02 09:00:00 +0800 2026",
           **extra: object) -> dict[str, object]:
    return {"created_at": at, "idstr": str(sid), "id": sid, "text": text,
            "user": {"idstr": "7100000001", "id": 7100000001, "screen_name": name}, **extra}


def set_key(text: str, key: str, value: int) -> str:
    """``[intake] key = value`` in the shipped config's text."""
    text, n = re.subn(rf"(?m)^{key} = \d+", f"{key} = {value}", text)
    assert n == 1, f"config/wenzheng.toml has an [intake] {key} line"
    return text


def line(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=True).encode() + b"\n"  # ensure_ascii: "\ud800" stays an escape


def test_every_bad_line_is_reported_by_number_and_every_good_line_kept(db, config_dir, tmp_path):
    config = config_dir / "wenzheng.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(set_key(text, "max_line_bytes", 65536), encoding="utf-8")
    lines = [
        line(status(4990000000000001, "@问政银川 丽景湖小区门口大车违停")),                          # 1 good
        b'{"idstr": "4990000000000002", "text": "\xe5\x8f' + b'"}\n',                                 # 2 bad UTF-8
        b"[" * 30_000 + b"]" * 30_000 + b"\n",                                                          # 3 nesting bomb
        line(status(4990000000000004, "@问政银川 路灯不亮", at="Mon Jan 01 00:00:00 +0800 0001")),  # 4 year 1
        line(status(4990000000000005, "@问政银川 楼道灯坏了\ud800")),                                  # 5 surrogate
        line(status(4990000000000006, "@问政银川 井盖\u0000丢了")),                                    # 6 NUL
        line(status(int("9" * 100), "@问政银川 一百位的编号")),                                        # 7 huge id
        line(status(4990000000000008, "@问政银川 公交站牌坏了", name="名" * 300)),                    # 8 long name
        line(status(4990000000000009, "   ")),                                                        # 9 empty text
        line(status(4990000000000010, "@问政银川 " + "长" * 200_000)),                                # 10 huge line
        b'{"id": ' + b"7" * 5000 + b"}\n",                                                           # 11 5000 digits
        line(status(4990000000000012, "@问政银川 最后一条仍然入库")),                                 # 12 good
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"".join(lines))
    env = dict(os.environ, WENZHENG_DATABASE_URL=db.url, WENZHENG_LOG_LEVEL="WARNING")
    proc = subprocess.run([sys.executable, "-m", "monitor", "ingest", str(path), "--config", str(config)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    reported = {int(x.split(":")[1]): x for x in proc.stderr.splitlines() if x.startswith(f"{path}:")}
    assert set(reported) == {2, 3, 4, 7, 9, 10, 11}, proc.stderr
    assert "not valid UTF-8" in reported[2]
    assert "nested deeper than" in reported[3]
    assert "0001" in reported[4] and "plausible range" in reported[4]
    assert "100 digits" in reported[7]
    assert "text is empty" in reported[9]
    assert "longer than 65,536" in reported[10] and "not stored" in reported[10]
    assert "not usable JSON" in reported[11]
    assert "5 items: 5 new" in proc.stdout and "7 bad lines skipped" in proc.stdout

    with db.session() as s:
        stored = {m.external_id: m for m in s.scalars(select(Mention))}
    assert set(stored) == {"4990000000000001", "4990000000000005", "4990000000000006",
                           "4990000000000008", "4990000000000012"}
    assert stored["4990000000000005"].text == "@问政银川 楼道灯坏了\ufffd"
    assert stored["4990000000000006"].text == "@问政银川 井盖丢了"
    assert stored["4990000000000008"].author_name == "名" * 200


def test_a_single_document_over_the_body_limit_is_refused_with_a_hint(db, config_dir, tmp_path):
    config = config_dir / "wenzheng.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(set_key(text, "max_body_bytes", 2048), encoding="utf-8")
    doc = {"statuses": [status(4990000000000100 + i, f"@问政银川 第{i}条") for i in range(20)]}
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    proc = wenzheng({"WENZHENG_DATABASE_URL": db.url}, "ingest", str(path), "--config", str(config))
    assert proc.returncode == 1
    assert f"{path}:1: skipped: one JSON document of" in proc.stderr and "JSON Lines" in proc.stderr
