"""The appendix's cell texts as people type them (plans.sheet_cells), table-tested like indicators/rules.py."""

from decimal import Decimal

import pytest

from indicators.rules import Kind
from plans.sheet_cells import (
    CellError,
    TargetText,
    baseline_cell,
    department_names,
    header_key,
    indicator_cell,
    short_name_of,
    squeeze,
    target_cell,
    title_text,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "unit", "name", "expected"),
    [
        ("40", "万元/人", "规上制造业全员劳动生产率", TargetText(Kind.AT_LEAST, D("40"))),
        ("34.5左右", "%", "制造业增加值占无锡市比重", TargetText(Kind.APPROX, D("34.5"))),
        ("35%左右", "%", "制造业增加值占无锡市比重", TargetText(Kind.APPROX, D("35"))),
        (
            "３５．２％",
            "%",
            "x",
            TargetText(Kind.AT_LEAST, D("35.2")),
        ),  # full-width, as typed on a Chinese IME
        ("力争65", "%", "规上工业企业研发机构建有率", TargetText(Kind.STRIVE, D("65"))),
        ("力争1家", "家", "国家产业、技术、制造业创新中心数", TargetText(Kind.STRIVE, D("1"))),
        ("力争10家以上", "家", "x", TargetText(Kind.STRIVE, D("10"))),
        ("不低于30", "%", "x", TargetText(Kind.AT_LEAST, D("30"))),
        ("30以上", "%", "x", TargetText(Kind.AT_LEAST, D("30"))),
        ("不高于8.4", "立方米/万元", "x", TargetText(Kind.AT_MOST, D("8.4"))),
        ("8以下", "立方米/万元", "x", TargetText(Kind.AT_MOST, D("8"))),
        ("≤0.3", "吨标准煤/万元", "x", TargetText(Kind.AT_MOST, D("0.3"))),
        ("降低3", "%", "单位工业增加值能耗比2022年降低幅度", TargetText(Kind.AT_LEAST, D("3"))),
        ("-9.1", "%", "增速", TargetText(Kind.AT_LEAST, D("-9.1"))),
        ("年均增速高于规上工业增速", "%", "x", TargetText(Kind.RELATIVE, reference="规上工业增速")),
        ("全市领先", "%", "x", TargetText(Kind.LEADING)),
        ("保持无锡领先", "%", "x", TargetText(Kind.LEADING)),
        ("—", "%", "x", None),
        ("-", "%", "x", None),
    ],
)
def test_target_cells(text, unit, name, expected):
    assert target_cell(text, unit, name) == expected


@pytest.mark.parametrize(
    ("text", "unit", "name", "message"),
    [
        ("较快增长", "%", "x", "无法识别的目标“较快增长”"),
        ("力争1个", "家", "x", "“力争1个”的单位“个”与指标的单位（“家”）不一致"),
        ("5%", "", "两化融合发展水平", "“5%”的单位“%”与指标的单位（无单位）不一致"),
        ("力争35左右", "%", "x", "无法判断目标“力争35左右”的类型"),
        ("降低3", "吨标准煤/万元", "单位工业增加值能耗", "“降低3”是降低目标：指标应为降低幅度"),
        ("高于", "%", "x", "“高于”应写明高于什么"),
    ],
)
def test_target_cells_that_cannot_be_read(text, unit, name, message):
    with pytest.raises(CellError, match=message):
        target_cell(text, unit, name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("39.1", D("39.1")), ("34.4左右", D("34.4")), ("约34.4", D("34.4")), ("—", None), ("-9.1", D("-9.1"))],
)
def test_baseline_cells(text, expected):
    assert baseline_cell(text, "%") == expected


def test_a_baseline_that_is_no_number():
    with pytest.raises(CellError, match="“四十”不是有效的数字"):
        baseline_cell("四十", "%")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("规上制造业全员劳动生产率（万元/人）△", ("规上制造业全员劳动生产率", "万元/人", "△")),
        (
            "营业收入超百亿元工业企业数（法人口径）（家）△",
            ("营业收入超百亿元工业企业数（法人口径）", "家", "△"),
        ),
        ("两化融合发展水平△", ("两化融合发展水平", "", "△")),
        ("高技术制造业增加值增速(%)", ("高技术制造业增加值增速", "%", "")),
    ],
)
def test_indicator_cells(text, expected):
    assert indicator_cell(text) == expected


def test_cells_as_wrapped_in_word_and_excel():
    assert squeeze("44\n左右") == "44左右"
    assert squeeze(40.0) == "40" and squeeze(39.1) == "39.1" and squeeze(None) == ""
    assert header_key("指  标") == "指标" and header_key("2025年\n目标") == "2025年目标"
    assert header_key("指标（单位）") == "指标(单位)"
    assert department_names("组织部\n工信局") == ["组织部", "工信局"]
    assert department_names("发改委、科技局, 工信局") == ["发改委", "科技局", "工信局"]
    assert title_text("附件1：制造强市建设主要指标") == "制造强市建设主要指标" and title_text("附件") == ""
    assert short_name_of("制造强市建设主要指标") == "制造强市建设"
    assert short_name_of("江阴制造强市建设工作任务") == "江阴制造强市建设"
    assert short_name_of("规划") == "规划"
