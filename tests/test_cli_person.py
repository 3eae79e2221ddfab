"""The CLI for a person: --config anywhere, no negative limits, a report where bulletins live,
a reply without a token that says what to do, cut text that says it was cut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor import cli
from monitor.cli.common import clip
from test_console_support import add_case

from conftest import Database

cli._register_all()
runner = CliRunner()


def invoke(db: Database, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    r = runner.invoke(cli.app, list(args), env={"WENZHENG_DATABASE_URL": db.url})
    return r.exit_code, r.stdout, r.stderr


def test_config_before_or_after_the_subcommand(db: Database, config_dir: Path) -> None:
    cfg = str(config_dir / "wenzheng.toml")
    long = "东门小区" + "路灯坏了很久没人修，" * 10
    add_case(db, config_dir / "wenzheng.toml", "2026-03-10T10:00", text=long)
    after = invoke(db, "cases", "list", "--config", cfg)
    before = invoke(db, "--config", cfg, "cases", "list")
    nested = invoke(db, "-c", cfg, "queue", "--json")
    assert after[0] == before[0] == nested[0] == 0, (after, before, nested)
    assert after[1] == before[1]
    assert "东门小区" in after[1] and "…" in after[1]  # a cut text says so
    assert "受理时间" in after[1] and "办理中" in after[1]  # Chinese, as the console


@pytest.mark.parametrize("args", [("cases", "list"), ("queue",), ("outbox",)])
def test_limit_rejects_negatives(db: Database, config_dir: Path, args: tuple[str, ...]) -> None:
    code, _, err = invoke(db, *args, "--limit", "-1", "-c", str(config_dir / "wenzheng.toml"))
    assert code == 2 and "greater than or equal to 0" in err


def test_report_without_out_writes_under_the_bulletin_directory(db: Database, config_dir: Path,
                                                                tmp_path: Path) -> None:
    cfg = config_dir / "wenzheng.toml"
    where = tmp_path / "bulletins"
    text = cfg.read_text(encoding="utf-8").replace('out_dir = "var/bulletins"', f'out_dir = "{where}"')
    cfg.write_text(text, encoding="utf-8")
    add_case(db, cfg, "2026-03-10T10:00", text="建议增加公交线路")
    code, _, err = invoke(db, "report", "--month", "2026-03", "-c", str(cfg))
    assert code == 0, err
    assert (where / "bulletin-2026-03.html").is_file() and "bulletin-2026-03.html" in err


def test_reply_without_a_token_says_what_to_do(db: Database, config_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in __import__("os").environ if k.startswith("WENZHENG_WEIBO_TOKEN_")]:
        monkeypatch.delenv(name)
    cfg = config_dir / "wenzheng.toml"
    case_id = add_case(db, cfg, (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat(),
                       text="小区门口路灯不亮", lead="xingqing")
    code, _, err = invoke(db, "case", "reply", str(case_id), "--account", "xingqing", "--text",
                          "您好，已安排维修。", "-c", str(cfg))
    assert code == 1
    assert "WENZHENG_WEIBO_TOKEN_XINGQING" in err and "--no-post" in err and "refused" not in err


def test_clip_marks_what_it_cut() -> None:
    assert clip("短", 5) == "短"
    assert clip("一二三四五六", 5) == "一二三四…" and len(clip("一二三四五六", 5)) == 5
    assert clip("a\nb   c", 10) == "a b c"
