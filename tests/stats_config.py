"""A minimal config directory (the tests' small matrix) for CLI runs of stats/report/import."""

from __future__ import annotations

from pathlib import Path

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
