"""The CLI: ``lint``, ``notify test``, ``notify config``, ``outbox`` and ``outbox deliver``."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import structlog
from typer.testing import CliRunner

from adapters.notify.settings import NotifySettings
from adapters.notify.wecom import mock as wecom_mock
from monitor.notify import outbox
from monitor.cli import _register_all, app
from monitor.core.timeutil import utcnow

ROOT = Path(__file__).resolve().parents[1]
KEY = "cli-test-robot-key-123456"
MATRIX = """
[[accounts]]
id = "wzyc"
name = "问政银川"
kind = "hub"

[[accounts]]
id = "xingqing"
name = "兴庆区"
kind = "district"
parent = "wzyc"
"""

_register_all()
runner = CliRunner()


@pytest.fixture(autouse=True)
def _restore_logging():
    """``outbox deliver`` configures structlog onto CliRunner's stderr, closed after the call."""
    yield
    structlog.reset_defaults()


def write_config(tmp: Path, db_url: str, wecom_url: str = "http://127.0.0.1:0") -> Path:
    """Port 0 by default: nothing listens there, so a test that does not start a mock sends nothing."""
    (tmp / "wenzheng.toml").write_text(f'[database]\nurl = "{db_url}"\n', encoding="utf-8")
    (tmp / "matrix.toml").write_text(MATRIX, encoding="utf-8")
    (tmp / "notify.toml").write_text(
        f'[wecom]\nbase_url = "{wecom_url}"\ntimeout = 2\n\n[default]\nwecom_key = "{KEY}"\n', encoding="utf-8")
    shutil.copy(ROOT / "config" / "lint.toml", tmp / "lint.toml")
    return tmp / "wenzheng.toml"


def test_lint_flags_and_passes(tmp_path):
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path}/x.db")
    bad = runner.invoke(app, ["lint", "已收到，已转相关部门。", "--account", "xingqing", "--json", "-c", str(cfg)])
    assert bad.exit_code == 1 and json.loads(bad.stdout)[0]["rule"] == "perfunctory"
    reply = tmp_path / "reply.txt"
    reply.write_text("经现场核实，该路段井盖破损系车辆碾压所致，养护队已于当日更换新井盖并设置警示标志。", encoding="utf-8")
    good = runner.invoke(app, ["lint", "--file", str(reply), "-c", str(cfg)])
    assert good.exit_code == 0 and "clean" in good.stdout
    both = runner.invoke(app, ["lint", "x", "--file", str(reply), "-c", str(cfg)])
    assert both.exit_code == 2
    sup = runner.invoke(app, ["lint", "@问政银川 请协调", "--account", "xingqing", "-c", str(cfg)])
    assert sup.exit_code == 1 and "mentions_superior" in sup.stdout


def test_notify_config_masks_secrets(tmp_path):
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path}/x.db")
    res = runner.invoke(app, ["notify", "config", "--json", "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    assert KEY not in res.stdout and json.loads(res.stdout)["default"]["wecom_key"] == "**********"


def test_notify_config_error_names_file_and_key(tmp_path):
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path}/x.db")
    (tmp_path / "notify.toml").write_text('[accounts.nobody]\nwecom_key = "k"\n', encoding="utf-8")
    with pytest.raises(Exception) as info:  # ConfigError surfaces to main(), which prints it
        runner.invoke(app, ["notify", "config", "-c", str(cfg)], catch_exceptions=False)
    assert "notify.toml" in str(info.value) and "accounts.nobody" in str(info.value)


async def test_notify_test_and_outbox_deliver(tmp_path, aiohttp_server, db):
    state = wecom_mock.MockState(valid={KEY})
    server = await aiohttp_server(wecom_mock.make_app(state))
    cfg = write_config(tmp_path, db.url, str(server.make_url("")))
    res = await asyncio.to_thread(runner.invoke, app, ["notify", "test", "wecom", "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    assert KEY not in res.output and len(state.messages) == 1 and "通知测试" in state.messages[0].content

    settings = NotifySettings.model_validate({"default": {"wecom_key": KEY}})
    with db.sessions.begin() as s:
        outbox.enqueue(s, kind="breached", case_id=None, account_ids=["xingqing"], subject="超时",
                       body="案件超时", urgent=True, dedupe="cli", now=utcnow() - dt.timedelta(minutes=1),
                       settings=settings)
    listed = await asyncio.to_thread(runner.invoke, app, ["outbox", "--json", "-c", str(cfg)])
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.stdout)
    assert (row["recipient"], row["channel"], row["status"]) == ("xingqing", "wecom", "pending")
    sent = await asyncio.to_thread(runner.invoke, app, ["outbox", "deliver", "--json", "-c", str(cfg)])
    assert sent.exit_code == 0, sent.output
    assert json.loads(sent.stdout)["sent"] == 1 and len(state.messages) == 2
    done = await asyncio.to_thread(runner.invoke, app, ["outbox", "--status", "sent", "--json", "-c", str(cfg)])
    assert [r["status"] for r in json.loads(done.stdout)] == ["sent"]


async def test_notify_test_reports_failure(tmp_path, aiohttp_server):
    state = wecom_mock.MockState(valid={"another-key-0000000"})
    server = await aiohttp_server(wecom_mock.make_app(state))
    cfg = write_config(tmp_path, f"sqlite:///{tmp_path}/x.db", str(server.make_url("")))
    res = await asyncio.to_thread(runner.invoke, app, ["notify", "test", "wecom", "-c", str(cfg)])
    assert res.exit_code == 1 and "93000" in res.output and "not retryable" in res.output
    assert KEY not in res.output
