"""``wenzheng demo``: the mocks take free ports, the daemon follows them, and the printed logins work.

Runs the real command in a subprocess on a private copy of the shipped config (which names the
demo's :8081 and :8082) in a temporary directory, with the console on a free port too.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


async def _read_until(proc: asyncio.subprocess.Process, marker: str, timeout: float = 90) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = await asyncio.wait_for(proc.stdout.readline(), deadline - time.monotonic())
        if not line:
            break
        seen.append(line.decode())
        if marker in seen[-1]:
            return "".join(seen)
    raise AssertionError(f"the demo never printed {marker!r}:\n{''.join(seen)}")


async def test_demo_takes_free_ports_and_prints_working_logins(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "config", tmp_path / "config")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "monitor", "demo", "--port", "0", "--rate", "0.2",
        "-c", str(tmp_path / "config" / "wenzheng.toml"),
        cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        text = await _read_until(proc, "signed webhook")  # the channels are printed last
        console = re.search(r"console\s+(http://127\.0\.0\.1:\d+)/", text)
        weibo = re.search(r"mock Weibo\s+http://127\.0\.0\.1:(\d+)/", text)
        wecom = re.search(r"mock WeCom robot\s+http://127\.0\.0\.1:(\d+)/", text)
        assert console and weibo and wecom, text
        logins = dict(re.findall(r"^  (operator|street|viewer)\s+(\S+)\s", text, re.M))
        assert set(logins) == {"operator", "street", "viewer"}, text
        demo_cfg = (tmp_path / "var" / "demo-config" / "wenzheng.toml").read_text(encoding="utf-8")
        assert f"http://127.0.0.1:{weibo.group(1)}/2/" in demo_cfg and 'base_url = "http://127.0.0.1:8081' not in demo_cfg
        assert f"http://127.0.0.1:{wecom.group(1)}" in \
            (tmp_path / "var" / "demo-config" / "notify.toml").read_text(encoding="utf-8")
        assert "127.0.0.1:8081" in (tmp_path / "config" / "wenzheng.toml").read_text(encoding="utf-8")
        # the media outlet and the WeChat API mock too: free ports, and the daemon is pointed at them
        feeds = re.search(r"media feeds\s+http://127\.0\.0\.1:(\d+)/feeds/", text)
        wechat = re.search(r"mock API http://127\.0\.0\.1:(\d+)/_mock", text)
        assert feeds and wechat, text
        assert f"http://127.0.0.1:{feeds.group(1)}/feeds/ycrb.xml" in demo_cfg and ":8084/" not in demo_cfg
        assert f"http://127.0.0.1:{wechat.group(1)}/" in demo_cfg and ":8083/" not in demo_cfg
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{feeds.group(1)}/feeds/ycrb.xml") as r:
                assert r.status == 200 and "<rss" in await r.text()
        for name, landing in (("operator", "/cases"), ("street", "/cases"), ("viewer", "/stats")):
            async with aiohttp.ClientSession(console.group(1), cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
                async with http.post("/login", data={"name": name, "password": logins[name]}) as r:
                    assert r.status == 200 and r.url.path == landing, (name, r.url)
                    assert name in await r.text()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
    assert proc.returncode == 0
