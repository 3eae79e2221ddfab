"""``wenzheng ingest FILE`` and ``wenzheng cases``: backfill through the real pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.inprocess import wenzheng

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "weibo_backfill.jsonl"


def wz(db, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, a process of its own (``python -m monitor``)."""
    env = dict(os.environ, WENZHENG_DATABASE_URL=db.url, WENZHENG_LOG_LEVEL="WARNING")
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=180)


def inproc(db, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command in this process (tests/inprocess.py): no three seconds of start-up."""
    return wenzheng({"WENZHENG_DATABASE_URL": db.url}, *args)


def test_ingest_file_reports_bad_lines_and_is_idempotent(db):
    first = wz(db, "ingest", str(FIXTURE))
    assert first.returncode == 0, first.stderr
    assert f"{FIXTURE}:3: skipped: not valid JSON" in first.stderr
    assert f"{FIXTURE}:4: skipped: comments[0]:" in first.stderr
    assert "4 items: 4 new" in first.stdout and "2 cases opened" in first.stdout

    again = inproc(db, "ingest", str(FIXTURE))
    assert again.returncode == 0, again.stderr
    assert "4 items: 0 new, 4 already known, 0 cases opened" in again.stdout

    listed = inproc(db, "cases", "list", "--json", "--limit", "0")
    assert listed.returncode == 0, listed.stderr
    cases = json.loads(listed.stdout)
    assert [c["citizen"] for c in cases] == ["贺兰山下", "银川小王"]  # newest first
    for key in ("id", "channel", "citizen", "text", "received_at", "status", "accounts"):
        assert key in cases[0]
    assert cases[1]["received_at"] == "2026-03-02T09:00:00+08:00"
    assert cases[1]["status"] == "replied"
    assert cases[1]["accounts"][0]["id"] == "xingqing-wenhuajie"

    shown = inproc(db, "cases", "show", str(cases[1]["id"]), "--json")
    detail = json.loads(shown.stdout)
    assert [m["role"] for m in detail["thread"]] == ["citizen", "member", "citizen"]
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds[0] == "created" and "reply" in kinds and "follow_up" in kinds
    assert detail["first_response_at"] == "2026-03-02T09:30:00+08:00"

    text = inproc(db, "cases", "show", str(cases[1]["id"]))
    assert "丽景湖小区" in text.stdout and "时间线" in text.stdout


def test_ingest_missing_file_is_a_clear_error(db, tmp_path):
    proc = wz(db, "ingest", str(tmp_path / "nope.jsonl"))
    assert proc.returncode == 1 and "no such file" in proc.stderr


def test_cases_list_rejects_unknown_status(db):
    proc = inproc(db, "cases", "list", "--status", "sleeping")
    assert proc.returncode == 2 and "未知状态“sleeping”" in proc.stderr
