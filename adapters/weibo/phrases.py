"""Chinese text for the traffic generator: citizens' appeals, follow-ups, thanks, complaints, and
member accounts' replies in the register of government 问政 answers.

Written for wenzheng (not copied from any data set) after the messages quoted in the seed
articles — parking, 广场舞 noise, 物业, burst pipes, 违建, heating, buses, school places, 医保,
wage arrears — so the classifier, the router and the console see what an office really receives.
Placeholders (``{xiaoqu}``, ``{road}``…) are filled by :func:`fill` from the places below and the
streets of the matrix.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ROADS = ("北京路", "上海路", "贺兰山路", "宁安大街", "正源街", "凤凰街", "亲水大街", "解放街", "文化街",
         "民族街", "新华街", "清和街", "丽景街", "怀远路", "文昌路", "黄河路", "长城路", "湖滨街",
         "兴庆府大道", "唐徕渠路", "满城街", "康平路", "进宁街", "阅海湾中央大道")
XIAOQU = ("阳光嘉园", "枫林湾", "丽景花园", "湖畔嘉苑", "金凤花园", "新华家园", "文化佳苑", "宝湖湾",
          "塞上骄子", "西湖春晓", "润德庄园", "民乐小区", "唐徕小区", "朝阳新村", "紫园", "悦海新天地",
          "水木兰亭", "德丰家园", "凤凰城", "长城花园", "幸福里", "书香苑")
SCHOOLS = ("第二十一小学", "实验小学", "回民小学", "北塔小学", "第十五中学", "景城中学", "阅海幼儿园")
COMPANIES = ("某建筑劳务公司", "某物流园工地", "某商砼站", "某装修公司", "某餐饮连锁店", "某保洁公司")
BUSES = ("2", "11", "19", "33", "38", "43", "104", "106", "303", "K1")
HOSPITALS = ("市第一人民医院", "区人民医院", "社区卫生服务中心", "中医医院")

NICK_HEAD = ("银川", "宁夏", "贺兰山下的", "塞上", "西夏", "黄河边的", "凤城", "阅海", "兴庆府", "金凤区",
             "湖城", "永宁", "灵武", "沙湖边的", "老城")
NICK_TAIL = ("小王", "老李", "阿杰", "枸杞妹", "打工人", "宝妈", "老张头", "骑手小刘", "的风", "小陈同学",
             "居民", "张先生", "马大姐", "退休教师", "上班族", "二胖", "羊肉爱好者", "晚归人")


@dataclass(frozen=True)
class Topic:
    """One kind of appeal: its texts, and which member accounts answer it."""

    key: str
    weight: float
    departments: tuple[str, ...]  # name fragments of the city/district accounts that own it
    appeals: tuple[str, ...]
    issue: str  # how a reply names the problem
    street_level: bool = True  # a street/town account can handle it
    risk: bool = False


TOPICS: tuple[Topic, ...] = (
    Topic("parking", 10, ("交警", "城管"), (
        "{xiaoqu}门口{road}两侧天天乱停车，早上车都开不出去，能不能施划停车位或者管一管？",
        "我们{xiaoqu}车多、停车位太少，晚上九点以后根本找不到地方停，希望尽快解决。",
        "{road}和{road2}路口长期有车占用消防通道，120进不来怎么办？",
    ), "停车"),
    Topic("dance_noise", 8, ("城管", "平安"), (
        "{xiaoqu}旁边小广场每天晚上跳广场舞到十点，音响开得震天响，老人孩子没法休息，请{street}协调一下。",
        "{road}公园里广场舞音响太吵了，早上六点就开始放，能不能限制一下音量和时间？",
    ), "广场舞噪音"),
    Topic("property", 9, ("住建", "房管"), (
        "{xiaoqu}物业收了物业费什么都不管，楼道垃圾一周没人清，电梯坏了半个月也没人修。",
        "{xiaoqu}{n}号楼电梯三天两头停运，物业说没钱维修，业主天天爬楼，请有关部门督促。",
        "{xiaoqu}物业私自把小区绿地改成收费停车位，业主不同意，物业态度很差。",
    ), "物业管理"),
    Topic("water", 7, ("水务",), (
        "{xiaoqu}{n}号楼地下水管爆了，水漫到单元门口，已经停水两天了，没有任何通知。",
        "{road}{xiaoqu}自来水发黄有异味，烧开了都有沉淀，请水务部门检测一下水质。",
    ), "供水"),
    Topic("illegal_building", 6, ("城管", "自然资源"), (
        "{xiaoqu}一楼住户私自扩建院子，把公共绿地圈起来搭了彩钢房，物业管不了。",
        "{street}{road}一门面房檐阶乱搭乱建，妨碍居民通行，希望有关部门拆除整治。",
    ), "违章建筑"),
    Topic("heating", 7, ("供热",), (
        "{xiaoqu}{n}号楼暖气一直不热，室温才十五度，给热力公司打了好几次电话都说排查，一直没人来。",
        "都供暖半个月了，{xiaoqu}顶楼暖气片还是凉的，家里老人冻感冒了。",
    ), "供暖"),
    Topic("bus", 5, ("公交", "交通运输"), (
        "{bus}路公交早高峰等了四十分钟都不来，能不能加密班次？",
        "{road}公交站台改了位置也没个提示，{bus}路到底还停不停{xiaoqu}站？",
    ), "公交出行", street_level=False),
    Topic("school", 5, ("教育",), (
        "我们{xiaoqu}的孩子今年上小学，对口{school}还是别的学校？划片范围在哪里能查到？",
        "{school}门口放学时段太乱了，家长车辆堵满{road}，孩子过马路很危险。",
    ), "入学", street_level=False),
    Topic("medical_insurance", 4, ("医保",), (
        "老人在外地住院，异地就医备案在哪里办？医保报销需要哪些材料？",
        "灵活就业人员的医保断缴了三个月，现在补缴还能享受待遇吗？",
    ), "医保", street_level=False),
    Topic("wage_arrears", 4, ("人社",), (
        "{company}拖欠我们二十多个农民工工资{n}个月了，快过年了，找老板一直推脱，求帮忙！",
        "在{road}一家餐馆打工，辞职两个月了工资还没结清，老板电话也不接。",
    ), "欠薪", street_level=False),
    Topic("streetlight", 4, ("城管",), (
        "{road}路灯坏了一大片，晚上黑漆漆的，下班走路心里发慌。",
        "{road}和{road2}交叉口的井盖丢了，晚上骑电动车差点掉进去，麻烦尽快处理！",
    ), "市政设施"),
    Topic("garbage", 4, ("城管", "生态环境"), (
        "{road}路边垃圾桶满了好几天没人清运，味道很大，苍蝇乱飞。",
        "{xiaoqu}旁边工地晚上十一点还在施工，打桩声吵得人睡不着，白天渣土车还到处撒土。",
    ), "环境卫生"),
    Topic("dogs", 3, ("平安",), (
        "{xiaoqu}有业主遛狗不拴绳，还有犬只半夜叫个不停，请有关部门协调解决。",
    ), "犬只管理"),
    Topic("gas_leak", 0.6, ("燃气",), (
        "{xiaoqu}{n}号楼单元门口一股很浓的燃气味，怀疑燃气泄漏，打电话一直占线，请赶紧派人来看看！",
        "{road}路边燃气管道井在冒气，闻着像天然气，周围还有人抽烟，太危险了！",
    ), "燃气安全", risk=True),
    Topic("self_harm", 0.08, ("平安",), (
        "{xiaoqu}楼顶好像有人一直坐在边上，情绪很激动，说不想活了，已经报警，请附近的同志快去看看！",
    ), "人员安全", street_level=False, risk=True),
)

FOLLOW_UPS = (
    "@{hub} 还没人处理吗？",
    "@{hub} 都{days}天了，还是没人管，请问有进展吗？",
    "@{hub} 再反映一次，问题还是没有解决。",
    "@{target} 请问这个问题有人跟进吗？",
)
FOLLOW_UPS_ON_OWN_COMMENT = (
    "还没人处理吗？",
    "过去{days}天了，一点动静都没有。",
    "顶一下，希望有关部门看到。",
)
THANKS = (
    "问题已解决，感谢！",
    "点赞@{hub} ，效率真高！",
    "今天已经有人来处理了，谢谢{target}的工作人员。",
    "解决了，为你们点赞！",
    "感谢回复，已经好了。",
)
COMPLAINTS = (
    "就回一句已收悉？太敷衍了。",
    "问题根本没解决，打个电话就算处理完了？",
    "没解决！还是老样子，回复只是走个形式。",
    "说了整改，到现在一点变化都没有，敷衍。",
)
REPLY_ACK = (
    "网友您好，您反映的问题已收悉，已转{dept}核实处理，请保持联系方式畅通。",
    "您好！感谢您的反馈，您反映的{issue}问题已转交{dept}，我们将尽快安排人员现场核实。",
    "网友您好，留言已收悉，我们已联系{dept}了解情况，处理结果将及时回复您。",
)
REPLY_DONE = (
    "网友您好，经工作人员现场核实，您反映的{issue}问题已协调处理，如仍有问题可随时联系我们。",
    "您好，{dept}已于今日安排人员现场查看，现已整改到位，感谢您对我们工作的监督。",
    "网友您好，您反应的问题我们已关注，已责令相关责任单位限期整改，我们将持续跟进。",
    "您好，经核实，相关问题已处理完毕，后续我们将加强日常巡查，感谢您的支持。",
)
REPLY_TERSE = ("您好，已收悉。", "已转相关部门。")  # the perfunctory kind citizens complain about
REPLY_RISK = (
    "网友您好，已第一时间通知{dept}和属地社区赶赴现场处置，请您远离危险区域，注意安全。",
)
MEMBER_POSTS = (
    "【便民提示】{street}本周六上午在社区广场开展便民服务活动，欢迎居民参加。",
    "【通知】因管网改造，{road}沿线部分小区明日9:00—18:00临时停水，请提前储水。",
    "【问政回应】本周共收到网友留言{n}0余件，已全部转办，部分办理情况公布如下。",
    "【安全提醒】冬季取暖注意用气用电安全，发现燃气异味请立即开窗并拨打抢修电话。",
    "【征求意见】{road}{xiaoqu}周边停车泊位施划方案公示，欢迎提出意见建议。",
)


def nickname(rng: random.Random) -> str:
    name = rng.choice(NICK_HEAD) + rng.choice(NICK_TAIL)
    if rng.random() < 0.45:
        name += str(rng.randint(1, 2024))
    return name


class _Places(dict[str, str]):
    """Placeholder values drawn only when a template asks for them (keeps generation fast)."""

    def __init__(self, rng: random.Random, given: dict[str, str]) -> None:
        super().__init__(given)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        draw = {
            "road": lambda: rng.choice(ROADS), "road2": lambda: rng.choice(ROADS),
            "xiaoqu": lambda: rng.choice(XIAOQU), "school": lambda: rng.choice(SCHOOLS),
            "company": lambda: rng.choice(COMPANIES), "bus": lambda: rng.choice(BUSES),
            "hospital": lambda: rng.choice(HOSPITALS), "n": lambda: str(rng.randint(2, 19)),
            "days": lambda: str(rng.randint(3, 15)),
        }.get(key)
        value = draw() if draw else _DEFAULTS[key]
        self[key] = value
        return value


_DEFAULTS = {"street": "社区", "dept": "相关部门", "issue": "", "hub": "问政银川", "target": "问政银川"}


def fill(template: str, rng: random.Random, **given: str) -> str:
    """Fill placeholders with random places; ``given`` values win."""
    return template.format_map(_Places(rng, given))


def appeal(rng: random.Random, street: str = "社区") -> str:
    """One citizen's appeal, topic drawn by weight: what the other channels' mocks send."""
    topic = rng.choices(TOPICS, weights=[t.weight for t in TOPICS])[0]
    return fill(rng.choice(topic.appeals), rng, street=street)
