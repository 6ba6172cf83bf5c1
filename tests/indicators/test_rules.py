"""Table tests for indicators.rules, on the seed appendix's real indicators (制造强市建设主要指标)."""

from decimal import Decimal as D

import pytest

from indicators.rules import (
    DEFAULT_TOLERANCE,
    Evaluation,
    Kind,
    Rule,
    Status,
    annual_change,
    completion_rate,
    evaluate,
    evaluate_average,
    evaluate_final,
)


def table(*rows):
    """Rows are (id, *args); the id names the seed indicator so a failure reads as the plan does."""
    return [pytest.param(*args, id=row_id) for row_id, *args in rows]


IND1_2024 = Rule(Kind.AT_LEAST, D("39.5"), unit="万元/人", source_text="39.5")
IND1_2025 = Rule(Kind.AT_LEAST, D("40"), unit="万元/人", source_text="40")
IND2_2024 = Rule(Kind.APPROX, D("34.8"), unit="%", source_text="34.8左右")
IND2_2024_TOL2 = Rule(Kind.APPROX, D("34.8"), tolerance=D("0.02"), unit="%", source_text="34.8左右")
IND5 = Rule(Kind.RELATIVE, unit="%", source_text="年均增速高于规上工业增速")
IND6_2023 = Rule(Kind.AT_LEAST, D("4800"), unit="亿元", source_text="4800")
IND9 = Rule(Kind.STRIVE, D("1"), unit="家", source_text="力争1家")
IND10_2025 = Rule(Kind.APPROX, D("76"), source_text="76左右")  # 两化融合发展水平 has no unit
IND12_2025 = Rule(Kind.AT_LEAST, D("8"), unit="%", source_text="8")  # cumulative reduction vs 2022
IND15 = Rule(Kind.LEADING, unit="%", source_text="全市领先")
IND17_2024 = Rule(Kind.AT_LEAST, D("30"), unit="%", source_text="30")  # a floor below the 32.41 baseline
AT_MOST = Rule(Kind.AT_MOST, D("0.5"), unit="%")  # no seed case

REF_7_2 = {"reference": D("7.2")}


# The reasons quoted in the brief and DESIGN.md, asserted verbatim.
@pytest.mark.parametrize(("rule", "value", "kwargs", "status", "reason"), table(
    ("ind2-2024-34.6-nearly", IND2_2024, D("34.6"), {}, Status.NEARLY_MET,
     "完成 34.6%，目标 34.8% 左右，差 0.2 个百分点，在容差内"),
    ("ind2-2024-34.0-not-met", IND2_2024, D("34.0"), {}, Status.NOT_MET,
     "完成 34%，目标 34.8% 左右，差 0.8 个百分点，超出容差（0.348 个百分点）"),
    ("ind1-2024-39.8-above", IND1_2024, D("39.8"), {}, Status.MET,
     "完成 39.8万元/人，目标 39.5万元/人，超出 0.3万元/人"),
    ("ind6-2023-4700-short", IND6_2023, D("4700"), {}, Status.NOT_MET, "完成 4700亿元，目标 4800亿元，差 100亿元"),
    ("ind1-2025-exactly-40", IND1_2025, D("40"), {}, Status.MET, "完成 40万元/人，达到目标 40万元/人"),
    ("ind1-2025-40.00", IND1_2025, D("40.00"), {}, Status.MET, "完成 40万元/人，达到目标 40万元/人"),
    ("ind9-0-strive", IND9, D("0"), {}, Status.STRIVE_NOT_MET, "完成 0家，力争 1家，尚未实现"),
    ("ind5-8.5-vs-7.2", IND5, D("8.5"), REF_7_2, Status.MET, "增速 8.5%，高于规上工业增速 7.2%（高 1.3 个百分点）"),
    ("ind15-rank-1", IND15, D("35.2"), {"rank": 1}, Status.MET, "占比 35.2%，排名第 1，全市领先"),
    ("ind15-rank-2", IND15, D("35.2"), {"rank": 2}, Status.NOT_MET, "占比 35.2%，排名第 2，未领先"),
))  # fmt: skip
def test_exact_reasons(rule, value, kwargs, status, reason):
    assert evaluate(rule, value, **kwargs) == Evaluation(status, reason)


# Every other case: the status, and the formatted numbers the reason must show.
@pytest.mark.parametrize(("rule", "value", "kwargs", "status", "shown"), table(
    ("ind2-2024-34.8-exactly", IND2_2024, D("34.8"), {}, Status.MET, ["完成 34.8%", "达到目标 34.8% 左右"]),
    ("ind2-2024-35-above", IND2_2024, D("35"), {}, Status.MET, ["完成 35%", "34.8%", "超出 0.2 个百分点"]),
    ("ind2-2024-34.60", IND2_2024, D("34.60"), {}, Status.NEARLY_MET, ["完成 34.6%，", "0.2 个百分点"]),
    ("ind2-2024-34.452-edge", IND2_2024, D("34.452"), {}, Status.NEARLY_MET, ["34.452%", "差 0.348 个百分点"]),
    ("ind2-2024-34.451-past", IND2_2024, D("34.451"), {}, Status.NOT_MET, ["差 0.349 个百分点", "（0.348"]),
    ("ind2-2024-34.4-not-met", IND2_2024, D("34.4"), {}, Status.NOT_MET, ["34.4%", "差 0.4 个百分点", "超出容差"]),
    ("ind2-2024-tol2-34.2", IND2_2024_TOL2, D("34.2"), {}, Status.NEARLY_MET, ["34.2%", "差 0.6 个百分点"]),
    ("ind2-2024-tol2-34.0", IND2_2024_TOL2, D("34.0"), {}, Status.NOT_MET, ["差 0.8 个百分点", "（0.696 个百分点）"]),
    ("ind10-2025-76-met", IND10_2025, D("76"), {}, Status.MET, ["完成 76，", "76 左右"]),
    ("ind10-2025-75.5-nearly", IND10_2025, D("75.5"), {}, Status.NEARLY_MET, ["完成 75.5，", "76 左右", "差 0.5，"]),
    ("ind10-2025-75-not-met", IND10_2025, D("75"), {}, Status.NOT_MET, ["完成 75，", "差 1，", "（0.76）"]),
    ("ind9-1-met", IND9, D("1"), {}, Status.MET, ["完成 1家", "力争 1家"]),
    ("ind9-2-met", IND9, D("2"), {}, Status.MET, ["完成 2家", "力争 1家"]),
    ("ind5-7.2-equal-not-higher", IND5, D("7.2"), REF_7_2, Status.NOT_MET, ["增速 7.2%", "7.2%持平"]),
    ("ind5-6-vs-7.2", IND5, D("6"), REF_7_2, Status.NOT_MET, ["增速 6%", "7.2%", "低 1.2 个百分点"]),
    ("ind5-negative", IND5, D("-1.5"), {"reference": D("-3")}, Status.MET, ["-1.5%", "-3%", "高 1.5 个百分点"]),
    ("ind5-no-reference", IND5, D("8.5"), {}, Status.PENDING, ["增速 8.5%", "缺少规上工业增加值增速，待评估"]),
    ("ind15-rank-3", IND15, D("35.2"), {"rank": 3}, Status.NOT_MET, ["占比 35.2%", "排名第 3"]),
    ("ind15-no-rank", IND15, D("35.0"), {}, Status.PENDING, ["占比 35%", "尚无排名，待协调员评估"]),
    ("ind17-2024-30-floor", IND17_2024, D("30"), {}, Status.MET, ["完成 30%", "达到目标 30%"]),
    ("ind17-2024-31.5", IND17_2024, D("31.5"), {}, Status.MET, ["31.5%", "超出 1.5 个百分点"]),
    ("ind17-2024-29.99", IND17_2024, D("29.99"), {}, Status.NOT_MET, ["29.99%", "差 0.01 个百分点"]),
    ("ind12-2025-8-met", IND12_2025, D("8"), {}, Status.MET, ["完成 8%", "达到目标 8%"]),
    ("ind12-2025-7.9-not-met", IND12_2025, D("7.9"), {}, Status.NOT_MET, ["7.9%", "差 0.1 个百分点"]),
    ("ind1-2025-1E+1", IND1_2025, D("1E+1"), {}, Status.NOT_MET, ["完成 10万元/人", "差 30万元/人"]),
    ("at-most-0.5-exactly", AT_MOST, D("0.5"), {}, Status.MET, ["完成 0.5%", "0.5%"]),
    ("at-most-0.4-below", AT_MOST, D("0.4"), {}, Status.MET, ["完成 0.4%", "0.1 个百分点"]),
    ("at-most-0.6-above", AT_MOST, D("0.6"), {}, Status.NOT_MET, ["完成 0.6%", "0.5%", "超出 0.1 个百分点"]),
))  # fmt: skip
def test_status_and_numbers(rule, value, kwargs, status, shown):
    result = evaluate(rule, value, **kwargs)
    assert result.status is status
    for text in shown:
        assert text in result.reason
    assert "\n" not in result.reason and "E" not in result.reason


ALL_KINDS = [
    IND1_2025,
    IND2_2024,
    IND9,
    IND5,
    IND15,
    AT_MOST,
    *(Rule(k, D("75"), unit="%") for k in (Kind.GREATER, Kind.LESS, Kind.EQUAL)),
    Rule(Kind.RANGE, D("6"), upper=D("7"), unit="%"),
    Rule(Kind.ALL, parts=(Rule(Kind.LESS, D("4")), Rule(Kind.LESS, D("5.5")))),
    Rule(Kind.CHANGE, D("2"), mode="times"),
    *(Rule(k) for k in (Kind.PACE, Kind.DIRECTION, Kind.ASSIGNED, Kind.JUDGED)),
]


@pytest.mark.parametrize("rule", ALL_KINDS, ids=[str(r.kind) for r in ALL_KINDS])
def test_no_value_for_every_kind(rule):
    assert {r.kind for r in ALL_KINDS} == set(Kind)
    # A rank or a reference without a value is still no figure.
    result = evaluate(rule, None, rank=1, reference=D("7.2"))
    assert result == Evaluation(Status.NO_VALUE, "尚无完成值")
    assert result.label == "无完成值"


@pytest.mark.parametrize("call", table(
    ("float-value", lambda: evaluate(IND2_2024, 34.6)),
    ("float-reference", lambda: evaluate(IND5, D("8.5"), reference=7.2)),
    ("float-target", lambda: Rule(Kind.AT_LEAST, 40.0)),
    ("float-tolerance", lambda: Rule(Kind.APPROX, D("34.8"), tolerance=0.02)),
    ("str-value", lambda: evaluate(IND2_2024, "34.6")),
    ("float-in-average", lambda: evaluate_average([D("5"), 9.0], [D("6"), D("7")])),
))  # fmt: skip
def test_non_decimal_raises_type_error(call):
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("call", table(
    ("rank-0", lambda: evaluate(IND15, D("35.2"), rank=0)),
    ("rank-bool", lambda: evaluate(IND15, D("35.2"), rank=True)),
    ("nan-value", lambda: evaluate(IND2_2024, D("NaN"))),
    ("at-least-without-target", lambda: Rule(Kind.AT_LEAST)),
    ("negative-tolerance", lambda: Rule(Kind.APPROX, D("34.8"), tolerance=D("-0.01"))),
    ("unknown-kind", lambda: Rule("no_such_kind", D("1"))),
    ("ind5-average-length-mismatch", lambda: evaluate_average([D("5"), D("9")], [D("6")])),
))  # fmt: skip
def test_invalid_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(("values", "references", "status", "reason"), table(
    ("ind5-avg-5-9-vs-6-7", [D("5"), D("9")], [D("6"), D("7")], Status.MET,
     "2 年平均增速 7%，高于规上工业同期平均增速 6.5%（高 0.5 个百分点）"),
    ("ind5-avg-equal", [D("6"), D("7")], [D("7"), D("6")], Status.NOT_MET,
     "2 年平均增速 6.5%，与规上工业同期平均增速 6.5%持平，未高于"),
    ("ind5-avg-lower", [D("5"), D("6"), D("7")], [D("6"), D("7"), D("8")], Status.NOT_MET,
     "3 年平均增速 6%，低于规上工业同期平均增速 7%（低 1 个百分点）"),
    ("ind5-avg-three-years-rounded", [D("1"), D("1"), D("2")], [D("1"), D("1"), D("1")], Status.MET,
     "3 年平均增速 1.33%，高于规上工业同期平均增速 1%（高 0.33 个百分点）"),
    ("ind5-avg-empty", [], [], Status.NO_VALUE, "尚无完成值"),
))  # fmt: skip
def test_evaluate_average(values, references, status, reason):
    assert evaluate_average(values, references) == Evaluation(status, reason)


@pytest.mark.parametrize(("status", "label", "failure"), [
    (Status.MET, "已达标", False),
    (Status.NEARLY_MET, "基本达标", False),
    (Status.NOT_MET, "未达标", True),
    (Status.STRIVE_NOT_MET, "力争未达", False),
    (Status.PENDING, "待评估", False),
    (Status.NO_VALUE, "无完成值", False),
])  # fmt: skip
def test_status_label_and_failure(status, label, failure):
    assert status.label == label
    assert status.is_failure is failure
    assert Evaluation(status, "x").label == label


def test_strive_not_met_is_not_a_failure():
    result = evaluate(IND9, D("0"))
    assert result.status is Status.STRIVE_NOT_MET and not result.status.is_failure
    assert result.label == "力争未达"


def test_stored_codes_and_defaults():
    assert [k.value for k in Kind] == [
        "at_least", "approx", "strive", "relative", "leading", "at_most",  # the seed's six, stored codes
        "greater", "less", "equal", "range", "all", "change", "pace", "direction", "assigned", "judged",
    ]  # fmt: skip
    assert [s.value for s in Status] == [
        "met",
        "nearly_met",
        "not_met",
        "strive_not_met",
        "pending",
        "no_value",
    ]
    assert str(DEFAULT_TOLERANCE) == "0.01"
    rule = Rule("approx", D("34.8"))  # codes read back from the database are plain str
    assert rule.kind is Kind.APPROX and rule.unit == "" and rule.tolerance is None


# 终期评估 (final assessment): the final year's rule, but indicator 5 on the 2023–2025 averages.
SERIES_GOOD_2025_HIDES_TWO_BAD = [(2023, D("3"), D("7")), (2024, D("4"), D("7")), (2025, D("12"), D("7"))]


@pytest.mark.parametrize(("rule", "value", "kwargs", "status", "reason"), table(
    ("ind1-final-40", IND1_2025, D("40.2"), {}, Status.MET, "完成 40.2万元/人，目标 40万元/人，超出 0.2万元/人"),
    ("ind1-final-missing", IND1_2025, None, {}, Status.NO_VALUE, "尚无完成值"),
    ("ind15-final-rank1", IND15, D("21"), {"rank": 1}, Status.MET, "占比 21%，排名第 1，全市领先"),
    # One good final year does not hide two bad ones: the annual rule would say 已达标 (12 > 7).
    ("ind5-final-average-not-met", IND5, D("12"), {"reference": D("7"), "series": SERIES_GOOD_2025_HIDES_TWO_BAD},
     Status.NOT_MET, "3 年平均增速 6.33%，低于规上工业同期平均增速 7%（低 0.67 个百分点）"),
    ("ind5-final-average-met", IND5, D("9"), {"reference": D("7"),
     "series": [(2023, D("8"), D("6")), (2024, D("8"), D("7")), (2025, D("9"), D("7"))]},
     Status.MET, "3 年平均增速 8.33%，高于规上工业同期平均增速 6.67%（高 1.67 个百分点）"),
    ("ind5-final-year-missing", IND5, None, {"series": [(2023, D("8"), D("6"))]}, Status.NO_VALUE, "尚无完成值"),
    ("ind5-final-gap-in-series", IND5, D("9"), {"reference": D("7"),
     "series": [(2023, D("8"), D("6")), (2024, None, D("7")), (2025, D("9"), D("7"))]},
     Status.PENDING, "缺少 2024 年的增速或规上工业增速，无法比较年均增速"),
))  # fmt: skip
def test_evaluate_final(rule, value, kwargs, status, reason):
    assert evaluate_final(rule, value, **kwargs) == Evaluation(status, reason)


@pytest.mark.parametrize(("rule", "value", "rate"), table(
    ("ind1-2025", IND1_2025, D("40.2"), D("100.5")),
    ("ind2-approx", IND2_2024, D("34.6"), D("99.4")),
    ("ind9-strive", IND9, D("0"), D("0.0")),
    ("at-most-inverted", AT_MOST, D("0.4"), D("125.0")),
    ("at-most-zero-value", AT_MOST, D("0"), None),
    ("ind5-relative", IND5, D("9"), None),
    ("ind15-leading", IND15, D("21"), None),
    ("no-value", IND1_2025, None, None),
))  # fmt: skip
def test_completion_rate(rule, value, rate):
    assert completion_rate(rule, value) == rate


@pytest.mark.parametrize(("baseline", "value", "years", "unit", "text"), table(
    ("ind1-cagr", D("39.1"), D("40.2"), 3, "万元/人", "年均增长 0.9%"),
    ("ind6-decline", D("5000"), D("4500"), 3, "亿元", "年均下降 3.5%"),
    ("ind2-share-points", D("34.4"), D("35.1"), 3, "%", "年均增加 0.23 个百分点"),
    ("ind17-share-falls", D("32.41"), D("30.01"), 3, "%", "年均减少 0.8 个百分点"),
    ("ind10-no-unit", D("70"), D("76"), 3, "", "年均增长 2.8%"),
    ("ind9-from-zero", D("0"), D("1"), 3, "家", "—"),
    ("no-baseline", None, D("1"), 3, "家", "—"),
    ("no-value", D("1"), None, 3, "家", "—"),
))  # fmt: skip
def test_annual_change(baseline, value, years, unit, text):
    assert annual_change(baseline, value, years, unit) == text
