"""Configuration errors name the file, the key and the problem; the shipped config loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.core.config import Config, ConfigError


def test_shipped_config_loads():
    cfg = Config.load(Path(__file__).resolve().parents[1] / "config" / "wenzheng.toml")
    assert cfg.matrix.hub.name == "问政银川"
    assert [s.name for s in cfg.settings.sources] == ["weibo", "media", "hotline", "wechat", "webhook"]


@pytest.mark.parametrize(("edit", "expected"), [
    (("port = 0", "port = \"eighty\""), "wenzheng.toml: daemon.port: Input should be a valid integer"),
    (("interval = 15 ", "intervall = 15 "), "wenzheng.toml: sources[0].intervall: Extra inputs are not permitted"),
    (("batch_size = 250", "batch_size = 0"), "wenzheng.toml: database.batch_size: Input should be greater than or equal to 1"),
    (("[daemon]", "[daemon"), "wenzheng.toml: not valid TOML"),
])
def test_bad_main_config_names_file_key_and_problem(config_dir: Path, edit, expected):
    path = config_dir / "wenzheng.toml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(path)
    assert expected in str(err.value)


def test_a_config_saved_in_another_encoding_is_named(config_dir: Path):
    """A file saved as GBK (as an office's editor may) is refused as not UTF-8, naming the file,
    not as a Python decoding error."""
    path = config_dir / "matrix.toml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(ConfigError, match=r"matrix\.toml: not UTF-8 text \(byte \d+"):
        Config.load(config_dir / "wenzheng.toml")


def test_bad_matrix_names_account_and_key(config_dir: Path):
    path = config_dir / "matrix.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('kind = "district"', 'kind = "province"', 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(config_dir / "wenzheng.toml")
    message = str(err.value)
    assert "matrix.toml: accounts[" in message and "].kind: Input should be" in message


def test_missing_companion_file_is_named(config_dir: Path):
    (config_dir / "matrix.toml").unlink()
    with pytest.raises(ConfigError, match=r"matrix.toml: file not found"):
        Config.load(config_dir / "wenzheng.toml")
