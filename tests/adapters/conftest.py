"""Fixtures for the Weibo adapter tests: a small matrix, the mock platform over real HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from adapters.weibo import WeiboSource, create
from adapters.weibo.mock import MockWeibo, demo_token_env, make_app
from monitor.core.config import Matrix

CITIZEN = "6100000001"
CITIZEN2 = "6100000002"
HUB_UID = "5600000001"
STREET_UID = "5600000039"


def small_matrix() -> Matrix:
    return Matrix.model_validate({"accounts": [
        {"id": "wzyc", "name": "问政银川", "kind": "hub", "region": "银川市",
         "platform_ids": {"weibo": HUB_UID}},
        {"id": "xingqing", "name": "兴庆区", "kind": "district", "parent": "wzyc", "region": "兴庆区",
         "platform_ids": {"weibo": "5600000002"}},
        {"id": "xingqing-wenhuajie", "name": "兴庆区文化街街道", "kind": "street", "parent": "xingqing",
         "region": "文化街街道", "platform_ids": {"weibo": STREET_UID}},
        {"id": "city-cg", "name": "银川城管", "kind": "department", "parent": "wzyc", "region": "银川市"},
    ]})


@pytest.fixture
def matrix() -> Matrix:
    return small_matrix()


@pytest.fixture
def state(matrix: Matrix) -> MockWeibo:
    st = MockWeibo.from_matrix(matrix)
    st.add_user(CITIZEN, "贺兰山下的小王")
    st.add_user(CITIZEN2, "银川市民老马")
    st.hang_seconds = 2.0
    return st


@pytest.fixture
def tokens(matrix: Matrix, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = demo_token_env(matrix)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


@pytest.fixture
async def base_url(aiohttp_server: Any, state: MockWeibo) -> str:
    server = await aiohttp_server(make_app(state))
    return str(server.make_url("/2/"))


@pytest.fixture
def make_source(base_url: str, matrix: Matrix, http: aiohttp.ClientSession,
                tokens: dict[str, str]) -> Callable[..., WeiboSource]:
    def build(**options: Any) -> WeiboSource:
        opts = {"base_url": base_url, "request_timeout": 10, **options}
        return create(opts, name="weibo", matrix=matrix, http=http)
    return build


def at(minutes: int) -> dt.datetime:
    """A fixed, aware time: 2024-03-04 09:00 Beijing plus ``minutes``."""
    return dt.datetime(2024, 3, 4, 1, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)


ROOT_MATRIX = __import__("pathlib").Path(__file__).resolve().parents[2] / "config" / "matrix.toml"
