"""The quantitative commitments in the database equal the seed. Expected values are typed here from the seed
(docs/plan-2023-12-15.txt), not read back from fixtures/plan/commitments.yaml, so a wrong fixture fails."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tasks.models import Chapter, Commitment, Task

SEED = Path(__file__).resolve().parents[2] / "docs" / "plan-2023-12-15.txt"

# Commitments per task: every number, "全覆盖" and "零的突破" the task text promises (1.1–1.3, 4.1 and 6.x promise
# none).
PER_TASK = {
    "1.1": 0, "1.2": 0, "1.3": 0, "1.4": 9,
    "2.1": 2, "2.2": 1, "2.3": 1,
    "3.1": 1, "3.2": 4, "3.3": 2,
    "4.1": 0, "4.2": 8, "4.3": 1,
    "5.1": 1, "5.2": 5, "5.3": 3, "5.4": 3,
    "6.1": 0, "6.2": 0, "6.3": 0, "6.4": 0,
}  # fmt: skip
PER_CHAPTER = {1: 4, 2: 4, 3: 4, 4: 3, 5: 2, 6: 4}

A, P, S, R, L = "at_least", "approx", "strive", "relative", "leading"
Y, C = "annual", "cumulative"

# (task or 第N章, name: the label or the text) → (target, unit, kind, scope, due year, lead, indicator)
EXPECTED = {
    ("第1章", "制造业增加值占无锡市比重达35%左右"): ("35", "%", P, C, 2025, "市工信局", 2),
    ("第1章", "高技术制造业增加值年均增速高于规上工业增速"): (None, "", R, C, 2025, "市工信局", 5),
    ("第1章", "规上制造业全员劳动生产率达40万元/人"): ("40", "万元/人", A, C, 2025, "市工信局", 1),
    ("第1章", "制造业增加值占地区生产总值比重达45%左右"): ("45", "%", P, C, 2030, "市工信局", None),
    ("1.4", "优质企业数量占规上工业企业比重超过20%"): ("20", "%", A, C, 2025, "市工信局", None),
    ("1.4", "营业收入超百亿元工业企业数达6家"): ("6", "家", A, C, 2025, "市工信局", 13),
    ("1.4", "培育省级领航企业5家左右"): ("5", "家", P, C, 2025, "市工信局", None),
    ("1.4", "省级以上专精特新企业数量达230家"): ("230", "家", A, C, 2025, "市工信局", 14),
    ("1.4", "有效期内高新技术企业数量达2000家"): ("2000", "家", A, C, 2025, "市科技局", None),
    ("1.4", "科技型中小企业入库数达2500家"): ("2500", "家", A, C, 2025, "市科技局", 16),
    ("1.4", "“雏鹰”入库企业"): ("1100", "家", A, C, 2025, "市科技局", None),
    ("1.4", "“瞪羚”入库企业"): ("850", "家", A, C, 2025, "市科技局", None),
    ("1.4", "“准独角兽”入库企业"): ("60", "家", A, C, 2025, "市科技局", None),
    ("第2章", "我市纳入无锡4大地标产业集群和6个优势产业集群的营业收入总量达到5700亿元"): (
        "5700", "亿元", A, C, 2025, "市工信局", 6,
    ),
    ("第2章", "工业战略性新兴产业产值占规上工业比重达到40.5%"): ("40.5", "%", A, C, 2025, "市工信局", 3),
    ("第2章", "形成1个达到国际先进水平的先进制造业集群"): ("1", "个", A, C, 2030, "市工信局", None),
    ("第2章", "2个国家级先进制造业集群建设取得重大进展"): ("2", "个", A, C, 2030, "市工信局", None),
    ("2.1", "力争到2025年，全市千亿级产业集群达到5个"): ("5", "个", S, C, 2025, "市工信局", None),
    ("2.1", "超百亿元集群达到3个"): ("3", "个", S, C, 2025, "市工信局", None),
    ("2.2", "全市认定产业链集群龙头企业20家左右"): ("20", "家", P, C, 2025, "市工信局", None),
    ("2.3", "无锡市特色产业园区不少于8个"): ("8", "个", A, C, 2025, "市工信局", None),
    ("第3章", "规上工业企业研发投入强度达2%以上"): ("2", "%", A, C, 2025, "市科技局", 7),
    ("第3章", "规上工业企业有效发明专利拥有量占无锡市比重达16%"): ("16", "%", A, C, 2025, "市市场监管局", 8),
    ("第3章", "高新技术产品出口额占全市外贸出口额的比重达18%"): ("18", "%", A, C, 2025, "市商务局", 4),
    ("第3章", "每年支持产业前瞻及关键技术研发、产业化关键技术攻关项目15项左右"): (
        "15", "项", P, Y, None, "市科技局", None,
    ),
    ("3.1", "全市新增科创载体面积不少于300万平方米"): ("300", "万平方米", A, C, 2025, "市科技局", None),
    ("3.2", "国家产业、技术、制造业创新中心数"): ("1", "家", A, C, 2025, "市科技局", 9),
    ("3.2", "新增省级以上企业技术中心30家"): ("30", "家", A, C, 2025, "市工信局", None),
    ("3.2", "新增省级以上工程技术研究中心"): ("50", "家", A, C, 2025, "市科技局", None),
    ("3.2", "新增市级以上创新联合体超18家"): ("18", "家", A, C, 2025, "市科技局", None),
    ("3.3", "力争新增首台（套）重大装备6项"): ("6", "项", S, C, 2025, "市工信局", None),
    ("3.3", "累计推广应用首批次材料3项"): ("3", "项", A, C, 2025, "市工信局", None),
    ("第4章", "数字经济核心产业规模超800亿"): ("800", "亿元", A, C, 2025, "市工信局", 11),
    ("第4章", "70%规模以上制造业企业基本实现数字化网络化"): ("70", "%", A, C, 2025, "市工信局", None),
    ("第4章", "两化融合发展水平达76左右"): ("76", "", P, C, 2025, "市工信局", 10),
    ("4.2", "培育智能化应用场景30个"): ("30", "个", A, C, 2025, "市工信局", None),
    ("4.2", "实施轻量化智能化改造项目40个"): ("40", "个", A, C, 2025, "市工信局", None),
    ("4.2", "每年组织开展各级“智改数转”推进活动不少于30场"): ("30", "场", A, Y, None, "市工信局", None),
    ("4.2", "实现规上工业企业数字化转型全覆盖"): ("100", "%", A, C, 2025, "市工信局", None),
    ("4.2", "省重点工业互联网平台数量累计达5个"): ("5", "个", A, C, 2025, "市工信局", None),
    ("4.2", "培育智能制造、工业互联网服务商累计达30家"): ("30", "家", A, C, 2025, "市工信局", None),
    ("4.2", "星级上云企业累计达到500家"): ("500", "家", A, C, 2025, "市工信局", None),
    ("4.2", "全力实现“灯塔工厂”零的突破"): ("1", "家", S, C, 2025, "市工信局", None),
    ("4.3", "累计建成省级及以上5G全连接工厂4家"): ("4", "家", A, C, 2025, "市工信局", None),
    ("第5章", "单位工业增加值能耗比2022年降低8%"): ("8", "%", A, C, 2025, "市工信局", 12),
    ("第5章", "生产性服务业重点领域增加值占地区生产总值比重达30%以上"): ("30", "%", A, C, 2030, "市商务局", None),
    ("5.1", "每年实施重点技术改造项目100个"): ("100", "个", A, Y, None, "市工信局", None),
    ("5.2", "力争规模以上企业首席质量官全覆盖"): ("100", "%", S, C, 2025, "市市场监管局", None),
    ("5.2", "新增“江苏省省长质量奖”（含提名奖）1家（次）"): ("1", "家（次）", A, C, 2025, "市市场监管局", None),
    ("5.2", "新增“无锡市市长质量奖”“无锡市质量管理优秀奖”3家（次）"): (
        "3", "家（次）", A, C, 2025, "市市场监管局", None,
    ),
    ("5.2", "新增“江苏精品”5个以上"): ("5", "个", A, C, 2025, "市市场监管局", None),
    ("5.2", "新增主导或参与制修订国际、国家、行业和地方标准数200项以上"): (
        "200", "项", A, C, 2025, "市市场监管局", None,
    ),
    ("5.3", "建成市级“两业”深度融合试点10家"): ("10", "家", A, C, 2025, "市商务局", None),
    ("5.3", "形成“两业”融合标杆引领典型1家左右"): ("1", "家", P, C, 2025, "市商务局", None),
    ("5.3", "每年新增省级以上服务型制造示范企业（平台）和工业设计中心（研究院）3个左右"): (
        "3", "个", P, Y, None, "市工信局", None,
    ),
    ("5.4", "推动免费节能诊断高耗能工业企业全覆盖"): ("100", "%", A, C, 2025, "市工信局", None),
    ("5.4", "每年组织实施节能与循环经济重点项目10个以上"): ("10", "个", A, Y, None, "市发改委", None),
    ("5.4", "新增省级以上绿色制造示范企业（工厂）20家以上"): ("20", "家", A, C, 2025, "市工信局", None),
    ("第6章", "全市制造业贷款余额占全部贷款余额比重达30%"): ("30", "%", A, C, 2025, "人民银行江阴支行", 17),
    ("第6章", "上市企业数量达75家"): ("75", "家", A, C, 2025, "市金融监管局", None),
    ("第6章", "占无锡市比重保持领先"): (None, "", L, C, 2025, "市金融监管局", 15),
    ("第6章", "每年新增国家级产业科创人才10人左右"): ("10", "人", P, Y, None, "市委组织部", 18),
}  # fmt: skip

pytestmark = pytest.mark.django_db


def owner(commitment: Commitment) -> str:
    return commitment.task.number if commitment.task_id else f"第{commitment.chapter.number}章"


def all_commitments() -> dict:
    rows = Commitment.objects.select_related("task", "chapter", "lead")
    return {(owner(c), c.name): c for c in rows}


def test_count_per_task_and_chapter(plan):
    counts = {task.number: task.commitments.count() for task in Task.objects.all()}
    assert counts == PER_TASK
    assert {c.number: c.goal_commitments.count() for c in Chapter.objects.all()} == PER_CHAPTER
    assert Commitment.objects.count() == len(EXPECTED) == 62


@pytest.mark.parametrize("key", EXPECTED, ids=lambda key: f"{key[0]}-{key[1][:12]}")
def test_commitment_matches_seed(plan, key):
    target, unit, kind, scope, due_year, lead, indicator = EXPECTED[key]
    c = all_commitments()[key]
    assert c.target == (Decimal(target) if target else None)
    assert (c.unit, c.kind, c.scope, c.due_year, c.lead.name, c.indicator_number) == (
        unit,
        kind,
        scope,
        due_year,
        lead,
        indicator,
    )


def test_each_text_is_verbatim_in_the_seed_and_in_its_task_or_chapter(plan):
    seed = SEED.read_text(encoding="utf-8")
    for c in Commitment.objects.select_related("task", "chapter"):
        assert c.text in seed, c.text
        where = c.task.text if c.task_id else "".join(g.text for g in c.chapter.goals.all())
        assert c.text in where, c.text


# Numbers, "全覆盖", "零（的）突破" and "领先" in a task's text or a chapter's goals that promise nothing countable, with
# the phrase that shows why; every other one must lie inside a transcribed commitment.
NOT_COMMITMENTS = {
    ("1.3", "世界500强"),  # a class of companies to approach
    ("第3章", "创新能力和水平全国领先"),  # qualitative, no measure named
    ("3.1", "“345”现代产业集群"),  # the clusters' name
    ("4.3", "5G网络基础设施"),  # a technology's name
    ("4.3", "5G商用部署"),
    ("第6章", "产业治理现代化水平国内领先"),  # qualitative, no measure named
    ("6.4", "“345”现代产业集群"),
}
# A number that is not a year ("2025年"), or a word that promises a share or a first one.
PROMISE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]|年)|全覆盖|零的?突破|领先")


def spans(text: str, phrases) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for phrase in phrases for m in re.finditer(re.escape(phrase), text)]


def test_every_number_and_full_coverage_in_the_text_is_transcribed(plan):
    """Re-reading the seed: nothing the tasks or goals promise in numbers is left out of the transcription."""
    owners = [(t.number, t.text, t.commitments.all()) for t in Task.objects.all()] + [
        (f"第{c.number}章", "".join(g.text for g in c.goals.all()), c.goal_commitments.all())
        for c in Chapter.objects.all()
    ]
    assert len(owners) == 27
    used = set()
    for name, text, commitments in owners:
        covered = spans(text, [c.text for c in commitments])
        exempt = spans(text, [phrase for owner, phrase in NOT_COMMITMENTS if owner == name])
        used |= {(owner, phrase) for owner, phrase in NOT_COMMITMENTS if owner == name and phrase in text}
        for match in PROMISE.finditer(text):
            inside = [a <= match.start() and match.end() <= b for a, b in covered + exempt]
            assert any(inside), (
                f"{name}：“{text[max(0, match.start() - 12) : match.end() + 6]}”未录入量化目标"
            )
    assert used == NOT_COMMITMENTS  # each exemption still matches the seed


def test_full_coverage_and_first_ones(plan):
    """ "全覆盖" is 100%; "零的突破" is the first one (at least 1); "全力实现" and "力争" are strive."""
    rows = {c.text: c for c in Commitment.objects.filter(text__regex="全覆盖|零的?突破")}
    assert {text: (rows[text].target_text, rows[text].task.number) for text in rows} == {
        "实现规上工业企业数字化转型全覆盖": ("100%", "4.2"),
        "全力实现“灯塔工厂”零的突破": ("力争1家", "4.2"),
        "力争规模以上企业首席质量官全覆盖": ("力争100%", "5.2"),
        "推动免费节能诊断高耗能工业企业全覆盖": ("100%", "5.4"),
        "全市国家产业、技术、制造业创新中心数实现零突破": ("1家", "3.2"),
    }


def test_order_follows_the_text(plan):
    """Within a task, the commitments come in the order the text states them."""
    for task in Task.objects.prefetch_related("commitments"):
        positions = [task.text.index(c.text) for c in task.commitments.order_by("order")]
        assert positions == sorted(positions), task.number


def test_chapter_goals_link_to_the_appendix_indicators(plan):
    def linked(number):
        return [
            c.indicator_number
            for c in Commitment.objects.filter(chapter__number=number).order_by("order")
            if c.indicator_number
        ]

    assert linked(1) == [2, 5, 1]
    assert linked(2) == [6, 3]
    assert linked(3) == [7, 8, 4]
    assert linked(4) == [11, 10]
    assert linked(5) == [12]
    assert linked(6) == [17, 15, 18]


def test_text_that_differs_from_the_appendix_carries_a_note(plan):
    c = Commitment.objects.get(indicator_number=11)
    assert c.target == 800 and "870" in c.note


def test_task_commitments_are_led_by_one_of_the_tasks_units(plan):
    for c in Commitment.objects.filter(task__isnull=False).select_related("task"):
        assert c.task.unit_links.filter(department=c.lead_id).exists(), c


def test_target_text(plan):
    texts = {c.name: c.target_text for c in Commitment.objects.all()}
    assert texts["每年实施重点技术改造项目100个"] == "每年100个"
    assert texts["力争新增首台（套）重大装备6项"] == "力争6项"
    assert texts["全市认定产业链集群龙头企业20家左右"] == "20家左右"
    assert texts["累计建成省级及以上5G全连接工厂4家"] == "4家"
    assert texts["制造业增加值占地区生产总值比重达45%左右"] == "45%左右（2030年）"
    assert texts["占无锡市比重保持领先"] == "保持领先"
