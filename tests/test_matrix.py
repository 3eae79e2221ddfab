"""The shipped demo matrix loads, is a real hierarchy, and a broken copy is reported by file and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.core.config import ConfigError, Matrix, load_model

ROOT = Path(__file__).resolve().parents[1]
DISTRICTS = {"兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市"}


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_model(ROOT / "config" / "matrix.toml", Matrix)


def test_shipped_matrix_is_a_real_hierarchy(matrix: Matrix) -> None:
    assert len(matrix.accounts) >= 100
    hubs = [a for a in matrix.accounts if a.kind == "hub"]
    assert [(h.id, h.name) for h in hubs] == [("wzyc", "问政银川")]
    districts = {a.name: a for a in matrix.accounts if a.kind == "district"}
    assert set(districts) == DISTRICTS
    assert all(d.parent == "wzyc" for d in districts.values())
    # every street hangs under a district, and each district has streets
    for street in (a for a in matrix.accounts if a.kind == "street"):
        assert matrix.by_id[street.parent].kind == "district", street.id
        assert street.name.startswith(matrix.by_id[street.parent].name), street.name
    for d in districts.values():
        assert any(a.parent == d.id and a.kind == "street" for a in matrix.accounts), d.name
    assert matrix.by_id["xingqing-wenhuajie"].name == "兴庆区文化街街道"
    assert matrix.by_id["xingqing-wenhuajie"].parent == "xingqing"


def test_every_account_has_a_unique_weibo_uid_and_known_domains(matrix: Matrix) -> None:
    uids = [a.platform_ids.get("weibo") for a in matrix.accounts]
    assert all(u is not None and re.fullmatch(r"\d{10}", u) for u in uids)
    assert len(set(uids)) == len(uids)
    vocabulary = {"城乡建设", "交通", "环境保护", "卫生健康", "教育", "劳动和社会保障", "住房", "民生",
                  "市场监管", "公共安全", "其他"}
    for a in matrix.accounts:
        assert a.domains and set(a.domains) <= vocabulary, a.id


def test_names_and_aliases_resolve_without_collisions(matrix: Matrix) -> None:
    names = [a.name for a in matrix.accounts] + [x for a in matrix.accounts for x in a.aliases]
    assert len(names) == len(set(names))
    assert matrix.by_name()["银川交警"].id == "city-police-traffic"
    assert matrix.by_name()["文化街街道"].id == "xingqing-wenhuajie"


def test_broken_copy_names_file_and_key(config_dir: Path) -> None:
    path = config_dir / "matrix.toml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('kind = "street"', 'kind = "village"', 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_model(path, Matrix)
    msg = str(err.value)
    assert str(path) in msg and re.search(r"accounts\[\d+\]\.kind", msg) and "village" in msg

    path.write_text(text.replace('parent = "xingqing"', 'parent = "nowhere"', 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_model(path, Matrix)
    assert str(path) in str(err.value) and "parent" in str(err.value) and "nowhere" in str(err.value)
