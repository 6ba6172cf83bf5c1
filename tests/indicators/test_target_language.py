"""The target language (indicators/target_text.py read, indicators/rules.py + rules_more.py judged): each real-world
phrasing means what its words say, with the value just at, just above and just below its threshold."""

from decimal import Decimal

import pytest

from indicators.rules import Kind, Status, evaluate
from indicators.rules_more import describe
from indicators.target_text import FORMS, CellError, parse

D = Decimal
M, N, NM, P, S = Status.MET, Status.NOT_MET, Status.NEARLY_MET, Status.PENDING, Status.STRIVE_NOT_MET

# (cell, unit, indicator name, inputs, [(value, status), ...]); inputs: baseline, reference, previous, assigned.
PHRASINGS = [
    # strict greater / less / equal
    (">75", "%", "常住人口城镇化率", {}, [("75", N), ("75.01", M), ("74.99", N)]),
    ("＞60", "%", "研发投入强度", {}, [("60", N), ("60.1", M), ("59.9", N)]),
    ("超过1.3万亿元", "亿元", "地区生产总值", {}, [("13000", N), ("13000.1", M), ("12999.9", N)]),
    ("超过500亿元", "亿元", "数字经济核心产业营业收入", {}, [("500", N), ("501", M), ("499", N)]),
    ("大于30", "%", "高新技术产业产值占比", {}, [("30", N), ("30.5", M), ("29.5", N)]),
    ("高于12", "%", "工业投资增速", {}, [("12", N), ("12.1", M), ("11.9", N)]),
    ("超过2000万元", "亿元", "技改专项资金", {}, [("0.2", N), ("0.21", M), ("0.19", N)]),
    ("<4", "%", "城镇调查失业率", {}, [("4", N), ("4.01", N), ("3.99", M)]),
    ("小于0.5", "吨标准煤/万元", "单位工业增加值能耗", {}, [("0.5", N), ("0.51", N), ("0.49", M)]),
    ("低于3", "%", "居民消费价格涨幅", {}, [("3", N), ("3.1", N), ("2.9", M)]),
    ("=100", "%", "城乡生活垃圾无害化处理率", {}, [("100", M), ("100.1", N), ("99.9", N)]),
    ("等于100", "%", "重点企业清洁生产审核完成率", {}, [("100", M), ("100.5", N), ("99.5", N)]),
    # the seed's forms and their new spellings
    ("达45%", "%", "数字化车间覆盖率", {}, [("45", M), ("45.1", M), ("44.9", N)]),
    ("达到45", "%", "规上企业智能化改造覆盖率", {}, [("45", M), ("46", M), ("44", N)]),
    ("达1200家", "家", "高新技术企业数", {}, [("1200", M), ("1201", M), ("1199", N)]),
    ("不少于20家", "家", "新增专精特新企业", {}, [("20", M), ("21", M), ("19", N)]),
    (">=8", "%", "工业增加值增速", {}, [("8", M), ("8.1", M), ("7.9", N)]),
    ("≥85", "%", "空气质量优良天数比率", {}, [("85", M), ("85.1", M), ("84.9", N)]),
    ("80以上", "%", "规上企业研发活动覆盖率", {}, [("80", M), ("81", M), ("79", N)]),
    ("不低于3.5", "%", "全社会研发投入占比", {}, [("3.5", M), ("3.6", M), ("3.4", N)]),
    ("不高于0.35", "吨标准煤/万元", "单位产值能耗", {}, [("0.35", M), ("0.36", N), ("0.34", M)]),
    ("不超过5.5", "%", "城镇登记失业率", {}, [("5.5", M), ("5.6", N), ("5.4", M)]),
    ("<=10", "微克/立方米", "PM10浓度降幅", {}, [("10", M), ("10.1", N), ("9.9", M)]),
    ("30以下", "微克/立方米", "PM2.5年均浓度", {}, [("30", M), ("31", N), ("29", M)]),
    ("3%以内", "%", "亏损企业占比", {}, [("3", M), ("3.1", N), ("2.9", M)]),
    ("50左右", "%", "先进制造业占比", {}, [("50", M), ("50.1", M), ("49.6", NM)]),
    ("力争100家", "家", "上市公司数", {}, [("100", M), ("101", M), ("99", S)]),
    # ranges, inclusive
    ("6-7", "%", "地区生产总值增速", {}, [("6", M), ("7", M), ("7.01", N), ("5.99", N), ("6.5", M)]),
    ("6%—7%", "%", "一般公共预算收入增速", {}, [("6", M), ("7.1", N), ("5.9", N)]),
    ("6～7%", "%", "规上工业增加值增速", {}, [("7", M), ("7.1", N), ("5.9", N)]),
    ("5~6", "%", "固定资产投资增速", {}, [("5", M), ("6.01", N), ("4.99", N)]),
    ("3至5", "%", "进出口总额增速", {}, [("3", M), ("5", M), ("5.1", N), ("2.9", N)]),
    ("1–1.5万亿元", "亿元", "工业总产值", {}, [("10000", M), ("15000", M), ("15001", N), ("9999", N)]),
    # several conditions in one cell: all must hold on the one value
    ("<4/<5.5", "%", "城镇调查失业率/登记失业率", {}, [("3.99", M), ("4", N), ("5.5", N)]),
    ("≥3/≤8", "%", "价格涨幅", {}, [("3", M), ("8", M), ("8.1", N), ("2.9", N)]),
    (">50；<70", "%", "资产负债率", {}, [("50", N), ("50.1", M), ("70", N), ("69.9", M)]),
    # change against the baseline
    ("翻一番", "亿元", "数字经济核心产业增加值", {"baseline": "120"}, [("240", M), ("241", M), ("239", N)]),
    ("比2025年翻一番", "家", "高新技术企业数", {"baseline": "600"}, [("1200", M), ("1201", M), ("1199", N)]),
    ("实现翻两番", "亿元", "集成电路产业规模", {"baseline": "50"}, [("200", M), ("201", M), ("199", N)]),
    (
        "累计下降13.5%",
        "吨标准煤/万元",
        "单位地区生产总值能耗",
        {"baseline": "0.4"},
        [("0.346", M), ("0.3461", N), ("0.3459", M)],
    ),
    (
        "比2022年降低8%",
        "吨/万元",
        "单位产值用水量",
        {"baseline": "50"},
        [("46", M), ("46.1", N), ("45.9", M)],
    ),
    (
        "较基数年下降10%",
        "立方米/万元",
        "万元工业增加值用水量",
        {"baseline": "20"},
        [("18", M), ("18.01", N), ("17.99", M)],
    ),
    (
        "比2025年提高5个百分点",
        "%",
        "数字化转型企业占比",
        {"baseline": "30"},
        [("35", M), ("35.1", M), ("34.9", N)],
    ),
    (
        "比2025年提高20%",
        "亿元",
        "规上工业营业收入",
        {"baseline": "1000"},
        [("1200", M), ("1201", M), ("1199", N)],
    ),
    ("较2025年下降2个百分点", "%", "低效用地占比", {"baseline": "12"}, [("10", M), ("10.1", N), ("9.9", M)]),
    ("比2025年累计增长25%", "亿元", "工业投资", {"baseline": "400"}, [("500", M), ("501", M), ("499", N)]),
    ("累计下降13.5%", "%", "单位工业增加值能耗累计下降幅度", {}, [("13.5", M), ("14", M), ("13", N)]),
    ("翻一番", "亿元", "数字经济核心产业增加值", {}, [("240", P)]),
    # relative to a named series, with or without a margin; averages
    (
        "高于全区税收年均增速3个百分点以上",
        "%",
        "制造业税收增速",
        {"reference": "5"},
        [("8", M), ("8.1", M), ("7.9", N)],
    ),
    (
        "高于全市平均增速2个百分点",
        "%",
        "工业投资增速",
        {"reference": "6"},
        [("8", M), ("8.5", M), ("7.5", N)],
    ),
    ("高于全市平均水平", "%", "研发投入强度", {"reference": "3.2"}, [("3.2", N), ("3.21", M), ("3.19", N)]),
    ("快于全省平均增速", "%", "规上工业增加值增速", {"reference": "7"}, [("7", N), ("7.1", M), ("6.9", N)]),
    (
        "低于全市平均水平",
        "吨标准煤/万元",
        "单位能耗",
        {"reference": "0.4"},
        [("0.4", N), ("0.41", N), ("0.39", M)],
    ),
    (
        "年均增速高于规上工业增速",
        "%",
        "高技术制造业增加值增速",
        {"reference": "7.2"},
        [("7.2", N), ("7.3", M), ("7.1", N)],
    ),
    ("高于全市平均水平", "%", "研发投入强度", {}, [("3.2", P)]),
    # keeping pace: within the tolerance (0.5) of the reference, above it is in step too
    (
        "与全市经济增速保持同步",
        "%",
        "居民人均可支配收入增速",
        {"reference": "6"},
        [("5.5", M), ("6.1", M), ("5.49", N)],
    ),
    ("与经济增长基本同步", "%", "城镇居民收入增速", {"reference": "5"}, [("4.5", M), ("5", M), ("4.4", N)]),
    ("与地区生产总值增长同步", "%", "一般公共预算收入增速", {}, [("6", P)]),
    # direction only: better than the previous year
    ("持续下降", "%", "工业固废产生强度", {"previous": "10"}, [("10", N), ("10.1", N), ("9.9", M)]),
    ("逐年降低", "吨/万元", "单位产值排放", {"previous": "2"}, [("2", N), ("2.1", N), ("1.9", M)]),
    ("稳步提升", "%", "规上企业研发机构建有率", {"previous": "60"}, [("60", N), ("60.1", M), ("59.9", N)]),
    ("持续提高", "%", "产品质量合格率", {"previous": "95"}, [("95", N), ("95.5", M), ("94.5", N)]),
    ("不断增长", "亿元", "技术合同成交额", {"previous": "80"}, [("80", N), ("81", M), ("79", N)]),
    ("稳步提升", "%", "两化融合水平", {}, [("60", P)]),
    # assigned later: pending until the number arrives, then judged against it
    ("完成市下达目标", "万吨标准煤", "能耗总量", {}, [("10", P)]),
    ("完成省下达任务", "%", "节能率", {}, [("3", P)]),
    ("完成上级下达目标", "亿元", "工业投资", {"assigned": "300"}, [("300", M), ("301", M), ("299", N)]),
    ("完成市下达目标", "家", "新增规上工业企业", {"assigned": "150"}, [("150", M), ("151", M), ("149", N)]),
    # qualitative: judged by the coordinator
    ("保持在合理区间", "%", "工业产品价格", {}, [("2", P)]),
    ("总体稳定", "", "产业链安全水平", {}, [("1", P)]),
]


def _cases():
    for cell, unit, name, inputs, checks in PHRASINGS:
        for value, status in checks:
            yield pytest.param(cell, unit, name, inputs, value, status, id=f"{cell}|{name}|{value}")


def test_there_are_sixty_phrasings_or_more():
    assert len(PHRASINGS) >= 60
    assert {parse(c, u, n).kind for c, u, n, _, _ in PHRASINGS} >= set(Kind) - {Kind.LEADING}


@pytest.mark.parametrize(("cell", "unit", "name", "inputs", "value", "status"), list(_cases()))
def test_each_phrasing_means_what_it_says(cell, unit, name, inputs, value, status):
    parsed = parse(cell, unit, name)
    assigned = inputs.get("assigned")
    rule = parsed.rule(unit, cell, assigned=None if assigned is None else D(assigned))
    known = {k: D(v) for k, v in inputs.items() if k != "assigned"}
    result = evaluate(rule, D(value), **known)
    assert result.status is status, result.reason
    assert result.reason and "\n" not in result.reason
    assert describe(rule).startswith(f"{cell} → ")


def test_units_scale_to_the_indicators_unit():
    assert parse("超过1.3万亿元", "亿元", "x").value == D("13000")
    assert parse("达5000万元", "亿元", "x").value == D("0.5")
    assert parse("1.2亿元", "万元", "x").value == D("12000")


def test_descriptions_say_where_the_edge_falls():
    assert describe(parse(">75", "", "x").rule("", ">75")) == ">75 → 大于 75，等于 75 不达标"
    assert describe(parse("6-7", "%", "x").rule("%", "6-7")) == "6-7 → 在 6～7% 之间（含两端）为达标"
    assert "下达数值录入前为待评估" in describe(parse("完成市下达目标", "%", "x").rule("%"))


def test_pending_reasons_say_what_is_missing():
    assigned = evaluate(parse("完成省下达任务", "%", "x").rule("%", "完成省下达任务"), D("3"))
    assert assigned.status is P and "完成省下达任务尚未下达具体数值" in assigned.reason
    judged = parse("保持在合理区间", "%", "x").rule("%", "保持在合理区间")
    assert evaluate(judged, D("2")).reason == "定性目标“保持在合理区间”，待协调员评估"
    assert "缺少上年值" in evaluate(parse("持续下降", "%", "x").rule("%"), D("2")).reason
    assert "缺少基数" in evaluate(parse("翻一番", "亿元", "x").rule("亿元"), D("2")).reason


def test_a_judgement_decides_a_qualitative_target_even_without_a_number():
    from dataclasses import replace

    rule = parse("保持在合理区间", "%", "x").rule("%", "保持在合理区间")
    judged = replace(rule, judgement="met", judgement_reason="全年价格涨幅 2.1%，处于合理区间")
    assert evaluate(judged, None).status is M
    assert evaluate(judged, None).reason == "协调员评估：全年价格涨幅 2.1%，处于合理区间"
    assert evaluate(replace(rule, judgement="not_met", judgement_reason="偏离"), D("9")).status is N


def test_the_tolerance_of_keeping_pace_is_configurable():
    from dataclasses import replace

    rule = replace(parse("与全市经济增速保持同步", "%", "x").rule("%"), tolerance=D("1"))
    assert evaluate(rule, D("5"), reference=D("6")).status is M
    assert evaluate(rule, D("4.9"), reference=D("6")).status is N


@pytest.mark.parametrize(
    ("cell", "unit", "name"),
    [
        ("较快增长", "%", "x"),
        ("明显改善", "%", "x"),
        ("<4/较快增长", "%", "x"),
        ("<4/高于全市平均水平", "%", "x"),
        ("大幅度提升", "%", "x"),
    ],
)
def test_a_phrasing_it_cannot_read_lists_the_forms_it_can(cell, unit, name):
    with pytest.raises(CellError) as caught:
        parse(cell, unit, name)
    message = str(caught.value)
    assert message.startswith(f"无法识别的目标“{cell}”：可识别的写法有 ")
    for form in FORMS:
        assert form in message


@pytest.mark.parametrize(
    ("cell", "unit", "message"),
    [
        ("7-6", "%", "“7-6”的区间下限大于上限"),
        ("比2025年提高5", "%", "应写明降低或提高的是百分之几（%）还是几个百分点"),
        ("超过1.3万亿元", "家", "“超过1.3万亿元”的单位“万亿元”与指标的单位（“家”）不一致"),
    ],
)
def test_cells_with_a_known_form_but_a_wrong_detail(cell, unit, message):
    with pytest.raises(CellError, match=message):
        parse(cell, unit, "x")
