"""The monthly bulletin: content from the hand-built history, self-contained HTML, and a real
headless Chromium check that the SVG chart text (Chinese) is present and laid out."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import pytest

from monitor.report import render_bulletin
from monitor.report.charts import columns, hbars, line, pie
from monitor.stats import Period
from monitor.store.models import Case
from conftest import ARGS, CHROMIUM, need_chromium
from tests.factories import small_matrix
from tests.stats_config import history_cli
from tests.stats_history import build_history, t

LATER = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def cli_report(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    return history_cli(db, tmp_path, monkeypatch)


def march_html(db) -> str:
    with db.sessions.begin() as s:
        build_history(s)
        s.add(Case(platform="weibo", channel="weibo", root_external_id="evil", citizen_id="x",
                   text="<script>alert(1)</script>路灯", received_at=t(3, 5, 9), region="兴庆区",
                   first_response_due=t(3, 5, 10), first_response_at=t(3, 5, 9, 1),
                   last_activity_at=t(3, 5, 9)))
    with db.session() as s:
        return render_bulletin(s, Period.month(2026, 3), matrix=small_matrix(), now=LATER,
                               title="问政银川月报")


def test_bulletin_content(db) -> None:
    html = march_html(db)
    assert "<title>问政银川月报（2026年3月）</title>" in html
    assert "平台共受理网友留言5件，部门回复4件，回复率为80.00%" in html
    assert "问政数量较2026年2月增长150.0%" in html
    assert "从留言类型看，咨询类2件，投诉类1件，意见建议类1件，未分类1件。" in html
    assert "从受理渠道看，微博5件（回复率80.00%，办结率" in html
    assert "在市级部门中，问政数量排名前1的部门分别是：银川城管1件。" in html
    for section in ("看数据", "看热点", "看回复", "这些事还没解决", "2026年3月各部门办理情况"):
        assert section in html
    assert "用时1分钟即作出回复" in html  # the fastest reply: one minute
    # the sentence uses the headline counts (c2, c3 past their closure due; c3 never answered)
    assert "仍有2件诉求超过办结期限未办结、1件诉求超过首次回复期限未回复" in html
    assert "已逾期14天" in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 6  # types, channels, response times, regions, departments, daily
    assert "留言类型分布" in svgs[0] and "咨询 2件 (40.0%)" in svgs[0]
    assert ">兴庆区<" in html and "Noto Sans CJK SC" in svgs[0]
    # self-contained and escaped
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_empty_month_renders(db) -> None:
    with db.session() as s:
        html = render_bulletin(s, Period.month(2025, 1), now=LATER)
    assert "平台共受理网友留言0件。" in html and html.count("暂无数据") == 5
    assert "回复率为" not in html  # no "回复率为-": the sentence is left out, not printed with a gap
    assert "没有超过回复、办结期限" not in html  # nothing received is not "all on time"


def test_text_figures_agree_with_headline(db) -> None:
    """The issue's examples: an appeal an hour past its first-response due, with no closure due
    yet, and a reply in 30 seconds. The text says what the headline says, in sensible units."""
    from monitor.stats import compute_stats
    from monitor.store.matrix_sync import sync_accounts
    from tests.stats_history import add_case

    now = t(3, 10, 11)  # the month is still running: as_of = now
    with db.sessions.begin() as s:
        sync_accounts(s, small_matrix())
        add_case(s, 1, t(3, 10, 9), lead="xingqing", first_response_due=t(3, 10, 10), text="路灯不亮")
        add_case(s, 2, t(3, 10, 9), lead="city-cg", first_response_due=t(3, 10, 10),
                 first_response_at=t(3, 10, 9) + dt.timedelta(seconds=30), status="replied")
    with db.session() as s:
        stats = compute_stats(s, Period.month(2026, 3), now=now)
        html = render_bulletin(s, Period.month(2026, 3), matrix=small_matrix(), now=now)
    assert (stats["overdue_unaccepted"], stats["overdue_unclosed"], stats["overdue_open"]["count"]) == (1, 0, 1)
    assert stats["overdue_open"]["cases"][0]["overdue_s"] == 3600.0
    assert "仍有1件诉求超过首次回复期限未回复：" in html and "办结期限未办结" not in html
    assert "已逾期1小时" in html and "逾期0天" not in html
    assert "用时30秒即作出回复" in html and "0分钟" not in html
    assert re.search(r"统计截至 2026-03-10 11:00<", html)


def test_charts_are_wellformed_svg() -> None:
    import xml.etree.ElementTree as ET
    for svg in (pie([("咨询", 3), ("投诉", 1)], "类型"), pie([("咨询", 3)], "单一"),
                hbars([("兴庆区", 5), ("金凤区", 0)], "区域"), line([("03-01", 1), ("03-02", 4)], "每日"),
                columns([("1小时内", 2), ("7天以上", 1)], "分布"), pie([], "空")):
        root = ET.fromstring(str(svg))
        texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts[0] in ("类型", "单一", "区域", "每日", "分布", "空")
    two = ET.fromstring(str(pie([("咨询", 3), ("投诉", 1)], "类型")))
    assert len(two.findall("{http://www.w3.org/2000/svg}path")) == 2


@pytest.mark.browser
def test_bulletin_in_chromium(db, tmp_path: Path) -> None:
    need_chromium()
    from playwright.sync_api import sync_playwright

    path = tmp_path / "bulletin.html"
    path.write_text(march_html(db), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1600}, locale="zh-CN")
            page.goto(path.as_uri())
            boxes = page.eval_on_selector_all(
                "svg.chart text",
                "els => els.map(e => { const b = e.getBBox(); return [e.textContent, b.width, b.height]; })")
            if os.environ.get("WENZHENG_SCREENSHOTS"):
                page.screenshot(path=str(Path(os.environ["WENZHENG_SCREENSHOTS"]) / "bulletin.png"),
                                full_page=True)
        finally:
            browser.close()
    texts = {b[0] for b in boxes}
    for label in ("留言类型分布", "各区域问政数量", "承办账号问政数量（前12）", "每日留言量", "首次回复用时分布",
                  "兴庆区", "银川城管", "1小时内"):
        assert label in texts, label
    assert all(w > 0 and h > 0 for _, w, h in boxes), [b for b in boxes if not (b[1] > 0 and b[2] > 0)]
    # CJK glyphs are real: a 6-character title is several times wider than one character
    title = next(b for b in boxes if b[0] == "留言类型分布")
    assert title[1] > 5 * 12


@pytest.mark.browser
@pytest.mark.slow
def test_report_pdf_and_png(cli_report, tmp_path: Path) -> None:
    """`report --format pdf|png`: the PDF carries the Chinese text (and its font), the long image
    is a tall picture with the page's colours in it, not a blank sheet."""
    need_chromium()
    from PIL import Image
    from pypdf import PdfReader

    pdf = tmp_path / "out" / "march.pdf"
    res = cli_report("report", "--month", "2026-03", "--format", "pdf", "--out", str(pdf))
    assert res.exit_code == 0, res.output
    reader = PdfReader(pdf)
    # Chromium's ToUnicode maps some Noto CJK glyphs to Kangxi radicals (⽹ for 网): NFKC folds them
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
    for words in ("看数据", "看热点", "看回复", "平台共受理网友留言4件", "银川城管"):
        assert words in text.replace(" ", ""), words
    # the CJK font travels with the file: Chromium embeds Noto CJK's glyphs (as Type3 outlines)
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    cjk = [f for f in fonts if "CJK" in str(f["/FontDescriptor"].get_object().get("/FontName", ""))]
    assert cjk and all("/CharProcs" in f or "/FontFile2" in f["/FontDescriptor"].get_object()
                       or "/FontFile3" in f["/FontDescriptor"].get_object() for f in cjk)

    png = tmp_path / "march.png"
    res = cli_report("report", "--month", "2026-03", "--format", "png", "--out", str(png))
    assert res.exit_code == 0, res.output
    img = Image.open(png).convert("RGB")
    assert img.height > 2 * img.width  # one long image, not a screen
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text and charts, not a blank page
    red = sum(n for n, (r, g, b) in colours if r > 150 and g < 80 and b < 80)
    assert red > 1000  # the red headings and the title were painted


def test_report_without_chromium_fails_clearly(cli_report, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WENZHENG_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "x.pdf"
    res = cli_report("report", "--month", "2026-03", "--format", "pdf", "--out", str(out))
    assert res.exit_code == 2 and "no-such-chromium" in res.output and not out.exists()
    res = cli_report("report", "--month", "2026-03", "--format", "docx", "--out", str(out))
    assert res.exit_code == 2 and "not one of html, pdf, png" in res.output


def test_kan_huifu_departments_and_stories(db) -> None:
    """看回复: 有N个部门参与办理 (lead or co-handler, hub excluded), case stories chosen by rule and
    told with their dates, and the department tables split 市级部门 / 区县/乡镇 at min_cases."""
    from monitor.stats import compute_stats
    from tests.stats_history import add_case

    with db.sessions.begin() as s:
        build_history(s)
        # a joint case closed in March: 银川城管 leads, 兴庆区 and its street help
        add_case(s, 8, t(3, 12, 9), lead="city-cg", co=("xingqing", "xingqing-wenhuajie"), joint=True,
                 type="complaint", domain="城乡建设", region="兴庆区", status="closed",
                 first_response_due=t(3, 12, 17), first_response_at=t(3, 12, 11),
                 closure_due=t(3, 20), closed_at=t(3, 15, 16), text="文化街路口积水多日无人处理",
                 events=(("reply", t(3, 12, 11)), ("closed", t(3, 15, 16))))
    with db.sessions.begin() as s:
        from sqlalchemy import select

        from monitor.store.models import CaseEvent
        for e in s.scalars(select(CaseEvent).where(CaseEvent.kind.in_(("reply", "closed")))):
            e.data = {"text": "已安排城管和街道现场查看"} if e.kind == "reply" else {"result": "已疏通排水管道"}
    with db.session() as s:
        stats = compute_stats(s, Period.month(2026, 3), now=LATER)
        html = render_bulletin(s, Period.month(2026, 3), matrix=small_matrix(), now=LATER, min_cases=2)
        strict = render_bulletin(s, Period.month(2026, 3), matrix=small_matrix(), now=LATER)
    # 银川城管, 兴庆区, 兴庆区文化街街道 were assigned; the hub 问政银川 is not counted
    assert stats["departments_involved"] == 3
    assert "2026年3月，共有3个部门（单位）参与群众诉求办理工作，办结诉求2件。" in html
    rules = [(c["rule"], c["title"]) for c in stats["case_stories"]]
    assert rules == [("fast_satisfied", "小区物业乱收停车费"), ("joint", "文化街路口积水多日无人处理")]
    joint = stats["case_stories"][1]
    assert joint["co_handlers"] == ["兴庆区", "兴庆区文化街街道"] and joint["result"] == "已疏通排水管道"
    assert ("<strong>【多部门联合办理】</strong>3月12日，兴庆区网友反映“文化街路口积水多日无人处理”。银川城管会同兴庆区、"
            "兴庆区文化街街道承办，3月12日作出回复：“已安排城管和街道现场查看”。3月15日办结（用时3.3天），"
            "办理结果：已疏通排水管道。") in html
    assert "【快速办结、群众满意】" in html and "网友评价满意" in html
    # tables: 银川城管 (2 cases) is a city department; 兴庆区 (1 lead case) is below the minimum of 2
    city = re.search(r'<table class="departments" id="table_city">(.*?)</table>', html, re.S)
    assert city and "银川城管" in city.group(1) and "兴庆区" not in city.group(1)
    assert 'id="table_county"' not in html and "本期没有问政数量达到2件的区县/乡镇单位。" in html
    assert "本期问政数量5件以上" in strict and "本期没有问政数量达到5件的市级部门单位。" in strict


def test_resolved_and_citizen_quotes(db) -> None:
    """这些事解决了 counts closed cases per sub-topic with a real closure result; 网友评价 quotes a
    satisfied follow-up with its district (one per district, @-prefix removed, complaints skipped)."""
    from sqlalchemy import select

    from monitor.stats import compute_stats
    from monitor.store.models import CaseEvent, Mention
    from tests.stats_history import add_case

    with db.sessions.begin() as s:
        cases = build_history(s)
        c8 = add_case(s, 8, t(3, 6, 9), lead="xingqing-wenhuajie", type="complaint", domain="城乡建设",
                      subtopic="物业管理", region="兴庆区", status="closed", closed_at=t(3, 9),
                      satisfaction="satisfied", events=(("closed", t(3, 9)),))
        c9 = add_case(s, 9, t(3, 7, 9), lead="city-cg", type="complaint", domain="交通", region="金凤区",
                      status="closed", closed_at=t(3, 8), satisfaction="satisfied",
                      events=(("closed", t(3, 8)),))
        for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "closed")):
            e.data = {"result": f"第{e.case_id}件：已督促物业整改并退还停车费"}
        for n, (case, text, label, at) in enumerate((
                (c8, "回复@兴庆区文化街街道: 物业已经整改了，谢谢你们！", "satisfied", t(3, 9, 10)),
                (cases["c1"], "满意", "satisfied", t(3, 4)),  # too short to quote
                (c9, "还是没人管", "unsatisfied", t(3, 8, 1)),
                (c9, "路口终于通了，感谢交警和城管的快速处理", "satisfied", t(3, 8, 9)))):
            m = Mention(platform="weibo", external_id=f"fb{n}", kind="comment", author_id="u", role="citizen",
                        text=text, created_at=at, case_id=case.id)
            s.add(m)
            s.flush()
            s.add(CaseEvent(case_id=case.id, kind="feedback", at=at, actor="citizen", mention_id=m.id,
                            data={"label": label, "words": []}))
    with db.session() as s:
        stats = compute_stats(s, Period.month(2026, 3), now=LATER)
        html = render_bulletin(s, Period.month(2026, 3), matrix=small_matrix(), now=LATER)
    resolved = stats["resolved_by_subtopic"]
    # c1 and c8 closed under 城乡建设·物业管理 (both satisfied); c9 under 交通; c2 closed only in April
    assert [(r["domain"], r["subtopic"], r["closed"], r["satisfied"]) for r in resolved] == [
        ("城乡建设", "物业管理", 2, 2), ("交通", None, 1, 1)]
    assert resolved[0]["example_result"] == f"第{c8.id}件：已督促物业整改并退还停车费"
    assert ("2026年3月，推动解决城乡建设·物业管理方面诉求2件（网友评价满意2件），"
            "推动解决交通方面诉求1件（网友评价满意1件）。") in html
    assert stats["citizen_quotes"] == [
        {"region": "兴庆区", "quote": "物业已经整改了，谢谢你们！", "at": "2026-03-09T10:00:00+08:00", "case_id": c8.id},
        {"region": "金凤区", "quote": "路口终于通了，感谢交警和城管的快速处理", "at": "2026-03-08T09:00:00+08:00",
         "case_id": c9.id}]
    assert "兴庆区网友：“物业已经整改了，谢谢你们！”" in html and "还是没人管" not in html


def test_kan_redian_subtopics_and_engagement(db) -> None:
    """看热点: per domain the sub-topics people raised (from classification), and the most-engaged
    appeals labelled honestly: reads where the platform gives them, else reposts+comments+likes."""
    html = march_html(db)
    # March: 城乡建设 holds c1 (物业管理) and c3 (噪音); 交通 has c2 without a sub-topic
    # sub-topics by count, then name (the order of by_domain[].subtopics)
    assert "<strong>城乡建设</strong>（2件）：网友主要反映噪音1件、物业管理1件等问题。" in html
    assert "<strong>交通</strong>" not in html  # no sub-topic classified: no empty sentence
    items = re.search(r'<ol id="most-engaged">(.*?)</ol>', html, re.S).group(1)
    assert "“小区物业乱收停车费”，阅读量100，转发、评论、点赞共2次" in items  # c1: reads given
    assert "，转发、评论、点赞共5次（平台未提供阅读量）" in items  # c3: no reads from the platform
    assert "阅读量0" not in items


def test_bulletin_counts_risk_alerts_in_chinese(db) -> None:
    """The month's risk alerts by kind, labels only (an old ``minor_in_danger`` row counts too)."""
    with db.sessions.begin() as s:
        build_history(s)
        for n, risk in enumerate([
            [{"flag": "self_harm", "label": "轻生", "severity": "critical", "possible": False,
              "evidence": ["不想活了"]}],
            [{"flag": "self_harm", "label": "疑似轻生", "possible": True, "evidence": ["撑不下去"]},
             {"flag": "safety_hazard", "label": "安全隐患", "possible": False, "evidence": ["煤气味"]}],
            [{"flag": "minor_in_danger", "label": "未成年人危险", "words": ["打孩子"]}],
        ]):
            s.add(Case(platform="weibo", channel="weibo", root_external_id=f"risk{n}", citizen_id="x",
                       text="风险诉求", received_at=t(3, 6 + n, 9), region="兴庆区", risk=risk,
                       last_activity_at=t(3, 6 + n, 9)))
    with db.session() as s:
        html = render_bulletin(s, Period.month(2026, 3), matrix=small_matrix(), now=LATER)
    assert "<h3>风险预警</h3>" in html
    i = html.index("<h3>风险预警</h3>")
    assert "本期共有轻生2件、安全隐患1件、未成年人/家暴1件诉求触发风险预警" in html, html[i:i + 200]
    assert not re.search(r"self_harm|safety_hazard|minor_in_danger|minor_domestic", html)
