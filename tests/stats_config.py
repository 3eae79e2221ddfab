"""A minimal config directory (the tests' small matrix) for CLI runs of stats/report/import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

MATRIX = '''
[[accounts]]
id = "wzyc"
name = "问政银川"
kind = "hub"
region = "银川市"

[[accounts]]
id = "xingqing"
name = "兴庆区"
kind = "district"
parent = "wzyc"
region = "兴庆区"

[[accounts]]
id = "xingqing-wenhuajie"
name = "兴庆区文化街街道"
kind = "street"
parent = "xingqing"
region = "兴庆区"

[[accounts]]
id = "city-cg"
name = "银川城管"
kind = "department"
parent = "wzyc"
region = "银川市"
'''


def write_config(tmp_path: Path) -> Path:
    d = tmp_path / "cfg"
    d.mkdir(exist_ok=True)
    (d / "matrix.toml").write_text(MATRIX, encoding="utf-8")
    main = d / "wenzheng.toml"
    main.write_text('[files]\nmatrix = "matrix.toml"\n', encoding="utf-8")
    return main


def history_cli(db: Any, tmp_path: Path, monkeypatch: Any) -> Callable[..., Any]:
    """Run the real ``wenzheng`` CLI (typer's runner) on ``db`` holding the hand-built history
    (``tests/stats_history.py``), with this config: ``run("stats", "--month", "2026-03")``."""
    from typer.testing import CliRunner

    from monitor.cli import _register_all, app
    from tests.stats_history import build_history

    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    cfg = write_config(tmp_path)
    with db.sessions.begin() as s:
        build_history(s)
    _register_all()
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [*args, "-c", str(cfg)])
