"""bench/risk_parity.py's ``--ref-config``: the reference side reads the revision's own rules and model, so that a
change of config/risk.toml or of the shipped model is compared too (the default builds both sides from the working
tree's config, which shows code changes only)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.risk_parity import config_at
from monitor.classify.risk_config import load_risk

ROOT = Path(__file__).resolve().parents[1]


def test_the_reference_config_is_the_revision_s_own_with_its_model_beside_it() -> None:
    path = config_at("HEAD")
    assert path.parent != ROOT / "config"
    settings = load_risk(path)
    assert settings.model is not None and Path(settings.model.path) == path.parent / "risk_model.json"
    for name in ("risk.toml", "risk_model.json"):  # HEAD's, not the working tree's (which may differ while one works)
        committed = subprocess.run(["git", "-C", str(ROOT), "show", f"HEAD:config/{name}"], check=True,
                                   capture_output=True).stdout
        assert (path.parent / name).read_bytes() == committed
