"""Table tests for indicators.quality on the seed indicators, with the rule data of fixtures/plan/quality.yaml."""

import builtins
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from indicators.quality import (
    Code,
    CrossRule,
    Finding,
    IndicatorFacts,
    Level,
    QualityRules,
    Range,
    SeriesRules,
    check,
)
from indicators.quality_expr import ExprError, parse
from indicators.quality_rules_file import QualityRulesError, load_rules

PLAN = Path(__file__).resolve().parents[2] / "fixtures" / "plan"
INDICATORS = yaml.safe_load((PLAN / "indicators.yaml").read_text(encoding="utf-8"))
CODES = {i["number"] for i in INDICATORS["indicators"]} | {c["code"] for c in INDICATORS["companions"]}
SEED = load_rules(yaml.safe_load((PLAN / "quality.yaml").read_text(encoding="utf-8")), codes=CODES)
FACTS = {
    i.get("number") or i["code"]: IndicatorFacts(
        i.get("number") or i["code"], i["unit"], i.get("ytd", "level")
    )
    for i in INDICATORS["indicators"] + INDICATORS["companions"]
}


def table(*rows):
    """Rows are (id, *args); the id names the seed indicator so a failure reads as the plan does."""
    return [pytest.param(*args, id=row_id) for row_id, *args in rows]


def annual(**values):
    """History of annual figures: annual(y2023="39.4") -> {(2023, "year"): Decimal("39.4")}."""
    return {(int(key[1:]), "year"): D(value) for key, value in values.items()}


def seed_check(code, value, *, year=2024, period="year", history=None, same_round=None, rules=SEED):
    return check(
        D(value),
        indicator=FACTS[code],
        year=year,
        period=period,
        rules=rules,
        history=history,
        same_round=same_round,
    )


def custom_check(value, series, *, unit="家", history=None):
    """A rule set of one series "x", for behaviour the seed data does not exercise."""
    rules = QualityRules({"x": series})
    facts = IndicatorFacts("x", unit)
    return check(D(value), indicator=facts, year=2024, period="year", rules=rules, history=history)


IND1_HISTORY = annual(y2022="39.1", y2023="39.4")
IND5_2024 = {(2024, "q1"): D("-5.2"), (2024, "h1"): D("-4.8")}


# Each kind of slip the issue names, with the message verbatim: what looks wrong and what the value would be.
@pytest.mark.parametrize(("code", "value", "kwargs", "level", "finding", "message"), table(
    ("ind1-3900-decimal-slip", "1", "3900", {"history": IND1_HISTORY}, Level.HARD, Code.UNIT_SLIP,
     "3900万元/人超出有效范围（0–400万元/人）。约为预期的 100 倍，是否多打了 0 或小数点错位？应为 39万元/人"),
    ("ind1-3900-no-history", "1", "3900", {}, Level.HARD, Code.UNIT_SLIP,
     "3900万元/人超出有效范围（0–400万元/人）。约为预期的 100 倍，是否多打了 0 或小数点错位？应为 39万元/人"),
    ("ind1-yuan-per-person", "1", "391000", {"history": IND1_HISTORY}, Level.HARD, Code.UNIT_SLIP,
     "391000万元/人超出有效范围（0–400万元/人）。是否误用了“元/人”？按万元/人计为 39.1"),
    ("ind2-fraction-for-percent", "2", "0.345", {"history": annual(y2023="34.6")}, Level.SOFT, Code.UNIT_SLIP,
     "0.345%不在常见范围（28–42%）内。是否把百分数写成了小数？按百分比计为 34.5"),
    ("ind7-fraction-for-percent", "7", "0.0195", {}, Level.SOFT, Code.UNIT_SLIP,
     "0.0195%不在常见范围（1–4%）内。是否把百分数写成了小数？按百分比计为 1.95"),
    ("ind2-share-over-100-slip", "2", "3450", {}, Level.HARD, Code.UNIT_SLIP,
     "3450%超出有效范围（0–100%）。约为预期的 100 倍，是否多打了 0 或小数点错位？应为 34.5%"),
    ("ind6-wanyuan-for-yiyuan", "6", "52000000", {"history": annual(y2023="4900")}, Level.SOFT, Code.UNIT_SLIP,
     "52000000亿元不在常见范围（3500–7500亿元）内。是否误用了“万元”？按亿元计为 5200"),
    ("ind6-yuan-for-yiyuan", "6", "520000000000", {}, Level.SOFT, Code.UNIT_SLIP,
     "520000000000亿元不在常见范围（3500–7500亿元）内。是否误用了“元”？按亿元计为 5200"),
    ("ind14-extra-zero", "14", "2000", {"history": annual(y2023="198")}, Level.SOFT, Code.UNIT_SLIP,
     "2000家不在常见范围（100–400家）内。约为预期的 10 倍，是否多打了 0 或小数点错位？应为 200家"),
    ("ind13-extra-zero-by-history", "13", "50", {"history": annual(y2023="5")}, Level.SOFT, Code.UNIT_SLIP,
     "50家不在常见范围（2–12家）内。约为预期的 10 倍，是否多打了 0 或小数点错位？应为 5家"),
    ("ind11-missing-zero", "11", "79", {"history": annual(y2023="780")}, Level.SOFT, Code.UNIT_SLIP,
     "79亿元不在常见范围（450–1200亿元）内。约为预期的 1/10，是否少打了 0 或小数点错位？应为 790亿元"),
    ("ind2-share-101", "2", "101", {}, Level.HARD, Code.OUT_OF_RANGE, "101%超出有效范围（0–100%），请更正"),
    ("ind17-negative-share", "17", "-1", {}, Level.HARD, Code.OUT_OF_RANGE, "-1%超出有效范围（0–100%），请更正"),
    ("ind10-index-over-100", "10", "100.5", {}, Level.HARD, Code.OUT_OF_RANGE, "100.5超出有效范围（0–100），请更正"),
    ("ind5-below-minus-100", "5", "-101", {}, Level.HARD, Code.OUT_OF_RANGE, "-101%超出有效范围（不低于 -100%），请更正"),
    ("ind12-reduction-over-100", "12", "120", {}, Level.HARD, Code.OUT_OF_RANGE, "120%超出有效范围（不高于 100%），请更正"),
    ("ind13-half-a-company", "13", "4.5", {}, Level.HARD, Code.NOT_WHOLE, "4.5家应为整数"),
    ("ind1-high-no-slip", "1", "60", {}, Level.SOFT, Code.IMPLAUSIBLE, "60万元/人不在常见范围（30–50万元/人）内，请核实"),
    ("ind5-sign-lost-q3", "5", "5.6", {"period": "q3", "history": IND5_2024}, Level.SOFT, Code.SIGN_FLIP,
     "5.6%与2024年上半年 -4.8%符号相反，是否漏写或多写了负号？若符号有误应为 -5.6%"),
    ("ind6-year-below-q3", "6", "3500", {"history": {(2024, "h1"): D("2400"), (2024, "q3"): D("3600")}},
     Level.HARD, Code.YTD_DECREASE, "全年累计 3500亿元小于前三季度累计 3600亿元：年内累计数只增不减"),
    ("ind6-q1-above-h1", "6", "2500", {"period": "q1", "history": {(2024, "h1"): D("2400")}},
     Level.HARD, Code.YTD_DECREASE, "一季度累计 2500亿元大于上半年累计 2400亿元：年内累计数只增不减"),
    ("ind18-year-below-h1", "18", "5", {"history": {(2024, "h1"): D("6")}}, Level.HARD, Code.YTD_DECREASE,
     "全年累计 5人小于上半年累计 6人：年内累计数只增不减"),
    ("ind14-stock-falls", "14", "160", {"history": annual(y2022="141", y2023="170")}, Level.SOFT, Code.STOCK_FALL,
     "160家少于2023年全年 170家：存量数通常不会减少，请核实"),
    ("ind9-centre-vanishes", "9", "0", {"history": annual(y2023="1")}, Level.SOFT, Code.STOCK_FALL,
     "0家少于2023年全年 1家：存量数通常不会减少，请核实"),
    ("ind14-above-a-later-year", "14", "210", {"year": 2023, "history": annual(y2022="141", y2024="200")},
     Level.SOFT, Code.STOCK_FALL, "210家多于其后2024年全年 200家：存量数其后通常不会减少，请核实"),
))  # fmt: skip
def test_each_slip_named(code, value, kwargs, level, finding, message):
    assert seed_check(code, value, **kwargs) == [Finding(level, finding, message)]


def test_wanyuan_slip_worded_as_in_the_issue():
    """×10,000 in a 万元 unit: the issue's own wording."""
    series = SeriesRules("x", Range(D(0)), Range(D("0.2"), D("0.8")))
    [finding] = custom_check("3900", series, unit="万元", history=annual(y2023="0.4"))
    assert finding == Finding(
        Level.SOFT, Code.UNIT_SLIP, "3900万元不在常见范围（0.2–0.8万元）内。是否误用了“元”？按万元计为 0.39"
    )


def test_ind1_3900_blocks_before_it_could_count_as_met():
    """3900 for 规上制造业全员劳动生产率 was 已达标 against 39.5: it must now be refused, naming 39."""
    findings = seed_check("1", "3900", history=IND1_HISTORY)
    assert [f.blocks for f in findings] == [True]
    assert "应为 39万元/人" in findings[0].message


# Merely unusual values: a good (or bad) year inside the usual range is never refused, and mostly not even flagged.
@pytest.mark.parametrize(("code", "value", "history"), table(
    ("ind14-good-year", "14", "260", annual(y2022="141", y2023="170", y2024="200")),
    ("ind6-good-year", "6", "6500", annual(y2023="4900", y2024="5200")),
    ("ind11-good-year", "11", "1000", annual(y2023="720", y2024="790")),
    ("ind1-good-year", "1", "44", annual(y2023="39.4", y2024="39.7")),
    ("ind13-two-more-giants", "13", "6", annual(y2023="4", y2024="4")),
    ("ind13-one-fewer-giant", "13", "3", annual(y2024="4")),
    ("ind9-first-centre", "9", "1", annual(y2023="0", y2024="0")),
    ("ind18-weak-year", "18", "2", annual(y2024="5")),
    ("ind12-energy-rose", "12", "-2", annual(y2024="-1")),
    ("ind5-small-sign-change", "5", "-0.4", annual(y2024="0.6")),
    ("ind17-below-floor", "17", "29.5", annual(y2024="31.2")),
))  # fmt: skip
def test_unusual_but_possible_values_pass(code, value, history):
    assert seed_check(code, value, year=2025, history=history) == []


STEADY_5PCT = annual(y2018="1800", y2019="1890", y2020="1985", y2021="2080", y2022="2185", y2023="2290")
RATES = annual(y2019="6", y2020="5", y2021="7", y2022="6", y2023="7")


# Enough history: the series' own year-over-year changes decide (modified z-score > 3.5), and only warn.
@pytest.mark.parametrize(("code", "value", "history", "message"), table(
    # 科技型中小企业入库数 grew about 5 % a year; +18 % is inside the usual range and under ×3: only MAD sees it
    ("ind16-strong-year", "16", "2700", STEADY_5PCT,
     "2700家较2023年全年 2290家增长 17.9%，远超该序列以往各年的变化（中位数为增长 5%），请核实"),
    ("ind16-ordinary-year", "16", "2400", STEADY_5PCT, None),
    ("rate-changes-in-points", "gsgyzjzzs", "29", RATES,
     "29%较2023年全年 7%变化 +22 个百分点，远超该序列以往各年的变化（中位数为变化 0 个百分点），请核实"),
    ("rate-ordinary", "gsgyzjzzs", "8.5", RATES, None),
))  # fmt: skip
def test_mad_outlier(code, value, history, message):
    expected = [Finding(Level.SOFT, Code.OUTLIER, message)] if message else []
    assert seed_check(code, value, history=history) == expected


def test_mad_needs_four_past_changes_else_fixed_ratio():
    history = annual(y2020="1890", y2021="1985", y2022="2080", y2023="2185")  # three changes only
    assert seed_check("16", "2700", history=history) == []  # ×1.24: under the fixed ratio
    assert seed_check("16", "2700", history={**history, **annual(y2019="1800")})[0].code is Code.OUTLIER


def test_mad_zero_falls_back_to_mean_deviation():
    # Three of four past changes are exactly +10 %: the MAD is 0, the mean absolute deviation is not.
    history = annual(y2019="100", y2020="110", y2021="121", y2022="133.1", y2023="139.755")
    assert custom_check("153.7", SeriesRules("x"), history=history) == []  # +10 %
    assert [f.code for f in custom_check("200", SeriesRules("x"), history=history)] == [Code.OUTLIER]  # +43 %


@pytest.mark.parametrize(("value", "ratio", "message"), table(
    ("over-x3", "31", None, "31家是2023年全年 10家的 3.1 倍，变化异常，请核实"),
    ("under-a-third", "3", None, "3家仅为2023年全年 10家的 30%，变化异常，请核实"),
    ("exactly-x3", "30", None, None),
    ("ratio-override", "31", "4", None),
))  # fmt: skip
def test_fixed_ratio_fallback(value, ratio, message):
    findings = custom_check(value, SeriesRules("x", ratio=D(ratio or 3)), history=annual(y2023="10"))
    assert findings == ([Finding(Level.SOFT, Code.OUTLIER, message)] if message else [])


def test_ind18_small_counts_use_ratio_4():
    assert seed_check("18", "19", history=annual(y2024="5"), year=2025) == []
    [finding] = seed_check("18", "25", history=annual(y2024="5"), year=2025)
    assert finding.message == "25人是2024年全年 5人的 5 倍，变化异常，请核实"


def test_growth_rate_sign_flip_against_last_year():
    # 2022 was -9.1; a positive 2023 is flagged softly (the reporter confirms), never refused.
    [finding] = seed_check("5", "8.5", year=2023, history=annual(y2022="-9.1"))
    assert finding.level is Level.SOFT and finding.code is Code.SIGN_FLIP
    assert finding.message.endswith("若符号有误应为 -8.5%")


def test_year_to_date_order_only_for_flow_series():
    ytd = {(2024, "h1"): D("36"), (2024, "q3"): D("35")}
    assert seed_check("2", "34.5", history=ytd) == []  # a share is a level: it may fall during the year
    assert seed_check("6", "3700", history={(2024, "q3"): D("3600")}) == []
    assert seed_check("6", "1300", period="q1", history={(2024, "h1"): D("2600")}) == []


def test_ytd_value_only_checked_against_the_annual_maximum():
    assert seed_check("6", "1200", period="q1") == []  # below the annual 3500 floor, as a quarter should be
    [finding] = seed_check("6", "8000", period="q3")
    assert finding.message == "8000亿元不在常见范围（不高于 7500亿元）内，请核实"


def test_stock_rule_is_opt_in_and_can_be_hard():
    history = annual(y2023="6")
    assert seed_check("13", "5", history=history) == []  # 超百亿 companies may drop out: not opted in
    rules = QualityRules({"13": SeriesRules("13", cannot_fall=Level.HARD)})
    [finding] = seed_check("13", "5", history=history, rules=rules)
    assert finding.blocks and finding.code is Code.STOCK_FALL


# Cross-indicator rules: evaluated when every input is present, skipped otherwise.
@pytest.mark.parametrize(("code", "value", "period", "same_round", "expected"), table(
    ("ind16-below-ind14", "16", "150", "year", {"14": D("200")},
     [Finding(Level.SOFT, Code.CROSS, "省级以上专精特新中小企业 200 家多于科技型中小企业入库数 150 家，请核实",
              "zjtx_within_kjx")]),
    ("ind14-above-ind16", "14", "200", "year", {"16": D("150")},
     [Finding(Level.SOFT, Code.CROSS, "省级以上专精特新中小企业 200 家多于科技型中小企业入库数 150 家，请核实",
              "zjtx_within_kjx")]),
    ("ind14-within-ind16", "14", "200", "year", {"16": D("2300")}, []),
    ("ind14-ind16-missing-skipped", "14", "200", "year", {}, []),
    ("ind5-far-from-reference", "5", "-9.1", "year", {"gsgyzjzzs": D("25")},
     [Finding(Level.SOFT, Code.CROSS, "高技术制造业增加值增速 -9.1% 与规上工业增加值增速 25% 相差超过 30 个百分点，"
              "请核实两者的符号与口径", "gjs_vs_gsgy")]),
    ("ind5-near-reference", "5", "9.1", "year", {"gsgyzjzzs": D("7.5")}, []),
    ("ind13-giants-exceed-clusters", "13", "6", "year", {"6": D("500")},
     [Finding(Level.SOFT, Code.CROSS, "营收超百亿元工业企业 6 家，营收合计已超过十个集群营业收入总量 500 亿元，请核实",
              "bgqy_within_jq")]),
    ("ind6-giants-rule-annual-only", "6", "500", "q1", {"13": D("6")}, []),
))  # fmt: skip
def test_cross_rules(code, value, period, same_round, expected):
    findings = seed_check(code, value, period=period, same_round=same_round)
    assert [f for f in findings if f.code is Code.CROSS] == expected


def test_hard_part_exceeds_whole_and_hard_first():
    rule = CrossRule("part", parse("#13 <= #14"), "部分 {#13} 大于整体 {#14}", Level.HARD)
    rules = QualityRules({"13": SeriesRules("13", plausible=Range(D(0), D(10)))}, (rule,))
    findings = seed_check("13", "20", same_round={"14": D("15")}, rules=rules)
    assert [(f.level, f.code) for f in findings] == [(Level.HARD, Code.CROSS), (Level.SOFT, Code.IMPLAUSIBLE)]
    assert findings[0].message == "部分 20 大于整体 15" and findings[0].rule == "part"


# The expression language.
ENV = {"1": D("2"), "2": D("3"), "13": D("4"), "14": D("5"), "gsgyzjzzs": D("7.5")}


@pytest.mark.parametrize(("source", "holds"), table(
    ("mul-before-add", "1 + 2 * 3 == 7", True),
    ("parentheses", "(1 + 2) * 3 = 9", True),
    ("div-left-assoc", "8 / 4 / 2 == 1", True),
    ("sub-left-assoc", "10 - 4 - 3 == 3", True),
    ("unary-minus", "-#1 - -3 == 1", True),
    ("refs", "#13 <= #14", True),
    ("companion-code", "#gsgyzjzzs - #1 * 2 > 3", True),
    ("and-before-or", "#1 > 5 and #2 > 5 or #13 < 5", True),
    ("or-then-and", "#1 > 5 and (#2 > 5 or #13 < 5)", False),
    ("not-binds-tighter-than-and", "not #1 > 5 and #2 > 1", True),
    ("not-not", "not not #1 = 2", True),
    ("chained", "0 <= #2 <= 100", True),
    ("chained-false", "0 <= #14 <= 4", False),
    ("unicode-ops", "#1 ≤ 2 and #2 ≥ 3 and #13 ≠ 5", True),
    ("decimal-exact", "0.1 + 0.2 == 0.3", True),
))  # fmt: skip
def test_expression_semantics(source, holds):
    assert parse(source).holds(ENV) is holds


@pytest.mark.parametrize(("source", "position", "message"), table(
    ("python-call", "__import__('os')", 1, "无法识别的名称“__import__”"),
    ("python-after-valid", "#1 > 0 and __import__('os').system('x')", 12, "无法识别的名称“__import__”"),
    ("attribute", "#1.real > 0", 3, "无法识别的字符“.”"),
    ("string", "'a' > 0", 1, "无法识别的字符“'”"),
    ("lambda", "lambda: 1", 1, "无法识别的名称“lambda”"),
    ("power", "#1 ** 2 > 0", 5, "此处应为数值、指标引用或“(”，实为“*”"),
    ("dangling-op", "#13 <=", 7, "表达式意外结束"),
    ("unclosed", "(#13 <= #14", 12, "缺少与第 1 个字符处“(”配对的“)”"),
    ("extra-paren", "#13 <= #14)", 11, "多余的“)”"),
    ("bare-hash", "# <= 1", 1, "“#”后应为指标序号"),
    ("number-not-condition", "#13 + #14", 1, "规则应为条件"),
    ("and-of-numbers", "#13 > 1 and #14", 9, "“and”右侧应为条件，实为数值"),
    ("compare-condition", "(#13 > 1) < 2", 11, "“<”左侧应为数值，实为条件"),
    ("arith-on-condition", "(#1 > 1) + 1 > 0", 10, "“+”左侧应为数值，实为条件"),
    ("empty", "   ", 1, "规则表达式为空"),
    ("fullwidth-paren", "（#13 <= #14）", 1, "无法识别的字符“（”"),
    ("too-deep", "(" * 40 + "1" + ")" * 40 + " > 0", 31, "括号、not 或正负号嵌套超过 30 层"),
    ("too-many-signs", "-" * 200 + "1 > 0", 31, "嵌套超过 30 层"),
    ("too-many-nots", "not " * 40 + "1 > 0", 121, "嵌套超过 30 层"),
    ("too-long", "#1 > 0 " + "or #1 > 0 " * 60, 501, "超过 500 个字符"),
))  # fmt: skip
def test_expression_errors_name_the_position(source, position, message):
    with pytest.raises(ExprError) as caught:
        parse(source)
    assert caught.value.position == position
    assert str(caught.value).startswith(f"第 {position} 个字符处：") and message in str(caught.value)


def test_expressions_never_reach_python_eval(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec/compile called")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, refuse)
    expr = parse("#13 * 100 <= #6 and not (#5 - #gsgyzjzzs > 30 or #gsgyzjzzs - #5 > 30)")
    assert expr.refs == {"13", "6", "5", "gsgyzjzzs"}
    assert expr.holds({"13": D(4), "6": D(4528), "5": D("-9.1"), "gsgyzjzzs": D(3)}) is True


def test_missing_input_or_division_by_zero_skips():
    expr = parse("#13 / #14 < 1")
    assert expr.holds({"13": D(1)}) is None
    assert expr.holds({"13": D(1), "14": D(0)}) is None
    assert expr.holds({"13": D(1), "14": D(2)}) is True
    # and/or would not need the second input here; a rule is still judged only with all of them
    assert parse("#1 > 100 and #99 > 0").holds({"1": D(2)}) is None
    assert parse("#1 > 0 or #99 > 0").holds({"1": D(2)}) is None


# The rule data.
def test_quality_yaml_covers_every_indicator_and_companion():
    assert set(SEED.series) == CODES
    for item in INDICATORS["indicators"]:
        series = SEED.series[item["number"]]
        assert series.plausible.min is not None and series.plausible.max is not None, item["name"]
        if item["unit"] == "%" and not series.signed:
            assert (series.valid.min, series.valid.max) == (D(0), D(100)), item["name"]
        if item["unit"] in ("家", "人"):
            assert series.whole and series.valid.min == 0, item["name"]


@pytest.mark.parametrize("item", INDICATORS["indicators"], ids=lambda item: item["number"])
def test_the_plans_own_path_raises_nothing(item):
    """Baseline then targets, year after year: the plan itself must look plausible under its own rules."""
    code, history = item["number"], {}
    path = [(2022, item["baseline"])] + [
        (int(year), t if isinstance(t, str) else t.get("value")) for year, t in item["targets"].items()
    ]
    for year, raw in path:
        if raw is None or raw == "—":
            continue
        assert seed_check(code, raw, year=year, history=history) == [], (year, raw)
        history[(year, "year")] = D(raw)


@pytest.mark.parametrize(("data", "message"), table(
    ("not-a-mapping", [], "quality.yaml：应为键值映射"),
    ("unknown-top-key", {"rules": []}, "quality.yaml：未知的键“rules”"),
    ("series-not-list", {"series": {"1": {}}}, "quality.yaml：“series”应为列表"),
    ("unknown-key", {"series": [{"code": "1", "max": "3"}]}, "quality.yaml series 第 1 项（1）：未知的键“max”"),
    ("float-number", {"series": [{"code": "1", "valid": {"min": 39.1}}]},
     "quality.yaml series 第 1 项（1）：“valid.min”应为写成文本的数值（如 \"39.1\"），实为“39.1”"),
    ("bad-number", {"series": [{"code": "1", "valid": {"max": "百"}}]}, "“valid.max”应为写成文本的数值"),
    ("min-above-max", {"series": [{"code": "2", "plausible": {"min": "50", "max": "40"}}]},
     "quality.yaml series 第 1 项（2）：“plausible”的 min 50 大于 max 40"),
    ("plausible-outside-valid", {"series": [{"code": "2", "valid": {"min": "0", "max": "100"},
                                              "plausible": {"min": "-5"}}]}, "常见范围的 min -5 超出有效范围"),
    ("duplicate-code", {"series": [{"code": "1"}, {"code": "1"}]}, "quality.yaml series 第 2 项（1）：代码“1”重复"),
    ("unknown-code", {"series": [{"code": "19"}]}, "quality.yaml series 第 1 项（19）：代码“19”不是规划中的指标或配套数据"),
    ("missing-code", {"series": [{"whole": True}]}, "quality.yaml series 第 1 项：缺少“code”"),
    ("bad-flag", {"series": [{"code": "9", "whole": "yes"}]}, "“whole”应为 true 或 false，实为“yes”"),
    ("bad-level", {"series": [{"code": "9", "cannot_fall": "warn"}]}, "“cannot_fall”应为 hard 或 soft，实为“warn”"),
    ("ratio-not-above-1", {"series": [{"code": "18", "ratio": "1"}]}, "“ratio”应大于 1，实为“1”"),
    ("bad-expression", {"cross": [{"id": "a", "expr": "#13 <= ", "message": "m"}]},
     "quality.yaml cross 第 1 项（a）：表达式“#13 <=”第 7 个字符处：表达式意外结束"),
    ("unknown-ref", {"cross": [{"id": "a", "expr": "#13 <= #99", "message": "m"}]},
     "quality.yaml cross 第 1 项（a）：表达式引用的“#99”不是规划中的指标或配套数据"),
    ("placeholder-not-in-expr", {"cross": [{"id": "a", "expr": "#13 <= #14", "message": "{#16} 太多"}]},
     "提示语中的“{#16}”未出现在表达式中"),
    ("duplicate-id", {"cross": [{"id": "a", "expr": "#1 > 0", "message": "m"}] * 2},
     "quality.yaml cross 第 2 项（a）：规则编号“a”重复"),
    ("missing-message", {"cross": [{"id": "a", "expr": "#1 > 0"}]}, "quality.yaml cross 第 1 项（a）：缺少“message”"),
    ("bad-periods", {"cross": [{"id": "a", "expr": "#1 > 0", "message": "m", "periods": ["q2"]}]},
     "“periods”应为 q1, h1, q3, year 中的一项或几项"),
))  # fmt: skip
def test_loader_errors_name_the_entry(data, message):
    with pytest.raises(QualityRulesError) as caught:
        load_rules(data, codes=CODES)
    assert any(message in error for error in caught.value.errors), caught.value.errors


def test_loader_reports_every_problem_at_once():
    data = {
        "series": [{"code": "1", "valid": {"min": "x"}}, {"code": "2", "whole": 1}],
        "cross": [{"id": "a"}],
    }
    with pytest.raises(QualityRulesError) as caught:
        load_rules(data)
    assert len(caught.value.errors) == 4  # valid.min, whole, expr, message


@pytest.mark.parametrize("call", table(
    ("float-value", lambda: check(39.5, indicator=FACTS["1"], year=2024, period="year", rules=SEED)),
    ("float-history", lambda: check(D(1), indicator=FACTS["1"], year=2024, period="year", rules=SEED,
                                    history={(2023, "year"): 39.5})),
    ("nan-value", lambda: seed_check("1", "NaN")),
))  # fmt: skip
def test_non_decimal_raises_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_unknown_period_raises_value_error():
    with pytest.raises(ValueError):
        seed_check("1", "39", period="q2")
    with pytest.raises(ValueError):
        seed_check("1", "39", history={(2024, "q2"): D(39)})


def test_stored_codes():
    assert [c.value for c in Code] == [
        "not_whole", "out_of_range", "implausible", "unit_slip", "outlier", "sign_flip", "ytd_decrease",
        "stock_fall", "cross",
    ]  # fmt: skip
    assert [lv.value for lv in Level] == ["hard", "soft"]
