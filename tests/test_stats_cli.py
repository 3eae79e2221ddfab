"""``wenzheng stats`` through the real CLI: json (= compute_stats), csv, xlsx, table, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from monitor.stats import Period, compute_stats
from tests.stats_config import history_cli


@pytest.fixture
def cli(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The real CLI over the hand-built history (``tests/stats_history.py``)."""
    return history_cli(db, tmp_path, monkeypatch)


def test_json_is_compute_stats(cli, db) -> None:
    res = cli("stats", "--month", "2026-03", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert (data["received"], data["replied"], data["reply_rate"], data["closed"]) == (4, 3, 0.75, 1)
    with db.session() as s:
        direct = compute_stats(s, Period.month(2026, 3))
    for volatile in ("generated_at",):
        data.pop(volatile), direct.pop(volatile)
    assert data == json.loads(json.dumps(direct, ensure_ascii=False))


def test_account_slice_and_range(cli) -> None:
    res = cli("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--account", "xingqing", "--format", "json")
    data = json.loads(res.stdout)
    assert data["received"] == 3 and data["period"]["account_id"] == "xingqing"
    res = cli("stats", "--quarter", "2026-Q1", "--format", "json")
    assert json.loads(res.stdout)["received"] == 6


def test_csv_is_the_department_table(cli) -> None:
    res = cli("stats", "--month", "2026-03", "--format", "csv")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("序号,账号ID,部门名称,信件总数,回复数,回复率")
    assert len(lines) == 5  # header + 3 accounts + unassigned
    assert any(line.startswith("1,city-cg,银川城管,1,1,1.0") for line in lines)


def test_xlsx_sheets(cli, tmp_path: Path) -> None:
    out = tmp_path / "march.xlsx"
    res = cli("stats", "--month", "2026-03", "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["总体情况", "部门办理情况统计表", "类型统计", "领域统计", "区域统计",
                             "渠道统计", "热点话题", "超期未办结", "矩阵账号", "案件明细"]
    # every member account with a Weibo uid, though none has been read in this history
    matrix_rows = list(wb["矩阵账号"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in matrix_rows) == sorted(["兴庆区", "兴庆区文化街街道", "问政银川", "银川城管"])
    dept = wb["部门办理情况统计表"]
    header = [c.value for c in dept[1]]
    assert header[:5] == ["序号", "部门名称", "信件总数", "回复数", "回复率"]
    assert "办结数" in header and "办结率" in header and "超期未受理" in header
    rows = {r[1]: r for r in dept.iter_rows(min_row=2, values_only=True)}
    rate_col = header.index("办结率")
    assert rows["兴庆区文化街街道"][header.index("信件总数")] == 1
    assert rows["兴庆区文化街街道"][rate_col] == 1.0
    assert dept.cell(row=2, column=rate_col + 1).number_format == "0.00%"
    head = {r[0]: r[1] for r in wb["总体情况"].iter_rows(min_row=2, values_only=True)}
    assert head["受理诉求"] == 4 and head["回复率"] == 0.75 and head["超期未受理"] == 1
    cases = list(wb["案件明细"].iter_rows(values_only=True))
    assert cases[0][0] == "案件编号" and len(cases) == 5
    assert cases[1][3] == "2026-03-02 09:00" and cases[4][3] == "2026-03-31 23:30"


def test_table_and_errors(cli) -> None:
    res = cli("stats", "--month", "2026-03")
    assert res.exit_code == 0, res.output
    assert "受理诉求" in res.stdout and "75.00%" in res.stdout
    for args, msg in ((["--month", "2026-13"], "月份应为 1 到 12"),
                      (["--month", "2026-03", "--quarter", "2026-Q1"], "only one of"),
                      (["--from", "2026-03-01"], "--from 和 --to 要一起给"),
                      (["--from", "0001-01-01", "--to", "0001-02-01"], "须在 2000-01-01 至 2099-12-31 之间"),
                      (["--from", "2026-01-01", "--to", "9999-12-31"], "须在 2000-01-01 至 2099-12-31 之间"),
                      (["--month", "0001-01"], "须在 2000-01-01 至 2099-12-31 之间"),
                      (["--format", "pdf"], "not one of"),
                      (["--format", "xlsx"], "needs --out"),
                      (["--month", "2026-03", "--account", "nobody"], "矩阵中没有账号“nobody”")):
        res = cli("stats", *args)
        assert res.exit_code == 2 and msg in res.output, (args, res.output)


def test_report_command_writes_html(cli, tmp_path: Path) -> None:
    out = tmp_path / "b" / "2026-03.html"
    res = cli("report", "--month", "2026-03", "--out", str(out))
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "2026年3月" in html and "看数据" in html and "<svg" in html
    assert cli("report", "--out", str(out)).exit_code == 2


def test_as_of_and_units_are_readable(cli, tmp_path: Path) -> None:
    """While a month runs, as_of is now (with microseconds): the table and the sheet print it to
    the minute in Beijing time; durations carry their unit once (the table in words, the sheet
    in hours with the unit in the label)."""
    import re

    from monitor.core.timeutil import to_local, utcnow

    month = to_local(utcnow()).strftime("%Y-%m")
    res = cli("stats", "--month", month)
    assert res.exit_code == 0, res.output
    assert "截至" in res.stdout and not re.search(r"\d:\d\d\.\d|T\d\d:|\+08:00", res.stdout)
    assert "(小时)" not in res.stdout and "首次回复用时中位数" in res.stdout
    out = tmp_path / "now.xlsx"
    assert cli("stats", "--month", month, "--format", "xlsx", "--out", str(out)).exit_code == 0
    head = {r[0]: r[1] for r in load_workbook(out)["总体情况"].iter_rows(min_row=2, values_only=True)}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", head["统计截至"])
    assert "首次回复用时中位数(小时)" in head
    res = cli("stats", "--month", "2026-03")
    # replies after 1 h (c1), 10 h (c2) and 20 min (c4): median 1 h, in words, under a unit-less label
    assert re.search(r"首次回复用时中位数\s*│\s*1\.0小时", res.stdout), res.stdout
