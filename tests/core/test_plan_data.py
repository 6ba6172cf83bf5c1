"""The plan in the database equals the seed document. Expected values are typed here from the seed
(docs/plan-2023-12-15.txt, a copy of the seed), not read back from fixtures/, so a wrong fixture fails."""

from decimal import Decimal
from pathlib import Path

import pytest

from departments.models import Department
from indicators.models import Category, Indicator
from tasks.models import Chapter, Task

# A verbatim copy of ../shared/seed/000_d7e982e5888a3ace.txt, kept in the repository so CI clones have it.
SEED = Path(__file__).resolve().parents[2] / "docs" / "plan-2023-12-15.txt"

# 序号: (一级指标, 指标, 单位, △, 2022年, (2023, 2024, 2025 目标原文), 责任部门简称)
APPENDIX = {
    1: ("质量效益", "规上制造业全员劳动生产率", "万元/人", "△", "39.1", ("39.3", "39.5", "40"), ["工信局"]),
    2: (
        "质量效益",
        "制造业增加值占无锡市比重",
        "%",
        "△",
        "34.4左右",
        ("34.5左右", "34.8左右", "35左右"),
        ["工信局"],
    ),
    3: (
        "产业结构",
        "工业战略性新兴产业产值占规上工业比重",
        "%",
        "△",
        "38.4",
        ("39.5", "40", "40.5"),
        ["工信局"],
    ),
    4: (
        "产业结构",
        "高新技术产品出口额占全市外贸出口额的比重",
        "%",
        "△",
        "13.9",
        ("15", "16.5", "18"),
        ["商务局"],
    ),
    5: ("产业结构", "高技术制造业增加值增速", "%", "", "-9.1", ("年均增速高于规上工业增速",) * 3, ["工信局"]),
    6: (
        "产业结构",
        "我市纳入无锡4大地标产业集群和6个优势产业集群的营业收入总量",
        "亿元",
        "",
        "4528",
        ("4800", "5200", "5700"),
        ["工信局"],
    ),
    7: ("创新驱动", "规上工业企业研发投入强度", "%", "△", "1.84", ("1.9", "1.95", "2"), ["科技局"]),
    8: (
        "创新驱动",
        "规上工业企业有效发明专利拥有量占无锡市比重",
        "%",
        "△",
        "—",
        ("15.5", "15.8", "16"),
        ["市场监管局"],
    ),
    9: (
        "创新驱动",
        "国家产业、技术、制造业创新中心数",
        "家",
        "",
        "0",
        ("0", "力争1家", "力争1家"),
        ["发改委", "科技局", "工信局"],
    ),
    10: ("数实融合", "两化融合发展水平", "", "△", "73.7", ("74", "74.8", "76左右"), ["工信局"]),
    11: ("数实融合", "数字经济核心产业规模", "亿元", "△", "634", ("720", "790", "870"), ["工信局"]),
    12: ("绿色发展", "单位工业增加值能耗比2022年降低幅度", "%", "△", "—", ("3", "5", "8"), ["工信局"]),
    13: ("企业实力", "营业收入超百亿元工业企业数（法人口径）", "家", "△", "4", ("4", "5", "6"), ["工信局"]),
    14: ("企业实力", "省级以上专精特新中小企业数量", "家", "△", "141", ("170", "200", "230"), ["工信局"]),
    15: ("企业实力", "制造业上市公司数量占无锡市比重", "%", "△", "34.1", ("全市领先",) * 3, ["金融监管局"]),
    16: ("企业实力", "科技型中小企业入库数", "家", "", "2071", ("2200", "2350", "2500"), ["科技局"]),
    17: ("要素保障", "制造业贷款余额占全部贷款余额比重", "%", "", "32.41", ("31", "30", "30"), ["人民银行"]),
    18: ("要素保障", "新增国家级产业科创人才数量", "人", "", "5", ("8", "10", "10"), ["组织部", "工信局"]),
}

# Normalised rules that are not a plain "不低于" number: (序号, 年度) → (kind, value).
IRREGULAR_TARGETS = {
    (2, 2023): ("approx", "34.5"),
    (2, 2024): ("approx", "34.8"),
    (2, 2025): ("approx", "35"),
    (5, 2023): ("relative", None),
    (5, 2024): ("relative", None),
    (5, 2025): ("relative", None),
    (9, 2024): ("strive", "1"),
    (9, 2025): ("strive", "1"),
    (10, 2025): ("approx", "76"),
    (15, 2023): ("leading", None),
    (15, 2024): ("leading", None),
    (15, 2025): ("leading", None),
}

TASKS = {
    "1.1": ("强化运行监测", ["市工信局", "各镇街园区"]),
    "1.2": ("狠抓增量突破", ["市发改委", "市科技局", "市工信局", "市商务局", "各镇街园区"]),
    "1.3": ("加快存量提升", ["市工信局", "市发改委", "市商务局", "各镇街园区"]),
    "1.4": (
        "育强企业主体",
        [
            "市工信局",
            "市科技局",
            "市发改委",
            "市工商联",
            "市金融监管局",
            "市市场监管局",
            "市委组织部",
            "市委宣传部",
            "各镇街园区",
        ],
    ),
    "2.1": (
        "加快推进“五个一”重点工作",
        ["市工信局", "市发改委", "市科技局", "市商务局", "市文体广旅局", "各镇街园区", "霞科办"],
    ),
    "2.2": (
        "促进产业链供应链融通发展",
        ["市工信局", "市科技局", "市人社局", "市金融监管局", "各镇街园区", "霞科办"],
    ),
    "2.3": (
        "积极创建特色产业园区",
        [
            "市工信局",
            "市发改委",
            "市科技局",
            "市商务局",
            "市资规局",
            "市住建局",
            "市工改办",
            "各镇街园区",
            "霞科办",
        ],
    ),
    "3.1": ("加快建设重大创新载体平台", ["市科技局", "各镇街园区"]),
    "3.2": ("强化企业创新主体地位", ["市科技局", "市工信局", "各镇街园区"]),
    "3.3": ("推进产业基础再造", ["市工信局", "市发改委", "各镇街园区"]),
    "4.1": ("推动数字产业化发展", ["市工信局", "市商务局", "高新区", "临港开发区", "华士镇", "霞科办"]),
    "4.2": ("推动产业数字化转型", ["市工信局", "各镇街园区"]),
    "4.3": (
        "夯实信息基础设施",
        [
            "市工信局",
            "无锡通管办江阴办事处",
            "江阴电信",
            "江阴移动",
            "江阴联通",
            "江阴有线",
            "中国铁塔江阴办事处",
        ],
    ),
    "5.1": ("加速传统产业改造", ["市工信局", "市发改委", "各镇街园区"]),
    "5.2": ("打响江阴制造品牌", ["市市场监管局", "各镇街园区"]),
    "5.3": ("促进制造服务融合", ["市商务局", "市工信局", "各镇街园区"]),
    "5.4": (
        "推动产业绿色发展",
        ["市发改委", "市工信局", "市资规局", "江阴生态环境局", "市市场监管局", "各镇街园区"],
    ),
    "6.1": (
        "加大金融赋能力度",
        [
            "市金融监管局",
            "人民银行江阴支行",
            "金融监管总局江阴监管组",
            "市发改委",
            "市财政局",
            "市工信局",
            "新国联集团",
            "各镇街园区",
        ],
    ),
    "6.2": ("推动对外开放合作", ["市商务局", "各镇街园区"]),
    "6.3": ("提高数字化治理水平", ["市城运中心", "市数政局", "市发改委"]),
    "6.4": ("加强要素保障", ["市委组织部", "市资规局", "市发改委", "市财政局", "市税务局", "各镇街园区"]),
}

CHAPTERS = {
    1: "全力保障工业稳定运行",
    2: "培育壮大“345”现代产业集群",
    3: "加速提升自主创新能力",
    4: "大力推进数实深度融合",
    5: "加快促进转型发展",
    6: "着力优化发展环境",
}

# DESIGN.md fixes these codes, and the appendix's short names must be the task text's full names.
APPENDIX_DEPARTMENTS = {
    "工信局": ("市工信局", "gxj"),
    "商务局": ("市商务局", "swj"),
    "科技局": ("市科技局", "kjj"),
    "市场监管局": ("市市场监管局", "scjgj"),
    "发改委": ("市发改委", "fgw"),
    "金融监管局": ("市金融监管局", "jrjgj"),
    "人民银行": ("人民银行江阴支行", "rmyh"),
    "组织部": ("市委组织部", "zzb"),
}

pytestmark = pytest.mark.usefixtures("plan")


def test_categories_in_appendix_order():
    assert list(Category.objects.values_list("name", flat=True)) == [
        "质量效益",
        "产业结构",
        "创新驱动",
        "数实融合",
        "绿色发展",
        "企业实力",
        "要素保障",
    ]


def test_exactly_18_indicators_and_one_companion_series():
    assert Indicator.objects.main().count() == 18
    assert list(Indicator.objects.filter(number__isnull=True).values_list("name", flat=True)) == [
        "规上工业增加值增速"
    ]


@pytest.mark.parametrize("number", APPENDIX)
def test_indicator_matches_appendix(number):
    category, name, unit, mark, baseline, targets, departments = APPENDIX[number]
    indicator = Indicator.objects.get(number=number)
    assert indicator.category.name == category
    assert indicator.name == name
    assert indicator.unit == unit
    assert indicator.mark == mark
    assert indicator.baseline_text == baseline
    expected_baseline = None if baseline == "—" else Decimal(baseline.removesuffix("左右"))
    assert indicator.baseline == expected_baseline
    got = {t.year: t for t in indicator.targets.all()}
    assert sorted(got) == [2023, 2024, 2025]
    for year, text in zip((2023, 2024, 2025), targets, strict=True):
        target = got[year]
        assert target.source_text == text
        kind, value = IRREGULAR_TARGETS.get((number, year), ("at_least", text))
        assert target.kind == kind
        assert target.value == (Decimal(value) if value is not None else None)
    short_names = [link.department.short_name for link in indicator.department_links.order_by("order")]
    assert short_names == departments


def test_indicator_5_refers_to_the_industrial_growth_series():
    for target in Indicator.objects.get(number=5).targets.all():
        assert target.reference.name == "规上工业增加值增速"
        assert target.reference.department_links.first().department.code == "gxj"


def test_indicator_11_keeps_the_chapter_text_figure_as_a_note():
    target = Indicator.objects.get(number=11).targets.get(year=2025)
    assert target.value == Decimal("870")
    assert "超800亿" in target.note


def test_33_departments_with_unique_codes_and_names():
    assert Department.objects.count() == 33
    for field in ("code", "name", "short_name"):
        values = list(Department.objects.values_list(field, flat=True))
        assert len(set(values)) == 33, field


@pytest.mark.parametrize("short_name", APPENDIX_DEPARTMENTS)
def test_appendix_short_names_resolve_to_task_text_departments(short_name):
    full_name, code = APPENDIX_DEPARTMENTS[short_name]
    department = Department.objects.get(short_name=short_name)
    assert (department.name, department.code) == (full_name, code)


def test_every_task_unit_is_a_department_and_every_department_is_named_in_a_task():
    named = {name for _, units in TASKS.values() for name in units}
    assert named == set(Department.objects.values_list("name", flat=True))


def test_department_kinds():
    kinds = dict(Department.objects.values_list("name", "kind"))
    assert kinds["市工信局"] == "委办局"
    assert kinds["各镇街园区"] == "镇街园区"
    assert kinds["华士镇"] == "镇街园区"
    assert kinds["江阴移动"] == "驻澄单位与企业"
    assert kinds["人民银行江阴支行"] == "驻澄单位与企业"
    members = Department.objects.get(name="各镇街园区").members.values_list("name", flat=True)
    assert set(members) == {"高新区", "临港开发区", "华士镇", "霞科办"}


def test_six_chapters_with_their_titles():
    assert dict(Chapter.objects.values_list("number", "title")) == CHAPTERS


def test_chapter_goals_are_the_seed_paragraph_verbatim():
    seed = SEED.read_text(encoding="utf-8")
    for chapter in Chapter.objects.all():
        goals = {goal.year: goal.text for goal in chapter.goals.all()}
        assert sorted(goals) == [2025, 2030]
        assert goals[2025].startswith("到2025年")
        assert "2030年" in goals[2030]
        assert f"{chapter.numeral}、{chapter.title}\n{goals[2025]}{goals[2030]}\n" in seed


@pytest.mark.parametrize("number", TASKS)
def test_task_matches_seed(number):
    title, units = TASKS[number]
    task = Task.objects.get(number=number)
    assert task.title == title
    assert task.chapter.number == int(number.split(".")[0])
    assert [link.department.name for link in task.unit_links.order_by("order")] == units
    # The full text is the seed's paragraph between the title and the responsibility note, verbatim.
    seed = SEED.read_text(encoding="utf-8")
    assert f"{task.seq}．{task.title}。{task.text}（责任单位：" in seed


def test_21_tasks():
    assert Task.objects.count() == 21
