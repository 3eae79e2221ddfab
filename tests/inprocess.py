"""``wenzheng ARGS`` run inside the test process, answered like a finished subprocess.

A fresh interpreter spends about three seconds on each call (imports, jieba's dictionary, the
classifier's tables) before the command does anything; a test that runs eight commands spent
most of its time there. The command itself is the same code either way: the CLI's Typer app,
with the environment given for the call. Each test file that does this keeps at least one real
``python -m monitor`` call, so the entry point (its error handling, its stderr) stays tested.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping

from typer.testing import CliRunner

from monitor.cli import _register_all, app


def wenzheng(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``wenzheng *args`` with ``env`` added to the environment; exit code and both streams."""
    _register_all()
    result = CliRunner().invoke(app, list(args), env=dict(env))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["wenzheng", *args], result.exit_code, result.stdout, result.stderr)
