"""CSV/XLSX import with a column mapping: cases, reply events, idempotence, bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from monitor.cli import _register_all, app
from monitor.intake.importer import ImportError_, import_file, parse_mapping
from monitor.store.matrix_sync import sync_accounts
from monitor.stats.yearly import by_year
from monitor.store.models import Case, CaseEvent
from tests.factories import small_matrix
from tests.stats_config import write_config

MAP = "id=编号,title=主题,text=详情,received_at=留言时间,reply=答复,reply_time=答复时间,account=承办"
ROWS = [
    ["编号", "主题", "详情", "留言时间", "答复", "答复时间", "承办"],
    ["101", "路灯不亮", "文化街路灯坏了一周", "2019-03-01 08:00:00", "已修复", "2019-03-03 08:00:00", "兴庆区"],
    ["102", "噪音扰民", "夜间施工", "2019-12-31 20:00:00", "已责令停工", "2020-01-10 20:00:00", "city-cg"],
    ["103", "咨询社保", "如何补缴", "2020-01-05 09:30", "", "", ""],
    ["104", "坏时间", "详情", "昨天", "", "", ""],
    ["105", "答复早于留言", "详情", "2020-01-05 09:30:00", "好", "2020-01-04 09:30:00", ""],
    ["106", "", "", "2020-01-05 09:30:00", "", "", ""],
    ["107", "未知部门", "详情", "2020-01-06 09:30:00", "", "", "不存在的局"],
    ["101", "重复编号", "详情", "2020-01-07 09:30:00", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_import_creates_cases_replies_and_is_idempotent(db, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "board.csv", ROWS)
    with db.sessions.begin() as s:
        sync_accounts(s, small_matrix())
        r = import_file(s, path, parse_mapping(MAP), platform="board", channel="board-2019")
    assert (r.rows, r.created, r.replies, r.duplicates) == (8, 3, 2, 0)
    assert [(e.row, e.reason) for e in r.errors] == [
        (5, "message time: not a time: '昨天'"),
        (6, "reply time is before the message time"),
        (7, "empty message text"),
        (8, "unknown account '不存在的局'"),
        (9, "same id as row 2"),
    ]
    with db.session() as s:
        cases = {c.root_external_id: c for c in s.scalars(select(Case))}
        c101 = cases["101"]
        assert c101.text == "路灯不亮\n文化街路灯坏了一周"
        assert c101.received_at == dt.datetime(2019, 3, 1, 0, 0, tzinfo=dt.UTC)  # 08:00 +08:00
        assert c101.first_response_at == dt.datetime(2019, 3, 3, 0, 0, tzinfo=dt.UTC)
        assert (c101.lead_account_id, c101.status, c101.channel) == ("xingqing", "replied", "board-2019")
        assert cases["102"].lead_account_id == "city-cg"
        assert cases["103"].first_response_at is None and cases["103"].status == "open"
        reply = s.scalars(select(CaseEvent).where(CaseEvent.case_id == c101.id,
                                                  CaseEvent.kind == "reply")).one()
        assert reply.data == {"text": "已修复"} and reply.at == c101.first_response_at
    with db.sessions.begin() as s:  # the same file again: nothing new
        again = import_file(s, path, parse_mapping(MAP), platform="board", channel="board-2019")
    assert (again.created, again.duplicates, len(again.errors)) == (0, 3, 5)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 3
        assert s.scalar(select(func.count()).select_from(CaseEvent)) == 5  # 3 created + 2 replies


def test_by_year_counts_lags_in_their_year(db, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "board.csv", ROWS[:4])
    with db.sessions.begin() as s:
        sync_accounts(s, small_matrix())
        import_file(s, path, parse_mapping(MAP))
    with db.session() as s:
        data = by_year(s)
    assert [(y["year"], y["received"], y["replied"], y["reply_median_s"]) for y in data["years"]] == [
        ("2019", 2, 2, 6 * 86400.0), ("2020", 1, 0, None)]
    # 2019: lags 2 and 10 days → median 6, p90 2 + 0.9 * 8 = 9.2 days
    assert data["years"][0]["reply_p90_s"] == pytest.approx(9.2 * 86400)
    assert data["all"]["received"] == 3 and data["all"]["reply_median_s"] == 6 * 86400.0


def test_import_without_id_keys_on_text_and_time(db, tmp_path: Path) -> None:
    rows = [["内容", "时间"], ["井盖丢了", "2021-05-01 10:00:00"], ["井盖丢了", "2021-05-02 10:00:00"]]
    path = write_csv(tmp_path / "hotline.csv", rows)
    mapping = parse_mapping("text=内容,received_at=时间")
    with db.sessions.begin() as s:
        first = import_file(s, path, mapping, platform="hotline")
    with db.sessions.begin() as s:
        second = import_file(s, path, mapping, platform="hotline")
    assert (first.created, second.created, second.duplicates) == (2, 0, 2)


def test_xlsx_import(db, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "详情", "留言时间", "答复", "答复时间"])
    ws.append([1, "小区停水", dt.datetime(2022, 7, 1, 9, 0), "已恢复供水", dt.datetime(2022, 7, 1, 15, 0)])
    ws.append([2, "噪音", "2022-07-02 09:00:00", None, None])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    mapping = parse_mapping("id=编号,text=详情,received_at=留言时间,reply=答复,reply_time=答复时间")
    with db.sessions.begin() as s:
        r = import_file(s, path, mapping)
    assert (r.created, r.replies, r.errors) == (2, 1, [])
    with db.session() as s:
        c = s.scalars(select(Case).where(Case.root_external_id == "1")).one()
        assert c.received_at == dt.datetime(2022, 7, 1, 1, 0, tzinfo=dt.UTC)
        assert (c.first_response_at - c.received_at) == dt.timedelta(hours=6)


def test_mapping_errors_write_nothing(db, tmp_path: Path) -> None:
    for bad, msg in (("text=a", "received_at must be mapped"), ("txt=a,received_at=b", "unknown field 'txt'"),
                     ("received_at=b", "map text"), ("text", "not field=column")):
        with pytest.raises(ImportError_, match=msg):
            parse_mapping(bad)
    path = write_csv(tmp_path / "x.csv", ROWS)
    with db.sessions.begin() as s, pytest.raises(ImportError_, match="not in the file: 留言内容"):
        import_file(s, path, parse_mapping("text=留言内容,received_at=留言时间"))
    with db.sessions.begin() as s, pytest.raises(ImportError_, match="file not found"):
        import_file(s, tmp_path / "missing.csv", parse_mapping(MAP))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0


def test_cli_import_and_by_year(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    cfg = write_config(tmp_path)
    path = write_csv(tmp_path / "board.csv", ROWS)
    _register_all()
    runner = CliRunner()
    res = runner.invoke(app, ["import", str(path), "--map", MAP, "--raw", "--json", "-c", str(cfg)])
    assert res.exit_code == 1  # some rows were skipped
    out = json.loads(res.stdout)
    assert (out["created"], len(out["errors"])) == (3, 5) and out["errors"][0]["row"] == 5
    res = runner.invoke(app, ["import", str(path), "--map", MAP, "--raw", "-c", str(cfg)])
    assert "0 cases created" in res.stdout and "3 already present" in res.stdout
    res = runner.invoke(app, ["stats", "--by-year", "--format", "csv", "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "year,received,replied,reply_rate,reply_median_days,reply_p90_days",
        "2019,2,2,1.0,6.0,9.2", "2020,1,0,0.0,,", "all,3,2,0.666667,6.0,9.2"]
    res = runner.invoke(app, ["import", str(path), "--map", "bogus=1", "-c", str(cfg)])
    assert res.exit_code == 2 and "unknown field 'bogus'" in res.output


def test_import_goes_through_the_pipeline(db, tmp_path: Path, config_dir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --raw an export is classified, routed and put on the clocks from its own times."""
    monkeypatch.setenv("WENZHENG_DATABASE_URL", db.url)
    rows = [["编号", "详情", "留言时间", "答复", "答复时间", "类别"],
            ["1", "兴庆区文化街小区停水三天了，请尽快恢复供水", "2024-03-04 09:00:00", "已恢复", "2024-03-04 09:30:00", ""],
            ["2", "西夏区朔方路广场舞噪音扰民，晚上十点还在跳", "2024-03-05 20:00:00", "已劝导", "2024-03-12 10:00:00", ""],
            ["3", "请问孩子入学需要哪些材料", "2024-03-06 10:00:00", "", "", "教育文体"]]
    path = write_csv(tmp_path / "export.csv", rows)
    _register_all()
    runner = CliRunner()
    res = runner.invoke(app, ["import", str(path), "--map", "id=编号,text=详情,received_at=留言时间,reply=答复,"
                              "reply_time=答复时间,domain=类别", "-c", str(config_dir / "wenzheng.toml")])
    assert res.exit_code == 0, res.output
    with db.session() as s:
        cases = {c.root_external_id: c for c in s.scalars(select(Case))}
        water, noise, school = cases["1"], cases["2"], cases["3"]
        assert (water.domain, water.subtopic, water.region, water.lead_account_id) == ("民生", "供水", "兴庆区",
                                                                                       "city-water")
        assert (noise.type, noise.domain, noise.lead_account_id) == ("complaint", "环境保护", "xixia-shuofanglu")
        assert school.domain == "教育" and school.type == "consult"  # the export's 教育文体, mapped
        # deadlines from each case's own received time: 30 minutes is on time, a week late is not
        assert water.first_response_due is not None and water.first_response_state == "met"
        assert noise.first_response_state == "missed"
        kinds = s.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == water.id)).all()
        assert {"created", "classified", "assigned", "reply"} <= set(kinds)
    res = runner.invoke(app, ["stats", "--from", "2024-03-01", "--to", "2024-03-31", "--format", "json",
                              "-c", str(config_dir / "wenzheng.toml")])
    assert res.exit_code == 0, res.output
    assert "未分类" not in res.stdout


# shared/ sits beside the checkout (as in CI); the data is read in place, never copied
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "replies.csv"


@pytest.mark.slow
@pytest.mark.skipif(not REAL.exists(), reason="shared replies.csv not present")
def test_real_history_matches_its_readme(db) -> None:
    """replies.csv (read in place): README says reply lag median 11.2 days, p90 41 days."""
    mapping = parse_mapping("id=id,title=title,text=text,received_at=message_time,reply=reply,"
                            "reply_time=reply_time")
    with db.sessions.begin() as s:
        r = import_file(s, REAL, mapping, platform="board")
    assert (r.rows, r.created, r.replies, r.errors) == (2816, 2816, 2816, [])
    with db.session() as s:
        data = by_year(s, platform="board")
    overall = data["all"]
    assert overall["received"] == overall["replied"] == 2816
    assert round(overall["reply_median_s"] / 86400, 1) == 11.2
    assert round(overall["reply_p90_s"] / 86400) == 41
    assert [y["year"] for y in data["years"]][0] == "2011" and data["years"][-1]["year"] == "2020"
