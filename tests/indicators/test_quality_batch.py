"""The batch 数据质量 check: `quality_batch.quiet` may clear a row only when `check` finds nothing (random
series through every rule), and `QualityBook.check_rows` says exactly what `findings` says row by row."""

from decimal import Decimal as D

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indicators.models import Indicator
from indicators.quality import (
    PERIODS,
    CrossRule,
    IndicatorFacts,
    Level,
    QualityRules,
    Range,
    SeriesRules,
    check,
)
from indicators.quality_batch import quiet
from indicators.quality_expr import parse
from indicators.quality_inputs import QualityBook

CODES = ("a", "b", "c")
# Year-over-year moves: steady growth, ties (a MAD of 0), falls, the fixed ratio's edge (×3, ÷3), slips.
MOVES = ("1", "1", "1.05", "1.1", "1.1", "0.95", "0.9", "2", "3", "3.01", D(1) / 3, "0.3", "10", "0.1", "-1")


def decimals(low, high, places=1):
    return st.decimals(min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False)


@st.composite
def ranges(draw):
    low, high = draw(st.none() | decimals(-50, 100)), draw(st.none() | decimals(-50, 2000))
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Range(low, high)


@st.composite
def a_series(draw, code):
    """Facts, rules and a history: an annual walk of MOVES (with small additive noise), and for some years
    year-to-date values that keep or break their order."""
    signed, ratio = draw(st.booleans()), draw(st.sampled_from([D(3), D(2), D(4), D("1.5")]))
    rules = SeriesRules(code, signed=signed, ratio=ratio)  # half the series: the outlier rule alone
    if draw(st.booleans()):
        rules = SeriesRules(
            code,
            valid=draw(st.just(Range()) | ranges()),
            plausible=draw(st.just(Range()) | ranges()),
            whole=draw(st.booleans()),
            signed=signed,
            cannot_fall=draw(st.sampled_from([None, Level.SOFT, Level.HARD])),
            ratio=ratio,
        )
    facts = IndicatorFacts(
        code, draw(st.sampled_from(["", "%", "万元", "亿元", "家"])), draw(st.sampled_from(["level", "flow"]))
    )
    value, history = draw(decimals(-20, 600)), {}
    for year in range(draw(st.integers(2012, 2016)), 2026):
        if draw(st.integers(0, 9)) == 0:
            continue  # a year missing: no change to or from it
        history[year, "year"] = value
        for period, share in zip(PERIODS[:3], ("0.25", "0.5", "0.75"), strict=True):
            if draw(st.integers(0, 3)) == 0:
                history[year, period] = (
                    value * D(share) * D(draw(st.sampled_from(["1", "1", "0.8", "1.6"])))
                ).quantize(D("0.1"))
        move = D(draw(st.sampled_from(MOVES)))
        value = (value * move + draw(decimals(-1, 1))).quantize(D("0.1"))
    return facts, rules, history


@st.composite
def batches(draw):
    series = {code: draw(a_series(code)) for code in CODES}
    periods = draw(st.sets(st.sampled_from(PERIODS), min_size=1))
    cross = (CrossRule("ab", parse("#a <= #b"), "{#a} 超过 {#b}", Level.SOFT, frozenset(periods)),)
    rules = QualityRules({code: s[1] for code, s in series.items()}, draw(st.sampled_from([(), cross])))
    series = {code: (facts, rules, history) for code, (facts, _, history) in series.items()}
    keys = [(code, *key) for code, (_, _, history) in series.items() for key in history]
    rows = []
    for code, year, period in draw(st.lists(st.sampled_from(keys), max_size=40)) if keys else []:
        value = series[code][2][year, period]
        if draw(st.integers(0, 5)) == 0:  # a value not the stored one (the row replaces it)
            value = draw(decimals(-600, 6000))
        rows.append((code, year, period, value))
    return rows, series


def exact(row, series):
    code, year, period, value = row
    facts, rules, history = series[code]
    same_round = {c: h[year, period] for c, (_, _, h) in series.items() if c != code and (year, period) in h}
    return check(
        value, indicator=facts, year=year, period=period, rules=rules, history=history, same_round=same_round
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_a_row_is_cleared_only_when_check_finds_nothing(batch):
    rows, series = batch
    for row, passed in zip(rows, quiet(rows, series), strict=True):
        assert not passed or exact(row, series) == [], row


def steady(code="x", signed=False, **rules):
    """An annual series growing about 5 % a year from 2016 (or a rate around 6 %), rules as given."""
    facts = IndicatorFacts(code, "%" if signed else "家")
    values = (
        ["6", "5", "7", "6", "7", "6.5", "5.5", "6"]
        if signed
        else ["100", "105", "110", "116", "122", "128", "134", "141"]
    )
    history = {(2016 + i, "year"): D(v) for i, v in enumerate(values)}
    return {code: (facts, QualityRules({code: SeriesRules(code, signed=signed, **rules)}), history)}


@pytest.mark.parametrize(("series", "row", "cleared", "finds"), [
    # ordinary values are cleared at once, by the MAD rule (≥ 4 past changes) or the fixed ratio (fewer)
    pytest.param(steady(), ("x", 2023, "year", D("141")), True, False, id="mad-ordinary"),
    pytest.param(steady(), ("x", 2018, "year", D("110")), True, False, id="ratio-ordinary"),
    pytest.param(steady(signed=True), ("x", 2023, "year", D("5")), True, False, id="rate-ordinary"),
    pytest.param(steady(), ("x", 2016, "year", D("100")), True, False, id="first-year"),
    # a bound of 0 is a bound (hypothesis found the pre-screen taking a plausible maximum of 0 for none)
    pytest.param(
        steady(plausible=Range(None, D("0.0"))), ("x", 2016, "year", D("0.1")), False, True, id="bound-zero"
    ),
    # findings and values too near a threshold for floats go to `check`
    pytest.param(steady(), ("x", 2023, "year", D("200")), False, True, id="mad-outlier"),
    pytest.param(steady(signed=True), ("x", 2023, "year", D("29")), False, True, id="rate-outlier"),
    # 5.5 → x: past changes' median −0.75, MAD 0.25 (÷ 0.6745): z = 3.5 at x = 6.0472572275759822…
    pytest.param(steady(signed=True), ("x", 2023, "year", D("6.04725722757")), False, False, id="mad-edge-below"),
    pytest.param(steady(signed=True), ("x", 2023, "year", D("6.04725722758")), False, True, id="mad-edge-above"),
    pytest.param(steady(), ("x", 2017, "year", D("300")), False, False, id="ratio-exactly-x3"),
    pytest.param(steady(), ("x", 2017, "year", D("300.0000001")), False, True, id="ratio-above-x3"),
    pytest.param(steady(plausible=Range(D(0), D(120))), ("x", 2023, "year", D("141")), False, True, id="range"),
    pytest.param(steady(whole=True), ("x", 2023, "year", D("140.5")), False, True, id="whole"),
    pytest.param(steady(cannot_fall=Level.HARD), ("x", 2020, "year", D("115")), False, True, id="stock-fall"),
])  # fmt: skip
def test_ordinary_rows_are_cleared_and_the_rest_checked(series, row, cleared, finds):
    code, year, period, value = row
    history = {**series[code][2], (year, period): value}  # the batch's own value, as the book holds it
    series = {code: (*series[code][:2], history)}
    assert quiet([row], series) == [cleared]
    assert bool(exact(row, series)) is finds


def test_rows_check_refuses_would_raise_are_not_cleared():
    series = steady()
    facts, rules, history = series["x"]
    rows = [("x", 2023, "year", 141.0), ("x", 2023, "q2", D(141)), ("y", 2023, "year", D(141))]
    assert quiet(rows, series) == [False, False, False]
    bad = {"x": (facts, rules, {**history, (2015, "year"): D("NaN")})}
    assert quiet([("x", 2023, "year", D(141))], bad) == [False]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(range(1, 19)), st.integers(2022, 2025), st.sampled_from(PERIODS),
                          decimals(-200, 5000)), max_size=30))  # fmt: skip
@example([(1, 2024, "year", D("3900")), (2, 2024, "year", D("101")), (6, 2024, "q3", D("3600")),
          (6, 2024, "year", D("3500")), (13, 2024, "year", D("4.5")), (5, 2024, "q1", D("-5.2")),
          (5, 2024, "h1", D("-4.8")), (5, 2024, "q3", D("5.6")), (14, 2024, "year", D("160")),
          (14, 2025, "year", D("200")), (16, 2025, "year", D("150")), (1, 2024, "year", D("60"))])  # fmt: skip
def test_check_rows_says_what_findings_says_row_by_row(rows):
    """On the seed plan's rules and cross rules: the batch equals the per-row check after the same pending."""
    ids = dict(Indicator.objects.filter(number__isnull=False).values_list("number", "pk"))
    rows = [(ids[number], year, period, value) for number, year, period, value in rows]
    batch, one_by_one = (
        QualityBook(Indicator.objects.values("plan_id")),
        QualityBook(Indicator.objects.values("plan_id")),
    )
    for row in rows:
        one_by_one.pending(*row)
    expected = []
    for row in rows:
        found = one_by_one.findings(*row)
        expected.append(([f.message for f in found if not f.blocks], [f.message for f in found if f.blocks]))
    assert batch.check_rows(rows) == expected


@pytest.mark.django_db
def test_check_columns_takes_numpy_and_pandas_columns():
    ids = dict(Indicator.objects.filter(number__isnull=False).values_list("number", "pk"))
    rows = [
        (ids[1], 2024, "year", D("3900")),
        (ids[14], 2024, "year", D("160")),
        (ids[2], 2024, "year", None),
    ]
    columns = [list(column) for column in zip(*rows, strict=True)]
    expected = QualityBook(Indicator.objects.values("plan_id")).check_rows(rows)
    assert expected[0][1] and expected[2] == ([], [])
    arrays = [
        np.array(columns[0]),
        np.array(columns[1]),
        np.array(columns[2]),
        np.array(columns[3], dtype=object),
    ]
    book = QualityBook(Indicator.objects.values("plan_id"))
    assert book.check_columns(*arrays) == expected
    series = [pd.Series(column) for column in columns]
    assert QualityBook(Indicator.objects.values("plan_id")).check_columns(*series) == expected
