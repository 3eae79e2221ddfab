"""Mass appeals through the real pipeline (classification, routing, clustering) on real databases.

The scenarios are small and written for this test: several citizens naming one place and one
problem in their own words, look-alikes (same place, other problem; same problem, other place),
chasers and 同问 reposts.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from conftest import Database
from monitor import cli
from monitor.core.timeutil import SHANGHAI
from monitor.core.types import Item
from monitor.intake.pipeline import Pipeline
from monitor.runtime.stages import CoreStages, build_pipeline
from monitor.store.context import App, open_app
from monitor.store.models import Case, CaseEvent, Cluster, Mention, Notification, QueueEntry

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2026, 10, 12, 8, 0, tzinfo=SHANGHAI)
cli._register_all()
runner = CliRunner()


@pytest.fixture
def app(db: Database) -> Iterator[App]:
    a = open_app(ROOT / "config" / "wenzheng.toml", database_url=db.url)
    yield a
    a.close()


def post(n: int, author: str, text: str, minutes: float) -> Item:
    return Item(platform="weibo", external_id=f"t{n}", kind="status", author_id=author,
                author_name=f"市民{author}", text=text, created_at=T0 + dt.timedelta(minutes=minutes),
                mentioned_names=("问政银川",))


def ingest(app: App, rows: list[tuple[str, str, float]], batch_size: int = 500, start: int = 0) -> None:
    pipeline = build_pipeline(app)
    pipeline.batch_size = batch_size
    pipeline.ingest([post(start + i, a, t, m) for i, (a, t, m) in enumerate(rows)])


def case_of(app: App, n: int) -> Case:
    with app.sessions() as s:
        cid = s.scalar(select(Mention.case_id).where(Mention.external_id == f"t{n}"))
        case = s.get(Case, cid)
        assert case is not None
        s.expunge(case)
        return case


NOISE = [
    ("a1", "丽景湖公园每天晚上广场舞音响开得震天响，吵得人没法休息", 0),
    ("a2", "兴庆区丽景湖跳广场舞的噪音太大了，晚上十点还不停", 20),
    ("a3", "丽景湖广场舞扰民问题能不能管一管，音响声音太大", 45),
]


@pytest.mark.parametrize("batch_size", [500, 1])
def test_one_problem_many_citizens_is_one_cluster_with_one_lead(app: App, batch_size: int) -> None:
    ingest(app, NOISE, batch_size)
    cases = [case_of(app, i) for i in range(3)]
    assert len({c.id for c in cases}) == 3, "each citizen keeps a case of their own"
    assert {c.cluster_id for c in cases} == {cases[0].cluster_id} and cases[0].cluster_id is not None
    assert len({c.lead_account_id for c in cases}) == 1
    with app.sessions() as s:
        cluster = s.get(Cluster, cases[0].cluster_id)
        assert cluster is not None
        assert (cluster.members, cluster.problem) == (3, "噪音") and "丽景湖" in cluster.place
        assert cluster.lead_account_id == cases[0].lead_account_id
        joins = [e.data for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "clustered")
                                           .order_by(CaseEvent.case_id))]
    assert joins[0]["how"] == "founded"
    for j in joins[1:]:
        assert j["score"] >= 0.6 and "丽景湖" in j["places"] and "广场舞噪音" in j["words"]


def test_look_alikes_stay_out(app: App) -> None:
    ingest(app, [
        ("b1", "阳光花园小区3号楼前的路灯坏了一个多星期，晚上黑漆漆的", 0),
        ("b2", "阳光花园小区东门的井盖不见了，老人小孩经过很危险", 10),       # same place, other thing
        ("b3", "阳光花园路灯不亮，请物业或者城管来修一下", 20),                # the same problem
        ("b4", "幸福家园小区的路灯也坏了好几天", 30),                          # same problem, other place
        ("b5", "北京路与正源街交叉口的红绿灯坏了，早高峰车堵成一片", 40),
        ("b6", "北京中路和正源街路口的人行道砖松动翘起，绊倒过人", 50),        # a neighbouring crossing
        ("b7", "正源街北京路路口信号灯不亮，过马路太危险了", 60),              # 红绿灯 = 信号灯
    ])
    c = [case_of(app, i) for i in range(7)]
    assert c[0].cluster_id is not None and c[0].cluster_id == c[2].cluster_id
    assert c[1].cluster_id is None and c[3].cluster_id is None and c[5].cluster_id is None
    assert c[4].cluster_id is not None and c[4].cluster_id == c[6].cluster_id != c[0].cluster_id


def test_one_problem_in_other_words_joins_and_another_problem_on_the_road_does_not(app: App) -> None:
    ingest(app, [
        ("w1", "阅海湾小区从下午三点开始停水，到现在一滴水都没有", 0),
        ("w2", "阅海湾小区水龙头拧开半天不出水，也没通知", 10),          # 停水 in other words
        ("w3", "阅海湾小区断水十几个小时了，做饭都没法做", 20),
        ("w4", "阅海湾小区5号楼电梯坏了，把人困在里面", 25),              # same place, other problem
        ("n1", "文昌路工地半夜还在打桩，吵得人睡不着", 30),
        ("n2", "文昌路那个工地扬尘很大，渣土车没有覆盖", 40),            # same road and source, other problem
        ("n3", "文昌路工地晚上十一点还在施工，噪音太大", 50),
    ])
    c = [case_of(app, i) for i in range(7)]
    assert c[0].cluster_id is not None and c[0].cluster_id == c[1].cluster_id == c[2].cluster_id
    assert c[3].cluster_id is None and c[5].cluster_id is None
    assert c[4].cluster_id is not None and c[4].cluster_id == c[6].cluster_id != c[0].cluster_id
    with app.sessions() as s:
        assert s.get(Cluster, c[0].cluster_id).problem == "停水"


def test_a_name_seen_with_its_place_word_places_a_bare_mention(app: App) -> None:
    ingest(app, [("m1", "北塔小区南门化粪池满了，污水冒到路面上", 0),
                 ("m2", "北塔小区化粪池外溢，南门一带臭得不行", 10),
                 ("m3", "同问北塔污水什么时候处理", 20),                  # 北塔 without 小区
                 ("m4", "+1 我家也是，北塔这边", 30),                     # a 同问 naming only the place
                 ("m5", "今天阳光很好，可是小区污水又冒出来了", 40)])     # 阳光 is no place
    c = [case_of(app, i) for i in range(5)]
    assert c[0].cluster_id is not None and {x.cluster_id for x in c[:4]} == {c[0].cluster_id}
    assert c[4].cluster_id is None


def test_problem_table() -> None:
    from monitor.cluster.problems import problems

    find = problems().find
    assert find("小区没水了")[0] == find("水龙头不出水")[0] == find("自来水停了两天")[0] == "停水"
    assert find("广场舞音响开得震天响")[0] == find("吵得睡不着")[0] == "噪音"
    assert "扬尘" in find("渣土车撒土，扬尘很大") and "噪音" not in find("渣土车撒土，扬尘很大")
    assert problems().are_related("爆管", "停水") and not problems().are_related("停水", "停电")
    assert find("希望有关部门尽快解决") == ()
    # the main problem is the one complained of, not one set aside first ("X也就忍了", "X就不说了")
    assert find("白天灰大也就忍了，工地半夜还在施工，吵得孩子哭了一晚上")[0] == "噪音"
    assert find("吵就不说了，工地的土方不盖网，扬尘大得车窗都不敢开")[0] == "扬尘"
    assert find("12号楼电梯停了两天了") == ("电梯",) and find("家里电停了") == ("停电",)
    assert find("到处是疏通下水道的小广告")[0] == "小广告", "a problem's word before 的 only qualifies"
    assert find("人行横道的绿灯时间太短")[0] == "红绿灯" and find("下水道的井盖丢了")[0] == "井盖"
    assert find("同问！我也在那办了五千的卡") == ("预付退费",)
    assert find("门口一堆卖辣条烤肠的小摊")[0] == "占道经营" and find("路中间一直往外渗水") == ("爆管",)
    assert find("路面坑洼不平，车开过去咯噔一下") == ("道路破损",), "a road's 路 is no bus line"
    assert find("老旧小区加装电梯一楼不同意")[0] == "加装电梯" and find("楼里电梯又坏了") == ("电梯",)
    assert "公厕" not in find("一楼卫生间往上反水") and problems().are_related("卫生", "污水")
    assert find("路面全结冰了，一早上滑倒好几个老人")[0] == find("积雪没人清理")[0] == "冰雪"
    assert problems().are_related("积水", "冰雪"), "related works from either side"
    # matters of the whole city: who is not paid, which system fails, when results come
    assert find("这个月的退休金到现在还没到账")[0] == find("养老金推迟发放了吗")[0] == "养老金"
    assert find("养老金领取资格认证一直刷脸失败")[0] == "资格认证", "the face check is no late payment"
    assert find("药店说医保系统升级，医保卡刷不了")[0] == "医保结算"
    assert find("公交上扫码一直失败")[0] == find("乘车码打不开，刷不上")[0] == "乘车码"
    assert find("招聘考试成绩迟迟不公布")[0] == "考试成绩"
    assert {"供暖时间", "公交服务", "养老金", "乘车码"} <= problems().citywide and "停水" not in problems().citywide
    # when the city's heating starts is the city's matter; a cold flat is its building's
    assert find("能不能提前几天供暖")[0] == find("暖气到底啥时候来")[0] == "供暖时间"
    assert find("家里暖气片冰凉，室温才十四度")[0] == "供暖" and "供暖" not in problems().citywide


def test_the_problem_table_remembers_a_text_read_again_and_forgets_at_its_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A post's signature is made twice in a batch: the second read answers from memory, the same."""
    from monitor.cluster import problems as module

    table = module.load()
    texts = ["小区没水了", "白天灰大也就忍了，工地半夜还在施工，吵得孩子哭了一晚上", "希望有关部门尽快解决"]
    first = [table.find(t) for t in texts]
    assert [table.find(t) for t in texts] == first == [table._find(t) for t in texts]
    assert first[2] == () and table._memo["希望有关部门尽快解决"] == ()  # nothing named is remembered too
    monkeypatch.setattr(module, "MEMO_TEXTS", 3)
    assert table.find("家里电停了") == ("停电",) and list(table._memo) == ["家里电停了"]


@pytest.mark.parametrize(("table", "message"), [
    ('["停水"]\nwords = ["停水"]\nrelated = ["爆管"]\n', r"problems.toml: \[停水\] related: unknown problem '爆管'"),
    ('["供暖"]\nwords = ["暖气"]\ncitywide = "yes"\n', r"\[供暖\] citywide: 'yes' is not true, false or \"county\""),
    ('["噪音"]\npatterns = ["(吵"]\n', r"\[噪音\] patterns"),
    ('["拥堵"]\nwords = ["堵车"]\nbeside = ["小摊"]\n', r"\[拥堵\] beside: unknown problem '小摊'"),
    ('["噪音"]\nwords = ["吵"]\n["噪音".kinds]\n"工地" = "打桩"\n', r"\[噪音\] kinds: '工地' needs a list of words"),
])
def test_a_bad_problem_table_names_file_and_problem(tmp_path: Path, table: str, message: str) -> None:
    from monitor.cluster.problems import load

    refused(load, tmp_path / "problems.toml", table, message)


def test_a_problem_table_saved_in_another_encoding_is_named(tmp_path: Path) -> None:
    """A table saved as GBK by an office's editor is refused by its name, not a bare decode error."""
    from monitor.cluster.problems import load

    path = tmp_path / "problems.toml"
    path.write_bytes('["停电"]\nwords = ["停电"]\n'.encode("gbk"))  # 停水 in GBK happens to be valid UTF-8
    with pytest.raises(ValueError, match=r"problems\.toml: not UTF-8 text \(byte \d+"):
        load(path)


def refused(load: Callable[[Path], object], path: Path, text: str, message: str) -> None:
    """``load`` refuses a file holding ``text``, saying ``message`` (a bad entry is named)."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load(path)


def test_chaser_is_a_follow_up_on_the_citizens_own_case(app: App) -> None:
    ingest(app, NOISE[:2])
    ingest(app, [("a1", "我昨天反映的丽景湖广场舞噪音到现在还没人处理", 1500),
                 ("a1", "阳光花园小区的井盖丢了，很危险", 1510)], start=10)
    own = case_of(app, 0)
    assert case_of(app, 10).id == own.id, "the chaser lands on the case it chases"
    assert case_of(app, 11).id != own.id, "the same citizen's other problem is a case of its own"
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 3
        ev = s.scalar(select(CaseEvent).where(CaseEvent.case_id == own.id, CaseEvent.kind == "follow_up"))
        assert ev is not None and ev.data["chaser"] is True and ev.data["words"]
        cluster = s.get(Cluster, own.cluster_id)
        assert cluster is not None and (cluster.members, cluster.chasers) == (2, 1)


def test_a_chaser_never_goes_to_a_case_on_another_platform(app: App) -> None:
    """Citizen ids are a platform's own: the same id's open case on another platform, of the same
    matter and newer, is not the citizen's case (the chaser check reads the batch's citizens by
    id alone, along their index, and keeps its platform's cases)."""
    ingest(app, NOISE[:2])
    with app.sessions.begin() as s:
        s.add(Case(platform="douyin", channel="douyin", root_external_id="dy1", citizen_id="a1",
                   text=NOISE[0][1], received_at=T0 + dt.timedelta(minutes=30), status="open",
                   last_activity_at=T0 + dt.timedelta(minutes=30)))
    ingest(app, [("a1", "我昨天反映的丽景湖广场舞噪音到现在还没人处理", 1500)], start=10)
    assert case_of(app, 10).id == case_of(app, 0).id, "the chaser lands on the weibo case it chases"


class PauseAfterJoins(CoreStages):
    """The production stages, held still in one thread once its batch's cases have joined their
    clusters and its events are written: where another daemon's batch goes on. Nothing of the
    stages is replaced."""

    def __init__(self, app: App, thread: str) -> None:
        super().__init__(app)
        self.thread = thread
        self.paused, self.go = threading.Event(), threading.Event()

    def on_events(self, session: Session, events: Sequence[tuple[Case, CaseEvent]]) -> None:
        super().on_events(session, events)
        if threading.current_thread().name == self.thread:
            self.paused.set()
            assert self.go.wait(30), "the test never let the paused batch go on"


def test_two_writers_joining_one_cluster_count_both_and_do_not_wait(app: App, db: Database) -> None:
    """Two daemons' batches each add a citizen to one stored cluster at once. Both count (the
    second writer's ``members = 3`` used to overwrite the first's), and the second does not wait
    for the first's commit: a batch used to hold the cluster's row from its join to its commit,
    through the rest of its work, and two of them holding two clusters deadlocked."""
    if db.backend == "sqlite":
        pytest.skip("SQLite has one writer at a time: the second batch waits by design")
    ingest(app, NOISE[:2])
    stages = PauseAfterJoins(app, thread="first")
    pipeline = Pipeline(app.sessions, app.matrix, stages=stages, batch_size=500,
                        limits=app.config.settings.intake)
    first = threading.Thread(name="first", target=lambda: pipeline.ingest([post(10, *NOISE[2])]))
    first.start()
    try:
        assert stages.paused.wait(30), "the first batch never reached its events"
        second = threading.Thread(name="second", target=lambda: pipeline.ingest(
            [post(11, "a4", "丽景湖那边的广场舞噪音每天晚上都有，音响太吵了", 50)]))
        second.start()
        second.join(20)
        assert not second.is_alive(), "the second batch waited for the first one's commit"
    finally:
        stages.go.set()
        first.join(30)
    cases = [case_of(app, i) for i in (0, 10, 11)]
    assert {c.cluster_id for c in cases} == {cases[0].cluster_id} and cases[0].cluster_id is not None
    with app.sessions() as s:
        cluster = s.get(Cluster, cases[0].cluster_id)
        assert cluster is not None and cluster.members == 4
        assert cluster.last_seen == max(c.received_at for c in cases)


def test_same_question_repost_joins_the_quoted_case(app: App) -> None:
    ingest(app, [("c1", "湖滨社区自来水停了两天，做饭都成问题", 0),
                 ("c2", "同问！//@市民c1: 湖滨社区自来水停了两天，做饭都成问题", 30),
                 ("c3", "+1 //@市民c1: 这事还没解决", 40)])
    first, second, third = (case_of(app, i) for i in range(3))
    assert first.cluster_id is not None and first.cluster_id == second.cluster_id == third.cluster_id
    with app.sessions() as s:
        how = [e.data["how"] for e in s.scalars(select(CaseEvent).where(CaseEvent.kind == "clustered")
                                                 .order_by(CaseEvent.case_id))]
    assert how == ["founded", "quote", "quote"]


def test_burst_is_one_queue_entry_and_one_alert(app: App) -> None:
    rows = [(f"d{i}", f"{w}，湖滨社区停水了", 5 * i) for i, w in
            enumerate(["一早起来没水", "家里自来水停了", "停水一上午", "供水中断", "又停水了", "水管没水",
                       "停水影响做饭"])]
    ingest(app, rows)
    with app.sessions() as s:
        cluster = s.scalars(select(Cluster)).one()
        assert cluster.members >= 5 and cluster.burst_at is not None
        entries = list(s.scalars(select(QueueEntry).where(QueueEntry.reason == "burst")))
        assert len(entries) == 1 and entries[0].detail["cluster"] == cluster.id
        alerts = list(s.scalars(select(Notification).where(Notification.kind == "burst")))
        assert alerts and len({n.recipient for n in alerts}) == len(alerts), "one alert per person"


def test_operators_cli(app: App, db: Database) -> None:
    ingest(app, NOISE + [("b4", "幸福家园小区的路灯坏了好几天", 30)])
    env = {"WENZHENG_DATABASE_URL": db.url}
    cfg = str(ROOT / "config" / "wenzheng.toml")

    def run(*args: str) -> str:
        r = runner.invoke(cli.app, [*args, "--config", cfg], env=env)
        assert r.exit_code == 0, r.stdout + r.stderr
        return r.stdout

    listed = json.loads(run("clusters", "list", "--json"))
    assert len(listed) == 1
    row = listed[0]
    assert (row["size"], row["heat"], row["problem"]) == (3, 3, "噪音") and "丽景湖" in row["place"]
    assert row["lead_name"] and row["first_seen"].endswith("+08:00")
    table = run("clusters", "list")
    assert "丽景湖" in table and "噪音" in table
    shown = run("clusters", "show", str(row["id"]))
    assert "同类诉求" in shown and "相似" in shown
    cases = json.loads(run("cases", "list", "--json"))
    assert all("cluster_id" in c for c in cases)
    alone = next(c for c in cases if c["cluster_id"] is None)
    assert json.loads(run("cases", "show", str(alone["id"]), "--json"))["cluster_id"] is None

    assert json.loads(run("case", "cluster", str(alone["id"]), "--into", str(row["id"]), "--json"))[
        "cluster_id"] == row["id"]
    assert json.loads(run("case", "uncluster", str(alone["id"]), "--json"))["cluster_id"] is None
    r = runner.invoke(cli.app, ["case", "uncluster", str(alone["id"]), "--config", cfg], env=env)
    assert r.exit_code == 1 and "不在任何同类诉求中" in r.stderr

    run("clusters", "reply", str(row["id"]), "--no-post", "--text", "您好，已安排执法人员到丽景湖现场处置。")
    with app.sessions() as s:
        replies = s.scalars(select(CaseEvent.case_id).where(CaseEvent.kind == "reply")).all()
    assert sorted(replies) == sorted(c["id"] for c in cases if c["cluster_id"] == row["id"])


@pytest.fixture(scope="module")
def classifier():  # type: ignore[no-untyped-def]
    from monitor.classify import Classifier
    from monitor.core.config import Config

    return Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))


@pytest.fixture(scope="module")
def maker(classifier):  # type: ignore[no-untyped-def]
    from monitor.cluster import SignatureMaker

    return SignatureMaker(classifier)


@pytest.mark.parametrize(("text", "keys"), [
    ("我家住在阳光花园小区，3号楼门口路灯不亮", {"阳光花园", "阳光花园小区"}),  # 阳光 is a word first
    ("塞上骄子小区暖气不热", {"塞上骄子", "塞上骄子小区"}),          # 上 inside a name
    ("兴庆区清和南街那里水管爆了", {"清和南街", "清和街"}),          # 和 inside a name; without its direction
    ("康平路和宝湖西路路口的公交站", {"康平路", "湖西路", "康平路×湖西路"}),  # 和 between two
    ("第二十一小学门口堵车", {"二十一小"}), ("二十一小门口堵车", {"二十一小"}),
    ("市第一人民医院挂号难", {"一院"}), ("排了一小时队", set()),
    ("26路公交车总是不按时发车", {"26路公交"}),
    ("同心路菜市场门口井盖坏了", {"同心路", "同心路菜市场"}),      # a place named after its road
    ("当地政府不作为", set()), ("在这种情况下村民没办法", set()),
    ("贺兰县一中门口", {"贺兰一中"}), ("银川二中门口", {"二中"}),
    ("请尽快处理小区门口的垃圾，严重污染环境", set()),   # verbs name no 小区
    ("兴庆区丽景湖公园广场舞", {"丽景湖", "丽景湖公园"}),
    ("北京路与正源街交叉口红绿灯坏了", {"北京路", "正源街", "北京路×正源街"}),
    ("正源街北京路路口", {"北京路", "正源街", "北京路×正源街"}),
    ("我们小区门口的道路坑坑洼洼", set()),            # filler is no place
    ("不知道线路怎么改的", set()),
    ("银巴线上拉沙子的货车一路撒漏", {"银巴线"}),          # a road ending in 线
    ("打12345热线也没人管，生产线停了", set()),             # words ending in 线 are no roads
    ("金凤凰花园一楼开了个麻将馆", {"金凤凰", "金凤凰花园"}),  # 金凤 inside the name is no district
    ("北京西路人行道的地砖翘起来", {"北京西路", "北京路"}),  # the road, then its 人行道
    ("银川二中那里一到放学就堵", {"二中"}),
    ("北京中路正源北街十字路口红绿灯不亮", {"北京中路", "正源北街", "北京中路×正源北街", "北京路×正源街",
                                         "北京路", "正源街"}),
])
def test_written_places(maker, text: str, keys: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert set(maker.written_places(text)) == keys


def test_markers() -> None:
    from monitor.cluster.markers import chaser_words, is_same_question, quoted_names

    assert chaser_words("我3号反映的小区停水到现在还没人处理")
    assert chaser_words("催办：路灯还是坏的")
    assert not chaser_words("丽景湖广场舞太吵了，希望管管")
    assert quoted_names("同问！//@张三: 丽景湖太吵 //@李四:同问") == ["张三", "李四"]
    assert is_same_question("+1 我们楼也是") and not is_same_question("路灯坏了")


def test_statistics_and_bulletin_count_clusters(app: App, db: Database, tmp_path: Path) -> None:
    ingest(app, NOISE + [("b4", "幸福家园小区的路灯坏了好几天", 30)])
    ingest(app, [("a1", "我昨天反映的丽景湖广场舞噪音还没人处理", 1500)], start=10)
    env = {"WENZHENG_DATABASE_URL": db.url}
    cfg = str(ROOT / "config" / "wenzheng.toml")
    r = runner.invoke(cli.app, ["stats", "--month", "2026-10", "--format", "json", "--config", cfg], env=env)
    assert r.exit_code == 0, r.stdout + r.stderr
    stats = json.loads(r.stdout)
    assert (stats["clustered_cases"], stats["clusters"], stats["chasers"]) == (3, 1, 1)
    hot = stats["hot_clusters"][0]
    assert (hot["problem"], hot["size"], hot["heat"]) == ("噪音", 3, 4) and "丽景湖" in hot["place"]
    out = tmp_path / "bulletin.html"
    r = runner.invoke(cli.app, ["report", "--month", "2026-10", "--out", str(out), "--config", cfg], env=env)
    assert r.exit_code == 0, r.stdout + r.stderr
    html = out.read_text(encoding="utf-8")
    assert "同类诉求热点" in html and "丽景湖" in html


def test_abbreviations_and_other_names_for_one_spot(classifier) -> None:  # type: ignore[no-untyped-def]
    from monitor.cluster import SignatureMaker
    from monitor.cluster.score import place_score

    maker = SignatureMaker(classifier)  # its own: what it learns stays in this test

    def sig(text: str):  # type: ignore[no-untyped-def]
        return maker.make(text, classifier.classify(text))

    uni = sig("宁夏大学西门口小摊贩把路全占了")
    short = sig("宁大西门晚上摆摊的越来越多")
    assert "宁夏大学" in short.places and place_score(uni, short)[0] == 1.0
    long_ = sig("塞上骄子小区8号楼电梯又坏了")
    nick = sig("骄子小区的电梯一直出故障")
    assert "塞上骄子小区" in nick.places, "the estate learnt earlier is found under its last word"
    assert place_score(long_, nick)[0] == 1.0
    other = sig("阳光骄子花园的电梯坏了")   # another estate ending in the same word, other word
    assert place_score(long_, other)[0] == 0.0
    a, b = sig("北京中路正源北街十字路口红绿灯不亮"), sig("北京路跟正源街交叉的十字路口红绿灯坏了")
    assert place_score(a, b)[0] >= 0.9
    east, west = sig("北京东路与正源街路口红绿灯坏了"), sig("北京西路与正源街路口红绿灯坏了")
    assert place_score(east, west)[0] == 0.0, "two directions of one road are two crossings"
    bare = sig("北京路与正源北街十字路口信号灯坏了")  # one road written without its direction
    assert place_score(a, bare)[0] == 1.0 and place_score(east, bare)[0] == 0.0
    assert "贺兰山中路" in sig("贺兰山中路那个工地半夜还在打桩").places, "贺兰山 is no 贺兰 + 山"
    assert "阅海万家小区" in sig("阅海万家小区里的路全结冰了").places, "a numeral begins no verb"
    full, role, short_ = sig("宁夏医科大学总医院附近乱停车"), sig("总医院那边停车场永远满"), sig("医大总院门口乱停车")
    assert place_score(full, role)[0] == place_score(role, short_)[0] == 0.7, "a role places, it does not pin"
    assert place_score(sig("贺兰县中医院门口乱停车"), sig("银川市中医医院门口乱停车"))[0] == 0.0
    assert place_score(sig("银川汽车站旁边的公厕收费"), sig("汽车站那个公厕又脏又要收钱"))[0] == 0.7
    assert "人民医院" not in sig("市第一人民医院挂号难").places, "a number says which 人民医院"
    assert "学院路×宁朔街" in sig("学院路宁朔街口路面破损严重").places, "街口 is a crossing"
    assert "新月广场" in sig("新月广场夜市的喇叭太吵").places and not sig("凌晨小区里有人吵架").places
    assert "学院路" in sig("学院路上的共享单车乱停").places and not sig("同问新月广场的噪音").places.keys() & {"同问新月广场"}
    assert place_score(sig("铭泰嘉苑地下室老鼠成群"), sig("铭泰小区垃圾房旁边全是老鼠洞"))[0] == 1.0


def test_a_problem_outside_the_table_joins_on_the_words_it_is_told_in(app: App) -> None:
    ingest(app, [
        ("g1", "唐徕渠边上的石凳坏了好几个，老人没地方坐", 0),
        ("g2", "唐徕渠沿岸的长椅石凳都裂了，坐着扎人", 30),               # one rare word at a spot
        ("g3", "唐徕渠里漂着好多垃圾和死鱼，走过去一股臭味", 40),         # same place, other problem
        ("h1", "滨河大道的电子眼乱拍，明明没压线也被罚款", 50),
        ("h2", "滨河大道那个电子眼误拍，好多车被冤枉罚款", 70),            # on a road, two rare words
        ("h3", "滨河大道上晚上有人飙车，轰油门声音特别大", 80),            # same road, other problem
    ])
    c = [case_of(app, i) for i in range(6)]
    assert c[0].cluster_id is not None and c[0].cluster_id == c[1].cluster_id != c[2].cluster_id
    assert c[3].cluster_id is not None and c[3].cluster_id == c[4].cluster_id != c[5].cluster_id
    with app.sessions() as s:
        data = s.scalars(select(CaseEvent.data).where(CaseEvent.kind == "clustered",
                                                      CaseEvent.case_id == c[1].id)).one()
    assert "石凳" in data["terms"] and data["score"] >= 0.6  # the join says which words matched


def test_same_question_without_a_place_joins_the_one_recent_appeal_of_its_problem(app: App) -> None:
    ingest(app, [
        ("p1", "恒泰商务大厦那家培训机构卷款跑路，预付的学费退不回来", 0),
        ("p2", "同问，我家孩子也在那报了班，学费退不了", 30),              # no place: the one 预付退费
        ("q1", "文昌路工地半夜还在打桩，吵得人睡不着", 40),
        ("q2", "兴庆区丽景湖跳广场舞的噪音太大了", 50),
        ("q3", "同问，晚上吵得根本睡不着", 60),                            # two 噪音 appeals: which?
    ])
    c = [case_of(app, i) for i in range(5)]
    assert c[1].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[4].cluster_id is None


def test_a_matter_of_the_whole_city_told_at_no_place_is_one_cluster(app: App) -> None:
    """City-wide matters (when the heating starts, a bus line, pensions) are told at no place:
    reports naming the same such problem join, whatever their words; a flat's problem told
    without its estate, or the same city-wide problem in another county, does not."""
    ingest(app, [
        ("h1", "天冷得受不了了，市里能不能早点开始供暖？", 0),
        ("h2", "老人怕冷，屋里才十三度，恳请提前几天供暖", 90),
        ("h3", "+1 希望今年暖气早点来", 200),
        ("w1", "我们这栋楼又停水了，一点通知都没有", 210),
        ("w2", "家里停水一上午了，做不了饭", 230),                 # another estate nobody named
        ("r1", "暖气一点都不热，屋里穿棉袄都冷", 232),             # a cold flat: its building's
        ("r2", "家里暖气片冰凉冰凉的，物业也不来看", 234),         # another building nobody named
        ("b1", "灵武到银川的班车一小时才一趟，根本挤不上", 240),
        ("b2", "永宁到银川的公交班次太少，早上挤不上", 260),        # the same problem, another county
        ("e1", "事业单位考试的成绩到现在还没出，也不说哪天公布", 300),
        ("e2", "考完快一个月了，成绩迟迟不公布，考生都在等", 2000),
    ])
    c = [case_of(app, i) for i in range(11)]
    assert c[0].cluster_id is not None and c[0].cluster_id == c[1].cluster_id == c[2].cluster_id
    assert c[3].cluster_id is None and c[4].cluster_id is None
    assert c[5].cluster_id is None and c[6].cluster_id is None
    assert c[7].cluster_id is None and c[8].cluster_id is None
    assert c[9].cluster_id is not None and c[9].cluster_id == c[10].cluster_id
    with app.sessions() as s:
        how = s.scalars(select(CaseEvent.data).where(CaseEvent.case_id == c[1].id,
                                                    CaseEvent.kind == "clustered")).one()
    # (h2 names its cold flat by the thermometer too, 屋里才十三度: the city's date is what both share)
    assert how["how"] == "citywide" and "供暖时间" in how["words"] and how["place"] == 0.0


def test_a_join_does_not_drift_from_the_problem_the_cluster_was_founded_on(app: App) -> None:
    ingest(app, [
        ("k1", "清和南街水管爆了，水冒得一米多高", 0),
        ("k2", "清和南街路面积水成河，车都过不去", 20),              # 积水: the burst seen from the street
        ("k3", "清和南街有餐馆往雨水口倒泔水，污水横流", 40),        # 污水: related to 积水, not to 爆管
    ])
    c = [case_of(app, i) for i in range(3)]
    assert c[0].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[2].cluster_id != c[0].cluster_id


def test_a_join_never_drifts_to_the_estate_next_door_through_the_road(app: App) -> None:
    """A main bursts on a road: the estate it cuts off and the road itself are one cluster; an
    estate on another road asking whether its outage is the same (naming the first road too) is
    founded at its own 小区, not let in by the member that named only the road."""
    ingest(app, [
        ("d1", "福州街的康馨苑小区今早停水了，家家户户都没水", 0),
        ("d2", "福州街那边水管爆了，水漫了半条马路", 15),                      # only the road
        ("d3", "康馨苑小区还是没水，福州街上还在冒水", 30),
        ("d4", "湖滨东路的惠民苑小区也停水了，跟福州街那边是一回事吗", 45),  # another estate
    ])
    c = [case_of(app, i) for i in range(4)]
    assert c[0].cluster_id is not None and c[0].cluster_id == c[1].cluster_id == c[2].cluster_id
    assert c[3].cluster_id != c[0].cluster_id


def test_the_same_problem_weeks_later_is_a_new_case_unless_the_citizen_chases(app: App) -> None:
    """Unsaid, a citizen's report of the same problem at the same place three weeks on is the
    problem back again (a new case); said (我上个月反映的…), it is a chaser whatever its age."""
    ingest(app, [
        ("r1", "锦苑小区门口的化粪池满了，污水漫到人行道上", 0),
        ("r1", "锦苑小区门口化粪池又冒了！上个月刚抽过，这才三个星期", 21 * 24 * 60),
        ("r2", "丰乐小区的路灯全坏了，晚上黑漆漆的", 0),
        ("r2", "我上个月反映的丰乐小区路灯，到现在还没人修", 21 * 24 * 60),
    ])
    c = [case_of(app, i) for i in range(4)]
    assert c[1].id != c[0].id and c[1].root_external_id == "t1"
    assert c[3].id == c[2].id


def test_a_problem_said_to_have_lasted_weeks_reaches_back_to_its_first_reports(app: App) -> None:
    """The cluster window counts from each case's receipt; a neighbour who writes in a problem's
    third week says so (堵了快三周了), and reaches back that far — for the same problem only. A
    report that says nothing of how long, or another problem at the place, does not."""
    day = 24 * 60
    ingest(app, [
        ("w1", "康宁路口的下水井堵了，污水漫到人行道上，臭得很", 0),
        ("w2", "康宁路口那个下水井堵了快三周了，污水天天往外冒，到底有没有人修", 20 * day),
        ("w3", "康宁路口的路灯坏了快三周了，晚上黑漆漆的", 20 * day + 30),
        ("w4", "康宁路口下水井堵了，污水漫了一地", 20 * day + 60 * 24 * 3),
    ])
    c = [case_of(app, i) for i in range(4)]
    assert c[1].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[2].cluster_id != c[0].cluster_id
    with app.sessions() as s:
        joined = s.scalar(select(CaseEvent).where(CaseEvent.case_id == c[1].id, CaseEvent.kind == "clustered"))
        assert joined is not None and joined.data["words"] and joined.data["places"]


def test_a_join_never_drifts_to_another_crossing_of_the_road(app: App) -> None:
    """Potholes at two crossings of one road: a report naming the road alone joins the first; a
    report pinning the other crossing is not let in through it (nor by naming the first crossing
    to compare: "比…那个还深")."""
    ingest(app, [
        ("x1", "文萃路跟黄河路十字路口那个坑越来越大，车过去直颠", 0),
        ("x2", "文萃路上那个大坑什么时候填，天天有车颠", 20),                        # only the road
        ("x3", "文萃路宁朔街路口也有个大坑，比黄河路那个还深", 40),                 # another crossing
    ])
    c = [case_of(app, i) for i in range(3)]
    assert c[0].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[2].cluster_id != c[0].cluster_id


def test_one_buildings_heating_or_lift_is_not_another_buildings(app: App) -> None:
    """Cold radiators or a lift stuck in one building of an estate, written 8号楼 or 8-2 (building,
    unit): a neighbour in another building reports another problem, even after a 同问 that named
    no building joined the first."""
    ingest(app, [
        ("h1", "金桂苑8-2的暖气一点都不热，家里才十四度", 0),
        ("h2", "同问，金桂苑暖气不热", 30),                                       # no building
        ("h3", "金桂苑8号楼高层暖气也上不去，摸着是凉的", 60),
        ("h4", "金桂苑3号楼1单元暖气也不热，不知道跟8号楼是不是一回事", 90),      # another building
    ])
    c = [case_of(app, i) for i in range(4)]
    assert c[0].cluster_id is not None and c[0].cluster_id == c[1].cluster_id == c[2].cluster_id
    assert c[3].cluster_id != c[0].cluster_id


def test_a_repost_reaches_the_post_it_quotes_weeks_later_and_that_post_of_its_author(app: App) -> None:
    """A 同问 quoting a citizen two weeks on still asks what was asked (the quote reaches back as
    far as a chaser); when the quoted citizen wrote several posts, the one holding the quoted
    words is the one asked after, not their older case."""
    day = 24 * 60
    ingest(app, [
        ("q1", "锦园小区门口的路挖开一个多月了还没填，老人出门都得绕", 0),
        ("q2", "同问，锦园门口啥时候填上//@市民q1: 锦园小区门口的路挖开一个多月了还没填，老人出门都得绕", 14 * day),
        ("q1", "乘车码又刷不出来了，早上在车上扫了五六次", 20 * day),          # the same citizen, another post
        ("q4", "+1//@市民q1: 乘车码又刷不出来了，早上在车上扫了五六次", 20 * day + 30),
    ])
    c = [case_of(app, i) for i in (0, 1, 3)]
    assert c[0].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[2].cluster_id != c[0].cluster_id


def test_road_works_that_are_noisy_at_night_are_a_noise_complaint(app: App) -> None:
    """Works that make noise (or dust) are its source, not the complaint: a night of cutting on a
    road is one problem with the neighbours' noise reports, and the road dug for weeks another."""
    ingest(app, [
        ("n1", "银湖路在修路，半夜两点还在切路面，吵得睡不着", 0),
        ("n2", "银湖路晚上施工太吵了，能不能白天干", 60),
        ("n3", "银湖路修路挖开一个多月了，围挡占了半条路，天天堵", 120),
    ])
    c = [case_of(app, i) for i in range(3)]
    assert c[0].cluster_id is not None and c[1].cluster_id == c[0].cluster_id
    assert c[2].cluster_id != c[0].cluster_id
